"""A7-A10: Maclaurin series of the activations and what they do (and do not) imply.

The series are derived with sympy; their consequences for signal propagation are measured:
what pre-activations look like at Xavier initialisation (A7) and how the second moment
evolves through deep tanh and 4 sigmoid - 2 stacks (A9, A10).
"""

from __future__ import annotations

import math

import mpmath
import pytest
import sympy as sp
import torch
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy import stats

from dlspec import symbolic, testing, theory
from dlspec.symbolic import x

from .support import (
    F64,
    NUMPY,
    SEEDS,
    Both,
    floats,
    per_example_false_failure,
    second_moments,
    xavier_layers,
)

# the knowledge base's coefficients, lowest order first
STATED = {
    "sigmoid": [sp.Rational(1, 2), sp.Rational(1, 4), 0, sp.Rational(-1, 48)],
    "tanh": [0, 1, 0, sp.Rational(-1, 3)],
    "scaled_sigmoid": [0, 1],
}
CLAIM_OF = {"sigmoid": "A8", "tanh": "A9", "scaled_sigmoid": "A10"}
# how the report writes each function: as a formula, not as dlspec's identifier
SHOWN = {"sigmoid": "sigmoid", "tanh": "tanh", "scaled_sigmoid": "4σ(x) − 2"}
# the same inside |... - polynomial| and as a curve's label
TERM = {"sigmoid": "sigmoid", "tanh": "tanh", "scaled_sigmoid": "(4σ(x) − 2)"}
CURVE = {"sigmoid": "sigmoid(x)", "tanh": "tanh(x)", "scaled_sigmoid": "4σ(x) − 2"}
# the exact per-layer law's standardised pre-activation, and the claim's (glossary: A_l, m_l)
EXACT_LAW = "h_l / sqrt(σ_w² A_(l-1))"
CLAIMED_LAW = "h_l / sqrt(σ_w² m_(l-1))"


# ---------------------------------------------------------------- the series themselves


@pytest.mark.claim("A8", "A9", "A10")
@pytest.mark.parametrize("name", ["sigmoid", "tanh", "scaled_sigmoid"])
def test_the_stated_maclaurin_coefficients_are_exact(name, evidence):
    derived = symbolic.coefficients(symbolic.SMOOTH[name], 7)
    stated = STATED[name]
    assert derived[: len(stated)] == stated, (
        f"{name} Maclaurin coefficients: derived {derived}, stated {stated}"
    )
    evidence.record(
        Both(
            f"{SHOWN[name]} Maclaurin coefficients c0..c7", f"{SHOWN[name]} 的麦克劳林系数 c0..c7"
        ),
        derived,
        str(stated) + " ...",
        claim=CLAIM_OF[name],
        # scaled_sigmoid's series is taught by its 5th-order expansion instead
        learner=name != "scaled_sigmoid",
        params={"degree": 7},
    )


@pytest.mark.claim("A10")
def test_four_sigmoid_minus_two_is_exactly_two_tanh_of_half_x(evidence):
    assert symbolic.identical(symbolic.SCALED_SIGMOID, 2 * sp.tanh(x / 2)), (
        "4 sigmoid(x) - 2 = 2 tanh(x / 2) does not hold"
    )
    series = symbolic.maclaurin(symbolic.SCALED_SIGMOID, 5)
    assert sp.expand(series - (x - x**3 / 12 + x**5 / 120)) == 0, (
        f"4 sigmoid(x) - 2 to 5th order is {series}, expected x - x^3/12 + x^5/120"
    )
    evidence.record(
        Both(
            "4 sigmoid(x) - 2 - 2 tanh(x/2), simplified with exp",
            "4 sigmoid(x) - 2 - 2 tanh(x/2) 用 exp 改写后化简",
        ),
        sp.simplify((symbolic.SCALED_SIGMOID - 2 * sp.tanh(x / 2)).rewrite(sp.exp)),
        0,
        learner=True,
        params={},
    )
    evidence.record(
        Both("4 sigmoid(x) - 2 to 5th order", "4 sigmoid(x) - 2 展开到 5 阶"),
        series,
        "x + O(x^3)",
        learner=True,
        params={"degree": 5},
    )


def _truncation(expr):
    polynomial = symbolic.maclaurin(expr, 5)
    return tuple(
        sp.lambdify(x, e, "mpmath")
        for e in (expr - polynomial, polynomial, symbolic.next_term(expr, 5))
    )


TRUNCATION = {name: _truncation(expr) for name, expr in symbolic.SMOOTH.items()}


@pytest.mark.claim("A8", "A9", "A10")
@pytest.mark.parametrize("name", ["sigmoid", "tanh", "scaled_sigmoid"])
@given(point=floats(64, min_value=-0.5, max_value=0.5))
def test_the_fifth_order_truncation_error_is_bounded_by_the_next_term(
    name, impl, device, evidence, point
):
    assume(point != 0)
    remainder_of, polynomial_of, next_term_of = TRUNCATION[name]
    # the remainder (~|x|^7) differs from the bound by ~|x|^9 next to values ~|x|: resolve
    # that with 9 more digits per decade below 1
    with mpmath.workdps(30 + 9 * max(0, math.ceil(-math.log10(abs(point))))):
        remainder, bound = (
            abs(remainder_of(mpmath.mpf(point))),
            abs(next_term_of(mpmath.mpf(point))),
        )
        polynomial = float(polynomial_of(mpmath.mpf(point)))
    assert remainder <= bound, (
        f"{name}: degree-5 remainder at x = {point!r} is {remainder}, expected <= |next term| "
        f"{bound}"
    )
    # the implementation agrees up to its own rounding (a few ulp of values of order 1)
    value = getattr(impl, name)(torch.tensor(point, dtype=F64, device=device)).item()
    gap = abs(value - polynomial)
    assert gap <= float(bound) + 8 * torch.finfo(F64).eps, (
        f"|{name} - degree-5 polynomial| at x = {point!r}: {gap!r}, expected <= |next term| "
        f"{float(bound)!r} + 8 ulp"
    )
    evidence.record(
        Both(
            f"|{TERM[name]} - degree-5 polynomial| / |next term| on |x| <= 1/2",
            f"|x| <= 1/2 上 |{TERM[name]} - 5 次多项式| / |下一项|",
        ),
        float(remainder / bound),
        1,
        "<= 1",
        claim=CLAIM_OF[name],
    )


# ---------------------------------------------------------------- A8: offset 1/2 and slope 1/4


@pytest.mark.claim("A8")
@pytest.mark.parametrize("scale", [1e-2, 1e-1])
def test_near_zero_sigmoid_divides_the_variance_by_16(scale, evidence):
    """Var(s(e z)) / e^2 = 1/16 - e^2/32 + O(e^4) for z ~ N(0, 1): a 16x shrink as e -> 0."""
    ratio = (
        theory.gaussian_expectation(lambda h: (NUMPY["sigmoid"](h) - 0.5) ** 2, scale**2) / scale**2
    )
    predicted = 1 / 16 - scale**2 / 32
    assert abs(ratio - predicted) <= scale**4, (
        f"Var(sigmoid(e z)) / e^2 at e = {scale}: {ratio!r}, expected {predicted!r} +- e^4"
    )
    at_unit = theory.gaussian_expectation(lambda h: (NUMPY["sigmoid"](h) - 0.5) ** 2, 1.0)
    evidence.record(
        Both(
            f"Var(sigmoid(e z)) / Var(e z) at e = {scale}",
            f"e = {scale} 时的 Var(sigmoid(e z)) / Var(e z)",
        ),
        ratio,
        1 / 16,
        f"{scale**4:g}",
        learner=scale == 1e-2,
        params={"e": scale},
    )
    evidence.record(
        Both("the same ratio at e = 1 (not near 0)", "e = 1 时的同一比值（不在 0 附近）"),
        at_unit,
        1 / 16,
        Both(
            "not asserted: the small-e limit, shown for contrast at unit scale",
            "不作断言：1/16 是 e 很小时的极限，这里在单位尺度下列出作对比",
        ),
        role="informative",
        learner=True,
        params={"e": 1},
    )


@pytest.mark.claim("A8")
@pytest.mark.statistical
def test_sigmoid_of_zero_mean_gaussian_pre_activations_has_mean_exactly_one_half(
    impl, device, rng, evidence
):
    variance = 1.0
    per_sample = theory.gaussian_expectation(lambda h: (NUMPY["sigmoid"](h) - 0.5) ** 2, variance)
    samples = impl.sigmoid(torch.randn(2**18, generator=rng, device=device, dtype=F64))
    check = testing.mean(samples, 0.5, per_sample, what="mean of sigmoid(z), z ~ N(0, 1)")
    power = check.power(0.5 + 0.005)  # an offset error of 1% of 0.5 is caught
    assert power > 1 - 1e-6, f"power against a mean of 0.505: {power}, expected > 1 - 1e-6"
    evidence.check(
        check,
        zh="sigmoid(z) 的均值，z ~ N(0, 1)",
        learner=True,
        params={"samples": 2**18, "dtype": "float64"},
    )


# ---------------------------------------------------------------- A7: pre-activations at init


@pytest.mark.claim("A7")
@pytest.mark.statistical
@given(n_in=st.integers(1, 32), n_out=st.integers(1, 64), seed=SEEDS)
def test_xavier_pre_activations_given_the_input_have_variance_2_n_in_over_n_in_plus_n_out_x_ms(
    impl, device, seeded, evidence, n_in, n_out, seed
):
    g = seeded(seed, device)
    alpha = per_example_false_failure()
    samples = testing.chi_square_samples(0.05, alpha)
    inputs = torch.randn(n_in, generator=g, device=device, dtype=F64)
    pre = xavier_layers(impl, n_in, n_out, math.ceil(samples / n_out), g, device)(inputs)
    mean_square = (inputs**2).mean().item()
    predicted = 2 * n_in / (n_in + n_out) * mean_square
    check = testing.variance(pre, predicted, 0.0, "Var(h | x) at Xavier init", alpha)
    evidence.check(
        check,
        zh="Xavier 初始化下的 Var(h | x)",
        learner=True,
        params={"n_in": "1..32", "n_out": "1..64", "init": "xavier_normal_", "dtype": "float64"},
    )


@pytest.mark.claim("A7")
@pytest.mark.statistical
def test_pytorch_default_linear_init_also_gives_pre_activations_of_the_inputs_scale(
    impl, device, rng, evidence
):
    """Default init: W and b uniform on +-1/sqrt(n_in), so E[h^2 | x] = mean(x^2)/3 + 1/(3 n_in)."""
    n_in, outputs = 64, 2**17
    inputs = torch.randn(n_in, generator=rng, device=device, dtype=F64)
    # nn.Linear draws its initial values from the global generator of its device
    with torch.random.fork_rng(devices=[device] if device.type == "cuda" else []):
        torch.manual_seed(int(torch.randint(2**62, (1,), generator=rng, device=device)))
        layer = impl.nn.Linear(n_in, outputs, device=device, dtype=F64)
    squares = layer(inputs).detach() ** 2
    predicted = (inputs**2).mean().item() / 3 + 1 / (3 * n_in)
    check = testing.mean(squares, predicted, what="E[h^2 | x], PyTorch default init")
    powers = check.power(predicted * 1.05), check.power(predicted * 0.95)
    assert min(powers) > 1 - 1e-6, (
        f"power against 5% above and below the prediction: {powers}, expected > 1 - 1e-6 each"
    )
    evidence.record(
        Both(
            "rms of pre-activations / rms of inputs, default init",
            "默认初始化下预激活的均方根 / 输入的均方根",
        ),
        math.sqrt(squares.mean().item() / (inputs**2).mean().item()),
        Both("close to 0 (claim)", "接近 0（知识库的论断）"),
        Both("precise: about 1/sqrt(3)", "精确表述：约 1/sqrt(3)"),
        role="claim",
        learner=True,
        params={"n_in": n_in, "samples": outputs, "init": "nn.Linear", "dtype": "float64"},
    )
    evidence.check(check, zh="PyTorch 默认初始化下的 E[h^2 | x]")


@pytest.mark.claim("A7", counterexample=True)
@pytest.mark.statistical
@pytest.mark.parametrize("width", [64, 512, 2048])
def test_xavier_pre_activations_are_as_large_as_the_inputs_at_every_width(
    impl, device, rng, evidence, width
):
    inputs = torch.randn(width, generator=rng, device=device, dtype=F64)
    pre = xavier_layers(impl, width, width, 4096 // width, rng, device)(inputs)
    spread = math.sqrt((inputs**2).mean().item())  # the exact std of h given x
    beyond = int((pre.abs() > 1).sum())
    expected = 2 * stats.norm.sf(1 / spread)
    check = testing.proportion(beyond, pre.numel(), expected, what=f"P(|h| > 1), width {width}")
    drawn = {"width": width, "samples": pre.numel(), "init": "xavier_normal_", "dtype": "float64"}
    evidence.record(
        Both(
            f"std of pre-activations / rms of inputs, width {width}",
            f"宽度 {width} 时预激活的标准差 / 输入的均方根",
        ),
        pre.std().item() / spread,
        Both("close to 0 (claim)", "接近 0（知识库的论断）"),
        Both("precise: 1", "精确表述：1"),
        role="claim",
        # the narrowest and the widest layer show that the width does not shrink them
        learner=width in (64, 2048),
        params=drawn,
    )
    evidence.check(check, zh=f"宽度 {width} 时的 P(|h| > 1)", learner=width == 2048, params=drawn)


# ---------------------------------------------------------------- A9, A10: through depth


DEPTH, WIDTH, NETWORKS = 16, 128, 128  # 262144 standardised values: catches a 3% error


@pytest.mark.claim("A9", "A10")
@pytest.mark.statistical
@pytest.mark.parametrize("name", ["tanh", "scaled_sigmoid"])
def test_each_layer_s_second_moment_is_sigma_w2_times_the_previous_mean_of_phi_squared(
    name, impl, device, rng, evidence
):
    exact, _, moments = second_moments(getattr(impl, name), WIDTH, DEPTH, NETWORKS, rng, device)
    check = testing.variance(exact, 1.0, known_mean=0.0, what=f"{SHOWN[name]}: {EXACT_LAW}")
    stacks = {"width": WIDTH, "depth": DEPTH, "networks": NETWORKS, "dtype": "float64"}
    powers = check.power(1.03), check.power(0.97)
    assert min(powers) > 1 - 1e-6, (
        f"power against a variance of 1.03, 0.97: {powers}, expected > 1 - 1e-6 each"
    )
    claim = CLAIM_OF[name]
    mean_field = theory.mean_field_trajectory(NUMPY[name], 1.0, DEPTH - 1)
    # the law is what the tests assert; a learner reads what it implies through depth
    evidence.check(check, claim=claim, zh=f"{SHOWN[name]} 层：{EXACT_LAW}", params=stacks)
    evidence.record(
        Both(
            f"{SHOWN[name]}: mean second moment at layer {DEPTH}, against the mean-field map "
            f"({NETWORKS} networks of the per-layer law test)",
            f"{SHOWN[name]} 层：第 {DEPTH} 层的平均二阶矩，对照平均场映射（逐层规律检验的 "
            f"{NETWORKS} 个网络）",
        ),
        moments[-1].mean().item(),
        mean_field[-1],
        Both(
            f"not asserted: the infinite-width map iterated over {DEPTH} layers ignores the "
            "O(depth / width) finite-width drift; each layer's law is asserted by the per-layer "
            f"law test (record `{SHOWN[name]}: {EXACT_LAW}`)",
            f"不作断言：把宽度无穷大时的映射迭代 {DEPTH} 层，忽略了 O(深度 / 宽度) 的有限宽度漂"
            f"移；每一层的规律由逐层规律检验断言（记录 `{SHOWN[name]}: {EXACT_LAW}`）",
        ),
        claim=claim,
        role="informative",
        # A9 shows the same decay through its claim's counterexample
        learner=claim == "A10",
        params=stacks,
    )


@pytest.mark.claim("A9", counterexample=True)
@pytest.mark.statistical
def test_xavier_tanh_stacks_do_not_keep_the_variance_constant(impl, device, rng, evidence):
    _, claimed, moments = second_moments(impl.tanh, WIDTH, DEPTH, NETWORKS, rng, device)
    check = testing.variance(claimed, 1.0, known_mean=0.0, what=f"{CLAIMED_LAW}, claim's law")
    evidence.record(
        Both(
            f"tanh: mean second moment at layer {DEPTH} (the input's is 1 in expectation)",
            f"tanh 层：第 {DEPTH} 层的平均二阶矩（输入的期望为 1）",
        ),
        moments[-1].mean().item(),
        1.0,
        Both("claim: constant", "论断：保持不变"),
        role="claim",
        learner=True,
        params={"width": WIDTH, "depth": DEPTH, "networks": NETWORKS, "dtype": "float64"},
    )
    assert not check.ok, f"the claim's constant-variance law should be rejected: {check.explain()}"
    evidence.record(
        Both(check.what, f"按论断的规律：{CLAIMED_LAW}"),
        check.measured,
        check.predicted,
        Both(check.tolerance, check.tolerance_zh),
        role="claim",
    )


@pytest.mark.claim("A9")
def test_the_wide_limit_second_moment_of_a_xavier_tanh_stack_decays_like_one_over_2l(evidence):
    """E[tanh(sqrt(q) z)^2] = q - 2 q^2 + (17/3) q^3 + ..., and a map q - b q^2 + c q^3 has
    q_l = 1/(b l) + (c - b^2)/b^3 * log(l)/l^2 + O(1/l^2), so 2 l q_l = 1 + (5/12) log(l)/l
    + O(1/l), the O(1/l) term depending on where the stack starts."""
    depths = (500, 1000, 2000)
    q = theory.mean_field_trajectory(NUMPY["tanh"], 1.0, depths[-1])
    for depth in depths:
        scaled = 2 * depth * q[depth]
        predicted = 1 + 5 / 12 * math.log(depth) / depth
        assert abs(scaled - predicted) <= 1 / depth, (
            f"2 l q_l at l = {depth}: {scaled!r}, expected {predicted!r} +- 1/l"
        )
    evidence.record(
        Both(
            f"2 l q_l at l = {depths[-1]} (mean-field map)",
            f"l = {depths[-1]} 时的 2 l q_l（平均场映射）",
        ),
        scaled,
        predicted,
        f"1/l = {1 / depth:g}",
        learner=True,
        params={"depth": depths[-1]},
    )


@pytest.mark.claim("A9")
def test_tanh_shrinks_every_nonzero_input_so_the_second_moment_can_only_drop(evidence):
    gap = x - symbolic.TANH  # zero at 0, and its derivative tanh^2 is >= 0
    assert gap.subs(x, 0) == 0, f"x - tanh(x) at 0 is {gap.subs(x, 0)}, expected 0"
    assert symbolic.identical(symbolic.derivative(gap), symbolic.TANH**2), (
        "d/dx (x - tanh x) = tanh^2 does not hold"
    )
    mapped, q = mean_field_map_to_second_order(symbolic.TANH)
    assert mapped == q - 2 * q**2, (
        f"E[tanh(sqrt(q) z)^2] to 2nd order is {mapped}, expected q - 2 q^2"
    )
    evidence.record(
        Both("E[tanh(sqrt(q) z)^2] to 2nd order in q", "E[tanh(sqrt(q) z)^2] 展开到 q 的 2 阶"),
        mapped,
        Both("q (claim: kept)", "q（知识库的论断：保持不变）"),
        Both("the knowledge base's wording, contradicted", "知识库的说法，被推翻"),
        role="claim",
        learner=True,
        params={"degree": 2},
    )


def mean_field_map_to_second_order(expr):
    """E[f(sqrt(q) z)^2] for z ~ N(0, 1), to 2nd order in q: replace x^k in the series of f^2
    by q^(k/2) E[z^k], E[z^k] = (k-1)!! for even k."""
    squared = sp.Poly(sp.series(expr**2, x, 0, 5).removeO(), x)
    q = sp.Symbol("q", positive=True)
    mapped = sum(c * q ** sp.Rational(k, 2) * sp.factorial2(k - 1) for (k,), c in squared.terms())
    return sp.expand(mapped), q


@pytest.mark.claim("A10")
def test_four_sigmoid_minus_two_loses_a_quarter_of_tanh_s_second_moment_per_layer(evidence):
    """4 sigmoid(x) - 2 = x - x^3/12 + ..., so its square is x^2 - x^4/6 + ... and its map
    q - q^2/2: it shrinks too, but its q^2 loss is a quarter of tanh's 2 q^2 (A9)."""
    mapped, q = mean_field_map_to_second_order(symbolic.SCALED_SIGMOID)
    tanh_mapped, _ = mean_field_map_to_second_order(symbolic.TANH)
    assert mapped == q - q**2 / 2, f"E[g(sqrt(q) z)^2] to 2nd order is {mapped}, expected q - q^2/2"
    assert sp.simplify((q - tanh_mapped) / (q - mapped)) == 4, (
        f"tanh's second-order loss {q - tanh_mapped} is not 4 times {q - mapped}"
    )
    evidence.record(
        Both(
            "E[g(sqrt(q) z)^2] to 2nd order in q, g(x) = 4σ(x) − 2",
            "E[g(sqrt(q) z)^2] 展开到 q 的 2 阶，g(x) = 4σ(x) − 2",
        ),
        mapped,
        Both("q - q^2/2 (tanh: q - 2 q^2)", "q - q^2/2（tanh 为 q - 2 q^2）"),
        learner=True,
        params={"degree": 2},
    )


# ---------------------------------------------------------------- truncations for the report

SERIES = [
    pytest.param("sigmoid", marks=pytest.mark.claim("A8"), id="sigmoid"),
    pytest.param("tanh", marks=pytest.mark.claim("A9"), id="tanh"),
    pytest.param("scaled_sigmoid", marks=pytest.mark.claim("A10"), id="scaled_sigmoid"),
]


# where each figure's polynomials leave the function they expand
TRUNCATION_NOTICES = {
    "sigmoid": Both(
        "Near 0 every polynomial lies on the curve. The straight line 1/2 + x/4 leaves it "
        "first; each added term keeps the polynomial on the curve for longer, and on [-1, 1] "
        "the degree-5 error stays below the size of the next term.",
        "0 附近每个多项式都贴着曲线。直线 1/2 + x/4 最先离开曲线；每多加一项，多项式就贴得更久，"
        "在 [-1, 1] 上 5 次多项式的误差不超过下一项的大小。",
    ),
    "tanh": Both(
        "Near 0 the polynomials hug tanh, but its series converges only for |x| < π/2: past "
        "that point each added term makes the polynomial worse, not better, and it shoots off "
        "while tanh flattens toward ±1. On [-1, 1] the degree-5 error stays below the size of "
        "the next term.",
        "0 附近多项式紧贴 tanh，但它的级数只在 |x| < π/2 内收敛：越过这一点，每多加一项，"
        "多项式反而更差，一路远离，而 tanh 趋于 ±1 变得平坦。在 [-1, 1] 上 5 次多项式的误差"
        "不超过下一项的大小。",
    ),
    "scaled_sigmoid": Both(
        "4σ(x) − 2 = 2 tanh(x/2) is the line x only near 0: the line leaves the curve "
        "first, and each added term keeps the polynomial on it for longer across the whole "
        "plot, because halving tanh's argument doubles the interval where the series "
        "converges (|x| < π). On [-1, 1] the degree-5 error stays below the size of the next "
        "term.",
        "4σ(x) − 2 = 2 tanh(x/2) 只在 0 附近约等于直线 x：直线最先离开曲线，每多加一项，"
        "多项式就在整幅图上贴得更久，因为把 tanh 的自变量减半，级数的收敛区间就扩大一倍"
        "（|x| < π）。在 [-1, 1] 上 5 次多项式的误差不超过下一项的大小。",
    ),
}


@pytest.mark.parametrize("name", SERIES)
def test_the_degree_5_polynomial_is_within_the_next_term_on_minus_1_to_1(impl, evidence, name):
    expr = symbolic.SMOOTH[name]
    grid = torch.linspace(-2, 2, 401, dtype=F64)
    exact = getattr(impl, name)(grid)
    figure = Both(
        f"{SHOWN[name]} and its Maclaurin polynomials", f"{SHOWN[name]} 及其麦克劳林多项式"
    )
    evidence.plot(
        figure,
        CURVE[name],
        grid,
        exact,
        axes=(
            Both("x (input, dimensionless)", "x（输入，无量纲）"),
            Both("value (dimensionless)", "函数值（无量纲）"),
        ),
        role="measured",
        notice=TRUNCATION_NOTICES[name],
    )
    for degree in (1, 3, 5):
        polynomial = sp.lambdify(x, symbolic.maclaurin(expr, degree), "math")
        values = torch.tensor([polynomial(float(v)) for v in grid], dtype=F64)
        evidence.plot(
            figure, Both(f"degree {degree}", f"{degree} 次"), grid, values, role="precise"
        )
    inside = grid.abs() <= 1
    error = (exact - values)[inside].abs().max().item()
    bound = abs(float(symbolic.next_term(expr, 5).subs(x, 1)))
    assert error <= bound * (1 + 1e-9), (
        f"max |{name} - degree-5 polynomial| on [-1, 1]: {error!r}, expected <= {bound!r}"
    )
    evidence.record(
        Both(
            f"max |{TERM[name]} - degree-5 polynomial| on [-1, 1]",
            f"[-1, 1] 上 |{TERM[name]} - 5 次多项式| 的最大值",
        ),
        error,
        f"<= {bound:.3g}",
        learner=name == "scaled_sigmoid",
        params={"degree": 5, "range": "[-1, 1]", "points": int(inside.sum())},
    )
