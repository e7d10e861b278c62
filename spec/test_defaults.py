"""Defaults: every default value that the knowledge base names or the spec relies on, checked
by behaviour on every entry point (module and functional form) of each implementation.

A default is checked by calling with the argument omitted and with its value given: the two
results must agree bit for bit. A neighbouring value must give a different result, which
shows that the comparison can tell the values apart. Signatures are never inspected: what
counts is what a call without the argument does.

Elsewhere the spec checks what these values mean (spec/test_normalisation.py: the running
statistics move 0.1 of the way to the batch's mean and unbiased variance; spec/test_init.py:
the variances the initialisers draw, and the default nn.Linear weight).
"""

from __future__ import annotations

import math

import pytest
import torch

from dlspec import testing
from dlspec.harness.translations import split

from .support import F64, Both

U = torch.finfo(F64).eps / 2  # unit roundoff of float64


def difference(a, b) -> float:
    """Largest |a - b| over matching tensors (nested in dicts or tuples); inf where the
    structure, a shape or a dtype differs."""
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return math.inf
        return max((difference(a[k], b[k]) for k in a), default=0.0)
    if isinstance(a, tuple) and isinstance(b, tuple):
        if len(a) != len(b):
            return math.inf
        return max((difference(x, y) for x, y in zip(a, b, strict=True)), default=0.0)
    if isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor):
        if a.shape != b.shape or a.dtype != b.dtype:
            return math.inf
        return (a - b).abs().max().item() if a.numel() else 0.0
    return abs(a - b)


def argument(name: str, value: str) -> Both:
    """The label of a neighbouring value: ``name value`` in English, the keyword argument as
    code in Chinese (the argument's name is an identifier, not a word to translate)."""
    return Both(f"{name} {value}", f"`{name}={value}`")


def arguments(options: dict) -> Both:
    """The label of the keyword arguments ``options``, as :func:`argument` writes one."""
    return Both(
        ", ".join(f"{k} {v}" for k, v in options.items()),
        "、".join(f"`{k}={v!r}`" for k, v in options.items()),
    )


def check_default(evidence, what, default, explicit, neighbours, claim=None):
    """``default`` (argument omitted) equals ``explicit`` (its value given) bit for bit, and
    each result in ``neighbours`` (a nearby value given) differs from it. ``what`` and the
    labels of ``neighbours`` are a str or a :class:`Both`."""
    what_en, what_zh = split(what)
    gap = difference(default, explicit)
    assert gap == 0, f"{what_en}: max |default - explicit| = {gap:.3g}, expected 0 (bit for bit)"
    gaps = {split(label): difference(default, other) for label, other in neighbours.items()}
    alike = [label[0] for label, g in gaps.items() if g == 0]
    assert not alike, (
        f"{what_en}: {alike} give the default's result, expected another (else the check is blind)"
    )
    evidence.record(
        Both(
            f"{what_en}: max |default - explicit|",
            f"{what_zh} 在省略参数与显式给出默认值时所得结果之差的最大绝对值",
        ),
        gap,
        0.0,
        "exact",
        claim,
        key=False,
    )
    labels_en, labels_zh = ", ".join(en for en, _ in gaps), "、".join(zh for _, zh in gaps)
    evidence.record(
        Both(
            f"{what_en}: max |default - neighbour| for {labels_en}",
            f"{what_zh} 在默认值与相邻取值 {labels_zh} 下所得结果之差的最大绝对值",
        ),
        min(gaps.values()),
        "> 0",
        "exact",
        claim,
        key=False,
    )


# ---------------------------------------------------------------- A6: leaky ReLU and PReLU


def with_negatives(generator, device):
    # both signs and an exact 0, so that a slope acts on half of the points
    x = torch.randn(64, generator=generator, device=device, dtype=F64)
    return torch.cat([x, -x.abs(), torch.zeros(1, device=device, dtype=F64)])


@pytest.mark.claim("A6")
def test_the_leaky_relu_module_s_default_negative_slope_is_0_01(impl, device, rng, evidence):
    x = with_negatives(rng, device)
    default = impl.nn.LeakyReLU()(x)
    # one rounding of 0.01 * x, as both implementations compute it
    formula = torch.where(x > 0, x, 0.01 * x)
    assert torch.equal(default, formula), (
        f"nn.LeakyReLU()(x): max |output - where(x > 0, x, 0.01 x)| = "
        f"{(default - formula).abs().max().item():.3g}, expected 0"
    )
    slopes = {Both(f"slope {a}", f"斜率 {a}"): impl.nn.LeakyReLU(a)(x) for a in (0.005, 0.02)}
    check_default(evidence, "nn.LeakyReLU()(x)", default, impl.nn.LeakyReLU(0.01)(x), slopes)


@pytest.mark.claim("A6")
def test_functional_leaky_relu_s_default_negative_slope_is_0_01(impl, device, rng, evidence):
    x = with_negatives(rng, device)
    default = impl.leaky_relu(x)
    formula = torch.where(x > 0, x, 0.01 * x)
    assert torch.equal(default, formula), (
        f"leaky_relu(x): max |output - where(x > 0, x, 0.01 x)| = "
        f"{(default - formula).abs().max().item():.3g}, expected 0"
    )
    slopes = {Both(f"slope {a}", f"斜率 {a}"): impl.leaky_relu(x, a) for a in (0.005, 0.02)}
    check_default(evidence, "leaky_relu(x)", default, impl.leaky_relu(x, 0.01), slopes)


def prelu_before_and_after_a_step(module, x, upstream):
    """Outputs of ``module`` before and after one gradient step (lr 0.1) on sum(y * upstream):
    a slope shared by the channels takes one step from all of them together."""
    before = module(x)
    (grad,) = torch.autograd.grad((before * upstream).sum(), module.weight)
    with torch.no_grad():
        module.weight -= 0.1 * grad
    return before.detach(), module(x).detach()


@pytest.mark.claim("A6")
def test_prelu_starts_from_the_slope_0_25_shared_by_all_channels_by_default(
    impl, device, rng, evidence
):
    channels = 3
    x = torch.randn(16, channels, 4, generator=rng, device=device, dtype=F64)
    upstream = torch.randn(x.shape, generator=rng, device=device, dtype=F64)

    def run(**options):
        module = impl.nn.PReLU(**options, device=device, dtype=F64)
        return prelu_before_and_after_a_step(module, x, upstream)

    default = run()
    formula = torch.where(x > 0, x, 0.25 * x)
    assert torch.equal(default[0], formula), (
        f"nn.PReLU()(x): max |output - where(x > 0, x, 0.25 x)| = "
        f"{(default[0] - formula).abs().max().item():.3g}, expected 0"
    )
    one_per_channel = argument("num_parameters", str(channels))
    neighbours = {
        argument("init", "0.01"): run(init=0.01),
        argument("init", "0.3"): run(init=0.3),
        one_per_channel: run(num_parameters=channels),
    }
    # one slope per channel starts alike but steps apart: only the step tells the two apart
    per_channel = neighbours[one_per_channel][0]
    assert torch.equal(per_channel, default[0]), (
        f"nn.PReLU(num_parameters={channels})(x) before a step: max |output - default's| = "
        f"{(per_channel - default[0]).abs().max().item():.3g}, expected 0"
    )
    explicit = run(num_parameters=1, init=0.25)
    check_default(
        evidence,
        Both("nn.PReLU() before and after a step", "nn.PReLU() 一步更新前后的输出"),
        default,
        explicit,
        neighbours,
    )


# ---------------------------------------------------------------- R1: dropout


@pytest.mark.claim("R1")
@pytest.mark.statistical
def test_dropout_s_default_probability_is_one_half(impl, device, rng, derive_seed, evidence):
    x = 1 + torch.rand(64, 64, generator=rng, device=device, dtype=F64)  # zero only if dropped
    seed = derive_seed("default dropout")

    def dropped(*p):
        # nn.Dropout draws its mask from the global generator: seed it, the autouse fixture of
        # spec/conftest.py restores it; a new module is in training mode
        torch.manual_seed(seed)
        return impl.nn.Dropout(*p)(x)

    default = dropped()
    neighbours = {argument("p", str(p)): dropped(p) for p in (0.4, 0.6)}
    same_seed = Both("nn.Dropout()(x), same seed", "同一种子下的 nn.Dropout()(x)")
    check_default(evidence, same_seed, default, dropped(0.5), neighbours)
    zero = default == 0
    # kept elements are x / (1 - 1/2) = 2x, exact in binary floating point
    kept = (default[~zero] - 2 * x[~zero]).abs().max().item()
    assert torch.equal(default[~zero], 2 * x[~zero]), (
        f"nn.Dropout()(x): max |kept element - 2x| = {kept:.3g}, expected 0"
    )
    check = testing.proportion(int(zero.sum()), zero.numel(), 0.5, "nn.Dropout(): zeroed fraction")
    evidence.check(check, zh="nn.Dropout() 置零的比例")
    powers = {p: check.power(p) for p in (0.4, 0.6)}
    assert all(power > 1 - 1e-6 for power in powers.values()), (
        f"power against a zeroed fraction of {powers}, expected > 1 - 1e-6 each"
    )


# ---------------------------------------------------------------- I6: normalisation


def small_spread(rows, cols, generator, device):
    """Values around 1 with variance 1e-6, well below eps = 1e-5: eps decides the output."""
    return 1 + 1e-3 * torch.randn(rows, cols, generator=generator, device=device, dtype=F64)


def behaviour(layer, batches):
    """Outputs for the first batch in training mode and the second in eval mode, then the
    layer's parameters and buffers."""
    first = layer(batches[0])
    layer.eval()
    return {
        "outputs": (first.detach(), layer(batches[1]).detach()),
        "parameters": {k: v.detach() for k, v in layer.named_parameters()},
        "buffers": dict(layer.named_buffers()),
    }


def starts_as_the_identity(parameters, features):
    """Weight ones and bias zeros, one each per feature."""
    weight, bias = parameters["weight"], parameters["bias"]
    return weight.shape == bias.shape == (features,) and bool(
        (weight == 1).all() & (bias == 0).all()
    )


@pytest.mark.claim("I6")
def test_batchnorm1d_defaults_to_eps_1e_5_momentum_0_1_affine_and_running_statistics(
    impl, device, rng, evidence
):
    features = 4
    batches = [small_spread(16, features, rng, device) + k for k in range(2)]

    def run(**options):
        layer = impl.nn.BatchNorm1d(features, **options, device=device, dtype=F64)
        return behaviour(layer, batches)

    default = run()
    assert starts_as_the_identity(default["parameters"], features), (
        f"nn.BatchNorm1d({features}) parameters {default['parameters']}, expected weight "
        f"ones and bias zeros of shape ({features},)"
    )
    explicit = run(eps=1e-5, momentum=0.1, affine=True, track_running_stats=True)
    neighbours = {
        argument("eps", "1e-3"): run(eps=1e-3),
        argument("momentum", "0.01"): run(momentum=0.01),
        argument("affine", "False"): run(affine=False),
        argument("track_running_stats", "False"): run(track_running_stats=False),
    }
    what = Both("nn.BatchNorm1d(4): train, eval, state", "nn.BatchNorm1d(4) 的训练、评估输出与状态")
    check_default(evidence, what, default, explicit, neighbours)


@pytest.mark.claim("I6")
def test_layernorm_defaults_to_eps_1e_5_and_a_learnable_elementwise_affine_map(
    impl, device, rng, evidence
):
    features = 6
    batches = [small_spread(8, features, rng, device) for _ in range(2)]

    def run(**options):
        layer = impl.nn.LayerNorm(features, **options, device=device, dtype=F64)
        return behaviour(layer, batches)

    default = run()
    assert starts_as_the_identity(default["parameters"], features), (
        f"nn.LayerNorm({features}) parameters {default['parameters']}, expected weight ones "
        f"and bias zeros of shape ({features},)"
    )
    explicit = run(eps=1e-5, elementwise_affine=True)
    neighbours = {
        argument("eps", "1e-3"): run(eps=1e-3),
        argument("eps", "1e-6"): run(eps=1e-6),
        argument("elementwise_affine", "False"): run(elementwise_affine=False),
    }
    what = Both("nn.LayerNorm(6): outputs, parameters", "nn.LayerNorm(6) 的输出与参数")
    check_default(evidence, what, default, explicit, neighbours)


# ---------------------------------------------------------------- I4, A7: nn.Linear's bias


@pytest.mark.claim("I4", "A7")
@pytest.mark.statistical
def test_the_default_linear_has_a_bias_drawn_uniformly_on_1_over_sqrt_in_features(
    impl, device, derive_seed, evidence
):
    # few inputs, many outputs: 2^15 bias values catch a 5% error in E[b^2]
    n_in, n_out = 3, 2**15
    seed = derive_seed("default linear bias")

    def state(**options):
        torch.manual_seed(seed)  # nn.Linear draws its initial values from the global generator
        layer = impl.nn.Linear(n_in, n_out, **options, device=device, dtype=F64)
        return {k: v.detach() for k, v in layer.named_parameters()}

    default = state()
    no_bias = {argument("bias", "False"): state(bias=False)}
    what = Both("nn.Linear(3, 2^15) parameters", "nn.Linear(3, 2^15) 的参数")
    check_default(evidence, what, default, state(bias=True), no_bias, "I4")
    bias, bound = default["bias"], 1 / math.sqrt(n_in)
    # the bound may be computed in another order than here: allow 4 ulp
    largest = bias.abs().max().item()
    assert largest <= bound * (1 + 4 * torch.finfo(F64).eps), (
        f"nn.Linear(3, 2^15): max |bias| = {largest!r}, expected <= 1/sqrt(3) = {bound!r} (+ 4 ulp)"
    )
    # for U(-a, a): E[(b/a)^2] = 1/3, Var((b/a)^2) = 4/45
    check = testing.mean(
        (bias / bound) ** 2, 1 / 3, 4 / 45, "default nn.Linear: E[(b sqrt n_in)^2]"
    )
    evidence.check(check, claim="I4", zh="默认 nn.Linear 的 E[(b sqrt n_in)^2]")
    powers = {f"{factor} / 3": check.power(factor / 3) for factor in (1.05, 0.95)}
    assert all(power > 1 - 1e-6 for power in powers.values()), (
        f"power against E[(b sqrt n_in)^2] of {powers}, expected > 1 - 1e-6 each"
    )


# ---------------------------------------------------------------- R3: optimisers


OPTIMISERS = [
    ("SGD", {"momentum": 0.0, "weight_decay": 0.0}, [{"momentum": 0.1}, {"weight_decay": 0.01}]),
    (
        "Adam",
        {"betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0},
        [{"betas": (0.8, 0.999)}, {"betas": (0.9, 0.99)}, {"eps": 1e-7}, {"weight_decay": 0.01}],
    ),
    (
        "AdamW",
        {"betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.01},
        [
            {"betas": (0.8, 0.999)},
            {"betas": (0.9, 0.99)},
            {"eps": 1e-7},
            {"weight_decay": 0.0},
            {"weight_decay": 0.02},
        ],
    ),
]


@pytest.mark.claim("R3")
@pytest.mark.parametrize("name, explicit, neighbours", OPTIMISERS, ids=[o[0] for o in OPTIMISERS])
def test_optimisers_default_to_torch_s_betas_eps_momentum_and_weight_decay(
    impl, device, rng, evidence, name, explicit, neighbours
):
    inputs = torch.randn(16, 3, generator=rng, device=device, dtype=F64)
    targets = torch.randn(16, 4, generator=rng, device=device, dtype=F64)
    start = [
        torch.randn(4, 3, generator=rng, device=device, dtype=F64),
        torch.zeros(4, device=device, dtype=F64) + 0.5,
    ]

    def trajectory(**options):
        """Parameters after each of 4 steps (lr 0.1) on a least-squares loss: the gradient
        changes from step to step, so the running averages matter."""
        weight, bias = (p.clone().requires_grad_() for p in start)
        optimiser = getattr(impl.optim, name)([weight, bias], lr=0.1, **options)
        steps = []
        for _ in range(4):
            optimiser.zero_grad()
            ((inputs @ weight.T + bias - targets) ** 2).mean().backward()
            optimiser.step()
            steps += [weight.detach().clone(), bias.detach().clone()]
        return tuple(steps)

    others = {arguments(o): trajectory(**o) for o in neighbours}
    steps = Both(f"{name} steps", f"{name} 的各步更新")
    check_default(evidence, steps, trajectory(), trajectory(**explicit), others)


# ---------------------------------------------------------------- I2, I4: initialisers


KAIMING = {"a": 0, "mode": "fan_in", "nonlinearity": "leaky_relu"}
KAIMING_NEIGHBOURS = [{"mode": "fan_out"}, {"a": 0.1}, {"nonlinearity": "linear"}]
INITIALISERS = [
    pytest.param(name, KAIMING, KAIMING_NEIGHBOURS, marks=pytest.mark.claim("I4"), id=name)
    for name in ("kaiming_normal_", "kaiming_uniform_")
] + [
    pytest.param(name, {"gain": 1.0}, [{"gain": 1.1}], marks=pytest.mark.claim("I2"), id=name)
    for name in ("xavier_normal_", "xavier_uniform_")
]


@pytest.mark.parametrize("name, explicit, neighbours", INITIALISERS)
def test_initialisers_default_to_kaiming_s_fan_in_leaky_relu_slope_0_and_xavier_s_gain_1(
    impl, device, seeded, evidence, name, explicit, neighbours
):
    def drawn(**options):
        # a non-square weight, so that fan_in (10) and fan_out (6) give different scales
        weight = torch.empty(6, 10, device=device, dtype=F64)
        return getattr(impl.init, name)(weight, **options, generator=seeded(0, device))

    default = drawn()
    if name.startswith("kaiming"):
        # leaky_relu with slope 0 has ReLU's gain sqrt(2 / (1 + 0^2)) = sqrt 2, the same float
        relu = drawn(nonlinearity="relu")
        assert torch.equal(default, relu), (
            f"{name}(w) vs {name}(w, nonlinearity='relu') from one seed: max difference "
            f"{(default - relu).abs().max().item():.3g}, expected 0"
        )
    others = {arguments(o): drawn(**o) for o in neighbours}
    one_seed = Both(f"{name}(w) from one seed", f"同一种子下的 {name}(w)")
    check_default(evidence, one_seed, default, drawn(**explicit), others)


@pytest.mark.claim("I4")
def test_calculate_gain_for_leaky_relu_defaults_to_the_slope_0_01(impl, evidence):
    gain = impl.init.calculate_gain
    default = gain("leaky_relu")
    # in any operation order, the sum and the quotient (relative error 2u) under the root
    # (which halves it) and the root itself put each value within 2u of sqrt(2 / (1 + a^2))
    formula = math.sqrt(2 / (1 + 0.01**2))
    assert abs(default - formula) <= 4 * U * formula, (
        f"calculate_gain('leaky_relu') = {default!r}, expected sqrt(2 / (1 + 0.01^2)) = "
        f"{formula!r} (+- 4u)"
    )
    neighbours = {Both(f"slope {a}", f"斜率 {a}"): gain("leaky_relu", a) for a in (0, 0.02)}
    check_default(
        evidence, "calculate_gain('leaky_relu')", default, gain("leaky_relu", 0.01), neighbours
    )
