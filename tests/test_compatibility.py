"""``.ci/compatibility.py``, which compares the release matrix's reports: its table of
statuses, its list of failures, and which evidence changes it reports."""

from __future__ import annotations

import copy
import json
import runpy
import sys
from pathlib import Path
from typing import Any

import pytest

from dlspec import claims

SCRIPT = Path(__file__).resolve().parents[1] / ".ci" / "compatibility.py"


def record(claim: str, name: str, measured: Any, tolerance: Any) -> dict[str, Any]:
    return {
        "claim": claim,
        "name": name,
        "measured": measured,
        "predicted": 0,
        "tolerance": tolerance,
        "key": True,
        "role": "precise",
        "examples": 1,
        "test": f"spec/test_x.py::test_{claim}[torch]",
    }


def report(version: str) -> dict[str, Any]:
    entries = []
    for claim in claims.CLAIMS:
        entries.append(
            {
                "id": claim.id,
                "title": claim.title,
                "tests": [
                    {"nodeid": f"spec/test_x.py::test_{claim.id}[torch]", "outcome": "passed"}
                ],
                "evidence": [],
                "implementations": {"torch": {"status": "passed", "deviations": [], "absent": []}},
            }
        )
    environment = {"torch": version, "python": "3.11.7", "spec_seed": 0}
    return {"environment": environment, "claims": entries, "other_tests": {}}


def compare(tmp_path: Path, reports: list[dict[str, Any]]) -> str:
    for run in reports:
        (tmp_path / f"torch-{run['environment']['torch']}.json").write_text(json.dumps(run))
    output = tmp_path / "compatibility.md"
    argv = sys.argv
    sys.argv = [str(SCRIPT), str(tmp_path), str(output)]
    try:
        runpy.run_path(str(SCRIPT), run_name="__main__")
    finally:
        sys.argv = argv
    return output.read_text()


def test_releases_are_ordered_by_version_and_a_failure_is_listed(tmp_path: Path) -> None:
    old, new = report("2.10.0"), report("2.9.1+cpu")
    old["claims"][0]["implementations"]["torch"]["status"] = "failed"
    old["claims"][0]["tests"][0]["outcome"] = "failed"
    text = compare(tmp_path, [old, new])
    header = next(line for line in text.splitlines() if line.startswith("| claim |"))
    assert header == "| claim | 2.9.1+cpu | 2.10.0 |", header
    first = claims.CLAIMS[0]
    assert f"| {first.id} {first.title} | passed | failed |" in text, text
    assert f"- torch 2.10.0: `spec/test_x.py::test_{first.id}[torch]` failed" in text, text


@pytest.mark.parametrize(
    ("before", "after", "tolerance", "reported"),
    [
        (1.0, 1.05, 0.1, False),  # within a numeric tolerance
        (1.0, 1.2, 0.1, True),  # beyond it
        (0.5, 0.52, "[0.45, 0.55] (chi-square)", False),  # within half the interval
        (0.5, 0.56, "[0.45, 0.55] (chi-square)", True),  # beyond it
        (3, 3, "exact", False),
        (3, 4, "exact", True),
        ("[20, 1]", "[20, 1]", "exact", False),
        ("ValueError", "RuntimeError", "exact", True),
        (1.0, 1.0 + 2e-16, "2 ulp", False),  # within two units in the last place
        (1.0, 1.0 + 1e-15, "2 ulp", True),
        (2.0, 2.0 + 1e-12, "1e-12 rel", False),  # a leading number, relative to the size
        (2.0, 2.0 + 1e-11, "1e-12 rel", True),
        (1.4, 1.2, "[0.3, inf] (one-sided t-test)", False),  # less than its margin of 1.1
        (1.4, 0.2, "[0.3, inf] (one-sided t-test)", True),
        (0.5, 0.6, "<= 1", True),  # a bound: any change of the value is shown
    ],
)
def test_an_evidence_change_is_reported_only_beyond_its_tolerance(
    tmp_path: Path, before: Any, after: Any, tolerance: Any, reported: bool
) -> None:
    first, second = report("2.4.0"), report("2.5.0")
    second = copy.deepcopy(second)
    first["claims"][3]["evidence"] = [record(first["claims"][3]["id"], "q", before, tolerance)]
    second["claims"][3]["evidence"] = [record(second["claims"][3]["id"], "q", after, tolerance)]
    text = compare(tmp_path, [first, second])
    shown = f"| 2.4.0: {before} | 2.5.0: {after} |" in text
    assert shown == reported, (
        f"{before} -> {after} (tolerance {tolerance}) reported: {shown}\n{text}"
    )
