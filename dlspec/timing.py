"""Comparing two pieces of code by time on a noisy machine.

Two benchmark rows timed one after the other see different machines: another process
wakes, the clock speeds up, the cache warms. Timed interleaved (a, b, a, b, ...), each pair
sees the same conditions, so their ratio is what the code costs. The ratio of the two
medians resists the odd slow run, and resampling the pairs (the bootstrap) gives its
confidence interval without assuming how the times are distributed.

On CUDA the clock waits for the device first (:func:`clock`): a kernel launch returns at
once, so without it only the launch is timed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from scipy import stats

from dlspec._checks import positive_int


def clock(device: torch.device | str) -> Callable[[], float]:
    """``time.perf_counter``, after waiting for ``device`` to finish its queued work."""
    if torch.device(device).type != "cuda":
        return time.perf_counter

    def synchronised() -> float:
        torch.cuda.synchronize(device)
        return time.perf_counter()

    return synchronised


def interleaved(
    first: Callable[[], object],
    second: Callable[[], object],
    pairs: int,
    now: Callable[[], float] = time.perf_counter,
) -> tuple[np.ndarray, np.ndarray]:
    """Seconds per call of ``first`` and of ``second``, timed alternately ``pairs`` times
    after one untimed call of each (the warm-up)."""
    positive_int(pairs, "pairs")
    first(), second()
    times = np.empty((pairs, 2))
    for k in range(pairs):
        for j, function in enumerate((first, second)):
            start = now()
            function()
            times[k, j] = now() - start
    return times[:, 0], times[:, 1]


@dataclass(frozen=True)
class Ratio:
    """median(numerator) / median(denominator) and its bootstrap confidence interval."""

    value: float
    low: float
    high: float
    confidence: float
    pairs: int

    def __str__(self) -> str:
        return (
            f"{self.value:.3f} ({self.confidence:.0%} interval {self.low:.3f} to "
            f"{self.high:.3f}, {self.pairs} interleaved pairs)"
        )


def ratio_of_medians(
    numerator: np.ndarray,
    denominator: np.ndarray,
    confidence: float = 0.95,
    seed: int = 0,
) -> Ratio:
    """The ratio of the medians of paired samples, with a percentile bootstrap interval that
    resamples whole pairs (so the pairing that removes the machine's drift is kept)."""
    numerator, denominator = np.asarray(numerator, float), np.asarray(denominator, float)
    if numerator.shape != denominator.shape or numerator.ndim != 1 or len(numerator) < 2:
        raise ValueError(
            f"ratio_of_medians needs two 1-D samples of equal length >= 2, got shapes "
            f"{numerator.shape} and {denominator.shape}"
        )
    if not (np.all(np.isfinite(numerator)) and np.all(denominator > 0)):
        raise ValueError("ratio_of_medians needs finite times and positive denominators")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), got {confidence}")

    def statistic(a: np.ndarray, b: np.ndarray, axis: int = -1) -> np.ndarray:
        return np.median(a, axis=axis) / np.median(b, axis=axis)  # type: ignore[no-any-return]

    result = stats.bootstrap(
        (numerator, denominator),
        statistic,
        paired=True,
        vectorized=True,
        confidence_level=confidence,
        method="percentile",
        rng=np.random.default_rng(seed),
    )
    interval = result.confidence_interval
    return Ratio(
        float(statistic(numerator, denominator)),
        float(interval.low),
        float(interval.high),
        confidence,
        len(numerator),
    )
