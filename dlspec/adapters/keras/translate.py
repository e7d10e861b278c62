"""How torch's calls become Keras's: devices, dtypes, seeds and argument names. Arguments
the caller leaves out stay left out, so Keras's defaults apply."""

from __future__ import annotations

import contextlib
from typing import Any

import keras
import torch

from dlspec.adapters import translator


def dtype_name(dtype: torch.dtype) -> str:
    """Keras's name of a torch dtype: ``torch.float64`` is ``"float64"``."""
    return str(dtype).removeprefix("torch.")


def keras_dtype(dtype: torch.dtype | None) -> dict[str, str]:
    """``dtype=`` for a Keras layer; left out, Keras's dtype policy applies."""
    return {} if dtype is None else {"dtype": dtype_name(dtype)}


def device_scope(device: torch.device | str | None) -> contextlib.AbstractContextManager[Any]:
    """Keras's scope for where it creates variables and random numbers."""
    return contextlib.nullcontext() if device is None else keras.device(str(device))


def keras_seed(generator: torch.Generator | None) -> dict[str, int]:
    """``generator=`` as a Keras ``seed``; without a generator, Keras's own seeding."""
    if generator is None:
        return {}
    return {"seed": int(torch.randint(2**31 - 1, (), generator=generator, device=generator.device))}


translated = translator("Keras")
