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

from dlspec import experiments

from .support import F64, Both

# the knowledge base's recipe below, for the parameters of a learner's record
RECIPE = {"seed": 42, "optimiser": "Adam", "lr": 0.01, "steps": 30, "width": 100}


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


def differing(first, second):
    """How many elements differ between two equally shaped lists of tensors."""
    return sum(int((a != b).sum()) for a, b in zip(first, second, strict=True))


def every_tensor(run):
    initial, final, after = run
    return [*initial, *final, after]


@pytest.mark.claim("R5")
@pytest.mark.parametrize("use_dropout", [False, True], ids=["plain", "dropout"])
def test_reseeding_makes_the_same_cpu_run_bit_for_bit_reproducible(impl, evidence, use_dropout):
    runs = []
    for _ in range(2):
        torch.manual_seed(42)
        runs.append(knowledge_base_run(impl, use_dropout, "cpu"))
    changed = differing(*map(every_tensor, runs))
    arm = (
        Both("with dropout", "使用丢弃法") if use_dropout else Both("without dropout", "不用丢弃法")
    )
    evidence.record(
        Both(
            f"values that differ between two seeded CPU runs, {arm.en}",
            f"两次播种相同的 CPU 运行之间不同的数值个数，{arm.zh}",
        ),
        changed,
        0,
        # one arm suffices to teach that reseeding reproduces a run
        learner=use_dropout,
        params={**RECIPE, "device": "CPU", **({"p": 0.2} if use_dropout else {})},
    )
    assert changed == 0, f"{changed} values differ between two runs seeded with 42, expected 0"


@pytest.mark.claim("R5", counterexample=True)
def test_seeding_once_gives_the_second_arm_other_initial_weights(impl, evidence):
    torch.manual_seed(42)
    first = knowledge_base_run(impl, False, "cpu")
    second = knowledge_base_run(impl, True, "cpu")  # the compared arm, run next
    difference = max((a - b).abs().max().item() for a, b in zip(first[0], second[0], strict=True))
    evidence.record(
        Both(
            "max |initial weights of arm 2 - arm 1|, seeded once",
            "只播种一次时，方案 2 与方案 1 初始权重之差的最大绝对值",
        ),
        difference,
        0.0,
        role="claim",
        learner=True,
        params={**RECIPE, "p": 0.2},
    )
    assert difference > 0.1, (
        f"max |initial weights of arm 2 - arm 1| = {difference}, expected > 0.1"
    )


@pytest.mark.claim("R5", counterexample=True)
def test_reseeded_arms_still_diverge_after_dropout_consumes_random_numbers(impl, evidence):
    arms = []
    for use_dropout in (False, True):
        torch.manual_seed(42)
        arms.append(knowledge_base_run(impl, use_dropout, "cpu"))
    (initial_a, _, after_a), (initial_b, _, after_b) = arms
    # Dropout has no parameters: same initial weights
    assert identical(initial_a, initial_b), "the reseeded arms start from different weights"
    shifted = (after_a - after_b).abs().max().item()
    evidence.record(
        Both(
            "max |noise drawn after training, with - without dropout|, both seeded with 42",
            "两方案都以 42 播种时，训练后抽取的噪声在使用与不用丢弃法之间之差的最大绝对值",
        ),
        shifted,
        0.0,
        role="claim",
        learner=True,
        params={**RECIPE, "p": 0.2},
    )
    assert shifted > 0.1, (
        f"max |noise after training, with - without dropout| = {shifted}, expected > 0.1"
    )


@pytest.mark.claim("R5")
def test_manual_seed_leaves_numpy_and_python_random_alone(evidence):
    numpy_before, python_before = np.random.get_state(), random.getstate()
    torch.manual_seed(42)
    numpy_after, python_after = np.random.get_state(), random.getstate()
    numpy_kept = all(
        np.array_equal(a, b) if isinstance(a, np.ndarray) else a == b
        for a, b in zip(numpy_before, numpy_after, strict=True)
    )
    kept = {"NumPy": numpy_kept, "random": python_before == python_after}
    changed = [name for name, same in kept.items() if not same]
    evidence.record(
        Both(
            "generators (NumPy, random) changed by torch.manual_seed",
            "被 torch.manual_seed 改变的生成器（NumPy、`random`）个数",
        ),
        len(changed),
        0,
        learner=True,
        params={"seed": 42},
    )
    assert not changed, f"torch.manual_seed changed the state of {changed}, expected neither"


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
            vectorised=impl.capabilities.runs_under_torch_func,
            device=device,
        )
        for p in (None, 0.5)
    ]
    plain, dropout = arms
    changed = differing(
        [plain.y_train, *plain.initial.values()], [dropout.y_train, *dropout.initial.values()]
    )
    evidence.record(
        Both(
            "values of data and initial weights that differ between the arms, with one "
            "generator per source",
            "每个随机来源各用一个生成器时，两方案之间数据与初始权重中不同的数值个数",
        ),
        changed,
        0,
        learner=True,
        params={"steps": 5, "p": 0.5},
    )
    assert torch.equal(plain.y_train, dropout.y_train), "the arms were trained on different data"
    assert identical(plain.initial.values(), dropout.initial.values()), (
        "the arms start from different weights"
    )
    # the one difference: the masks
    assert not torch.equal(plain.curves, dropout.curves), (
        "the arms with and without dropout have identical training curves"
    )


# the implementation is named by the first argument and taken from dlspec's registry, after
# loading the run's --impl-module arguments (the rest), so an outside one is found too
DETERMINISTIC_RUN = textwrap.dedent(
    """
    import hashlib, pathlib, sys, torch
    from dlspec.harness.impls import REGISTRY
    from dlspec.harness.options import load_implementations
    for spec in sys.argv[2:]:
        for loaded in load_implementations(spec, pathlib.Path.cwd()):
            REGISTRY.setdefault(loaded.name, loaded)
    impl = REGISTRY[sys.argv[1]]
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(42)
    model = impl.nn.Sequential(
        impl.nn.Linear(64, 256), impl.nn.ReLU(), impl.nn.Dropout(0.2), impl.nn.Linear(256, 1)
    ).cuda()
    x, y = torch.randn(512, 64, device="cuda"), torch.randn(512, 1, device="cuda")
    optimiser = impl.optim.Adam(model.parameters(), lr=1e-3)
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


def cuda_run(impl, config):
    # a fresh process each time: CUBLAS_WORKSPACE_CONFIG, which PyTorch versions before
    # late 2025 required in deterministic mode, is read when cuBLAS starts
    environment = {**os.environ, "CUBLAS_WORKSPACE_CONFIG": ":4096:8"}
    modules = config.getoption("impl_module") or []
    return subprocess.run(
        [sys.executable, "-c", DETERMINISTIC_RUN, impl.name, *modules],
        cwd=config.invocation_params.dir,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.cuda
@pytest.mark.claim("R5")
def test_cuda_runs_are_bitwise_reproducible_with_deterministic_algorithms(
    impl, evidence, pytestconfig
):
    runs = [cuda_run(impl, pytestconfig) for _ in range(2)]
    for run in runs:
        assert run.returncode == 0, (
            f"the seeded CUDA run exited with {run.returncode}: {run.stderr}"
        )
    first, second = (run.stdout.strip() for run in runs)
    evidence.record(
        Both(
            "sha256 of the parameters after 50 steps, run 2 (run 1 predicted)",
            "50 步后参数的 sha256，第 2 次运行（预测值为第 1 次）",
        ),
        second[:16],
        first[:16],
    )
    assert first == second, f"sha256 of the parameters: run 2 {second}, expected run 1's {first}"
