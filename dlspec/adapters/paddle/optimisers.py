"""torch.optim's optimisers over Paddle's (the adapter's ``optim``).

A Paddle optimiser is built over Paddle's views of the torch parameters (the same memory,
through DLPack), one optimiser per parameter group, since a Paddle group's learning rate
is a multiple of the optimiser's rather than its own. ``step()`` hands each torch gradient
to Paddle as the view's gradient (shared, not copied), lets Paddle update the parameters
in place, and takes the gradients away again; a parameter without a gradient is skipped,
as in torch.

The translations: ``lr`` → ``learning_rate``, ``betas`` → ``beta1``, ``beta2``, ``eps`` →
``epsilon``, ``nesterov`` → ``use_nesterov``; ``weight_decay`` keeps its name (a number is
Paddle's L2Decay for SGD, Momentum and Adam, added to the gradient as torch does, and the
decoupled decay of AdamW). torch's SGD with momentum is Paddle's ``Momentum``, and without
(momentum 0 or left out) Paddle's ``SGD``. Left-out arguments keep Paddle's defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any

import torch

from dlspec.adapters import Default, adam_signature, given, translator, zero_grads
from dlspec.adapters.bridge import to_framework
from dlspec.adapters.paddle.framework import PADDLE, paddle

translated = translator("PaddlePaddle")
PADDLE_DEFAULT: Any = Default("PaddlePaddle")


class _Optimiser:
    """``step()``/``zero_grad()`` over torch parameters, computed by Paddle optimisers."""

    def __init__(
        self,
        make: Callable[..., Any],
        params: Iterable[torch.Tensor] | Iterable[dict[str, Any]],
        defaults: dict[str, Any],
    ) -> None:
        groups: list[Any] = list(params)
        if not groups:
            raise ValueError("optimiser got an empty parameter list")
        groups = groups if isinstance(groups[0], dict) else [{"params": groups}]
        self.groups: list[tuple[list[torch.Tensor], list[Any], Any]] = []
        for group in groups:
            options = {**defaults, **{k: v for k, v in group.items() if k != "params"}}
            parameters = list(group["params"])
            views = [_trainable_view(p) for p in parameters]
            self.groups.append((parameters, views, make(views, **options)))

    @torch.no_grad()
    def step(self) -> None:
        for parameters, views, optimiser in self.groups:
            for p, view in zip(parameters, views, strict=True):
                if p.grad is not None:
                    view.grad = to_framework(PADDLE, p.grad, "step")
            try:
                optimiser.step()
            finally:
                for view in views:
                    view.clear_gradient(False)  # None, not zeros: skipped if not given again

    def zero_grad(self, set_to_none: bool = True) -> None:
        zero_grads((p for parameters, *_ in self.groups for p in parameters), set_to_none)


def _trainable_view(parameter: torch.Tensor) -> Any:
    view = to_framework(PADDLE, parameter, "optimiser")
    view.stop_gradient = False  # Paddle's optimisers skip tensors that take no gradient
    return view


def _betas(betas: tuple[float, float]) -> tuple[float, float]:
    beta1, beta2 = betas
    return float(beta1), float(beta2)


_common = {"lr": ("learning_rate", float), "weight_decay": ("weight_decay", float)}
_sgd_arguments = translated(
    **_common,
    momentum=("momentum", float),
    dampening=("", lambda d: d == 0),  # Paddle's Momentum has no dampening
    nesterov=("use_nesterov", bool),
)
_adam_arguments = translated(
    **_common, betas=("betas", _betas), eps=("epsilon", float), amsgrad=("amsgrad", bool)
)


def _sgd_or_momentum(views: list[Any], **options: Any) -> Any:
    arguments = _sgd_arguments(**options)
    if arguments.get("momentum", 0.0) == 0.0:
        arguments.pop("momentum", None)
        if arguments.pop("use_nesterov", False):
            raise ValueError("Nesterov momentum requires a momentum")  # torch's message
        return paddle.optimizer.SGD(parameters=views, **arguments)
    return paddle.optimizer.Momentum(parameters=views, **arguments)


def SGD(
    params: Iterable[Any],
    lr: float = PADDLE_DEFAULT,
    momentum: float = PADDLE_DEFAULT,
    dampening: float = PADDLE_DEFAULT,
    weight_decay: float = PADDLE_DEFAULT,
    nesterov: bool = PADDLE_DEFAULT,
) -> _Optimiser:
    """``SGD(params, lr, momentum, dampening, weight_decay, nesterov)`` as
    ``paddle.optimizer.SGD``, or ``paddle.optimizer.Momentum`` when momentum is not 0."""
    options = given(
        lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay, nesterov=nesterov
    )
    return _Optimiser(_sgd_or_momentum, params, options)


def _adam_family(make: Callable[..., Any]) -> Callable[..., _Optimiser]:
    """torch's ``Adam``/``AdamW`` signature over Paddle's optimiser ``make``."""

    def build(views: list[Any], **options: Any) -> Any:
        arguments = _adam_arguments(**options)
        if "betas" in arguments:
            arguments["beta1"], arguments["beta2"] = arguments.pop("betas")
        return make(parameters=views, **arguments)

    where = f"paddle.optimizer.{make.__name__}"
    return adam_signature(
        PADDLE_DEFAULT,
        make.__name__,
        where,
        lambda params, options: _Optimiser(build, params, options),
    )


Adam = _adam_family(paddle.optimizer.Adam)
AdamW = _adam_family(paddle.optimizer.AdamW)


optim = SimpleNamespace(SGD=SGD, Adam=Adam, AdamW=AdamW)
