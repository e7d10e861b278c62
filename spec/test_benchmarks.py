"""Benchmarks (pytest-benchmark): the cost of each activation and of one optimiser step, per
implementation and device.

They run once, untimed, in the normal suite (``--benchmark-disable`` in pyproject) and are
timed with ``pytest spec/test_benchmarks.py --benchmark-enable`` (or ``tox -e bench``).
Compare rows of one run: the table's ratios are meaningful, absolute times on a shared
machine are not. No test asserts a time; the benchmarks (marked ``bench``) are no evidence
for a claim. The last test is not a benchmark: it checks the tracer's memory (I5).

The propagation rows time dlspec's tracer over a fixed stack of torch.nn layers: the tracer
is a measuring instrument, the same for every implementation, so it is timed once.
"""

from __future__ import annotations

import math
import weakref

import pytest
import torch

from dlspec import propagation

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


@pytest.mark.bench
@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh"])
def test_activation_throughput(benchmark, impl, device, rng, name):
    benchmark.group = f"activation on 2^20 floats, {device.type}"
    inputs = torch.randn(2**20, generator=rng, device=device)
    result = benchmark(synchronised(getattr(impl, name), device), inputs)
    torch.testing.assert_close(
        result,
        REFERENCE[name](inputs),
        msg=lambda mismatch: f"{name} on 2^20 floats against torch.{name}: {mismatch}",
    )


@pytest.mark.bench
@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW"])
def test_optimiser_step_throughput(benchmark, impl, device, rng, name):
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
    torch.testing.assert_close(
        parameter.detach(),
        reference.detach(),
        msg=lambda mismatch: (
            f"parameter after {len(steps)} {name} steps against PyTorch's {name}: {mismatch}"
        ),
    )


def relu_stack(width, depth, generator, device):
    """``depth`` He-initialised Linear(width, width) + ReLU blocks without bias."""
    layers = []
    for _ in range(depth):
        linear = torch.nn.Linear(width, width, bias=False, device=device)
        with torch.no_grad():
            linear.weight.normal_(0, (2 / width) ** 0.5, generator=generator)
        layers += [linear, torch.nn.ReLU()]
    return layers


def bare_loop(layers, inputs):
    """What the tracer adds to: matrix multiply and activation, nothing recorded."""
    h = inputs
    with torch.no_grad():
        for layer in layers:
            h = layer(h)
    return h


@pytest.mark.bench
@pytest.mark.parametrize("runner", ["bare loop", "tracer"])
def test_tracer_overhead_against_the_bare_loop(benchmark, device, rng, runner):
    # the reference shape: width 1024, batch 1024, depth 30; compare the two rows
    width, batch, depth = 1024, 1024, 30
    benchmark.group = f"propagation, width {width}, batch {batch}, depth {depth}, {device.type}"
    layers = relu_stack(width, depth, rng, device)
    inputs = torch.randn(batch, width, generator=rng, device=device)
    if runner == "tracer":
        result = benchmark(synchronised(lambda x: propagation.trace(layers, x), device), inputs)
        last = result.forward["second_moment"][-1].item()
    else:
        last = (
            (benchmark(synchronised(lambda x: bare_loop(layers, x), device), inputs) ** 2)
            .mean()
            .item()
        )
    assert math.isfinite(last) and last > 0, (
        f"{runner}: second moment after {depth} layers is {last}, expected finite and > 0"
    )


@pytest.mark.bench
@pytest.mark.parametrize("depth", [10, 40])
@pytest.mark.parametrize("width", [256, 1024])
def test_variance_propagation_throughput(benchmark, device, rng, width, depth):
    batch = 256
    benchmark.group = f"propagation throughput, batch {batch}, {device.type}"
    layers = relu_stack(width, depth, rng, device)
    inputs = torch.randn(batch, width, generator=rng, device=device)
    benchmark(synchronised(lambda x: propagation.trace(layers, x), device), inputs)
    if benchmark.stats:
        seconds = benchmark.stats.stats.mean
        benchmark.extra_info["layers per second"] = depth / seconds
        benchmark.extra_info["GFLOP/s"] = 2 * batch * width * width * depth / seconds / 1e9


@pytest.mark.claim("I5")
def test_the_tracer_keeps_no_layer_output_alive_unless_asked(rng, evidence):
    """The tracer is dlspec's measuring instrument, the same for every implementation, so its
    memory is checked once on fixed torch.nn layers; spec/test_propagation.py checks what it
    records (test_the_tracer_records_the_moments_of_every_output_and_its_gradient)."""
    # memory independent of depth: once traced, no intermediate output is referenced
    layers = relu_stack(64, 20, rng, "cpu")
    alive = []
    hooks = [
        layer.register_forward_hook(lambda module, args, out: alive.append(weakref.ref(out)))
        for layer in layers
    ]
    propagation.trace(layers, torch.randn(8, 64, generator=rng))
    kept = propagation.trace(layers, torch.randn(8, 64, generator=rng), keep=True)
    for hook in hooks:
        hook.remove()
    streamed = sum(ref() is not None for ref in alive[: len(layers)])
    evidence.record("layer outputs alive after a streaming trace", streamed, 0, key=False)
    assert streamed == 0, f"layer outputs alive after a streaming trace: {streamed}, expected 0"
    assert len(kept.outputs) == len(layers), (
        f"outputs kept with keep=True: {len(kept.outputs)}, expected {len(layers)}"
    )
