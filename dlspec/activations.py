"""Activation functions built from elementary tensor operations (claims A3-A10).

Each function is finite, with a finite gradient, for every finite float32/float64 input:
no branch ever evaluates ``exp`` of a large positive number, because ``torch.where`` still
back-propagates through the branch it does not select and ``0 * inf`` would be NaN.
The inputs are split with ``clamp`` rather than ``abs`` so that the derivative at exactly
x = 0 is the true one (``abs`` has subgradient 0 there in PyTorch).
"""

from __future__ import annotations

import torch

from dlspec._checks import finite_real, float_tensor


def sigmoid(x: torch.Tensor) -> torch.Tensor:
    """Logistic sigmoid, s(x) = 1 / (1 + e^-x), range (0, 1), s'(x) = s(1 - s) <= 1/4 (A3, A8).

    For x >= 0 it evaluates 1 / (1 + e^-x); for x < 0 the equal form e^x / (1 + e^x).
    """
    x = float_tensor(x, "sigmoid")
    nonneg, neg = x.clamp(min=0), x.clamp(max=0)
    e_neg = torch.exp(neg)
    return torch.where(x >= 0, 1 / (1 + torch.exp(-nonneg)), e_neg / (1 + e_neg))


def _tanh_of_nonnegative(u: torch.Tensor) -> torch.Tensor:
    # tanh(u) = (1 - e^-2u) / (1 + e^-2u), written with expm1 to keep full relative
    # precision for tiny u, where 1 - e^-2u would cancel.
    m = torch.expm1(-2 * u)
    return -m / (2 + m)


def tanh(x: torch.Tensor) -> torch.Tensor:
    """Hyperbolic tangent, (e^x - e^-x) / (e^x + e^-x), odd, range (-1, 1) (A4, A9)."""
    x = float_tensor(x, "tanh")
    return torch.where(
        x >= 0, _tanh_of_nonnegative(x.clamp(min=0)), -_tanh_of_nonnegative(-x.clamp(max=0))
    )


def scaled_sigmoid(x: torch.Tensor) -> torch.Tensor:
    """g(x) = 4 s(x) - 2, the sigmoid shifted and stretched to slope 1 at 0 (A10).

    Evaluated as the identical 2 tanh(x / 2), which avoids the cancellation of 4 s(x) - 2
    near x = 0.
    """
    x = float_tensor(x, "scaled_sigmoid")
    return 2 * tanh(x / 2)


def relu(x: torch.Tensor) -> torch.Tensor:
    """Rectified linear unit, max(0, x); derivative 1 for x > 0 and 0 for x <= 0 (A5)."""
    x = float_tensor(x, "relu")
    return torch.where(x > 0, x, torch.zeros_like(x))


def leaky_relu(x: torch.Tensor, negative_slope: float = 0.01) -> torch.Tensor:
    """Leaky ReLU: x for x > 0, negative_slope * x otherwise (A6).

    This equals max(negative_slope * x, x) only when 0 <= negative_slope <= 1.

    Args:
        x: floating-point input.
        negative_slope: the slope for x <= 0; any finite real, as in PyTorch.
    """
    x = float_tensor(x, "leaky_relu")
    slope = finite_real(negative_slope, "leaky_relu negative_slope")
    return torch.where(x > 0, x, slope * x)


def prelu(x: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
    """Parametric ReLU: x for x > 0, a * x otherwise, with a learnable slope tensor (A6).

    Args:
        x: floating-point input; its channel dimension is dim 1 (none for inputs of rank < 2).
        weight: the slopes a, one shared value (numel 1) or one per channel.
    """
    x = float_tensor(x, "prelu")
    weight = float_tensor(weight, "prelu weight")
    if weight.dim() != 1:
        raise ValueError(f"prelu weight must be 1-D, got shape {list(weight.shape)}")
    channels = x.shape[1] if x.dim() >= 2 else 1
    if weight.numel() not in (1, channels):
        raise ValueError(
            f"prelu weight has {weight.numel()} slopes but the input has {channels} channels "
            f"(dim 1 of shape {list(x.shape)}); use 1 slope or one per channel"
        )
    if weight.numel() > 1:
        weight = weight.reshape(channels, *([1] * (x.dim() - 2)))
    return torch.where(x > 0, x, weight * x)
