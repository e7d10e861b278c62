"""The implementation contract: everything the spec asks of a framework it tests.

A claim about a mechanism is written once, against :class:`Implementation`, and runs for
every registered one. An implementation supplies three namespaces with PyTorch's
signatures (:class:`Layers`, :class:`Optimisers`, :class:`Initialisers`; a module such as
``torch.nn`` is one), the functional activations, its NumPy crossing, what it can and
cannot do (:class:`Capabilities`) and the failures it expects (``deviations``).

:func:`register` checks all of it and names every missing piece, so a new implementation
learns what it lacks at once, not one failing test at a time.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import unittest
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

import numpy as np
import torch

import dlspec.nn

Unary = Callable[[torch.Tensor], torch.Tensor]
Module = Callable[..., torch.nn.Module]


class Absent(unittest.SkipTest):
    """Raised by an implementation for a mechanism it does not have (Keras has no
    ``calculate_gain``). pytest and hypothesis report a test that meets it as skipped with
    the reason, so it is no evidence for that implementation: a claim whose tests all meet
    it is untested there, never passed."""


class Layers(Protocol):
    """``torch.nn``'s constructors, with their signatures and defaults.

    Beyond the names, the spec relies on what ``torch.nn.Linear`` offers: ``Linear(in_features,
    out_features, bias=True, device=None, dtype=None)`` builds on any device, the ``meta``
    one included (``torch.nn.utils.skip_init`` builds there first), stores ``weight`` as
    (out_features, in_features) and ``bias``, and keeps ``in_features``. The overfitting
    experiment trains many copies at once with ``torch.func.functional_call`` and ``vmap``
    (``randomness="different"``), so the layers must be ``torch.nn.Module``s that
    ``torch.func`` can run, or declare that they cannot
    (``Capabilities.runs_under_torch_func``) and be trained one copy at a time. ``Dropout(p)``,
    ``BatchNorm1d`` and ``LayerNorm`` follow ``train()``/``eval()``; ``Sequential(*modules)``
    iterates and indexes its modules.
    """

    @property
    def Linear(self) -> Module: ...
    @property
    def ReLU(self) -> Module: ...
    @property
    def Sigmoid(self) -> Module: ...
    @property
    def Tanh(self) -> Module: ...
    @property
    def LeakyReLU(self) -> Module: ...
    @property
    def PReLU(self) -> Module: ...
    @property
    def Dropout(self) -> Module: ...
    @property
    def BatchNorm1d(self) -> Module: ...
    @property
    def LayerNorm(self) -> Module: ...
    @property
    def Sequential(self) -> Module: ...


class Optimisers(Protocol):
    """``torch.optim``'s optimisers: ``(params, lr=..., weight_decay=..., ...)`` with the
    same defaults, returning an object with ``step()`` and ``zero_grad()``."""

    @property
    def SGD(self) -> Callable[..., Any]: ...
    @property
    def Adam(self) -> Callable[..., Any]: ...
    @property
    def AdamW(self) -> Callable[..., Any]: ...


class Initialisers(Protocol):
    """``torch.nn.init``'s initialisers; each ``*_`` fills its tensor in place, returns it and
    takes ``generator=``."""

    @property
    def calculate_gain(self) -> Callable[..., float]: ...
    @property
    def xavier_normal_(self) -> Callable[..., torch.Tensor]: ...
    @property
    def xavier_uniform_(self) -> Callable[..., torch.Tensor]: ...
    @property
    def kaiming_normal_(self) -> Callable[..., torch.Tensor]: ...
    @property
    def kaiming_uniform_(self) -> Callable[..., torch.Tensor]: ...


class LeakyReLU(Protocol):
    """``leaky_relu(x)`` with the implementation's own default slope, ``leaky_relu(x, a)``
    with slope a: the default belongs to the implementation, so the spec can check it."""

    def __call__(self, x: torch.Tensor, negative_slope: float = ..., /) -> torch.Tensor: ...


@dataclass(frozen=True)
class Capabilities:
    """What an implementation does where frameworks legitimately differ; tests read these
    instead of asking which implementation they run.

    Attributes:
        to_numpy_aliases_cpu_memory: ``to_numpy`` of a CPU tensor returns a view of the
            tensor's memory (PyTorch's ``t.cpu().detach().numpy()``) rather than a copy.
        names_the_shape_in_errors: a Linear given an input of the wrong width raises
            ``ValueError`` naming ``(*, in_features)`` and the input's shape (dlspec's own
            errors), rather than only failing somewhere inside.
        float64_arithmetic: float64 tensors are computed in float64 throughout. Keras
            promotes 64-bit types to 32-bit, as JAX does by default, so its matmul of two
            float64 tensors rounds to float32; the spec then checks float64 work to float32
            tolerances (``spec/support.py: tolerance``), for that implementation only.
        runs_under_torch_func: its layers run under ``torch.func`` (``functional_call`` and
            ``vmap``), so the overfitting experiment trains its copies at once. Layers that
            compute in another framework, through the DLPack bridge, do not: the experiment
            then trains one copy at a time (``experiments.run(vectorised=False)``), with the
            same results.
    """

    to_numpy_aliases_cpu_memory: bool = False
    names_the_shape_in_errors: bool = False
    float64_arithmetic: bool = True
    runs_under_torch_func: bool = True


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per framework
class Implementation:
    """One framework under test. ``deviations`` maps a claim ID (every test of that claim)
    or a test name (``fnmatch`` pattern, parameters included, e.g. ``test_x[*-cuda]``) to
    the reason this implementation is expected to fail it: the test is then a strict
    expected failure, reported as a deviation, and reported as a failure if it passes."""

    name: str
    nn: Layers
    optim: Optimisers
    init: Initialisers
    sigmoid: Unary
    tanh: Unary
    relu: Unary
    leaky_relu: LeakyReLU
    prelu: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
    scaled_sigmoid: Unary
    to_numpy: Callable[[torch.Tensor], np.ndarray]
    """Values of any tensor as a NumPy array (the implementation's NumPy crossing)."""
    capabilities: Capabilities = field(default_factory=Capabilities)
    deviations: Mapping[str, str] = field(default_factory=dict)

    def mlp(
        self, widths: list[int], activation: str = "relu", dropout: float | None = None
    ) -> torch.nn.Module:
        """The list-then-``Sequential(*layers)`` builder over this implementation's layers."""
        return dlspec.nn.mlp(widths, activation, dropout, family=self.nn)

    def deviation(self, test_name: str, claim_ids: list[str]) -> str | None:
        """The declared reason this implementation fails ``test_name`` (a test function's
        name, with or without its parameters), if any. In a pattern ``*`` and ``?`` are
        wildcards and brackets are literal, as in a parametrised name: ``test_x[*-cuda]``."""
        names = (test_name, test_name.split("[", 1)[0])
        for pattern, reason in self.deviations.items():
            literal = pattern.replace("[", "[[]")
            if pattern in claim_ids or any(fnmatch.fnmatchcase(n, literal) for n in names):
                return reason
        return None

    def __repr__(self) -> str:
        return self.name

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # hypothesis prints a falsifying example's arguments with this, not with __repr__;
        # without it a failure lists every field of the dataclass
        printer.text(self.name)

    @classmethod
    def based_on(
        cls,
        base: str | Implementation,
        *,
        name: str,
        replace: Mapping[str, Any],
        capabilities: Capabilities | None = None,
        deviations: Mapping[str, str] | None = None,
    ) -> Implementation:
        """``base`` (a registered name such as ``"torch"``, or an Implementation) with the
        pieces named in ``replace`` swapped for the caller's: "PyTorch, except these".

        Args:
            base: what every piece not replaced comes from.
            name: the new implementation's name, as ``--impl`` selects it.
            replace: piece -> replacement, each piece named as in the contract:
                ``"nn.Dropout"``, ``"optim.Adam"``, ``"init.xavier_normal_"`` or a function
                such as ``"relu"``. A name the contract does not have is a ValueError
                listing the valid ones.
            capabilities, deviations: the base's unless given; a base's declared deviation
                that a replacement no longer shows fails the run (XPASS(strict)), so pass
                ``deviations={}`` or the ones that still apply.

        The result is checked by :func:`register` like any implementation when it is
        registered (``--impl-module`` registers it).
        """
        if isinstance(base, str):
            import dlspec.harness.impls  # noqa: F401  (registers the built-in implementations)

            if base not in REGISTRY:
                raise ValueError(
                    f"based_on({base!r}): no implementation of that name is registered; "
                    f"choose from {', '.join(REGISTRY)}"
                )
            base = REGISTRY[base]
        if not isinstance(cast(object, base), Implementation):
            raise TypeError(
                f"based_on: base must be an Implementation or a registered name, got "
                f"{type(base).__name__}"
            )
        unknown = sorted(set(replace) - set(PIECES))
        if unknown:
            raise ValueError(
                f"based_on: {', '.join(map(repr, unknown))} is not a piece of the contract; "
                f"the pieces are {', '.join(PIECES)}"
            )
        not_callable = sorted(piece for piece, value in replace.items() if not callable(value))
        if not_callable:
            raise TypeError(
                f"based_on: the replacement of {', '.join(not_callable)} is not callable"
            )
        fields: dict[str, Any] = {
            "name": name,
            "capabilities": base.capabilities if capabilities is None else capabilities,
            "deviations": base.deviations if deviations is None else deviations,
        }
        for space in NAMESPACES:
            swapped = {
                piece.partition(".")[2]: value
                for piece, value in replace.items()
                if piece.startswith(f"{space}.")
            }
            if swapped:
                fields[space] = Overlay(getattr(base, space), swapped)
        fields.update({piece: value for piece, value in replace.items() if piece in FUNCTIONS})
        return dataclasses.replace(base, **fields)


class Overlay:
    """A namespace (``torch.nn``, ``torch.optim``, ...) with some members replaced; every
    other attribute is the base's."""

    def __init__(self, base: Any, replaced: Mapping[str, Any]) -> None:
        self._base = base
        self._replaced = dict(replaced)

    def __getattr__(self, attribute: str) -> Any:
        if attribute in self._replaced:
            return self._replaced[attribute]
        return getattr(self._base, attribute)

    def __repr__(self) -> str:
        base = getattr(self._base, "__name__", repr(self._base))
        return f"{base} with {', '.join(self._replaced)} replaced"


FUNCTIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "prelu", "scaled_sigmoid", "to_numpy")
NAMESPACES: dict[str, type] = {"nn": Layers, "optim": Optimisers, "init": Initialisers}


def _members(protocol: type) -> list[str]:
    return [name for name, value in vars(protocol).items() if isinstance(value, property)]


# every piece an implementation supplies, as Implementation.based_on names them
PIECES = tuple(
    [f"{space}.{name}" for space, protocol in NAMESPACES.items() for name in _members(protocol)]
    + list(FUNCTIONS)
)


def problems(implementation: Implementation) -> list[str]:
    """Everything :class:`Implementation` asks for that ``implementation`` lacks."""
    missing = [
        f"{space}.{name} is not defined"
        for space, protocol in NAMESPACES.items()
        for name in _members(protocol)
        if not callable(getattr(getattr(implementation, space), name, None))
    ]
    missing += [
        f"{name} is not callable"
        for name in FUNCTIONS
        if not callable(getattr(implementation, name))
    ]
    if not isinstance(cast(object, implementation.capabilities), Capabilities):
        missing.append("capabilities must be a dlspec.harness.contract.Capabilities")
    for pattern, reason in dict(implementation.deviations).items():
        if not (isinstance(pattern, str) and isinstance(reason, str) and reason.strip()):
            missing.append(f"deviation {pattern!r} needs a reason (a non-empty string)")
    if not any(text.startswith("nn.Linear") for text in missing):
        missing += _linear_problems(
            implementation.nn.Linear, implementation.capabilities.runs_under_torch_func
        )
    return missing


def _linear_problems(linear: Module, under_torch_func: bool) -> list[str]:
    """What the spec reads from a Linear, tried on a (2 -> 3) layer built on ``meta``; with
    ``under_torch_func``, also that it runs under ``torch.func.functional_call``."""
    try:
        layer = linear(2, 3, device="meta", dtype=torch.float64)
    except Exception as error:  # any failure is the implementation's, reported as such
        return [f"nn.Linear(2, 3, device='meta', dtype=torch.float64) raised {error!r}"]
    found = []
    if getattr(layer, "in_features", None) != 2:
        found.append("nn.Linear(2, 3).in_features is not 2")
    weight = getattr(layer, "weight", None)
    if not isinstance(weight, torch.Tensor) or tuple(weight.shape) != (3, 2):
        found.append("nn.Linear(2, 3).weight is not a (3, 2) tensor (out_features, in_features)")
    if not isinstance(getattr(layer, "bias", None), torch.Tensor):
        found.append("nn.Linear(2, 3).bias is not a tensor")
    if found:
        return found
    inputs = torch.zeros(4, 2, device="meta", dtype=torch.float64)
    try:
        layer(inputs)
    except Exception:  # a layer that computes wrongly is for the spec to find, not register()
        return found
    if not under_torch_func:  # the experiment trains one copy at a time
        return found
    try:  # the experiment trains its copies at once through torch.func
        parameters = {name: torch.zeros_like(p) for name, p in layer.named_parameters()}
        out = torch.func.functional_call(layer, parameters, (inputs,))
        if tuple(out.shape) != (4, 3):
            found.append(f"nn.Linear(2, 3) under torch.func gave shape {tuple(out.shape)}")
    except Exception as error:
        found.append(f"nn.Linear(2, 3) does not run under torch.func.functional_call: {error!r}")
    return found


REGISTRY: dict[str, Implementation] = {}


def register(implementation: Implementation) -> Implementation:
    """Add ``implementation`` to the implementations the spec runs, after checking that it
    meets the contract; raises ``TypeError`` naming every missing piece."""
    if not isinstance(cast(object, implementation), Implementation):  # callers may be untyped
        raise TypeError(
            f"register() takes a dlspec.harness.contract.Implementation, got "
            f"{type(implementation).__name__}"
        )
    if implementation.name in REGISTRY:
        raise ValueError(f"an implementation named {implementation.name!r} is registered already")
    missing = problems(implementation)
    if missing:
        raise TypeError(
            "\n".join(f"implementation {implementation.name!r}: {problem}" for problem in missing)
        )
    REGISTRY[implementation.name] = implementation
    return implementation
