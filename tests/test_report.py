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
from dlspec.harness import evidence, figures, languages, report
from dlspec.harness.report import prose

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
    # nothing to fetch: the only addresses are the references' links, which a reader follows
    assert not re.search(r'src="https?:|<link|@import|url\(', page)


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
    assert links == ["report_figures/A3_0.en.png"]
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
    assert "<code>unsqueeze(0)</code> 得到的是 <code>[1, N]</code>" in section(page, "T1")


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
        ("zh", {"precise": "已断言", "claim": "知识库的论断", "informative": "仅供参考"}),
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
    assert '<span class="num">0.9</span>' in shown and '<span class="num">0.51</span>' not in shown


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


def curve(label: str, y: list[float], implementation: str | None = None, **extra: Any) -> dict:
    return {
        "label": label,
        "label_zh": f"{label}（中文）",
        "role": "measured",
        "kind": "line",
        "x": [0.0, 1.0, 2.0],
        "y": y,
        "axes": ["x (input)", "value"],
        "axes_zh": ["横轴 x", "值"],
        "figure": "tanh and its polynomials",
        "figure_zh": "tanh 与其多项式",
        "log_y": False,
        "implementation": implementation,
        "notice": None,
        **extra,
    }


def test_each_figure_s_caption_says_what_to_notice_in_the_page_s_language() -> None:
    notice = ["the polynomial leaves tanh beyond |x| = 1", "在 |x| = 1 之外多项式偏离 tanh"]
    series = [
        curve("tanh", [0.0, 0.76, 0.96], notice=notice),
        {**curve("degree 3", [0.0, 0.67, -0.67]), "role": "precise"},
    ]
    assert figures.caption(series) == notice[0]
    assert figures.caption(series, "zh").startswith(notice[1])
    alt = figures.alt_text("", series)
    assert "x (input)" in alt and "value" in alt and "degree 3 (asserted)" not in alt, alt
    assert "横轴 x" in figures.alt_text("", series, "zh")


def test_implementations_whose_curves_coincide_are_drawn_once_and_the_caption_says_so() -> None:
    same = [
        curve("tanh", [0.0, 0.5, 1.0], "dlspec"),
        curve("tanh", [0.0, 0.5, 1.0 + 1e-9], "torch"),
    ]
    drawn, coincide = figures.merged(same)
    assert len(drawn) == 1 and coincide == [("dlspec", "torch", pytest.approx(1e-9))]
    assert "torch lies on dlspec's line (largest difference 1e-09)" in figures.caption(same)
    apart = [curve("tanh", [0.0, 0.5, 1.0], "dlspec"), curve("tanh", [0.0, 0.5, 0.9], "torch")]
    drawn, coincide = figures.merged(apart)
    assert [d["named"] for d in drawn] == ["dlspec", "torch"] and coincide == []
    labels = [t.get_text() for t in figures.draw("", apart).legends[0].get_texts()]
    assert labels == ["tanh (dlspec)", "tanh (torch)"]


def test_series_of_one_group_share_a_colour_and_a_dashed_variant_is_dashed() -> None:
    series = [
        curve("set 0, without", [0.0, 1.0, 0.0], group="set 0"),
        curve("set 0, with", [0.0, 0.5, 0.0], group="set 0", dashed=True),
        curve("set 1, without", [1.0, 1.0, 1.0], group="set 1"),
    ]
    lines = figures.draw("", series).axes[0].get_lines()
    assert lines[0].get_color() == lines[1].get_color() != lines[2].get_color()
    assert [line.get_linestyle() for line in lines] == ["-", "--", "-"]


def test_a_mark_is_a_vertical_line_at_each_of_its_x() -> None:
    marks = {**curve("0.39", [0.0]), "kind": "mark", "x": [0.39], "role": "claim"}
    lines = figures.draw("", [curve("counts", [1.0, 2.0, 1.0]), marks]).axes[0].get_lines()
    assert list(lines[1].get_xdata()) == [0.39, 0.39]


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
    legend = figure.legends[0].get_window_extent(renderer)
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


def learner(name: str, measured: float, test: str, **extra: Any) -> dict[str, Any]:
    return {
        "claim": "I5",
        "name": name,
        "name_zh": f"{name}（中文）",
        "measured": measured,
        "predicted": 0.39,
        "tolerance": "exact",
        "tolerance_zh": "exact",
        "key": True,
        "role": "precise",
        "examples": 1,
        "learner": True,
        "params": {"width": 100, "networks": 128},
        "test": test,
        **extra,
    }


def i5_with_learner_records(run: dict[str, Any], torch_value: float) -> dict[str, Any]:
    i5 = next(c for c in run["claims"] if c["id"] == "I5")
    i5["tests"] = [
        {"nodeid": "spec/x.py::t[dlspec]", "outcome": "passed", "implementation": "dlspec"},
        {"nodeid": "spec/x.py::t[torch]", "outcome": "passed", "implementation": "torch"},
    ]
    i5["evidence"] = [
        learner("median variance", 0.447, "spec/x.py::t[dlspec]"),
        learner("median variance", torch_value, "spec/x.py::t[torch]"),
        {**learner("a check of the test itself", 1.0, "spec/x.py::t[dlspec]"), "learner": False},
    ]
    return i5


def test_key_evidence_shows_each_learner_record_with_its_parameters_and_each_implementation(
    tmp_path: Path,
) -> None:
    run = synthetic_run()
    i5_with_learner_records(run, 0.371)
    report.write(run, tmp_path / "out.html")
    shown = section((tmp_path / "out.html").read_text(encoding="utf-8"), "I5")
    key = shown.split('<div class="key-evidence">')[1].split("</table>")[0]
    assert key.count('<tr class="learner">') == 1  # one quantity, a value per implementation
    assert "<code>width</code> = <code>100</code>, <code>networks</code> = <code>128</code>" in key
    assert '0.447</span> <span class="impl">dlspec' in key and "0.371" in key
    assert "a check of the test itself" not in key
    closed = shown.split('<details class="all-evidence">')[1]
    assert "a check of the test itself" in closed and "median variance" not in closed
    report.write(run, tmp_path / "out.zh.html", "zh")
    chinese = section((tmp_path / "out.zh.html").read_text(encoding="utf-8"), "I5")
    assert "宽度 = <code>100</code>，网络数 = <code>128</code>" in chinese
    assert "median variance（中文）" in chinese
    assert ">精确<" in chinese  # the plain tolerance "exact" in Chinese
    i5_with_learner_records(run, 0.447)
    report.write(run, tmp_path / "same.html")
    same = section((tmp_path / "same.html").read_text(encoding="utf-8"), "I5")
    assert 'class="impl"' not in same.split("</table>")[0]  # agreeing values shown once


def test_prose_fills_in_the_run_s_numbers_and_says_when_the_run_did_not_measure_one() -> None:
    run = synthetic_run()
    i5 = i5_with_learner_records(run, 0.371)
    filled = prose.fill(
        "median {{median variance}} of {{median variance|params.networks}}", i5, "en"
    )
    assert filled == "median 0.45 (dlspec), 0.37 (torch) of 128"
    assert prose.fill("{{median variance}}", i5, "zh") == "0.45（dlspec）、0.37（torch）"
    assert prose.fill("{{median variance|predicted}}", i5, "en") == "0.39"
    assert prose.fill("{{nothing}}", i5, "en") == "[not measured in this run]"
    with pytest.raises(ValueError, match="measured, predicted or params"):
        prose.fill("{{median variance|tolerance}}", i5, "en")
    assert [prose.significant(v) for v in (0.4468, 128, 1.0, 32209.39, 4.4e-16)] == [
        "0.45",
        "128",
        "1",
        "32209",
        "4.4e-16",
    ]


def test_one_run_writes_a_page_per_language_each_linking_only_to_what_it_wrote(
    tmp_path: Path,
) -> None:
    json_path = tmp_path / "run.json"
    json_path.write_text("{}")
    paths = report.write_languages(synthetic_run(), tmp_path / "r.html", ["en", "zh"], json_path)
    assert paths == {"en": tmp_path / "r.html", "zh": tmp_path / "r.zh.html"}
    english, chinese = (p.read_text(encoding="utf-8") for p in paths.values())
    assert 'href="r.zh.html"' in english and 'href="run.json"' in english
    assert 'href="r.html"' in chinese and 'href="run.json"' in chinese
    alone = report.write_languages(synthetic_run(), tmp_path / "a.md", ["zh"])
    assert "run.json" not in alone["zh"].read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="report language"):
        report.page_paths(tmp_path / "r.html", ["en", "fr"])


def test_spec_lang_takes_both_languages_and_names_an_unknown_one(pytester: pytest.Pytester):
    pytester.makeconftest('pytest_plugins = ["dlspec.harness.plugin"]\n')
    result = pytester.runpytest_inprocess("-p", "no:randomly", "--spec-lang", "en,fr")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--spec-lang*'en,fr'*distinct languages among en, zh*"])
    result = pytester.runpytest_inprocess(
        "-p", "no:randomly", "--spec-lang", "zh,en", "--spec-report", "r.md"
    )
    assert (pytester.path / "r.md").exists() and (pytester.path / "r.en.md").exists()
    assert "# dlspec：" in (pytester.path / "r.md").read_text(encoding="utf-8")


SPEC_IN_BOTH_LANGUAGES = """
    import pytest
    from dlspec.harness.translations import Both

    @pytest.mark.claim("R1")
    def test_learner_record_and_figure(evidence):
        evidence.record(
            Both("output / input on kept elements", "保留元素上的输出/输入"),
            2.0,
            Both("1/(1 - p)", "1/(1 - p)"),
            Both("4 ulp relative", "相对 4 ulp"),
            learner=True,
            params={"p": 0.5},
        )
        evidence.plot(
            Both("a worked example", "一个算例"),
            Both("output", "输出"),
            [0, 1],
            [0, 2],
            axes=(Both("element", "元素"), "value"),
            role="measured",
            notice=Both("kept values double", "保留的值翻倍"),
            group="set 0",
            dashed=True,
        )

    @pytest.mark.claim("R1")
    def test_refusals(evidence):
        with pytest.raises(ValueError, match="must name its params"):
            evidence.record("x", 1, 1, learner=True)
        with pytest.raises(ValueError, match="unknown parameter names .'colour'."):
            evidence.record("x", 1, 1, learner=True, params={"colour": 1})
        with pytest.raises(TypeError, match="notice is a Both"):
            evidence.plot("f", "l", [0], [0], role="measured", notice="look")
        with pytest.raises(ValueError, match="non-empty strings"):
            evidence.record(Both("x", ""), 1, 1)
        with pytest.raises(ValueError, match="line, points, bars, mark"):
            evidence.plot("f", "l", [0], [0], role="measured", kind="pie")
"""


def test_records_and_figures_reach_the_json_in_both_languages_with_their_learner_data(
    pytester: pytest.Pytester,
):
    pytester.makeconftest('pytest_plugins = ["dlspec.harness.plugin"]\n')
    pytester.makepyfile(**{"spec/test_x.py": textwrap.dedent(SPEC_IN_BOTH_LANGUAGES)})
    result = pytester.runpytest_inprocess("-p", "no:randomly", "--spec-json", "out.json")
    result.assert_outcomes(passed=2)
    run = json.loads((pytester.path / "out.json").read_text())
    r1 = next(c for c in run["claims"] if c["id"] == "R1")
    record = r1["evidence"][0]
    assert (record["name"], record["name_zh"]) == (
        "output / input on kept elements",
        "保留元素上的输出/输入",
    )
    assert (record["tolerance"], record["tolerance_zh"]) == ("4 ulp relative", "相对 4 ulp")
    assert (record["predicted"], record["predicted_zh"], record["measured_zh"]) == (
        "1/(1 - p)",
        "1/(1 - p)",
        None,
    )
    assert record["learner"] is True and record["params"] == {"p": 0.5}
    (series,) = r1["figures"]["a worked example"]
    assert (series["figure_zh"], series["label_zh"], series["axes_zh"]) == (
        "一个算例",
        "输出",
        ["元素", "value"],
    )
    assert series["notice"] == ["kept values double", "保留的值翻倍"]
    assert (series["group"], series["dashed"], series["implementation"]) == ("set 0", True, None)


def test_a_key_quantity_shows_each_implementation_s_record_farthest_from_its_prediction(
    tmp_path: Path,
) -> None:
    run = synthetic_run()
    i5 = i5_with_learner_records(run, 0.371)
    i5["evidence"].insert(1, learner("median variance", 0.40, "spec/x.py::t[dlspec]"))
    report.write(run, tmp_path / "out.html")
    key = section((tmp_path / "out.html").read_text(encoding="utf-8"), "I5").split("</table>")[0]
    assert "0.447" in key and ">0.4<" not in key


@pytest.mark.parametrize(
    "text, flagged",
    [
        ("梯度消失（vanishing）", ["vanishing"]),
        ("宽度，n_out = 3；dtype", ["dtype"]),
        ("宽度，`n_out = 3`；`dtype`", []),
        ("leaky_relu(x); leaky_relu'(x)。", []),
        ("均值 mean-field 映射", ["mean-field"]),
        ("ValueError、PyTorch 与 Xavier", []),
        ("$\\mathbb{E}[h^2]$ 与 E[h^2] 与 R_30", []),
        ("the mean", ["the"]),
    ],
)
def test_latin_words_finds_the_english_a_chinese_page_must_not_show(text, flagged) -> None:
    assert languages.latin_words(text) == flagged
