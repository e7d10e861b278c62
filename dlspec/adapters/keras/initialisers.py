"""torch.nn.init's initialisers over Keras's (the adapter's ``init``)."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import keras
import numpy as np
import torch

from dlspec.adapters import renamed
from dlspec.adapters.keras.translate import device_scope, dtype_name, keras_seed
from dlspec.harness.contract import Absent


def _fill(tensor: torch.Tensor, initialiser: keras.initializers.Initializer) -> torch.Tensor:
    """Fills a torch-layout tensor (out, in, *kernel) from Keras's layout (*kernel, in, out),
    so Keras computes the same fans; other ranks keep their shape."""
    order = (*range(2, tensor.dim()), 1, 0) if tensor.dim() >= 2 else tuple(range(tensor.dim()))
    shape = tuple(tensor.shape[i] for i in order)
    with device_scope(tensor.device), torch.no_grad():
        values = initialiser(shape, dtype=dtype_name(tensor.dtype))
        tensor.copy_(values.permute(*np.argsort(order)))
    return tensor


def _initialiser(
    named: Callable[..., keras.initializers.Initializer],
    distribution: str,
    mode: str,
    scale: float | None,
    generator: torch.Generator | None,
) -> keras.initializers.Initializer:
    """Keras's named initialiser when the caller asked for nothing else, otherwise the
    ``VarianceScaling`` it is a case of, with the caller's scale and mode."""
    if scale is None:
        return named(**keras_seed(generator))
    return keras.initializers.VarianceScaling(
        scale=scale, mode=mode, distribution=distribution, **keras_seed(generator)
    )


def _xavier(named: Callable[..., Any], distribution: str) -> Callable[..., torch.Tensor]:
    """torch's ``xavier_*_`` over Keras's Glorot initialiser ``named``."""

    def initialise(
        tensor: torch.Tensor, gain: float = 1.0, generator: torch.Generator | None = None
    ) -> torch.Tensor:
        scale = None if gain == 1.0 else float(gain) ** 2
        return _fill(tensor, _initialiser(named, distribution, "fan_avg", scale, generator))

    kind = "normal" if distribution == "truncated_normal" else distribution
    doc = f"``xavier_{kind}_`` as ``keras.initializers.{named.__name__}`` (``scale = gain²``)."
    return renamed(initialise, f"xavier_{kind}_", doc)  # type: ignore[no-any-return]


xavier_normal_ = _xavier(keras.initializers.GlorotNormal, "truncated_normal")
xavier_uniform_ = _xavier(keras.initializers.GlorotUniform, "uniform")


def _he_scale(a: float, mode: str, nonlinearity: str) -> float | None:
    """Keras's He initialisers are for (leaky) ReLU: scale 2/(1 + a²), None for HeNormal's
    own 2 on fan_in."""
    if nonlinearity not in ("relu", "leaky_relu"):
        raise Absent(
            f"Keras's He initialisers have no gain for {nonlinearity!r}: HeNormal and "
            f"HeUniform are for ReLU (VarianceScaling takes a scale instead of a nonlinearity)"
        )
    slope = 0.0 if nonlinearity == "relu" else float(a)
    return None if slope == 0.0 and mode == "fan_in" else 2 / (1 + slope**2)


def _kaiming(named: Callable[..., Any], distribution: str) -> Callable[..., torch.Tensor]:
    """torch's ``kaiming_*_`` over Keras's He initialiser ``named``; the defaults are
    torch's names for what ``named`` does: slope 0, fan_in."""

    def initialise(
        tensor: torch.Tensor,
        a: float = 0,
        mode: str = "fan_in",
        nonlinearity: str = "leaky_relu",
        generator: torch.Generator | None = None,
    ) -> torch.Tensor:
        scale = _he_scale(a, mode, nonlinearity)
        return _fill(tensor, _initialiser(named, distribution, mode, scale, generator))

    kind = "normal" if distribution == "truncated_normal" else distribution
    doc = (
        f"``kaiming_{kind}_`` as ``keras.initializers.{named.__name__}`` (``scale = 2/(1 + a²)``)."
    )
    return renamed(initialise, f"kaiming_{kind}_", doc)  # type: ignore[no-any-return]


kaiming_normal_ = _kaiming(keras.initializers.HeNormal, "truncated_normal")
kaiming_uniform_ = _kaiming(keras.initializers.HeUniform, "uniform")


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """Keras has no gain table: its initialisers take the squared gain as ``scale``."""
    raise Absent("Keras 3 has no calculate_gain: its initialisers take a scale (the gain squared)")


init = SimpleNamespace(
    calculate_gain=calculate_gain,
    xavier_normal_=xavier_normal_,
    xavier_uniform_=xavier_uniform_,
    kaiming_normal_=kaiming_normal_,
    kaiming_uniform_=kaiming_uniform_,
)
