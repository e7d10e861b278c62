"""Helpers shared by the spec tests (not tests themselves)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import settings
from hypothesis import strategies as st
from scipy import special, stats

from dlspec import testing
from dlspec.harness.translations import Both

__all__ = ["Both"]  # the spec's tests write their report texts in both languages with it

SEEDS = st.integers(min_value=0, max_value=2**63 - 1)


def tolerance(impl, float64: float, float32: float) -> float:
    """The tolerance of a check on float64 arithmetic: ``float64`` for an implementation that
    computes in float64, ``float32`` for one whose arithmetic rounds to float32
    (``Capabilities.float64_arithmetic``); dlspec's and PyTorch's are never loosened."""
    return float64 if impl.capabilities.float64_arithmetic else float32


def unit_roundoff(impl, dtype: torch.dtype) -> float:
    """Half the machine epsilon of the arithmetic ``impl`` performs on ``dtype`` tensors."""
    if dtype == torch.float64 and not impl.capabilities.float64_arithmetic:
        dtype = torch.float32
    return torch.finfo(dtype).eps / 2


def raises_naming_the_problem(call, error, message) -> None:
    """``call()`` raises ``error`` with a message matching the regular expression
    ``message``; for tests marked ``bad_input``, which check the interface, not a claim."""
    with pytest.raises(error, match=message):
        call()


def kurtosis_false_failure(excess_kurtosis: float) -> float:
    """The false-failure probability to pass to ``testing.variance`` for samples that are
    not Gaussian but have this excess kurtosis, so that a right prediction still fails with
    probability <= 1e-6.

    The mean of n squared deviations has variance (2 + excess) sigma^4 / n instead of
    2 sigma^4 / n, so (normal approximation of the statistic) the Gaussian interval must
    reach sqrt(1 + excess / 2) times further: z' = z_(1e-6/2) sqrt(1 + excess / 2).
    """
    z = stats.norm.isf(testing.FALSE_FAILURE / 2) * math.sqrt(1 + max(excess_kurtosis, 0) / 2)
    return float(2 * stats.norm.sf(z))


def per_example_false_failure() -> float:
    """The false-failure budget of one hypothesis example: 1e-6 shared by all the examples
    the active profile may run, so that the whole test stays below 1e-6."""
    return testing.FALSE_FAILURE / settings.default.max_examples


def reinitialise(module: torch.nn.Module, generator: torch.Generator) -> torch.nn.Module:
    """Overwrite every parameter with uniform values on [-1/sqrt(fan_in), 1/sqrt(fan_in)]
    drawn from ``generator``, so that results never depend on the global random state."""
    with torch.no_grad():
        for parameter in module.parameters():
            fan_in = parameter.shape[-1] if parameter.dim() > 1 else parameter.numel()
            bound = 1 / math.sqrt(fan_in)
            fresh = torch.rand(
                parameter.shape,
                generator=generator,
                device=parameter.device,
                dtype=parameter.dtype,
            )
            parameter.copy_((2 * fresh - 1) * bound)
    return module


def floats(width: int, **bounds: float) -> st.SearchStrategy[float]:
    """Finite floats representable at ``width`` bits (32 or 64)."""
    return st.floats(allow_nan=False, allow_infinity=False, width=width, **bounds)


DTYPES = {32: torch.float32, 64: torch.float64}
F64 = torch.float64


# numpy versions of the smooth activations, for the mean-field predictions of dlspec.theory
NUMPY = {
    "sigmoid": special.expit,
    "tanh": np.tanh,
    "scaled_sigmoid": lambda h: 2 * np.tanh(h / 2),
}


def xavier_layers(impl, n_in, n_out, copies, generator, device):
    """``copies`` independent Xavier-normal (n_in -> n_out) layers stacked as one Linear."""
    std = math.sqrt(2 / (n_in + n_out))
    layer = impl.nn.Linear(n_in, n_out * copies, bias=False, device=device, dtype=F64)
    with torch.no_grad():
        layer.weight.copy_(
            torch.randn(layer.weight.shape, generator=generator, device=device, dtype=F64) * std
        )
    return layer


def second_moments(phi, width, depth, networks, generator, device, sigma_w2=1.0):
    """Push one N(0, I) input through ``networks`` independent Xavier-square stacks.

    Returns the pre-activations of every layer standardised by the exact conditional law
    (h_l given layer l-1 is N(0, sigma_w2 * a_{l-1}) with a = mean of phi(h_{l-1})^2; a_0 the
    input's mean square), the same standardised by the claim's law (variance carried
    unchanged: the previous pre-activations' mean square instead of a), and the per-layer
    second moments m_l, shape (depth, networks).
    """
    signal = torch.randn(networks, width, generator=generator, device=device, dtype=F64)
    carried = produced = (signal**2).mean(dim=1)
    exact, claimed, moments = [], [], []
    for _ in range(depth):
        weights = torch.randn(
            networks, width, width, generator=generator, device=device, dtype=torch.float32
        ).to(F64) * math.sqrt(sigma_w2 / width)
        pre = torch.bmm(weights, signal.unsqueeze(2)).squeeze(2)
        exact.append(pre / torch.sqrt(sigma_w2 * produced).unsqueeze(1))
        claimed.append(pre / torch.sqrt(sigma_w2 * carried).unsqueeze(1))
        moments.append((pre**2).mean(dim=1))
        signal = phi(pre)
        carried, produced = moments[-1], (signal**2).mean(dim=1)
    return torch.cat(exact), torch.cat(claimed), torch.stack(moments)
