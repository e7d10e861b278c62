"""One real run of the whole spec, shared by the tests that read its report: the JSON and
both language pages, written by that one run (``--spec-lang en,zh``).

It runs the spec against PyTorch alone: every claim and every quantity, figure and snippet
is there, at half the cost of the default two implementations, and with fewer hypothesis
examples than CI's profile asks of the spec itself. The tests that use it carry
``xdist_group("full-run")`` so that, with ``--dist loadgroup``, one worker makes it once."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
GROUP = pytest.mark.xdist_group("full-run")


@dataclass(frozen=True)
class FullRun:
    folder: Path
    run: dict[str, Any]
    pages: dict[str, Path]  # language -> the page

    def page(self, lang: str) -> str:
        return self.pages[lang].read_text(encoding="utf-8")


def load(folder: Path) -> FullRun:
    """A run made before, with ``--spec-lang en,zh --spec-report report.html --spec-json
    run.json`` in ``folder``: DLSPEC_FULL_RUN=folder checks it instead of making one (for
    the README's screenshots, of a run of both implementations)."""
    pages = {"en": folder / "report.html", "zh": folder / "report.zh.html"}
    return FullRun(folder, json.loads((folder / "run.json").read_text()), pages)


def make(folder: Path) -> FullRun:
    report, data = folder / "report.html", folder / "run.json"
    command = [sys.executable, "-m", "pytest", "spec/", "-p", "no:randomly", "-q", "-n", "2"]
    # the report needs every record, not many examples of each: hypothesis's dev profile
    # (20 examples) with a fixed seed takes half the ci profile's time, reproducibly
    command += ["--hypothesis-profile", "dev", "--hypothesis-seed", "0"]
    command += ["--impl", "torch", "--spec-lang", "en,zh"]
    command += ["--spec-report", str(report), "--spec-json", str(data)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return load(folder)
