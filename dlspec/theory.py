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
from dataclasses import dataclass

import numpy as np
from scipy import integrate, special, stats

Activation = Callable[[np.ndarray], np.ndarray]


def _non_negative(value: float, name: str) -> None:
    """Raise ValueError naming ``name`` unless ``value`` is a finite real >= 0 (not a bool)."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not (number and math.isfinite(value) and value >= 0):
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")


def _int_at_least(value: int, low: int, name: str) -> None:
    """Raise ValueError naming ``name`` unless ``value`` is an int >= ``low`` (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"{name} must be an int >= {low}, got {value!r}")


def gaussian_expectation(f: Activation, variance: float) -> float:
    """E[f(sqrt(variance) z)] for z ~ N(0, 1), by adaptive quadrature on each half-line.

    Splitting at 0 keeps the integrand smooth on each piece for ReLU-like kinks.
    """
    _non_negative(variance, "variance")
    scale = math.sqrt(variance)

    def integrand(z: float) -> float:
        weight = math.exp(-z * z / 2) / math.sqrt(2 * math.pi)
        # quad samples z in the hundreds, where the weight is exactly 0: not calling f there
        # keeps a fast-growing f (exp) from overflowing into inf * 0 = nan
        return float(f(np.float64(scale * z))) * weight if weight else 0.0

    halves = (integrate.quad(integrand, -np.inf, 0)[0], integrate.quad(integrand, 0, np.inf)[0])
    return float(sum(halves))


def mean_field_step(
    phi: Activation, q: float, sigma_w2: float = 1.0, sigma_b2: float = 0.0
) -> float:
    """One step of the mean-field map: sigma_w^2 E[phi(sqrt(q) z)^2] + sigma_b^2."""
    for value, name in ((q, "q"), (sigma_w2, "sigma_w2"), (sigma_b2, "sigma_b2")):
        _non_negative(value, name)
    return sigma_w2 * gaussian_expectation(lambda h: phi(h) ** 2, q) + sigma_b2


def mean_field_trajectory(
    phi: Activation, q0: float, depth: int, sigma_w2: float = 1.0, sigma_b2: float = 0.0
) -> list[float]:
    """[q_0, q_1, ..., q_depth]: the pre-activation second moment through ``depth`` layers."""
    for value, name in ((q0, "q0"), (sigma_w2, "sigma_w2"), (sigma_b2, "sigma_b2")):
        _non_negative(value, name)
    _int_at_least(depth, 0, "depth")
    trajectory = [q0]
    for _ in range(depth):
        trajectory.append(mean_field_step(phi, trajectory[-1], sigma_w2, sigma_b2))
    return trajectory


# ---------------------------------------------------------------- ReLU under He init (I3, I5)


def relu_gaussian_moments(q: float) -> dict[str, float]:
    """Mean, second moment and variance of relu(h) for h ~ N(0, q) (I3):
    sqrt(q / (2 pi)), q / 2 and q (1/2 - 1/(2 pi)). The second moment is halved for any
    symmetric h; the variance is not."""
    _non_negative(q, "q")
    return {
        "mean": math.sqrt(q / (2 * math.pi)),
        "second_moment": q / 2,
        "variance": q * (0.5 - 1 / (2 * math.pi)),
    }


@dataclass(frozen=True)
class HeReluDrift:
    """The distribution, across random networks, of R_L = A_L / A_0: the mean square of one
    input's post-ReLU activations after L layers over that of the input (I5).

    Derivation. In a layer of width n with weights N(0, 2/n) and no bias, given the
    previous layer's activations a (mean square A), each pre-activation h_i = sum_j W_ij a_j
    is exactly N(0, 2A), independently over i. ReLU keeps the K positive ones,
    K ~ Binomial(n, 1/2), so the next mean square is A' = (1/n) sum_i relu(h_i)^2 =
    A * Y with Y = (2/n) * chi^2_K, and the factors Y of successive layers are independent
    and identically distributed. Hence R_L = Y_1 ... Y_L:

    * E[Y] = 1, so E[R_L] = 1 at every width and depth: He init keeps the mean exactly.
    * Var(Y) = 5/n, so Var(R_L) = (1 + 5/n)^L - 1: the spread grows with depth.
    * log R_L is a sum of L independent log Y, so its mean is L * E[log Y] (about
      -5L/(2n)) and its variance L * Var(log Y) (about 5L/n); the median network therefore
      shrinks like exp(L E[log Y]) while the mean stays 1. The cumulants of log Y are
      exact: given K, log chi^2_K has cumulants psi(K/2) + log 2, psi'(K/2), psi''(K/2),
      psi'''(K/2) (digamma and its derivatives), mixed over K through the central moments
      (law of total cumulance).
    * K = 0 (probability 2^-n per layer) kills the network (Y = 0). ``mean`` and
      ``variance`` include it; the log cumulants and ``median`` are those of log R_L given
      that no layer has K = 0 (probability (1 - 2^-n)^L), i.e. of K ~ Binomial(n, 1/2)
      conditioned on K >= 1 in every layer.
    """

    width: int
    depth: int
    log_mean: float
    log_variance: float
    log_third_cumulant: float
    log_fourth_cumulant: float

    @property
    def mean(self) -> float:
        return 1.0

    @property
    def variance(self) -> float:
        return (1 + 5 / self.width) ** self.depth - 1

    @property
    def median(self) -> float:
        """exp of the median of log R_L (given survival) to first order in the skewness
        (Cornish-Fisher): log_mean - skewness * sd / 6; the next terms are of order
        sd / L^(3/2)."""
        sd = math.sqrt(self.log_variance)
        skewness = self.log_third_cumulant / sd**3
        return math.exp(self.log_mean - skewness * sd / 6)


def he_relu_drift(width: int, depth: int) -> HeReluDrift:
    """The law of :class:`HeReluDrift` for this width and depth (both >= 1)."""
    _int_at_least(width, 1, "width")
    _int_at_least(depth, 1, "depth")
    k = np.arange(1, width + 1)
    weights = stats.binom.pmf(k, width, 0.5)
    weights = weights / weights.sum()
    # log Y = log(2/n) + log chi^2_K, cumulants of log chi^2_K given K
    mean_given = special.digamma(k / 2) + math.log(2) + math.log(2 / width)
    var_given = special.polygamma(1, k / 2)
    third_given = special.polygamma(2, k / 2)
    fourth_given = special.polygamma(3, k / 2)
    mean = float(weights @ mean_given)
    c = mean_given - mean
    # central moments of the mixture (the third is also its third cumulant)
    variance = float(weights @ (var_given + c**2))
    third = float(weights @ (third_given + 3 * var_given * c + c**3))
    fourth_moment = weights @ (
        fourth_given + 3 * var_given**2 + 4 * third_given * c + 6 * var_given * c**2 + c**4
    )
    fourth = float(fourth_moment) - 3 * variance**2
    return HeReluDrift(width, depth, depth * mean, depth * variance, depth * third, depth * fourth)
