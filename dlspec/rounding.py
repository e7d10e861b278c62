"""A reference trajectory of SGD, Adam or AdamW, with a bound on its rounding error (R3).

Two correct implementations of one optimiser differ only by rounding, but by how much
depends on the order of their operations, so an outside implementation cannot be asked to
agree with ``torch.optim`` bit for bit. This module runs the update rules that
``torch.optim`` documents and carries, next to every value x, a bound e on |computed x -
exact x| for a computation in floating point with unit roundoff u (half the machine
epsilon): the standard model fl(a op b) = (a op b)(1 + d), |d| <= u (Higham, "Accuracy and
Stability of Numerical Algorithms", 2002, ch. 2), applied to each operation with the
operands' magnitudes, so the bound holds whichever order an implementation sums its terms
in. A weighted average, b old + (1 - b) new, is charged 3u (|old| + |new|): three roundings
of terms no larger than that, which covers both b old + (1 - b) new and torch's
lerp, old + (1 - b)(new - old). Errors are propagated to first order; the neglected terms
are of order u^2 relative to the ones kept.

An implementation and the reference then agree at step t to within e_t(u of the
implementation) + e_t(u of the reference). The gradients are given, the same for both, so
that a rounding difference cannot steer the two trajectories apart through the loss.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import torch

NAMES = ("SGD", "Adam", "AdamW")


@dataclass(frozen=True)
class Bounded:
    """A value and a bound on the absolute error of computing it in floating point."""

    value: torch.Tensor
    error: torch.Tensor

    def size(self) -> torch.Tensor:
        """A bound on |exact value|."""
        return self.value.abs() + self.error


def exact(value: torch.Tensor | float, like: torch.Tensor) -> Bounded:
    tensor = torch.as_tensor(value, dtype=like.dtype, device=like.device).expand_as(like)
    return Bounded(tensor, torch.zeros_like(like))


def add(a: Bounded, b: Bounded, u: float) -> Bounded:
    return Bounded(a.value + b.value, a.error + b.error + u * (a.size() + b.size()))


def mul(a: Bounded, b: Bounded, u: float) -> Bounded:
    error = a.value.abs() * b.error + b.value.abs() * a.error + a.error * b.error
    return Bounded(a.value * b.value, error + u * a.size() * b.size())


class VoidBound(ValueError):
    """A divisor's error bound reaches 0: from here on rounding alone could change the result
    without limit, so the bound says nothing."""


def div(a: Bounded, b: Bounded, u: float) -> Bounded:
    smallest = b.value.abs() - b.error
    if not bool((smallest > 0).all()):
        raise VoidBound("div: the divisor's error bound reaches 0; the bound is void")
    quotient = a.value / b.value
    error = (a.error + quotient.abs() * b.error) / smallest
    return Bounded(quotient, error + u * a.size() / smallest)


def sqrt(a: Bounded, u: float) -> Bounded:
    root = a.value.clamp(min=0).sqrt()
    # |sqrt(x + d) - sqrt(x)| = |d| / (sqrt(x + d) + sqrt(x)), and sqrt(|d|) where x ~ 0
    below = (a.value - a.error).clamp(min=0).sqrt()
    spread = torch.where(root + below > 0, a.error / (root + below), a.error.sqrt())
    return Bounded(root, torch.minimum(spread, a.error.sqrt()) + u * a.size().sqrt())


def average(old: Bounded, new: Bounded, keep: float, u: float) -> Bounded:
    """keep * old + (1 - keep) * new, in either order of operations."""
    value = keep * old.value + (1 - keep) * new.value
    error = keep * old.error + (1 - keep) * new.error + 3 * u * (old.size() + new.size())
    return Bounded(value, error)


@dataclass(frozen=True)
class Step:
    """The parameters after one step, and their error bounds: ``bounds[k][i]`` bounds
    parameter i's error for the k-th unit roundoff."""

    values: list[torch.Tensor]
    bounds: list[list[torch.Tensor]]

    def tolerance(self, index: int) -> torch.Tensor:
        """How far two computations, one for each unit roundoff, may be apart: the sum."""
        return torch.stack([bounds[index] for bounds in self.bounds]).sum(dim=0)


def trajectory(
    name: str,
    start: Sequence[torch.Tensor],
    gradients: Sequence[Sequence[torch.Tensor]],
    options: Mapping[str, Any],
    roundoffs: Sequence[float],
) -> list[Step]:
    """The parameters after each step of ``name`` (SGD, Adam or AdamW, as ``torch.optim``
    documents them, with dampening 0, no Nesterov, no AMSGrad), with error bounds.

    The list ends early, at the first step where a bound becomes void (:class:`VoidBound`):
    Adam with betas near 0 divides by |g| + eps, and where g comes near 0 one rounding can
    flip the step, so from there two correct computations may part without limit. Every
    step before that is bounded.

    Args:
        name: which optimiser.
        start: the initial parameters (float64 tensors).
        gradients: per step, one gradient per parameter, given rather than computed.
        options: the constructor's keyword arguments: ``lr`` and ``weight_decay``, with
            ``momentum`` for SGD and ``betas``, ``eps`` for Adam and AdamW.
        roundoffs: the unit roundoffs to bound the error for (one per implementation).
    """
    if name not in NAMES:
        raise ValueError(f"trajectory: unknown optimiser {name!r}; choose from {NAMES}")
    runs: dict[float, list[list[Bounded]]] = {}
    for u in dict.fromkeys(roundoffs):  # each distinct unit roundoff is run once
        params = [exact(p, p) for p in start]
        state: list[dict[str, Bounded]] = [{} for _ in start]
        runs[u] = []
        for t, grads in enumerate(gradients, start=1):
            try:
                params = [
                    _update(name, p, exact(g, g), s, t, options, u)
                    for p, g, s in zip(params, grads, state, strict=True)
                ]
            except VoidBound:
                break
            runs[u].append(params)
    bounded = min(len(run) for run in runs.values())
    steps = [runs[u][:bounded] for u in roundoffs]
    return [
        Step(
            values=[p.value for p in per_step[0]],
            bounds=[[p.error for p in per_roundoff[t]] for per_roundoff in steps],
        )
        for t, per_step in enumerate(zip(*steps, strict=True))
    ]


def _update(
    name: str,
    p: Bounded,
    g: Bounded,
    state: dict[str, Bounded],
    t: int,
    options: Mapping[str, Any],
    u: float,
) -> Bounded:
    lr, lam = exact(float(options["lr"]), p.value), float(options.get("weight_decay", 0.0))
    if name == "AdamW" and lam:
        p = mul(p, Bounded(1 - lr.value * lam, 2 * u * (1 + lr.value * lam)), u)
    elif lam:
        g = add(g, mul(exact(lam, p.value), p, u), u)
    if name == "SGD":
        momentum = float(options.get("momentum", 0.0))
        if momentum:
            previous = state.get("buffer")
            g = g if previous is None else add(mul(exact(momentum, p.value), previous, u), g, u)
            state["buffer"] = g
        return add(p, mul(exact(-1.0, p.value), mul(lr, g, u), u), u)
    beta1, beta2 = (float(b) for b in options["betas"])
    eps = exact(float(options["eps"]), p.value)
    zero = exact(0.0, p.value)
    m = average(state.get("m", zero), g, beta1, u)
    v = average(state.get("v", zero), mul(g, g, u), beta2, u)
    state["m"], state["v"] = m, v
    # 1 - beta^t: beta^t within t roundings of a product, then one subtraction
    correction1 = _correction(beta1, t, u, p.value)
    correction2 = _correction(beta2, t, u, p.value)
    denominator = add(div(sqrt(v, u), sqrt(correction2, u), u), eps, u)
    step = mul(div(lr, correction1, u), div(m, denominator, u), u)
    return add(p, mul(exact(-1.0, p.value), step, u), u)


def _correction(beta: float, t: int, u: float, like: torch.Tensor) -> Bounded:
    power = beta**t
    value = 1 - power
    return Bounded(
        torch.full_like(like, value), torch.full_like(like, (t + 1) * u * power + u * value)
    )


def taken(
    optimiser: Callable[..., Any],
    start: Sequence[torch.Tensor],
    gradients: Sequence[Sequence[torch.Tensor]],
    **options: Any,
) -> list[list[torch.Tensor]]:
    """The parameters after each step of ``optimiser(params, **options)`` (any
    implementation's) when each step is fed the given gradients."""
    params = [p.clone().requires_grad_() for p in start]
    stepper = optimiser(params, **options)
    after = []
    for grads in gradients:
        for p, g in zip(params, grads, strict=True):
            p.grad = g.clone()
        stepper.step()
        after.append([p.detach().clone() for p in params])
    return after


def first_difference(
    steps: Sequence[Step], computed: Sequence[Sequence[torch.Tensor]]
) -> tuple[int, int, int, float, float, float] | None:
    """The first (step, parameter, flat element, computed, reference, bound) where
    ``computed`` (per step, per parameter) leaves the reference by more than the sum of the
    bounds, or None, over the steps the reference bounds. Steps count from 1, parameters
    and elements from 0."""
    for t, (step, values) in enumerate(zip(steps, computed[: len(steps)], strict=True), start=1):
        for index, (reference, value) in enumerate(zip(step.values, values, strict=True)):
            bound = step.tolerance(index)
            outside = ((value - reference).abs() > bound) | ~torch.isfinite(value)
            if bool(outside.any()):
                k = int(outside.flatten().nonzero()[0])
                return (
                    t,
                    index,
                    k,
                    float(value.flatten()[k]),
                    float(reference.flatten()[k]),
                    float(bound.flatten()[k]),
                )
    return None
