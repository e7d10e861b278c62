"""The glossary: every symbol and term that a learner meets in the report's evidence, figures
and prose, defined in plain words in both languages.

Each :class:`Term` carries the regular expressions that find it in a record's name, a
figure's labels or a claim's prose, in English and in Chinese, in plain text and in the
LaTeX of ``$...$`` formulas. :func:`find` gives the first occurrence of each term in a text,
which the report links to the term's entry (``#glossary-KEY``); :func:`occurrences` gives
every occurrence.

Where two terms' matches overlap, the longer match wins: ``E[h^2]`` is the second moment,
not an expectation around a pre-activation, and ``mean square of the activations`` is
``A_l``, not a mean square followed by the activations. Symbols are matched as whole
names: ``R_30`` is found in ``log R_30`` but not in ``R_300x``, ``q`` not in ``equal``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

# the page's anchor of a term is this prefix and its key
ANCHOR_PREFIX = "glossary-"
_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_FORMULA = re.compile(r"\$[^$]*\$")
_CODE = re.compile(r"`[^`]*`")
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}")

# A symbol is a whole name: not next to a letter, digit or underscore, nor after a LaTeX
# backslash. The classes are ASCII on purpose: Python's \b and \w count Chinese characters
# as word characters, so "\bq" would miss the q of "的q".
_NB = r"(?<![A-Za-z0-9_\\])"  # not preceded by part of a name
_NA = r"(?![A-Za-z0-9_(])"  # not followed by part of a name or by a call's parenthesis
# the subscripts of a layer's quantity: l, 30, {30}, (l-1), {l-1}
_SUB = r"(?:\{l-1\}|\(l-1\)|\{\d+\}|\{l\}|l|\d+)"


@dataclass(frozen=True)
class Term:
    """One glossary entry.

    ``key`` is the entry's anchor-safe slug, ``symbol`` how it is written (plain text, with
    LaTeX between ``$...$``; empty for a term that is only words), ``en`` and ``zh`` its
    definition in one or two sentences, ``patterns`` the regular expressions that find it,
    and ``name_en``, ``name_zh`` its name in each language."""

    key: str
    symbol: str
    en: str
    zh: str
    patterns: tuple[str, ...]
    name_en: str = ""
    name_zh: str = ""
    compiled: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not _KEY.fullmatch(self.key):
            raise ValueError(f"glossary key {self.key!r} must be a lower-case slug (a-z, 0-9, -)")
        if not self.patterns:
            raise ValueError(f"glossary term {self.key!r} needs at least one pattern")
        compiled = []
        for pattern in self.patterns:
            try:
                compiled.append(re.compile(pattern))
            except re.error as error:
                raise ValueError(
                    f"glossary term {self.key!r}: bad pattern {pattern!r}: {error}"
                ) from error
            if compiled[-1].search("") is not None:
                raise ValueError(f"glossary term {self.key!r}: {pattern!r} matches the empty text")
        object.__setattr__(self, "compiled", tuple(compiled))

    @property
    def anchor(self) -> str:
        """The id of the term's entry on the page."""
        return ANCHOR_PREFIX + self.key

    def name(self, lang: str) -> str:
        """The term's name in ``lang`` (``en`` or ``zh``)."""
        return self.name_zh if lang == "zh" else _english(lang, self.name_en)

    def definition(self, lang: str) -> str:
        """The term's definition in ``lang`` (``en`` or ``zh``)."""
        return self.zh if lang == "zh" else _english(lang, self.en)


def _english(lang: str, text: str) -> str:
    if lang != "en":
        raise ValueError(f"unknown language {lang!r}; known: en, zh")
    return text


GLOSSARY: tuple[Term, ...] = (
    Term(
        key="pre-activation",
        name_en="pre-activation",
        name_zh="预激活",
        symbol="$h_l$",
        en=(
            "The pre-activation $h_l$ is what the linear part of layer $l$ outputs before the "
            "activation function, $h_l = W_l a_{l-1}$ (plus a bias if there is one); $h$ without "
            "an index is one such value. A record named `h_l / sqrt(σ_w² A_(l-1))` divides it by "
            "the standard deviation that the exact law predicts given the previous layer "
            r"($\sigma_w^2$ times $A_{l-1}$, the mean square of that layer's activations), one "
            "named `h_l / sqrt(σ_w² m_(l-1))` by the one the knowledge base's law predicts "
            "($m_{l-1}$ the previous pre-activations' mean square), and if the law is right the "
            "result is standard normal, so its variance is checked against 1."
        ),
        zh=(
            "预激活 $h_l$ 是第 $l$ 层的线性部分在激活函数之前的输出，$h_l = W_l a_{l-1}$（有偏置时"
            "再加上偏置）；不带下标的 $h$ 指其中一个值。名为 `h_l / sqrt(σ_w² A_(l-1))` 的记录把它"
            r"除以给定上一层时精确规律所预测的标准差，即 $\sigma_w^2$ 乘 $A_{l-1}$（上一层激活值的"
            "均方）再开方；名为 `h_l / sqrt(σ_w² m_(l-1))` 的记录除以知识库的规律所预测的标准差"
            "（$m_{l-1}$ 是上一层预激活的均方）；规律正确时结果服从标准正态分布，所以其方差要与 1 "
            "比较。"
        ),
        patterns=(
            _NB + "h_" + _SUB + "(?![A-Za-z0-9])",
            _NB + "h(?![A-Za-z0-9_('])",
            r"(?i)\bpre-activations?\b",
            "预激活",
        ),
    ),
    Term(
        key="activation",
        name_en="activation",
        name_zh="激活值",
        symbol=r"$a_l = \phi(h_l)$",
        en=(
            r"The activations $a_l = \phi(h_l)$ are what layer $l$ passes on, its activation "
            r"function $\phi$ applied to each pre-activation; $a_0$ is the input."
        ),
        zh=(
            r"激活值 $a_l = \phi(h_l)$ 是第 $l$ 层传给下一层的量，即激活函数 $\phi$ 作用于每个预激"
            "活的结果；$a_0$ 是输入。"
        ),
        patterns=(
            _NB + "a_" + _SUB + "(?![A-Za-z0-9])",
            r"\\phi(?![A-Za-z])",
            _NB + "phi(?![A-Za-z0-9_])",
            "φ",
            r"(?i)\bactivation functions?\b",
            r"(?i)\bactivations?\b",
            "激活函数",
            "激活值",
        ),
    ),
    Term(
        key="weight-matrix",
        name_en="weight matrix",
        name_zh="权重矩阵",
        symbol="$W_l$, $w$",
        en=(
            r"$W_l$ is the weight matrix of layer $l$, one row of $n_\mathrm{in}$ weights for each "
            r"of its $n_\mathrm{out}$ outputs; $W_L$ is the last layer's, and $w$ stands for one "
            "weight."
        ),
        zh=(
            r"$W_l$ 是第 $l$ 层的权重矩阵，它的 $n_\mathrm{out}$ 个输出各对应一行 $n_\mathrm{in}$ "
            "个权重；$W_L$ 是最后一层的权重矩阵，$w$ 指其中一个权重。"
        ),
        patterns=(
            _NB + r"W_(?:\{[lL]\}|[lL]|\{\d+\}|\d+)(?![A-Za-z0-9])",
            _NB + "w" + _NA,
            "权重矩阵",
            r"(?i)\bweight matri(?:x|ces)\b",
        ),
    ),
    Term(
        key="mean-square-of-activations",
        name_en="mean square of the activations",
        name_zh="激活值的均方",
        symbol="$A_l$",
        en=(
            r"$A_l = \frac{1}{n} \sum_i a_{l,i}^2$ is the mean square of one network's $n$ "
            "activations at layer $l$ for one input, and $A'$ that of the next layer. With "
            "Gaussian weights and no bias, given $A_{l-1}$ every pre-activation of layer $l$ is "
            r"exactly $\mathcal{N}(0, \sigma_w^2 A_{l-1})$."
        ),
        zh=(
            r"$A_l = \frac{1}{n} \sum_i a_{l,i}^2$ 是某个网络对一个输入在第 $l$ 层的 $n$ 个激活值的"
            "均方，$A'$ 是下一层的同一个量。权重为高斯分布且无偏置时，给定 $A_{l-1}$，第 $l$ 层的每"
            r"个预激活恰好服从 $\mathcal{N}(0, \sigma_w^2 A_{l-1})$。"
        ),
        patterns=(
            _NB + "A_" + _SUB + "(?![A-Za-z0-9])",
            _NB + "A'",
            r"(?i)\bmean squares? of (?:the|its|one input's) (?:post-ReLU )?activations\b",
            "激活值的均方",
        ),
    ),
    Term(
        key="mean-square-of-pre-activations",
        name_en="mean square of the pre-activations",
        name_zh="预激活的均方",
        symbol="$m_l$",
        en=(
            "$m_l$ is the mean square of layer $l$'s pre-activations in one network, $m_0$ that of "
            "the input. The record `h_l / sqrt(σ_w² m_(l-1))` tests the knowledge base's law for "
            "tanh, "
            "which carries the variance through the activation unchanged, so it divides by "
            "$m_{l-1}$ where the exact law has $A_{l-1}$."
        ),
        zh=(
            "$m_l$ 是某个网络第 $l$ 层预激活的均方，$m_0$ 是输入的均方。记录 `h_l / sqrt(σ_w² "
            "m_(l-1))` "
            "检验的是知识库关于 tanh 的规律：它认为方差经过激活函数不变，所以除以 $m_{l-1}$，而精确"
            "的规律用的是 $A_{l-1}$。"
        ),
        patterns=(
            _NB + "m_" + _SUB + "(?![A-Za-z0-9])",
            "预激活的均方",
        ),
    ),
    Term(
        key="q",
        name_en="second moment in the mean-field map",
        name_zh="平均场映射中的二阶矩",
        symbol="$q$, $q_l$",
        en=(
            r"$q$ is the second moment of a pre-activation in the mean-field map, $h \sim "
            r"\mathcal{N}(0, q)$, so it is also its variance; $q_l$ is its value at layer $l$ and "
            "$q_0$ the value the map starts from."
        ),
        zh=(
            r"$q$ 是平均场映射中预激活的二阶矩，$h \sim \mathcal{N}(0, q)$，因此也是它的方差；"
            "$q_l$ 是第 $l$ 层的值，$q_0$ 是映射的起点。"
        ),
        patterns=(_NB + "q(?:_" + _SUB + ")?" + _NA,),
    ),
    Term(
        key="r-l",
        name_en="mean-square ratio after L layers",
        name_zh="L 层之后的均方比",
        symbol="$R_L$, $R_{30}$",
        en=(
            "$R_L = A_L / A_0$ is, for one input and one network, the mean square of the "
            "activations after $L$ layers divided by that of the input; $R_{30}$ is it after 30 "
            "layers. Under He initialisation its mean over networks is exactly 1, but the mean of "
            r"$\log R_L$ is negative, so the typical (median) network shrinks."
        ),
        zh=(
            "$R_L = A_L / A_0$：对一个输入和一个网络，$L$ 层之后激活值的均方除以输入的均方；"
            r"$R_{30}$ 是 30 层之后的值。He 初始化下它在网络上的平均恰为 1，但 $\log R_L$ 的均值为"
            "负，所以典型（中位）网络会缩小。"
        ),
        patterns=(_NB + r"R_(?:L|\{L\}|\d+|\{\d+\})(?![A-Za-z0-9])",),
    ),
    Term(
        key="y",
        name_en="per-layer factor",
        name_zh="每层因子",
        symbol=r"$Y = (2/n) \chi^2_K$",
        en=(
            "$Y = A_l / A_{l-1}$ is the factor by which one He-initialised ReLU layer of width $n$ "
            r"multiplies one input's mean square, $Y = (2/n) \chi^2_K$: its mean is exactly 1 and "
            "its variance $5/n$, and $R_L$ is the product of $L$ independent such factors (under "
            "Xavier the factor is $Y/2$)."
        ),
        zh=(
            "$Y = A_l / A_{l-1}$ 是宽度为 $n$ 的一个 He 初始化 ReLU 层把一个输入的均方乘上的因子，"
            r"$Y = (2/n) \chi^2_K$：均值恰为 1，方差为 $5/n$；$R_L$ 是 $L$ 个独立的这种因子之积（"
            "Xavier 下因子为 $Y/2$）。"
        ),
        patterns=(
            _NB + r"Y(?:_(?:l|\d+))?" + _NA,
            r"(?i)\bper-layer factors?\b",
            "每层因子",
        ),
    ),
    Term(
        key="k",
        name_en="number of positive pre-activations",
        name_zh="为正的预激活个数",
        symbol=r"$K \sim \mathrm{Binomial}(n, 1/2)$",
        en=(
            "$K$ is how many of a layer's $n$ pre-activations are positive, the units that ReLU "
            "lets through. Given the previous layer each is positive with probability 1/2, "
            r"independently, so $K \sim \mathrm{Binomial}(n, 1/2)$, with mean $n/2$."
        ),
        zh=(
            "$K$ 是一层 $n$ 个预激活中为正的个数，即 ReLU 放行的单元数。给定上一层，每个预激活独立"
            r"地以概率 1/2 为正，所以 $K \sim \mathrm{Binomial}(n, 1/2)$，均值为 $n/2$。"
        ),
        patterns=(
            r"(?<![A-Za-z0-9_\\^])K" + _NA,
            (
                r"\bK\s*(?:~|\\sim)\s*(?:\\operatorname\{Binomial\}|\\mathrm\{Binomial\}|Binomial)"
                r"\s*\(\s*n,\s*1/2\s*\)"
            ),
        ),
    ),
    Term(
        key="chi-square",
        name_en="chi-square distribution",
        name_zh="卡方分布",
        symbol=r"$\chi^2_K$",
        en=(
            r"$\chi^2_K$ is the chi-square distribution with $K$ degrees of freedom, the law of a "
            "sum of $K$ squared independent standard normal values: mean $K$, variance $2K$."
        ),
        zh=(
            r"$\chi^2_K$ 是自由度为 $K$ 的卡方分布，即 $K$ 个独立标准正态值的平方和所服从的分布：均"
            "值 $K$，方差 $2K$。"
        ),
        patterns=(
            r"\\chi\^\{?2\}?_\{?[Kn]\}?",
            r"\bchi\^2_[Kn]\b",
            "χ²_?[Kn]",
            r"(?i)\bchi-squared?\b",
            "卡方",
        ),
    ),
    Term(
        key="second-moment",
        name_en="second moment",
        name_zh="二阶矩",
        symbol=r"$\mathbb{E}[h^2]$",
        en=(
            r"The second moment $\mathbb{E}[h^2]$ is the expected square of a quantity. It equals "
            "the variance plus the squared mean, so the two agree only for a quantity of mean 0; "
            r"$\mathbb{E}[h^2 \mid x]$ is the same given the input $x$."
        ),
        zh=(
            r"二阶矩 $\mathbb{E}[h^2]$ 是一个量的平方的期望。它等于方差加上均值的平方，所以只有均值"
            r"为 0 时二者才相等；$\mathbb{E}[h^2 \mid x]$ 是给定输入 $x$ 时的二阶矩。"
        ),
        patterns=(
            r"(?<![A-Za-z])E\[[^\[\]]*?\^2(?:\s*\|[^\[\]]*)?\]",
            r"\\mathbb\{E\}\[[^\[\]]*?\^\{?2\}?(?:\s*\\mid[^\[\]]*)?\]",
            r"(?i)\bsecond moments?\b",
            "二阶矩",
        ),
    ),
    Term(
        key="expectation",
        name_en="expectation",
        name_zh="期望",
        symbol=r"$\mathbb{E}[X]$",
        en=(
            r"$\mathbb{E}[X]$ is the expected value of a random quantity $X$, its mean over the "
            "randomness of weights, inputs or masks; a test estimates it by averaging over many "
            "samples or networks."
        ),
        zh=(
            r"$\mathbb{E}[X]$ 是随机量 $X$ 的期望，即对权重、输入或掩码的随机性取平均；测试用许多样"
            "本或网络上的平均值来估计它。"
        ),
        patterns=(
            r"(?<![A-Za-z])E(?=\[)",
            r"\\mathbb\{E\}",
            r"(?i)\bexpect(?:ation|ed value)s?\b",
            "期望",
        ),
    ),
    Term(
        key="variance",
        name_en="variance",
        name_zh="方差",
        symbol=r"$\operatorname{Var}(h)$",
        en=(
            r"The variance $\operatorname{Var}(h) = \mathbb{E}[h^2] - \mathbb{E}[h]^2$ is the mean "
            "squared distance from the mean. ReLU halves the second moment of a symmetric input "
            "but removes more than half of its variance, because its output has a positive mean."
        ),
        zh=(
            r"方差 $\operatorname{Var}(h) = \mathbb{E}[h^2] - \mathbb{E}[h]^2$ 是到均值距离的平方的"
            "平均。对称的输入经过 ReLU 后二阶矩恰好减半，方差却减少一半以上，因为输出的均值为正。"
        ),
        patterns=(
            r"(?<![A-Za-z])Var(?=\()",
            r"\\operatorname\{Var\}",
            r"\\mathrm\{[Vv]ar\}",
            r"(?<=\.)var\(\)",
            r"(?i)\bvariances?\b",
            "方差",
        ),
    ),
    Term(
        key="mean-square",
        name_en="mean square",
        name_zh="均方",
        symbol="rms",
        en=(
            "The mean square of a set of numbers is the average of their squares, and the rms "
            "(root mean square) is its square root; for numbers whose mean is 0 the mean square "
            "equals their variance."
        ),
        zh=(
            "一组数的均方是它们平方的平均值，rms（均方根）是均方的平方根；均值为 0 的一组数，其均方"
            "等于方差。"
        ),
        patterns=(
            r"(?i)\b(?:root )?mean squares?\b",
            r"\brms\b",
            "均方根",
            "均方(?!差|误差)",
        ),
    ),
    Term(
        key="sd",
        name_en="standard deviation",
        name_zh="标准差",
        symbol="sd, std",
        en=(
            "sd (or std) is the standard deviation, the square root of the variance, in the same "
            "units as the values."
        ),
        zh="sd（或 std）是标准差，即方差的平方根，与数值本身的单位相同。",
        patterns=(
            r"\bsd\b",
            r"\bstd\b",
            r"(?i)\bstandard deviations?\b",
            "标准差",
        ),
    ),
    Term(
        key="normal",
        name_en="normal distribution",
        name_zh="正态分布",
        symbol=r"$\mathcal{N}(0, q)$",
        en=(
            r"$\mathcal{N}(\mu, s)$ is the normal (Gaussian) distribution with mean $\mu$ and "
            r"variance $s$: the second number is a variance, not a standard deviation. $h \sim "
            r"\mathcal{N}(0, q)$ says that $h$ is drawn from it."
        ),
        zh=(
            r"$\mathcal{N}(\mu, s)$ 是均值为 $\mu$、方差为 $s$ 的正态（高斯）分布：第二个数是方差而"
            r"不是标准差。$h \sim \mathcal{N}(0, q)$ 表示 $h$ 服从这一分布。"
        ),
        patterns=(
            r"(?<![A-Za-z])N(?=\(0,)",
            r"\\mathcal\{N\}",
            r"(?i)\bGaussian\b",
            r"(?i)\bstandard normal\b",
            r"(?i)\bnormal distributions?\b",
            "正态",
            "高斯",
        ),
    ),
    Term(
        key="z",
        name_en="standard normal value",
        name_zh="标准正态值",
        symbol="$z$",
        en=(
            r"$z$ is a standard normal value, $z \sim \mathcal{N}(0, 1)$, so $\sqrt{q} z$ has "
            "variance $q$."
        ),
        zh=r"$z$ 是标准正态值，$z \sim \mathcal{N}(0, 1)$，因此 $\sqrt{q} z$ 的方差为 $q$。",
        patterns=(_NB + "z" + _NA,),
    ),
    Term(
        key="mean-field-map",
        name_en="mean-field map",
        name_zh="平均场映射",
        symbol=r"$q \leftarrow \sigma_w^2 \mathbb{E}[\phi(\sqrt{q} z)^2] + \sigma_b^2$",
        en=(
            "The mean-field map gives the second moment $q$ of the next layer's pre-activations "
            r"from the current one, $q \leftarrow \sigma_w^2 \mathbb{E}[\phi(\sqrt{q} z)^2] + "
            r"\sigma_b^2$. Given one layer it is the exact expectation of the next at any width; "
            "iterated from $q_0$ it describes an infinitely wide network and leaves out the drift "
            "of a typical finite one (I5)."
        ),
        zh=(
            r"平均场映射由当前层预激活的二阶矩 $q$ 给出下一层的二阶矩，$q \leftarrow \sigma_w^2 "
            r"\mathbb{E}[\phi(\sqrt{q} z)^2] + \sigma_b^2$。给定一层，它在任何宽度下都恰好是下一层"
            "的期望；从 $q_0$ 出发迭代时，它描述的是无限宽的网络，不含有限宽度下典型网络的漂移（I5"
            "）。"
        ),
        patterns=(
            r"(?i)\bmean[- ]field (?:maps?|steps?|trajector(?:y|ies))\b",
            r"(?i)\bmean-field\b",
            r"\bthe map\b",
            r"(?<=- )map\b",
            "平均场映射",
            "平均场",
        ),
    ),
    Term(
        key="sigma-w",
        name_en="weight and bias variance scale",
        name_zh="权重与偏置的方差尺度",
        symbol=r"$\sigma_w^2$, $\sigma_b^2$",
        en=(
            r"$\sigma_w^2$ is the weights' variance times the number of inputs, $n_\mathrm{in} "
            r"\operatorname{Var}(w)$, and $\sigma_b^2$ the biases' variance: Xavier on square "
            r"layers gives $\sigma_w^2 = 1$, He gives 2."
        ),
        zh=(
            r"$\sigma_w^2$ 是权重方差乘以输入数，即 $n_\mathrm{in} \operatorname{Var}(w)$，"
            r"$\sigma_b^2$ 是偏置的方差：方形层上 Xavier 给出 $\sigma_w^2 = 1$，He 给出 2。"
        ),
        patterns=(
            r"(?<![A-Za-z\\])sigma_[wb](?:\^2|2\b)?",
            r"\\sigma_\{?[wb]\}?(?:\^\{?2\}?)?",
            "σ_?[wb]²?",
        ),
    ),
    Term(
        key="n-in-out",
        name_en="a layer's inputs and outputs",
        name_zh="层的输入数与输出数",
        symbol=r"$n_\mathrm{in}$, $n_\mathrm{out}$",
        en=(
            r"$n_\mathrm{in}$ and $n_\mathrm{out}$ are a linear layer's numbers of inputs and "
            "outputs (`in_features` and `out_features` of `nn.Linear`); its weight matrix has "
            r"$n_\mathrm{out}$ rows of $n_\mathrm{in}$ entries."
        ),
        zh=(
            r"$n_\mathrm{in}$ 与 $n_\mathrm{out}$ 是线性层的输入数和输出数（`nn.Linear` 的 "
            r"`in_features` 与 `out_features`）；其权重矩阵有 $n_\mathrm{out}$ 行，每行 "
            r"$n_\mathrm{in}$ 个元素。"
        ),
        patterns=(
            _NB + r"n_(?:in|out)\b",
            r"n_\{?\\(?:mathrm|text)\{(?:in|out)\}\}?",
            r"\b(?:in|out)_features\b",
        ),
    ),
    Term(
        key="fan",
        name_en="fan-in and fan-out",
        name_zh="扇入与扇出",
        symbol="fan_in, fan_out",
        en=(
            "In `nn.init`, `fan_in` is the number of inputs that feed one output and `fan_out` the "
            r"number of outputs that one input feeds: $n_\mathrm{in}$ and $n_\mathrm{out}$ for a "
            "linear layer, each times the kernel size for a convolution. Without an activation, a "
            r"weight variance of $1/\mathrm{fan}_\mathrm{in}$ keeps the second moment of the "
            r"forward pass and $1/\mathrm{fan}_\mathrm{out}$ that of the backward pass."
        ),
        zh=(
            "在 `nn.init` 中，`fan_in` 是汇入一个输出的输入个数，`fan_out` 是一个输入连到的输出个数"
            r"：线性层分别为 $n_\mathrm{in}$ 与 $n_\mathrm{out}$，卷积层还要各乘以卷积核大小。不加"
            r"激活时，权重方差取 $1/\mathrm{fan}_\mathrm{in}$ 保持前向传播的二阶矩，取 "
            r"$1/\mathrm{fan}_\mathrm{out}$ 保持反向传播的二阶矩。"
        ),
        patterns=(
            r"\bfan_(?:in|out)\b",
            r"\\mathrm\{fan\}_\{?\\mathrm\{(?:in|out)\}\}?",
            r"(?i)\bfan-(?:in|out)\b",
            "扇入",
            "扇出",
        ),
    ),
    Term(
        key="gain",
        name_en="gain",
        name_zh="增益",
        symbol=r"$\mathrm{gain}$",
        en=(
            "The gain is the factor by which `nn.init` multiplies the weights' standard deviation "
            "to make up for what the activation function does to the second moment; "
            r"`nn.init.calculate_gain` gives $\sqrt{2}$ for ReLU, $5/3$ for tanh and 1 for a "
            "linear layer."
        ),
        zh=(
            "增益是 `nn.init` 乘在权重标准差上的因子，用来补偿激活函数对二阶矩的影响；"
            r"`nn.init.calculate_gain` 对 ReLU 给出 $\sqrt{2}$，对 tanh 给出 $5/3$，对线性层给出 1"
            "。"
        ),
        patterns=(
            r"\bcalculate_gain\b",
            r"(?i)\bgains?\b",
            r"\\mathrm\{gain\}",
            "增益",
        ),
    ),
    Term(
        key="xavier",
        name_en="Xavier (Glorot) initialisation",
        name_zh="Xavier（Glorot）初始化",
        symbol="xavier_normal_, xavier_uniform_",
        en=(
            r"Xavier (Glorot) initialisation draws weights with variance $2/(n_\mathrm{in} + "
            r"n_\mathrm{out})$ (`nn.init.xavier_normal_`, or `xavier_uniform_` on $(-a, a)$ with "
            r"$a = \sqrt{6/(n_\mathrm{in} + n_\mathrm{out})}$), a compromise between the variance "
            r"that keeps the forward pass, $1/n_\mathrm{in}$, and the one that keeps the backward "
            r"pass, $1/n_\mathrm{out}$."
        ),
        zh=(
            r"Xavier（Glorot）初始化按方差 $2/(n_\mathrm{in} + n_\mathrm{out})$ 抽取权重（"
            "`nn.init.xavier_normal_`，或在 $(-a, a)$ 上均匀抽取的 `xavier_uniform_`，$a = "
            r"\sqrt{6/(n_\mathrm{in} + n_\mathrm{out})}$），是保持前向传播的方差 $1/n_\mathrm{in}$ "
            r"与保持反向传播的方差 $1/n_\mathrm{out}$ 之间的折中。"
        ),
        patterns=(
            r"\bXavier(?: init(?:iali[sz]ation)?\b)?",
            r"\bGlorot\b",
            r"\bxavier_(?:normal|uniform)_?",
            "(?:Xavier|Glorot) ?初始化",
        ),
    ),
    Term(
        key="he",
        name_en="He (Kaiming) initialisation",
        name_zh="He（Kaiming）初始化",
        symbol="kaiming_normal_, kaiming_uniform_",
        en=(
            r"He (Kaiming) initialisation draws weights with variance $2/n_\mathrm{in}$ "
            "(`nn.init.kaiming_normal_` or `kaiming_uniform_` with `nonlinearity='relu'`), twice "
            "Xavier's on square layers, to make up for ReLU halving the second moment, so that "
            r"$\mathbb{E}[h^2]$ stays the same through ReLU layers."
        ),
        zh=(
            r"He（Kaiming）初始化按方差 $2/n_\mathrm{in}$ 抽取权重（`nn.init.kaiming_normal_` 或 "
            "`kaiming_uniform_`，`nonlinearity='relu'`），在方形层上是 Xavier 的两倍，用来补偿 "
            r"ReLU 把二阶矩减半，使 $\mathbb{E}[h^2]$ 经过各个 ReLU 层保持不变。"
        ),
        patterns=(
            r"\bHe init(?:iali[sz]ation)?\b",
            r"\bHe(?= (?:weights|fan_in|fan_out|check)\b| ?\(Kaiming\))",
            r"\bHe(?=（| ?初始化)",
            r"\bKaiming\b",
            r"\bkaiming_(?:normal|uniform)_?",
        ),
    ),
    Term(
        key="harmonic-mean",
        name_en="harmonic mean",
        name_zh="调和平均",
        symbol="",
        en=(
            "The harmonic mean of some numbers is the reciprocal of the mean of their reciprocals; "
            r"$2/(n_\mathrm{in} + n_\mathrm{out})$ is the harmonic mean of $1/n_\mathrm{in}$ and "
            r"$1/n_\mathrm{out}$."
        ),
        zh=(
            r"一组数的调和平均是它们倒数的平均值的倒数；$2/(n_\mathrm{in} + n_\mathrm{out})$ 是 "
            r"$1/n_\mathrm{in}$ 与 $1/n_\mathrm{out}$ 的调和平均。"
        ),
        patterns=(
            r"(?i)\bharmonic means?\b",
            "调和平均",
        ),
    ),
    Term(
        key="spectral-norm",
        name_en="spectral norm",
        name_zh="谱范数",
        symbol=r"$\lVert W \rVert_2$",
        en=(
            r"The spectral norm $\lVert W \rVert_2$ of a matrix is the largest factor by which it "
            "stretches the length of a vector, its largest singular value."
        ),
        zh=r"矩阵的谱范数 $\lVert W \rVert_2$ 是它能把向量长度放大的最大倍数，即最大奇异值。",
        patterns=(
            r"\|\|W_l\|\|_2",
            r"\\lVert W(?:_l)? \\rVert_2",
            r"(?i)\bspectral norms?\b",
            "谱范数",
        ),
    ),
    Term(
        key="effective-weights",
        name_en="effective weight and bias",
        name_zh="等效权重与偏置",
        symbol="W_eff, b_eff",
        en=(
            "`W_eff` and `b_eff` are the single weight matrix and bias that a stack of linear "
            r"layers without activations amounts to: $W_\mathrm{eff} = W_L \cdots W_1$, and "
            r"$b_\mathrm{eff}$ collects every layer's bias passed through the layers after it."
        ),
        zh=(
            r"`W_eff` 与 `b_eff` 是不带激活的线性层堆叠所等价的单个权重矩阵和偏置：$W_\mathrm{eff} "
            r"= W_L \cdots W_1$，$b_\mathrm{eff}$ 汇总了每层偏置经过其后各层之后的结果。"
        ),
        patterns=(
            r"\b[Wb]_eff\b",
            r"[Wb]_\\mathrm\{eff\}",
        ),
    ),
    Term(
        key="scaled-sigmoid",
        name_en="scaled sigmoid",
        name_zh="缩放的 sigmoid",
        symbol=r"scaled_sigmoid, $4 \operatorname{sigmoid}(x) - 2$",
        en=(
            r"`scaled_sigmoid` is $g(x) = 4 \operatorname{sigmoid}(x) - 2 = 2 \tanh(x/2)$: sigmoid "
            "shifted to be zero-centred and stretched to slope 1 at 0, with range $(-2, 2)$."
        ),
        zh=(
            r"`scaled_sigmoid` 即 $g(x) = 4 \operatorname{sigmoid}(x) - 2 = 2 \tanh(x/2)$：把 "
            "sigmoid 平移到以零为中心，并拉伸到在 0 处斜率为 1，值域为 $(-2, 2)$。"
        ),
        patterns=(
            r"\bscaled_sigmoid\b",
            r"\b4 ?sigmoid\(x\) ?- ?2\b",
            r"\b4 ?\\operatorname\{sigmoid\}\(x\) ?- ?2\b",
            r"\b4 ?(?:σ|\\sigma)\(x\) ?[−-] ?2\b",
            r"(?i)\bscaled sigmoid\b",
            "缩放的 ?sigmoid",
        ),
    ),
    Term(
        key="leaky-relu",
        name_en="leaky ReLU",
        name_zh="带泄漏的 ReLU",
        symbol="leaky_relu, PReLU",
        en=(
            "`leaky_relu(x)` is $x$ for $x > 0$ and $a x$ otherwise, with a negative slope $a$ of "
            "0.01 by default; PReLU learns $a$ during training, starting from 0.25."
        ),
        zh=(
            "`leaky_relu(x)` 在 $x > 0$ 时为 $x$，否则为 $a x$，负斜率 $a$ 默认为 0.01；PReLU 在训"
            "练中学习 $a$，初值为 0.25。"
        ),
        patterns=(
            r"\bleaky_relu\b",
            r"\bLeakyReLU\b",
            r"(?i)\bleaky ReLU\b",
            r"\bPReLU\b",
            r"\bprelu\b",
            r"\bnegative_slope\b",
            "带泄漏的 ?ReLU",
        ),
    ),
    Term(
        key="dead-unit",
        name_en="dead unit",
        name_zh="死亡单元",
        symbol="",
        en=(
            "A dead ReLU unit has a pre-activation of at most 0 on every training input, so its "
            "output and the loss gradient of its incoming weights and bias are exactly 0; only an "
            "optimiser's momentum or weight decay can still move it."
        ),
        zh=(
            "死亡的 ReLU 单元在每个训练输入上的预激活都不大于 0，所以它的输出以及入权重和偏置的损失"
            "梯度恰为 0；只有优化器的动量或权重衰减还能移动它。"
        ),
        patterns=(
            r"(?i)\bdead (?:ReLU )?units?\b",
            "死亡(?:的 ?(?:ReLU ?)?)?单元",
            "死单元",
        ),
    ),
    Term(
        key="taylor",
        name_en="Taylor and Maclaurin polynomials",
        name_zh="泰勒多项式与麦克劳林多项式",
        symbol=r"$\sum_{k \le d} c_k x^k$",
        en=(
            "The Taylor polynomial of degree $d$ of a function at a point is the polynomial that "
            "matches the function and its first $d$ derivatives there; taken at 0 it is the "
            r"Maclaurin polynomial $\sum_{k \le d} c_k x^k$ with $c_k = f^{(k)}(0)/k!$. Near the "
            "point its error is of the order of the first term left out."
        ),
        zh=(
            "函数在某点的 $d$ 次泰勒多项式，是在该点与函数本身及其前 $d$ 阶导数都相同的多项式；在 "
            r"0 处展开即麦克劳林多项式 $\sum_{k \le d} c_k x^k$，其中 $c_k = f^{(k)}(0)/k!$。在该点"
            "附近，它的误差与略去的第一项同阶。"
        ),
        patterns=(
            r"(?i)\b(?:Taylor|Maclaurin)(?: (?:polynomials?|series|expansions?|coefficients))?\b",
            r"(?i)\bdegree-\d+ polynomials?\b",
            r"\bc0\.\.c\d+\b",
            "泰勒(?:展开|多项式|级数)?",
            "麦克劳林(?:展开|多项式|级数|系数)?",
        ),
    ),
    Term(
        key="float-formats",
        name_en="floating-point formats",
        name_zh="浮点格式",
        symbol="float32, float64, bfloat16",
        en=(
            "`float32` and `float64` are floating-point numbers of 32 and 64 bits, with about 7 "
            "and 16 significant decimal digits; `bfloat16` has `float32`'s range but only about 3 "
            "significant digits, and NumPy has no such type."
        ),
        zh=(
            "`float32` 与 `float64` 是 32 位和 64 位的浮点数，约有 7 位和 16 位有效十进制数字；"
            "`bfloat16` 与 `float32` 的范围相同，但只有约 3 位有效数字，NumPy 没有这种类型。"
        ),
        patterns=(
            r"\bb?float(?:16|32|64)\b",
            r"\bdtype\b",
            r"(?i)\bfloating-point formats?\b",
            "浮点格式",
        ),
    ),
    Term(
        key="ulp",
        name_en="unit in the last place",
        name_zh="末位单位",
        symbol="ulp",
        en=(
            "An ulp (unit in the last place) is the gap between a floating-point number and the "
            "next one of the same format; for `float32` numbers between 1 and 2 it is $2^{-23}$, "
            r"about $1.2 \times 10^{-7}$."
        ),
        zh=(
            "ulp（末位单位）是一个浮点数与同一格式中下一个浮点数之间的间距；对 1 到 2 之间的 "
            r"`float32` 数，它是 $2^{-23}$，约 $1.2 \times 10^{-7}$。"
        ),
        patterns=(
            r"\bulps?\b",
            r"(?i)\bunits? in the last place\b",
            "末位单位",
        ),
    ),
    Term(
        key="rounding-bound",
        name_en="rounding bound",
        name_zh="舍入误差界",
        symbol=r"$\gamma_n$",
        en=(
            "A rounding bound is the largest difference that floating-point rounding alone can "
            "make in a computation, derived from the unit roundoff $u$ (half an ulp of 1), for "
            r"example $\gamma_n = n u / (1 - n u)$ for a sum of $n$ products. A difference divided "
            "by it is at most 1 when two computations differ only by rounding."
        ),
        zh=(
            "舍入误差界是仅由浮点舍入就能在一次计算中造成的最大差异，由单位舍入误差 $u$（1 的 ulp "
            r"的一半）推出，例如 $n$ 个乘积求和时的 $\gamma_n = n u / (1 - n u)$。两种计算若只差在"
            "舍入上，它们的差除以这个界不超过 1。"
        ),
        patterns=(
            r"(?i)\brounding bounds?\b",
            r"\bgamma_n\b",
            r"\\gamma_\{?n\}?",
            "舍入(?:误差)?界",
        ),
    ),
    Term(
        key="dropout",
        name_en="dropout",
        name_zh="丢弃法",
        symbol="Dropout(p)",
        en=(
            "In training mode `Dropout(p)` sets each element to 0 with probability $p$ and "
            "multiplies every element it keeps (with the keep probability $1 - p$) by $1/(1 - p)$, "
            "so the expected output equals the input; this scaling at training time is called "
            "inverted dropout. In eval mode it returns its input unchanged."
        ),
        zh=(
            "训练模式下 `Dropout(p)` 以概率 $p$ 把每个元素置零，并把保留下来的元素（保留概率为 $1 "
            "- p$）乘以 $1/(1 - p)$，使输出的期望等于输入；在训练时做这种缩放称为倒置丢弃法。评估模"
            "式下它原样返回输入。"
        ),
        patterns=(
            r"(?i)\binverted dropout\b",
            r"\b(?:nn\.)?Dropout\((?:p|[\d.]*)\)",
            r"(?i)\bdropout\b",
            r"(?i)\bkeep probability\b",
            r"(?i)\bkept elements?\b",
            "丢弃法",
            "暂退法",
            "保留概率",
        ),
    ),
    Term(
        key="l2-penalty",
        name_en="L2 penalty",
        name_zh="L2 惩罚",
        symbol=r"$\frac{\lambda}{2} \lVert p \rVert^2$",
        en=(
            r"An L2 penalty adds $\frac{\lambda}{2} \lVert p \rVert^2$, half the coefficient times "
            r"the parameters' squared norm, to the loss; its gradient $\lambda p$ is exactly what "
            "`weight_decay` adds to the gradient in SGD and Adam."
        ),
        zh=(
            r"L2 惩罚在损失中加入 $\frac{\lambda}{2} \lVert p \rVert^2$，即系数的一半乘以参数的范数"
            r"平方；它的梯度 $\lambda p$ 恰好是 SGD 和 Adam 的 `weight_decay` 加到梯度上的量。"
        ),
        patterns=(
            r"\bL2(?: (?:penalty|term|loss|regulari[sz]ation))?\b",
            r"\\lambda ?/ ?2 \\cdot \\lVert p \\rVert\^2",
            "L2 ?(?:惩罚|项|正则)",
        ),
    ),
    Term(
        key="weight-decay",
        name_en="weight decay, coupled and decoupled",
        name_zh="权重衰减：耦合与解耦",
        symbol=r"weight_decay = $\lambda$",
        en=(
            r"`weight_decay` = $\lambda$ in `torch.optim`: SGD and Adam add $\lambda p$ to each "
            "parameter's gradient (an L2 penalty), which Adam then divides by its running gradient "
            r"scale; AdamW's decoupled decay instead subtracts $\mathrm{lr} \cdot \lambda \cdot p$ "
            "from each parameter per step, outside the gradient. With Adam only the decoupled form "
            r"shrinks a weight in proportion to $\lambda$ and to its size."
        ),
        zh=(
            r"`torch.optim` 中的 `weight_decay` = $\lambda$：SGD 和 Adam 把 $\lambda p$ 加到每个参"
            "数的梯度上（即 L2 惩罚），Adam 随后还要把它除以梯度的滑动尺度；AdamW 的解耦衰减则在梯"
            r"度之外每步从每个参数中减去 $\mathrm{lr} \cdot \lambda \cdot p$。用 Adam 时，只有解耦"
            r"形式才让权重按 $\lambda$ 和自身大小成比例地收缩。"
        ),
        patterns=(
            r"\bweight_decay\b",
            r"(?i)\b(?:decoupled )?weight decay\b",
            r"(?i)\bdecoupled decay\b",
            r"\bwd\b",
            r"\\mathrm\{wd\}",
            r"\\lambda(?![A-Za-z])",
            "权重衰减",
            "解耦(?:的)?(?:权重)?衰减",
        ),
    ),
    Term(
        key="lr",
        name_en="learning rate",
        name_zh="学习率",
        symbol="lr",
        en=(
            "`lr` is the learning rate, the factor by which an optimiser scales its update at each "
            "step."
        ),
        zh="`lr` 是学习率，即优化器每一步更新所乘的系数。",
        patterns=(
            r"\blr\b",
            r"\\mathrm\{lr\}",
            r"(?i)\blearning rates?\b",
            "学习率",
        ),
    ),
    Term(
        key="momentum-buffer",
        name_en="momentum buffer",
        name_zh="动量缓冲",
        symbol="",
        en=(
            "A momentum buffer is a decaying sum of past gradients that an optimiser keeps for "
            "each parameter (SGD with momentum, the heavy-ball method; Adam's first moment); it "
            "keeps moving the parameter after its own gradient has become 0."
        ),
        zh=(
            "动量缓冲是优化器为每个参数保存的过去梯度的衰减累加（带动量的 SGD，即重球法；Adam 的一"
            "阶矩）；参数自身的梯度变为 0 之后，它仍会继续移动该参数。"
        ),
        patterns=(
            r"(?i)\bmomentum buffers?\b",
            r"(?i)\bheavy-ball(?: formula| method)?\b",
            "动量缓冲",
            "重球法",
        ),
    ),
    Term(
        key="running-statistics",
        name_en="running statistics",
        name_zh="滑动统计量",
        symbol="running_mean, running_var",
        en=(
            "BatchNorm's running statistics are the `running_mean` and `running_var` it keeps for "
            "each feature: in training each batch moves them a fraction `momentum` of the way "
            "towards the batch's mean and unbiased variance, and in eval mode the layer normalises "
            "with them instead of the batch's own."
        ),
        zh=(
            "BatchNorm 的滑动统计量是它为每个特征保存的 `running_mean` 与 `running_var`：训练时每个"
            "批次把它们朝该批的均值和无偏方差移动 `momentum` 这一比例，评估模式下该层改用它们而不是"
            "批次自己的统计量来规范化。"
        ),
        patterns=(
            r"(?i)\brunning (?:statistics|stats|means?|variances?)\b",
            r"\brunning_(?:mean|var)\b",
            r"\btrack_running_stats\b",
            "滑动(?:统计量|均值|方差)",
        ),
    ),
    Term(
        key="training-points",
        name_en="training points",
        name_zh="训练点",
        symbol="x_train, y_train",
        en=(
            "`x_train` and `y_train` are the training inputs, evenly spaced on $[-1, 1]$, and "
            "their noisy targets, $y = x^2$ plus Gaussian noise."
        ),
        zh=(
            "`x_train` 与 `y_train` 是训练输入（在 $[-1, 1]$ 上等间距取点）及其带噪目标，即 $y = "
            "x^2$ 加上高斯噪声。"
        ),
        patterns=(
            r"\b[xy]_train\b",
            r"(?i)\btraining points\b",
            "训练点",
        ),
    ),
    Term(
        key="mse",
        name_en="mean squared error",
        name_zh="均方误差",
        symbol="MSE",
        en=(
            "The MSE (mean squared error) is the mean square of the differences between "
            "predictions and targets."
        ),
        zh="MSE（均方误差）是预测值与目标值之差的均方。",
        patterns=(
            r"\bMSE\b",
            r"(?i)\bmean squared errors?\b",
            "均方误差",
        ),
    ),
    Term(
        key="training-error",
        name_en="training error",
        name_zh="训练误差",
        symbol="",
        en=(
            "The training error is the mean squared error of the trained network on its own noisy "
            "training points; far below the noise variance, it shows that the network has fitted "
            "the noise."
        ),
        zh=(
            "训练误差是训练好的网络在自己的带噪训练点上的均方误差；若远低于噪声方差，说明网络拟合了"
            "噪声。"
        ),
        patterns=(
            r"(?i)\btraining errors?\b",
            r"\btrain_error\b",
            "训练误差",
        ),
    ),
    Term(
        key="held-out-error",
        name_en="held-out error",
        name_zh="留出误差",
        symbol="",
        en=(
            "The held-out error is the mean squared error of the trained network against the "
            "noise-free curve $y = x^2$ on a fine grid of inputs, not on the noisy training "
            "points: it measures how well the fit generalises."
        ),
        zh=(
            "留出误差是训练好的网络在细密的输入网格上相对无噪曲线 $y = x^2$ 的均方误差，而不是在带"
            "噪训练点上的误差：它衡量拟合的泛化程度。"
        ),
        patterns=(
            r"(?i)\bheld-out (?:errors?|MSE)\b",
            r"\bheld_out_error\b",
            "留出误差",
        ),
    ),
    Term(
        key="roughness",
        name_en="roughness",
        name_zh="粗糙度",
        symbol=r"$\int |f''(x)| \, dx$",
        en=(
            "The roughness of a fitted curve $f$ measures how much it bends: the sum over a grid "
            r"of spacing $\delta$ of $|f(x+\delta) - 2 f(x) + f(x-\delta)| / \delta$, an estimate "
            r"of $\int |f''(x)| \, dx$; a straight line has roughness 0."
        ),
        zh=(
            r"拟合曲线 $f$ 的粗糙度衡量它弯曲的程度：在间距为 $\delta$ 的网格上对 $|f(x+\delta) - "
            r"2 f(x) + f(x-\delta)| / \delta$ 求和，是 $\int |f''(x)| \, dx$ 的估计；直线的粗糙度为"
            " 0。"
        ),
        patterns=(
            r"(?i)\broughness\b",
            "粗糙度",
        ),
    ),
    Term(
        key="weight-norm",
        name_en="weight norm",
        name_zh="权重范数",
        symbol="weight_norm",
        en=(
            "`weight_norm` is the Euclidean norm of all the network's weight matrices taken "
            "together, biases left out: the square root of the sum of every squared weight."
        ),
        zh=(
            "`weight_norm` 是网络全部权重矩阵合在一起的欧几里得范数（不含偏置）：所有权重平方和的平"
            "方根。"
        ),
        patterns=(
            r"\bweight_norm\b",
            r"(?i)\bweight norms?\b",
            "权重范数",
        ),
    ),
    Term(
        key="median-network",
        name_en="median network",
        name_zh="中位网络",
        symbol="",
        en=(
            "The median network is the middle one when networks are ordered by a measured value: "
            "half of them lie below it. For a product of random factors such as $R_L$ the median "
            "can fall while the mean stays the same, so 'typical' and 'on average' differ."
        ),
        zh=(
            "中位网络是把网络按某个测量值排序后居中的那个：一半网络低于它。对 $R_L$ 这类随机因子之"
            "积，中位数可以下降而平均值不变，所以“典型”与“平均”并不相同。"
        ),
        patterns=(
            r"(?i)\b(?:median|typical) networks?\b",
            r"(?i)\bmedian\b(?= (?:\S+ )?(?:over|across) networks\b)",
            "中位网络",
            "典型网络",
        ),
    ),
    Term(
        key="geometric-mean",
        name_en="geometric mean",
        name_zh="几何平均",
        symbol=r"$\exp(\mathbb{E}[\log X])$",
        en=(
            "The geometric mean of positive values is the exponential of the mean of their "
            "logarithms; for a product of random factors such as $R_L$ it describes the typical "
            "value, and it is never above the ordinary mean."
        ),
        zh=(
            "正数的几何平均是其对数平均值的指数；对 $R_L$ 这类随机因子之积，它刻画的是典型值，而且"
            "从不超过普通平均值。"
        ),
        patterns=(
            r"(?i)\bgeometric[- ]means?\b",
            "几何平均",
        ),
    ),
    Term(
        key="false-failure",
        name_en="false-failure probability",
        name_zh="误报概率",
        symbol="",
        en=(
            "A statistical check's false-failure probability is the chance that it fails although "
            "the prediction is right, through sampling alone; every check here is built so that it "
            "is at most $10^{-6}$."
        ),
        zh=(
            "统计检验的误报概率，是预测正确、仅因抽样的随机性而检验失败的概率；这里的每个检验都把它"
            "控制在 $10^{-6}$ 以内。"
        ),
        patterns=(
            r"(?i)\bfalse[- ]failures?(?: probability)?\b",
            "误报(?:概率)?",
        ),
    ),
    Term(
        key="acceptance-interval",
        name_en="acceptance interval",
        name_zh="接受区间",
        symbol="",
        en=(
            "The acceptance interval is the range a measured value must fall in for its check to "
            "pass, derived from the value's sampling distribution under the prediction, so that a "
            "right prediction falls outside it with at most the false-failure probability."
        ),
        zh=(
            "接受区间是测量值必须落入才算通过检验的范围，由预测成立时该值的抽样分布推出，使正确的预"
            "测落在区间外的概率不超过误报概率。"
        ),
        patterns=(
            r"(?i)\bacceptance intervals?\b",
            "接受区间",
        ),
    ),
    Term(
        key="power",
        name_en="power of a check",
        name_zh="检验功效",
        symbol="",
        en=(
            "A check's power against a wrong value is the probability that the check fails when "
            "that wrong value is the truth; a power above $1 - 10^{-6}$ shows that the sample is "
            "large enough to catch an error of that size."
        ),
        zh=(
            "检验针对某个错误值的功效，是真值恰为该错误值时检验失败的概率；功效超过 $1 - 10^{-6}$ "
            "说明样本量足以发现这么大的误差。"
        ),
        patterns=(
            r"(?i)\bpower(?= against\b)",
            r"(?i)\bthe check's power\b",
            "(?:检验)?功效",
        ),
    ),
    Term(
        key="distribution-free-interval",
        name_en="distribution-free confidence interval",
        name_zh="无分布假设的置信区间",
        symbol="",
        en=(
            "A distribution-free confidence interval for a median uses only the order of the "
            "values: among $n$ independent values, the $k$-th smallest and the $k$-th largest "
            r"enclose the true median with a probability that follows from $\mathrm{Binomial}(n, "
            "1/2)$, whatever the values' distribution."
        ),
        zh=(
            "中位数的无分布假设置信区间只用到数值的大小顺序：在 $n$ 个独立值中，第 $k$ 小与第 $k$ "
            r"大的值夹住真实中位数的概率由 $\mathrm{Binomial}(n, 1/2)$ 给出，与数值服从什么分布无关"
            "。"
        ),
        patterns=(
            r"(?i)\bdistribution-free(?: confidence)?(?: intervals?)?",
            "无分布假设的?(?:置信区间)?",
            "分布无关的?置信区间",
        ),
    ),
    Term(
        key="paired-t-test",
        name_en="one-sided paired t-test",
        name_zh="单侧配对 t 检验",
        symbol="",
        en=(
            "A paired t-test compares two treatments through their differences on the same units, "
            "here a model trained with and without a regulariser on the same data set from the "
            "same start; one-sided, it asks only whether the mean difference is positive, judged "
            "against Student's t distribution."
        ),
        zh=(
            "配对 t 检验通过同一批对象上的差值比较两种处理，这里是在同一数据集上、从同一初值出发，"
            "加与不加正则的模型；单侧检验只问平均差值是否为正，依据是 Student 的 t 分布。"
        ),
        patterns=(
            r"(?i)\b(?:one-sided )?paired t-tests?\b",
            "(?:单侧)?配对 ?t ?检验",
        ),
    ),
    Term(
        key="role-asserted",
        name_en="asserted (role)",
        name_zh="已断言（角色）",
        symbol="",
        en=(
            "An asserted prediction is checked by a test with the tolerance shown: if the measured "
            "value fell outside it, the test would fail."
        ),
        zh="已断言的预测由测试按所示容差检查：测量值若落在容差之外，测试就会失败。",
        patterns=(
            r"(?i)(?<!not )\basserted\b",
            "已断言",
        ),
    ),
    Term(
        key="role-claim",
        name_en="the claim's wording (role)",
        name_zh="知识库的论断（角色）",
        symbol="",
        en=(
            "A prediction in the claim's wording is what the knowledge base's claim implies; for a "
            "refined or refuted claim the test expects the measurement to contradict it, and that "
            "contradiction is the counterexample."
        ),
        zh=(
            "知识库的论断这一角色下的预测，是知识库的说法所推出的值；对需修正或不成立的论断，测试预"
            "期测量值与之矛盾，这一矛盾就是反例。"
        ),
        patterns=(
            r"(?i)\bclaim's wording\b",
            "知识库原话",
            "知识库的论断",
        ),
    ),
    Term(
        key="role-informative",
        name_en="informative (role)",
        name_zh="仅供参考（角色）",
        symbol="",
        en=(
            "An informative prediction is shown for comparison but not asserted; the tolerance "
            "column says why, for example an approximation the test does not rely on."
        ),
        zh="仅供参考的预测只用于对照，并不断言；容差一栏说明原因，例如测试并不依赖的某个近似。",
        patterns=(
            r"(?i)\binformative\b",
            "仅供参考",
        ),
    ),
)

BY_KEY: dict[str, Term] = {term.key: term for term in GLOSSARY}


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [match.span() for match in pattern.finditer(text)]


def occurrences(
    text: str, terms: tuple[Term, ...] = GLOSSARY, *, formulas: bool = True, code: bool = True
) -> list[tuple[int, int, Term]]:
    """Every occurrence of every term in ``text`` as (start, end, term), in order and never
    overlapping: of overlapping matches the longest is kept (then the earliest, then the
    term listed first).

    A ``{{record name}}`` placeholder, which the report replaces by a number, is never
    searched. With ``formulas=False`` a match that touches a ``$...$`` formula is left out,
    for a page that cannot put a link inside its rendered formulas; with ``code=False`` the
    same for a ```code``` span."""
    return list(_occurrences(text, terms, formulas, code))


# a page searches the same record names once per implementation and per language
@functools.lru_cache(maxsize=4096)
def _occurrences(
    text: str, terms: tuple[Term, ...], formulas: bool, code: bool
) -> tuple[tuple[int, int, Term], ...]:
    excluded = _spans(_PLACEHOLDER, text)
    if not formulas:
        excluded += _spans(_FORMULA, text)
    if not code:
        excluded += _spans(_CODE, text)
    candidates = []
    for order, term in enumerate(terms):
        for pattern in term.compiled:
            for match in pattern.finditer(text):
                start, end = match.span()
                if end > start and not any(s < end and start < e for s, e in excluded):
                    candidates.append((start, end, order, term))
    candidates.sort(key=lambda c: (c[0] - c[1], c[0], c[2]))
    kept: list[tuple[int, int, Term]] = []
    for start, end, _, term in candidates:
        if all(end <= s or e <= start for s, e, _ in kept):
            kept.append((start, end, term))
    return tuple(sorted(kept, key=lambda k: k[0]))


def find(
    text: str, terms: tuple[Term, ...] = GLOSSARY, *, formulas: bool = True, code: bool = True
) -> list[tuple[int, int, Term]]:
    """The first occurrence of each term in ``text``, as (start, end, term) in order of
    position: the places where a report links a text to the glossary (see
    :func:`occurrences` for overlaps, placeholders, formulas and code)."""
    seen: set[str] = set()
    first = []
    for start, end, term in occurrences(text, terms, formulas=formulas, code=code):
        if term.key not in seen:
            seen.add(term.key)
            first.append((start, end, term))
    return first
