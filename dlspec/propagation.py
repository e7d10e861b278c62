"""Signal propagation through depth: per-layer statistics of activations and of gradients
(claims I1, I3, I5, I6; A9 measures the same thing by hand).

:func:`trace` pushes a batch through the layers of a stack one at a time and keeps, for every
layer's output, its mean and second moment (and so its variance) reduced over the chosen
dimensions. It streams: each output is dropped as soon as the next layer has read it (unless
``keep=True``), so in the forward-only mode peak memory does not grow with depth, and the
statistics stay on the device in preallocated buffers until the end, so there is no host
synchronisation per layer. With ``backward=True`` it also back-propagates an upstream
gradient and records the same statistics of the gradient with respect to every layer's
output (autograd then keeps what it needs for the backward pass, as it must).

:class:`StackedLinear` holds many independent networks side by side, so that one trace
measures a whole population of random networks at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import torch

from dlspec._checks import float_tensor, positive_int

Tensor = torch.Tensor


@dataclass(frozen=True)
class Trace:
    """Per-layer statistics, first dimension the layer (the output of module i).

    ``forward[s]`` and ``backward[s]`` for s in ``mean``, ``second_moment``, ``variance``;
    the remaining dimensions are those not reduced over. ``layers`` names each module's
    type; ``outputs`` holds the outputs themselves when the trace kept them.
    """

    layers: list[str]
    forward: dict[str, Tensor]
    backward: dict[str, Tensor] | None = None
    outputs: list[Tensor] | None = None

    def rows(self, kind: str) -> list[int]:
        """Indices of the layers whose module type is ``kind`` (e.g. ``"Linear"``)."""
        return [i for i, name in enumerate(self.layers) if name == kind]


class _Moments:
    """Mean and second moment of each layer's tensor, written into device buffers."""

    def __init__(self, depth: int, dims: tuple[int, ...] | None, like: Tensor) -> None:
        self.dims = dims
        shape = (depth, *like.mean(dim=dims).shape)
        self.mean = torch.empty(shape, device=like.device, dtype=like.dtype)
        self.square = torch.empty(shape, device=like.device, dtype=like.dtype)

    def record(self, layer: int, values: Tensor) -> None:
        values = values.detach()
        mean = values.mean(dim=self.dims)
        # the norm is one vectorised pass without a temporary (var_mean is ~30x slower)
        norm = torch.linalg.vector_norm(values, dim=self.dims)
        self.mean[layer] = mean
        self.square[layer] = norm**2 / (values.numel() // mean.numel())

    def stats(self) -> dict[str, Tensor]:
        return {
            "mean": self.mean,
            "second_moment": self.square,
            "variance": self.square - self.mean**2,
        }


def trace(
    layers: Iterable[torch.nn.Module],
    inputs: Tensor,
    over: Sequence[int] | None = None,
    backward: bool = False,
    upstream: Tensor | None = None,
    keep: bool = False,
) -> Trace:
    """Run ``inputs`` through ``layers`` and return every layer's statistics.

    Args:
        layers: the modules, in order (a ``Sequential`` or any iterable of modules).
        inputs: the batch fed to the first module.
        over: dimensions to average over, negative counts from the end, e.g. ``(-1,)`` for
            per-sample statistics over the units; None averages over everything.
        backward: also record gradient statistics, back-propagating ``upstream`` from the
            last output (the gradient of some loss with respect to it).
        upstream: the gradient fed in at the top; required with ``backward``.
        keep: keep every layer's output (for plots); memory then grows with depth.
    """
    modules = list(layers)
    if not modules:
        raise ValueError("trace needs at least one layer")
    for index, module in enumerate(modules):
        if not isinstance(module, torch.nn.Module):
            raise TypeError(f"trace layer {index} is a {type(module).__name__}, not a Module")
    inputs = float_tensor(inputs, "trace inputs")
    if backward and upstream is None:
        raise ValueError("trace with backward=True needs the upstream gradient")
    dims = None if over is None else tuple(over)
    if dims is not None and any(d >= 0 for d in dims):
        raise ValueError(f"trace over must count dimensions from the end (negative), got {dims}")

    kept: list[Tensor] = []
    forward: _Moments | None = None
    gradient: _Moments | None = None
    with torch.set_grad_enabled(backward):
        # a leaf that requires grad, so that every output has a gradient to record
        h = inputs.detach().requires_grad_() if backward else inputs
        for index, module in enumerate(modules):
            h = module(h)
            if forward is None:
                forward = _Moments(len(modules), dims, h)
                gradient = _Moments(len(modules), dims, h) if backward else None
            forward.record(index, h)
            if gradient is not None:
                h.register_hook(lambda g, i=index, m=gradient: m.record(i, g))
            if keep:
                kept.append(h.detach())
        if backward:
            h.backward(upstream)  # type: ignore[no-untyped-call]
    assert forward is not None
    return Trace(
        layers=[type(m).__name__ for m in modules],
        forward=forward.stats(),
        backward=gradient.stats() if gradient is not None else None,
        outputs=kept if keep else None,
    )


class StackedLinear(torch.nn.Module):
    """``networks`` independent Linear layers (no bias) applied side by side.

    Input (networks, batch, in_features) -> output (networks, batch, out_features); network
    k uses ``weight[k]``, shape (out_features, in_features) like ``nn.Linear``'s, so any
    initialiser for a Linear weight can fill each slice.

    Args:
        networks: how many independent networks.
        in_features, out_features: the layer's sizes.
        init: called on each slice ``weight[k]`` to initialise it (e.g. a kaiming_normal_
            with its generator bound).
    """

    def __init__(
        self,
        networks: int,
        in_features: int,
        out_features: int,
        init: Callable[[Tensor], object],
        device: torch.device | str | None = None,
        dtype: torch.dtype | None = None,
    ) -> None:
        super().__init__()
        shape = (
            positive_int(networks, "StackedLinear networks"),
            positive_int(out_features, "StackedLinear out_features"),
            positive_int(in_features, "StackedLinear in_features"),
        )
        self.weight = torch.nn.Parameter(torch.empty(shape, device=device, dtype=dtype))
        with torch.no_grad():
            for layer in self.weight:
                init(layer)

    def forward(self, x: Tensor) -> Tensor:
        x = float_tensor(x, "StackedLinear")
        networks, _, in_features = self.weight.shape
        if x.dim() != 3 or x.shape[0] != networks or x.shape[2] != in_features:
            raise ValueError(
                f"StackedLinear expects input ({networks}, batch, {in_features}), "
                f"got shape {list(x.shape)}"
            )
        return torch.bmm(x, self.weight.transpose(1, 2))
