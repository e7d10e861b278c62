"""The lessons' snippets (dlspec.lessons), run as a learner would paste them, print what their
derivations predict; the report shows the very output these tests printed.

Each snippet is seeded, so its output is fixed; what is checked is that the printed numbers
agree with the derivation within the sampling error of the snippet's own sizes, so that a
right derivation would pass at any seed with probability >= 1 - 1e-6 (split over a lesson's
statistical checks), and that every printed prediction is the derivation's formula.

Sampling error of a layer's mean square. ``S`` = the mean over N rows j and m outputs k of
``(w_k . r_j)^2``, with the weights iid N(0, s2) (n per output) and the inputs r_j iid rows of
iid entries with mean mu, second moment e2 and Var(r^2) = v2 (v = e2 - mu^2), has
E[S] = n s2 e2 and, counting the pairs of terms that share an input row or a weight row
(the rest are independent):
    Var(S) = [D + (m - 1) C_r + (N - 1) C_w] / (N m),
    D   = Var((w.r)^2)             = s2^2 (3 n v2 + 2 n^2 e2^2)   (w.r | r ~ N(0, s2 |r|^2))
    C_r = shared input, two weights = s2^2 n v2                   (= s2^2 Var |r|^2)
    C_w = shared weights, two inputs = 2 n s2^2 (v^2 + n mu^4 + 2 v mu^2)
          (E[(w.r)^2 | w] = v |w|^2 + mu^2 (sum w)^2, and Cov(|w|^2, (sum w)^2) = 2 n s2^2).
tests/test_lessons.py checks this formula against simulation.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import torch
from scipy import stats

from dlspec import testing
from dlspec.lessons import LESSONS, Lesson

U64 = 2.0**-53  # unit roundoff of float64
U32 = 2.0**-24  # unit roundoff of float32
# (mean, second moment, variance of the square) of one input entry
GAUSSIAN = (0.0, 1.0, 2.0)
RELU_OF_GAUSSIAN = (1 / math.sqrt(2 * math.pi), 0.5, 1.5 - 0.25)  # E relu(z)^4 = 3/2


def run(lesson: Lesson) -> tuple[str, dict[str, Any]]:
    """What ``lesson.code`` prints, and the names it leaves, run in a fresh namespace; the
    snippet seeds torch's global generator, which is restored afterwards."""
    namespace: dict[str, Any] = {"__name__": f"lesson_{lesson.key}"}
    state = torch.random.get_rng_state()
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            exec(compile(lesson.code, f"<lesson {lesson.key}>", "exec"), namespace)
    finally:
        torch.random.set_rng_state(state)
    return printed.getvalue(), namespace


@dataclass(frozen=True)
class Printed:
    value: float
    half_unit: float  # the f-string rounded the value to within half a unit of its last digit


NUMBER = re.compile(r"-?\d+\.(\d+)")


def numbers(output: str) -> list[list[Printed]]:
    """The numbers with a decimal point on each printed line (integers such as the 2 in
    ``2/(n_in+n_out)`` are part of a label)."""
    return [
        [Printed(float(m.group()), 0.5 * 10.0 ** -len(m.group(1))) for m in NUMBER.finditer(line)]
        for line in output.splitlines()
    ]


def shape(output: str, counts: list[int]) -> list[list[Printed]]:
    found = numbers(output)
    assert [len(line) for line in found] == counts, (
        f"expected {counts} numbers per line, got {[len(line) for line in found]} in:\n{output}"
    )
    return found


def near(what: str, printed: Printed, predicted: float, tolerance: float) -> None:
    """``printed`` equals ``predicted`` within ``tolerance`` plus the printing's rounding."""
    bound = tolerance + printed.half_unit
    assert abs(printed.value - predicted) <= bound, (
        f"{what}: printed {printed.value!r}, the derivation predicts {predicted!r} "
        f"within {bound:.3g}"
    )


def z(checks: int) -> float:
    """The normal quantile that keeps ``checks`` two-sided checks at a total false-failure
    probability of 1e-6."""
    return float(stats.norm.isf(testing.FALSE_FAILURE / (2 * checks)))


def variance_interval(expected: float, count: int, checks: int) -> tuple[float, float]:
    """Where ``x.var()`` of ``count`` iid Gaussian values of variance ``expected`` lies:
    (count - 1) x.var() / expected is chi-square with count - 1 degrees of freedom."""
    alpha, dof = testing.FALSE_FAILURE / checks, count - 1
    low, high = stats.chi2.ppf(alpha / 2, dof), stats.chi2.isf(alpha / 2, dof)
    return expected * low / dof, expected * high / dof


def within(what: str, printed: Printed, interval: tuple[float, float], scale: float = 1) -> None:
    low, high = (scale * end for end in interval)
    assert low - printed.half_unit <= printed.value <= high + printed.half_unit, (
        f"{what}: printed {printed.value!r}, the derivation predicts [{low:.6g}, {high:.6g}]"
    )


def mean_square_sd(
    rows: int, terms: int, outputs: int, weight_variance: float, moments: tuple[float, ...]
) -> float:
    """Standard deviation of S, the mean square of a layer's outputs (module docstring)."""
    mu, e2, v2 = moments
    v, s4 = e2 - mu**2, weight_variance**2
    alone = s4 * (3 * terms * v2 + 2 * terms**2 * e2**2)
    shared_input = s4 * terms * v2
    shared_weights = 2 * terms * s4 * (v**2 + terms * mu**4 + 2 * v * mu**2)
    total = alone + (outputs - 1) * shared_input + (rows - 1) * shared_weights
    return math.sqrt(total / (rows * outputs))


def float64_dot_rounding(terms: int, count: int) -> float:
    """Relative error of a float64 mean of ``count`` squared dot products of length
    ``terms``: each dot product within terms u |w| |r| (Cauchy-Schwarz), which is
    sqrt(terms) times the typical |w.r|, squared (factor 2), then summed (count u)."""
    return (2 * terms**1.5 + count) * U64


def variance_of_mean_square(
    what: str,
    printed: Printed,
    tensor: torch.Tensor,
    terms: int,
    predicted: float,
    sd: float,
    checks: int,
) -> None:
    """``tensor.var()`` printed, for a zero-mean layer output whose entries are dot products
    of length ``terms`` with predicted mean square ``predicted``: the mean square S, less the
    square of its sample mean, times count/(count - 1); both corrections are of order
    predicted/count, bounded here at z^2 + 1 times that."""
    count = tensor.numel()
    centring = (z(checks) ** 2 + 1) * predicted / (count - 1)
    rounding = float64_dot_rounding(terms, count) * predicted
    near(what, printed, predicted, z(checks) * sd + centring + rounding)


# ---------------------------------------------------------------- one check per lesson


def check_xavier(output: str, namespace: dict[str, Any]) -> None:
    (w_line, o_line, grad_line) = shape(output, [2, 2, 2])
    w, x = namespace["w"], namespace["x"]
    n_out, n_in = w.shape
    rows = x.shape[0]
    s2 = 2 / (n_in + n_out)
    near("printed 2/(n_in+n_out)", w_line[1], s2, 0)
    near("printed n_in*Var[w]", o_line[1], n_in * s2, 0)
    near("printed n_out*Var[w]", grad_line[1], n_out * s2, 0)
    within("Var[w]", w_line[0], variance_interval(s2, w.numel(), 3))
    # forward: o = x w^T, n_in terms per output, n_out outputs; backward: dL/dx = g w, n_out
    # terms per input, n_in of them; x and g are standard Gaussian
    forward = mean_square_sd(rows, n_in, n_out, s2, GAUSSIAN)
    backward = mean_square_sd(rows, n_out, n_in, s2, GAUSSIAN)
    variance_of_mean_square("Var[o]", o_line[0], namespace["o"], n_in, n_in * s2, forward, 3)
    variance_of_mean_square("Var[dL/dx]", grad_line[0], x.grad, n_out, n_out * s2, backward, 3)


def check_he(output: str, namespace: dict[str, Any]) -> None:
    (w_line, relu_line, out_line) = shape(output, [1, 2, 1])
    near("printed E[h^2]/2", relu_line[1], 0.5, 0)
    w, h = namespace["w"], namespace["h"]
    n_out, n_in = w.shape
    s2 = 2 / n_in
    within("n_in*Var[w]", w_line[0], variance_interval(s2, w.numel(), 3), scale=n_in)
    # relu(z)^2 has mean 1/2 and variance 3/2 - 1/4; its mean over all h's entries is normal
    _, e2, v2 = RELU_OF_GAUSSIAN
    near("E[relu(h)^2]", relu_line[0], e2, z(3) * math.sqrt(v2 / h.numel()))
    sd = mean_square_sd(h.shape[0], n_in, n_out, s2, RELU_OF_GAUSSIAN)
    rounding = float64_dot_rounding(n_in, h.shape[0] * n_out)
    near("E[out^2]", out_line[0], n_in * s2 * e2, z(3) * sd + rounding)


def check_relu_second_moment(output: str, namespace: dict[str, Any]) -> None:
    (second, variance, mean) = shape(output, [2, 2, 2])
    near("printed E[h^2]/2", second[1], 0.5, 0)
    near("printed 1/2 - 1/(2 pi)", variance[1], 0.5 - 1 / (2 * math.pi), 0)
    near("printed sqrt(1/(2 pi))", mean[1], 1 / math.sqrt(2 * math.pi), 0)
    n = namespace["h"].numel()
    # moments of r = relu(z), z ~ N(0, 1): E r^k = E[z^k; z > 0] = 1/sqrt(2 pi), 1/2,
    # 2/sqrt(2 pi), 3/2 for k = 1..4
    a = 1 / math.sqrt(2 * math.pi)
    var = 0.5 - a**2
    fourth_central = 1.5 - 4 * a * (2 * a) + 6 * a**2 * 0.5 - 3 * a**4
    near("E[relu(h)^2]", second[0], 0.5, z(3) * math.sqrt(1.25 / n))
    # the sample variance has variance (mu_4 - var^2)/n to first order in 1/n
    near("Var(relu(h))", variance[0], var, z(3) * math.sqrt((fourth_central - var**2) / n))
    near("E[relu(h)]", mean[0], a, z(3) * math.sqrt(var / n))


def check_dropout(output: str, namespace: dict[str, Any]) -> None:
    h, p, draws = namespace["h"].tolist(), namespace["p"], namespace["draws"]
    (one, means) = shape(output, [len(h), len(h)])
    for value, x in zip(one, h, strict=True):
        assert value.value == 0 or abs(value.value - x / (1 - p)) <= value.half_unit, (
            f"one draw at input {x}: printed {value.value!r}, expected 0 or {x / (1 - p)!r}"
        )
    # each mean is x/(1 - p) times the fraction kept, k/K with k ~ Binomial(K, 1 - p)
    count = draws.shape[0]
    alpha = testing.FALSE_FAILURE / len(h)
    low = stats.binom.ppf(alpha / 2, count, 1 - p) / count
    high = stats.binom.isf(alpha / 2, count, 1 - p) / count
    for value, x in zip(means, h, strict=True):
        kept = x / (1 - p)
        # a float32 sum of K values within (K - 1) u of the largest (any summation order)
        rounding = (count - 1) * U32 * kept
        interval = (low * kept - rounding, high * kept + rounding)
        within(f"mean of {count} draws at input {x}", value, interval)


def check_adam_vs_adamw(output: str, namespace: dict[str, Any]) -> None:
    (adam, adamw) = shape(output, [3, 3])
    theta, lr, wd = namespace["theta"].item(), namespace["lr"], namespace["wd"]
    eps = inspect.signature(torch.optim.Adam).parameters["eps"].default
    near("printed lr", adam[2], lr, 0)
    near("printed 1 - lr*wd", adamw[2], 1 - lr * wd, 0)
    # float32: the parameter and each of the step's few operations round to within u each
    rounding = 8 * U32 * abs(theta)
    for line in (adam, adamw):
        near("printed theta", line[0], theta, 0)
    # first step on g = wd theta: m_hat = g, v_hat = g^2, a move of lr g/(|g| + eps)
    g = wd * theta
    near("Adam after one step", adam[1], theta - lr * g / (abs(g) + eps), rounding)
    near("AdamW after one step", adamw[1], (1 - lr * wd) * theta, rounding)


def check_scaled_sigmoid(output: str, namespace: dict[str, Any]) -> None:
    (gap, slope) = shape(output, [1, 1])
    # 4 sigma - 2 - 2 tanh(x/2) = 0 exactly; float64 rounds sigma and tanh (a few ulp of
    # values <= 1, taken as 4 u each), the products by 4 and 2 are exact, and the two
    # subtractions of values <= 4 add 4 u each: at most (4*4 + 2*4 + 2*4) u
    near("max |4 sigmoid(x) - 2 - 2 tanh(x/2)|", gap[0], 0, 32 * U64)
    # sigma(0) = 1/2 and sigma'(0) = sigma(0)(1 - sigma(0)) = 1/4 exactly in binary
    near("slope at 0", slope[0], 1, 0)


CHECKS: dict[str, Callable[[str, dict[str, Any]], None]] = {
    "xavier": check_xavier,
    "he": check_he,
    "relu_second_moment": check_relu_second_moment,
    "dropout": check_dropout,
    "adam_vs_adamw": check_adam_vs_adamw,
    "scaled_sigmoid": check_scaled_sigmoid,
}


@pytest.mark.parametrize(
    "lesson",
    [
        pytest.param(lesson, id=lesson.key, marks=pytest.mark.claim(lesson.claim))
        for lesson in LESSONS
    ],
)
def test_each_lesson_s_snippet_prints_what_its_derivation_predicts(lesson, evidence):
    output, namespace = run(lesson)
    # recorded before the check, so that a failing snippet's output is in the report too
    evidence.snippet(lesson.key, output)
    CHECKS[lesson.key](output, namespace)
