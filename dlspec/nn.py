"""Layers as ``torch.nn.Module``s, mirroring the constructor signatures of ``torch.nn``.

Because the signatures match, a test can take either this module or ``torch.nn`` as a
"family" and build the same network from it (see :func:`mlp`). The family is this
module's namespace: Dropout (:mod:`dlspec.dropout`), BatchNorm1d and LayerNorm
(:mod:`dlspec.normalisation`) live in modules of their own and are imported here so that
``dlspec.nn`` names every layer, as ``torch.nn`` does.
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
from dlspec.dropout import Dropout
from dlspec.normalisation import BatchNorm1d, LayerNorm

__all__ = [
    "ACTIVATION_CLASSES",
    "BatchNorm1d",
    "Dropout",
    "LayerNorm",
    "LeakyReLU",
    "Linear",
    "PReLU",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "Tanh",
    "mlp",
]


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
