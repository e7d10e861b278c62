"""The run's data, as the harness passes it from tests to the ledger and writes it to
``--spec-json``: plain JSON types, so that xdist workers can forward them.

Names: a test hands its data to the ledger through ``user_properties`` under the
``*_PROPERTY`` names; the harness keeps per-test state in ``item.stash`` under the
``*_STASH`` keys (see :mod:`dlspec.harness.evidence`).
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

from typing_extensions import NotRequired

TEST_PROPERTY = "dlspec_test"
EVIDENCE_PROPERTY = "dlspec_evidence"
PLOTS_PROPERTY = "dlspec_plots"
SNIPPETS_PROPERTY = "dlspec_snippets"
ABSENT_PROPERTY = "dlspec_absent"

Kind = Literal["claim", "bad_input", "bench"]
# what an evidence record's prediction is: the spec's asserted statement, the knowledge
# base's wording (contradicted on a counterexample), or a value shown and not asserted
ROLES = ("precise", "claim", "informative")
# how one test ended; "deviated" is a declared deviation that occurred (a strict xfail),
# "absent" a skip because the implementation lacks the mechanism (contract.Absent),
# "blocked" a failure of a test that relies on a piece whose own judge failed
OUTCOMES = ("passed", "failed", "blocked", "skipped", "deviated", "absent", "untested")
# a claim's status, for one implementation or for the run; "blocked": its only failures
# are of tests that rely on a piece another claim found broken
STATUSES = ("passed", "deviates", "failed", "blocked", "untested")


class TestMeta(TypedDict):
    """What collection knows about a test."""

    claims: list[str]
    counterexample: bool
    kind: Kind
    implementation: str | None
    device: str | None
    deviation: str | None
    # contract pieces ("optim.Adam") this test is the judge of, and those it measures through
    judges: list[str]
    relies_on: list[str]


class Record(TypedDict):
    claim: str
    name: str
    name_zh: str
    measured: Any
    predicted: Any
    tolerance: Any
    tolerance_zh: Any
    # a measured or predicted value in words, on the Chinese page
    measured_zh: Any
    predicted_zh: Any
    key: bool
    role: str
    examples: int
    # among the few records a learner reads first, with the parameters it was measured at
    learner: bool
    params: dict[str, Any]
    # presentation MathML of a symbolic (sympy) measured or predicted value
    measured_mathml: NotRequired[str]
    predicted_mathml: NotRequired[str]


class EvidenceRecord(Record):
    test: str


class Series(TypedDict):
    claim: str
    figure: str
    figure_zh: str
    label: str
    label_zh: str
    x: list[float]
    y: list[float]
    kind: str
    axes: list[str]
    axes_zh: list[str]
    log_y: bool
    role: str
    # the implementation whose test recorded it (None outside implementation tests)
    implementation: str | None
    # the figure's what-to-notice sentence, [English, Chinese], on any of its series
    notice: list[str] | None
    # series of one group share a colour; dashed tells a variant apart within it
    group: str | None
    dashed: bool


class TestEntry(TypedDict):
    nodeid: str
    outcome: str
    counterexample: bool
    implementation: str | None
    deviation: str | None
    # for a blocked test: each broken piece it relies on, with the claims that judged it
    blocked_by: dict[str, list[str]]
    # for a failed test: its failure's message
    message: NotRequired[str]


class ImplementationStatus(TypedDict):
    status: str
    deviations: list[str]
    absent: list[str]


class ClaimEntry(TypedDict):
    id: str
    module: str
    title: str
    verdict: str | None
    status: str
    note: str
    statement: str
    precise: str | None
    tests: list[TestEntry]
    evidence: list[EvidenceRecord]
    figures: dict[str, list[Series]]
    # what each of the claim's runnable snippets printed in this run (dlspec.lessons)
    snippets: dict[str, str]
    implementations: dict[str, ImplementationStatus]


class Run(TypedDict):
    environment: dict[str, Any]
    claims: list[ClaimEntry]
    other_tests: dict[str, list[TestEntry]]
