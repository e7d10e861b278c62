"""The evidence pipeline end to end: a small spec records known values of every role and
kind (a number with its parameters, words with markup characters, a symbolic expression,
infinity and NaN, a statistical check, two figures of several series), and every place the
run writes them shows them: the JSON, the terminal summary, and the HTML and Markdown
reports in English and Chinese, in the promised order and escaped where shown. The small
spec runs in this process, so that a bug planted in the harness reaches it. Each stage
is also tested on its own (tests/test_harness.py, tests/test_report.py); this test catches
a field dropped, renamed or re-ranked between two of them."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

# imported here, once: pytester's in-process runs drop the modules each run imports, and
# matplotlib imported anew in a later run breaks on its own classes
import dlspec.harness.figures  # noqa: F401

CONFTEST = 'pytest_plugins = ["dlspec.harness.plugin"]\n'
SPEC = """
import math

import pytest
import sympy
import torch

from dlspec import testing
from dlspec.harness.translations import Both

x = sympy.Symbol("x")


@pytest.mark.claim("R1")
def test_a_records_every_kind(evidence):
    evidence.record(Both("kept fraction", "保留比例"), 0.5012345678, 0.5, "±0.01",
                    learner=True, params={"p": 0.5})
    evidence.record('a <b> & "quoted" | bar', Both("x < y & z", "甲 < 乙"), "y > x",
                    "exact", role="claim")
    evidence.record("series", x**2 / 2 - x, sympy.Rational(1, 3) * x, "exact",
                    role="informative", key=False)
    evidence.record("overflow", math.inf, 1e308, "finite", role="informative")
    evidence.record("not a number", math.nan, 0.0, "finite", role="informative")
    evidence.record("shared name", 2.0, 1.0, "±0.5", role="informative")
    samples = torch.arange(1, 101, dtype=torch.float64)
    evidence.check(testing.mean(samples, 50.5, what="mean of 1..100"), zh="一到一百的平均")
    evidence.plot(Both("Figure one", "图一"), Both("first", "甲线"), [0, 1, 2], [1, 2, 3],
                  role="measured", axes=(Both("x axis", "横轴"), Both("y axis", "纵轴")))
    evidence.plot(Both("Figure one", "图一"), Both("second", "乙线"), [0, 1, 2], [3, 2, 1],
                  role="precise", kind="points")
    evidence.plot(Both("Figure two", "图二"), Both("only", "唯一"), [1, 2], [5, 6],
                  role="measured", kind="bars")


@pytest.mark.claim("R1", counterexample=True)
def test_b_counterexample(evidence):
    evidence.record("shared name", 7.0, 1.0, "±0.5", role="claim")
    evidence.record("from the counterexample", 3.0, 1.0, "exact", role="claim")
"""
# the JSON keeps every record of every test, in the order the tests recorded them
JSON_ORDER = [
    "kept fraction",
    'a <b> & "quoted" | bar',
    "series",
    "overflow",
    "not a number",
    "shared name",
    "mean of 1..100",
    "shared name",
    "from the counterexample",
]
# the pages' "all evidence" (every record but the learner's) in the order ledger.ranked
# promises: records of counterexample tests first, then key records, then the rest, each in
# test order, one per name
ALL_EVIDENCE = {"en": "All evidence", "zh": "全部证据"}
# a record named in both languages shows its Chinese name on the Chinese page
CHINESE = {"mean of 1..100": "一到一百的平均"}
RANKED = [
    "shared name",
    "from the counterexample",
    'a <b> & "quoted" | bar',
    "overflow",
    "not a number",
    "mean of 1..100",
    "series",
]


def run_small_spec(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """The small spec, run in this process (so that a bug planted here reaches it) with the
    report in both languages."""
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(**{"spec/test_x.py": SPEC})
    result = pytester.runpytest_inprocess(
        "spec", "-p", "no:randomly", "-p", "no:cacheprovider", "--spec-lang", "en,zh", *args
    )
    assert result.ret == 0, "\n".join(result.outlines[-20:] + result.errlines[-40:])
    return result


@pytest.fixture
def outputs(pytester: pytest.Pytester) -> Path:
    """The folder of one run that wrote the JSON and the HTML pages, with the terminal's
    output in terminal.txt; the Markdown pages are another run's (one report path a run)."""
    result = run_small_spec(pytester, "--spec-json", "run.json", "--spec-report", "report.html")
    (pytester.path / "terminal.txt").write_text("\n".join(result.outlines))
    return pytester.path


@pytest.fixture
def run(outputs: Path) -> dict[str, Any]:
    return json.loads((outputs / "run.json").read_text())


def ranked(lang: str) -> list[str]:
    return [CHINESE.get(name, name) if lang == "zh" else name for name in RANKED]


def claim_r1(run: dict[str, Any]) -> dict[str, Any]:
    return next(claim for claim in run["claims"] if claim["id"] == "R1")


def test_the_json_keeps_every_record_with_its_fields_in_the_promised_order(run) -> None:
    records = claim_r1(run)["evidence"]
    assert [r["name"] for r in records] == JSON_ORDER
    by_name = {r["name"]: r for r in records if r["test"].endswith("test_a_records_every_kind")}
    kept = by_name["kept fraction"]
    assert (kept["measured"], kept["predicted"], kept["tolerance"]) == (0.5012345678, 0.5, "±0.01")
    assert (kept["name_zh"], kept["learner"], kept["params"], kept["role"]) == (
        "保留比例", True, {"p": 0.5}, "precise"
    )  # fmt: skip
    words = by_name['a <b> & "quoted" | bar']
    assert (words["measured"], words["measured_zh"], words["role"]) == (
        "x < y & z",
        "甲 < 乙",
        "claim",
    )
    series = by_name["series"]
    assert (series["measured"], series["predicted"], series["key"]) == ("x**2/2 - x", "x/3", False)
    assert "<mfrac>" in series["measured_mathml"] and "<mn>3</mn>" in series["predicted_mathml"]
    assert (by_name["overflow"]["measured"], by_name["not a number"]["measured"]) == ("inf", "nan")
    assert [r["measured"] for r in records if r["name"] == "shared name"] == [2.0, 7.0]
    mean = by_name["mean of 1..100"]
    assert (mean["measured"], mean["predicted"], mean["name_zh"]) == (50.5, 50.5, "一到一百的平均")


def test_the_json_keeps_both_figures_with_their_series_in_order(run) -> None:
    figures = claim_r1(run)["figures"]
    assert list(figures) == ["Figure one", "Figure two"]
    one = figures["Figure one"]
    assert [(s["label"], s["label_zh"], s["kind"], s["role"]) for s in one] == [
        ("first", "甲线", "line", "measured"), ("second", "乙线", "points", "precise")
    ]  # fmt: skip
    assert [(s["x"], s["y"]) for s in one] == [([0, 1, 2], [1, 2, 3]), ([0, 1, 2], [3, 2, 1])]
    assert (one[0]["axes"], one[0]["axes_zh"], one[0]["figure_zh"]) == (
        ["x axis", "y axis"], ["横轴", "纵轴"], "图一"
    )  # fmt: skip
    assert [(s["label"], s["x"], s["y"]) for s in figures["Figure two"]] == [
        ("only", [1, 2], [5, 6])
    ]


def test_the_terminal_shows_the_first_two_key_records_in_order(outputs: Path) -> None:
    lines = (outputs / "terminal.txt").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("R1 "))
    shown = [line.strip() for line in lines[start + 1 : start + 3]]
    assert shown == [
        "[claim] shared name: measured 7, predicted 1, tolerance ±0.5",
        "[claim] from the counterexample: measured 3, predicted 1, tolerance exact",
    ], lines[start : start + 4]


def section(page: str, start: str, end: str) -> str:
    """The part of a page from ``start`` to ``end``: claim R1's section."""
    return page.split(start, 1)[1].split(end, 1)[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_html_pages_show_every_record_escaped(outputs: Path, lang: str) -> None:
    name = "report.html" if lang == "en" else "report.zh.html"
    page = section((outputs / name).read_text(encoding="utf-8"), 'id="claim-R1"', 'id="claim-R2"')
    key = page.split('class="key-evidence"', 1)[1].split("</table>", 1)[0]
    assert ("kept fraction" if lang == "en" else "保留比例") in key and "0.501235" in key
    assert "0.5" in key and "±0.01" in key
    rest = page.split('<table class="all-evidence">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td[^>]*>(.*?)</td>", rest)
    assert [html.unescape(row) for row in rows] == ranked(lang)
    assert html.escape('a <b> & "quoted" | bar') in page
    assert 'a <b> & "quoted"' not in page and "x < y" not in page
    assert html.escape("x < y & z" if lang == "en" else "甲 < 乙", quote=False) in page
    assert "<mfrac>" in page  # the symbolic value typeset
    for shown in ("inf", "nan", "from the counterexample", "50.5"):
        assert re.search(rf">{re.escape(shown)}<|\b{re.escape(shown)}\b", page), shown
    titles = ("Figure one", "Figure two") if lang == "en" else ("图一", "图二")
    assert all(title in page for title in titles)
    assert page.count("<img ") == 2


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_markdown_pages_show_every_record_escaped(pytester: pytest.Pytester, lang: str) -> None:
    run_small_spec(pytester, "--spec-report", "report.md")
    name = "report.md" if lang == "en" else "report.zh.md"
    page = section((pytester.path / name).read_text(encoding="utf-8"), "\n### R1 ", "\n### R2 ")
    assert 'a &lt;b&gt; &amp; "quoted" \\| bar' in page
    assert "<b>" not in page
    assert ("x &lt; y &amp; z" if lang == "en" else "甲 &lt; 乙") in page
    for shown in ("0.501235", "inf", "nan", "x**2/2 - x", "50.5"):
        assert shown in page, shown
    assert len(re.findall(r"!\[[^\]]*\]\([^)]*\.png\)", page)) == 2
