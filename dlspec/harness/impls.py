"""Implementations under test, each behind the same small adapter.

A claim about a mechanism is written once against :class:`Implementation` and runs for
every registered adapter. ``nn`` is a namespace with ``torch.nn``'s constructor signatures
(``Linear``, ``ReLU``, ``Sigmoid``, ``Tanh``, ``LeakyReLU``, ``PReLU``, ``Dropout``,
``BatchNorm1d``, ``LayerNorm``, ``Sequential``), ``optim`` one with ``torch.optim``'s
(``SGD``, ``Adam``, ``AdamW``), ``init`` one with ``torch.nn.init``'s (``calculate_gain``,
``xavier_normal_``, ``xavier_uniform_``, ``kaiming_normal_``, ``kaiming_uniform_``, each
taking ``generator=``); the functional entries take and return tensors. To add a third
implementation, build one :class:`Implementation` and pass it to :func:`register`, for
instance from a ``conftest.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Protocol

import numpy as np
import torch
import torch.nn.functional as F

import dlspec.init
import dlspec.nn
import dlspec.optim
from dlspec import activations, tensors

Unary = Callable[[torch.Tensor], torch.Tensor]


class LeakyReLU(Protocol):
    """``leaky_relu(x)`` with the implementation's own default slope, ``leaky_relu(x, a)``
    with slope a: the default belongs to the implementation, so the spec can check it."""

    def __call__(self, x: torch.Tensor, negative_slope: float = ..., /) -> torch.Tensor: ...


@dataclass(frozen=True)
class Implementation:
    name: str
    nn: ModuleType | Any
    optim: ModuleType | Any
    init: ModuleType | Any
    sigmoid: Unary
    tanh: Unary
    relu: Unary
    leaky_relu: LeakyReLU
    prelu: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
    scaled_sigmoid: Unary
    to_numpy: Callable[[torch.Tensor], np.ndarray]
    """Values of any tensor as a NumPy array (the implementation's NumPy crossing)."""

    def mlp(
        self, widths: list[int], activation: str = "relu", dropout: float | None = None
    ) -> torch.nn.Module:
        """The list-then-``Sequential(*layers)`` builder over this implementation's layers."""
        return dlspec.nn.mlp(widths, activation, dropout, family=self.nn)

    def __repr__(self) -> str:
        return self.name


REGISTRY: dict[str, Implementation] = {}


def register(implementation: Implementation) -> Implementation:
    if implementation.name in REGISTRY:
        raise ValueError(f"an implementation named {implementation.name!r} is registered already")
    REGISTRY[implementation.name] = implementation
    return implementation


register(
    Implementation(
        name="dlspec",
        nn=dlspec.nn,
        optim=dlspec.optim,
        init=dlspec.init,
        sigmoid=activations.sigmoid,
        tanh=activations.tanh,
        relu=activations.relu,
        leaky_relu=activations.leaky_relu,
        prelu=activations.prelu,
        scaled_sigmoid=activations.scaled_sigmoid,
        to_numpy=lambda t: tensors.to_numpy(t, copy=True),
    )
)

register(
    Implementation(
        name="torch",
        nn=torch.nn,
        optim=torch.optim,
        init=torch.nn.init,
        sigmoid=torch.sigmoid,
        tanh=torch.tanh,
        relu=torch.relu,
        leaky_relu=F.leaky_relu,
        prelu=F.prelu,
        # the knowledge base's own formula; PyTorch has no built-in for it
        scaled_sigmoid=lambda x: 4 * torch.sigmoid(x) - 2,
        # the knowledge base's chain, as users write it
        to_numpy=lambda t: t.cpu().detach().numpy(),
    )
)
