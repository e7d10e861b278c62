"""The timing instrument behind the benchmark ratios (``dlspec.timing``): interleaving,
the synchronising clock, and the ratio of medians with its bootstrap interval."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
from scipy import stats

from dlspec import timing


def test_interleaved_warms_up_once_then_alternates_and_times_each_call() -> None:
    calls: list[str] = []
    ticks = itertools.count()  # a fake clock: each reading is one second later
    first, second = timing.interleaved(
        lambda: calls.append("a"), lambda: calls.append("b"), 3, lambda: float(next(ticks))
    )
    assert calls == ["a", "b"] * 4, f"call order {calls}, expected a warm-up pair then a, b"
    assert first.tolist() == [1.0] * 3 and second.tolist() == [1.0] * 3, (first, second)


def test_a_drifting_machine_biases_separate_rows_but_not_the_interleaved_ratio() -> None:
    """The machine slows down steadily; a costs exactly 1.1 times b. Timed as two rows (all
    of a, then all of b) the ratio is off; interleaved it is exact."""
    speed = iter(np.linspace(1.0, 2.0, 200))
    elapsed = {"a": 1.1, "b": 1.0}
    clock = {"now": 0.0}

    def work(name: str) -> None:
        clock["now"] += elapsed[name] * next(speed)

    a, b = timing.interleaved(lambda: work("a"), lambda: work("b"), 40, lambda: clock["now"])
    ratio = timing.ratio_of_medians(a, b)
    assert abs(ratio.value - 1.1) < 0.01, f"interleaved ratio {ratio}, expected 1.1"
    rows_a = [elapsed["a"] * next(speed) for _ in range(40)]
    rows_b = [elapsed["b"] * next(speed) for _ in range(40)]
    separate = np.median(rows_a) / np.median(rows_b)
    assert abs(separate - 1.1) > 0.05, f"separate rows gave {separate}; the drift should show"


def test_the_bootstrap_interval_holds_the_true_ratio_and_excludes_a_wrong_one() -> None:
    rng = np.random.default_rng(20261130)
    b = rng.lognormal(0.0, 0.2, 30)  # the machine's pair-to-pair noise, shared by the pair
    a = 1.05 * b * rng.lognormal(0.0, 0.01, 30)
    ratio = timing.ratio_of_medians(a, b)
    assert ratio.low <= 1.05 <= ratio.high, f"{ratio} misses the true ratio 1.05"
    assert ratio.low > 1.0, f"{ratio} cannot tell a 5% difference from none"


def test_the_interval_holds_the_true_ratio_at_least_as_often_as_it_says() -> None:
    """Over 200 seeded data sets the 95% interval must hold the true ratio at least as often
    as a 95% interval would with probability 1 - 1e-6 (the binomial quantile); holding it
    more often is allowed (a conservative interval), and the test above shows it is still
    narrow enough to see a 5% difference."""
    rng = np.random.default_rng(7)
    held = 0
    for seed in range(200):
        b = rng.lognormal(0.0, 0.2, 30)
        a = 1.2 * b * rng.lognormal(0.0, 0.05, 30)
        ratio = timing.ratio_of_medians(a, b, seed=seed)
        held += ratio.low <= 1.2 <= ratio.high
    least = int(stats.binom.ppf(1e-6, 200, 0.95))
    assert held >= least, f"the 95% interval held the true ratio in {held} of 200, < {least}"


def test_the_clock_waits_for_cuda_only_on_cuda() -> None:
    import time

    assert timing.clock("cpu") is time.perf_counter
    assert timing.clock(torch.device("cuda")) is not time.perf_counter


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: timing.ratio_of_medians([1.0], [1.0]), ValueError, "length >= 2"),
        (lambda: timing.ratio_of_medians([1.0, 2.0], [1.0]), ValueError, "equal length"),
        (lambda: timing.ratio_of_medians([1.0, 2.0], [0.0, 1.0]), ValueError, "positive"),
        (lambda: timing.ratio_of_medians([1.0, 2.0], [1.0, 1.0], 1.5), ValueError, "confidence"),
        (lambda: timing.interleaved(print, print, 0), ValueError, "pairs must be >= 1"),
    ],
)
def test_bad_input_to_the_timing_instrument_is_refused(call, error, message) -> None:
    with pytest.raises(error, match=message):
        call()
