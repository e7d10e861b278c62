"""The crossing between torch tensors and another framework's tensors, written once for any
framework that speaks DLPack (the array interchange protocol, https://dmlc.github.io/dlpack/)
and has reverse-mode autograd of its own: PaddlePaddle (``paddle.grad``) now, JAX
(``jax.vjp``) later. The spec computes on torch tensors; with the bridge it can judge a
framework that computes on its own.

* **No copy where both sides can share.** :func:`to_framework` and :func:`to_torch` hand
  over the same memory through DLPack. Only a gradient that torch gives as an expanded
  (stride 0) or otherwise non-contiguous view is made contiguous first.
* **The framework's gradients, not torch's.** :func:`bridged` wraps a function of the
  framework's tensors as a ``torch.autograd.Function``: the forward runs in the framework,
  which records its own graph, and the backward asks the framework's autograd for the
  vector-Jacobian product over that graph. So a gradient the spec checks is the one the
  framework computes. It is differentiable once (a second derivative raises).
* **Bad input names the framework.** A framework tensor where a torch tensor belongs, or a
  torch tensor on a device the framework does not have, is an error that says which
  framework, what was expected and on which devices it shares memory.

Claims served: every claim the spec runs against a framework with its own tensors (the
PaddlePaddle adapter, issue 22); the crossing itself is checked in tests/test_bridge.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import torch
import torch.utils.dlpack


@dataclass(frozen=True)
class Framework:
    """What the bridge needs to know of a framework.

    Attributes:
        name: as its users write it, for error messages ("PaddlePaddle").
        tensor_type: the framework's tensor class.
        devices: the torch device types it shares memory on (``("cpu",)``; ``"cuda"`` too
            where the framework is built with CUDA).
        from_dlpack: the framework's tensor on the memory of a torch tensor.
        detached: a framework tensor without its graph (DLPack refuses to export a tensor
            that records gradients, on both sides).
        track: ``track(x, True)`` makes ``x`` an input the framework differentiates with
            respect to; ``track(x, False)`` makes it a constant. Returns ``x``.
        vjp: ``vjp(output, inputs, cotangent)``: the framework's reverse mode over the graph
            recorded since the inputs were tracked, one gradient per input (None where the
            output does not depend on it).
    """

    name: str
    tensor_type: type
    devices: tuple[str, ...]
    from_dlpack: Callable[[torch.Tensor], Any]
    detached: Callable[[Any], Any]
    track: Callable[[Any, bool], Any]
    vjp: Callable[[Any, Sequence[Any], Any], Sequence[Any | None]]


def to_framework(framework: Framework, tensor: torch.Tensor, who: str = "to_framework") -> Any:
    """``tensor``'s memory as a ``framework`` tensor (no copy; its graph is left behind)."""
    if isinstance(tensor, framework.tensor_type):
        raise TypeError(
            f"{who}: got a {framework.name} tensor where a torch.Tensor is expected; "
            f"it is on the {framework.name} side already"
        )
    if not isinstance(tensor, torch.Tensor):
        raise TypeError(f"{who} expects a torch.Tensor, got {type(tensor).__name__}")
    if tensor.device.type not in framework.devices:
        raise ValueError(
            f"{who}: {framework.name} has no device {str(tensor.device)!r} here; it shares "
            f"tensors on {', '.join(framework.devices)}"
        )
    return framework.from_dlpack(tensor.detach())


def to_torch(framework: Framework, value: Any, who: str = "to_torch") -> torch.Tensor:
    """A ``framework`` tensor's memory as a torch tensor (no copy; its graph is left behind)."""
    if not isinstance(value, framework.tensor_type):
        raise TypeError(
            f"{who} expects a {framework.name} tensor ({framework.tensor_type.__qualname__}), "
            f"got {type(value).__module__}.{type(value).__qualname__}"
        )
    return torch.utils.dlpack.from_dlpack(framework.detached(value))


class _Crossing(torch.autograd.Function):
    @staticmethod
    def forward(
        ctx: Any, framework: Framework, function: Callable[..., Any], *inputs: torch.Tensor
    ) -> torch.Tensor:
        who = f"bridged {getattr(function, '__name__', 'function')}"
        # the framework differentiates every floating-point input, also those torch wants
        # no gradient for: asked for the slope's gradient alone, Paddle 3.3.1's prelu
        # backward crashes the process (a segmentation fault in prelu_grad)
        crossed = [to_framework(framework, x, who) for x in inputs]
        tracked = [x.is_floating_point() for x in inputs]
        leaves = [
            framework.track(leaf, differentiate)
            for leaf, differentiate in zip(crossed, tracked, strict=True)
        ]
        output = function(*leaves)
        if not isinstance(output, framework.tensor_type):
            raise TypeError(
                f"{who} returned {type(output).__name__}, not a {framework.name} tensor"
            )
        ctx.framework, ctx.output, ctx.who, ctx.tracked = framework, output, who, tracked
        ctx.differentiated = [leaf for leaf, t in zip(leaves, tracked, strict=True) if t]
        return to_torch(framework, output, who)

    @staticmethod
    @torch.autograd.function.once_differentiable
    def backward(ctx: Any, gradient: torch.Tensor) -> tuple[torch.Tensor | None, ...]:
        framework: Framework = ctx.framework
        cotangent = to_framework(framework, gradient.contiguous(), ctx.who)
        found = iter(framework.vjp(ctx.output, ctx.differentiated, cotangent))
        grads: list[torch.Tensor | None] = [None, None]  # the framework and the function
        for tracked, needs in zip(ctx.tracked, ctx.needs_input_grad[2:], strict=True):
            grad = next(found) if tracked else None
            wanted = needs and grad is not None
            grads.append(to_torch(framework, grad, ctx.who) if wanted else None)
        return tuple(grads)


def bridged(framework: Framework, function: Callable[..., Any]) -> Callable[..., torch.Tensor]:
    """``function`` (``framework`` tensors -> one ``framework`` tensor) as a function of torch
    tensors, differentiable by torch's autograd with the framework's gradients."""

    def crossing(*inputs: torch.Tensor) -> torch.Tensor:
        crossed: torch.Tensor = _Crossing.apply(framework, function, *inputs)  # type: ignore[no-untyped-call]
        return crossed

    crossing.__name__ = getattr(function, "__name__", "crossing")
    crossing.__doc__ = function.__doc__
    return crossing
