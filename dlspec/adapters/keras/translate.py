"""How torch's calls become Keras's: devices, dtypes, seeds and argument names. Arguments
the caller leaves out stay left out, so Keras's defaults apply."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any

import keras
import torch

from dlspec.harness.contract import Absent


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


def positional(names: Sequence[str], args: Sequence[Any]) -> dict[str, Any]:
    """torch's positional arguments by name, so they are translated like keywords."""
    if len(args) > len(names):
        raise TypeError(f"takes at most {len(names)} positional arguments, got {len(args)}")
    return dict(zip(names, args, strict=False))


def translated(
    **torch_to_keras: tuple[str, Callable[[Any], Any]],
) -> Callable[..., dict[str, Any]]:
    """Renames the keyword arguments a caller passed; those left out stay left out. A
    target name "" marks an argument whose only accepted value is what Keras always does."""

    def translate(**given: Any) -> dict[str, Any]:
        unknown = set(given) - set(torch_to_keras)
        if unknown:
            raise TypeError(f"no Keras counterpart for the argument(s) {sorted(unknown)}")
        renamed = {}
        for name, value in given.items():
            keras_name, convert = torch_to_keras[name]
            if keras_name:
                renamed[keras_name] = convert(value)
            elif not convert(value):
                raise Absent(f"Keras has no counterpart for {name}={value!r}")
        return renamed

    return translate
