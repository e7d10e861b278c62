"""Gradient-descent optimisers written out, with the two meanings of "weight decay" (claim R3).

Same constructor signatures and update rules as ``torch.optim.SGD``, ``Adam`` and ``AdamW``
(for the arguments kept here), so that the spec can run one test against either.

The knowledge base says weight decay "adds an L2 term to the loss". For an optimiser's
``weight_decay = lam`` that is exact in one sense: adding ``lam * p`` to every gradient is
the gradient of the penalty ``lam / 2 * ||p||^2`` (:func:`l2_penalty`). For SGD the penalty
then multiplies the weights by ``1 - lr * lam`` each step. Adam, however, divides every
gradient, penalty included, by its running gradient scale, so its ``weight_decay`` no longer
shrinks weights in proportion to their size. Loshchilov & Hutter (2019, "Decoupled weight
decay regularization") therefore apply the shrink factor outside the gradient: that is
``AdamW``, and it equals no L2 penalty at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import torch

from dlspec._checks import finite_real


def _at_least(value: object, low: float, who: str) -> float:
    number = finite_real(value, who)
    if number < low:
        raise ValueError(f"{who} must be >= {low}, got {value}")
    return number


def _parameters(params: Iterable[torch.Tensor], who: str) -> list[torch.Tensor]:
    if isinstance(params, torch.Tensor):
        raise TypeError(
            f"{who} expects an iterable of tensors, got a single tensor; wrap it in [ ]"
        )
    listed = list(params)
    if not listed:
        raise ValueError(f"{who} got an empty parameter list")
    for index, p in enumerate(listed):
        if not isinstance(p, torch.Tensor):
            raise TypeError(f"{who} parameter {index} is a {type(p).__name__}, not a torch.Tensor")
        if not p.is_floating_point():
            raise TypeError(f"{who} parameter {index} has dtype {p.dtype}; it must be floating")
        if not p.is_leaf:
            raise ValueError(f"{who} parameter {index} is not a leaf tensor; pass the parameter")
    return listed


def l2_penalty(params: Iterable[torch.Tensor], weight_decay: float) -> torch.Tensor:
    """lam / 2 * sum ||p||^2: the loss term whose gradient is the ``weight_decay`` term lam * p.

    Args:
        params: the tensors to penalise (all of them, biases included, as the optimisers do).
        weight_decay: lam >= 0, the same number one would pass to an optimiser.
    """
    listed = _parameters(params, "l2_penalty")
    lam = _at_least(weight_decay, 0, "l2_penalty weight_decay")
    return lam / 2 * sum((p**2).sum() for p in listed)  # type: ignore[return-value]


class _Optimiser:
    def __init__(self, params: Iterable[torch.Tensor], lr: float, weight_decay: float) -> None:
        who = type(self).__name__
        self.params = _parameters(params, who)
        self.lr = _at_least(lr, 0, f"{who} lr")
        self.weight_decay = _at_least(weight_decay, 0, f"{who} weight_decay")
        self.state: dict[int, dict[str, Any]] = {}

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = None

    @torch.no_grad()
    def step(self) -> None:
        # a parameter without a gradient is left alone, as torch.optim does
        for p in self.params:
            if p.grad is not None:
                self._update(p, p.grad, self.state.setdefault(id(p), {}))

    def _update(self, p: torch.Tensor, grad: torch.Tensor, state: dict[str, Any]) -> None:
        raise NotImplementedError


class SGD(_Optimiser):
    """Stochastic gradient descent with momentum and L2 weight decay (R3; A5 uses it too).

        d = grad + weight_decay * p
        b = d on the first step, then b = momentum * b + d
        p = p - lr * (b if momentum else d)

    Args:
        params: the tensors to update.
        lr: learning rate >= 0.
        momentum: heavy-ball coefficient >= 0 (Polyak 1964); 0 is plain gradient descent.
        weight_decay: lam >= 0; adds lam * p to the gradient (the L2 penalty lam/2 ||p||^2).
            Keyword only: torch's third positional argument is ``dampening``, which this
            SGD does not have, so ``SGD(params, 0.1, 0.9, 0.5)`` is refused rather than read
            as a weight decay where torch reads a dampening.
    """

    def __init__(
        self,
        params: Iterable[torch.Tensor],
        lr: float = 1e-3,
        momentum: float = 0.0,
        *,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr, weight_decay)
        self.momentum = _at_least(momentum, 0, "SGD momentum")

    def _update(self, p: torch.Tensor, grad: torch.Tensor, state: dict[str, Any]) -> None:
        # written with the same fused operations as torch.optim, so both round alike
        direction = grad.add(p, alpha=self.weight_decay) if self.weight_decay else grad
        if self.momentum:
            if "buffer" in state:
                direction = state["buffer"].mul_(self.momentum).add_(direction)
            state["buffer"] = direction.clone()
        p.add_(direction, alpha=-self.lr)


class Adam(_Optimiser):
    """Adam (Kingma & Ba 2015) with PyTorch's coupled weight decay, i.e. an L2 penalty (R3).

        g = grad + weight_decay * p              (skipped in AdamW)
        m = b1 m + (1 - b1) g,   v = b2 v + (1 - b2) g^2          (both start at 0)
        p = p - lr / (1 - b1^t) * m / (sqrt(v / (1 - b2^t)) + eps)  at step t = 1, 2, ...

    Args:
        params: the tensors to update.
        lr: learning rate >= 0.
        betas: decay rates (b1, b2) of the running mean and mean square, each in [0, 1).
        eps: added to the root mean square, >= 0, to keep the division finite.
        weight_decay: lam >= 0, added to the gradient as lam * p before the scaling.
    """

    decoupled = False

    def __init__(
        self,
        params: Iterable[torch.Tensor],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr, weight_decay)
        who = type(self).__name__
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(f"{who} betas must be a pair (beta1, beta2), got {betas!r}")
        for name, beta in zip(("beta1", "beta2"), betas, strict=True):
            if not 0 <= finite_real(beta, f"{who} {name}") < 1:
                raise ValueError(f"{who} {name} must be in [0, 1), got {beta}")
        self.beta1, self.beta2 = float(betas[0]), float(betas[1])
        self.eps = _at_least(eps, 0, f"{who} eps")

    def _update(self, p: torch.Tensor, grad: torch.Tensor, state: dict[str, Any]) -> None:
        # exactly the operations of torch.optim's single-tensor Adam, in its order, so that
        # both round alike: where the gradient is near 0, the step m / (sqrt(v) + eps) turns
        # a one-bit difference into a different direction, and the two runs drift apart.
        # Hence (1 - b2^t) ** 0.5 as torch writes it: libm's pow and math.sqrt differ in
        # the last bit for some arguments, e.g. 1 - 1e-16.
        if self.decoupled:
            p.mul_(1 - self.lr * self.weight_decay)
        elif self.weight_decay:
            grad = grad.add(p, alpha=self.weight_decay)
        if not state:
            state.update(t=0, m=torch.zeros_like(p), v=torch.zeros_like(p))
        state["t"] += 1
        t = state["t"]
        m = state["m"].lerp_(grad, 1 - self.beta1)
        v = state["v"].mul_(self.beta2).addcmul_(grad, grad, value=1 - self.beta2)
        step_size = self.lr / (1 - self.beta1**t)
        denominator = (v.sqrt() / (1 - self.beta2**t) ** 0.5).add_(self.eps)
        p.addcdiv_(m, denominator, value=-step_size)


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter 2019) (R3).

    Each step first multiplies p by (1 - lr * weight_decay), then takes Adam's step on the
    data gradient alone. PyTorch's default weight_decay for AdamW is 0.01.
    """

    decoupled = True

    def __init__(
        self,
        params: Iterable[torch.Tensor],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.01,
    ) -> None:
        super().__init__(params, lr, betas, eps, weight_decay)
