"""The PaddlePaddle adapter's translations, each on its own and in both directions, with
values that differ under the wrong translation: the initialisers' fans counted from torch's
layout, their gain and slope under Paddle's names, ``generator=`` as a Paddle seed that
leaves Paddle's own generator as it was, the activations as Paddle computes them, each
layer and optimiser argument under its Paddle name and meaning, Linear's weight transposed
both ways, BatchNorm's momentum, and optimiser steps that reach the torch parameters."""

from __future__ import annotations

import inspect
import math

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

framework = pytest.importorskip("dlspec.adapters.paddle.framework", exc_type=ImportError)
from dlspec.adapters.paddle import IMPLEMENTATION as PADDLE  # noqa: E402
from dlspec.adapters.paddle import functional  # noqa: E402
from dlspec.adapters.paddle.initialisers import init  # noqa: E402
from dlspec.harness.contract import Absent  # noqa: E402

paddle = framework.paddle
F64 = torch.float64
U = torch.finfo(F64).eps / 2
# a uniform fill of 60,000 values reaches above 0.99 of its bound unless with probability
# 0.99 ** 60000 (about 1e-262): the largest value measures the bound
FAN_OUT, FAN_IN = 300, 200


def largest(tensor: torch.Tensor) -> float:
    return float(tensor.abs().max())


@pytest.mark.parametrize("mode, fan", [("fan_in", FAN_IN), ("fan_out", FAN_OUT)])
def test_a_kaiming_fill_counts_fans_from_torch_s_layout(mode: str, fan: int) -> None:
    weight = torch.zeros(FAN_OUT, FAN_IN, dtype=torch.float64)  # torch's (out, in)
    init.kaiming_uniform_(weight, mode=mode)
    bound = math.sqrt(2) * math.sqrt(3 / fan)  # He (2015) for ReLU: gain sqrt 2
    assert 0.99 * bound < largest(weight) <= bound * (1 + 4 * U), (
        f"kaiming_uniform_({mode}) on a (300, 200) torch weight: largest |w| "
        f"{largest(weight):.6f}, expected just under sqrt(6 / {fan}) = {bound:.6f}"
    )


def test_a_kaiming_fill_takes_torch_s_slope_as_paddle_s_negative_slope() -> None:
    weight = torch.zeros(FAN_OUT, FAN_IN, dtype=torch.float64)
    init.kaiming_uniform_(weight, a=1.0)  # leaky_relu with slope 1: gain 1
    bound = math.sqrt(3 / FAN_IN)
    assert 0.99 * bound < largest(weight) <= bound * (1 + 4 * U), largest(weight)


@pytest.mark.parametrize("gain", [1.0, 2.0])
def test_a_xavier_fill_scales_by_the_gain(gain: float) -> None:
    weight = torch.zeros(FAN_OUT, FAN_IN, dtype=torch.float64)
    init.xavier_uniform_(weight, gain=gain)
    bound = gain * math.sqrt(6 / (FAN_IN + FAN_OUT))
    assert 0.99 * bound < largest(weight) <= bound * (1 + 4 * U), (
        f"xavier_uniform_(gain={gain}): largest |w| {largest(weight):.6f}, expected just "
        f"under {bound:.6f}"
    )


@given(seed=st.integers(0, 2**32 - 1))
def test_a_generator_seeds_paddle_and_leaves_its_own_generator_as_it_was(seed: int) -> None:
    before = paddle.get_rng_state()
    untouched = paddle.rand([4]).numpy()  # what Paddle's own generator draws next
    paddle.set_rng_state(before)
    fills = []
    for _ in range(2):
        generator = torch.Generator().manual_seed(seed)
        fills.append(init.xavier_normal_(torch.zeros(5, 7), generator=generator))
    assert torch.equal(fills[0], fills[1]), "the same generator state gave different weights"
    assert (paddle.rand([4]).numpy() == untouched).all(), "Paddle's generator was moved"


def test_without_a_generator_paddle_draws_from_its_own_generator_not_torch_s() -> None:
    state = paddle.get_rng_state()
    try:
        with torch.random.fork_rng():
            paddle.seed(5)
            first = init.xavier_normal_(torch.zeros(5, 7))
            torch.manual_seed(0)  # does not reach Paddle
            paddle.seed(5)
            assert torch.equal(init.xavier_normal_(torch.zeros(5, 7)), first)
    finally:
        paddle.set_rng_state(state)


def test_calculate_gain_is_paddle_s_table() -> None:
    assert init.calculate_gain("tanh") == pytest.approx(5 / 3, rel=U)
    assert init.calculate_gain("leaky_relu", 0.2) == pytest.approx(
        math.sqrt(2 / (1 + 0.2**2)), rel=4 * U
    )


def test_leaky_relu_uses_paddle_s_default_slope_unless_given_one() -> None:
    x = torch.tensor([-2.0, 3.0], dtype=torch.float64)
    assert functional.leaky_relu(x).tolist() == [-0.02, 3.0]  # Paddle's 0.01
    assert functional.leaky_relu(x, 0.5).tolist() == [-1.0, 3.0]


def test_prelu_takes_one_slope_per_channel_on_dimension_one() -> None:
    x = -torch.ones(2, 3, 4, dtype=torch.float64)
    slopes = torch.tensor([0.1, 0.2, 0.3], dtype=torch.float64)
    out = functional.prelu(x, slopes)
    assert torch.equal(out, -slopes.view(1, 3, 1).expand(2, 3, 4))


def test_to_numpy_is_paddle_s_copy() -> None:
    x = torch.tensor([1.0, 2.0])
    array = functional.to_numpy(x)
    array[0] = 5.0
    assert x[0].item() == 1.0, "Paddle's tensor.numpy() copies; the array aliased the tensor"


def test_the_activations_and_their_gradients_are_paddle_s() -> None:
    x = torch.linspace(-3, 3, 13, dtype=torch.float64, requires_grad=True)
    for name, own in [
        ("sigmoid", paddle.nn.functional.sigmoid),
        ("tanh", paddle.tanh),
        ("relu", paddle.nn.functional.relu),
        ("scaled_sigmoid", lambda a: 4 * paddle.nn.functional.sigmoid(a) - 2),
    ]:
        bridged = getattr(functional, name)
        (grad,) = torch.autograd.grad(bridged(x).sum(), [x])
        leaf = paddle.to_tensor(x.detach().numpy(), stop_gradient=False)
        value = own(leaf)
        (expected,) = paddle.grad([value.sum()], [leaf])
        assert torch.equal(bridged(x).detach(), torch.from_numpy(value.numpy())), name
        assert torch.equal(grad, torch.from_numpy(expected.numpy())), name


# --- layers and optimisers: each argument under Paddle's name and meaning ------------------

LAYERS = [
    (lambda: PADDLE.nn.LeakyReLU(0.2), "_negative_slope", 0.2),
    (lambda: PADDLE.nn.LeakyReLU(negative_slope=0.3), "_negative_slope", 0.3),
    (lambda: PADDLE.nn.Dropout(0.3), "p", 0.3),
    (lambda: PADDLE.nn.Dropout(p=0.2), "p", 0.2),
    (lambda: PADDLE.nn.BatchNorm1d(4, 0.01), "_epsilon", 0.01),
    (lambda: PADDLE.nn.BatchNorm1d(4, eps=0.01), "_epsilon", 0.01),
    (lambda: PADDLE.nn.BatchNorm1d(4, momentum=0.3), "_momentum", 0.7),  # new -> old's weight
    (lambda: PADDLE.nn.BatchNorm1d(4, 1e-5, 0.25), "_momentum", 0.75),
    (lambda: PADDLE.nn.BatchNorm1d(4, track_running_stats=False), "_use_global_stats", False),
    (lambda: PADDLE.nn.BatchNorm1d(4, affine=False), "weight", None),
    (lambda: PADDLE.nn.LayerNorm(4, eps=0.01), "_epsilon", 0.01),
    (lambda: PADDLE.nn.LayerNorm([2, 3], 0.02), "_epsilon", 0.02),
    (lambda: PADDLE.nn.LayerNorm(4, elementwise_affine=False), "weight", None),
    (lambda: PADDLE.nn.LayerNorm(4, bias=False), "bias", None),
    (lambda: PADDLE.nn.Linear(3, 2, bias=False), "bias", None),
    (lambda: PADDLE.nn.Linear(3, 2, False), "bias", None),
]


@pytest.mark.parametrize("build, attribute, expected", LAYERS)
def test_a_layer_argument_reaches_paddle_under_its_paddle_name_and_meaning(
    build, attribute: str, expected: object
) -> None:
    held = getattr(build().paddle, attribute)
    if expected is None:
        assert held is None, f"paddle.{attribute} = {held!r}, expected None"
    else:
        assert held == pytest.approx(expected), (
            f"paddle.{attribute} = {held!r}, expected {expected}"
        )


@pytest.mark.parametrize(
    "build, parameters",
    [
        (lambda: PADDLE.nn.Linear(3, 2, bias=False), ["weight"]),
        (lambda: PADDLE.nn.BatchNorm1d(4, affine=False), []),
        (lambda: PADDLE.nn.LayerNorm(4, elementwise_affine=False), []),
        (lambda: PADDLE.nn.LayerNorm(4, bias=False), ["weight"]),
        (lambda: PADDLE.nn.LayerNorm([2, 3]), ["weight", "bias"]),
    ],
)
def test_a_layer_without_a_parameter_shows_it_as_none_as_torch_does(build, parameters) -> None:
    layer = build()
    assert [name for name, _ in layer.named_parameters()] == parameters
    for name in {"weight", "bias"} - set(parameters):
        assert getattr(layer, name) is None, f"{name} is {getattr(layer, name)!r}, expected None"


def test_prelu_takes_torch_s_count_and_initial_slope_as_paddle_s_weight() -> None:
    layer = PADDLE.nn.PReLU(3, 0.1, dtype=F64)
    assert layer.weight.tolist() == [0.1, 0.1, 0.1]
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([0.5, 1.0, 2.0], dtype=F64))
    x = -torch.ones(2, 3, dtype=F64)
    assert layer(x).tolist() == [[-0.5, -1.0, -2.0]] * 2, "the slope did not reach Paddle"


def test_layernorm_shows_paddle_s_flat_weight_in_the_normalised_shape() -> None:
    layer = PADDLE.nn.LayerNorm([2, 3], dtype=F64)
    assert tuple(layer.weight.shape) == (2, 3)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=F64))
    x = torch.tensor([[[-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0]]], dtype=F64)
    # mean 0, biased variance 2/3; Paddle holds epsilon as a float32 attribute
    epsilon = float(torch.tensor(1e-5, dtype=torch.float32))
    expected = layer.weight * x / math.sqrt(2 / 3 + epsilon)
    torch.testing.assert_close(layer(x), expected, rtol=8 * U, atol=0)


def test_linear_shows_paddle_s_initial_weight_transposed_and_computes_x_w_transposed() -> None:
    layer = PADDLE.nn.Linear(3, 2, dtype=F64)
    assert tuple(layer.weight.shape) == (2, 3)
    paddle_weight = torch.from_numpy(layer.paddle.weight.numpy())  # Paddle's own, (in, out)
    assert torch.equal(layer.weight.detach(), paddle_weight.T)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=F64))
        layer.bias.copy_(torch.tensor([0.5, -0.5], dtype=F64))
    x = torch.tensor([[1.0, 0.0, -1.0]], dtype=F64)
    assert torch.equal(layer(x), torch.tensor([[1 - 3 + 0.5, 4 - 6 - 0.5]], dtype=F64))


def test_linear_s_weight_gradient_comes_back_in_torch_s_layout() -> None:
    layer = PADDLE.nn.Linear(3, 2, dtype=F64)
    x = torch.tensor([[1.0, 2.0, 3.0]], dtype=F64)
    (layer(x) * torch.tensor([[1.0, -1.0]], dtype=F64)).sum().backward()
    # d/dW of g . (W x + b) is the outer product g x^T, (out, in)
    assert layer.weight.grad.tolist() == [[1.0, 2.0, 3.0], [-1.0, -2.0, -3.0]]
    assert layer.bias.grad.tolist() == [1.0, -1.0]


def test_batchnorm_s_running_statistics_move_by_torch_s_momentum_toward_the_batch() -> None:
    # momentum 0.25 and 0.75 are exact in float32, in which Paddle holds its momentum
    layer = PADDLE.nn.BatchNorm1d(2, momentum=0.25, dtype=F64)
    layer.train()
    batch = torch.tensor([[1.0, 10.0], [3.0, 30.0]], dtype=F64)
    layer(batch)
    # torch's rule: running = (1 - m) running + m batch_mean, from 0; m handed to Paddle
    # untranslated would give 0.75 of the batch mean
    assert layer.running_mean.tolist() == [0.5, 5.0]
    layer.eval()
    shifted = layer(torch.tensor([[0.0, 0.0]], dtype=F64))
    epsilon = float(torch.tensor(1e-5, dtype=torch.float32))
    expected = -layer.running_mean / torch.sqrt(layer.running_var + epsilon)
    torch.testing.assert_close(shifted[0], expected, rtol=8 * U, atol=0)


def test_a_layer_computes_on_torch_parameters_after_double() -> None:
    layer = PADDLE.nn.Linear(3, 2).double()
    x = torch.randn(4, 3, dtype=F64, generator=torch.Generator().manual_seed(0))
    out = layer(x)
    assert out.dtype == F64
    torch.testing.assert_close(out, x @ layer.weight.T + layer.bias, rtol=8 * U, atol=8 * U)


def test_train_and_eval_reach_paddle_s_dropout() -> None:
    layer = PADDLE.nn.Dropout(0.5)
    x = torch.ones(1000, dtype=F64)
    assert torch.equal(layer.eval()(x), x)
    trained = layer.train()(x)
    assert set(trained.unique().tolist()) == {0.0, 2.0}, trained.unique()


OPTIMISERS = [
    (lambda p: PADDLE.optim.SGD(p, lr=0.1), "SGD", lambda o: o.get_lr(), 0.1),
    (lambda p: PADDLE.optim.SGD(p, 0.1, 0.8), "Momentum", lambda o: o._momentum, 0.8),
    (lambda p: PADDLE.optim.SGD(p, 0.1, momentum=0.8, nesterov=True), "Momentum",
     lambda o: o._use_nesterov, True),
    (lambda p: PADDLE.optim.SGD(p, lr=0.1, weight_decay=0.03), "SGD",
     lambda o: o.regularization._coeff, 0.03),
    (lambda p: PADDLE.optim.SGD(p, lr=0.1, momentum=0.5, weight_decay=0.03), "Momentum",
     lambda o: o._regularization_coeff, 0.03),
    (lambda p: PADDLE.optim.Adam(p, lr=0.02), "Adam", lambda o: o.get_lr(), 0.02),
    (lambda p: PADDLE.optim.Adam(p, betas=(0.8, 0.95)), "Adam", lambda o: o._beta1, 0.8),
    (lambda p: PADDLE.optim.Adam(p, betas=[0.8, 0.95]), "Adam", lambda o: o._beta2, 0.95),
    (lambda p: PADDLE.optim.Adam(p, eps=1e-3), "Adam", lambda o: o._epsilon, 1e-3),
    (lambda p: PADDLE.optim.Adam(p, weight_decay=0.2), "Adam",
     lambda o: o.regularization._coeff, 0.2),
    (lambda p: PADDLE.optim.Adam(p, amsgrad=True), "Adam", lambda o: o._amsgrad, True),
    (lambda p: PADDLE.optim.AdamW(p, weight_decay=0.05), "AdamW", lambda o: o._weight_decay, 0.05),
    (lambda p: PADDLE.optim.AdamW(p, 0.1, (0.7, 0.9)), "AdamW", lambda o: o._beta2, 0.9),
]  # fmt: skip


@pytest.mark.parametrize("build, kind, read, expected", OPTIMISERS)
def test_an_optimiser_argument_reaches_paddle_under_its_paddle_name(
    build, kind: str, read, expected: object
) -> None:
    optimiser = build([torch.nn.Parameter(torch.zeros(2))]).groups[0][2]
    assert type(optimiser).__name__ == kind
    assert read(optimiser) == pytest.approx(expected), f"{kind}: {read(optimiser)!r} != {expected}"


def test_each_parameter_group_gets_its_own_paddle_optimiser_with_its_own_options() -> None:
    first, second = torch.nn.Parameter(torch.zeros(2)), torch.nn.Parameter(torch.zeros(3))
    optimiser = PADDLE.optim.SGD([{"params": [first]}, {"params": [second], "lr": 0.5}], lr=0.1)
    assert [group[2].get_lr() for group in optimiser.groups] == pytest.approx([0.1, 0.5])
    assert [group[0] for group in optimiser.groups] == [[first], [second]]


def test_arguments_the_caller_leaves_out_stay_paddle_s_defaults() -> None:
    def default(make, name: str) -> object:
        return inspect.signature(make).parameters[name].default

    p = [torch.nn.Parameter(torch.zeros(2))]
    adam = PADDLE.optim.Adam(p).groups[0][2]
    assert adam._epsilon == default(paddle.optimizer.Adam, "epsilon")
    assert adam.get_lr() == default(paddle.optimizer.Adam, "learning_rate")
    adamw = PADDLE.optim.AdamW(p).groups[0][2]
    assert adamw._weight_decay == default(paddle.optimizer.AdamW, "weight_decay")
    momentum = default(paddle.nn.BatchNorm1D, "momentum")
    assert PADDLE.nn.BatchNorm1d(3).paddle._momentum == momentum
    assert PADDLE.nn.LeakyReLU().paddle._negative_slope == default(
        paddle.nn.LeakyReLU, "negative_slope"
    )


def test_an_argument_paddle_cannot_honour_is_absent_not_ignored() -> None:
    with pytest.raises(Absent):
        PADDLE.optim.SGD([torch.nn.Parameter(torch.zeros(2))], 0.1, 0.9, 0.5)  # dampening
    with pytest.raises(Absent):
        PADDLE.nn.BatchNorm1d(4, momentum=None)
    with pytest.raises(TypeError, match="no PaddlePaddle counterpart"):
        PADDLE.nn.LayerNorm(4, unknown=1)


def test_a_step_updates_the_torch_parameters_in_place_by_paddle_s_rule() -> None:
    w = torch.nn.Parameter(torch.tensor([1.0, -2.0], dtype=F64))
    untouched = torch.nn.Parameter(torch.tensor([3.0], dtype=F64))
    optimiser = PADDLE.optim.SGD([w, untouched], lr=0.25, momentum=0.5)
    memory = w.data_ptr()
    gradient = torch.tensor([1.0, 2.0], dtype=F64)
    for _ in range(2):
        w.grad = gradient.clone()
        optimiser.step()
    # heavy ball: v1 = g, v2 = 0.5 g + g; w = w0 - lr (v1 + v2) = w0 - 0.625 g
    assert w.tolist() == [1.0 - 0.625, -2.0 - 1.25] and w.data_ptr() == memory
    assert w.grad.tolist() == [1.0, 2.0], "the step changed the torch gradient"
    assert untouched.tolist() == [3.0], "a parameter without a gradient moved"
    optimiser.zero_grad()
    assert w.grad is None


def test_a_square_linear_computes_x_w_transposed_not_x_w() -> None:
    layer = PADDLE.nn.Linear(2, 2, bias=False, dtype=F64)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=F64))
    out = layer(torch.tensor([[1.0, 0.0]], dtype=F64))
    # x W^T = [1, 3]; the weight reaching Paddle untransposed would give x W = [1, 2]
    assert out.tolist() == [[1.0, 3.0]], (
        f"Linear(2, 2) with W = [[1, 2], [3, 4]] at x = [1, 0]: {out}"
    )


def test_a_sequential_of_paddle_layers_gives_every_parameter_the_gradient_of_its_layers() -> None:
    """The container crosses the bridge once for all its layers; each parameter must get the
    gradient the same layers give one crossing at a time."""
    generator = torch.Generator().manual_seed(0)
    model = PADDLE.nn.Sequential(
        PADDLE.nn.Linear(3, 5), PADDLE.nn.Tanh(), PADDLE.nn.LayerNorm(5), PADDLE.nn.Linear(5, 2)
    ).double()
    x = torch.randn(4, 3, dtype=F64, generator=generator)
    cotangent = torch.randn(4, 2, dtype=F64, generator=generator)
    parameters = list(model.parameters())
    together = torch.autograd.grad((model(x) * cotangent).sum(), parameters, allow_unused=True)
    alone = x
    for layer in model:
        alone = layer(alone)
    one_at_a_time = torch.autograd.grad((alone * cotangent).sum(), list(model.parameters()))
    for (name, _), fused, single in zip(
        model.named_parameters(), together, one_at_a_time, strict=True
    ):
        assert fused is not None and torch.equal(fused, single), (
            f"{name}: gradient {fused} through the container, {single} layer by layer"
        )


def test_a_parameter_without_a_gradient_is_not_decayed_in_a_later_step() -> None:
    """torch skips a parameter whose grad is None, weight decay included; Paddle would decay
    one whose gradient had been left at zero."""
    trained = torch.nn.Parameter(torch.tensor([1.0], dtype=F64))
    frozen = torch.nn.Parameter(torch.tensor([2.0], dtype=F64))
    optimiser = PADDLE.optim.SGD([trained, frozen], lr=0.5, weight_decay=0.5)
    for step in range(2):
        trained.grad = torch.zeros(1, dtype=F64)
        frozen.grad = torch.zeros(1, dtype=F64) if step == 0 else None
        optimiser.step()
    assert frozen.tolist() == [2.0 * 0.75], f"frozen at step 2: {frozen.tolist()}, expected 1.5"
    assert trained.tolist() == [0.75**2]
