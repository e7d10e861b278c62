"""The functional activations and the NumPy crossing, Keras's."""

from __future__ import annotations

import warnings

import keras
import numpy as np
import torch

from dlspec.adapters.keras.layers import PReLU


def prelu(x: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
    """Functional PReLU: Keras has none, so a Keras PReLU layer runs with ``weight``."""
    layer = PReLU(weight.numel(), device="meta", dtype=weight.dtype)
    out: torch.Tensor = torch.func.functional_call(layer, {"weight": weight}, (x,))
    return out


def to_numpy(tensor: torch.Tensor) -> np.ndarray:
    """``keras.ops.convert_to_numpy``: Keras's crossing, which copies."""
    with warnings.catch_warnings():
        # NumPy 2 warns that torch's __array__ takes no copy argument; Keras calls np.array
        warnings.simplefilter("ignore", DeprecationWarning)
        return keras.ops.convert_to_numpy(tensor)  # type: ignore[no-any-return]


def leaky_relu(x: torch.Tensor, *negative_slope: float) -> torch.Tensor:
    """``keras.ops.leaky_relu``; left out, Keras's default slope applies."""
    slope = {"negative_slope": negative_slope[0]} if negative_slope else {}
    out: torch.Tensor = keras.ops.leaky_relu(x, **slope)
    return out
