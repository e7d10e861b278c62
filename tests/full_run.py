"""One real run of the whole spec, shared by the tests that read its report (marker
``full_run``): the JSON and both language pages, written by that one run
(``--spec-lang en,zh``).

CI reads the report of its own run of the spec (``.ci/test``, through DLSPEC_FULL_RUN).
Elsewhere the first test that needs it makes one: the spec against PyTorch alone (every
claim and every quantity, figure and snippet is there, at half the cost of the default two
implementations) with fewer hypothesis examples than CI's profile asks of the spec itself;
xdist workers wait for it on a file lock and share it."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock

ROOT = Path(__file__).resolve().parents[1]


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
    folder = folder.resolve()  # a browser opens the pages by their file: address
    pages = {"en": folder / "report.html", "zh": folder / "report.zh.html"}
    return FullRun(folder, json.loads((folder / "run.json").read_text()), pages)


def shared(root: Path) -> FullRun:
    """The run in ``root/full-run``, made by whichever process gets there first."""
    folder, done = root / "full-run", root / "full-run" / "done"
    with FileLock(str(root / "full-run.lock")):
        if not done.exists():
            folder.mkdir(exist_ok=True)
            make(folder)
            done.touch()
    return load(folder)


def make(folder: Path) -> FullRun:
    report, data = folder / "report.html", folder / "run.json"
    command = [sys.executable, "-m", "pytest", "spec/", "-p", "no:randomly", "-q", "-n", "2"]
    # the report needs every record, not many examples of each: the quick profile (the ci
    # profile's fixed draws, 10 of them) takes a fraction of its time, reproducibly
    command += ["--hypothesis-profile", "quick"]
    command += ["--impl", "torch", "--spec-lang", "en,zh"]
    command += ["--spec-report", str(report), "--spec-json", str(data)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return load(folder)
