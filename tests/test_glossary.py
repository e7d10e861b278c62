"""The glossary (dlspec.glossary): well-formed entries, patterns that find what they should
and nothing else, and every symbol of the records and of the claims' prose defined."""

from __future__ import annotations

import itertools
import re

import pytest
from latex2mathml.converter import convert as latex_to_mathml

from dlspec import glossary
from dlspec.claims import CLAIMS, LANGUAGES
from dlspec.glossary import BY_KEY, GLOSSARY, Term, find, occurrences
from dlspec.harness.languages import latin_words

CJK = re.compile(r"[\u4e00-\u9fff]")
FORMULA = re.compile(r"\$([^$]*)\$")

# Real texts for each term (record names of a full run, the claims' prose, the Chinese terms
# the report uses): every pattern of a term must find something in them or in the term's
# own symbol and names, so that no pattern is dead.
EXAMPLES: dict[str, list[str]] = {
    "pre-activation": ["h_l / sqrt(σ_w² m_(l-1)), claim's law", "P(|h| > 1), width 512"],
    "activation": [
        "h_l W_l a_(l-1)",
        r"$\phi(h)$",
        "A' = mean phi(h)^2",
        "the activation function φ",
        "激活函数",
    ],
    "weight-matrix": [
        r"$W_\mathrm{eff} = W_L \cdots W_1$",
        "kaiming_normal_(w): Var(w) fan_in / 2",
    ],
    "mean-square-of-activations": [
        "(A_l - map) / sd, relu, sigma_w^2 1.0",
        "power against a bias of the map of 0.81 sd (0.11 of A', median)",
        "mean square of the activations through depth, sigma_w^2 = 1.0",
    ],
    "mean-square-of-pre-activations": ["h_l / sqrt(σ_w² m_(l-1)), claim's law"],
    "q": ["q_12 of the mean-field map, relu, sigma_w^2 1.0, sigma_b^2 0.0"],
    "r-l": ["E[log R_30], width 128", r"$\log R_L$"],
    "y": ["(exp(E[log Y]) / 2)^(l-1)", "per-layer factor of the mean square"],
    "k": [r"$K \sim \operatorname{Binomial}(n, 1/2)$"],
    "chi-square": [r"$Y = (2/n) \chi^2_K$", "Y = (2/n) chi^2_K", "χ²_K", "chi-square"],
    "second-moment": [
        "E[h^2 | x], PyTorch default init",
        r"$\mathbb{E}[h^2 \mid x] = \operatorname{mean}(x^2)/3$",
        "mean second moment after 16 layers",
    ],
    "expectation": ["E[log R_30], width 128", r"$\mathbb{E}[\log Y]$", "输出的期望"],
    "variance": [
        "Var(log R_30), width 32",
        r"$\operatorname{Var}(\operatorname{relu}(h))$",
        r"$\mathrm{var}/(\mathrm{var} + \varepsilon)$",
        "median over networks of x.var() after 30 ReLU layers, width 100",
        "mean square of y_train - x^2 (noise variance)",
    ],
    "mean-square": ["per-layer factor of the mean square", "rms of pre-activations", "均方根"],
    "sd": ["kaiming_normal_{'nonlinearity': 'relu'}: P(|w| > 2 sd)", "std of pre-activations"],
    "normal": [
        "E[cos h], h ~ N(0, 0.3): quadrature vs closed form",
        r"$\mathcal{N}(0, 2/n)$",
        "exactly Gaussian",
        "for standard normal inputs",
        "权重为高斯分布",
    ],
    "z": ["mean of sigmoid(z), z ~ N(0, 1)"],
    "mean-field-map": [
        "mean-field step, erf, q 0.3, sigma_w^2 2.0, sigma_b^2 0.05",
        "(A_l - map) / sd, relu, sigma_w^2 1.0",
        "median A_6 over networks vs the map iterated from q_0, relu, sigma_w^2 1.0",
        "平均场",
    ],
    "sigma-w": ["sigma_w^2 1.0, sigma_b^2 0.0", r"$\sigma_w^2$", "σ_w²"],
    "n-in-out": [
        "2/(n_in + n_out) - harmonic mean of 1/n_in and 1/n_out",
        r"$2/(n_\mathrm{in} + n_\mathrm{out})$",
        "kaiming_normal_(relu) on nn.Linear: Var(w) in_features / 2",
    ],
    "fan": [
        "kaiming_normal_(w): Var(w) fan_in / 2",
        r"$\mathrm{gain}^2 \cdot 2/(\mathrm{fan}_\mathrm{in} + \mathrm{fan}_\mathrm{out})$",
        "variance scaled by fan-in",
        "扇入",
        "扇出",
    ],
    "gain": ["calculate_gain('tanh', None)", "gain of kaiming_normal_'s defaults"],
    "xavier": [
        "forward E[out^2] / E[in^2], Xavier",
        "xavier_normal_: Var(w) / formula",
        "Xavier 初始化",
    ],
    "he": [
        "forward E[h^2] / E[x^2], He fan_in",
        "h_l / sqrt(σ_w² A_(l-1)), He init (σ_w² = 2)",
        "He 初始化",
        "kaiming_uniform_: max |difference| between two draws from one seed",
    ],
    "harmonic-mean": ["2/(n_in + n_out) vs harmonic mean of n_in and n_out at 256 x 256"],
    "spectral-norm": [
        "input-gradient norm / (4^-L prod ||W_l||_2 ||dL/dy||)",
        r"$\lVert W_l \rVert_2$",
        "the weight matrices' spectral norms",
    ],
    "effective-weights": ["max |stack(x) - (W_eff x + b_eff)|", r"$W_\mathrm{eff}$"],
    "scaled-sigmoid": [
        "scaled_sigmoid Maclaurin coefficients c0..c7",
        "4 sigmoid(x) - 2 to 5th order",
        r"$g(x) = 4 \operatorname{sigmoid}(x) - 2$",
        r"$4\sigma(x) - 2 = 2\tanh(x/2)$",
    ],
    "leaky-relu": [
        "calculate_gain('leaky_relu', 0.01)",
        "nn.LeakyReLU()(x): max |default - explicit|",
        "Leaky ReLU keeps a small negative slope",
        "nn.PReLU() initial slope",
        "prelu: non-finite values or gradients",
        "negative_slope",
    ],
    "dead-unit": ["dead unit's weight after 40 SGD steps / start", "死亡单元", "死单元"],
    "taylor": [
        "tanh and its Maclaurin polynomials",
        "max |tanh - degree-5 polynomial| on [-1, 1]",
        "tanh Maclaurin coefficients c0..c7",
        "泰勒展开",
        "麦克劳林展开",
    ],
    "float-formats": ["t.cpu().detach().numpy() on a bfloat16 tensor", "the dtype"],
    "ulp": ["2 ulp"],
    "rounding-bound": [
        "Adam: max |step taken - documented rule| / rounding bound, up to 25 bounded steps",
        "2 gamma_n (|x| |W|^T), Higham's dot-product bound",
    ],
    "dropout": [
        "max |Dropout(0.0)(x) - expected|",
        "output / input on kept elements",
        "inverted dropout keeps E[h]",
        "the keep probability 1 - p",
        "丢弃法",
        "暂退法",
        "保留概率",
    ],
    "l2-penalty": [
        "SGD: max |weight_decay steps - L2 loss steps|, 20 steps",
        r"$\lambda/2 \cdot \lVert p \rVert^2$",
        "L2 项",
    ],
    "weight-decay": [
        "mean log(roughness without / with weight_decay 0.01)",
        "Weight decay is an L2 penalty set in the optimiser",
        "AdamW's decoupled decay",
        "bias after / before one SGD step (lr 0.1, wd 0.5)",
        r"$(1 - \mathrm{lr} \cdot \mathrm{wd})$",
        "权重衰减",
        "解耦衰减",
    ],
    "lr": [
        "bias after / before one SGD step (lr 0.1, wd 0.5)",
        r"$(1 - \mathrm{lr} \cdot \lambda)$",
        "lower the learning rate",
    ],
    "momentum-buffer": [
        "max |torch SGD - heavy-ball formula|, 5 steps",
        "a momentum buffer",
        "重球法",
    ],
    "running-statistics": [
        "track_running_stats False",
        "its running statistics move by momentum",
        "running_mean",
        "滑动统计量",
    ],
    "training-points": ["fraction of |y_train - x^2| > noise sd"],
    "mse": ["MSE of a 4-layer linear stack on x^2", "MSE of the same widths with ReLU"],
    "training-error": ["median training error", "train_error"],
    "held-out-error": ["median held-out error of the same fits", "held_out_error"],
    "roughness": ["median roughness with weight_decay 0.01"],
    "weight-norm": ["median weight_norm with weight_decay 0.01"],
    "median-network": [
        "median R_30 across networks, width 128",
        "median over networks of x.var() after 30 ReLU layers, width 100",
        "What drops is the typical network",
        "典型网络",
    ],
    "geometric-mean": ["E[h^2] after 12 layers / after the first (geometric mean over networks)"],
    "false-failure": ["[0.9, 1.1] (normal, false failure 1e-06)", "误报概率 1e-06"],
    "acceptance-interval": ["outside the acceptance interval"],
    "power": [
        "power against a bias of the map of 0.81 sd (0.11 of A', median)",
        "the check's power",
        "检验功效",
    ],
    "distribution-free-interval": [
        "a distribution-free confidence interval for that median",
        "分布无关的置信区间",
    ],
    "paired-t-test": ["one-sided paired t-test on the log error ratio", "单侧配对 t 检验"],
    "role-asserted": ["asserted"],
    "role-claim": ["claim's wording", "知识库原话"],
    "role-informative": ["informative"],
}

# (term, text, the matched text or None): what a term must find in a text, or must not
MUST: list[tuple[str, str, str | None]] = [
    ("r-l", "log R_30 (natural log of a variance ratio)", "R_30"),
    ("r-l", r"$\log R_L$", "R_L"),
    ("r-l", r"$R_{30}$", "R_{30}"),
    ("r-l", "R_300x", None),
    ("r-l", "XR_30", None),
    ("r-l", "BR_L", None),
    ("q", "mean-field step, tanh, q 0.6, sigma_w^2 1.0", "q"),
    ("q", "q_10 of the mean-field map", "q_10"),
    ("q", r"$q_{l-1}$", "q_{l-1}"),
    ("q", r"$\sqrt{q} z$", "q"),
    ("q", "fraction of mask positions equal in two calls", None),
    ("q", "quadrature vs closed form", None),
    ("q", "unique", None),
    ("q", "sqrt(x)", None),
    ("pre-activation", "tanh: h_l / sqrt(a_(l-1))", "h_l"),
    ("pre-activation", r"$h_{l}$", "h_{l}"),
    ("pre-activation", "tanh(x) and he_relu_drift", None),
    ("activation", "h_l / sqrt(a_(l-1))", "a_(l-1)"),
    ("mean-square-of-pre-activations", "h_l / sqrt(m_(l-1))", "m_(l-1)"),
    ("mean-square-of-pre-activations", "mean a_(l-1)^2", None),
    ("second-moment", "E[h^2]", "E[h^2]"),
    ("second-moment", r"$\mathbb{E}[h^2]$", r"\mathbb{E}[h^2]"),
    ("second-moment", "E[relu(h)^2] / E[x^2], He fan_in", "E[relu(h)^2]"),
    ("second-moment", "E[h^4], h ~ N(0, 0.3)", None),
    ("second-moment", "E[|h|^3]", None),
    ("second-moment", "E[log R_30]", None),
    ("sigma-w", "sigma_w^2 2.0", "sigma_w^2"),
    ("sigma-w", r"$\sigma_b^2$", r"\sigma_b^2"),
    ("sigma-w", "sigma_x", None),
    ("n-in-out", "n_in Var(w), default nn.Linear", "n_in"),
    ("n-in-out", r"$n_\mathrm{out}$", r"n_\mathrm{out}"),
    ("n-in-out", "fan_in", None),
    ("n-in-out", "n_input", None),
    ("he", "He init", "He init"),
    ("he", "He check on an initialiser with fan_out instead of fan_in: rejected", "He"),
    ("he", "Here the theory", None),
    ("he", "He said", None),
    ("k", r"$K \sim \operatorname{Binomial}(n, 1/2)$", r"K \sim \operatorname{Binomial}(n, 1/2)"),
    ("k", "Keras", None),
    ("y", "E[log Y]", "Y"),
    ("y", "Yes", None),
    ("z", "sigmoid(z)", "z"),
    ("z", "size", None),
    ("weight-matrix", "Var(w)", "w"),
    ("weight-matrix", "weight", None),
    ("weight-matrix", "sigma_w^2", None),
    ("role-asserted", "asserted", "asserted"),
    ("role-asserted", "not asserted: the map iterated over 16 layers", None),
    ("role-asserted", "Not asserted", None),
    ("mean-field-map", "mean-field map", "mean-field map"),
    ("mean-field-map", "a linear map", None),
    ("dropout", "nn.Dropout(0.2)", "nn.Dropout(0.2)"),
    ("dropout", "what changing only dropout_seed changes", None),
    ("gain", "calculate_gain('relu', None)", "calculate_gain"),
    ("gain", "gained again", None),
    ("dead-unit", "change of a dead unit's parameters", "dead unit"),
    ("l2-penalty", "L2 loss steps", "L2 loss"),
    ("l2-penalty", "L20", None),
    ("sd", "P(|w| > 2 sd)", "sd"),
    ("sd", "sdk", None),
]

# Record names of a full run (/tmp/r0/run.json at the time of writing), figure titles and
# axes, and a tolerance: the forms the symbols take in the evidence.
RECORD_NAMES = [
    "h_l / sqrt(m_(l-1)), claim's law",
    "tanh: h_l / sqrt(a_(l-1))",
    "h_l / sqrt(2 mean a_(l-1)^2), He init",
    "h_l / sqrt(mean a_(l-1)^2)",
    "(A_l - map) / sd, relu, sigma_w^2 1.0",
    "median A_6 over networks vs the map iterated from q_0, tanh, sigma_w^2 2.0",
    "q_12 of the mean-field map, relu, sigma_w^2 1.0, sigma_b^2 0.0",
    "mean-field step, erf, q 0.3, sigma_w^2 2.0, sigma_b^2 0.05",
    "E[log R_30], width 128",
    "Var(log R_30), width 32",
    "P(R_30 < predicted median), width 128 (exact, Gil-Pelaez)",
    "Var(R_5), width 10: theory vs exact enumeration",
    "E[log R_1], width 7: theory vs moment generating function",
    "E[h^2] / E[h_1^2] (ratio, log scale)",
    "2/(n_in + n_out) - harmonic mean of 1/n_in and 1/n_out",
    "default nn.Linear: E[(b sqrt n_in)^2]",
    "kaiming_normal_(w): Var(w) fan_in / 2",
    "kaiming_normal_{'mode': 'fan_out', 'nonlinearity': 'tanh'}: Var(w) / formula",
    "kaiming_uniform_{'a': -0.5, 'mode': 'fan_out'}: E[w^2] / a^2",
    "xavier_uniform_: max |w| / a",
    "calculate_gain('conv_transpose3d', None)",
    "calculate_gain('leaky_relu', 0.01)",
    "backward E[(W^T g)^2] / E[g^2], He fan_out",
    "max |stack(x) - (W_eff x + b_eff)|",
    "input-gradient norm / (4^-L prod ||W_l||_2 ||dL/dy||)",
    "scaled_sigmoid: mean second moment after 16 layers (width 128)",
    "mean log(roughness without / with weight_decay 0.01)",
    "mean log(weight_norm without / with weight_decay 0.01)",
    "fraction of |y_train - x^2| > noise sd",
    "what changing only dropout_seed, dropout 0.5 changes",
    "what changing only init_seeds changes",
    "generators (NumPy, random) changed by torch.manual_seed",
    "nn.BatchNorm1d(4): train, eval, state: max |default - neighbour| for eps 1e-3, "
    "momentum 0.01, affine False, track_running_stats False",
    "array taken before weight.mul_(2) follows the update",
    "to_numpy of a CPU weight shares its memory",
    "nn.PReLU() before and after a step: max |default - neighbour| for init 0.01, init 0.3, "
    "num_parameters 3",
    "2 gamma_n (|x| |W|^T), Higham's dot-product bound",
    "E[tanh(sqrt(q) z)^2] to 2nd order in q",
    "(exp(E[log Y]) / 2)^(l-1)",
]

# names of code (arguments, functions, environment variables) that the glossary leaves to
# the code they belong to
CODE_NAMES = frozenset(
    {
        "batch_size",
        "num_features",
        "num_parameters",
        "elementwise_affine",
        "conv_transpose1d",
        "conv_transpose2d",
        "conv_transpose3d",
        "data_seeds",
        "init_seeds",
        "dropout_seed",
        "manual_seed",
        "mul_",
        "to_numpy",
        "no_grad",
        "fork_rng",
        "he_relu_drift",
        "use_deterministic_algorithms",
        "CUBLAS_WORKSPACE_CONFIG",
    }
)

# a symbol with a subscript: h_l, a_(l-1), R_30, n_\mathrm{in}, q_{l-1}, sigma_w, fan_in
SYMBOL = re.compile(r"\\?[A-Za-z]+_(?:\\mathrm\{[^}]*\}|\{[^}]*\}|\([^)]*\)|[A-Za-z0-9]+)")
HIDDEN = re.compile(r"`[^`]*`|\{\{.*?\}\}")  # code spans and the report's placeholders


def matches(term: Term, text: str) -> list[str]:
    return [m.group() for pattern in term.compiled for m in pattern.finditer(text)]


def undefined_symbols(text: str) -> list[str]:
    """The symbols of ``text`` that no glossary occurrence covers, outside code spans and
    placeholders, leaving out dotted names (torch.manual_seed) and CODE_NAMES."""
    hidden = [m.span() for m in HIDDEN.finditer(text)]
    covered = [(start, end) for start, end, _ in occurrences(text)]
    missing = []
    for m in SYMBOL.finditer(text):
        start, end = m.span()
        identifier = re.match(r"[A-Za-z0-9_]*", text[start:])
        if any(s <= start < e for s, e in hidden) or text[start - 1 : start] == ".":
            continue
        if identifier and identifier.group() in CODE_NAMES:
            continue
        if not any(s <= start and end <= e for s, e in covered):
            missing.append(m.group())
    return missing


# ---------------------------------------------------------------- the entries


def test_keys_are_unique_anchor_safe_slugs():
    keys = [term.key for term in GLOSSARY]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
    for term in GLOSSARY:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", term.key), term.key
        assert term.anchor == f"glossary-{term.key}"
    assert {term.key: term for term in GLOSSARY} == BY_KEY


def test_every_term_has_names_and_definitions_in_both_languages():
    for term in GLOSSARY:
        for lang in LANGUAGES:
            assert term.name(lang).strip(), (term.key, lang)
            assert term.definition(lang).strip(), (term.key, lang)
        assert not CJK.search(term.en + term.name_en), term.key
        assert CJK.search(term.zh) and CJK.search(term.name_zh), term.key
        with pytest.raises(ValueError, match="unknown language"):
            term.definition("fr")


def test_every_chinese_text_passes_the_chinese_page_s_rule():
    """Under zh the glossary shows the symbol, the Chinese name and the Chinese definition."""
    for term in GLOSSARY:
        for text in (term.zh, term.name_zh, term.symbol):
            assert latin_words(text) == [], (term.key, text, latin_words(text))


def test_every_formula_is_balanced_and_converts_to_mathml():
    for term in GLOSSARY:
        for text in (term.symbol, term.en, term.zh):
            assert text.count("$") % 2 == 0, (term.key, text)
            for formula in FORMULA.findall(text):
                assert "<math" in latex_to_mathml(formula), (term.key, formula)


def test_definitions_are_one_or_two_sentences():
    # a sentence ends with a full stop followed by a space or the end; a decimal point or
    # the dot of an abbreviation does not end one
    for term in GLOSSARY:
        english = FORMULA.sub("F", HIDDEN.sub("C", term.en))
        sentences = re.findall(r"[.!?](?:\s|$)", english)
        assert 1 <= len(sentences) <= 2, (term.key, term.en)
        assert 1 <= term.zh.count("。") <= 2, (term.key, term.zh)


# ---------------------------------------------------------------- the patterns


def test_every_pattern_finds_its_symbol_its_name_or_one_of_its_examples():
    assert set(EXAMPLES) <= set(BY_KEY), set(EXAMPLES) - set(BY_KEY)
    for term in GLOSSARY:
        texts = [term.symbol, term.name_en, term.name_zh, *EXAMPLES.get(term.key, [])]
        for pattern in term.compiled:
            assert any(pattern.search(text) for text in texts), (term.key, pattern.pattern)


def test_every_example_is_found_as_its_own_term():
    """An example the term's patterns find must not be taken by another, longer term."""
    for key, texts in EXAMPLES.items():
        for text in texts:
            assert any(t.key == key for _, _, t in occurrences(text)), (key, text)


@pytest.mark.parametrize(("key", "text", "expected"), MUST)
def test_a_term_finds_whole_symbols_only(key, text, expected):
    found = matches(BY_KEY[key], text)
    if expected is None:
        assert found == [], (key, text, found)
    else:
        assert expected in found, (key, text, found)


def test_the_chinese_standard_terms_are_found():
    expected = {
        "预激活": "pre-activation",
        "二阶矩": "second-moment",
        "方差": "variance",
        "平均场映射": "mean-field-map",
        "泰勒展开": "taylor",
        "麦克劳林展开": "taylor",
        "丢弃法": "dropout",
        "暂退法": "dropout",
        "权重衰减": "weight-decay",
        "滑动统计量": "running-statistics",
        "误报概率": "false-failure",
        "接受区间": "acceptance-interval",
        "几何平均": "geometric-mean",
        "单侧配对 t 检验": "paired-t-test",
        "留出误差": "held-out-error",
        "死亡单元": "dead-unit",
        "学习率": "lr",
        "标准差": "sd",
        "均方误差": "mse",
    }
    for text, key in expected.items():
        assert [(t.key, text[s:e]) for s, e, t in find(text)] == [(key, text)], text


def test_term_rejects_a_bad_key_a_bad_pattern_and_a_pattern_that_matches_the_empty_text():
    with pytest.raises(ValueError, match="slug"):
        Term("R_L", "", "a", "甲", (r"R_L",))
    with pytest.raises(ValueError, match="bad pattern"):
        Term("r-l", "", "a", "甲", (r"R_(L",))
    with pytest.raises(ValueError, match="matches the empty text"):
        Term("r-l", "", "a", "甲", (r"R?",))
    with pytest.raises(ValueError, match="at least one pattern"):
        Term("r-l", "", "a", "甲", ())


# ---------------------------------------------------------------- find and occurrences


def test_find_gives_the_first_occurrence_of_each_term_in_order_without_overlap():
    text = "E[log R_30] and R_L: the mean square of the activations, then the mean square"
    found = find(text)
    spans = [(start, end) for start, end, _ in found]
    assert spans == sorted(spans)
    assert all(end <= start for (_, end), (start, _) in itertools.pairwise(spans))
    keys = [term.key for _, _, term in found]
    assert len(keys) == len(set(keys))
    assert [(text[s:e], t.key) for s, e, t in found] == [
        ("E", "expectation"),
        ("R_30", "r-l"),
        ("mean square of the activations", "mean-square-of-activations"),
        ("mean square", "mean-square"),
    ]
    # every occurrence, not only the first
    assert [text[s:e] for s, e, t in occurrences(text) if t.key == "r-l"] == ["R_30", "R_L"]


def test_of_overlapping_matches_the_longest_wins():
    cases = {
        "E[h^2]": ("second-moment", "E[h^2]"),
        "pre-activation": ("pre-activation", "pre-activation"),
        "||W_l||_2": ("spectral-norm", "||W_l||_2"),
        "预激活的均方": ("mean-square-of-pre-activations", "预激活的均方"),
        "激活值的均方": ("mean-square-of-activations", "激活值的均方"),
        "calculate_gain": ("gain", "calculate_gain"),
        r"$K \sim \mathrm{Binomial}(n, 1/2)$": ("k", r"K \sim \mathrm{Binomial}(n, 1/2)"),
    }
    for text, (key, matched) in cases.items():
        assert [(t.key, text[s:e]) for s, e, t in occurrences(text)] == [(key, matched)], text


def test_a_term_blocked_by_a_longer_match_is_linked_at_its_next_occurrence():
    text = "E[h^2] over h"
    found = [(text[s:e], t.key) for s, e, t in find(text)]
    assert found == [("E[h^2]", "second-moment"), ("h", "pre-activation")]


def test_placeholders_are_never_searched_and_formulas_and_code_can_be_left_out():
    text = "R_L is {{E[log R_30], width 128}}; $q$ and `q` and q"
    assert [(s, text[s:e]) for s, e, _ in occurrences(text)] == [
        (0, "R_L"),
        (text.index("$q$") + 1, "q"),
        (text.index("`q`") + 1, "q"),
        (len(text) - 1, "q"),
    ]
    assert [(s, text[s:e]) for s, e, _ in find(text, formulas=False, code=False)] == [
        (0, "R_L"),
        (len(text) - 1, "q"),
    ]


def test_find_takes_other_terms():
    term = Term("x-term", "", "a", "甲", (r"\bx\b",))
    assert find("x and y", (term,)) == [(0, 1, term)]
    assert find("y", (term,)) == []


# ---------------------------------------------------------------- every symbol defined


@pytest.mark.parametrize("name", RECORD_NAMES)
def test_every_symbol_of_a_record_name_is_defined(name):
    assert undefined_symbols(name) == []


def test_every_symbol_of_the_claims_prose_is_defined():
    missing = {}
    for claim in CLAIMS:
        for lang in LANGUAGES:
            text = claim.text(lang)
            for field in ("title", "statement", "precise", "truth", "wrong", "action"):
                symbols = undefined_symbols(getattr(text, field, None) or "")
                if symbols:
                    missing[f"{claim.id} {lang} {field}"] = symbols
    assert missing == {}


def test_the_glossary_is_its_module_s_glossary():
    assert glossary.GLOSSARY is GLOSSARY and len(GLOSSARY) >= 40
