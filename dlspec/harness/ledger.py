"""Gathers each test's outcome and evidence per claim and per implementation, and renders
the verdict table.

Everything arrives through test reports (``user_properties``), so the ledger works the
same in a plain run and on the controller of a ``pytest-xdist`` run.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dlspec.claims import CLAIMS, Claim
from dlspec.harness.schema import (
    ABSENT_PROPERTY,
    EVIDENCE_PROPERTY,
    PLOTS_PROPERTY,
    SNIPPETS_PROPERTY,
    STATUSES,
    TEST_PROPERTY,
    ClaimEntry,
    EvidenceRecord,
    ImplementationStatus,
    Record,
    Run,
    Series,
    TestEntry,
    TestMeta,
)


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


def deviation(record: Record) -> float:
    """How far measured is from predicted, to keep the worst of repeated records."""
    m, p = record["measured"], record["predicted"]
    if m in ("inf", "-inf", "nan"):  # plain() spells non-finite measurements as strings
        return math.inf
    if isinstance(m, (int, float)) and isinstance(p, (int, float)) and not isinstance(m, bool):
        return abs(m - p)
    return 0.0


def ranked(records: list[EvidenceRecord], counterexamples: set[str]) -> list[EvidenceRecord]:
    """One record per name, the most telling first: those of counterexample tests (they
    show where the wording fails), then key records, then the rest, each in test order;
    a name recorded by several tests of one tier shows its worst record."""

    def tier(record: EvidenceRecord) -> tuple[bool, bool]:
        return record["test"] not in counterexamples, not record["key"]

    distinct: dict[str, EvidenceRecord] = {}
    for record in sorted(records, key=tier):
        kept = distinct.get(record["name"])
        if kept is None or (tier(kept) == tier(record) and deviation(record) > deviation(kept)):
            distinct[record["name"]] = record
    return list(distinct.values())


@dataclass
class TestRecord:
    nodeid: str
    meta: TestMeta
    outcome: str = "untested"
    evidence: list[Record] = field(default_factory=list)
    plots: list[Series] = field(default_factory=list)
    # snippet key -> (claim, printed output)
    snippets: dict[str, list[str]] = field(default_factory=dict)
    absent: str | None = None
    message: str | None = None  # a failure's message: what was measured against what
    # set by the ledger: each broken piece this failed test relies on -> the claims judging it
    blocked_by: dict[str, list[str]] = field(default_factory=dict)

    @property
    def result(self) -> str:
        """The outcome, with a failure caused by a broken piece it relies on as blocked."""
        return "blocked" if self.outcome == "failed" and self.blocked_by else self.outcome

    def entry(self) -> TestEntry:
        entry: TestEntry = {
            "nodeid": self.nodeid,
            "outcome": self.result,
            "counterexample": self.meta["counterexample"],
            "implementation": self.meta["implementation"],
            "deviation": self.meta["deviation"],
            "blocked_by": self.blocked_by,
        }
        if self.message:
            entry["message"] = self.message
        return entry


def blocking(blocked_by: dict[str, list[str]]) -> str:
    """``{"optim.Adam": ["R3"]}`` as 'optim.Adam (failed R3)'."""
    return ", ".join(f"{piece} (failed {', '.join(ids)})" for piece, ids in blocked_by.items())


def status(claim: Claim, tests: list[TestRecord]) -> tuple[str, str]:
    """A claim's status and why, from the outcomes of ``tests``: failed if any failed on its
    own (a declared deviation that did not occur included), else blocked if its failures
    all come from a broken piece another claim judged, else deviates if a declared
    deviation occurred, else passed if the tests its verdict needs passed, else untested.
    Skipped and absent tests did not run: no evidence either way, and not counted."""
    ran = sum(t.outcome not in ("skipped", "absent", "untested") for t in tests)
    failed = sum(t.result == "failed" for t in tests)
    blocked = [t for t in tests if t.result == "blocked"]
    deviated = sum(t.outcome == "deviated" for t in tests)
    passed = [t for t in tests if t.outcome == "passed"]
    if failed:
        return "failed", f"{failed} of {ran} tests failed" + (
            f", {len(blocked)} blocked" if blocked else ""
        )
    if blocked:
        pieces: dict[str, list[str]] = {}
        for test in blocked:
            for piece, ids in test.blocked_by.items():
                pieces[piece] = list(dict.fromkeys(pieces.get(piece, []) + ids))
        return "blocked", f"{len(blocked)} of {ran} tests rely on {blocking(pieces)}"
    if deviated:
        return "deviates", f"{len(passed)} tests passed, {deviated} declared deviations occurred"
    if not passed:
        return "untested", "no test ran" if tests else "no tests yet"
    if claim.verdict in ("refined", "refuted"):
        if not any(t.meta["counterexample"] for t in passed):
            return (
                "untested",
                f"{claim.verdict}, but no test showing where the wording fails passed",
            )
        if all(t.meta["counterexample"] for t in passed):
            return "untested", "only counterexamples passed; the precise statement is untested"
    return "passed", f"{len(passed)} tests passed"


@dataclass
class ClaimResult:
    claim: Claim
    status: str
    note: str
    tests: list[TestRecord]

    def evidence(self) -> list[EvidenceRecord]:
        return [
            {**record, "test": test.nodeid}
            for test in self.tests
            for record in test.evidence
            if record["claim"] == self.claim.id
        ]

    def figures(self) -> dict[str, list[Series]]:
        """This claim's figures, each a list of series; a label is kept once per
        implementation, from the first test in node-id order (a CUDA variant's series
        repeats its CPU one). The report decides whether implementations coincide."""
        figures: dict[str, list[Series]] = {}
        for test in self.tests:
            for series in test.plots:
                if series["claim"] != self.claim.id:
                    continue
                drawn = figures.setdefault(series["figure"], [])
                if all(
                    (s["label"], s["implementation"]) != (series["label"], series["implementation"])
                    for s in drawn
                ):
                    drawn.append(series)
        return figures

    def snippets(self) -> dict[str, str]:
        """What each of this claim's snippets printed, from the first test that ran it."""
        printed: dict[str, str] = {}
        for test in self.tests:
            for key, (claim, output) in test.snippets.items():
                if claim == self.claim.id:
                    printed.setdefault(key, output)
        return printed

    def key_evidence(self, count: int) -> list[EvidenceRecord]:
        counterexamples = {t.nodeid for t in self.tests if t.meta["counterexample"]}
        return ranked(self.evidence(), counterexamples)[:count]

    def failures(self) -> list[tuple[str, str]]:
        """Per failed test, the independent failures first, its node and what failed: the
        measurement against its expectation (the failure's message; the records of a failed
        test come from the examples that passed before it), or the broken piece it relies on."""
        found = []
        for test in sorted(self.tests, key=lambda t: t.result != "failed"):
            if test.result == "failed":
                found.append((f"[failed] {test.nodeid}", test.message or "no message"))
            elif test.result == "blocked":
                found.append((f"[blocked] {test.nodeid}", f"relies on {blocking(test.blocked_by)}"))
        return found

    def implementations(self, names: list[str]) -> dict[str, ImplementationStatus]:
        """The claim's status for each implementation: its own tests, and the tests that run
        no implementation (theory, symbolic algebra), which hold for all of them."""
        matrix: dict[str, ImplementationStatus] = {}
        for name in names:
            tests = [t for t in self.tests if t.meta["implementation"] in (name, None)]
            own = [t for t in tests if t.meta["implementation"] == name]
            matrix[name] = {
                "status": status(self.claim, tests)[0],
                "deviations": list(
                    dict.fromkeys(t.meta["deviation"] for t in own if t.meta["deviation"])
                ),
                "absent": list(dict.fromkeys(t.absent for t in own if t.absent)),
            }
        return matrix


class Ledger:
    def __init__(self, claims: Sequence[Claim] = CLAIMS) -> None:
        """``claims``: the claims to report (``--claim`` narrows them), in registry order."""
        self.claims = list(claims)
        self.tests: dict[str, TestRecord] = {}

    def add(
        self,
        nodeid: str,
        when: str,
        outcome: str,
        properties: list[tuple[str, Any]],
        message: str | None = None,
    ) -> None:
        """Fold one phase report (setup, call or teardown) into the test's record; a
        declared deviation that occurred arrives as ``deviated``, and a failure with its
        ``message``."""
        props = dict(properties)
        if TEST_PROPERTY not in props:
            return
        test = self.tests.setdefault(nodeid, TestRecord(nodeid, props[TEST_PROPERTY]))
        if outcome == "failed" and message and test.message is None:
            test.message = message
        if EVIDENCE_PROPERTY in props and when == "call":
            test.evidence = list(props[EVIDENCE_PROPERTY])
        if PLOTS_PROPERTY in props and when == "call":
            test.plots = list(props[PLOTS_PROPERTY])
        if SNIPPETS_PROPERTY in props and when == "call":
            test.snippets = dict(props[SNIPPETS_PROPERTY])
        if ABSENT_PROPERTY in props:
            test.absent = props[ABSENT_PROPERTY]
            outcome = "absent"
        if outcome == "failed":
            test.outcome = "failed"
        elif outcome in ("skipped", "deviated", "absent") and test.outcome != "failed":
            test.outcome = outcome
        elif outcome == "passed" and when == "call" and test.outcome == "untested":
            test.outcome = "passed"

    def judge(self) -> None:
        """Mark each failed test that relies on a piece whose judge failed, for the same
        implementation, as blocked by it."""
        broken: dict[tuple[str | None, str], list[str]] = {}
        for test in self.tests.values():
            if test.outcome == "failed" and not test.meta["relies_on"]:
                for piece in test.meta["judges"]:
                    ids = broken.setdefault((test.meta["implementation"], piece), [])
                    ids += [i for i in test.meta["claims"] if i not in ids]
        for test in self.tests.values():
            test.blocked_by = {
                piece: broken[(test.meta["implementation"], piece)]
                for piece in test.meta["relies_on"]
                if test.outcome == "failed" and (test.meta["implementation"], piece) in broken
            }

    def _result(self, claim: Claim) -> ClaimResult:
        """The claim's status from its tests, as :meth:`judge` last marked them."""
        tests = sorted(
            (
                t
                for t in self.tests.values()
                if t.meta["kind"] == "claim" and claim.id in t.meta["claims"]
            ),
            key=lambda t: t.nodeid,
        )
        return ClaimResult(claim, *status(claim, tests), tests)

    def results(self) -> list[ClaimResult]:
        self.judge()
        return [self._result(claim) for claim in self.claims]

    def others(self) -> dict[str, list[TestEntry]]:
        """The tests that are not evidence for a claim, by kind (bad_input, bench)."""
        kinds: dict[str, list[TestEntry]] = {}
        for test in sorted(self.tests.values(), key=lambda t: t.nodeid):
            if test.meta["kind"] != "claim":
                kinds.setdefault(test.meta["kind"], []).append(test.entry())
        return kinds

    def as_json(self, environment: dict[str, Any]) -> Run:
        names = list(environment["implementations"])
        entries: list[ClaimEntry] = [
            {
                "id": r.claim.id,
                "module": r.claim.module,
                "title": r.claim.title,
                "verdict": r.claim.verdict,
                "status": r.status,
                "note": r.note,
                "statement": r.claim.statement,
                "precise": r.claim.precise,
                "tests": [t.entry() for t in r.tests],
                "evidence": r.evidence(),
                "figures": r.figures(),
                "snippets": r.snippets(),
                "implementations": r.implementations(names),
            }
            for r in self.results()
        ]
        return {"environment": environment, "claims": entries, "other_tests": self.others()}

    def lines(self, implementations: list[str], evidence_per_claim: int = 2) -> list[str]:
        """The terminal section: a header, then per claim its verdict, its status over all
        implementations and for each one, its title, the reasons of its deviations and its
        key evidence."""
        widths = {name: max(len(name) + 2, 10) for name in implementations}
        columns = "".join(f"{name:<{widths[name]}}" for name in implementations)
        lines = [f"{'ID':<4} {'verdict':<9} {'status':<9} {columns}title"]
        results = self.results()
        for r in results:
            verdict = r.claim.verdict or "undecided"
            matrix = r.implementations(implementations)
            cells = "".join(f"{matrix[name]['status']:<{widths[name]}}" for name in implementations)
            lines.append(
                f"{r.claim.id:<4} {verdict:<9} {r.status:<9} {cells}{r.claim.title}  [{r.note}]"
            )
            for name in implementations:
                for reason in matrix[name]["deviations"]:
                    lines.append(f"       [deviates] {name}: {reason}")
                for reason in matrix[name]["absent"]:
                    lines.append(f"       [absent] {name}: {reason}")
            for test, what in r.failures():
                lines += [f"       {test}", f"         {_short(what, 300)}"]
            for record in r.key_evidence(evidence_per_claim):
                measured, predicted = _short(record["measured"]), _short(record["predicted"])
                lines.append(
                    f"       [{record['role']}] {record['name']}: measured {measured}, "
                    f"predicted {predicted}, tolerance {_short(record['tolerance'])}"
                )
        counts = {s: sum(r.status == s for r in results) for s in STATUSES}
        lines.append(", ".join(f"{n} {s}" for s, n in counts.items()) + " claims")
        for kind, tests in self.others().items():
            outcomes = [t["outcome"] for t in tests]
            tally = ", ".join(f"{outcomes.count(o)} {o}" for o in dict.fromkeys(outcomes))
            lines.append(f"{kind} tests (not claim evidence): {tally}")
        return lines


def _short(value: Any, width: int = 70) -> str:
    """A value for the terminal: floats to 6 digits, long text cut (the JSON keeps it all)."""
    if isinstance(value, float):
        return f"{value:.6g}"
    text = str(value)
    return text if len(text) <= width else text[: width - 3] + "..."
