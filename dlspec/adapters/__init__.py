"""Implementations of frameworks nobody here wrote, each behind the contract; the helpers
here serve more than one of them."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import torch

from dlspec.harness.contract import Absent


def renamed(function: Callable[..., Any], name: str, doc: str) -> Any:
    """``function`` under torch's ``name`` (as error messages and the pieces table show it),
    with ``doc``."""
    function.__name__ = function.__qualname__ = name
    function.__doc__ = doc
    return function


class Default:
    """The default of an argument the caller left out: the framework's own applies."""

    def __init__(self, framework: str) -> None:
        self.framework = framework

    def __repr__(self) -> str:
        return f"<{self.framework}'s default>"


def given(**arguments: Any) -> dict[str, Any]:
    """The arguments the caller passed: those still at a :class:`Default` are left out."""
    return {name: value for name, value in arguments.items() if not isinstance(value, Default)}


def adam_signature(
    framework: Default, name: str, where: str, make: Callable[[Any, dict[str, Any]], Any]
) -> Callable[..., Any]:
    """torch's ``Adam``/``AdamW(params, lr, betas, eps, weight_decay, amsgrad)`` signature,
    each argument left out at ``framework``'s default; ``make(params, given_options)`` builds
    the optimiser. ``where`` names the framework's class in the docstring."""

    def optimiser(
        params: Any,
        lr: float = framework,  # type: ignore[assignment]
        betas: tuple[float, float] = framework,  # type: ignore[assignment]
        eps: float = framework,  # type: ignore[assignment]
        weight_decay: float = framework,  # type: ignore[assignment]
        amsgrad: bool = framework,  # type: ignore[assignment]
    ) -> Any:
        options = given(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad)
        return make(params, options)

    doc = f"``{name}(params, lr, betas, eps, weight_decay, amsgrad)`` as ``{where}``."
    renamed(optimiser, name, doc)
    return optimiser


def copy_sharing(module: torch.nn.Module, memo: dict[int, Any], shared: Iterable[Any]) -> Any:
    """A deep copy of ``module`` (its ``__deepcopy__``) whose copy shares the framework
    objects ``shared`` instead of copying them: a framework layer that holds none of the
    copy's numbers, only how to compute, and that the framework cannot always copy."""
    for kept in shared:
        memo[id(kept)] = kept
    copied = type(module).__new__(type(module))
    memo[id(module)] = copied
    for name, value in module.__dict__.items():
        copied.__dict__[name] = copy.deepcopy(value, memo)
    return copied


def zero_grads(parameters: Iterable[torch.Tensor], set_to_none: bool) -> None:
    """torch's ``Optimizer.zero_grad`` for an adapter's optimiser: each gradient removed, or
    zeroed in place where ``set_to_none`` is False."""
    for p in parameters:
        if p.grad is not None and not set_to_none:
            p.grad.zero_()
        else:
            p.grad = None


def positional(names: Sequence[str], args: Sequence[Any]) -> dict[str, Any]:
    """torch's positional arguments by name, so they are translated like keywords."""
    if len(args) > len(names):
        raise TypeError(f"takes at most {len(names)} positional arguments, got {len(args)}")
    return dict(zip(names, args, strict=False))


def translator(framework: str) -> Callable[..., Callable[..., dict[str, Any]]]:
    """``translated(**{torch_name: (framework_name, convert)})`` for ``framework``: a function
    renaming the keyword arguments a caller passed; those left out stay left out, so the
    framework's defaults apply. A target name "" marks an argument whose only accepted
    value is what the framework always does (``convert(value)`` says whether it is)."""

    def translated(
        **torch_to_framework: tuple[str, Callable[[Any], Any]],
    ) -> Callable[..., dict[str, Any]]:
        def translate(**given: Any) -> dict[str, Any]:
            unknown = set(given) - set(torch_to_framework)
            if unknown:
                raise TypeError(f"no {framework} counterpart for the argument(s) {sorted(unknown)}")
            renamed = {}
            for name, value in given.items():
                target, convert = torch_to_framework[name]
                if target:
                    renamed[target] = convert(value)
                elif not convert(value):
                    raise Absent(f"{framework} has no counterpart for {name}={value!r}")
            return renamed

        return translate

    return translated
