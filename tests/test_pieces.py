"""The table of the pieces each claim uses (CONTRIBUTING.md), measured by
``dlspec.harness.pieces``: its recorder on its own, and the table against a fresh run."""

from __future__ import annotations

import sys
from pathlib import Path

import processes
import pytest
import torch

from dlspec.harness import pieces
from dlspec.harness.impls import REGISTRY

ROOT = Path(__file__).resolve().parents[1]


def test_the_recorder_names_every_argument_of_a_call_and_changes_nothing(monkeypatch) -> None:
    monkeypatch.setattr(pieces, "CALLS", {})
    monkeypatch.setenv("PYTEST_CURRENT_TEST", "spec/test_x.py::test_y (call)")
    recorded = pieces.recording(REGISTRY["torch"])
    layer = recorded.nn.Linear(3, 2, bias=False, dtype=torch.float64)
    assert isinstance(layer, torch.nn.Linear) and type(layer).__name__ == "Linear"
    optimiser = recorded.optim.Adam(layer.parameters(), 0.1, eps=1e-6)
    assert isinstance(optimiser, torch.optim.Adam) and optimiser.defaults["eps"] == 1e-6
    x = torch.tensor([-1.0, 2.0])
    assert torch.equal(recorded.relu(x), torch.relu(x))
    # torch.relu is a builtin whose signature Python cannot read: its argument is a '*'
    expected = {
        "spec/test_x.py::test_y": {
            "nn.Linear": {("in_features", "out_features", "bias", "dtype")},
            "optim.Adam": {("params", "lr", "eps")},
            "relu": {("*",)},
        }
    }
    assert expected == pieces.CALLS


def test_the_table_lists_each_claim_with_the_union_of_its_tests_arguments(monkeypatch) -> None:
    monkeypatch.setattr(
        pieces,
        "CALLS",
        {
            "a": {"optim.SGD": {("params", "lr"), ("params", "lr", "momentum")}},
            "c": {"nn.Sequential": {("*args",)}},
            "b": {"nn.Dropout": {("p",)}},
        },
    )
    table = pieces.table({"a": ["R3", "A5"], "b": ["R1"], "c": ["R1"]}).splitlines()
    assert "| R3 | `optim.SGD(params, lr, momentum)` |" in table
    assert "| A5 | `optim.SGD(params, lr, momentum)` |" in table
    assert "| R1 | `nn.Dropout(p)`, `nn.Sequential(*args)` |" in table
    assert "| T1 | none: theory and algebra only |" in table


@pytest.mark.slow
@pytest.mark.whole_spec
def test_contributing_s_pieces_table_is_the_one_a_fresh_run_measures() -> None:
    done = processes.run(
        [sys.executable, "-m", "dlspec.harness.pieces", "--check", "CONTRIBUTING.md"], ROOT
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
