"""The README's conformance table (claims x frameworks) and the report's matrix, read back
so that each framework's column can be checked against a run of it."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from dlspec.harness.contract import Implementation

ROOT = Path(__file__).resolve().parents[1]

SECTION = "## Does it hold in other frameworks?"


def readme_column(text: str, framework: str) -> dict[str, str]:
    """Claim ID -> the status in the README's column whose heading starts with
    ``framework`` (a cell is "status" or "status: reason")."""
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    heading = [cell.strip() for cell in rows[0].strip().strip("|").split("|")]
    (column,) = [i for i, name in enumerate(heading) if name.startswith(framework)]
    statuses = {}
    for row in rows[1:]:
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        if re.fullmatch(r"[TARI]\d+", cells[0]):
            statuses[cells[0]] = cells[column].split(":", 1)[0]
    return statuses


def report_matrix(html: str, implementation: str) -> dict[str, str]:
    """Claim ID -> the status badge of the report's matrix in ``implementation``'s column."""
    matrix = html.split('<table id="matrix">', 1)[1].split("</table>", 1)[0]
    pattern = (
        rf'href="#claim-(\w+)">\w+</a>.*?data-impl="{re.escape(implementation)}">'
        r'<span class="badge (\w+)"'
    )
    return dict(re.findall(pattern, matrix))


def whole_spec_agrees(
    tmp_path: Path, implementation: Implementation, readme_heading: str, *selection: str
) -> dict[str, Any]:
    """Runs ``pytest spec/ --impl NAME`` (hypothesis's quick profile, the CI profile's first
    10 fixed draws: it asks which tests pass and which deviate as declared; the
    translations have fast tests of their own) and checks it: no claim fails, every claim
    has run tests, every difference is declared, each declared deviation covers exactly
    tests that deviated, and the README's column and the report's matrix are this run's.
    ``selection`` is more pytest arguments (``-m ...``). Returns the run's JSON."""
    name = implementation.name
    out, page = tmp_path / f"{name}.json", tmp_path / f"{name}.html"
    command = [
        sys.executable, "-m", "pytest", "spec/", "-q", "-p", "no:randomly",
        "-p", "no:cacheprovider", "--impl", name, "--hypothesis-profile", "quick",
        "--spec-json", str(out), "--spec-report", str(page), *selection,
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    run = json.loads(out.read_text())
    column = {c["id"]: c["implementations"][name]["status"] for c in run["claims"]}
    assert "failed" not in column.values(), column
    assert "untested" not in column.values(), column
    assert readme_column((ROOT / "README.md").read_text(), readme_heading) == column
    assert report_matrix(page.read_text(), name) == column
    for claim in run["claims"]:
        found = claim["implementations"][name]
        assert (found["status"] == "deviates") == bool(found["deviations"]), claim["id"]
    # each declared deviation covers exactly tests that deviated: none that passed or
    # failed otherwise, and it is not stale (it matches a test of this run)
    tests: dict[str, dict[str, Any]] = {}  # node -> its record; a test of two claims is one
    claims_of: dict[str, list[str]] = {}
    for claim in run["claims"]:
        for test in claim["tests"]:
            if test["implementation"] == name:
                tests[test["nodeid"]] = test
                claims_of.setdefault(test["nodeid"], []).append(claim["id"])
    for kind in run["other_tests"].values():  # interface and speed tests: evidence for no claim
        tests.update({t["nodeid"]: t for t in kind if t.get("implementation") == name})
    for pattern, reason in implementation.deviations.items():
        alone = dataclasses.replace(implementation, deviations={pattern: reason})
        covered = [
            t for node, t in tests.items()
            if alone.deviation(node.split("::")[-1], claims_of.get(node, []))
        ]  # fmt: skip
        assert covered, f"the deviation {pattern!r} matches no test of the run"
        ran = [t for t in covered if t["outcome"] != "skipped"]  # CUDA variants without a GPU
        assert ran, f"the deviation {pattern!r} matches no test that ran"
        wrong = {t["nodeid"]: t["outcome"] for t in ran if t["outcome"] != "deviated"}
        assert not wrong, f"{pattern!r} covers tests that did not deviate: {wrong}"
    undeclared = [n for n, t in tests.items() if t["outcome"] == "deviated" and not t["deviation"]]
    assert not undeclared, undeclared
    return run
