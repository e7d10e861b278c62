"""Argument checks shared by dlspec's modules: bad input fails loudly, never as NaN."""

from __future__ import annotations

import math
import numbers

import torch


def float_tensor(x: object, who: str) -> torch.Tensor:
    """Return ``x`` if it is a floating-point tensor, else raise ``TypeError`` naming ``who``."""
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{who} expects a torch.Tensor, got {type(x).__name__}")
    if not x.is_floating_point():
        raise TypeError(
            f"{who} expects a floating-point tensor, got dtype {x.dtype}; "
            "convert with .float() or .double() first"
        )
    return x


def finite_real(value: object, who: str) -> float:
    """Return ``value`` as a float if it is a finite real number, else raise naming ``who``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{who} must be a real number, got {type(value).__name__}")
    if not math.isfinite(value):
        raise ValueError(f"{who} must be finite, got {value}")
    return float(value)


def positive_int(value: object, who: str) -> int:
    """Return ``value`` if it is an ``int`` >= 1, else raise naming ``who``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{who} must be an int, got {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{who} must be >= 1, got {value}")
    return value
