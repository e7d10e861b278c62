"""The claim registry, and what must agree with it: every claim speaks every language, the
README's verdict table and claim counts match it, every decided claim is tested, and every
correction is shown by a counterexample as well as by tests of the precise statement."""

from __future__ import annotations

import re
from itertools import zip_longest
from pathlib import Path

import pytest

from dlspec import claims

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "spec"
README = ROOT / "README.md"
CORRECTED = ("refined", "refuted")
# Han characters, or CJK punctuation and full-width forms (a title like "He：Var(w) = 2/n_in")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# "about 25 claims", "all 25 claims", "the 25 claims", also broken across a line
CLAIM_COUNT = re.compile(r"\b(\d+)\s+claims\b")


def test_the_ids_number_each_module_from_1_in_knowledge_base_order() -> None:
    """MODULES lists the modules in the knowledge base's order; each module's claims follow
    in one block, numbered 1, 2, ... without gaps."""
    ids = [claim.id for claim in claims.CLAIMS]
    letters = [claim_id[0] for claim_id in ids]
    in_order = list(dict.fromkeys(letters))
    assert in_order == list(claims.MODULES), (
        f"the registry's modules come in the order {in_order}, MODULES lists {list(claims.MODULES)}"
    )
    numbered = [f"{m}{n}" for m in in_order for n in range(1, letters.count(m) + 1)]
    assert ids == numbered, f"registry IDs {ids}, expected each module numbered 1..k: {numbered}"
    assert list(claims.BY_ID) == ids


@pytest.mark.parametrize("claim", claims.CLAIMS, ids=lambda c: c.id)
def test_every_claim_speaks_every_language(claim: claims.Claim) -> None:
    for lang in claims.LANGUAGES:
        text = claim.text(lang)
        assert text.title and text.statement, f"{claim.id} has no {lang} title or statement"
        needs_precise = claim.verdict in CORRECTED
        assert bool(text.precise) == needs_precise, (
            f"{claim.id} ({claim.verdict}): {lang} precise statement is {text.precise!r}, "
            f"expected {'one' if needs_precise else 'none'}"
        )
    chinese = claim.text("zh")
    for piece in filter(None, (chinese.title, chinese.statement, chinese.precise)):
        assert CJK.search(piece), f"{claim.id}'s zh text is not Chinese: {piece!r}"
    assert claim.text("en") is claim.en and claim.title == claim.en.title


def test_every_module_is_named_in_every_language() -> None:
    for letter, module in claims.MODULES.items():
        assert module.name("en") and CJK.search(module.name("zh")), f"module {letter}: {module}"
    assert claims.BY_ID["T1"].module == claims.MODULES["T"].en


ENGLISH = claims.Text("title", "statement", "precise")
CHINESE = claims.Text("标题", "表述", "精确表述")


def test_a_correction_without_its_precise_statement_in_each_language_is_refused() -> None:
    with pytest.raises(ValueError, match="T9: a refined claim needs the en precise statement"):
        claims.Claim("T9", "refined", claims.Text("title", "statement"), CHINESE)
    with pytest.raises(ValueError, match="T9: a refuted claim needs the zh precise statement"):
        claims.Claim("T9", "refuted", ENGLISH, claims.Text("标题", "表述"))
    with pytest.raises(ValueError, match="verdict must be one of"):
        claims.Claim("T9", "mostly", ENGLISH, CHINESE)  # type: ignore[arg-type]


def test_a_claim_without_a_title_or_statement_in_a_language_is_refused() -> None:
    with pytest.raises(ValueError, match="T9: the zh title and statement"):
        claims.Claim("T9", "holds", ENGLISH, claims.Text("", "表述"))
    with pytest.raises(ValueError, match="T9: the en title and statement"):
        claims.Claim("T9", "holds", claims.Text("title", ""), CHINESE)
    with pytest.raises(TypeError, match="T9: zh must be a Text, got str"):
        claims.Claim("T9", "holds", ENGLISH, "标题")  # type: ignore[arg-type]


def test_an_id_outside_the_modules_and_an_unknown_language_are_refused() -> None:
    for bad in ("X1", "T0", "T", "t1"):
        with pytest.raises(ValueError, match="must be a module letter"):
            claims.Claim(bad, "holds", ENGLISH, CHINESE)
    with pytest.raises(ValueError, match="unknown language 'fr'; known: en, zh"):
        claims.BY_ID["T1"].text("fr")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        claims.MODULES["T"].name("fr")


def test_an_unknown_id_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="known: T1, T2"):
        claims.get("Q7")


def readme_verdict_table(text: str) -> list[tuple[str, str]]:
    """(ID, verdict) of each row of the README's ``| ID | verdict | why |`` table."""
    lines = text.splitlines()
    assert "| ID | verdict | why |" in lines, "the README has no | ID | verdict | why | table"
    header = lines.index("| ID | verdict | why |")
    rows = []
    for line in lines[header + 2 :]:  # the line after the header is the |---| rule
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows.append((cells[0], cells[1]))
    return rows


def test_the_readme_verdict_table_is_the_registry() -> None:
    table = readme_verdict_table(README.read_text(encoding="utf-8"))
    registry = [(claim.id, claim.verdict or "undecided") for claim in claims.CLAIMS]
    differing = [(row, claim) for row, claim in zip_longest(table, registry) if row != claim]
    assert not differing, f"(README row, registry claim) that differ: {differing}"


def wrong_claim_counts(text: str) -> list[str]:
    """Each statement in ``text`` of a number of claims other than the registry's size."""
    size = len(claims.CLAIMS)
    return [m.group(0) for m in CLAIM_COUNT.finditer(text) if int(m.group(1)) != size]


def test_every_count_of_claims_in_the_readme_is_the_registry_size() -> None:
    text = README.read_text(encoding="utf-8")
    assert CLAIM_COUNT.search(text), "the README states no number of claims: a new phrasing?"
    wrong = wrong_claim_counts(text)
    assert not wrong, f"the README says {wrong}; the registry has {len(claims.CLAIMS)} claims"


def test_a_readme_that_miscounts_the_claims_anywhere_is_caught() -> None:
    text = README.read_text(encoding="utf-8")
    miscount = str(len(claims.CLAIMS) + 1)
    for stated in CLAIM_COUNT.finditer(text):
        miscounted = text[: stated.start(1)] + miscount + text[stated.end(1) :]
        caught = wrong_claim_counts(miscounted)
        assert len(caught) == 1 and caught[0].startswith(miscount), (
            f"changing {stated.group(0)!r} to say {miscount} claims was reported as {caught}"
        )
    assert wrong_claim_counts(f"all {miscount}\n  claims") == [f"{miscount}\n  claims"]


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


def claim_tests(
    markers: dict[str, list[tuple[tuple[str, ...], bool]]], claim_id: str, counterexample: bool
) -> list[str]:
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
