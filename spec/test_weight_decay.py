"""R3: what an optimiser's weight_decay is, for SGD, Adam and AdamW; dlspec's optimisers
against PyTorch's; bad input to dlspec.optim and dlspec.experiments.

Every check runs on a small least-squares problem, loss = mean((X W^T + b - Y)^2), in
float64, so that two mathematically equal updates agree to rounding.
"""

from __future__ import annotations

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from dlspec import experiments, rounding
from dlspec import nn as dnn
from dlspec import optim as doptim
from dlspec.harness.impls import REGISTRY

from .support import F64, SEEDS, Both, raises_naming_the_problem, reinitialise, unit_roundoff

RATES = st.floats(1e-3, 0.05)
DECAYS = st.floats(1e-3, 1.0)
SHAPES = st.tuples(st.integers(1, 6), st.integers(1, 6))


def problem(shape, generator, device):
    """Initial (W, b) and a loss function of (W, b) for a random least-squares fit."""
    n_out, n_in = shape
    x = torch.randn(16, n_in, generator=generator, device=device, dtype=F64)
    y = torch.randn(16, n_out, generator=generator, device=device, dtype=F64)
    w = torch.randn(n_out, n_in, generator=generator, device=device, dtype=F64)
    b = torch.randn(n_out, generator=generator, device=device, dtype=F64)

    def loss(weight, bias):
        return ((x @ weight.T + bias - y) ** 2).mean()

    return (w, b), loss


def trained(optimiser_class, start, loss, steps, penalty=0.0, **options):
    """Parameters after ``steps`` steps of ``optimiser_class`` on loss + penalty/2 ||p||^2.

    The penalty is dlspec.optim.l2_penalty for every implementation: a term of the loss, not
    the optimiser under test (the negative control with a doubled penalty shows that its half
    matters)."""
    params = [p.clone().requires_grad_() for p in start]
    optimiser = optimiser_class(params, **options)
    for _ in range(steps):
        optimiser.zero_grad()
        objective = loss(*params)
        if penalty:
            objective = objective + doptim.l2_penalty(params, penalty)
        objective.backward()
        optimiser.step()
    return [p.detach() for p in params]


# every hyperparameter the step-by-step comparisons draw, over its whole valid range
HYPERPARAMETERS = {
    "lr": RATES,
    "lam": st.floats(0, 1),
    "momentum": st.floats(0, 0.95),
    "betas": st.tuples(st.floats(0, 0.99), st.floats(0, 0.9999)),
    "eps": st.floats(1e-10, 1e-3),
}


def optimiser_options(name, lr, lam, momentum, betas, eps):
    """The keyword arguments an optimiser of that name takes, from the drawn values."""
    if name == "SGD":
        return {"lr": lr, "momentum": momentum, "weight_decay": lam}
    return {"lr": lr, "betas": betas, "eps": eps, "weight_decay": lam}


def gap(first, second):
    return max((a - b).abs().max().item() for a, b in zip(first, second, strict=True))


@pytest.mark.claim("R3")
@pytest.mark.parametrize("name", ["SGD", "Adam"])
@given(lr=RATES, lam=DECAYS, momentum=st.sampled_from([0.0, 0.9]), shape=SHAPES, seed=SEEDS)
def test_weight_decay_gives_the_same_steps_as_an_l2_term_of_half_lambda_in_the_loss(
    impl, device, seeded, evidence, name, lr, lam, momentum, shape, seed
):
    start, loss = problem(shape, seeded(seed, device), device)
    optimiser = getattr(impl.optim, name)
    options = {"lr": lr, "momentum": momentum} if name == "SGD" else {"lr": lr}
    decayed = trained(optimiser, start, loss, 20, weight_decay=lam, **options)
    penalised = trained(optimiser, start, loss, 20, penalty=lam, **options)
    difference = gap(decayed, penalised)
    assert difference <= 1e-12, (
        f"{name}: max |weight_decay steps - L2 loss steps| = {difference:.3g}, expected <= 1e-12"
    )
    # Adam's is the learner's record: its weight_decay is this L2 term, AdamW's is not
    evidence.record(
        Both(
            f"{name}: max |weight_decay steps - steps on the loss + (λ/2) ||p||^2|",
            f"{name}：max |weight_decay 的步 - 在损失 + (λ/2) ||p||^2 上的步|",
        ),
        difference,
        0.0,
        1e-12,
        learner=name == "Adam",
        params={"lr": lr, "weight_decay": lam, "steps": 20} | options,
    )
    doubled = gap(decayed, trained(optimiser, start, loss, 20, penalty=2 * lam, **options))
    # negative control: lam ||p||^2, without the half, fails
    assert doubled > 1e-12, (
        f"{name}: max |weight_decay steps - steps with lam ||p||^2| = {doubled:.3g}, "
        f"expected > 1e-12 (else the comparison is blind to the half)"
    )


@pytest.mark.claim("R3")
@pytest.mark.parametrize("name", ["SGD", "AdamW"])
@given(lr=RATES, lam=DECAYS, steps=st.integers(1, 50), shape=SHAPES, seed=SEEDS)
def test_without_data_gradient_sgd_and_adamw_shrink_weights_and_biases_by_1_minus_lr_lambda(
    impl, device, seeded, evidence, name, lr, lam, steps, shape, seed
):
    start, loss = problem(shape, seeded(seed, device), device)
    optimiser = getattr(impl.optim, name)
    final = trained(optimiser, start, lambda w, b: 0 * loss(w, b), steps, lr=lr, weight_decay=lam)
    factor = (1 - lr * lam) ** steps
    for before, after in zip(start, final, strict=True):  # the weight, then the bias
        torch.testing.assert_close(
            after,
            factor * before,
            rtol=1e-13 * steps,
            atol=0,
            msg=lambda m: (
                f"{name}: parameters after {steps} steps vs (1 - lr lam)^steps x start: {m}"
            ),
        )
    measured = (final[1] / start[1]).mean().item()
    evidence.record(
        Both(
            f"{name}: bias after / before, no data gradient (predicted (1 - lr λ)^steps)",
            f"{name}：没有数据梯度时偏置之比（之后 / 之前），预测 `(1 - lr λ)^steps`",
        ),
        measured,
        factor,
        Both("1e-13 relative per step", "每步相对误差 1e-13"),
        # the learner reads SGD's shrink through its dependence on λ, next to Adam's
        params={"lr": lr, "weight_decay": lam, "steps": steps},
    )


@pytest.mark.claim("R3", counterexample=True)
@given(lr=st.floats(1e-3, 1e-2), seed=SEEDS)
def test_adam_weight_decay_moves_a_weight_by_lr_per_step_whatever_lambda_is(
    impl, device, seeded, evidence, lr, seed
):
    generator = seeded(seed, device)
    signs = torch.randint(0, 2, (8,), generator=generator, device=device) * 2 - 1
    start = [signs * (0.5 + 1.5 * torch.rand(8, generator=generator, device=device, dtype=F64))]
    steps = 10  # keeps every weight above 0.4, away from the origin

    def zero(w):
        return 0 * w.sum()

    small, large = (
        trained(impl.optim.Adam, start, zero, steps, lr=lr, weight_decay=lam)[0]
        for lam in (1e-4, 1.0)
    )
    moved_small, moved_large = (start[0] - small).abs(), (start[0] - large).abs()
    # the L2 gradient is g = lam w and Adam divides it by the root mean square of past g's,
    # so lam cancels, up to eps / (lam |w|) <= 2.5e-4
    ratio = (moved_large / moved_small).max().item()
    assert abs(ratio - 1) <= 1e-3, (
        f"Adam: max distance moved with weight_decay 1 / with 1e-4 = {ratio!r}, expected 1 +- 1e-3"
    )
    # each step is lr * m/sqrt(v) with m a mean and sqrt(v) a root mean square of the shrinking
    # g's (b1 <= b2 weighs recent, smaller g's more in m): between g_now/g_first and 1
    per_step = moved_large / (lr * steps)
    lowest = 1 - lr * steps / start[0].abs()
    assert (per_step >= lowest - 1e-9).all() and (per_step <= 1 + 1e-9).all(), (
        f"Adam: distance moved / (lr steps) = {per_step.tolist()}, expected between "
        f"{lowest.tolist()} and 1"
    )
    first = trained(impl.optim.Adam, start, zero, 1, lr=lr, weight_decay=1e-4)[0]
    torch.testing.assert_close(
        first,
        start[0]
        - lr * torch.sign(start[0]) * 1e-4 * start[0].abs() / (1e-4 * start[0].abs() + 1e-8),
        msg=lambda m: f"Adam: weights after one step vs w - lr sign(w) |g| / (|g| + eps): {m}",
    )
    sgd = [
        trained(impl.optim.SGD, start, zero, steps, lr=lr, weight_decay=lam)[0]
        for lam in (1e-4, 1.0)
    ]
    sgd_ratio = ((start[0] - sgd[1]).abs() / (start[0] - sgd[0]).abs()).max().item()
    evidence.record(
        Both(
            "Adam: distance moved with weight_decay 1 / with 1e-4, no data gradient",
            "Adam：没有数据梯度时 weight_decay 为 1 与为 1e-4 的移动距离之比",
        ),
        ratio,
        1.0,
        1e-3,
        learner=True,
        params={"lr": lr, "weight_decay": (1.0, 1e-4), "steps": steps},
    )
    evidence.record(
        Both(
            "SGD: distance moved with weight_decay 1 / with 1e-4, no data gradient",
            "SGD：没有数据梯度时 weight_decay 为 1 与为 1e-4 的移动距离之比",
        ),
        sgd_ratio,
        Both("≈ 1e4 (∝ λ)", "≈ 1e4（与 λ 成正比）"),
        "> 1e3",
        learner=True,
        params={"lr": lr, "weight_decay": (1.0, 1e-4), "steps": steps},
    )
    assert sgd_ratio > 1e3, (
        f"SGD: distance moved with weight_decay 1 / with 1e-4 = {sgd_ratio:.3g}, expected > 1e3"
    )


@pytest.mark.claim("R3")
@given(lr=st.floats(1e-3, 1e-2), lam=DECAYS, mu=st.floats(1e-4, 1.0), seed=SEEDS)
def test_no_l2_coefficient_makes_adam_shrink_weights_like_adamw(
    impl, device, seeded, evidence, lr, lam, mu, seed
):
    # without data gradient AdamW shrinks each weight in proportion to its size, Adam with an
    # L2 term of any coefficient mu by about lr whatever its size: a weight 4 times larger
    # moves 4 times further under AdamW, about as far under Adam
    sign = float(torch.randint(0, 2, (), generator=seeded(seed, device)) * 2 - 1)
    start = [sign * torch.tensor([0.5, 2.0], device=device, dtype=F64)]

    def zero(w):
        return 0 * w.sum()

    def moved(optimiser, decay):
        final = trained(optimiser, start, zero, 10, lr=lr, weight_decay=decay)[0]
        distance = (start[0] - final).abs()
        return (distance[1] / distance[0]).item()

    decoupled, coupled = moved(impl.optim.AdamW, lam), moved(impl.optim.Adam, mu)
    assert abs(decoupled - 4) <= 1e-9, (
        f"AdamW: distance moved by a weight of 2 / of 0.5 = {decoupled!r}, expected 4"
    )
    assert coupled <= 1.25, (
        f"Adam with L2 {mu!r}: distance moved by a weight of 2 / of 0.5 = {coupled!r}, "
        f"expected <= 1.25"
    )
    evidence.record(
        Both(
            "AdamW: distance moved by a weight of 2 / of 0.5, no data gradient",
            "AdamW：没有数据梯度时，权重 2 与权重 0.5 的移动距离之比",
        ),
        decoupled,
        4,
        learner=True,
        params={"lr": lr, "weight_decay": lam, "steps": 10},
    )
    evidence.record(
        Both(
            "Adam with an L2 term of any coefficient: the same ratio",
            "Adam 加任意系数的 L2 项：同一比值",
        ),
        coupled,
        "≈ 1",
        "<= 1.25",
        params={"lr": lr, "weight_decay": mu, "steps": 10},
    )


@pytest.mark.claim("R3")
@given(
    lr=RATES,
    lam=st.floats(0, 1),
    momentum=st.floats(0, 0.9),
    steps=st.integers(1, 10),
    shape=SHAPES,
    seed=SEEDS,
)
def test_sgd_with_momentum_takes_heavy_ball_steps_on_the_decayed_gradient(
    impl, device, seeded, evidence, lr, lam, momentum, steps, shape, seed
):
    """d_t = grad + lam p, b_1 = d_1, b_t = momentum b_(t-1) + d_t, p <- p - lr b_t (Polyak's
    heavy ball, as PyTorch's SGD defines it): the L2 term travels inside the velocity."""
    start, loss = problem(shape, seeded(seed, device), device)
    params, velocity = [p.clone().requires_grad_() for p in start], None
    for _ in range(steps):
        grads = torch.autograd.grad(loss(*params), params)
        with torch.no_grad():
            directions = [g + lam * p for g, p in zip(grads, params, strict=True)]
            velocity = (
                directions
                if velocity is None
                else [momentum * b + d for b, d in zip(velocity, directions, strict=True)]
            )
            params = [(p - lr * b).requires_grad_() for p, b in zip(params, velocity, strict=True)]
    taken = trained(impl.optim.SGD, start, loss, steps, lr=lr, momentum=momentum, weight_decay=lam)
    # the two differ in the order of at most 4 roundings per step (2^-53, on values of order
    # 1). The heavy ball is stable here (lr (L + lam) < 2, with L <= ||X||^2 / 8), and one
    # mode's growth summed over the steps, sum k momentum^((k-1)/2), stays below
    # 1/(1 - sqrt(momentum))^2 < 400: at most 10 x 4 x 400 x 2^-53 < 2e-12 apart
    for ours, formula in zip(taken, params, strict=True):
        torch.testing.assert_close(
            ours,
            formula.detach(),
            rtol=1e-10,
            atol=1e-10,
            msg=lambda m: f"SGD after {steps} steps vs the heavy-ball formula: {m}",
        )
    evidence.record(
        Both("max |SGD - heavy-ball formula|", "max |SGD - 重球法公式|"),
        gap(taken, [p.detach() for p in params]),
        0.0,
        Both("1e-10 (rounding bound 2e-12)", "1e-10（舍入误差界 2e-12）"),
        params={"lr": lr, "weight_decay": lam, "momentum": momentum, "steps": steps},
    )


@pytest.mark.claim("R3")
def test_sgd_weight_decay_shrinks_the_bias_of_a_linear_layer(impl, device, rng, evidence):
    layer = reinitialise(impl.nn.Linear(4, 3, device=device, dtype=F64), rng)
    start = layer.bias.detach().clone()
    optimiser = impl.optim.SGD(layer.parameters(), lr=0.1, weight_decay=0.5)
    optimiser.zero_grad()
    (0 * layer(torch.randn(2, 4, generator=rng, device=device, dtype=F64)).sum()).backward()
    optimiser.step()
    expected = 1 - 0.1 * 0.5
    torch.testing.assert_close(
        layer.bias.detach(),
        expected * start,
        rtol=1e-15,
        atol=0,
        msg=lambda m: (
            f"bias after one SGD step (lr 0.1, wd 0.5, no data gradient) vs 0.95 x start: {m}"
        ),
    )
    evidence.record(
        Both(
            "bias after / before one SGD step, all parameters in one group",
            "一步 SGD 后偏置之比（之后 / 之前），所有参数在同一组",
        ),
        (layer.bias.detach() / start).mean().item(),
        expected,
        params={"lr": 0.1, "weight_decay": 0.5},
    )


@pytest.mark.claim("R3")
def test_torch_optimisers_decay_biases_unless_a_parameter_group_exempts_them(device, rng, evidence):
    """Parameter groups are PyTorch's own interface, beyond the implementation contract
    (dlspec.optim takes a flat list of tensors), so this test reads PyTorch from the registry;
    test_sgd_weight_decay_shrinks_the_bias_of_a_linear_layer checks the one-group case for
    every implementation."""
    reference = REGISTRY["torch"]
    layer = reinitialise(reference.nn.Linear(4, 3, device=device, dtype=F64), rng)
    start = layer.bias.detach().clone()
    groups = [
        {"params": [layer.weight], "weight_decay": 0.5},
        {"params": [layer.bias], "weight_decay": 0.0},
    ]
    for parameters, expected, what in (
        (
            layer.parameters(),
            1 - 0.1 * 0.5,
            Both("all parameters in one group", "所有参数在同一组"),
        ),
        (
            groups,
            1.0,
            Both("biases in a group with weight_decay 0", "偏置在 weight_decay 为 0 的组里"),
        ),
    ):
        with torch.no_grad():
            layer.bias.copy_(start)
        optimiser = reference.optim.SGD(parameters, lr=0.1, weight_decay=0.5)
        optimiser.zero_grad()
        (0 * layer(torch.randn(2, 4, generator=rng, device=device, dtype=F64)).sum()).backward()
        optimiser.step()
        factor = (layer.bias.detach() / start).mean().item()
        torch.testing.assert_close(
            layer.bias.detach(),
            expected * start,
            rtol=1e-15,
            atol=0,
            msg=lambda m, what=what, expected=expected: (
                f"bias after one SGD step, {what.en}: expected {expected} x start: {m}"
            ),
        )
        evidence.record(
            Both(
                f"bias after / before one SGD step, {what.en}",
                f"一步 SGD 后偏置之比（之后 / 之前），{what.zh}",
            ),
            factor,
            expected,
            params={"lr": 0.1, "weight_decay": 0.5},
        )


@pytest.mark.claim("R3")
@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW"])
@given(**HYPERPARAMETERS, steps=st.integers(1, 25), shape=SHAPES, seed=SEEDS)
def test_dlspec_optimisers_take_the_same_steps_as_torch_optim(
    device, seeded, evidence, name, lr, lam, momentum, betas, eps, steps, shape, seed
):
    """dlspec only: PyTorch's optimisers, read from the registry, are the reference."""
    reference = REGISTRY["torch"].optim
    start, loss = problem(shape, seeded(seed, device), device)
    options = optimiser_options(name, lr, lam, momentum, betas, eps)
    # dlspec performs the operations of torch's single-tensor implementation in its order, so
    # the two agree bit for bit; no rounding bound would do, since where a gradient is near 0
    # Adam's step m / (sqrt(v) + eps) turns one bit into a different direction. On CUDA torch
    # defaults to its multi-tensor (foreach) kernels, which round differently, so the test
    # pins the single-tensor one, the only one on the CPU.
    ours = trained(getattr(doptim, name), start, loss, steps, **options)
    theirs = trained(getattr(reference, name), start, loss, steps, foreach=False, **options)
    for a, b in zip(ours, theirs, strict=True):
        assert torch.equal(a, b), (
            f"{name} after {steps} steps: dlspec {a.tolist()}, PyTorch {b.tolist()}, "
            f"expected equal bit for bit"
        )
    evidence.record(
        Both(
            f"max |dlspec.optim.{name} - PyTorch's {name}|",
            f"max |dlspec.optim.{name} - PyTorch 的 {name}|",
        ),
        gap(ours, theirs),
        0.0,
        Both("bit for bit", "逐位相同"),
        params={"steps": steps} | options,
    )


@pytest.mark.claim("R3")
@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=pytest.mark.judges(f"optim.{n}")) for n in rounding.NAMES]
)
@given(
    **HYPERPARAMETERS, scale=st.floats(-3, 1), steps=st.integers(1, 25), shape=SHAPES, seed=SEEDS
)
def test_each_optimiser_takes_torch_optim_s_documented_steps_to_within_rounding(
    impl, device, seeded, evidence, name, lr, lam, momentum, betas, eps, scale, steps, shape, seed
):
    """Every implementation's SGD, Adam and AdamW, step by step, against the update rules
    torch.optim documents (dlspec.rounding), fed the same gradients (drawn, of scale
    10^scale), so that rounding cannot steer the two apart through a loss. They must agree
    to within the rounding-error bound of both computations for the steps taken, up to the
    step where the bound becomes void (Adam with betas near 0 and a gradient near 0; the
    first step is always bounded)."""
    generator = seeded(seed, device)
    n_out, n_in = shape
    start = [
        torch.randn(n_out, n_in, generator=generator, device=device, dtype=F64),
        torch.randn(n_out, generator=generator, device=device, dtype=F64),
    ]
    gradients = [
        [
            10**scale * torch.randn(p.shape, generator=generator, device=device, dtype=F64)
            for p in start
        ]
        for _ in range(steps)
    ]
    options = optimiser_options(name, lr, lam, momentum, betas, eps)
    # the bound of the implementation's computation plus that of the reference's own
    roundoffs = [unit_roundoff(impl, F64), torch.finfo(F64).eps / 2]
    reference = rounding.trajectory(name, start, gradients, options, roundoffs)
    taken = rounding.taken(getattr(impl.optim, name), start, gradients, **options)
    differs = rounding.first_difference(reference, taken)
    if differs is not None:
        step, index, element, value, expected, bound = differs
        pytest.fail(
            f"{impl.name}'s {name}({options}) leaves torch.optim's documented steps first at "
            f"step {step} of {steps}, in the {('weight', 'bias')[index]} (element {element}): "
            f"{value!r} where the rule gives {expected!r}, a difference of "
            f"{abs(value - expected):.3g} against a rounding bound of {bound:.3g}"
        )
    gap_to_bound = max(
        float(((value - expected).abs() / step.tolerance(i).clamp(min=1e-300)).max())
        for step, values in zip(reference, taken[: len(reference)], strict=True)
        for i, (expected, value) in enumerate(zip(step.values, values, strict=True))
    )
    evidence.record(
        Both(
            f"{name}: max |step taken - documented rule| / rounding bound, up to 25 bounded steps",
            f"{name}：max |实际的步 - 文档规则| / 舍入误差界，至多 25 个有界的步",
        ),
        gap_to_bound,
        "<= 1",
        Both(
            "the bound: dlspec.rounding, unit roundoff of each computation",
            "误差界由 dlspec.rounding 按每个计算的单位舍入误差给出",
        ),
    )


# ---------------------------------------------------------------- bad input


def weights():
    return [torch.zeros(2, requires_grad=True)]


@pytest.mark.bad_input
@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: doptim.SGD(weights(), lr=0.1, weight_decay=-0.01),
            ValueError,
            "weight_decay must be >= 0",
        ),
        (lambda: doptim.Adam(weights(), lr=-1), ValueError, "Adam lr must be >= 0, got -1"),
        (lambda: doptim.Adam(weights(), lr=float("nan")), ValueError, "lr must be finite"),
        (
            lambda: doptim.Adam(weights(), betas=(0.9, 1.0)),
            ValueError,
            r"beta2 must be in \[0, 1\)",
        ),
        (lambda: doptim.Adam(weights(), betas=0.9), TypeError, "betas must be a pair"),
        (lambda: doptim.AdamW([]), ValueError, "AdamW got an empty parameter list"),
        (lambda: doptim.SGD(torch.zeros(2)), TypeError, "single tensor"),
        (lambda: doptim.SGD([torch.zeros(2, dtype=torch.long)]), TypeError, "dtype torch.int64"),
        (lambda: doptim.SGD([1.0]), TypeError, "parameter 0 is a float"),
        (lambda: doptim.l2_penalty(weights(), -1), ValueError, "weight_decay must be >= 0"),
        (lambda: doptim.SGD(weights(), momentum="0.9"), TypeError, "momentum must be a real"),
        (lambda: experiments.Setting(noise=-0.1), ValueError, "noise must be >= 0"),
        (lambda: experiments.Setting(optimiser="RMSprop"), ValueError, "SGD, Adam or AdamW"),
        (lambda: experiments.Setting(dtype=torch.int32), TypeError, "dtype must be floating"),
        (lambda: experiments.Setting(dropout=1.5), ValueError, r"probability in \[0, 1\]"),
        (
            lambda: experiments.run(experiments.Setting(), [1, 2], [1]),
            ValueError,
            "as many init seeds",
        ),
        (lambda: dnn.Dropout(-0.1), ValueError, "got -0.1"),
        (lambda: dnn.Dropout(float("nan")), ValueError, "Dropout p must be finite"),
    ],
    ids=[
        "negative-decay",
        "negative-lr",
        "nan-lr",
        "beta-1",
        "beta-not-pair",
        "empty-parameters",
        "single-tensor",
        "integer-parameter",
        "not-a-tensor",
        "negative-penalty",
        "str-momentum",
        "negative-noise",
        "unknown-optimiser",
        "integer-dtype",
        "dropout-above-1",
        "seed-count-mismatch",
        "negative-dropout",
        "nan-dropout",
    ],
)
def test_dlspec_optimisers_and_experiment_reject_bad_input_naming_the_problem(call, error, message):
    raises_naming_the_problem(call, error, message)
