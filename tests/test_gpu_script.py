"""``.ci/gpu``, the one-command GPU check, rehearsed on the CPU: it refuses a machine
without CUDA in one line, and with ``--cpu-rehearsal`` runs its whole pipeline and writes
every file it promises."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

ROOT = Path(__file__).resolve().parents[1]


def gpu_script(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHON": sys.executable}
    return subprocess.run(
        ["bash", str(ROOT / ".ci" / "gpu"), str(out), *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_without_cuda_the_gpu_script_stops_with_one_clear_line(tmp_path: Path) -> None:
    done = gpu_script(tmp_path / "out")
    assert done.returncode != 0, f"exited 0 without CUDA:\n{done.stdout}"
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "no usable CUDA device" in lines[0], done.stderr
    assert "--cpu-rehearsal" in lines[0], f"the line should say how to rehearse: {lines[0]}"


@pytest.mark.slow
@pytest.mark.whole_spec
def test_the_cpu_rehearsal_runs_the_whole_pipeline_into_its_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    selection = "interleaved or (activation_throughput and relu)"
    done = gpu_script(out, "--cpu-rehearsal", "--", "-k", selection)
    assert done.returncode == 0, f"rehearsal exited {done.returncode}:\n{done.stdout}{done.stderr}"
    promised = ["cuda.json", "cuda.html", "spec.json", "spec.html", "bench.json", "summary.md"]
    missing = [name for name in promised if not (out / name).is_file()]
    assert not missing, f"missing from the output folder: {missing}"
    spec = json.loads((out / "spec.json").read_text())
    assert spec["environment"]["implementations"] == ["dlspec", "torch"], spec["environment"]
    rows = [row["name"] for row in json.loads((out / "bench.json").read_text())["benchmarks"]]
    assert "test_the_tracer_against_the_bare_loop_timed_interleaved[cpu]" in rows, rows
    summary = (out / "summary.md").read_text()
    for expected in ("torch " + torch.__version__, "| benchmarks |", "Failures: none"):
        assert expected in summary, f"summary lacks {expected!r}:\n{summary}"
    assert "tracer / bare loop" in summary and "interval" in summary, summary
