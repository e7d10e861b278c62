"""The report builder (``dlspec.harness.report``) on synthetic runs, and the plot records
that feed it (``evidence.plot``) through a real pytest session."""

from __future__ import annotations

import base64
import html
import json
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
import sympy
from matplotlib.backends.backend_agg import FigureCanvasAgg

from dlspec import claims
from dlspec.harness import evidence, figures, report

PNG = b"\x89PNG\r\n\x1a\n"


DEVIATION = "keeps dropout on in eval mode: measured 0.5 of the inputs zeroed"
ROLE_OF = {"A7": "claim", "I5": "informative"}  # every other record is asserted


def synthetic_run() -> dict[str, Any]:
    """Every claim of the registry: T1 failed, T2 untested, A3 passed with a figure, the rest
    passed; for the implementations, R2 deviates in ``other`` (with its reason)."""
    series = {
        "claim": "A3",
        "figure": "sigmoid and its slope",
        "label": "sigmoid(x)",
        "x": [-1.0, 0.0, 1.0],
        "y": [0.27, 0.5, 0.73],
        "kind": "line",
        "axes": ["x", ""],
        "log_y": False,
        "role": "measured",
    }
    theory = {**series, "label": "theory", "role": "informative"}
    entries = []
    for claim in claims.CLAIMS:
        status = {"T1": "failed", "T2": "untested"}.get(claim.id, "passed")
        tests = (
            []
            if status == "untested"
            else [{"nodeid": f"spec/x.py::{claim.id}", "outcome": status}]
        )
        entries.append(
            {
                "id": claim.id,
                "module": claim.module,
                "title": claim.title,
                "verdict": claim.verdict,
                "status": status,
                "note": "synthetic",
                "statement": claim.statement,
                "precise": claim.precise,
                "tests": tests,
                "evidence": [
                    {
                        "claim": claim.id,
                        "name": "a measured value",
                        "measured": 0.5,
                        "predicted": 0.5,
                        "tolerance": "exact",
                        "key": True,
                        "role": ROLE_OF.get(claim.id, "precise"),
                        "examples": 1,
                        "test": f"spec/x.py::{claim.id}",
                    }
                ],
                "figures": {"sigmoid and its slope": [series, theory]} if claim.id == "A3" else {},
                "implementations": {
                    "dlspec": {"status": status, "deviations": []},
                    "other": (
                        {"status": "deviates", "deviations": [DEVIATION]}
                        if claim.id == "R2"
                        else {"status": status, "deviations": []}
                    ),
                },
            }
        )
    environment = {
        "torch": "test",
        "spec_seed": 0,
        "implementations": ["dlspec", "other"],
        "command": "python -m pytest spec/ --impl-module other.py:IMPL",
    }
    return {"environment": environment, "claims": entries, "other_tests": {}}


def test_the_report_shows_each_implementation_s_status_and_its_declared_deviations(tmp_path):
    path = tmp_path / "r.html"
    report.write(synthetic_run(), path)
    page = path.read_text(encoding="utf-8")
    matrix = re.search(r'<table id="matrix">(.*?)</table>', page, re.S)
    assert matrix, "no claims x implementations table"
    rows = re.findall(r"<tr>(.*?)</tr>", matrix.group(1), re.S)
    assert "dlspec" in rows[0] and "other" in rows[0], rows[0]
    r2 = next(row for row in rows if ">R2<" in row)
    cells = re.findall(r'data-impl="(\w+)"><span class="badge (\w+)"', r2)
    assert cells == [("dlspec", "passed"), ("other", "deviates")], r2
    # the contents also give the claim's verdict and overall status, and link its section
    assert re.findall(r'class="badge (\w+)"', r2)[:2] == ["holds", "passed"], r2
    assert r2.count('href="#claim-R2"') == 2, r2
    assert DEVIATION in section(page, "R2"), "the deviation's reason is missing from R2"
    markdown = tmp_path / "r.md"
    report.write(synthetic_run(), markdown)
    assert "| holds | passed | passed | deviates |" in markdown.read_text(encoding="utf-8")


def section(page: str, claim_id: str) -> str:
    match = re.search(rf'<section [^>]*id="claim-{claim_id}">(.*?)</section>', page, re.S)
    assert match, f"no section for {claim_id}"
    return match.group(1)


def test_the_html_report_has_a_section_for_every_claim_in_knowledge_base_order(tmp_path: Path):
    path = tmp_path / "out.html"
    report.write(synthetic_run(), path)
    page = path.read_text(encoding="utf-8")
    positions = [page.index(f'id="claim-{c.id}"') for c in claims.CLAIMS]
    assert positions == sorted(positions)
    assert "http://" not in page and "https://" not in page  # nothing to fetch


def test_a_failing_claim_is_named_at_the_top_in_red_and_marked_in_its_section(tmp_path: Path):
    path = tmp_path / "out.html"
    report.write(synthetic_run(), path)
    page = path.read_text(encoding="utf-8")
    alert = re.search(r'<p class="alert" id="failing">([^<]*)</p>', page)
    assert alert and "T1" in alert.group(1)
    assert page.index('id="failing"') < page.index('id="claim-T1"')
    assert re.search(r'<section class="claim status-failed" id="claim-T1">', page)


def test_an_untested_claim_still_appears_and_says_no_test_ran(tmp_path: Path):
    path = tmp_path / "out.html"
    report.write(synthetic_run(), path)
    page = path.read_text(encoding="utf-8")
    assert re.search(r'<p class="alert" id="untested">[^<]*T2', page)
    assert "No test of this claim ran." in section(page, "T2")
    assert 'class="claim status-untested"' in page


def test_figures_are_inlined_png_and_a_claim_without_figures_has_no_image(tmp_path: Path):
    path = tmp_path / "out.html"
    report.write(synthetic_run(), path)
    page = path.read_text(encoding="utf-8")
    sources = re.findall(r'<img src="data:image/png;base64,([^"]+)"', section(page, "A3"))
    assert len(sources) == 1 and base64.b64decode(sources[0]).startswith(PNG)
    assert "<img" not in section(page, "A4")


def test_the_markdown_report_writes_its_figures_as_png_files_beside_it(tmp_path: Path):
    path = tmp_path / "report.md"
    report.write(synthetic_run(), path)
    text = path.read_text(encoding="utf-8")
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert links == ["report_figures/A3_0.png"]
    assert (tmp_path / links[0]).read_bytes().startswith(PNG)
    assert all(f"### {c.id} · " in text for c in claims.CLAIMS)


def test_the_chinese_report_translates_titles_statements_and_verdicts(tmp_path: Path):
    path = tmp_path / "out.html"
    report.write(synthetic_run(), path, "zh")
    page = path.read_text(encoding="utf-8")
    assert 'lang="zh"' in page
    assert "nn.Linear 需要二维 [batch, features] 输入" in section(page, "T1")
    assert "需修正" in section(page, "T1") and "失败" in section(page, "T1")
    assert claims.BY_ID["T1"].title not in page
    assert "unsqueeze(0) 得到的是 [1, N]" in section(page, "T1")  # the precise statement too


def test_a_report_path_without_html_or_md_is_refused(tmp_path: Path):
    with pytest.raises(ValueError, match=r"\.html or \.md"):
        report.write(synthetic_run(), tmp_path / "out.txt")


SPEC_WITH_PLOT = """
    import pytest

    @pytest.mark.claim("A3")
    def test_curve(evidence):
        evidence.plot("a curve", "y = 2x", [0, 1, 2], [0, 2, 4], axes=("x", "y"), role="measured")
        # the same label again: the first series stays
        evidence.plot("a curve", "y = 2x", [0, 1], [9, 9], role="measured")
        evidence.record("slope", 2.0, 2.0)

    @pytest.mark.claim("A3")
    def test_bad_plot(evidence):
        with pytest.raises(ValueError, match="same length"):
            evidence.plot("a curve", "broken", [0, 1], [0], role="measured")
"""


def test_plots_recorded_by_tests_reach_the_json_and_the_report(pytester: pytest.Pytester):
    pytester.makeconftest('pytest_plugins = ["dlspec.harness.plugin"]\n')
    pytester.makepyfile(**{"spec/test_x.py": textwrap.dedent(SPEC_WITH_PLOT)})
    result = pytester.runpytest_inprocess(
        "-p", "no:randomly", "--spec-json", "out.json", "--spec-report", "out.html"
    )
    result.assert_outcomes(passed=2)
    run = json.loads((pytester.path / "out.json").read_text())
    figure = next(c for c in run["claims"] if c["id"] == "A3")["figures"]["a curve"]
    assert [s["label"] for s in figure] == ["y = 2x"] and figure[0]["y"] == [0, 2, 4]
    page = (pytester.path / "out.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in section(page, "A3")


def test_spec_report_with_another_suffix_is_a_usage_error(pytester: pytest.Pytester):
    pytester.makeconftest('pytest_plugins = ["dlspec.harness.plugin"]\n')
    result = pytester.runpytest_inprocess("-p", "no:randomly", "--spec-report", "out.pdf")
    assert result.ret == pytest.ExitCode.USAGE_ERROR


@pytest.mark.parametrize(
    "lang, words",
    [
        ("en", {"precise": "asserted", "claim": "claim's wording", "informative": "informative"}),
        ("zh", {"precise": "已断言", "claim": "知识库原话", "informative": "仅供参考"}),
    ],
)
def test_every_evidence_row_says_whether_it_is_asserted_the_claim_s_wording_or_informative(
    tmp_path: Path, lang: str, words: dict[str, str]
):
    report.write(synthetic_run(), tmp_path / "out.html", lang)
    report.write(synthetic_run(), tmp_path / "out.md", lang)
    page = (tmp_path / "out.html").read_text(encoding="utf-8")
    markdown = (tmp_path / "out.md").read_text(encoding="utf-8")
    for claim in ("T3", "A7", "I5"):
        role = ROLE_OF.get(claim, "precise")
        cell = f'<td class="role-{role}">{html.escape(words[role])}</td>'
        assert cell in section(page, claim), (claim, role)
        block = markdown.split(f"### {claim} ")[1].split("\n### ")[0]
        assert f"| {words[role]} |" in block, (claim, role)


def test_a_quantity_recorded_by_several_tests_shows_its_worst_record(tmp_path: Path):
    run = synthetic_run()
    a8 = next(c for c in run["claims"] if c["id"] == "A8")
    close, far = (
        {**a8["evidence"][0], "measured": m, "test": f"spec/x.py::{m}"} for m in (0.51, 0.9)
    )
    a8["evidence"] = [close, far]
    report.write(run, tmp_path / "out.html")
    page = (tmp_path / "out.html").read_text(encoding="utf-8")
    shown = section(page, "A8")
    assert "<code>0.9</code>" in shown and "<code>0.51</code>" not in shown


def test_registry_formulas_become_mathml_and_the_rest_stays_escaped_text() -> None:
    rendered = report.with_math(r"a <b> $\sigma_w^2 = 2/(n_\mathrm{in} + n_\mathrm{out})$ c")
    assert rendered.startswith("a &lt;b&gt; <math") and rendered.endswith("</math> c"), rendered
    assert "<msubsup>" in rendered and "\\" not in rendered, rendered
    with pytest.raises(ValueError, match="unbalanced"):
        report.with_math("a $x")


def test_every_formula_of_the_registry_converts_to_mathml() -> None:
    formulas = [
        piece
        for claim in claims.CLAIMS
        for lang in claims.LANGUAGES
        for text in (claim.text(lang).statement, claim.text(lang).precise or "")
        for piece in text.split("$")[1::2]
    ]
    assert len(formulas) >= 100, len(formulas)  # the statements are typeset, not plain text
    for formula in formulas:
        mathml = report.with_math(f"${formula}$")
        assert mathml.startswith("<math") and "\\" not in mathml, (formula, mathml)
    assert not any(
        "$" in claim.text(lang).title for claim in claims.CLAIMS for lang in ("en", "zh")
    )


def test_symbolic_evidence_is_typeset_from_the_sympy_expression_itself() -> None:
    q = sympy.Symbol("q")
    mathml = evidence.symbolic_mathml(-2 * q**2 + q)
    assert mathml is not None and mathml.startswith("<math>") and "<msup>" in mathml, mathml
    listed = evidence.symbolic_mathml([sympy.Rational(1, 2), sympy.Rational(1, 4)])
    assert listed is not None and listed.count("<mfrac>") == 2, listed
    assert evidence.symbolic_mathml(0.5) is None and evidence.symbolic_mathml("q") is None


def test_each_figure_has_alt_text_and_a_caption_naming_measured_and_predicted_series() -> None:
    series = [
        {
            "label": "tanh, torch",
            "role": "measured",
            "kind": "line",
            "axes": ("x (input)", "value"),
        },
        {"label": "degree 3", "role": "precise", "kind": "line", "axes": ("", "")},
    ]
    alt = figures.alt_text("tanh and its polynomials", series)
    assert "x (input)" in alt and "value" in alt and "degree 3 (asserted)" in alt, alt
    text = figures.caption("tanh and its polynomials", series)
    assert "Measured: tanh, torch; against: degree 3 (asserted)" in text, text
    assert figures.caption("only measured", series[:1]) == "only measured"


def test_each_section_gives_the_command_that_reruns_its_claim_alone() -> None:
    run = {"environment": {"command": "python -m pytest spec/", "spec_seed": 0}}
    assert report.rerun_command(run, "I5") == "python -m pytest spec/ --claim I5"
    installed = "python -m dlspec --impl-module my.py:IMPL --impl mine"
    run = {"environment": {"command": installed, "spec_seed": 3}}
    assert report.rerun_command(run, "A6") == f"{installed} --claim A6 --spec-seed 3"


def test_a_figure_s_legend_covers_none_of_its_data() -> None:
    x = [float(i) for i in range(50)]
    series = [
        {"label": f"curve {k}", "role": role, "kind": "line", "x": x, "y": [k * v for v in x],
         "axes": ("x (input)", "y (output)"), "log_y": False}
        for k, role in enumerate(["measured", "precise", "claim", "informative"])
    ]  # fmt: skip
    figure = figures.draw("four curves", series)
    renderer = FigureCanvasAgg(figure).get_renderer()
    axes = figure.axes[0]
    legend = axes.get_legend().get_window_extent(renderer)
    assert not legend.overlaps(axes.get_window_extent(renderer)), (legend, axes.bbox)
    assert axes.get_xlabel() == "x (input)" and axes.get_ylabel() == "y (output)"


def test_a_failed_test_s_message_and_a_blocked_test_s_piece_head_their_section(tmp_path):
    """Both formats, in both languages: the measurement that failed and the broken piece a
    blocked test relies on come before the evidence."""
    run = synthetic_run()
    by = {claim["id"]: claim for claim in run["claims"]}
    by["T1"]["tests"][0]["message"] = "AssertionError: measured 3 < 2"
    by["R1"]["status"] = "blocked"
    by["R1"]["tests"] = [
        {"nodeid": "spec/x.py::R1", "outcome": "blocked", "blocked_by": {"optim.Adam": ["R3"]}}
    ]
    for name, lang in (("r.html", "en"), ("r.md", "en"), ("zh.html", "zh")):
        report.write(run, tmp_path / name, lang)
        page = (tmp_path / name).read_text()
        is_html = name.endswith(".html")
        shown = html.escape("measured 3 < 2") if is_html else "measured 3 < 2"
        opening = 'id="claim-{}"' if is_html else "### {} "
        table = "<table" if is_html else "| "
        for section, expected in (("T1", shown), ("R1", "optim.Adam (failed R3)")):
            start = page.index(opening.format(section))
            end = page.index(opening.split("{")[0], start + 1)
            found = page.index(expected, start, end)  # in the section
            evidence = page.find(table, start, end)
            assert evidence == -1 or found < evidence, f"{name}: {section}'s evidence comes first"
