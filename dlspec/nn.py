"""Layers as ``torch.nn.Module``s, mirroring the constructor signatures of ``torch.nn``.

Because the signatures match, a test can take either this module or ``torch.nn`` as a
"family" and build the same network from it (see :func:`mlp`).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator, Sequence
from itertools import pairwise
from types import ModuleType
from typing import Any

import torch

from dlspec import activations
from dlspec._checks import finite_real, float_tensor, positive_int


class Linear(torch.nn.Module):
    """Affine map y = x W^T + b on the last dimension of x (claims T1, T2, A1, A2).

    The input may have any shape (*, in_features); the output is (*, out_features).
    Initialisation is PyTorch's default: W and b uniform on [-1/sqrt(in), 1/sqrt(in)]
    (``kaiming_uniform_`` with a = sqrt(5), He et al. 2015, for W).

    Args:
        in_features: size of the last input dimension (the number of features).
        out_features: size of the last output dimension.
        bias: whether to add the learnable offset b.
        device, dtype: where and how the parameters are stored.
        generator: random generator for the initial values (reproducible initialisation).
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        device: torch.device | str | None = None,
        dtype: torch.dtype | None = None,
        generator: torch.Generator | None = None,
    ) -> None:
        super().__init__()
        self.in_features = positive_int(in_features, "Linear in_features")
        self.out_features = positive_int(out_features, "Linear out_features")
        bound = 1 / math.sqrt(in_features)

        def uniform(*shape: int) -> torch.nn.Parameter:
            u = torch.rand(*shape, generator=generator, device=device, dtype=dtype)
            return torch.nn.Parameter((2 * u - 1) * bound)

        self.weight = uniform(out_features, in_features)
        self.bias = uniform(out_features) if bias else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = float_tensor(x, "Linear")
        if x.dim() == 0 or x.shape[-1] != self.in_features:
            hint = ""
            if x.dim() == 1 and self.in_features == 1:
                hint = f"; for {x.shape[0]} samples of one feature use x.unsqueeze(1)"
            raise ValueError(
                f"{self.extra_repr()} expects input of shape (*, {self.in_features}) "
                f"(last dimension = in_features), got shape {list(x.shape)}{hint}"
            )
        if x.dtype != self.weight.dtype:
            raise TypeError(
                f"Linear input has dtype {x.dtype} but its weights are {self.weight.dtype}"
            )
        y = x @ self.weight.T
        return y if self.bias is None else y + self.bias

    def extra_repr(self) -> str:
        return f"Linear({self.in_features}, {self.out_features})"


class ReLU(torch.nn.Module):
    """Module form of :func:`dlspec.activations.relu` (A1, A5)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return activations.relu(x)


class Sigmoid(torch.nn.Module):
    """Module form of :func:`dlspec.activations.sigmoid` (A3)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return activations.sigmoid(x)


class Tanh(torch.nn.Module):
    """Module form of :func:`dlspec.activations.tanh` (A4)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return activations.tanh(x)


class LeakyReLU(torch.nn.Module):
    """Module form of :func:`dlspec.activations.leaky_relu` (A6)."""

    def __init__(self, negative_slope: float = 0.01) -> None:
        super().__init__()
        self.negative_slope = finite_real(negative_slope, "LeakyReLU negative_slope")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return activations.leaky_relu(x, self.negative_slope)


class PReLU(torch.nn.Module):
    """Leaky ReLU whose slope is a learnable parameter, initialised to ``init`` (A6).

    Args:
        num_parameters: 1 (one slope shared by all channels, PyTorch's default) or the
            number of channels (dim 1 of the input).
        init: the initial slope; PyTorch's default is 0.25.
    """

    def __init__(
        self,
        num_parameters: int = 1,
        init: float = 0.25,
        device: torch.device | str | None = None,
        dtype: torch.dtype | None = None,
    ) -> None:
        super().__init__()
        positive_int(num_parameters, "PReLU num_parameters")
        start = finite_real(init, "PReLU init")
        self.weight = torch.nn.Parameter(
            torch.full((num_parameters,), start, device=device, dtype=dtype)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return activations.prelu(x, self.weight)


class Dropout(torch.nn.Module):
    """Inverted dropout: in training, zero each element with probability p and scale the
    survivors by 1/(1 - p), so the expected output equals the input; identity in eval mode
    (Srivastava et al. 2014). Serves A11 here; its own claims are R1 and R2.

    Args:
        p: probability of zeroing an element, 0 <= p <= 1.
        generator: random generator for the masks; it must live on the input's device.
    """

    def __init__(self, p: float = 0.5, generator: torch.Generator | None = None) -> None:
        super().__init__()
        self.p = finite_real(p, "Dropout p")
        if not 0 <= self.p <= 1:
            raise ValueError(f"Dropout p must be a probability in [0, 1], got {p}")
        self.generator = generator

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = float_tensor(x, "Dropout")
        if not self.training or self.p == 0:
            return x
        if self.p == 1:
            return x * 0.0
        if self.generator is not None and self.generator.device != x.device:
            raise ValueError(
                f"Dropout generator is on {self.generator.device} but the input is on {x.device}"
            )
        u = torch.rand(x.shape, generator=self.generator, device=x.device, dtype=x.dtype)
        return torch.where(u >= self.p, x / (1 - self.p), torch.zeros_like(x))

    def extra_repr(self) -> str:
        return f"p={self.p}"


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


class Sequential(torch.nn.Module):
    """Applies its modules in the order given; ``train()``/``eval()`` reach all of them
    because they are registered as submodules (A11)."""

    def __init__(self, *modules: torch.nn.Module) -> None:
        super().__init__()
        for index, module in enumerate(modules):
            if not isinstance(module, torch.nn.Module):
                raise TypeError(
                    f"Sequential item {index} is a {type(module).__name__}, not a torch.nn.Module"
                )
            self.add_module(str(index), module)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for module in self:
            x = module(x)
        return x

    def __iter__(self) -> Iterator[torch.nn.Module]:
        return iter(self._modules.values())  # type: ignore[arg-type]

    def __len__(self) -> int:
        return len(self._modules)

    def __getitem__(self, index: int) -> torch.nn.Module:
        return list(self)[index]


ACTIVATION_CLASSES = {
    "relu": "ReLU",
    "sigmoid": "Sigmoid",
    "tanh": "Tanh",
    "leaky_relu": "LeakyReLU",
    "prelu": "PReLU",
}


def mlp(
    widths: Sequence[int],
    activation: str = "relu",
    dropout: float | None = None,
    family: ModuleType | Any = None,
) -> torch.nn.Module:
    """Build Linear -> activation [-> Dropout] blocks from a list, then a final Linear (A11).

    This is the list-then-unpack idiom: the layers are appended to a Python list and handed
    to ``family.Sequential(*layers)``.

    Args:
        widths: layer sizes [n_0, n_1, ..., n_L]; gives L Linear layers.
        activation: one of ``relu``, ``sigmoid``, ``tanh``, ``leaky_relu``, ``prelu``; placed
            after every Linear except the last.
        dropout: if not None, a ``Dropout(dropout)`` follows every activation.
        family: the namespace the layer classes come from: ``dlspec.nn`` (default) or
            ``torch.nn``, whose constructors take the same arguments.
    """
    family = family if family is not None else sys.modules[__name__]
    if isinstance(widths, (str, bytes)) or not isinstance(widths, Sequence) or len(widths) < 2:
        raise ValueError(f"mlp widths must be a sequence of at least 2 sizes, got {widths!r}")
    for width in widths:
        positive_int(width, "mlp width")
    if activation not in ACTIVATION_CLASSES:
        raise ValueError(
            f"mlp activation must be one of {sorted(ACTIVATION_CLASSES)}, got {activation!r}"
        )
    activation_class = getattr(family, ACTIVATION_CLASSES[activation])
    layers: list[torch.nn.Module] = []
    for n_in, n_out in pairwise(widths[:-1]):
        layers += [family.Linear(n_in, n_out), activation_class()]
        if dropout is not None:
            layers.append(family.Dropout(dropout))
    layers.append(family.Linear(widths[-2], widths[-1]))
    return family.Sequential(*layers)  # type: ignore[no-any-return]
