"""The DLPack bridge (dlspec/adapters/bridge.py) on its own, with PaddlePaddle on the other
side: torch's gradcheck in float64 passes for functions whose derivatives are known, and
fails for a Paddle function with a wrong backward (so the gradients are Paddle's, not
torch's); the crossing shares memory instead of copying; bad input names the framework."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from typing import Any

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

framework = pytest.importorskip("dlspec.adapters.paddle.framework", exc_type=ImportError)
import paddle  # noqa: E402  (after the adapter's module, which silences its import warning)

from dlspec.adapters.bridge import bridged, to_framework, to_torch  # noqa: E402

PADDLE = framework.PADDLE
sizes = st.integers(1, 5)
seeds = st.integers(0, 2**32 - 1)


def drawn(seed: int, *shape: int) -> torch.Tensor:
    generator = torch.Generator().manual_seed(seed)
    return torch.randn(*shape, generator=generator, dtype=torch.float64).requires_grad_()


def passes_gradcheck(function: Callable[..., torch.Tensor], *inputs: torch.Tensor) -> bool:
    return torch.autograd.gradcheck(function, inputs, raise_exception=False)


# --- gradients: Paddle's, checked by torch ----------------------------------------------


@given(rows=sizes, columns=sizes, inner=sizes, seed=seeds)
def test_gradcheck_passes_through_the_bridge_for_functions_with_known_derivatives(
    rows: int, columns: int, inner: int, seed: int
) -> None:
    x, w = drawn(seed, rows, inner), drawn(seed + 1, inner, columns)
    row, column = drawn(seed + 2, rows, 1), drawn(seed + 3, 1, columns)
    cases: dict[str, tuple[Callable[..., Any], tuple[torch.Tensor, ...]]] = {
        "tanh": (paddle.tanh, (x,)),
        "matmul": (paddle.matmul, (x, w)),
        "a broadcast product": (paddle.multiply, (row, column)),
        "a sum to a scalar": (lambda a: (a * a).sum(), (x,)),
        "an unused input": (lambda a, b: paddle.exp(a), (x, w)),
    }
    failed = [name for name, (f, inputs) in cases.items() if not passes_gradcheck(
        bridged(PADDLE, f), *inputs
    )]  # fmt: skip
    assert not failed, f"gradcheck failed through the bridge for {failed} (seed {seed})"


@given(rows=sizes, columns=sizes, seed=seeds)
def test_only_the_inputs_that_need_a_gradient_get_one_in_their_own_place(
    rows: int, columns: int, seed: int
) -> None:
    x, y = drawn(seed, rows, columns), drawn(seed + 1, rows, columns).detach()
    product = bridged(PADDLE, paddle.multiply)
    assert passes_gradcheck(lambda b: product(y, b), x)  # the first input is a constant
    (dx,) = torch.autograd.grad(product(y, x).sum(), [x])
    assert torch.equal(dx, y), f"d(y x)/dx should be y exactly; got {dx} for y = {y}"
    # an integer input has no gradient: the one after it must still get its own
    rows_picked = torch.randint(rows, (4,), generator=torch.Generator().manual_seed(seed))
    gather = bridged(PADDLE, lambda index, a: paddle.gather(a, index))
    assert passes_gradcheck(lambda a: gather(rows_picked, a), x)


@given(channels=st.integers(1, 6), seed=seeds)
def test_a_slope_s_gradient_alone_is_paddle_s_without_crashing_it(channels: int, seed: int) -> None:
    """Asked for the slope's gradient alone, Paddle 3.3.1's prelu backward crashes the
    process; the bridge asks Paddle for every floating input's gradient instead."""
    inputs = drawn(seed, 16, channels, 3).detach()
    slopes = torch.rand(channels, generator=torch.Generator().manual_seed(seed))
    slopes = slopes.double().requires_grad_()
    prelu = bridged(PADDLE, paddle.nn.functional.prelu)
    (grad,) = torch.autograd.grad(prelu(inputs, slopes).sum(), [slopes])
    negative = inputs.clamp(max=0)
    # a sum of n = 48 terms per channel, in whatever order: within n u sum|term|
    bound = 48 * torch.finfo(torch.float64).eps / 2 * negative.abs().sum(dim=(0, 2))
    gap = (grad - negative.sum(dim=(0, 2))).abs()
    assert bool((gap <= bound).all()), (
        f"d(sum prelu)/d slope is off the sum of the negative inputs per channel by {gap}, "
        f"beyond the rounding bound {bound}"
    )


@given(size=sizes, seed=seeds)
def test_the_bridge_s_gradient_is_bit_for_bit_paddle_s_own(size: int, seed: int) -> None:
    x = drawn(seed, size, size)
    (through_bridge,) = torch.autograd.grad(bridged(PADDLE, paddle.tanh)(x).sum(), [x])
    leaf = paddle.to_tensor(x.detach().numpy(), stop_gradient=False)
    (own,) = paddle.grad([paddle.tanh(leaf).sum()], [leaf])
    assert torch.equal(through_bridge, torch.from_numpy(own.numpy())), (
        "the same reverse mode in the same order must give the same bits"
    )


class _TanhWithDerivative(paddle.autograd.PyLayer):
    """tanh with a backward of our choosing: ``derivative(y)`` where ``y = tanh(x)``."""

    derivative: Callable[[Any], Any] = staticmethod(lambda y: 1 - y * y)

    @classmethod
    def forward(cls, ctx: Any, x: Any) -> Any:
        y = paddle.tanh(x)
        ctx.save_for_backward(y)
        return y

    @classmethod
    def backward(cls, ctx: Any, gradient: Any) -> Any:
        (y,) = ctx.saved_tensor()
        return gradient * cls.derivative(y)


class _TanhWrongBackward(_TanhWithDerivative):
    derivative = staticmethod(lambda y: 1 - y)  # the square forgotten


@given(size=sizes, seed=seeds)
def test_a_paddle_function_with_a_wrong_backward_fails_gradcheck_through_the_bridge(
    size: int, seed: int
) -> None:
    """The negative control: were the bridge differentiating with torch (or not at all),
    a wrong Paddle backward would go unnoticed."""
    x = drawn(seed, size, 3)
    assert passes_gradcheck(bridged(PADDLE, _TanhWithDerivative.apply), x)
    assert not passes_gradcheck(bridged(PADDLE, _TanhWrongBackward.apply), x)


def test_torch_may_run_the_same_backward_twice_and_gets_the_same_gradient() -> None:
    x = drawn(7, 3, 4)
    y = bridged(PADDLE, paddle.tanh)(x).sum()
    (first,) = torch.autograd.grad(y, [x], retain_graph=True)
    (second,) = torch.autograd.grad(y, [x])
    assert torch.equal(first, second)


def test_a_second_derivative_through_the_bridge_is_refused_not_wrong() -> None:
    x = drawn(7, 3)
    (first,) = torch.autograd.grad(bridged(PADDLE, paddle.tanh)(x).sum(), [x], create_graph=True)
    # the first derivative leaves the bridge as a constant, so a second is an error
    with pytest.raises(RuntimeError, match=r"once_differentiable|does not require grad"):
        torch.autograd.grad(first.sum(), [x])


# --- memory: shared, not copied -----------------------------------------------------------


@given(rows=sizes, columns=sizes, seed=seeds)
def test_each_crossing_shares_memory_instead_of_copying(rows: int, columns: int, seed: int) -> None:
    x = drawn(seed, rows, columns).detach()
    crossed = to_framework(PADDLE, x)
    assert crossed.data_ptr() == x.data_ptr(), "torch -> Paddle copied the tensor"
    x.add_(1)  # a write on one side is seen on the other
    assert torch.equal(torch.from_numpy(crossed.numpy()), x)
    back = to_torch(PADDLE, crossed)
    assert back.data_ptr() == x.data_ptr(), "Paddle -> torch copied the tensor"
    transposed = to_framework(PADDLE, x.t())  # a strided view crosses as a view
    assert transposed.data_ptr() == x.data_ptr() and list(transposed.shape) == [columns, rows]


def test_the_bridge_hands_paddle_s_output_and_gradient_to_torch_without_a_copy() -> None:
    outputs: list[Any] = []
    gradients: list[Sequence[Any | None]] = []

    def tanh(a: Any) -> Any:
        outputs.append(paddle.tanh(a))
        return outputs[-1]

    def vjp(output: Any, inputs: Sequence[Any], cotangent: Any) -> Sequence[Any | None]:
        gradients.append(PADDLE.vjp(output, inputs, cotangent))
        return gradients[-1]

    x = drawn(3, 4, 2)
    y = bridged(dataclasses.replace(PADDLE, vjp=vjp), tanh)(x)
    assert y.data_ptr() == outputs[0].data_ptr(), "the output was copied on its way to torch"
    (dx,) = torch.autograd.grad(y.sum(), [x])
    assert dx.data_ptr() == gradients[0][0].data_ptr(), "the gradient was copied to torch"


# --- bad input ----------------------------------------------------------------------------


def test_a_paddle_tensor_where_a_torch_tensor_belongs_is_an_error_naming_the_framework() -> None:
    tanh = bridged(PADDLE, paddle.tanh)
    with pytest.raises(TypeError, match=r"got a PaddlePaddle tensor where a torch.Tensor is"):
        tanh(paddle.ones([2]))
    with pytest.raises(TypeError, match=r"expects a torch.Tensor, got list"):
        tanh([1.0, 2.0])
    with pytest.raises(TypeError, match=re.escape("expects a PaddlePaddle tensor (Tensor)")):
        to_torch(PADDLE, torch.ones(2))


def test_a_tensor_on_a_device_paddle_does_not_have_is_an_error_naming_both() -> None:
    with pytest.raises(
        ValueError, match=r"PaddlePaddle has no device 'meta'.*shares tensors on cpu"
    ):
        bridged(PADDLE, paddle.tanh)(torch.ones(2, device="meta"))


def test_a_bridged_function_must_return_a_paddle_tensor() -> None:
    with pytest.raises(TypeError, match="bridged <lambda> returned float, not a PaddlePaddle"):
        bridged(PADDLE, lambda a: 1.0)(torch.ones(2))
