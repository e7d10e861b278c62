"""The rounding bound behind the step-by-step optimiser comparison (``dlspec.rounding``),
checked on its own: against the same updates computed to 50 digits (mpmath), for torch's
three kernels and dlspec's; not so loose that an optimiser bug hides in it; and each of
its helpers at values where the exact answer is known."""

from __future__ import annotations

import functools
import math

import mpmath
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from dlspec import optim as doptim
from dlspec import rounding

F64 = torch.float64
U = torch.finfo(F64).eps / 2


def case(name, seed, steps, shape, scale, lr, lam, momentum, betas, eps):
    """Start, given gradients and options of one drawn comparison."""
    generator = torch.Generator().manual_seed(seed)
    start = [torch.randn(shape, generator=generator, dtype=F64)]
    gradients = [
        [10**scale * torch.randn(shape, generator=generator, dtype=F64)] for _ in range(steps)
    ]
    options = (
        {"lr": lr, "momentum": momentum, "weight_decay": lam}
        if name == "SGD"
        else {"lr": lr, "betas": betas, "eps": eps, "weight_decay": lam}
    )
    return start, gradients, options


def exact_steps(name, start, gradients, options):
    """The documented updates to 50 significant digits, element by element."""
    with mpmath.workdps(50):
        lr, lam = mpmath.mpf(options["lr"]), mpmath.mpf(options["weight_decay"])
        out = []
        for index, first in enumerate(start):
            p = [mpmath.mpf(float(v)) for v in first.flatten()]
            m, v, buffer = [mpmath.mpf(0)] * len(p), [mpmath.mpf(0)] * len(p), None
            trail = []
            for t, grads in enumerate(gradients, start=1):
                g = [mpmath.mpf(float(x)) for x in grads[index].flatten()]
                if name == "AdamW":
                    p = [x * (1 - lr * lam) for x in p]
                else:
                    g = [gi + lam * pi for gi, pi in zip(g, p, strict=True)]
                if name == "SGD":
                    mu = mpmath.mpf(options["momentum"])
                    if mu:
                        buffer = (
                            g
                            if buffer is None
                            else [mu * b + gi for b, gi in zip(buffer, g, strict=True)]
                        )
                        g = buffer
                    p = [pi - lr * gi for pi, gi in zip(p, g, strict=True)]
                else:
                    b1, b2 = (mpmath.mpf(b) for b in options["betas"])
                    m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g, strict=True)]
                    v = [b2 * vi + (1 - b2) * gi**2 for vi, gi in zip(v, g, strict=True)]
                    c1, c2 = 1 - b1**t, 1 - b2**t
                    p = [
                        pi - lr / c1 * mi / (mpmath.sqrt(vi) / mpmath.sqrt(c2) + options["eps"])
                        for pi, mi, vi in zip(p, m, v, strict=True)
                    ]
                trail.append(list(p))
            out.append(trail)
        return out


DRAWN = {
    "seed": st.integers(0, 2**32 - 1),
    "steps": st.integers(1, 12),
    "shape": st.tuples(st.integers(1, 4), st.integers(1, 4)),
    "scale": st.floats(-3, 1),
    "lr": st.floats(1e-3, 0.05),
    "lam": st.floats(0, 1),
    "momentum": st.floats(0, 0.95),
    "betas": st.tuples(st.floats(0, 0.99), st.floats(0, 0.9999)),
    "eps": st.floats(1e-10, 1e-3),
}


@pytest.mark.parametrize("name", rounding.NAMES)
@settings(max_examples=15, deadline=None)
@given(**DRAWN)
def test_every_kernel_lies_within_its_bound_of_the_exact_steps(name, **drawn) -> None:
    """Each float64 computation (torch's single-tensor and multi-tensor kernels, dlspec's,
    the reference itself) is within its own bound e_t(u) of the exact updates."""
    start, gradients, options = case(name, **drawn)
    reference = rounding.trajectory(name, start, gradients, options, [U])
    exact = exact_steps(name, start, gradients, options)
    torch_optimiser = getattr(torch.optim, name)
    computed = {
        "reference": [step.values for step in reference],
        "torch single-tensor": rounding.taken(
            torch_optimiser, start, gradients, foreach=False, **options
        ),
        "torch foreach": rounding.taken(torch_optimiser, start, gradients, foreach=True, **options),
        "dlspec": rounding.taken(getattr(doptim, name), start, gradients, **options),
    }
    for who, trail in computed.items():
        for t, (step, values) in enumerate(zip(reference, trail, strict=True)):
            found = values[0].flatten().tolist()
            bound = step.bounds[0][0].flatten().tolist()
            for k, (value, limit) in enumerate(zip(found, bound, strict=True)):
                error = abs(mpmath.mpf(value) - exact[0][t][k])
                assert error <= limit, (
                    f"{who} {name}{options}: step {t + 1}, element {k}: |computed - exact| = "
                    f"{float(error):.3g} beyond the bound {limit:.3g}"
                )


class BuggyAdam(torch.optim.Optimizer):
    """Adam with one of two realistic bugs: the bias corrections left out (the catalogue's
    bug, for an outside implementation: the first steps are (1 - b1) / sqrt(1 - b2) times
    the right ones), or eps added under the square root, sqrt(v_hat + eps)."""

    def __init__(self, params, bug, lr, betas, eps, weight_decay):
        super().__init__(
            params, {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay}
        )
        self.bug = bug

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            for p in group["params"]:
                state = self.state[p]
                if not state:
                    state.update(t=0, m=torch.zeros_like(p), v=torch.zeros_like(p))
                state["t"] += 1
                g = p.grad + group["weight_decay"] * p
                m = state["m"].mul_(b1).add_(g, alpha=1 - b1)
                v = state["v"].mul_(b2).addcmul_(g, g, value=1 - b2)
                if self.bug == "no bias correction":
                    p.sub_(group["lr"] * m / (v.sqrt() + group["eps"]))
                else:
                    m_hat, v_hat = m / (1 - b1 ** state["t"]), v / (1 - b2 ** state["t"])
                    p.sub_(group["lr"] * m_hat / (v_hat + group["eps"]).sqrt())


@pytest.mark.parametrize("bug", ["no bias correction", "eps under the root"])
@settings(max_examples=10, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    steps=st.integers(1, 12),
    lr=DRAWN["lr"],
    lam=DRAWN["lam"],
    betas=st.tuples(st.floats(0.5, 0.99), st.floats(0.9, 0.9999)),
    eps=st.floats(1e-8, 1e-3),
)
def test_an_adam_bug_leaves_the_bound_at_its_first_step(bug, seed, steps, lr, lam, betas, eps):
    """Negative controls: the missing bias correction, and eps under the root (the bug
    changes the first step by at least eps-relative amounts), are outside the bound at
    step 1, and first_difference names that step."""
    start, gradients, options = case("Adam", seed, steps, (3, 2), 0.0, lr, lam, 0, betas, eps)
    reference = rounding.trajectory("Adam", start, gradients, options, [U, U])
    buggy = functools.partial(BuggyAdam, bug=bug)
    found = rounding.first_difference(reference, rounding.taken(buggy, start, gradients, **options))
    assert found is not None and found[0] == 1, f"Adam with {bug}: first difference {found}"


def test_two_computations_with_the_same_roundoff_get_both_bounds() -> None:
    """The tolerance between an implementation and the reference is the sum of their two
    bounds, also when both compute in float64 (the same unit roundoff twice)."""
    start, gradients, options = case("SGD", 3, 2, (2, 2), 0.0, 0.02, 0.5, 0.5, (0, 0), 0)
    once = rounding.trajectory("SGD", start, gradients, options, [U])
    twice = rounding.trajectory("SGD", start, gradients, options, [U, U])
    for a, b in zip(once, twice, strict=True):
        assert torch.equal(b.tolerance(0), 2 * a.tolerance(0)), (a.tolerance(0), b.tolerance(0))


def test_each_helper_bounds_its_own_rounding_where_the_exact_answer_is_known() -> None:
    one = torch.ones(1, dtype=F64)
    third = rounding.div(rounding.exact(1.0, one), rounding.exact(3.0, one), U)
    # fl(1/3) is within u/3 of 1/3; the bound charges u |1| / 3
    assert abs(float(third.value) - 1 / 3) <= float(third.error) == pytest.approx(U / 3)
    root = rounding.sqrt(rounding.Bounded(4 * one, 1e-6 * one), U)
    # |sqrt(4 + d) - 2| <= 1e-6 / (2 + sqrt(4 - 1e-6)) for |d| <= 1e-6, plus one rounding
    expected = 1e-6 / (2 + math.sqrt(4 - 1e-6)) + U * math.sqrt(4 + 1e-6)
    assert float(root.error) == pytest.approx(expected, rel=1e-12)
    near_zero = rounding.sqrt(rounding.Bounded(0 * one, 1e-20 * one), U)
    assert float(near_zero.error) >= 1e-10, "sqrt of a value within 1e-20 of 0 moves by 1e-10"
    mixed = rounding.average(rounding.exact(1.0, one), rounding.exact(-1.0, one), 0.25, U)
    assert float(mixed.value) == -0.5 and float(mixed.error) == pytest.approx(6 * U)
    with pytest.raises(rounding.VoidBound, match="divisor's error bound reaches 0"):
        rounding.div(rounding.exact(1.0, one), rounding.Bounded(one, one), U)


def test_an_unknown_optimiser_is_a_value_error_naming_the_choices() -> None:
    with pytest.raises(ValueError, match=r"unknown optimiser 'RMSprop'; choose from"):
        rounding.trajectory("RMSprop", [torch.zeros(1)], [], {"lr": 0.1}, [U])


def test_the_trajectory_stops_where_its_bound_becomes_void() -> None:
    """Adam with betas 0 and weight decay 1 drives its gradient towards 0, where it divides
    by |g| + eps: the reference ends at the last bounded step (12 of 18 here), and torch's
    steps up to there lie within the bound."""
    start, gradients, options = case(
        "Adam", 19, 18, (1, 1), -3.0, 0.03125, 1.0, 0, (0.0, 0.0), 1e-8
    )
    reference = rounding.trajectory("Adam", start, gradients, options, [U, U])
    assert len(reference) == 12, f"{len(reference)} bounded steps"
    computed = rounding.taken(torch.optim.Adam, start, gradients, foreach=False, **options)
    assert rounding.first_difference(reference, computed) is None
