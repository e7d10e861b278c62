"""I1, I2, I4: what the initialisers draw, and what one layer does to the second moment.

The weight-level laws (variance from the fans, gain, bound of the uniform variants) are
checked for both implementations of ``torch.nn.init``'s functions; what they imply for one
linear layer's forward and backward pass is measured with real layers. How the second
moment evolves through depth is tested elsewhere.

Pass-ratio measurements use inputs (or upstream gradients) with orthogonal rows: given such
a batch X, the rows of W being independent and rotation-invariant makes every entry of
W X^T independent, N(0, Var(w) |x_b|^2), so one layer gives as many i.i.d. samples as it
has weights.
"""

from __future__ import annotations

import functools
import inspect
import math
import warnings

import pytest
import sympy as sp
import torch
from hypothesis import given
from hypothesis import strategies as st

from dlspec import init as dinit
from dlspec import testing
from dlspec.harness.impls import REGISTRY

from .support import F64, SEEDS, Both, per_example_false_failure, raises_naming_the_problem

SMALLEST, LARGEST = 2**15, 2**16  # weights per drawn shape: fast, and a 10% error is caught
KERNELS = [(), (), (3,), (5,), (3, 3), (1, 1), (2, 3), (2, 2, 2)]  # () is a linear weight
TANH_GAIN = 5 / 3


@st.composite
def weight_shapes(draw, kernels=KERNELS):
    """(out, in, *kernel) with SMALLEST <= numel <= LARGEST; out and in rarely equal."""
    kernel = draw(st.sampled_from(kernels))
    size = math.prod(kernel)
    n_in = draw(st.integers(4, min(1024, LARGEST // size)))
    per_output = n_in * size
    n_out = draw(st.integers(max(1, -(-SMALLEST // per_output)), LARGEST // per_output))
    return (n_out, n_in, *kernel)


def fans(shape):
    """The fans by their definition: what one output sums over, what one input feeds."""
    size = math.prod(shape[2:])
    return shape[1] * size, shape[0] * size


def leaky_gain(slope):
    return math.sqrt(2 / (1 + slope**2))


def case(name, options, variance, claim, id):
    """An initialiser, its options and Var(w) as a function of (fan_in, fan_out)."""
    return pytest.param(name, options, variance, marks=pytest.mark.claim(claim), id=id)


NORMAL = [
    case("xavier_normal_", {}, lambda i, o: 2 / (i + o), "I2", "xavier"),
    case(
        "xavier_normal_",
        {"gain": TANH_GAIN},
        lambda i, o: TANH_GAIN**2 * 2 / (i + o),
        "I2",
        "xavier-tanh-gain",
    ),
    case("kaiming_normal_", {"nonlinearity": "relu"}, lambda i, o: 2 / i, "I4", "he-relu"),
    case(
        "kaiming_normal_",
        {"mode": "fan_out", "nonlinearity": "tanh"},
        lambda i, o: TANH_GAIN**2 / o,
        "I4",
        "he-tanh-fan-out",
    ),
    case(
        "kaiming_normal_",
        {"a": 0.2, "nonlinearity": "leaky_relu"},
        lambda i, o: leaky_gain(0.2) ** 2 / i,
        "I4",
        "he-leaky-0.2",
    ),
]
UNIFORM = [
    case("xavier_uniform_", {}, lambda i, o: 2 / (i + o), "I2", "xavier"),
    case("kaiming_uniform_", {"nonlinearity": "relu"}, lambda i, o: 2 / i, "I4", "he-relu"),
    case(
        "kaiming_uniform_",
        {"a": -0.5, "mode": "fan_out"},
        lambda i, o: leaky_gain(-0.5) ** 2 / o,
        "I4",
        "he-leaky-minus-0.5-fan-out",
    ),
]


def call(name, options):
    """How the report writes an initialiser's call: ``kaiming_uniform_(w, nonlinearity='relu')``."""
    return f"{name}({', '.join(['w', *(f'{k}={v!r}' for k, v in options.items())])})"


def initialised(impl, name, options, shape, generator, device):
    weight = torch.empty(shape, device=device, dtype=F64)
    getattr(impl.init, name)(weight, **options, generator=generator)
    return weight


def uniform_square_check(weight, bound, what, false_failure):
    """Mean of (w/a)^2 against 1/3: for U(-a, a), E[w^2] = a^2/3 and Var(w^2) = 4a^4/45."""
    return testing.mean((weight / bound) ** 2, 1 / 3, 4 / 45, what, false_failure)


# ---------------------------------------------------------------- weights: normal variants


@pytest.mark.statistical
@pytest.mark.parametrize("name, options, variance", NORMAL)
@given(shape=weight_shapes(), seed=SEEDS)
def test_normal_initialisers_draw_zero_mean_gaussians_with_the_variance_of_their_formula(
    impl, device, seeded, evidence, name, options, variance, shape, seed
):
    weight = initialised(impl, name, options, shape, seeded(seed, device), device)
    standardised = weight / math.sqrt(variance(*fans(shape)))
    budget = per_example_false_failure() / 2
    label = call(name, options)
    check = testing.variance(standardised, 1.0, 0.0, f"{label}: Var(w) / formula", budget)
    powers = check.power(1.1), check.power(0.9)
    assert min(powers) > 1 - 1e-6, (
        f"{label}, shape {shape}: power against a 10% variance error {powers}, expected > 1 - 1e-6"
    )
    # Xavier's plain formula is what a learner of I2 reads first
    learner = name == "xavier_normal_" and not options
    evidence.check(
        check,
        zh=f"`{label}`：Var(w) / 公式值",
        learner=learner,
        params={"shape": shape, "init": "Xavier"} if learner else None,
    )
    # a Gaussian tail: P(|z| > 2) = erfc(sqrt 2), about 4.6%; 0 for a uniform of this variance
    beyond = int((standardised.abs() > 2).sum())
    tail = testing.proportion(
        beyond, weight.numel(), math.erfc(math.sqrt(2)), f"{label}: P(|w| > 2 sd)", budget
    )
    evidence.check(tail, zh=f"`{label}`：P(|w| > 2 sd)")


@functools.cache
def three_percent_shape():
    """A 3x3 convolution weight with enough elements to catch a 3% variance error."""
    n_in, size = 64, 9
    return (-(-testing.chi_square_samples(0.03) // (n_in * size)), n_in, 3, 3)


@pytest.mark.statistical
@pytest.mark.parametrize("name, options, variance", [NORMAL[0], NORMAL[2]])
def test_the_variance_check_of_the_initialisers_catches_a_three_percent_error(
    impl, device, rng, evidence, name, options, variance
):
    shape = three_percent_shape()
    weight = initialised(impl, name, options, shape, rng, device)
    check = testing.variance(
        weight / math.sqrt(variance(*fans(shape))), 1.0, known_mean=0.0, what=f"{name}, 3x3 conv"
    )
    powers = check.power(1.03), check.power(0.97)
    assert min(powers) > 1 - 1e-6, (
        f"{name}, shape {shape}: power against a 3% variance error {powers}, expected > 1 - 1e-6"
    )
    evidence.check(check, zh=f"`{name}`，3x3 卷积")


# each wrong initialiser, checked against the He (fan-in, relu) variance 2/fan_in
MISTAKES_ZH = {
    "fan_out instead of fan_in": "用 `fan_out` 代替 `fan_in`",
    "1/n instead of 2/n": "用 1/n 代替 2/n",
    "3% too small": "小了 3%",
}
WRONG = {
    "fan_out instead of fan_in": lambda init, w, g: init.kaiming_normal_(
        w, mode="fan_out", nonlinearity="relu", generator=g
    ),
    "1/n instead of 2/n": lambda init, w, g: init.kaiming_normal_(
        w, nonlinearity="linear", generator=g
    ),
    # leaky_relu's gain^2 = 2/(1 + a^2) = 2 x 0.97
    "3% too small": lambda init, w, g: init.kaiming_normal_(
        w, a=math.sqrt(1 / 0.97 - 1), generator=g
    ),
}


@pytest.mark.claim("I4")
@pytest.mark.statistical
@pytest.mark.parametrize("mistake", list(WRONG))
def test_a_wrongly_scaled_initialiser_fails_the_he_variance_check(
    impl, device, rng, evidence, mistake
):
    shape = three_percent_shape()
    fan_in, fan_out = fans(shape)
    # the fan-out mistake changes the variance
    assert fan_out > 1.5 * fan_in, f"shape {shape}: fan_out {fan_out}, expected > 1.5 x {fan_in}"
    weight = torch.empty(shape, device=device, dtype=F64)
    WRONG[mistake](impl.init, weight, rng)
    check = testing.variance(weight / math.sqrt(2 / fan_in), 1.0, known_mean=0.0)
    assert not check.ok, f"the He check accepted {mistake}: {check.explain()}"
    evidence.record(
        Both(
            f"He check on an initialiser with {mistake}: rejected",
            f"He 检验用于{MISTAKES_ZH[mistake]}的初始化：被拒绝",
        ),
        check.measured,
        f"∉ [{check.low:.6g}, {check.high:.6g}]",
        Both(check.tolerance, check.tolerance_zh),
    )


# ---------------------------------------------------------------- weights: uniform variants


@pytest.mark.statistical
@pytest.mark.parametrize("name, options, variance", UNIFORM)
@given(shape=weight_shapes(), seed=SEEDS)
def test_uniform_initialisers_fill_minus_a_to_a_with_variance_a_squared_over_3(
    impl, device, seeded, evidence, name, options, variance, shape, seed
):
    weight = initialised(impl, name, options, shape, seeded(seed, device), device)
    bound = math.sqrt(3 * variance(*fans(shape)))
    budget = per_example_false_failure() / 2
    largest = weight.abs().max().item()
    # the bound is computed in another order than the implementation's: allow 4 ulp
    label = call(name, options)
    assert largest <= bound * (1 + 4 * torch.finfo(F64).eps), (
        f"{label}, shape {shape}: max |w| = {largest!r}, expected <= a = {bound!r} (+4 ulp)"
    )
    # P(max |w| < (1 - d) a) = (1 - d)^n for n uniform values: d makes that the budget
    d = -math.expm1(math.log(budget) / weight.numel())
    assert largest >= (1 - d) * bound, (
        f"{label}, shape {shape}: max |w| / a = {largest / bound!r}, expected >= 1 - {d:.3g}"
    )
    evidence.record(
        Both(f"{label}: max |w| / a, a its bound", f"`{label}`：max |w| / a，a 为其边界"),
        largest / bound,
        1.0,
        f"[{1 - d:.6f}, 1]",
    )
    check = uniform_square_check(weight, bound, f"{label}: E[w^2] / a^2, a its bound", budget)
    powers = check.power(1.1 / 3), check.power(0.9 / 3)
    assert min(powers) > 1 - 1e-6, (
        f"{label}, shape {shape}: power against a 10% variance error {powers}, expected > 1 - 1e-6"
    )
    # He's uniform variant for ReLU, the one I4 names, is a learner's record
    learner = name == "kaiming_uniform_" and options == {"nonlinearity": "relu"}
    evidence.check(
        check,
        zh=f"`{label}`：E[w^2] / a^2，a 为其边界",
        learner=learner,
        params={"shape": shape, "init": "He"} if learner else None,
    )


# ---------------------------------------------------------------- fans and gains


@pytest.mark.claim("I2", "I4")
@given(shape=st.lists(st.integers(0, 7), min_size=2, max_size=5))
def test_the_fans_are_in_and_out_times_the_kernel_size_as_in_torch(evidence, shape):
    """dlspec only: the fans are beyond the implementation contract (PyTorch keeps its own
    private), so dlspec's are compared with PyTorch's, read from the registry, and with their
    definition; the tests of the weights check every implementation against fans()."""
    weight = torch.empty(shape)
    ours = dinit.calculate_fan_in_and_fan_out(weight)
    theirs = REGISTRY["torch"].init._calculate_fan_in_and_fan_out(weight)
    assert ours == theirs == fans(shape), (
        f"(fan_in, fan_out) of shape {shape}: dlspec {ours}, torch {theirs}, expected {fans(shape)}"
    )
    for claim in ("I2", "I4"):
        evidence.record(
            Both("(fan_in, fan_out), dlspec vs torch", "`(fan_in, fan_out)`，dlspec 对比 torch"),
            str(ours),
            str(theirs),
            claim=claim,
        )


GAINS = [
    *[(name, None, "I2") for name in ("linear", "conv1d", "conv2d", "conv3d", "sigmoid", "tanh")],
    *[(f"conv_transpose{k}d", None, "I2") for k in (1, 2, 3)],
    ("relu", None, "I4"),
    ("relu", 0.3, "I4"),  # the parameter is ignored
    ("selu", None, "I4"),
    *[("leaky_relu", slope, "I4") for slope in (None, 0, 0.01, 0.2, -0.5, 3, math.sqrt(5))],
]


@pytest.mark.claim("I2", "I4")
@pytest.mark.parametrize("nonlinearity, param, claim", GAINS)
def test_calculate_gain_gives_torch_s_value_for_every_nonlinearity(
    evidence, nonlinearity, param, claim
):
    """dlspec only: PyTorch's calculate_gain, read from the registry, is the reference; the
    tests of the weights above check every implementation's gains through their variance."""
    ours = dinit.calculate_gain(nonlinearity, param)
    theirs = REGISTRY["torch"].init.calculate_gain(nonlinearity, param)
    assert math.isclose(ours, theirs, rel_tol=2 * torch.finfo(F64).eps), (
        f"calculate_gain({nonlinearity!r}, {param}): dlspec {ours!r}, torch {theirs!r}, "
        "expected equal to 2 ulp"
    )
    evidence.record(f"calculate_gain({nonlinearity!r}, {param})", ours, theirs, "2 ulp", claim)


@pytest.mark.claim("I2", "I4")
@pytest.mark.parametrize(
    "name", ["xavier_normal_", "xavier_uniform_", "kaiming_normal_", "kaiming_uniform_"]
)
@pytest.mark.parametrize("dtype", [torch.float32, F64])
def test_initialisers_work_in_place_and_draw_only_from_the_given_generator(
    impl, device, derive_seed, evidence, name, dtype
):
    def draw():
        weight = torch.nn.Parameter(torch.zeros(16, 8, 3, device=device, dtype=dtype))
        generator = torch.Generator(device=device).manual_seed(derive_seed("in place", name))
        return weight, getattr(impl.init, name)(weight, generator=generator)

    global_state = torch.random.get_rng_state() if device.type == "cpu" else None
    cuda_state = torch.cuda.get_rng_state(device) if device.type == "cuda" else None
    (weight, returned), (again, _) = draw(), draw()
    assert returned is weight, f"{name} returned {type(returned).__name__}, not its weight"
    assert (weight.dtype, weight.device.type) == (dtype, device.type), (
        f"{name} left a weight of {weight.dtype} on {weight.device.type}, "
        f"expected {dtype} on {device.type}"
    )
    assert weight.requires_grad and weight.grad_fn is None, (  # no graph was recorded
        f"{name}: requires_grad {weight.requires_grad}, grad_fn {weight.grad_fn}, "
        "expected True and None"
    )
    overwritten = torch.count_nonzero(weight).item()
    assert overwritten == weight.numel(), (
        f"{name} overwrote {overwritten} of {weight.numel()} zeros, expected all"
    )
    difference = (weight - again).abs().max().item()
    assert torch.equal(weight, again), (
        f"{name}, two draws from one seed: max |difference| {difference}, expected 0"
    )
    if global_state is not None:
        assert torch.equal(torch.random.get_rng_state(), global_state), (
            f"{name} drew from the global CPU generator, expected only the given one"
        )
    if cuda_state is not None:
        assert torch.equal(torch.cuda.get_rng_state(device), cuda_state), (
            f"{name} drew from the global CUDA generator, expected only the given one"
        )
    for claim in ("I2", "I4"):
        evidence.record(
            Both(
                f"{name}: max |difference| between two draws from one seed",
                f"`{name}`：同一种子两次抽取之差的最大绝对值",
            ),
            difference,
            0.0,
            claim=claim,
        )


# ---------------------------------------------------------------- I2: what 2/(n_in + n_out) is

N_IN, N_OUT = sp.symbols("n_in n_out", positive=True)
XAVIER = 2 / (N_IN + N_OUT)


def harmonic_mean(a, b):
    return 2 / (1 / a + 1 / b)


@pytest.mark.claim("I2")
def test_xavier_s_variance_is_the_harmonic_mean_of_the_two_variances_1_over_n_in_and_n_out(
    evidence,
):
    gap = sp.simplify(XAVIER - harmonic_mean(1 / N_IN, 1 / N_OUT))
    assert gap == 0, f"2/(n_in + n_out) - harmonic mean of 1/n_in and 1/n_out = {gap}, not 0"
    forward, backward = N_IN * XAVIER, N_OUT * XAVIER  # factors on E[h^2] and E[g^2]
    solutions = [sp.solve(sp.Eq(factor, 1), N_IN) for factor in (forward, backward)]
    assert solutions == [[N_OUT], [N_OUT]], (
        f"n_in solving n_in Var = 1 and n_out Var = 1: {solutions}, expected n_out for both"
    )
    # their product 4 n_in n_out/(n_in + n_out)^2 is < 1 unless n_in = n_out (AM-GM)
    shortfall = sp.simplify(1 - forward * backward - (N_IN - N_OUT) ** 2 / (N_IN + N_OUT) ** 2)
    assert shortfall == 0, (
        f"1 - forward x backward factor - ((n_in - n_out)/(n_in + n_out))^2 = {shortfall}, not 0"
    )
    evidence.record(
        Both(
            "2/(n_in + n_out) - harmonic mean of 1/n_in and 1/n_out",
            "2/(n_in + n_out) 减去 1/n_in 与 1/n_out 的调和平均",
        ),
        str(gap),
        "0",
        learner=True,
        params={},
    )
    (forward_at,), (backward_at,) = solutions
    evidence.record(
        Both(
            "where Xavier keeps the second moment: forward factor n_in Var(w) = 1, backward "
            "factor n_out Var(w) = 1",
            "Xavier 保持二阶矩的条件：前向因子 `n_in Var(w) = 1`，反向因子 `n_out Var(w) = 1`",
        ),
        Both(
            f"forward: n_in = {forward_at}; backward: n_in = {backward_at}",
            f"前向：`n_in = {forward_at}`；反向：`n_in = {backward_at}`",
        ),
        Both("both at n_in = n_out only", "两者都只在 `n_in = n_out` 时成立"),
        learner=True,
        params={},
    )


@pytest.mark.claim("I2", counterexample=True)
def test_xavier_s_variance_is_not_the_harmonic_mean_of_n_in_and_n_out(evidence):
    gap = sp.simplify(XAVIER - harmonic_mean(N_IN, N_OUT))
    assert gap != 0, "2/(n_in + n_out) - harmonic mean of n_in and n_out simplified to 0"
    # they agree only on the curve n_in n_out = 1, i.e. for integer fans only at 1 x 1
    agreement = sp.solve(sp.Eq(XAVIER, harmonic_mean(N_IN, N_OUT)), N_IN)
    assert agreement == [1 / N_OUT], (
        f"n_in where 2/(n_in + n_out) = harmonic mean of n_in and n_out: {agreement}, "
        "expected 1/n_out"
    )
    at_square = (
        XAVIER.subs({N_IN: 256, N_OUT: 256}),
        harmonic_mean(N_IN, N_OUT).subs({N_IN: 256, N_OUT: 256}),
    )
    evidence.record(
        Both(
            "Var(w) at 256 × 256: Xavier's 2/(n_in + n_out) (measured) against the claim's "
            "harmonic mean of n_in and n_out (predicted)",
            "256 × 256 时的 `Var(w)`：Xavier 的 `2/(n_in + n_out)`（实测）对照知识库所说的 "
            "`n_in`、`n_out` 的调和平均（预测）",
        ),
        str(at_square[0]),
        str(at_square[1]),
        role="claim",
        learner=True,
        params={"n_in": 256, "n_out": 256},
    )


# ---------------------------------------------------------------- I4: He on a linear layer


@st.composite
def linear_sides(draw):
    """(n_in, n_out) with SMALLEST <= n_in n_out <= LARGEST and n_in != n_out."""
    n_in = draw(st.integers(32, 1024))
    n_out = draw(st.integers(-(-SMALLEST // n_in), LARGEST // n_in).filter(lambda n: n != n_in))
    return n_in, n_out


@pytest.mark.claim("I4")
@pytest.mark.statistical
@given(sides=linear_sides(), seed=SEEDS)
def test_he_relu_init_of_a_linear_weight_has_variance_2_over_in_features(
    impl, device, seeded, evidence, sides, seed
):
    n_in, n_out = sides
    layer = impl.nn.Linear(n_in, n_out, device=device, dtype=F64)
    assert tuple(layer.weight.shape) == (n_out, n_in), (  # fan_in is the second dimension
        f"Linear({n_in}, {n_out}).weight shape {tuple(layer.weight.shape)}, "
        f"expected {(n_out, n_in)}"
    )
    impl.init.kaiming_normal_(layer.weight, nonlinearity="relu", generator=seeded(seed, device))
    check = testing.variance(
        layer.weight * math.sqrt(n_in / 2),
        1.0,
        known_mean=0.0,
        what="kaiming_normal_(w, nonlinearity='relu') on nn.Linear: Var(w) × in_features / 2",
        false_failure=per_example_false_failure(),
    )
    evidence.check(
        check,
        zh="`nn.Linear` 上的 `kaiming_normal_(w, nonlinearity='relu')`：`Var(w) × in_features / 2`",
        learner=True,
        params={"n_in": n_in, "n_out": n_out, "init": "He"},
    )


@pytest.mark.claim("I4")
@pytest.mark.statistical
def test_kaiming_normal_s_defaults_leaky_relu_with_slope_0_draw_he_s_2_over_fan_in(
    impl, device, rng, evidence
):
    defaults = {
        name: parameter.default
        for name, parameter in inspect.signature(impl.init.kaiming_normal_).parameters.items()
        if parameter.default is not inspect.Parameter.empty
    }
    expected = {"a": 0, "mode": "fan_in", "nonlinearity": "leaky_relu"}
    found = {name: defaults.get(name) for name in expected}
    assert found == expected, f"kaiming_normal_'s defaults {found}, expected {expected}"
    gain = impl.init.calculate_gain(defaults["nonlinearity"], defaults["a"])
    relu_gain = impl.init.calculate_gain("relu")
    assert gain == relu_gain == math.sqrt(2), (
        f"gain of kaiming_normal_'s defaults {gain!r}, of 'relu' {relu_gain!r}, "
        f"expected sqrt(2) = {math.sqrt(2)!r} for both"
    )
    evidence.record(
        Both("gain of kaiming_normal_'s defaults", "`kaiming_normal_` 默认参数下的增益"),
        gain,
        math.sqrt(2),
    )
    shape = three_percent_shape()
    weight = initialised(impl, "kaiming_normal_", {}, shape, rng, device)
    fan_in, _ = fans(shape)
    check = testing.variance(
        weight * math.sqrt(fan_in / 2),
        1.0,
        known_mean=0.0,
        what="kaiming_normal_(w): Var(w) × fan_in / 2",
    )
    evidence.check(
        check,
        zh="`kaiming_normal_(w)`：Var(w) × fan_in / 2",
        learner=True,
        params={"shape": shape, "init": "He"},
    )


# ---------------------------------------------------------------- I1: one layer, both passes


@st.composite
def unequal_sides(draw):
    """(n_in, n_out), 2^15 <= n_in n_out, one at least 1.5 times the other: the forward and
    backward factors 2 n/(n_in + n_out) are then at least 20% away from 1."""
    small = draw(st.integers(128, 256))
    large = draw(st.integers(max(-(-3 * small // 2), -(-SMALLEST // small)), 640))
    return (small, large) if draw(st.booleans()) else (large, small)


def orthogonal_rows(rows, cols, generator, device):
    """``rows`` <= ``cols`` mutually orthogonal vectors with unequal lengths."""
    q, _ = torch.linalg.qr(torch.randn(cols, rows, generator=generator, device=device, dtype=F64))
    lengths = 0.5 + torch.rand(rows, 1, generator=generator, device=device, dtype=F64)
    return q.T * lengths


def layer_with(impl, init, n_in, n_out, generator, device):
    layer = impl.nn.Linear(n_in, n_out, bias=False, device=device, dtype=F64)
    init(layer.weight, generator)
    return layer


def forward_ratios(layer, generator, device):
    """Samples whose variance is the layer's forward factor E[(W x)^2] / E[x^2]."""
    n_out, n_in = layer.weight.shape
    x = orthogonal_rows(min(n_in, -(-SMALLEST // n_out)), n_in, generator, device)
    return layer(x).detach() / rms(x)


def backward_ratios(layer, generator, device):
    """Samples whose variance is the layer's backward factor E[(W^T g)^2] / E[g^2], g the
    gradient of the loss with respect to the layer's output."""
    n_out, n_in = layer.weight.shape
    g = orthogonal_rows(min(n_out, -(-SMALLEST // n_in)), n_out, generator, device)
    anywhere = torch.zeros(len(g), n_in, device=device, dtype=F64, requires_grad=True)
    layer(anywhere).backward(g)  # the gradient g W does not depend on the input
    return anywhere.grad / rms(g)


def rms(rows):
    return (rows**2).mean(dim=1, keepdim=True).sqrt()


DIRECTIONS_ZH = {"forward": "前向", "backward": "反向"}
# what each direction's ratio compares, for a layer y = W x: the output's second moment to the
# input's forward, and the input's gradient's to the output's gradient's backward
RATIOS = {"forward": "E[y^2] / E[x^2]", "backward": "E[(dL/dx)^2] / E[(dL/dy)^2]"}


def xavier(impl):
    return lambda weight, generator: impl.init.xavier_normal_(weight, generator=generator)


@pytest.mark.claim("I1", counterexample=True)
@pytest.mark.statistical
@given(sides=unequal_sides(), seed=SEEDS)
def test_for_unequal_fans_xavier_keeps_neither_the_forward_nor_the_backward_second_moment(
    impl, device, seeded, evidence, sides, seed
):
    n_in, n_out = sides
    g = seeded(seed, device)
    layer = layer_with(impl, xavier(impl), n_in, n_out, g, device)
    forward, backward = forward_ratios(layer, g, device), backward_ratios(layer, g, device)
    budget = per_example_false_failure() / 4
    params = {"n_in": n_in, "n_out": n_out, "init": "Xavier"}
    for direction, samples, fan in (("forward", forward, n_in), ("backward", backward, n_out)):
        factor = 2 * fan / (n_in + n_out)
        what = f"{direction}: {RATIOS[direction]}, Xavier"
        what_zh = f"{DIRECTIONS_ZH[direction]}：`{RATIOS[direction]}`，Xavier"
        right = testing.variance(samples, factor, 0.0, what, budget)
        kept = testing.variance(samples, 1.0, 0.0, f"{what}, claim: 1", budget)
        # a factor >= 20% from 1 cannot pass as 1
        assert kept.power(factor) > 1 - budget, (
            f"{what}: power of the check of 1 against {factor:.4g} is {kept.power(factor)}, "
            f"expected > 1 - {budget:.3g}"
        )
        evidence.check(right, zh=what_zh, learner=True, params=params)
        assert not kept.ok, f"expected the claim's factor 1 rejected: {kept.explain()}"
        # the backward one says the same as the forward one: a learner reads one of them
        evidence.record(
            Both(f"{what} (the claim's value)", f"{what_zh}（知识库的值）"),
            kept.measured,
            1.0,
            Both(kept.tolerance, kept.tolerance_zh),
            role="claim",
            learner=direction == "forward",
            params=params,
        )


@pytest.mark.claim("I1")
@pytest.mark.statistical
@given(n_in=st.integers(182, 448), n_out=st.integers(182, 448), seed=SEEDS)
def test_he_fan_in_doubles_the_forward_second_moment_and_relu_halves_it_back(
    impl, device, seeded, evidence, n_in, n_out, seed
):
    budget = per_example_false_failure() / 3

    def he(mode):
        return lambda w, g: impl.init.kaiming_normal_(
            w, mode=mode, nonlinearity="relu", generator=g
        )

    g = seeded(seed, device)
    forward = forward_ratios(layer_with(impl, he("fan_in"), n_in, n_out, g, device), g, device)
    doubled = testing.variance(forward, 2.0, 0.0, "forward E[h^2] / E[x^2], He fan_in", budget)
    # for h ~ N(0, 2): E[relu(h)^2] = 1 and Var(relu(h)^2) = (3/2 - 1/4) 2^2 = 5
    after_relu = testing.mean(
        impl.relu(forward) ** 2, 1.0, 5.0, "E[relu(h)^2] / E[x^2], He fan_in", budget
    )
    backward = backward_ratios(layer_with(impl, he("fan_out"), n_in, n_out, g, device), g, device)
    back = testing.variance(
        backward, 2.0, 0.0, "backward E[(W^T g)^2] / E[g^2], He fan_out", budget
    )
    evidence.check(doubled, zh="前向 E[h^2] / E[x^2]，He fan_in")
    evidence.check(after_relu, zh="E[relu(h)^2] / E[x^2]，He fan_in")
    evidence.check(back, zh="反向 E[(W^T g)^2] / E[g^2]，He fan_out")


# ---------------------------------------------------------------- PyTorch's default nn.Linear


@pytest.mark.claim("I2", "I4")
@pytest.mark.statistical
@given(sides=linear_sides(), seed=SEEDS)
def test_the_default_linear_weight_is_uniform_on_1_over_sqrt_in_with_variance_1_over_3_in(
    impl, device, seeded, derive_seed, evidence, sides, seed
):
    n_in, n_out = sides
    torch.manual_seed(derive_seed(seed))  # nn.Linear draws from the global generator
    weight = impl.nn.Linear(n_in, n_out, device=device, dtype=F64).weight.detach()
    # kaiming_uniform_ with a = sqrt(5): gain^2 = 2/6, bound gain sqrt(3/n_in) = 1/sqrt(n_in)
    gain_squared = impl.init.calculate_gain("leaky_relu", math.sqrt(5)) ** 2
    assert math.isclose(gain_squared, 1 / 3), (
        f"calculate_gain('leaky_relu', sqrt 5)^2 = {gain_squared!r}, expected 1/3"
    )
    he_sqrt5 = initialised(
        impl, "kaiming_uniform_", {"a": math.sqrt(5)}, (n_out, n_in), seeded(seed, device), device
    )
    bound = 1 / math.sqrt(n_in)
    budget = per_example_false_failure() / 2
    for (what, what_zh), drawn in (
        (("default nn.Linear", "默认的 `nn.Linear`"), weight),
        (("kaiming_uniform_(a=sqrt 5)", "`kaiming_uniform_(a=sqrt 5)`"), he_sqrt5),
    ):
        # the bound may be computed in another order than here: allow 4 ulp
        largest = drawn.abs().max().item()
        assert largest <= bound * (1 + 4 * torch.finfo(F64).eps), (
            f"{what}, ({n_out}, {n_in}): max |w| = {largest!r}, "
            f"expected <= 1/sqrt(n_in) = {bound!r} (+4 ulp)"
        )
        check = uniform_square_check(drawn, bound, f"{what}: n_in E[w^2]", budget)
        # PyTorch's default is not He's 2: a learner of I4 should see it
        learner = drawn is weight
        evidence.check(
            check,
            claim="I4",
            zh=f"{what_zh}：`n_in E[w^2]`",
            learner=learner,
            params={"n_in": n_in, "n_out": n_out} if learner else None,
        )
    evidence.record(
        Both(
            "n_in Var(w), default nn.Linear (next to Xavier's and He's)",
            "n_in Var(w)，默认的 `nn.Linear`（与 Xavier 和 He 的值并列）",
        ),
        weight.var().item() * n_in,
        f"1/3; Xavier {2 * n_in / (n_in + n_out):.4g}, He 2",
        Both("not asserted: the three side by side", "不作断言：三者并列比较"),
        "I4",
        role="informative",
    )


# ---------------------------------------------------------------- bad input


def weight():
    return torch.empty(4, 3)


@pytest.mark.bad_input
@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: dinit.xavier_normal_(torch.empty(5)), ValueError, "xavier_normal_ needs .* 2 dim"),
        (
            lambda: dinit.calculate_fan_in_and_fan_out(torch.empty(5)),
            ValueError,
            r"at least 2 dimensions \(out, in, \*kernel\), got shape \(5,\)",
        ),
        (
            lambda: dinit.kaiming_uniform_(torch.zeros(4, 3, dtype=torch.long)),
            TypeError,
            "kaiming_uniform_ expects a floating-point tensor, got dtype torch.int64",
        ),
        (lambda: dinit.xavier_uniform_([[0.0]]), TypeError, "expects a torch.Tensor, got list"),
        (
            lambda: dinit.kaiming_normal_(weight(), mode="fan_avg"),
            ValueError,
            "kaiming_normal_ mode must be 'fan_in' or 'fan_out', got 'fan_avg'",
        ),
        (
            lambda: dinit.kaiming_uniform_(weight(), nonlinearity="gelu"),
            ValueError,
            "kaiming_uniform_: calculate_gain: unknown nonlinearity 'gelu'",
        ),
        (
            lambda: dinit.calculate_gain("softplus"),
            ValueError,
            "unknown nonlinearity 'softplus'",
        ),
        (
            lambda: dinit.calculate_gain("leaky_relu", "0.1"),
            TypeError,
            "negative slope must be a real number, got str",
        ),
        (
            lambda: dinit.xavier_normal_(weight(), gain=-1.0),
            ValueError,
            "xavier_normal_ gain must be >= 0, got -1.0",
        ),
        (
            lambda: dinit.xavier_uniform_(weight(), gain=math.nan),
            ValueError,
            "xavier_uniform_ gain must be finite",
        ),
        (lambda: dinit.kaiming_normal_(weight(), a=math.inf), ValueError, "a must be finite"),
    ],
    ids=[
        "one-dimensional",
        "fans-of-one-dimensional",
        "integer-tensor",
        "not-a-tensor",
        "unknown-mode",
        "unknown-nonlinearity",
        "unknown-gain-name",
        "string-slope",
        "negative-gain",
        "nan-gain",
        "infinite-slope",
    ],
)
def test_dlspec_initialisers_reject_bad_input_naming_the_problem(call, error, message):
    raises_naming_the_problem(call, error, message)


# ---------------------------------------------------------------- torch.nn.init's interface
# What torch.nn.init does with a weight it has nothing to draw for, or a slope it cannot use
# (the cases of PyTorch's own test/nn/test_init.py), asked of every implementation.


@pytest.mark.bad_input
@pytest.mark.parametrize("shape", [(0, 3), (3, 0), (0, 0), (2, 0, 3), (0,)])
@pytest.mark.parametrize("name", ["kaiming_normal_", "kaiming_uniform_"])
def test_kaiming_initialisers_warn_and_return_a_weight_with_no_elements_as_it_is(impl, name, shape):
    weight = torch.empty(shape)
    with pytest.warns(UserWarning, match="^Initializing zero-element tensors is a no-op$"):
        returned = getattr(impl.init, name)(weight)
    assert returned is weight, f"{name} on shape {shape} returned {returned!r}, not its weight"
    assert weight.shape == shape, f"{name} reshaped a {shape} weight to {tuple(weight.shape)}"


@pytest.mark.bad_input
@pytest.mark.parametrize("shape", [(0, 3), (3, 0), (2, 0, 3)])  # (0, 0): torch divides by 0
@pytest.mark.parametrize("name", ["xavier_normal_", "xavier_uniform_"])
def test_xavier_initialisers_return_a_weight_with_no_elements_silently(impl, name, shape):
    weight = torch.empty(shape)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning fails the test, whatever the config
        returned = getattr(impl.init, name)(weight)
    assert returned is weight, f"{name} on shape {shape} returned {returned!r}, not its weight"
    assert weight.shape == shape, f"{name} reshaped a {shape} weight to {tuple(weight.shape)}"


def slope_refused_with_a_value_error(impl, slope):
    with pytest.raises((TypeError, ValueError)) as raised:
        impl.init.calculate_gain("leaky_relu", slope)
    call = f"calculate_gain('leaky_relu', {slope!r})"
    assert raised.type is ValueError, (
        f"{call} raised {raised.typename}: {raised.value}; torch.nn.init raises ValueError"
    )
    assert "slope" in str(raised.value), f"{call}'s error does not name the slope: {raised.value}"


# dlspec declares a deviation here (dlspec/harness/impls.py): it raises TypeError
@pytest.mark.bad_input
@pytest.mark.parametrize("slope", ["0.1", [1], {"a": "b"}], ids=["str", "list", "dict"])
def test_calculate_gain_refuses_a_slope_that_is_not_a_number_with_a_value_error(impl, slope):
    slope_refused_with_a_value_error(impl, slope)


# dlspec declares a deviation here too: a bool is no real number to it, so TypeError
@pytest.mark.bad_input
@pytest.mark.parametrize("slope", [True, False])
def test_calculate_gain_refuses_a_boolean_slope_with_a_value_error(impl, slope):
    slope_refused_with_a_value_error(impl, slope)
