"""PaddlePaddle's activations and its NumPy crossing, as the contract's functional pieces.

Each activation is Paddle's own (``paddle.nn.functional``) run through the DLPack bridge:
torch tensors in and out, Paddle's forward, and Paddle's backward for the gradient.
``leaky_relu`` without a slope uses Paddle's default slope, not torch's, so the spec can
check it. ``to_numpy`` is the chain a Paddle user writes, ``tensor.numpy()``, on the
Paddle tensor that shares the torch tensor's memory.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from dlspec.adapters.bridge import bridged, to_framework
from dlspec.adapters.paddle.framework import PADDLE, paddle

F = paddle.nn.functional

sigmoid = bridged(PADDLE, F.sigmoid)
tanh = bridged(PADDLE, F.tanh)
relu = bridged(PADDLE, F.relu)


def leaky_relu(x: torch.Tensor, negative_slope: float | None = None, /) -> torch.Tensor:
    """``paddle.nn.functional.leaky_relu``, with Paddle's default slope unless one is given."""

    def leaky(a: Any) -> Any:
        if negative_slope is None:
            return F.leaky_relu(a)
        return F.leaky_relu(a, negative_slope=negative_slope)

    return bridged(PADDLE, leaky)(x)


def prelu(x: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
    """``paddle.nn.functional.prelu``: one slope, or one per channel (dimension 1)."""
    return bridged(PADDLE, F.prelu)(x, weight)


def scaled_sigmoid(x: torch.Tensor) -> torch.Tensor:
    """The knowledge base's 4 sigmoid(x) - 2, in Paddle's arithmetic."""
    return bridged(PADDLE, lambda a: 4 * F.sigmoid(a) - 2)(x)


def to_numpy(x: torch.Tensor) -> np.ndarray:
    """``tensor.numpy()`` of the Paddle tensor on ``x``'s memory (Paddle's copies)."""
    return to_framework(PADDLE, x, "to_numpy").numpy()  # type: ignore[no-any-return]
