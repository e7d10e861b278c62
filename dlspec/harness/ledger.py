"""Gathers each test's outcome and evidence per claim, and renders the verdict table.

Everything arrives through test reports (``user_properties``), so the ledger works the
same in a plain run and on the controller of a ``pytest-xdist`` run.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from typing import Any

from dlspec.claims import CLAIMS, Claim

CLAIMS_KEY = "spec_claims"
EVIDENCE_KEY = "spec_evidence"
PLOTS_KEY = "spec_plots"
STATUSES = ("passed", "failed", "untested")
# what an evidence record's prediction is: the spec's asserted statement, the knowledge
# base's wording (contradicted on a counterexample), or a value shown and not asserted
ROLES = ("precise", "claim", "informative")


def plain(value: Any) -> Any:
    """A JSON-ready form of a measured or predicted value (numbers stay numbers)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if hasattr(value, "item") and getattr(value, "shape", None) == ():  # 0-d tensor or array
        value = value.item()
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else str(number)
    try:
        return float(value)  # sympy numbers and the like
    except (TypeError, ValueError):
        return str(value)


def deviation(record: dict[str, Any]) -> float:
    """How far measured is from predicted, to keep the worst of repeated records."""
    m, p = record["measured"], record["predicted"]
    if m in ("inf", "-inf", "nan"):  # plain() spells non-finite measurements as strings
        return math.inf
    if isinstance(m, (int, float)) and isinstance(p, (int, float)) and not isinstance(m, bool):
        return abs(m - p)
    return 0.0


@dataclass
class TestRecord:
    nodeid: str
    claims: list[str]
    counterexample: bool
    outcome: str = "untested"
    evidence: list[dict[str, Any]] = field(default_factory=list)
    plots: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ClaimResult:
    claim: Claim
    status: str
    note: str
    tests: list[TestRecord]

    def evidence(self) -> list[dict[str, Any]]:
        return [
            {**record, "test": test.nodeid}
            for test in self.tests
            for record in test.evidence
            if record["claim"] == self.claim.id
        ]

    def figures(self) -> dict[str, list[dict[str, Any]]]:
        """This claim's figures, each a list of series; a label recorded by several tests
        (implementations, devices) is drawn once, from the first test in node-id order."""
        figures: dict[str, list[dict[str, Any]]] = {}
        for test in self.tests:
            for series in test.plots:
                if series["claim"] != self.claim.id:
                    continue
                drawn = figures.setdefault(series["figure"], [])
                if all(s["label"] != series["label"] for s in drawn):
                    drawn.append(series)
        return figures

    def key_evidence(self, count: int) -> list[dict[str, Any]]:
        """Up to ``count`` records of distinct names: those of counterexamples first (they
        show where the wording fails), then key records, in test order."""
        counterexamples = {t.nodeid for t in self.tests if t.counterexample}
        ranked = sorted(
            self.evidence(), key=lambda r: (r["test"] not in counterexamples, not r["key"])
        )
        distinct: dict[str, dict[str, Any]] = {}
        for record in ranked:
            distinct.setdefault(record["name"], record)
        return list(distinct.values())[:count]


class Ledger:
    def __init__(self) -> None:
        self.tests: dict[str, TestRecord] = {}

    def add(self, nodeid: str, when: str, outcome: str, properties: list[tuple[str, Any]]) -> None:
        """Fold one phase report (setup, call or teardown) into the test's record."""
        props = dict(properties)
        if CLAIMS_KEY not in props:
            return
        meta = props[CLAIMS_KEY]
        test = self.tests.setdefault(
            nodeid, TestRecord(nodeid, list(meta["ids"]), bool(meta["counterexample"]))
        )
        if EVIDENCE_KEY in props and when == "call":
            test.evidence = list(props[EVIDENCE_KEY])
        if PLOTS_KEY in props and when == "call":
            test.plots = list(props[PLOTS_KEY])
        if outcome == "failed":
            test.outcome = "failed"
        elif outcome == "skipped" and test.outcome != "failed":
            test.outcome = "skipped"
        elif outcome == "passed" and when == "call" and test.outcome == "untested":
            test.outcome = "passed"

    def result(self, claim: Claim) -> ClaimResult:
        tests = sorted(
            (t for t in self.tests.values() if claim.id in t.claims), key=lambda t: t.nodeid
        )
        passed = [t for t in tests if t.outcome == "passed"]
        if any(t.outcome == "failed" for t in tests):
            failed = sum(t.outcome == "failed" for t in tests)
            return ClaimResult(claim, "failed", f"{failed} of {len(tests)} tests failed", tests)
        if not passed:
            why = "no test ran" if tests else "no tests yet"
            return ClaimResult(claim, "untested", why, tests)
        if claim.verdict in ("refined", "refuted"):
            if not any(t.counterexample for t in passed):
                note = f"{claim.verdict}, but no test showing where the wording fails passed"
                return ClaimResult(claim, "untested", note, tests)
            if all(t.counterexample for t in passed):
                note = "only counterexamples passed; the precise statement was not tested"
                return ClaimResult(claim, "untested", note, tests)
        return ClaimResult(claim, "passed", f"{len(passed)} tests passed", tests)

    def results(self) -> list[ClaimResult]:
        return [self.result(claim) for claim in CLAIMS]

    def as_json(self, environment: dict[str, Any]) -> dict[str, Any]:
        return {
            "environment": environment,
            "claims": [
                {
                    "id": r.claim.id,
                    "module": r.claim.module,
                    "title": r.claim.title,
                    "verdict": r.claim.verdict,
                    "status": r.status,
                    "note": r.note,
                    "statement": r.claim.statement,
                    "precise": r.claim.precise,
                    "tests": [{"nodeid": t.nodeid, "outcome": t.outcome} for t in r.tests],
                    "evidence": r.evidence(),
                    "figures": r.figures(),
                }
                for r in self.results()
            ],
        }

    def lines(self, evidence_per_claim: int = 2) -> list[str]:
        """The terminal section: one line per claim, then its key evidence."""
        lines = []
        for r in self.results():
            verdict = r.claim.verdict or "undecided"
            lines.append(f"{r.claim.id:<4} {verdict:<9} {r.status:<9} {r.claim.title}  [{r.note}]")
            for record in r.key_evidence(evidence_per_claim):
                measured, predicted = _short(record["measured"]), _short(record["predicted"])
                lines.append(
                    f"       [{record['role']}] {record['name']}: measured {measured}, "
                    f"predicted {predicted}, tolerance {_short(record['tolerance'])}"
                )
        counts = {s: sum(r.status == s for r in self.results()) for s in STATUSES}
        lines.append(", ".join(f"{n} {s}" for s, n in counts.items()) + " claims")
        return lines


def _short(value: Any, width: int = 70) -> str:
    """A value for the terminal: floats to 6 digits, long text cut (the JSON keeps it all)."""
    if isinstance(value, float):
        return f"{value:.6g}"
    text = str(value)
    return text if len(text) <= width else text[: width - 3] + "..."
