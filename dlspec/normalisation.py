"""Batch and layer normalisation as ``torch.nn.Module``s with ``torch.nn``'s signatures (I6).

Both layers compute y = (x - mean) / sqrt(var + eps) * weight + bias with the biased
variance; they differ in what the statistics are taken over (the batch, or each sample)
and in whether eval mode changes anything. ``dlspec.nn`` re-exports both.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch

from dlspec._checks import finite_real, float_tensor, positive_int


class BatchNorm1d(torch.nn.Module):
    """Batch normalisation over the batch (Ioffe & Szegedy 2015) (I6).

    Training: each channel c is standardised with the mean and the biased variance of the
    batch (over dim 0, and dim 2 for (N, C, L) inputs), y = (x - mean) / sqrt(var + eps)
    * weight + bias, and the running statistics move a fraction ``momentum`` towards the
    batch's mean and *unbiased* variance. Eval: the running statistics are used instead, so
    the layer is a fixed affine map; without ``track_running_stats`` there are none and the
    batch's statistics are used in both modes.

    Args:
        num_features: C, the channels (dim 1 of the input).
        eps: added to the variance before the square root.
        momentum: weight of the newest batch in the running statistics.
        affine: whether to learn weight (start 1) and bias (start 0).
        track_running_stats: whether to keep running statistics (start mean 0, variance 1)
            for eval mode.
    """

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        device: torch.device | str | None = None,
        dtype: torch.dtype | None = None,
    ) -> None:
        super().__init__()
        self.num_features = positive_int(num_features, "BatchNorm1d num_features")
        self.eps = _positive(eps, "BatchNorm1d eps")
        self.momentum = finite_real(momentum, "BatchNorm1d momentum")
        if not 0 <= self.momentum <= 1:
            raise ValueError(f"BatchNorm1d momentum must be in [0, 1], got {momentum}")
        options: dict[str, Any] = {"device": device, "dtype": dtype}
        self.weight = torch.nn.Parameter(torch.ones(num_features, **options)) if affine else None
        self.bias = torch.nn.Parameter(torch.zeros(num_features, **options)) if affine else None
        self.track_running_stats = track_running_stats
        self.running_mean: torch.Tensor | None
        self.running_var: torch.Tensor | None
        zeros, ones = torch.zeros(num_features, **options), torch.ones(num_features, **options)
        self.register_buffer("running_mean", zeros if track_running_stats else None)
        self.register_buffer("running_var", ones if track_running_stats else None)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = float_tensor(x, "BatchNorm1d")
        channels = self.num_features
        if x.dim() not in (2, 3) or x.shape[1] != channels:
            raise ValueError(
                f"BatchNorm1d({channels}) expects input (N, {channels}) or (N, {channels}, L), "
                f"got shape {list(x.shape)}"
            )
        dims = [0] if x.dim() == 2 else [0, 2]
        shape = [1, channels] + [1] * (x.dim() - 2)
        if self.training or self.running_mean is None or self.running_var is None:
            count = x.numel() // channels
            if count < 2:
                raise ValueError("BatchNorm1d on a batch needs more than 1 value per channel")
            mean, var = x.mean(dim=dims), x.var(dim=dims, unbiased=False)
            if self.training and self.running_mean is not None and self.running_var is not None:
                with torch.no_grad():
                    self.running_mean.lerp_(mean, self.momentum)
                    self.running_var.lerp_(var * count / (count - 1), self.momentum)
        else:
            mean, var = self.running_mean, self.running_var
        y = (x - mean.reshape(shape)) / torch.sqrt(var.reshape(shape) + self.eps)
        if self.weight is not None and self.bias is not None:
            y = y * self.weight.reshape(shape) + self.bias.reshape(shape)
        return y


class LayerNorm(torch.nn.Module):
    """Layer normalisation over the last dimensions of each sample (Ba et al. 2016) (I6).

    y = (x - mean) / sqrt(var + eps) * weight + bias, mean and biased variance taken over
    the trailing ``normalized_shape`` dimensions of each sample; the same in training and
    in eval (no running statistics).

    Args:
        normalized_shape: the trailing shape to normalise over (an int for the last dim).
        eps: added to the variance before the square root.
        elementwise_affine: whether to learn weight (start 1) and bias (start 0).
    """

    def __init__(
        self,
        normalized_shape: int | Sequence[int],
        eps: float = 1e-5,
        elementwise_affine: bool = True,
        device: torch.device | str | None = None,
        dtype: torch.dtype | None = None,
    ) -> None:
        super().__init__()
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else normalized_shape
        self.normalized_shape = tuple(positive_int(n, "LayerNorm size") for n in shape)
        self.eps = _positive(eps, "LayerNorm eps")
        options: dict[str, Any] = {"device": device, "dtype": dtype}
        self.weight = (
            torch.nn.Parameter(torch.ones(self.normalized_shape, **options))
            if elementwise_affine
            else None
        )
        self.bias = (
            torch.nn.Parameter(torch.zeros(self.normalized_shape, **options))
            if elementwise_affine
            else None
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = float_tensor(x, "LayerNorm")
        k = len(self.normalized_shape)
        if tuple(x.shape[x.dim() - k :]) != self.normalized_shape:
            raise ValueError(
                f"LayerNorm{list(self.normalized_shape)} expects input ending in that shape, "
                f"got shape {list(x.shape)}"
            )
        dims = list(range(x.dim() - k, x.dim()))
        mean = x.mean(dim=dims, keepdim=True)
        var = x.var(dim=dims, unbiased=False, keepdim=True)
        y = (x - mean) / torch.sqrt(var + self.eps)
        if self.weight is not None and self.bias is not None:
            y = y * self.weight + self.bias
        return y


def _positive(value: object, who: str) -> float:
    number = finite_real(value, who)
    if number <= 0:
        raise ValueError(f"{who} must be > 0, got {value}")
    return number
