"""The report of a whole run of the spec, as a learner reads it, in both languages: each
section's bottom line and key records first, the rest closed away, figures that say what
to notice, snippets that show this run's output, a Chinese page that is Chinese, and the
same numbers on both pages (tests/full_run.py makes the run once)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from conformance import ROOT, readme_column, report_matrix
from full_run import FullRun

from dlspec import claims
from dlspec.harness.languages import D2L_DROPOUT, STANDARD_TERMS, latin_words
from dlspec.lessons import LESSONS

pytestmark = [pytest.mark.slow, pytest.mark.full_run]
MEGABYTES = 2.5


class Visible(HTMLParser):
    """A page's visible text and the attributes a reader meets (alt, title), without code,
    formulas and the style sheet, which need no translation, nor what is marked as English
    (a cited work's authors and title)."""

    SKIPPED = ("code", "pre", "math", "style", "script")
    VOID = ("br", "img", "meta", "hr", "input", "link")

    def __init__(self) -> None:
        super().__init__()
        self.open: list[bool] = []  # for each open element: is its text exempt?
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        exempt = (self.open and self.open[-1]) or tag in self.SKIPPED or ("lang", "en") in attrs
        if not exempt:
            self.texts += [value or "" for name, value in attrs if name in ("alt", "title")]
        if tag not in self.VOID:
            self.open.append(bool(exempt))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if not (self.open and self.open[-1]):
            self.texts.append(data)


def sections(page: str) -> dict[str, str]:
    return dict(re.findall(r'<section [^>]*id="claim-(\w+)">(.*?)</section>', page, re.S))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_section_opens_with_its_bottom_line_then_three_to_five_key_records(
    full_run: FullRun, lang: str
) -> None:
    found = sections(full_run.page(lang))
    assert list(found) == [claim.id for claim in claims.CLAIMS]
    for claim_id, body in found.items():
        order = [
            m.group(1) for m in re.finditer(r'<(?:div|table|figure|details) class="([\w-]+)"', body)
        ]
        assert order[:2] == ["bottom-line", "key-evidence"], (
            f"{claim_id} ({lang}) opens with {order[:2]}"
        )
        key = re.search(r'<div class="key-evidence">(.*?)</table>', body, re.S)
        rows = re.findall(r'<tr class="learner">(.*?)</tr>', key.group(1), re.S) if key else []
        assert 3 <= len(rows) <= 5, f"{claim_id} ({lang}): {len(rows)} key records, expected 3 to 5"
        unnamed = [row[:120] for row in rows if 'class="params"' not in row]
        assert unnamed == [], (
            f"{claim_id} ({lang}): key records without their parameters: {unnamed}"
        )
        assert re.search(r'<details class="all-evidence"><summary>', body), claim_id
        assert "<details open" not in body, f"{claim_id}: all evidence must start closed"


def test_all_evidence_holds_every_record_that_is_not_a_learner_s(full_run: FullRun) -> None:
    page = sections(full_run.page("en"))
    for claim in full_run.run["claims"]:
        rest = {r["name"] for r in claim["evidence"] if not r["learner"]}
        details = page[claim["id"]].split('<details class="all-evidence">', 1)[1]
        shown = len(re.findall(r"<tr><td>", details.split("</table>", 1)[0])) if rest else 0
        assert shown == len(rest), (
            f"{claim['id']}: {shown} rows under all evidence, {len(rest)} records"
        )


def test_the_chinese_page_shows_no_latin_word_outside_formulas_code_and_names(
    full_run: FullRun,
) -> None:
    parser = Visible()
    parser.feed(full_run.page("zh"))
    words = sorted({w for text in parser.texts for w in latin_words(text)})
    assert words == [], f"Latin-script words on the Chinese page: {words}"


def test_the_chinese_page_uses_the_standard_terms_where_the_english_page_names_them(
    full_run: FullRun,
) -> None:
    english, chinese = full_run.page("en"), full_run.page("zh")
    missing = [
        f"{term} -> {chinese_term}"
        for term, chinese_term in STANDARD_TERMS.items()
        if term.lower() in english.lower() and chinese_term not in chinese
    ]
    assert missing == [], f"standard terms missing from the Chinese page: {missing}"
    assert chinese.count(D2L_DROPOUT) == 1, f"{D2L_DROPOUT} should be noted once"


def test_the_figures_speak_the_page_s_language_and_say_what_to_notice(full_run: FullRun) -> None:
    missing, latin = [], []
    for claim in full_run.run["claims"]:
        for title, series in claim["figures"].items():
            if not any(s["notice"] for s in series):
                missing.append(f"{claim['id']}: {title}")
            for s in series:
                texts = [s["figure_zh"], s["label_zh"], *s["axes_zh"], *(s["notice"] or [])[1:]]
                latin += [(title, w) for t in texts for w in latin_words(t)]
    assert missing == [], f"figures without a what-to-notice sentence: {missing}"
    assert latin == [], f"English left in the Chinese figures: {latin[:20]}"


def test_both_pages_show_the_same_numbers(full_run: FullRun) -> None:
    english, chinese = sections(full_run.page("en")), sections(full_run.page("zh"))
    shown = 0
    for claim_id in english:
        numbers = [
            re.findall(r'<span class="num">(.*?)</span>', page[claim_id])
            for page in (english, chinese)
        ]
        assert numbers[0] == numbers[1], f"{claim_id}: the pages' numbers differ"
        shown += len(numbers[0])
    assert shown > 500, f"only {shown} numbers on the page: are values still marked as numbers?"


def test_each_page_links_the_other_and_the_json_it_wrote_and_nothing_else(
    full_run: FullRun,
) -> None:
    for lang, path in full_run.pages.items():
        page = full_run.page(lang)
        local = [a for a in re.findall(r'href="([^"#][^"]*)"', page) if not a.startswith("http")]
        assert sorted(local) == sorted(
            [p.name for other, p in full_run.pages.items() if other != lang] + ["run.json"]
        ), f"{lang}: {local}"
        assert all((path.parent / a).exists() for a in local)
        size = path.stat().st_size / 1e6
        assert size < MEGABYTES, f"the {lang} page is {size:.2f} MB, over {MEGABYTES} MB"


def test_every_anchor_a_page_links_to_is_on_it(full_run: FullRun) -> None:
    for lang in full_run.pages:
        page = full_run.page(lang)
        ids = set(re.findall(r'id="([^"]+)"', page))
        targets = set(re.findall(r'href="#([^"]+)"', page))
        assert targets - ids == set(), f"{lang}: links to missing anchors {targets - ids}"
        assert any(t.startswith("glossary-") for t in targets), f"{lang}: no glossary link"


def test_every_snippet_ran_and_the_page_shows_what_it_printed(full_run: FullRun) -> None:
    printed = {k: v for c in full_run.run["claims"] for k, v in c["snippets"].items()}
    assert sorted(printed) == sorted(lesson.key for lesson in LESSONS)
    for lang in full_run.pages:
        page = full_run.page(lang)
        for lesson in LESSONS:
            block = re.search(
                rf'id="lesson-{lesson.key}".*?<pre class="output">(.*?)</pre>', page, re.S
            )
            assert block, f"{lang}: no output shown for {lesson.key}"
            assert html.unescape(block.group(1)) == printed[lesson.key]


def test_the_readme_s_pytorch_column_is_the_whole_run_s(full_run: FullRun) -> None:
    """The conformance table's PyTorch column, and the report's matrix, against the whole
    spec's run of PyTorch (the other columns are checked by their own runs)."""
    column = {c["id"]: c["implementations"]["torch"]["status"] for c in full_run.run["claims"]}
    assert readme_column((ROOT / "README.md").read_text(), "PyTorch") == column
    assert report_matrix(full_run.page("en"), "torch") == column
