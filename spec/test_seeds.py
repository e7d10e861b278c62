"""R5: what torch.manual_seed(42) guarantees, and what a controlled comparison needs besides.

These tests call torch.manual_seed on purpose, as the knowledge base's reader would; the
autouse fixture of spec/conftest.py restores PyTorch's generators afterwards.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import torch
from support import F64

from dlspec import experiments


def knowledge_base_run(impl, use_dropout, device, steps=30):
    """The knowledge base's recipe: global seed, build from a list, data from torch.randn,
    Adam. Returns the initial weights, the final weights and a noise draw made afterwards."""
    layers = [impl.nn.Linear(1, 100), impl.nn.ReLU()]
    if use_dropout:
        layers.append(impl.nn.Dropout(0.2))
    layers.append(impl.nn.Linear(100, 1))
    model = impl.nn.Sequential(*layers).to(device=device, dtype=F64)
    initial = [p.detach().clone() for p in model.parameters()]
    x = torch.linspace(-1, 1, 12, device=device, dtype=F64).unsqueeze(1)
    y = x**2 + 0.5 * torch.randn(x.shape, device=device, dtype=F64)
    optimiser = impl.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(steps):
        optimiser.zero_grad()
        ((model(x) - y) ** 2).mean().backward()
        optimiser.step()
    after = torch.randn(100, device=device, dtype=F64)  # e.g. fresh validation noise
    return initial, [p.detach().clone() for p in model.parameters()], after


def identical(first, second):
    return all(torch.equal(a, b) for a, b in zip(first, second, strict=True))


@pytest.mark.claim("R5")
@pytest.mark.parametrize("use_dropout", [False, True], ids=["plain", "dropout"])
def test_reseeding_makes_the_same_cpu_run_bit_for_bit_reproducible(impl, evidence, use_dropout):
    runs = []
    for _ in range(2):
        torch.manual_seed(42)
        runs.append(knowledge_base_run(impl, use_dropout, "cpu"))
    assert all(identical(a, b) for a, b in zip(*runs, strict=True))
    evidence.record("bits that differ between two seeded CPU runs", 0, 0)


@pytest.mark.claim("R5", counterexample=True)
def test_seeding_once_gives_the_second_arm_other_initial_weights(impl, evidence):
    torch.manual_seed(42)
    first = knowledge_base_run(impl, False, "cpu")
    second = knowledge_base_run(impl, True, "cpu")  # the compared arm, run next
    difference = max((a - b).abs().max().item() for a, b in zip(first[0], second[0], strict=True))
    assert difference > 0.1
    evidence.record(
        "max |initial weights of arm 2 - arm 1|, seeded once", difference, 0.0, role="claim"
    )


@pytest.mark.claim("R5", counterexample=True)
def test_reseeded_arms_still_diverge_after_dropout_consumes_random_numbers(impl, evidence):
    arms = []
    for use_dropout in (False, True):
        torch.manual_seed(42)
        arms.append(knowledge_base_run(impl, use_dropout, "cpu"))
    (initial_a, _, after_a), (initial_b, _, after_b) = arms
    assert identical(initial_a, initial_b)  # Dropout has no parameters: same initial weights
    shifted = (after_a - after_b).abs().max().item()
    assert shifted > 0.1
    evidence.record(
        "max |noise drawn after training, with - without dropout|, both seeded with 42",
        shifted,
        0.0,
        role="claim",
    )


@pytest.mark.claim("R5")
def test_manual_seed_leaves_numpy_and_python_random_alone(evidence):
    numpy_before, python_before = np.random.get_state(), random.getstate()
    torch.manual_seed(42)
    numpy_after, python_after = np.random.get_state(), random.getstate()
    assert all(
        np.array_equal(a, b) if isinstance(a, np.ndarray) else a == b
        for a, b in zip(numpy_before, numpy_after, strict=True)
    )
    assert python_before == python_after
    evidence.record("NumPy and Python generator states changed by torch.manual_seed", 0, 0)


@pytest.mark.claim("R5")
def test_a_generator_per_source_makes_arms_differ_only_in_the_regulariser(
    impl, device, derive_seed, evidence
):
    seeds = {"data_seeds": [derive_seed("data")], "init_seeds": [derive_seed("init")]}
    arms = [
        experiments.run(
            experiments.Setting(steps=5, dropout=p),
            **seeds,
            dropout_seed=derive_seed("masks"),
            nn=impl.nn,
            optim=impl.optim,
            device=device,
        )
        for p in (None, 0.5)
    ]
    plain, dropout = arms
    assert torch.equal(plain.y_train, dropout.y_train)
    assert identical(plain.initial.values(), dropout.initial.values())
    assert not torch.equal(plain.curves, dropout.curves)  # the one difference: the masks
    evidence.record("data and initial weights equal in both arms", True, True)


DETERMINISTIC_RUN = textwrap.dedent(
    """
    import hashlib, torch
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(42)
    model = torch.nn.Sequential(
        torch.nn.Linear(64, 256), torch.nn.ReLU(), torch.nn.Dropout(0.2), torch.nn.Linear(256, 1)
    ).cuda()
    x, y = torch.randn(512, 64, device="cuda"), torch.randn(512, 1, device="cuda")
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(50):
        optimiser.zero_grad()
        ((model(x) - y) ** 2).mean().backward()
        optimiser.step()
    digest = hashlib.sha256()
    for p in model.parameters():
        digest.update(p.detach().cpu().numpy().tobytes())
    print(digest.hexdigest())
    """
)


def cuda_run():
    # a fresh process each time: CUBLAS_WORKSPACE_CONFIG, which PyTorch versions before
    # late 2025 required in deterministic mode, is read when cuBLAS starts
    environment = {**os.environ, "CUBLAS_WORKSPACE_CONFIG": ":4096:8"}
    return subprocess.run(
        [sys.executable, "-c", DETERMINISTIC_RUN],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.cuda
@pytest.mark.claim("R5")
def test_cuda_runs_are_bitwise_reproducible_with_deterministic_algorithms(evidence):
    runs = [cuda_run() for _ in range(2)]
    for run in runs:
        assert run.returncode == 0, run.stderr
    assert runs[0].stdout == runs[1].stdout
    evidence.record(
        "sha256 of the parameters after 50 steps, run 2 (run 1 predicted)",
        runs[1].stdout.strip()[:16],
        runs[0].stdout.strip()[:16],
    )
