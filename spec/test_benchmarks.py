"""Benchmarks (pytest-benchmark): the cost of each activation and of one optimiser step, per
implementation and device.

They run once, untimed, in the normal suite (``--benchmark-disable`` in pyproject) and are
timed with ``pytest spec/test_benchmarks.py --benchmark-enable`` (or ``tox -e bench``).
Compare rows of one run: the table's ratios are meaningful, absolute times on a shared
machine are not. No test asserts a time.
"""

from __future__ import annotations

import pytest
import torch

REFERENCE = {"relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh}


def synchronised(function, device):
    """pytest-benchmark times the host; on CUDA, wait for the kernel inside the timed call."""
    if device.type != "cuda":
        return function

    def timed(*args):
        result = function(*args)
        torch.cuda.synchronize(device)
        return result

    return timed


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("relu", marks=pytest.mark.claim("A5")),
        pytest.param("sigmoid", marks=pytest.mark.claim("A3")),
        pytest.param("tanh", marks=pytest.mark.claim("A4")),
    ],
)
def test_activation_throughput(benchmark, impl, device, rng, evidence, name):
    benchmark.group = f"activation on 2^20 floats, {device.type}"
    inputs = torch.randn(2**20, generator=rng, device=device)
    result = benchmark(synchronised(getattr(impl, name), device), inputs)
    torch.testing.assert_close(result, REFERENCE[name](inputs))
    evidence.record(f"{name} on 2^20 floats agrees with torch", True, True, "allclose")


@pytest.mark.claim("R3")
@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW"])
def test_optimiser_step_throughput(benchmark, impl, device, rng, evidence, name):
    benchmark.group = f"{name} step on 2^20 parameters, {device.type}"
    start = torch.randn(2**20, generator=rng, device=device)
    gradient = torch.randn(2**20, generator=rng, device=device)

    def stepped(family):
        parameter = start.clone().requires_grad_()
        parameter.grad = gradient
        optimiser = getattr(family, name)([parameter], lr=1e-3, weight_decay=0.01)
        return parameter, optimiser

    parameter, optimiser = stepped(impl.optim)
    steps = []

    def step():
        optimiser.step()
        steps.append(1)

    benchmark(synchronised(step, device))
    reference, reference_optimiser = stepped(torch.optim)
    for _ in steps:  # as many steps as the benchmark took, calibration included
        reference_optimiser.step()
    torch.testing.assert_close(parameter.detach(), reference.detach())
    evidence.record(f"{name}: {impl.name} step agrees with torch.optim", True, True, "allclose")
