"""torch.optim's optimisers over Keras's (the adapter's ``optim``)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from types import SimpleNamespace
from typing import Any

import keras
import torch

from dlspec.adapters import Default, adam_signature, given, zero_grads
from dlspec.adapters.keras.translate import device_scope, dtype_name, translated


class _Optimiser:
    """``step()``/``zero_grad()`` over torch parameters, computed by Keras optimisers.

    Each parameter group gets its own Keras optimiser over stand-in Keras variables. It is
    built, and it steps, while ``keras.config.floatx()`` is the group's dtype: Keras turns
    its Python hyperparameters into tensors of that dtype, so float64 parameters are updated
    with float64 hyperparameters. A step copies the parameters into the stand-ins, lets
    Keras apply the gradients of those that have one, and copies the results back.
    """

    def __init__(
        self,
        make: Callable[..., keras.optimizers.Optimizer],
        translate: Callable[..., dict[str, Any]],
        params: Iterable[torch.Tensor] | Iterable[dict[str, Any]],
        defaults: dict[str, Any],
    ) -> None:
        given: list[Any] = list(params)
        groups = given if given and isinstance(given[0], dict) else [{"params": given}]
        self.groups: list[tuple[list[torch.Tensor], list[Any], Any, str | None]] = []
        for group in groups:
            options = {**defaults, **{k: v for k, v in group.items() if k != "params"}}
            parameters = list(group["params"])
            dtypes = {dtype_name(p.dtype) for p in parameters}
            floatx = dtypes.pop() if len(dtypes) == 1 else None
            with _floatx(floatx):
                optimiser = make(**translate(**options))
                stand_ins = [keras.Variable(p.detach().clone()) for p in parameters]
                optimiser.build(stand_ins)
            self.groups.append((parameters, stand_ins, optimiser, floatx))

    @torch.no_grad()
    def step(self) -> None:
        for parameters, stand_ins, optimiser, floatx in self.groups:
            pairs = zip(parameters, stand_ins, strict=True)
            live = [(p, v) for p, v in pairs if p.grad is not None]
            if not live:
                continue
            for p, v in live:
                v.assign(p)
            with device_scope(live[0][0].device), _floatx(floatx):
                optimiser.apply([p.grad for p, _ in live], [v for _, v in live])
            for p, v in live:
                p.copy_(v.value)

    def zero_grad(self, set_to_none: bool = True) -> None:
        zero_grads((p for parameters, *_ in self.groups for p in parameters), set_to_none)


@contextlib.contextmanager
def _floatx(dtype: str | None) -> Iterator[None]:
    before = keras.config.floatx()
    if dtype is not None:
        keras.config.set_floatx(dtype)
    try:
        yield
    finally:
        keras.config.set_floatx(before)


def _betas(betas: tuple[float, float]) -> tuple[float, float]:
    return float(betas[0]), float(betas[1])


_common = {"lr": ("learning_rate", float), "weight_decay": ("weight_decay", float)}
_sgd_arguments = translated(**_common, momentum=("momentum", float), nesterov=("nesterov", bool))
_adam_arguments = translated(
    **_common, eps=("epsilon", float), betas=("betas", _betas), amsgrad=("amsgrad", bool)
)


def _adam_like(
    make: Callable[..., keras.optimizers.Optimizer],
) -> Callable[..., keras.optimizers.Optimizer]:
    def build(**arguments: Any) -> keras.optimizers.Optimizer:
        if "betas" in arguments:
            arguments["beta_1"], arguments["beta_2"] = arguments.pop("betas")
        return make(**arguments)

    return build


KERAS_DEFAULT: Any = Default("Keras")


def SGD(
    params: Iterable[Any],
    lr: float = KERAS_DEFAULT,
    momentum: float = KERAS_DEFAULT,
    *,  # torch's third positional argument is dampening, which Keras's SGD does not have
    weight_decay: float = KERAS_DEFAULT,
    nesterov: bool = KERAS_DEFAULT,
) -> _Optimiser:
    """``SGD(params, lr, momentum, *, weight_decay, nesterov)`` as ``keras.optimizers.SGD``."""
    options = given(lr=lr, momentum=momentum, weight_decay=weight_decay, nesterov=nesterov)
    return _Optimiser(keras.optimizers.SGD, _sgd_arguments, params, options)


def _adam_family(make: Callable[..., Any]) -> Callable[..., _Optimiser]:
    """torch's ``Adam``/``AdamW`` signature over Keras's optimiser ``make``."""

    def build(params: Iterable[Any], options: dict[str, Any]) -> _Optimiser:
        return _Optimiser(_adam_like(make), _adam_arguments, params, options)

    where = f"keras.optimizers.{make.__name__}"
    return adam_signature(KERAS_DEFAULT, make.__name__, where, build)


Adam = _adam_family(keras.optimizers.Adam)
AdamW = _adam_family(keras.optimizers.AdamW)


optim = SimpleNamespace(SGD=SGD, Adam=Adam, AdamW=AdamW)
