"""Infinite-width (mean-field) predictions for signal propagation (claims A7, A9, A10; I*).

For a layer h' = W phi(h) + b with W_ij ~ N(0, sigma_w^2 / n) and b_i ~ N(0, sigma_b^2),
given the previous layer, every h'_i is Gaussian with variance
sigma_w^2 * mean_j phi(h_j)^2 + sigma_b^2. As the width n grows that mean tends to its
expectation, which gives the deterministic map of the second moment q (Poole et al. 2016,
"Exponential expressivity in deep neural networks through transient chaos"):

    q_{l+1} = sigma_w^2 * E[phi(sqrt(q_l) z)^2] + sigma_b^2,   z ~ N(0, 1).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy import integrate

Activation = Callable[[np.ndarray], np.ndarray]


def gaussian_expectation(f: Activation, variance: float) -> float:
    """E[f(sqrt(variance) z)] for z ~ N(0, 1), by adaptive quadrature on each half-line.

    Splitting at 0 keeps the integrand smooth on each piece for ReLU-like kinks.
    """
    if not (isinstance(variance, (int, float)) and math.isfinite(variance) and variance >= 0):
        raise ValueError(f"variance must be a finite number >= 0, got {variance!r}")
    scale = math.sqrt(variance)

    def integrand(z: float) -> float:
        return float(f(np.float64(scale * z))) * math.exp(-z * z / 2) / math.sqrt(2 * math.pi)

    halves = (integrate.quad(integrand, -np.inf, 0)[0], integrate.quad(integrand, 0, np.inf)[0])
    return float(sum(halves))


def mean_field_step(
    phi: Activation, q: float, sigma_w2: float = 1.0, sigma_b2: float = 0.0
) -> float:
    """One step of the mean-field map: sigma_w^2 E[phi(sqrt(q) z)^2] + sigma_b^2."""
    return sigma_w2 * gaussian_expectation(lambda h: phi(h) ** 2, q) + sigma_b2


def mean_field_trajectory(
    phi: Activation, q0: float, depth: int, sigma_w2: float = 1.0, sigma_b2: float = 0.0
) -> list[float]:
    """[q_0, q_1, ..., q_depth]: the pre-activation second moment through ``depth`` layers."""
    trajectory = [q0]
    for _ in range(depth):
        trajectory.append(mean_field_step(phi, trajectory[-1], sigma_w2, sigma_b2))
    return trajectory
