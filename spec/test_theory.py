"""dlspec.theory, one function at a time, against derivations that share none of its code.

gaussian_expectation and the mean-field map (I1, I3, A9) meet sympy closed forms, Gaussian
identities and mpmath's tanh-sinh quadrature at 30 digits; relu_gaussian_moments (I3)
meets sympy; he_relu_drift (I5) meets exact enumeration over K ~ Binomial(n, 1/2), the
moment generating function of log Y differentiated by mpmath, the exact distribution
function from its characteristic function (Gil-Pelaez), and Monte Carlo. Every check is
paired with a wrong formula that must fail it.

Tolerances. scipy's ``quad`` is asked for max(1.49e-8, 1.49e-8 |I|) on each half-line, so
gaussian_expectation is within QUAD (2 + E|f|) of the integral; float64 formulas are
within a counted number of roundings u = 2^-53 of their exact value.
"""

from __future__ import annotations

import functools
import itertools
import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy as sp
import torch
from scipy import integrate, special

from dlspec import testing, theory

from .support import F64, Both, kurtosis_false_failure, raises_naming_the_problem

QUAD = 1.49e-8  # scipy.integrate.quad's default epsabs and epsrel
U = 2.0**-53  # unit roundoff of float64


def quad_accuracy(bound):
    """The tolerance of a quadrature checked to ``bound``, in both languages."""
    return Both(f"{bound:.2g} (quad's requested accuracy)", f"{bound:.2g}（`quad` 要求的精度）")


def quad_bound(absolute_expectation):
    """Two half-line integrals, each within max(QUAD, QUAD |half|): at most QUAD (2 + E|f|)."""
    return QUAD * (2 + absolute_expectation)


# ---------------------------------------------------------------- gaussian_expectation

v, z = sp.symbols("v z", positive=True)


@functools.cache
def half_line(k):
    """E[(sqrt(v) z)^k 1{z > 0}], z ~ N(0, 1), integrated by sympy as a function of v."""
    density = sp.exp(-(z**2) / 2) / sp.sqrt(2 * sp.pi)
    return sp.integrate((sp.sqrt(v) * z) ** k * density, (z, 0, sp.oo))


def exactly(expr, variance):
    """A sympy expression in v at a float variance (taken exactly), to 30 digits."""
    return mpmath.mpf(str(sp.N(expr.subs(v, sp.Rational(variance)), 30)))


CLOSED_FORMS = {
    # f: (f on numpy floats, E[f(sqrt(v) z)]); every f has E|f| <= |E f| + 1
    "h^4": (lambda h: h**4, lambda var: 2 * exactly(half_line(4), var)),
    "|h|^3": (lambda h: np.abs(h) ** 3, lambda var: 2 * exactly(half_line(3), var)),
    "relu(h)^2": (lambda h: np.maximum(h, 0) ** 2, lambda var: exactly(half_line(2), var)),
    "cos h": (np.cos, lambda var: mpmath.exp(-mpmath.mpf(var) / 2)),  # characteristic fn
    "exp h": (np.exp, lambda var: mpmath.exp(mpmath.mpf(var) / 2)),  # moment generating fn
}


@pytest.mark.claim("I1", "A9")
@pytest.mark.parametrize("variance", [0.3, 1.0, 2.5])
@pytest.mark.parametrize("name", CLOSED_FORMS)
def test_gaussian_expectation_matches_closed_forms(evidence, name, variance):
    f, closed = CLOSED_FORMS[name]
    expected = float(closed(variance))
    bound = quad_bound(abs(expected) + 1) + U * abs(expected)  # + rounding the reference
    got = theory.gaussian_expectation(f, variance)
    assert abs(got - expected) <= bound, (
        f"E[{name}], h ~ N(0, {variance}): quadrature {got!r}, closed form {expected!r}, "
        f"expected within {bound:.3g}"
    )
    # negative control: a variance mixed up by a factor 2 (e.g. sigma^2 vs 2 sigma^2)
    doubled = float(closed(2 * variance))
    assert abs(doubled - expected) > bound, (
        f"negative control: E[{name}] at variance {2 * variance} = {doubled!r} is within "
        f"{bound:.3g} of {expected!r} at {variance}, expected outside"
    )
    evidence.record(
        Both(
            f"E[{name}], h ~ N(0, {variance}): quadrature vs closed form",
            f"E[{name}]，h ~ N(0, {variance})：数值积分对照闭式解",
        ),
        got,
        expected,
        quad_accuracy(bound),
        claim="I1",
        key=False,
    )


@pytest.mark.claim("I1", "A9")
@pytest.mark.parametrize("name", CLOSED_FORMS)
def test_gaussian_expectation_at_variance_zero_is_f_of_zero(name):
    f, _ = CLOSED_FORMS[name]
    got, expected = theory.gaussian_expectation(f, 0.0), float(f(np.float64(0.0)))
    assert abs(got - expected) <= quad_bound(abs(expected)), (
        f"E[{name}], h ~ N(0, 0): {got!r}, expected f(0) = {expected!r}"
    )


# ---------------------------------------------------------------- the mean-field map

A = 0.7  # phi(h) = erf(A h)

ACTIVATIONS = {
    "relu": lambda h: np.maximum(h, 0.0),
    "identity": lambda h: h,
    "erf": lambda h: special.erf(A * h),
    "tanh": np.tanh,
    "sigmoid": special.expit,
}

SLOW_SECOND_MOMENTS = {  # mpmath functions for tanh-sinh quadrature at 30 digits
    "tanh": mpmath.tanh,
    "sigmoid": lambda h: 1 / (1 + mpmath.exp(-h)),
}


def second_moment(name, q):
    """E[phi(sqrt(q) z)^2], derived without dlspec.theory."""
    if name == "relu":
        return float(exactly(half_line(2), q))
    if name == "identity":
        return float(exactly(2 * half_line(2), q))
    if name == "erf":  # arcsine kernel: (2/pi) asin(2 a^2 q / (1 + 2 a^2 q))
        return 2 / math.pi * math.asin(2 * A**2 * q / (1 + 2 * A**2 * q))
    phi = SLOW_SECOND_MOMENTS[name]
    with mpmath.workdps(30):
        root = mpmath.sqrt(q)
        density = 1 / mpmath.sqrt(2 * mpmath.pi)
        integral = mpmath.quad(
            lambda t: phi(root * t) ** 2 * mpmath.exp(-(t**2) / 2) * density,
            [-mpmath.inf, 0, mpmath.inf],
        )
    return float(integral)


def step_bound(sigma_w2, second, expected):
    """quad's error on E[phi^2] = ``second`` times sigma_w^2, plus a dozen roundings of the
    closed forms and of the final multiply-add (far below the quadrature term)."""
    return sigma_w2 * quad_bound(second) + 12 * U * expected


SETTINGS = [(0.6, 1.0, 0.0), (0.3, 2.0, 0.05), (4.0, 1.5, 0.5)]  # (q, sigma_w^2, sigma_b^2)


@pytest.mark.claim("I1", "I3", "A9")
@pytest.mark.parametrize("q, sigma_w2, sigma_b2", SETTINGS)
@pytest.mark.parametrize("name", ACTIVATIONS)
def test_mean_field_step_is_sigma_w2_times_the_second_moment_plus_sigma_b2(
    evidence, name, q, sigma_w2, sigma_b2
):
    phi = ACTIVATIONS[name]
    second = second_moment(name, q)
    expected = sigma_w2 * second + sigma_b2
    bound = step_bound(sigma_w2, second, expected)
    got = theory.mean_field_step(phi, q, sigma_w2, sigma_b2)
    assert abs(got - expected) <= bound, (
        f"mean-field step, {name}, q {q}, sigma_w^2 {sigma_w2}, sigma_b^2 {sigma_b2}: {got!r}, "
        f"expected {expected!r} +- {bound:.3g}"
    )
    wrong = {"q read as a standard deviation": sigma_w2 * second_moment(name, q**2) + sigma_b2}
    if sigma_b2 > 0:
        wrong["sigma_b^2 ignored"] = sigma_w2 * second
    else:  # the defaults are sigma_w^2 = 1, sigma_b^2 = 0
        default = theory.mean_field_step(phi, q)
        assert default == got, (
            f"mean_field_step({name}, {q}) with default sigma_w^2, sigma_b^2 = {default!r}, "
            f"expected {got!r} (1 and 0 given)"
        )
    for mistake, value in wrong.items():  # negative controls
        assert abs(value - expected) > bound, (
            f"negative control, {mistake}: {value!r} is within {bound:.3g} of {expected!r}, "
            f"expected outside"
        )
    evidence.record(
        Both(
            f"mean-field step, {name}, q {q}, sigma_w^2 {sigma_w2}, sigma_b^2 {sigma_b2}",
            f"平均场映射的一步，`{name}`，q = {q}，`sigma_w^2 = {sigma_w2}`，"
            f"`sigma_b^2 = {sigma_b2}`",
        ),
        got,
        expected,
        quad_accuracy(bound),
        claim="I1",
        key=False,
    )


GEOMETRIC = [  # (phi, q0, depth, sigma_w^2, sigma_b^2): q' = r q + sigma_b^2
    ("relu", 1.0, 12, 1.0, 0.0),  # Xavier: halved at every layer
    ("relu", 0.7, 20, 2.0, 0.1),  # He: r = 1, q grows by sigma_b^2 per layer
    ("relu", 2.0, 15, 1.6, 0.3),
    ("identity", 2.0, 10, 0.8, 0.2),
    ("identity", 0.5, 6, 1.3, 0.0),
]


@pytest.mark.claim("I1", "I3")
@pytest.mark.parametrize("name, q0, depth, sigma_w2, sigma_b2", GEOMETRIC)
def test_mean_field_trajectory_of_a_positively_homogeneous_phi_is_geometric(
    evidence, name, q0, depth, sigma_w2, sigma_b2
):
    """relu: E[relu(sqrt(q) z)^2] = q/2, identity: q, so q_l = r^l q0 + sigma_b^2 (1 - r^l) /
    (1 - r) (q0 + l sigma_b^2 when r = 1), with r = sigma_w^2 / 2 or sigma_w^2; computed in
    exact rationals. The error of each step, quad's plus two roundings, is carried on
    multiplied by r."""
    phi = ACTIVATIONS[name]
    r = Fraction(sigma_w2) / (2 if name == "relu" else 1)
    q0_, b = Fraction(q0), Fraction(sigma_b2)
    exact = [
        q0_ + layer * b if r == 1 else r**layer * q0_ + b * (1 - r**layer) / (1 - r)
        for layer in range(depth + 2)
    ]
    bounds = [0.0]
    for layer in range(depth):
        second = float(exact[layer] * r / Fraction(sigma_w2))
        step = sigma_w2 * quad_bound(second) + 2 * U * float(exact[layer + 1])
        bounds.append(float(r) * bounds[-1] + step)
    got = theory.mean_field_trajectory(phi, q0, depth, sigma_w2, sigma_b2)
    assert len(got) == depth + 1 and got[0] == q0, (
        f"trajectory of length {len(got)} starting at {got[0]!r}, expected {depth + 1} "
        f"values starting at q0 = {q0!r}"
    )
    gaps = [abs(g - float(e)) for g, e in zip(got, exact, strict=False)]
    assert all(gap <= bound for gap, bound in zip(gaps, bounds, strict=True)), (
        f"|q_l - exact q_l| per layer {gaps}, expected within {bounds}"
    )
    empty = theory.mean_field_trajectory(phi, q0, 0, sigma_w2, sigma_b2)
    assert empty == [q0], f"trajectory of depth 0 = {empty}, expected [{q0!r}]"
    # negative control: the map applied one layer late (the list missing q0)
    late = [abs(g - float(e)) for g, e in zip(got, exact[1:], strict=False)]
    assert any(gap > bound for gap, bound in zip(late, bounds, strict=True)), (
        f"negative control: |q_l - exact q_(l+1)| per layer {late} within {bounds}, "
        f"expected outside somewhere"
    )
    evidence.record(
        Both(
            f"q_{depth} of the mean-field map, {name}, sigma_w^2 {sigma_w2}, sigma_b^2 {sigma_b2}",
            f"平均场映射的 q_{depth}，`{name}`，`sigma_w^2 = {sigma_w2}`，`sigma_b^2 = {sigma_b2}`",
        ),
        got[-1],
        float(exact[depth]),
        Both(
            f"{bounds[-1]:.2g} (quad's accuracy carried through depth)",
            f"{bounds[-1]:.2g}（`quad` 的精度逐层传递）",
        ),
        claim="I1",
        key=False,
    )


@pytest.mark.claim("I1", "A9")
@pytest.mark.parametrize(
    "name, q0, depth, sigma_w2, sigma_b2", [("erf", 1.5, 8, 1.8, 0.1), ("tanh", 1.0, 4, 1.0, 0.2)]
)
def test_mean_field_trajectory_applies_the_exact_map_at_every_layer(
    name, q0, depth, sigma_w2, sigma_b2
):
    got = theory.mean_field_trajectory(ACTIVATIONS[name], q0, depth, sigma_w2, sigma_b2)
    assert len(got) == depth + 1 and got[0] == q0, (
        f"trajectory of length {len(got)} starting at {got[0]!r}, expected {depth + 1} "
        f"values starting at q0 = {q0!r}"
    )
    for before, after in itertools.pairwise(got):
        second = second_moment(name, before)
        expected = sigma_w2 * second + sigma_b2
        bound = step_bound(sigma_w2, second, expected)
        assert abs(after - expected) <= bound, (
            f"{name}: the step from q = {before!r} gave {after!r}, expected {expected!r} "
            f"+- {bound:.3g}"
        )
        # negative control: a step that drops sigma_b^2
        assert abs(after - (expected - sigma_b2)) > bound, (
            f"negative control, {name}: the step from q = {before!r} ({after!r}) is within "
            f"{bound:.3g} of the map without sigma_b^2, expected outside"
        )


# ---------------------------------------------------------------- relu_gaussian_moments


@functools.cache
def relu_moments_by_sympy():
    """Mean, second moment, variance of relu(h), h ~ N(0, v): integrals over h > 0."""
    density = sp.exp(-(z**2) / (2 * v)) / sp.sqrt(2 * sp.pi * v)
    mean, second = (sp.integrate(z**k * density, (z, 0, sp.oo)) for k in (1, 2))
    return {"mean": mean, "second_moment": second, "variance": second - mean**2}


@pytest.mark.claim("I3")
@pytest.mark.parametrize("variance", [0.25, 1.0, 7.5])
def test_relu_gaussian_moments_match_sympy(evidence, variance):
    """Rounding: the mean takes pi, a division and a square root (at most 3 u relative); the
    variance pi, 1/(2 pi), a subtraction that keeps half of that error, and a product (at
    most 3 u); the second moment q/2 is exact. 4 u bounds all three."""
    got = theory.relu_gaussian_moments(variance)
    for key, expr in relu_moments_by_sympy().items():
        expected = float(exactly(expr, variance))
        assert abs(got[key] - expected) <= 4 * U * expected, (
            f"relu {key}, h ~ N(0, {variance}): theory {got[key]!r}, sympy {expected!r}, "
            f"expected within 4u"
        )
    assert got["second_moment"] == variance / 2, (
        f"relu second moment, h ~ N(0, {variance}): {got['second_moment']!r}, "
        f"expected exactly {variance / 2!r}"
    )
    # negative control: "ReLU halves the variance" (the knowledge base's I3 wording)
    expected = float(exactly(relu_moments_by_sympy()["variance"], variance))
    assert abs(variance / 2 - expected) > 4 * U * expected, (
        f"negative control: q/2 = {variance / 2!r} is within 4u of Var(relu(h)) = "
        f"{expected!r}, expected outside"
    )
    zero = theory.relu_gaussian_moments(0.0)
    assert zero == {"mean": 0.0, "second_moment": 0.0, "variance": 0.0}, (
        f"relu_gaussian_moments(0) = {zero}, expected all 0"
    )
    evidence.record(
        Both(
            f"Var(relu(h)) / q, h ~ N(0, {variance}): theory vs sympy",
            f"Var(relu(h)) / q，h ~ N(0, {variance})：理论值对照 sympy",
        ),
        got["variance"] / variance,
        expected / variance,
        Both("4 roundings", "4 次舍入"),
        key=False,
    )


# ---------------------------------------------------------------- he_relu_drift (I5)


def enumerated_moments(width):
    """E[Y] and E[Y^2] for Y = (2/n) chi^2_K, K ~ Binomial(n, 1/2), summed exactly over K:
    E[chi^2_k] = k and E[(chi^2_k)^2] = k E[z^4] + k (k - 1) = k^2 + 2k."""
    pmf = [Fraction(math.comb(width, k), 2**width) for k in range(width + 1)]
    scale = Fraction(2, width)
    first = sum(p * scale * k for k, p in enumerate(pmf))
    second = sum(p * scale**2 * (k * k + 2 * k) for k, p in enumerate(pmf))
    return first, second


@pytest.mark.claim("I5")
@pytest.mark.parametrize("depth", [1, 5, 30])
@pytest.mark.parametrize("width", [1, 2, 3, 10, 64])
def test_the_mean_and_variance_of_r_l_match_exact_enumeration_over_k(evidence, width, depth):
    """E[R_L] = E[Y]^L and Var(R_L) = E[Y^2]^L - E[Y]^(2L) (independent layers). Rounding of
    (1 + 5/n)^L - 1: the base is within 2u, pow multiplies that by L and adds one ulp, the
    subtraction one rounding: at most (2L + 3) u (1 + Var)."""
    first, second = enumerated_moments(width)
    law = theory.he_relu_drift(width, depth)
    assert law.mean == float(first**depth) == 1.0, (
        f"E[R_{depth}], width {width}: theory {law.mean!r}, enumeration "
        f"{float(first**depth)!r}, expected both 1"
    )
    exact = float(second**depth - first ** (2 * depth))
    bound = (2 * depth + 3) * U * (1 + exact)
    assert abs(law.variance - exact) <= bound, (
        f"Var(R_{depth}), width {width}: theory {law.variance!r}, enumeration {exact!r}, "
        f"expected within {bound:.3g}"
    )
    # negative controls: Var(Y) = 2/n (the variance of chi^2_n / n: every unit kept), and
    # the per-layer variances added up
    wrong = {"Var(Y) = 2/n": (1 + 2 / width) ** depth - 1}
    if depth > 1:
        wrong["variances added over layers"] = depth * 5 / width
    for mistake, value in wrong.items():
        assert abs(value - exact) > bound, (
            f"negative control, {mistake}: {value!r} is within {bound:.3g} of {exact!r}, "
            f"expected outside"
        )
    evidence.record(
        Both(
            f"Var(R_{depth}), width {width}: theory vs exact enumeration",
            f"Var(R_{depth})，宽度 {width}：理论值对照精确枚举",
        ),
        law.variance,
        exact,
        Both(f"{bound:.2g} (rounding)", f"{bound:.2g}（舍入）"),
        key=False,
    )


@functools.cache
def log_y_cumulants(width):
    """The first four cumulants of log Y given K >= 1, as Taylor coefficients of its
    cumulant generating function log E[Y^t] = log E_K[(4/n)^t Gamma(K/2 + t) / Gamma(K/2)]
    (E[(chi^2_k)^t] = 2^t Gamma(k/2 + t) / Gamma(k/2)), differentiated by mpmath at 30
    digits: no digamma, no law of total cumulance."""
    with mpmath.workdps(30):
        weights = [mpmath.binomial(width, k) / (2**width - 1) for k in range(1, width + 1)]
        log_scale = mpmath.log(mpmath.mpf(4) / width)

        def cgf(t):
            terms = (
                w * mpmath.exp(t * log_scale + mpmath.loggamma(k / 2 + t) - mpmath.loggamma(k / 2))
                for k, w in zip(map(mpmath.mpf, range(1, width + 1)), weights, strict=True)
            )
            return mpmath.log(mpmath.fsum(terms))

        taylor = mpmath.taylor(cgf, 0, 4)
        return [float(c * mpmath.factorial(j)) for j, c in enumerate(taylor)][1:]


@pytest.mark.claim("I5")
@pytest.mark.parametrize("depth", [1, 30])
@pytest.mark.parametrize("width", [1, 2, 7, 32, 100])
def test_the_log_cumulants_match_the_moment_generating_function(evidence, width, depth):
    """Rounding: theory sums n float64 terms built from scipy's binomial pmf (Boost, within
    ~100 eps) and Cephes' digamma and polygamma (a few eps), so each term is within 400 u
    and the sum within (n + 400) u times the sum of the terms' magnitudes; for these widths
    that sum is at most 20 times the result (the fourth cumulant's M4 - 3 M2^2 included).
    Hence a relative bound 20 (n + 400) u, plus u for rounding the reference."""
    law = theory.he_relu_drift(width, depth)
    names = ("log_mean", "log_variance", "log_third_cumulant", "log_fourth_cumulant")
    exact = {name: depth * c for name, c in zip(names, log_y_cumulants(width), strict=True)}
    relative = (20 * (width + 400) + 1) * U
    for name in names:
        got = getattr(law, name)
        assert abs(got - exact[name]) <= relative * abs(exact[name]), (
            f"{name}, width {width}, depth {depth}: theory {got!r}, moment generating "
            f"function {exact[name]!r}, expected within relative {relative:.3g}"
        )
    # negative controls: the leading orders -5L/(2n) and 5L/n, and a log mean without the
    # log(2/n) scale of Y (which vanishes at n = 2)
    wrong = {"log_mean": [-5 * depth / (2 * width)], "log_variance": [5 * depth / width]}
    if width != 2:
        wrong["log_mean"].append(law.log_mean - depth * math.log(2 / width))
    for name, values in wrong.items():
        for value in values:
            assert abs(value - exact[name]) > relative * abs(exact[name]), (
                f"negative control, {name}: {value!r} is within relative {relative:.3g} of "
                f"{exact[name]!r}, expected outside"
            )
    evidence.record(
        Both(
            f"E[log R_{depth}], width {width}: theory vs moment generating function",
            f"E[log R_{depth}]，宽度 {width}：理论值对照矩母函数",
        ),
        law.log_mean,
        exact["log_mean"],
        Both(f"relative {relative:.2g} (rounding)", f"相对误差 {relative:.2g}（舍入）"),
        key=False,
    )


def log_r_cdf(width, depth, x):
    """P(log R_L <= x) given survival, by Gil-Pelaez inversion of the characteristic
    function: 1/2 - (1/pi) int_0^inf Im(e^(-itx) phi(t)^L) / t dt, with
    phi(t) = E_K[(4/n)^(it) Gamma(K/2 + it) / Gamma(K/2)]. Returns (value, quad's error)."""
    k = np.arange(1, width + 1)
    weights = special.comb(width, k) / (2.0**width - 1)

    def integrand(t):
        log_phi = 1j * t * math.log(4 / width) + special.loggamma(k / 2 + 1j * t)
        phi = weights @ np.exp(log_phi - special.loggamma(k / 2))
        return (np.exp(-1j * t * x) * phi**depth).imag / t

    value, error = integrate.quad(integrand, 0, np.inf, limit=200)
    return 0.5 - value / math.pi, error / math.pi


MEDIAN_USES = [  # (width, depth, networks) of the proportion checks that rely on law.median
    (32, 30, 8192),  # the Monte Carlo test below
    (32, 30, 1024),  # test_propagation.py, I5
    (128, 30, 256),  # test_propagation.py, I5
]


@pytest.mark.claim("I5")
@pytest.mark.parametrize("width, depth, networks", MEDIAN_USES)
def test_the_predicted_median_is_exact_enough_for_the_checks_that_use_it(
    evidence, width, depth, networks
):
    """law.median is a first-order (Cornish-Fisher) approximation. A check of the fraction
    of ``networks`` below it against 1/2 keeps its false-failure probability <= 1e-6 only
    if the exact probability below it is close enough to 1/2: that probability comes from
    the exact distribution function, and the check's rejection probability at it (quad's
    error taken against us) must stay <= 1e-6."""
    law = theory.he_relu_drift(width, depth)
    check = testing.proportion(networks // 2, networks, 0.5)  # the interval needs only n

    def false_failure(log_median):
        p, error = log_r_cdf(width, depth, log_median)
        return max(check.power(p - error), check.power(p + error)), p

    at_median, p = false_failure(math.log(law.median))
    assert at_median <= testing.FALSE_FAILURE, (
        f"width {width}: P(R_{depth} < predicted median) = {p!r}; a {networks}-network check "
        f"at it fails with probability {at_median:.3g}, expected <= {testing.FALSE_FAILURE}"
    )
    # negative controls: the mean, 1, taken for the median (the confusion behind I5), and
    # the median without the skewness correction, which is further from the exact one
    at_one = false_failure(0.0)[0]
    assert at_one > testing.FALSE_FAILURE, (
        f"negative control: a check at 1 (the mean) fails with probability {at_one:.3g}, "
        f"expected > {testing.FALSE_FAILURE}"
    )
    uncorrected = false_failure(law.log_mean)[1]
    assert abs(uncorrected - 0.5) > abs(p - 0.5), (
        f"negative control: P(log R < E[log R]) = {uncorrected!r}, expected further from 1/2 "
        f"than P(R < predicted median) = {p!r}"
    )
    evidence.record(
        Both(
            f"P(R_{depth} < predicted median), width {width} (exact, Gil-Pelaez)",
            f"P(R_{depth} < 预测中位数)，宽度 {width}（精确值，Gil-Pelaez）",
        ),
        p,
        0.5,
        Both(
            f"a {networks}-network check at it fails with probability {at_median:.2g} <= 1e-6",
            f"在此处检验 {networks} 个网络，误报概率为 {at_median:.2g} <= 1e-6",
        ),
    )


@pytest.mark.claim("I5")
@pytest.mark.statistical
def test_simulated_networks_follow_the_predicted_law_of_log_r_l(rng, evidence):
    """Y = (2/n) sum_i relu(h_i)^2 with h_i ~ N(0, 1) is (2/n) chi^2_K, K = #{h_i > 0}: one
    layer's factor, drawn directly; log R_L sums L of them. The log cumulants are those
    given K >= 1 in every layer, so networks with a dead layer are set aside (rejection
    sampling gives exactly the conditional law)."""
    width, depth, networks = 32, 30, 8192
    law = theory.he_relu_drift(width, depth)
    # float32 for speed: rounding moves log R_30 by < 1e-4, 1/250 of its mean's sampling sd
    h = torch.randn(networks, depth, width, generator=rng)
    y = 2 / width * h.clamp_(min=0).square_().sum(dim=-1)
    log_r = torch.log(y[(y > 0).all(dim=1)]).sum(dim=1).to(F64)
    mean = testing.mean(log_r, law.log_mean, what=f"E[log R_{depth}], width {width}")
    evidence.check(mean, zh=f"E[log R_{depth}]，宽度 {width}")
    # a drift-free median network would be caught
    power = mean.power(0.0)
    assert power > 1 - 1e-6, f"power against E[log R] = 0: {power!r}, expected > 1 - 1e-6"
    excess_kurtosis = law.log_fourth_cumulant / law.log_variance**2
    variance = testing.variance(
        log_r,
        law.log_variance,
        known_mean=law.log_mean,
        what=f"Var(log R_{depth}), width {width}",
        false_failure=kurtosis_false_failure(excess_kurtosis),
    )
    evidence.check(variance, zh=f"Var(log R_{depth})，宽度 {width}")
    # the lognormal shortcut Var(log R) = log(1 + Var R) would be caught
    power = variance.power(math.log(1 + law.variance))
    assert power > 1 - 1e-6, (
        f"power against Var(log R) = log(1 + Var R): {power!r}, expected > 1 - 1e-6"
    )
    below = int((log_r < math.log(law.median)).sum())
    evidence.check(
        testing.proportion(below, log_r.numel(), 0.5, f"fraction below the median, width {width}"),
        zh=f"低于预测中位数的网络比例，宽度 {width}",
    )
    # negative controls: a log mean without the log(2/n) scale, the mean 1 as the median
    unscaled = testing.mean(log_r, law.log_mean - depth * math.log(2 / width))
    assert not unscaled.ok, f"expected a rejection of the unscaled mean: {unscaled.explain()}"
    at_one = testing.proportion(int((log_r < 0).sum()), log_r.numel(), 0.5)
    assert not at_one.ok, f"expected a rejection of 1 as the median: {at_one.explain()}"


def bad(call, message):
    return pytest.param(call, message, id=message)


BAD_INPUTS = [
    bad(lambda: theory.gaussian_expectation(np.cos, -1.0), "variance"),
    bad(lambda: theory.gaussian_expectation(np.cos, math.nan), "variance .*nan"),
    bad(lambda: theory.gaussian_expectation(np.cos, True), "variance .*True"),
    bad(lambda: theory.mean_field_step(np.tanh, -0.5), "q must"),
    bad(lambda: theory.mean_field_step(np.tanh, 1.0, sigma_w2=-1.0), "sigma_w2"),
    bad(lambda: theory.mean_field_step(np.tanh, 1.0, sigma_b2=math.inf), "sigma_b2"),
    bad(lambda: theory.mean_field_trajectory(np.tanh, -1.0, 0), "q0"),
    bad(lambda: theory.mean_field_trajectory(np.tanh, 1.0, -1), "depth .*-1"),
    bad(lambda: theory.mean_field_trajectory(np.tanh, 1.0, True), "depth .*True"),
    bad(lambda: theory.mean_field_trajectory(np.tanh, 1.0, 2.0), "depth .*2.0"),
    bad(lambda: theory.mean_field_trajectory(np.tanh, 1.0, 3, 1.0, -0.1), "sigma_b2"),
    bad(lambda: theory.relu_gaussian_moments(-1.0), "q must"),
    bad(lambda: theory.relu_gaussian_moments(math.inf), "q .*inf"),
    bad(lambda: theory.he_relu_drift(0, 5), "width .*0"),
    bad(lambda: theory.he_relu_drift(16, 0), "depth .*0"),
    bad(lambda: theory.he_relu_drift(True, 5), "width .*True"),
    bad(lambda: theory.he_relu_drift(16, True), "depth .*True"),
    bad(lambda: theory.he_relu_drift(16.0, 5), "width .*16.0"),
]


@pytest.mark.bad_input
@pytest.mark.parametrize("call, message", BAD_INPUTS)
def test_bad_input_raises_a_value_error_naming_the_problem(call, message):
    raises_naming_the_problem(call, ValueError, message)
