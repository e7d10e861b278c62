"""torch.nn.init's initialisers over PaddlePaddle's (the adapter's ``init``).

Two translations, both of layout and none of arithmetic:

* **Fans.** Paddle keeps a 2-D weight as (in, out) and counts its fan-in from the first
  dimension; torch keeps it (out, in). A torch tensor is filled from a Paddle tensor of
  the transposed shape, so Paddle counts the same fans. Other ranks keep their shape
  (Paddle lays out a convolution's kernel (out, in, *kernel), as torch does).
* **Seeds.** ``generator=`` becomes a seed for Paddle's generator, drawn from the torch
  generator, and Paddle's generator is put back afterwards. Without one, Paddle draws from
  its own global generator, which ``torch.manual_seed`` does not reach.

Measured on Paddle 3.3.1: its initialiser does not write into the tensor it is given; it
gives that tensor new memory. Called on Paddle's view of a torch tensor it leaves the torch
tensor untouched (all zeros stay zero), so the values are copied back explicitly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import torch

from dlspec.adapters import renamed
from dlspec.adapters.bridge import to_framework, to_torch
from dlspec.adapters.paddle.framework import PADDLE, paddle

initializer = paddle.nn.initializer


@contextmanager
def _seeded(generator: torch.Generator | None) -> Iterator[None]:
    if generator is None:
        yield
        return
    seed = int(torch.randint(2**31 - 1, (1,), generator=generator, device=generator.device))
    state = paddle.get_rng_state()
    paddle.seed(seed)
    try:
        yield
    finally:
        paddle.set_rng_state(state)


def _fill(
    tensor: torch.Tensor, initialiser: Any, generator: torch.Generator | None
) -> torch.Tensor:
    """Fills a torch-layout tensor with Paddle's ``initialiser``, applied in Paddle's layout."""
    transposed = tensor.dim() == 2
    shape = tuple(reversed(tensor.shape)) if transposed else tuple(tensor.shape)
    target = to_framework(PADDLE, torch.empty(shape, dtype=tensor.dtype, device=tensor.device))
    with _seeded(generator):
        initialiser(target)
    values = to_torch(PADDLE, target)
    with torch.no_grad():
        tensor.copy_(values.t() if transposed else values)
    return tensor


def _xavier(named: type, kind: str) -> Callable[..., torch.Tensor]:
    def initialise(
        tensor: torch.Tensor, gain: float = 1.0, generator: torch.Generator | None = None
    ) -> torch.Tensor:
        return _fill(tensor, named(gain=gain), generator)

    doc = f"``xavier_{kind}_`` as ``paddle.nn.initializer.{named.__name__}(gain=gain)``."
    return renamed(initialise, f"xavier_{kind}_", doc)  # type: ignore[no-any-return]


def _kaiming(named: type, kind: str) -> Callable[..., torch.Tensor]:
    """torch's ``kaiming_*_``: its slope ``a`` is Paddle's ``negative_slope``; ``mode`` and
    ``nonlinearity`` keep their names."""

    def initialise(
        tensor: torch.Tensor,
        a: float = 0,
        mode: str = "fan_in",
        nonlinearity: str = "leaky_relu",
        generator: torch.Generator | None = None,
    ) -> torch.Tensor:
        chosen = named(negative_slope=a, nonlinearity=nonlinearity, mode=mode)
        return _fill(tensor, chosen, generator)

    doc = f"``kaiming_{kind}_`` as ``paddle.nn.initializer.{named.__name__}`` (a: negative_slope)."
    return renamed(initialise, f"kaiming_{kind}_", doc)  # type: ignore[no-any-return]


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """``paddle.nn.initializer.calculate_gain``, Paddle's own table."""
    return float(initializer.calculate_gain(nonlinearity, param))


init = SimpleNamespace(
    calculate_gain=calculate_gain,
    xavier_normal_=_xavier(initializer.XavierNormal, "normal"),
    xavier_uniform_=_xavier(initializer.XavierUniform, "uniform"),
    kaiming_normal_=_kaiming(initializer.KaimingNormal, "normal"),
    kaiming_uniform_=_kaiming(initializer.KaimingUniform, "uniform"),
)
