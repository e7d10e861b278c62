"""The PaddlePaddle adapter's translations, each on its own and in both directions, with
values that differ under the wrong translation: the initialisers' fans counted from torch's
layout, their gain and slope under Paddle's names, ``generator=`` as a Paddle seed that
leaves Paddle's own generator as it was, and the activations as Paddle computes them."""

from __future__ import annotations

import math

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

framework = pytest.importorskip("dlspec.adapters.paddle.framework", exc_type=ImportError)
from dlspec.adapters.paddle import functional  # noqa: E402
from dlspec.adapters.paddle.initialisers import init  # noqa: E402

paddle = framework.paddle
U = torch.finfo(torch.float64).eps / 2
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
