"""The claim registry, and what must agree with it: every claim speaks every language, the
README's verdict table and claim counts match it, every decided claim is tested, and every
correction is shown by a counterexample as well as by tests of the precise statement."""

from __future__ import annotations

import dataclasses
import re
from itertools import zip_longest
from pathlib import Path

import pytest

from dlspec import claims
from dlspec.harness.languages import latin_words
from dlspec.references import REFERENCES

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "spec"
README = ROOT / "README.md"
CORRECTED = ("refined", "refuted")
# Han characters, or CJK punctuation and full-width forms (a title like "He：Var(w) = 2/n_in")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# "about 25 claims", "all 25 claims", "the 25 claims", also broken across a line
CLAIM_COUNT = re.compile(r"\b(\d+)\s+claims\b")
# a number of the run that the report fills in: {{record name}} or {{record name|field}}
PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}")
FIELDS = ("title", "statement", "precise", "truth", "wrong", "action")


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
    for field in FIELDS:
        piece = getattr(chinese, field)
        assert piece is None or CJK.search(piece), (
            f"{claim.id}'s zh {field} is not Chinese: {piece!r}"
        )
    assert claim.text("en") is claim.en and claim.title == claim.en.title


@pytest.mark.parametrize("claim", claims.CLAIMS, ids=lambda c: c.id)
def test_every_claim_has_its_bottom_line_in_every_language(claim: claims.Claim) -> None:
    """What is true and what to do for every claim; where the knowledge base goes wrong
    exactly for the claims that correct it."""
    assert claim.verdict is not None, f"{claim.id} is undecided: it has no bottom line yet"
    for lang in claims.LANGUAGES:
        text = claim.text(lang)
        assert text.truth and text.action, f"{claim.id} has no {lang} truth or action"
        corrected = claim.verdict in CORRECTED
        assert bool(text.wrong) == corrected, (
            f"{claim.id} ({claim.verdict}): {lang} wrong is {text.wrong!r}, "
            f"expected {'one' if corrected else 'none'}"
        )


@pytest.mark.parametrize("claim", claims.CLAIMS, ids=lambda c: c.id)
def test_every_chinese_text_is_chinese_outside_formulas_code_and_names(
    claim: claims.Claim,
) -> None:
    """A placeholder names an English record and is replaced by a number in the report."""
    for field in FIELDS:
        text = getattr(claim.text("zh"), field)
        if text:
            latin = latin_words(PLACEHOLDER.sub("0", text))
            assert not latin, f"{claim.id}'s zh {field} has words in Latin script: {latin}"


def test_the_latin_script_check_of_the_chinese_texts_catches_an_english_word() -> None:
    chinese = "在 CPU 上得到的数组与张量共享内存"
    assert latin_words(PLACEHOLDER.sub("0", chinese + "，{{record name}}。")) == []
    assert latin_words(chinese + "，也就是 view。") == ["view"]
    assert latin_words("只看最后一维，见 `x.shape[-1]` 与 $n_\\mathrm{in}$。") == []


def test_every_reference_of_a_claim_exists_and_every_reference_is_cited() -> None:
    cited = [key for claim in claims.CLAIMS for key in claim.references]
    unknown = sorted(set(cited) - set(REFERENCES))
    assert not unknown, f"claims cite references that dlspec.references lacks: {unknown}"
    unused = sorted(set(REFERENCES) - set(cited))
    assert not unused, f"references no claim cites: {unused}"
    for claim in claims.CLAIMS:
        assert len(set(claim.references)) == len(claim.references), (
            f"{claim.id} cites a reference twice: {claim.references}"
        )


def test_every_module_is_named_in_every_language() -> None:
    for letter, module in claims.MODULES.items():
        assert module.name("en") and CJK.search(module.name("zh")), f"module {letter}: {module}"
    assert claims.BY_ID["T1"].module == claims.MODULES["T"].en


# complete texts: of a claim that holds (no precise statement, nothing wrong) and of one
# that corrects the knowledge base
ENGLISH = claims.Text("title", "statement", truth="truth", action="action")
CHINESE = claims.Text("标题", "表述", truth="事实", action="做法")
ENGLISH_CORRECTION = dataclasses.replace(ENGLISH, precise="precise", wrong="wrong")
CHINESE_CORRECTION = dataclasses.replace(CHINESE, precise="精确表述", wrong="错处")


def test_complete_texts_make_a_claim_of_every_verdict() -> None:
    for verdict in claims.VERDICTS:
        corrected = verdict in CORRECTED
        en, zh = (ENGLISH_CORRECTION, CHINESE_CORRECTION) if corrected else (ENGLISH, CHINESE)
        assert claims.Claim("T9", verdict, en, zh).text("zh") is zh
    # an undecided claim has no bottom line yet
    assert claims.Claim("T9", None, claims.Text("title", "statement"), claims.Text("标题", "表述"))


def test_a_correction_without_its_precise_statement_in_each_language_is_refused() -> None:
    no_precise = dataclasses.replace(ENGLISH_CORRECTION, precise=None)
    with pytest.raises(ValueError, match="T9: a refined claim needs the en precise statement"):
        claims.Claim("T9", "refined", no_precise, CHINESE_CORRECTION)
    with pytest.raises(ValueError, match="T9: a refuted claim needs the zh precise statement"):
        claims.Claim(
            "T9", "refuted", ENGLISH_CORRECTION, dataclasses.replace(CHINESE_CORRECTION, precise="")
        )
    with pytest.raises(ValueError, match="verdict must be one of"):
        claims.Claim("T9", "mostly", ENGLISH, CHINESE)  # type: ignore[arg-type]


@pytest.mark.parametrize("verdict", claims.VERDICTS)
@pytest.mark.parametrize("lang", claims.LANGUAGES)
@pytest.mark.parametrize(
    ("field", "message"),
    [("truth", "truth (what is true) is missing"), ("action", "action (what to do in code)")],
)
def test_a_decided_claim_without_its_truth_or_action_in_a_language_is_refused(
    verdict: claims.Verdict, lang: str, field: str, message: str
) -> None:
    corrected = verdict in CORRECTED
    texts = {
        "en": ENGLISH_CORRECTION if corrected else ENGLISH,
        "zh": CHINESE_CORRECTION if corrected else CHINESE,
    }
    for missing in ("", None):
        texts_missing = {**texts, lang: dataclasses.replace(texts[lang], **{field: missing})}
        with pytest.raises(ValueError, match=re.escape(f"T9: the {lang} {message}")):
            claims.Claim("T9", verdict, texts_missing["en"], texts_missing["zh"])


@pytest.mark.parametrize("verdict", CORRECTED)
@pytest.mark.parametrize("lang", claims.LANGUAGES)
def test_a_correction_without_where_the_knowledge_base_goes_wrong_is_refused(
    verdict: claims.Verdict, lang: str
) -> None:
    texts = {"en": ENGLISH_CORRECTION, "zh": CHINESE_CORRECTION}
    texts[lang] = dataclasses.replace(texts[lang], wrong=None)
    with pytest.raises(ValueError, match=f"T9: a {verdict} claim needs the {lang} wrong"):
        claims.Claim("T9", verdict, texts["en"], texts["zh"])


@pytest.mark.parametrize("verdict", ["holds", None])
def test_a_claim_that_does_not_correct_the_knowledge_base_has_nothing_wrong(
    verdict: claims.Verdict | None,
) -> None:
    wrong_zh = dataclasses.replace(CHINESE, wrong="错处")
    with pytest.raises(
        ValueError, match="T9: the zh wrong is only for a refined or refuted claim, not a "
    ):
        claims.Claim("T9", verdict, ENGLISH, wrong_zh)


def test_a_claim_without_a_title_or_statement_in_a_language_is_refused() -> None:
    with pytest.raises(ValueError, match="T9: the zh title and statement"):
        claims.Claim("T9", "holds", ENGLISH, dataclasses.replace(CHINESE, title=""))
    with pytest.raises(ValueError, match="T9: the en title and statement"):
        claims.Claim("T9", "holds", dataclasses.replace(ENGLISH, statement=""), CHINESE)
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
