"""The living document: every claim with its verdict, evidence, tests and figures, as one
self-contained HTML page or as Markdown with PNG files beside it (``--spec-report``).

It is built from the run's JSON (:meth:`Ledger.as_json`), so it shows exactly what the run
measured: the figures are drawn here from the series the tests recorded with
``evidence.plot``. A failing or untested claim is listed at the top and marked where it
stands; nothing is left out.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from latex2mathml.converter import convert as latex_to_mathml

from dlspec.claims import BY_ID, MODULES
from dlspec.harness.figures import alt_text, caption, render
from dlspec.harness.ledger import blocking, ranked
from dlspec.harness.translations import ROLES, STATUSES, UI, VERDICTS

EVIDENCE_ROWS = 12
# HTML5 knows <math> without its namespace, and the page names no address it does not need
MATHML = "http://www.w3.org/1998/Math/MathML"
STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #1d232a; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 2px solid #ccd; margin-top: 2.5rem; }
section.claim { border: 1px solid #dde; border-radius: 6px; padding: 0.5rem 1rem; margin: 1rem 0; }
section.status-failed { border: 2px solid #c0392b; background: #fdf0ef; }
section.status-deviates { border: 2px solid #1565c0; }
section.status-blocked { border: 2px dashed #c0392b; }
section.status-untested { border: 2px dashed #999; background: #f6f6f6; }
.badge { display: inline-block; padding: 0 0.5rem; border-radius: 4px; font-size: 0.85rem;
         color: white; margin-left: 0.4rem; vertical-align: middle; }
.holds { background: #2e7d32; } .refined { background: #b26a00; } .refuted { background: #6a1b9a; }
.undecided { background: #777; } .passed { background: #2e7d32; } .failed { background: #c0392b; }
.untested { background: #777; } .deviates { background: #1565c0; } .blocked { background: #8e5a55; }
.alert { color: #c0392b; font-weight: bold; }
td.role-claim { color: #6a1b9a; } td.role-informative { color: #666; font-style: italic; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0; width: 100%; }
td, th { border: 1px solid #dde; padding: 0.2rem 0.4rem; text-align: left; vertical-align: top; }
code { font-size: 0.85rem; background: #f1f1f4; padding: 0 0.2rem; word-break: break-word; }
figure { margin: 1rem 0; } img { width: 100%; height: auto; }
figcaption { font-size: 0.9rem; color: #444; }
a.top { float: right; font-size: 0.85rem; } .rerun { font-size: 0.85rem; }
math { font-size: 1.05em; }
"""


def write(run: Mapping[str, Any], path: Path, lang: str = "en") -> None:
    """Write the report of ``run`` (the --spec-json structure) to ``path`` (.html or .md)."""
    if lang not in UI:
        raise ValueError(f"report language must be one of {sorted(UI)}, got {lang!r}")
    if path.suffix == ".html":
        path.write_text(html_page(run, lang, _data_uri), encoding="utf-8")
    elif path.suffix == ".md":
        folder = path.with_name(f"{path.stem}_figures")
        folder.mkdir(parents=True, exist_ok=True)

        def saved(name: str, png: bytes) -> str:
            (folder / name).write_bytes(png)
            return f"{folder.name}/{name}"

        path.write_text(markdown_page(run, lang, saved), encoding="utf-8")
    else:
        raise ValueError(f"--spec-report needs a path ending in .html or .md, got {path}")


def _data_uri(name: str, png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _texts(claim: dict[str, Any], lang: str) -> tuple[str, str, str | None]:
    """Title, statement and precise statement of the run's ``claim`` in ``lang``, from the
    registry, which holds every claim's words in every report language."""
    text = BY_ID[claim["id"]].text(lang)
    return text.title, text.statement, text.precise


def _module(letter: str, lang: str) -> str:
    return MODULES[letter].name(lang)


def _value(value: Any) -> str:
    return f"{value:.6g}" if isinstance(value, float) else str(value)


def _summary(run: Mapping[str, Any]) -> dict[str, Any]:
    claims = run["claims"]
    return {
        "verdicts": {v: sum(c["verdict"] == v for c in claims) for v in VERDICTS["en"]},
        "statuses": {s: sum(c["status"] == s for c in claims) for s in STATUSES["en"]},
        "failing": [c for c in claims if c["status"] == "failed"],
        "untested": [c for c in claims if c["status"] == "untested"],
    }


def _evidence(claim: dict[str, Any]) -> list[dict[str, Any]]:
    """The claim's records in the order the terminal shows them (:func:`ledger.ranked`)."""
    counterexamples = {t["nodeid"] for t in claim["tests"] if t.get("counterexample")}
    return ranked(claim["evidence"], counterexamples)  # type: ignore[return-value]


def _contents_html(run: Mapping[str, Any], lang: str) -> str:
    """The table of contents: every claim with its verdict, its status over the run and
    for each implementation (reasons of deviations and absences in a tooltip), linked to
    its section."""
    e, names = html.escape, list(run["environment"]["implementations"])
    header = "".join(f"<th>{e(name)}</th>" for name in names)
    rows = []
    for claim in run["claims"]:
        verdict = claim["verdict"] or "undecided"
        cells = (
            f'<td><span class="badge {verdict}">{e(VERDICTS[lang][claim["verdict"]])}</span></td>'
            f'<td><span class="badge {claim["status"]}">'
            f"{e(STATUSES[lang][claim['status']])}</span></td>"
        )
        for name in names:
            found = claim.get("implementations", {}).get(name, {"status": "untested"})
            reasons = "; ".join(found.get("deviations", []) + found.get("absent", []))
            cells += (
                f'<td title="{e(reasons)}" data-impl="{e(name)}"><span class="badge '
                f'{found["status"]}">{e(STATUSES[lang][found["status"]])}</span></td>'
            )
        rows.append(
            f'<tr><td><a href="#claim-{claim["id"]}">{e(claim["id"])}</a></td>'
            f'<td><a href="#claim-{claim["id"]}">{e(_texts(claim, lang)[0])}</a></td>{cells}</tr>'
        )
    return (
        f'<h2 id="contents">{e(UI[lang]["contents"])}</h2><table id="matrix"><tr><th>ID</th>'
        f"<th></th><th>{e(UI[lang]['verdict'])}</th><th>{e(UI[lang]['status'])}</th>"
        f"{header}</tr>{''.join(rows)}</table>"
    )


def rerun_command(run: Mapping[str, Any], claim_id: str) -> str:
    """The command that runs this claim's tests alone, as the run was started (the spec's
    location, its implementation modules and implementations), with its seed."""
    environment = run["environment"]
    command = f"{environment['command']} --claim {claim_id}"
    if environment.get("spec_seed"):
        command += f" --spec-seed {environment['spec_seed']}"
    return command


def with_math(text: str) -> str:
    """HTML of a registry text: its ``$...$`` formulas as MathML, the rest escaped."""
    pieces = text.split("$")
    if len(pieces) % 2 == 0:
        raise ValueError(f"unbalanced $ in {text!r}")
    return "".join(
        latex_to_mathml(piece).replace(f' xmlns="{MATHML}"', "")
        if index % 2
        else html.escape(piece)
        for index, piece in enumerate(pieces)
    )


def _declarations(claim: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(UI label, where, what) for each failed test, with the measurement that failed, then
    each blocked test, with the broken piece it relies on, then each declared deviation that
    occurred and each absent mechanism, by implementation."""
    tests = claim.get("tests", [])
    return (
        [("failure", t["nodeid"], t.get("message", "")) for t in tests if t["outcome"] == "failed"]
        + [
            ("blocked", t["nodeid"], blocking(t["blocked_by"]))
            for t in tests
            if t["outcome"] == "blocked"
        ]
        + [
            (label, name, reason)
            for label, kind in (("deviation", "deviations"), ("absent", "absent"))
            for name, found in claim.get("implementations", {}).items()
            for reason in found.get(kind, [])
        ]
    )


def _figures(
    claim: dict[str, Any], link: Callable[[str, bytes], str]
) -> list[tuple[str, str, str]]:
    """(image address, alt text, caption) of each of the claim's figures."""
    return [
        (
            link(f"{claim['id']}_{index}.png", render(title, series)),
            alt_text(title, series),
            caption(title, series),
        )
        for index, (title, series) in enumerate(claim.get("figures", {}).items())
    ]


def html_page(run: Mapping[str, Any], lang: str, link: Callable[[str, bytes], str]) -> str:
    """The whole report as one HTML document; ``link`` turns a PNG into an image address."""
    ui, e = UI[lang], html.escape
    summary = _summary(run)
    out = [
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{e(ui['title'])}</title><style>{STYLE}</style></head><body>",
        f"<h1>{e(ui['title'])}</h1>",
    ]
    if summary["failing"]:
        ids = ", ".join(c["id"] for c in summary["failing"])
        out.append(f'<p class="alert" id="failing">{e(ui["failing"])}: {e(ids)}</p>')
    if summary["untested"]:
        ids = ", ".join(c["id"] for c in summary["untested"])
        out.append(f'<p class="alert" id="untested">{e(ui["untested"])}: {e(ids)}</p>')
    counts = " · ".join(
        f'<span class="badge {v or "undecided"}">{e(VERDICTS[lang][v])}</span> {n}'
        for v, n in summary["verdicts"].items()
        if n
    )
    statuses = " · ".join(
        f'<span class="badge {s}">{e(STATUSES[lang][s])}</span> {n}'
        for s, n in summary["statuses"].items()
    )
    out.append(f"<h2>{e(ui['summary'])}</h2><p>{counts}</p><p>{statuses}</p>")
    out.append(_contents_html(run, lang))
    environment = "".join(
        f"<tr><th>{e(str(k))}</th><td>{e(_value(v))}</td></tr>"
        for k, v in run["environment"].items()
    )
    out.append(f"<h2>{e(ui['environment'])}</h2><table>{environment}</table>")
    module = None
    for claim in run["claims"]:
        if claim["id"][0] != module:
            module = claim["id"][0]
            out.append(f"<h2>{e(_module(module, lang))}</h2>")
        out.append(_html_claim(run, claim, lang, link))
    out.append("</body></html>")
    return "\n".join(out)


def _html_claim(
    run: Mapping[str, Any], claim: dict[str, Any], lang: str, link: Callable[[str, bytes], str]
) -> str:
    ui, e = UI[lang], html.escape
    title, statement, precise = _texts(claim, lang)
    verdict = claim["verdict"] or "undecided"
    parts = [
        f'<section class="claim status-{claim["status"]}" id="claim-{claim["id"]}">',
        f'<a class="top" href="#contents">↑ {e(ui["contents"])}</a>',
        f"<h3>{e(claim['id'])} · {e(title)}"
        f'<span class="badge {verdict}">{e(VERDICTS[lang][claim["verdict"]])}</span>'
        f'<span class="badge {claim["status"]}">{e(STATUSES[lang][claim["status"]])}</span></h3>',
        f"<p><b>{e(ui['statement'])}:</b> {with_math(statement)}</p>",
    ]
    if precise:
        parts.append(f"<p><b>{e(ui['precise'])}:</b> {with_math(precise)}</p>")
    parts.append(f"<p><i>{e(claim['note'])}</i></p>")
    parts.append(
        f'<p class="rerun">{e(ui["rerun"])}: <code>{e(rerun_command(run, claim["id"]))}</code></p>'
    )
    parts += [
        f"<p><b>{e(ui[label])} ({e(name)}):</b> {e(reason)}</p>"
        for label, name, reason in _declarations(claim)
    ]
    records = _evidence(claim)
    if records:
        rows = "".join(
            f"<tr><td>{e(r['name'])}</td><td>{_cell(r, 'measured')}</td>"
            f"<td>{_cell(r, 'predicted')}</td>"
            f"<td>{e(_value(r['tolerance']))}</td>"
            f'<td class="role-{r["role"]}">{e(ROLES[lang][r["role"]])}</td></tr>'
            for r in records[:EVIDENCE_ROWS]
        )
        header = "".join(
            f"<th>{e(ui[k])}</th>" for k in ("name", "measured", "predicted", "tolerance", "role")
        )
        parts.append(f"<h4>{e(ui['evidence'])}</h4><table><tr>{header}</tr>{rows}</table>")
        if len(records) > EVIDENCE_ROWS:
            parts.append(f"<p>+{len(records) - EVIDENCE_ROWS} {e(ui['more'])}</p>")
    else:
        parts.append(f"<p>{e(ui['no_evidence'])}</p>")
    figures = _figures(claim, link)
    if figures:
        parts.append(f"<h4>{e(ui['figures'])}</h4>")
        parts += [
            f'<figure><img src="{src}" alt="{e(alt)}"><figcaption>{e(text)}</figcaption></figure>'
            for src, alt, text in figures
        ]
    if claim["tests"]:
        rows = "".join(
            f"<tr><td><code>{e(t['nodeid'])}</code></td>"
            f'<td><span class="badge {_outcome(t["outcome"])}">{e(t["outcome"])}</span></td></tr>'
            for t in claim["tests"]
        )
        parts.append(f"<details><summary>{e(ui['tests'])} ({len(claim['tests'])})</summary>")
        parts.append(f"<table>{rows}</table></details>")
    else:
        parts.append(f"<p>{e(ui['no_tests'])}</p>")
    parts.append("</section>")
    return "\n".join(parts)


def _cell(record: dict[str, Any], key: str) -> str:
    """A measured or predicted value: sympy's MathML where the value was symbolic."""
    mathml = record.get(f"{key}_mathml")
    return str(mathml) if mathml else f"<code>{html.escape(_value(record[key]))}</code>"


def _outcome(outcome: str) -> str:
    """A test's outcome as the status badge it shows: a skipped or absent test untested."""
    if outcome == "deviated":
        return "deviates"
    return outcome if outcome in ("passed", "failed", "blocked") else "untested"


def markdown_page(run: Mapping[str, Any], lang: str, link: Callable[[str, bytes], str]) -> str:
    """The same report as Markdown; ``link`` saves a PNG and returns its relative path."""
    ui = UI[lang]
    summary = _summary(run)
    out = [f"# {ui['title']}", ""]
    for key in ("failing", "untested"):
        if summary[key]:
            out += [f"**{ui[key]}: {', '.join(c['id'] for c in summary[key])}**", ""]
    counts = ", ".join(f"{VERDICTS[lang][v]} {n}" for v, n in summary["verdicts"].items() if n)
    statuses = ", ".join(f"{STATUSES[lang][s]} {n}" for s, n in summary["statuses"].items())
    out += ["", f"## {ui['summary']}", "", counts, "", statuses, ""]
    names = list(run["environment"]["implementations"])
    columns = ["ID", "", ui["verdict"], ui["status"], *names]
    out += [f"## {ui['contents']}", "", "| " + " | ".join(columns) + " |"]
    out += ["|---" * len(columns) + "|"]
    for claim in run["claims"]:
        found = claim.get("implementations", {})
        cells = [
            _texts(claim, lang)[0].replace("|", "\\|"),
            VERDICTS[lang][claim["verdict"]],
            STATUSES[lang][claim["status"]],
            *(STATUSES[lang][found.get(n, {"status": "untested"})["status"]] for n in names),
        ]
        out += [f"| {claim['id']} | " + " | ".join(cells) + " |"]
    out += ["", f"## {ui['environment']}", ""]
    out += [f"- {k}: `{_value(v)}`" for k, v in run["environment"].items()]
    module = None
    for claim in run["claims"]:
        if claim["id"][0] != module:
            module = claim["id"][0]
            out += ["", f"## {_module(module, lang)}"]
        title, statement, precise = _texts(claim, lang)
        verdict, status = VERDICTS[lang][claim["verdict"]], STATUSES[lang][claim["status"]]
        out += ["", f"### {claim['id']} · {title} — {verdict}, {status}", ""]
        out += [f"**{ui['statement']}:** {statement}", ""]
        if precise:
            out += [f"**{ui['precise']}:** {precise}", ""]
        out += [f"_{claim['note']}_", ""]
        out += [
            f"**{ui[label]} ({name}):** {reason}" for label, name, reason in _declarations(claim)
        ]
        records = _evidence(claim)[:EVIDENCE_ROWS]
        if records:
            shown = ("name", "measured", "predicted", "tolerance")
            out += ["| " + " | ".join(ui[k] for k in (*shown, "role")) + " |"]
            out += ["|---|---|---|---|---|"]
            out += [
                "| "
                + " | ".join(_value(r[k]).replace("|", "\\|") for k in shown)
                + f" | {ROLES[lang][r['role']]} |"
                for r in records
            ]
        for src, alt, text in _figures(claim, link):
            out += ["", f"![{alt}]({src})", "", f"_{text}_"]
        out += ["", f"{ui['rerun']}: `{rerun_command(run, claim['id'])}`"]
        if not claim["tests"]:
            out += ["", ui["no_tests"]]
    return "\n".join(out) + "\n"
