"""Weight initialisers with ``torch.nn.init``'s signatures, written from their formulas (I1-I4).

Each initialiser fills a weight in place (under ``torch.no_grad()``, on the weight's own
device and dtype) with zero-mean values whose variance is set by the weight's fans, draws
only from ``generator`` (PyTorch's global generator when ``None``) and returns the weight.
A weight has shape (out, in, *kernel): one output unit sees fan_in = in * prod(kernel)
inputs, and one input unit feeds fan_out = out * prod(kernel) outputs.

A weight with no elements (a zero in its shape) has nothing to draw and is returned as it
is, as ``torch.nn.init`` does: silently by ``xavier_*``, with a ``UserWarning`` by
``kaiming_*``.
"""

from __future__ import annotations

import math
import warnings

import torch

from dlspec._checks import finite_real, float_tensor

_LINEAR = ("linear", *(f"conv{kind}{k}d" for kind in ("", "_transpose") for k in (1, 2, 3)))
_MODES = ("fan_in", "fan_out")


def calculate_fan_in_and_fan_out(tensor: torch.Tensor) -> tuple[int, int]:
    """The fans of a weight of shape (out, in, *kernel) (I1, I2, I4).

    fan_in = in * prod(kernel) is the number of inputs that one output sums over (what the
    forward pass scales with); fan_out = out * prod(kernel) the number of outputs that one
    input reaches (what the backward pass scales with). A linear layer's weight is (out, in).

    Args:
        tensor: a weight with at least 2 dimensions.
    """
    if not isinstance(tensor, torch.Tensor):
        raise TypeError(f"calculate_fan_in_and_fan_out expects a torch.Tensor, got {tensor!r}")
    if tensor.dim() < 2:
        raise ValueError(
            "calculate_fan_in_and_fan_out needs a weight with at least 2 dimensions "
            f"(out, in, *kernel), got shape {tuple(tensor.shape)}"
        )
    kernel = math.prod(tensor.shape[2:])
    return tensor.shape[1] * kernel, tensor.shape[0] * kernel


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """The factor by which to scale a weight's standard deviation for ``nonlinearity`` (I2, I4).

    1 for the linear maps ('linear', 'conv1d/2d/3d', 'conv_transpose1d/2d/3d') and
    'sigmoid'; 5/3 for 'tanh'; sqrt(2) for 'relu', which keeps E[h^2] because ReLU halves
    the second moment of a symmetric input (He et al. 2015); sqrt(2 / (1 + a^2)) for
    'leaky_relu' with negative slope a; 3/4 for 'selu' (PyTorch's empirical choice).

    Args:
        nonlinearity: the ``torch.nn.functional`` name of the activation.
        param: the negative slope a of 'leaky_relu' (default 0.01); ignored otherwise.
    """
    if nonlinearity in _LINEAR or nonlinearity == "sigmoid":
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else finite_real(param, "calculate_gain negative slope")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"calculate_gain: unknown nonlinearity {nonlinearity!r}")


def _gain(gain: float, who: str) -> float:
    value = finite_real(gain, f"{who} gain")
    if value < 0:
        raise ValueError(f"{who} gain must be >= 0, got {value}")
    return value


def _fans(tensor: torch.Tensor, who: str) -> tuple[int, int]:
    float_tensor(tensor, who)
    if tensor.dim() < 2:
        raise ValueError(
            f"{who} needs a weight with at least 2 dimensions (out, in, *kernel) to compute "
            f"its fans, got shape {tuple(tensor.shape)}"
        )
    return calculate_fan_in_and_fan_out(tensor)


def _warn_if_empty(tensor: torch.Tensor, who: str) -> bool:
    """Whether ``tensor`` (a floating-point tensor) has no elements; if so, warn with
    ``torch.nn.init``'s category and words. As there, this comes before the checks of the
    weight's rank and of the other arguments: an empty 1-D weight is returned too."""
    if float_tensor(tensor, who).numel() > 0:
        return False
    warnings.warn("Initializing zero-element tensors is a no-op", UserWarning, stacklevel=3)
    return True


def _fill(
    tensor: torch.Tensor, uniform: bool, scale: float, generator: torch.Generator | None
) -> torch.Tensor:
    """Overwrite ``tensor`` with N(0, scale^2), or with U(-scale, scale) if ``uniform``."""
    shape, device, dtype = tensor.shape, tensor.device, tensor.dtype
    with torch.no_grad():
        if uniform:
            unit = 2 * torch.rand(shape, generator=generator, device=device, dtype=dtype) - 1
        else:
            unit = torch.randn(shape, generator=generator, device=device, dtype=dtype)
        fresh = unit * scale
        tensor.copy_(fresh)
    return tensor


def xavier_normal_(
    tensor: torch.Tensor, gain: float = 1.0, generator: torch.Generator | None = None
) -> torch.Tensor:
    """Fill ``tensor`` with N(0, gain^2 * 2 / (fan_in + fan_out)) (Glorot & Bengio 2010; I2).

    1/fan_in would keep the forward second moment, 1/fan_out the backward one; their
    harmonic mean 2/(fan_in + fan_out) is the compromise, exact for both only when
    fan_in = fan_out (I1).

    Args:
        tensor: a floating-point weight of shape (out, in, *kernel).
        gain: a factor >= 0 on the standard deviation (see :func:`calculate_gain`).
        generator: the source of the random values; PyTorch's global one when ``None``.
    """
    fan_in, fan_out = _fans(tensor, "xavier_normal_")
    gain = _gain(gain, "xavier_normal_")
    if tensor.numel() == 0:  # both fans may be 0: nothing to draw, no scale to compute
        return tensor
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return _fill(tensor, False, std, generator)


def xavier_uniform_(
    tensor: torch.Tensor, gain: float = 1.0, generator: torch.Generator | None = None
) -> torch.Tensor:
    """Fill ``tensor`` with U(-a, a), a = gain * sqrt(6 / (fan_in + fan_out)) (Glorot & Bengio
    2010; I2): the variance a^2/3 equals that of :func:`xavier_normal_`.

    Args:
        tensor: a floating-point weight of shape (out, in, *kernel).
        gain: a factor >= 0 on the bound (see :func:`calculate_gain`).
        generator: the source of the random values; PyTorch's global one when ``None``.
    """
    fan_in, fan_out = _fans(tensor, "xavier_uniform_")
    gain = _gain(gain, "xavier_uniform_")
    if tensor.numel() == 0:  # both fans may be 0: nothing to draw, no scale to compute
        return tensor
    bound = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return _fill(tensor, True, bound, generator)


def _kaiming_scale(tensor: torch.Tensor, a: float, mode: str, nonlinearity: str, who: str) -> float:
    fan_in, fan_out = _fans(tensor, who)
    if mode not in _MODES:
        raise ValueError(f"{who} mode must be 'fan_in' or 'fan_out', got {mode!r}")
    slope = finite_real(a, f"{who} a")
    try:
        gain = calculate_gain(nonlinearity, slope)
    except ValueError as error:
        raise ValueError(f"{who}: {error}") from None
    return gain / math.sqrt(fan_in if mode == "fan_in" else fan_out)


def kaiming_normal_(
    tensor: torch.Tensor,
    a: float = 0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    """Fill ``tensor`` with N(0, gain^2 / fan), gain = calculate_gain(nonlinearity, a) (He et
    al. 2015; I4). With 'relu' (or the default leaky_relu with a = 0) and mode 'fan_in' this
    is Var(w) = 2/fan_in: the forward second moment doubles in the layer and ReLU halves it.

    Args:
        tensor: a floating-point weight of shape (out, in, *kernel).
        a: the negative slope of 'leaky_relu' (0 is ReLU); ignored for other nonlinearities.
        mode: 'fan_in' keeps the forward pass's second moment, 'fan_out' the backward one's.
        nonlinearity: the ``torch.nn.functional`` name of the activation that follows.
        generator: the source of the random values; PyTorch's global one when ``None``.
    """
    if _warn_if_empty(tensor, "kaiming_normal_"):
        return tensor
    std = _kaiming_scale(tensor, a, mode, nonlinearity, "kaiming_normal_")
    return _fill(tensor, False, std, generator)


def kaiming_uniform_(
    tensor: torch.Tensor,
    a: float = 0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    """Fill ``tensor`` with U(-b, b), b = gain * sqrt(3 / fan), the variance gain^2 / fan of
    :func:`kaiming_normal_` (He et al. 2015; I4). nn.Linear's default initialisation is this
    with a = sqrt(5): b = 1/sqrt(fan_in), Var(w) = 1/(3 fan_in).

    Args: as for :func:`kaiming_normal_`.
    """
    if _warn_if_empty(tensor, "kaiming_uniform_"):
        return tensor
    bound = math.sqrt(3.0) * _kaiming_scale(tensor, a, mode, nonlinearity, "kaiming_uniform_")
    return _fill(tensor, True, bound, generator)
