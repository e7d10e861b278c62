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

import weakref

import numpy as np
import pytest
import torch

from dlspec import propagation, timing

from .support import Both

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


# interleaved pairs behind the README's tracer-versus-bare-loop figure: enough that the
# bootstrap interval of the ratio is a few percent wide on a quiet machine
PAIRS = 30


@pytest.mark.bench
def test_the_tracer_against_the_bare_loop_timed_interleaved(benchmark, device, rng, request):
    """The tracer's cost over the bare loop of matrix multiply and ReLU, at the reference
    shape (width 1024, batch 1024, depth 30): the two are timed alternately, ``PAIRS``
    times, with a clock that waits for the device, and ``extra_info`` keeps the ratio of the
    median times with its 95% bootstrap interval over the pairs
    (:func:`dlspec.timing.ratio_of_medians`). Untimed (the normal suite) it runs two pairs
    at a small shape, only to check that the measurement works; ``--spec-bench-small`` times
    it at a middle shape, to rehearse the pipeline (``.ci/gpu --cpu-rehearsal``)."""
    timed = not benchmark.disabled
    if not timed:
        width, batch, depth = 64, 64, 3
    elif request.config.getoption("spec_bench_small"):
        width, batch, depth = 256, 256, 10
    else:
        width, batch, depth = 1024, 1024, 30
    benchmark.group = f"tracer / bare loop, width {width}, batch {batch}, depth {depth}"
    layers = relu_stack(width, depth, rng, device)
    inputs = torch.randn(batch, width, generator=rng, device=device)

    def measure():
        return timing.interleaved(
            lambda: bare_loop(layers, inputs),
            lambda: propagation.trace(layers, inputs),
            PAIRS if timed else 2,
            timing.clock(device),
        )

    bare, traced = benchmark.pedantic(measure, rounds=1, iterations=1)
    ratio = timing.ratio_of_medians(traced, bare)
    benchmark.extra_info.update(
        {
            "tracer / bare loop": ratio.value,
            "interval low": ratio.low,
            "interval high": ratio.high,
            "confidence": ratio.confidence,
            "pairs": ratio.pairs,
            "bare loop median s": float(np.median(bare)),
            "GFLOP/s (bare loop)": 2 * batch * width * width * depth / float(np.median(bare)) / 1e9,
        }
    )
    assert ratio.low <= ratio.value <= ratio.high, f"the interval does not hold its ratio: {ratio}"


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
    evidence.record(
        Both("layer outputs alive after a streaming trace", "流式追踪之后仍然存活的层输出个数"),
        streamed,
        0,
        key=False,
        params={"width": 64, "depth": 20},
    )
    assert streamed == 0, f"layer outputs alive after a streaming trace: {streamed}, expected 0"
    assert len(kept.outputs) == len(layers), (
        f"outputs kept with keep=True: {len(kept.outputs)}, expected {len(layers)}"
    )
