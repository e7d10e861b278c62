"""The claim registry, and the spec's coverage of it: every decided claim is tested, and
every correction is shown by a counterexample as well as by tests of the precise statement."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlspec import claims

SPEC = Path(__file__).resolve().parents[1] / "spec"
KNOWLEDGE_BASE_ORDER = [
    *(f"T{i}" for i in range(1, 4)),
    *(f"A{i}" for i in range(1, 12)),
    *(f"R{i}" for i in range(1, 6)),
    *(f"I{i}" for i in range(1, 7)),
]


def test_the_registry_lists_the_25_claims_in_knowledge_base_order() -> None:
    assert [claim.id for claim in claims.CLAIMS] == KNOWLEDGE_BASE_ORDER
    assert all(claim.title and claim.statement for claim in claims.CLAIMS)


def test_a_correction_without_its_precise_statement_is_refused() -> None:
    with pytest.raises(ValueError, match="precise statement"):
        claims.Claim("X1", "title", "statement", "refined")
    with pytest.raises(ValueError, match="verdict must be one of"):
        claims.Claim("X1", "title", "statement", "mostly")  # type: ignore[arg-type]


def test_an_unknown_id_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="known: T1, T2"):
        claims.get("Q7")


class _Collector:
    def __init__(self) -> None:
        self.markers: dict[str, list[tuple[tuple[str, ...], bool]]] = {}

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            self.markers[item.nodeid] = [
                (tuple(m.args), bool(m.kwargs.get("counterexample", False)))
                for m in item.iter_markers("claim")
            ]


@pytest.fixture(scope="module")
def spec_markers() -> dict[str, list[tuple[tuple[str, ...], bool]]]:
    """The claim markers of every test in spec/, from an in-process collection."""
    collector = _Collector()
    code = pytest.main(["--collect-only", "-qq", "-p", "no:randomly", str(SPEC)], [collector])
    assert code == pytest.ExitCode.OK, f"collecting spec/ failed with {code!r}"
    return collector.markers


def claim_tests(markers, claim_id: str, counterexample: bool) -> list[str]:
    return [
        nodeid
        for nodeid, marks in markers.items()
        if any(claim_id in ids and kind == counterexample for ids, kind in marks)
    ]


@pytest.mark.parametrize("claim", [c for c in claims.CLAIMS if c.verdict], ids=lambda c: c.id)
def test_every_decided_claim_is_backed_by_the_tests_its_verdict_needs(
    spec_markers: dict[str, list[tuple[tuple[str, ...], bool]]], claim: claims.Claim
) -> None:
    precise = claim_tests(spec_markers, claim.id, counterexample=False)
    counterexamples = claim_tests(spec_markers, claim.id, counterexample=True)
    assert precise, f"{claim.id} ({claim.verdict}) has no test of its statement"
    if claim.verdict == "holds":
        assert not counterexamples, f"{claim.id} holds, yet {counterexamples} refute it"
    else:
        assert counterexamples, f"{claim.id} is {claim.verdict} but no test shows where it fails"
