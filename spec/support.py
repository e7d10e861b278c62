"""Helpers shared by the spec tests (not tests themselves)."""

from __future__ import annotations

import math

import torch
from hypothesis import strategies as st

SEEDS = st.integers(min_value=0, max_value=2**63 - 1)


def reinitialise(module: torch.nn.Module, generator: torch.Generator) -> torch.nn.Module:
    """Overwrite every parameter with uniform values on [-1/sqrt(fan_in), 1/sqrt(fan_in)]
    drawn from ``generator``, so that results never depend on the global random state."""
    with torch.no_grad():
        for parameter in module.parameters():
            fan_in = parameter.shape[-1] if parameter.dim() > 1 else parameter.numel()
            bound = 1 / math.sqrt(fan_in)
            fresh = torch.rand(
                parameter.shape, generator=generator, device=parameter.device,
                dtype=parameter.dtype,
            )
            parameter.copy_((2 * fresh - 1) * bound)
    return module


def floats(width: int, **bounds: float) -> st.SearchStrategy[float]:
    """Finite floats representable at ``width`` bits (32 or 64)."""
    return st.floats(allow_nan=False, allow_infinity=False, width=width, **bounds)


DTYPES = {32: torch.float32, 64: torch.float64}
