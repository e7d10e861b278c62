"""The PaddlePaddle adapter (dlspec/adapters/paddle/) as an implementation: its loading, its
bad input, and the whole spec run against it, checked against the README's column.

Skipped where the ``paddle`` extra is not installed; CI installs it (.ci/install)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

paddle_adapter = pytest.importorskip("dlspec.adapters.paddle", exc_type=ImportError)
from conformance import ROOT, whole_spec_agrees  # noqa: E402

from dlspec.adapters.paddle.framework import paddle  # noqa: E402
from dlspec.harness import impls  # noqa: E402

PADDLE = paddle_adapter.IMPLEMENTATION


def test_impl_paddle_is_registered_on_demand_with_its_install_command() -> None:
    target, install = impls.OPTIONAL["paddle"]
    assert target == "dlspec.adapters.paddle:IMPLEMENTATION"
    assert install == "pip install -e '.[paddle]'"


def test_impl_paddle_without_the_extra_is_a_usage_error_naming_the_install(tmp_path: Path) -> None:
    """A Python where ``import paddle`` fails: ``--impl paddle`` must say how to install it."""
    (tmp_path / "paddle.py").write_text("raise ImportError('no paddle in this Python')\n")
    command = [
        sys.executable, "-m", "pytest", "spec/test_tensors.py", "-q", "-p", "no:randomly",
        "-p", "no:cacheprovider", "--impl", "paddle", "--collect-only",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 4, done.stdout[-2000:] + done.stderr[-2000:]  # a usage error
    assert "--impl paddle: its adapter cannot be imported" in done.stderr, done.stderr[-2000:]
    assert "pip install -e '.[paddle]'" in done.stderr, done.stderr[-2000:]


def test_a_paddle_tensor_given_to_a_layer_is_an_error_naming_paddle() -> None:
    layer = PADDLE.nn.Linear(3, 2)
    with pytest.raises(TypeError, match=r"PaddlePaddle tensor where a torch\.Tensor is expected"):
        layer(paddle.ones([1, 3]))


def test_an_optimiser_without_parameters_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="empty parameter list"):
        PADDLE.optim.Adam([])


def test_a_tensor_on_a_device_paddle_lacks_is_an_error_naming_the_device() -> None:
    layer = PADDLE.nn.Linear(3, 2, device="meta")  # torch's skip_init builds there
    with pytest.raises(ValueError, match=r"PaddlePaddle has no device 'meta'"):
        layer(torch.ones(1, 3, device="meta"))


@pytest.mark.slow
@pytest.mark.whole_spec
def test_the_whole_spec_runs_against_paddle_and_agrees_with_the_readme(tmp_path: Path) -> None:
    """`pytest spec/ --impl paddle` without the experiment's arms (see the next test): no
    claim fails or goes untested, every difference is declared, and the README's PaddlePaddle
    column and the report's matrix are this run's (tests/conformance.py)."""
    whole_spec_agrees(tmp_path, PADDLE, "PaddlePaddle", "-m", "not experiment_arms")


@pytest.mark.outside_ci
def test_the_experiment_s_arms_hold_for_paddle_as_the_readme_says(tmp_path: Path) -> None:
    """The tests that train the overfitting experiment's arms, under Paddle: about eight
    minutes of CPU, since Paddle's networks train one at a time. Every one of them passes,
    so they leave the README's column as the run without them has it."""
    run = whole_spec_agrees(tmp_path, PADDLE, "PaddlePaddle", "-n", "2")
    arms = {
        t["nodeid"]: t["outcome"] for c in run["claims"] for t in c["tests"]
        if t["implementation"] == "paddle" and "-cpu" in t["nodeid"]
        and any(name in t["nodeid"] for name in ARMS)
    }  # fmt: skip
    assert len(arms) == 7 and set(arms.values()) == {"passed"}, arms


# the tests that train the experiment's arms (test_every_comparison_has_at_least_the_design_
# effect_on_ten_times_more_data trains ten times as much and is slow: --spec-slow runs it)
ARMS = (
    "test_the_unregularised_network_fits_the_noise_of_its_training_points",
    "test_on_noisy_data_each_regulariser_lowers_the_held_out_error",
    "test_on_nearly_noiseless_data_a_regulariser_raises_the_held_out_error",
    "test_weight_decay_gives_smaller_weights_and_a_smoother_curve",
)
