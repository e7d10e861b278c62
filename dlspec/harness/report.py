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
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from dlspec.claims import MODULES
from dlspec.harness.ledger import deviation
from dlspec.harness.translations import CLAIMS_ZH, PRECISE_ZH, ROLES, STATUSES, UI, VERDICTS
from dlspec.harness.translations import MODULES as MODULES_ZH

EVIDENCE_ROWS = 12
STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #1d232a; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 2px solid #ccd; margin-top: 2.5rem; }
section.claim { border: 1px solid #dde; border-radius: 6px; padding: 0.5rem 1rem; margin: 1rem 0; }
section.status-failed { border: 2px solid #c0392b; background: #fdf0ef; }
section.status-untested { border: 2px dashed #999; background: #f6f6f6; }
.badge { display: inline-block; padding: 0 0.5rem; border-radius: 4px; font-size: 0.85rem;
         color: white; margin-left: 0.4rem; vertical-align: middle; }
.holds { background: #2e7d32; } .refined { background: #b26a00; } .refuted { background: #6a1b9a; }
.undecided { background: #777; } .passed { background: #2e7d32; } .failed { background: #c0392b; }
.untested { background: #777; } .alert { color: #c0392b; font-weight: bold; }
td.role-claim { color: #6a1b9a; } td.role-informative { color: #666; font-style: italic; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0; width: 100%; }
td, th { border: 1px solid #dde; padding: 0.2rem 0.4rem; text-align: left; vertical-align: top; }
code { font-size: 0.85rem; background: #f1f1f4; padding: 0 0.2rem; word-break: break-word; }
figure { display: inline-block; margin: 0.5rem; } img { max-width: 100%; }
"""


def write(run: dict[str, Any], path: Path, lang: str = "en") -> None:
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


# a prediction's line says how far to trust it: solid if asserted, dashed for the claim's
# wording, dotted if only informative
LINESTYLES = {"measured": "-", "precise": "-", "claim": "--", "informative": ":"}


def render(title: str, series: list[dict[str, Any]]) -> bytes:
    """One figure as PNG bytes, from the recorded series (line, points or bars); a predicted
    series' legend entry names its evidence role (in English, like the series' labels)."""
    figure = Figure(figsize=(5.4, 3.3), dpi=90)
    axes = figure.subplots()
    for s in series:
        label = s["label"]
        if s["role"] != "measured":
            label = f"{label} ({ROLES['en'][s['role']]})"
        if s["kind"] == "points":
            axes.scatter(s["x"], s["y"], s=10, label=label)
        elif s["kind"] == "bars":
            width = (s["x"][1] - s["x"][0]) if len(s["x"]) > 1 else 0.8
            axes.bar(s["x"], s["y"], width=width, alpha=0.45, label=label)
        else:
            axes.plot(s["x"], s["y"], label=label, linewidth=1.3, linestyle=LINESTYLES[s["role"]])
    if any(s["log_y"] for s in series):
        axes.set_yscale("log")
    axes.set_xlabel(series[0]["axes"][0])
    axes.set_ylabel(series[0]["axes"][1])
    axes.set_title(title, fontsize=9)
    axes.legend(fontsize=7)
    axes.grid(alpha=0.3)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _data_uri(name: str, png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _texts(claim: dict[str, Any], lang: str) -> tuple[str, str, str | None]:
    """Title, statement and precise statement in ``lang`` (English where no translation)."""
    if lang == "zh" and claim["id"] in CLAIMS_ZH:
        title, statement = CLAIMS_ZH[claim["id"]]
        return title, statement, PRECISE_ZH.get(claim["id"], claim["precise"])
    return claim["title"], claim["statement"], claim["precise"]


def _module(letter: str, lang: str) -> str:
    return MODULES_ZH[letter] if lang == "zh" else MODULES[letter]


def _value(value: Any) -> str:
    return f"{value:.6g}" if isinstance(value, float) else str(value)


def _summary(run: dict[str, Any], lang: str) -> dict[str, Any]:
    claims = run["claims"]
    return {
        "verdicts": {v: sum(c["verdict"] == v for c in claims) for v in VERDICTS["en"]},
        "statuses": {s: sum(c["status"] == s for c in claims) for s in STATUSES["en"]},
        "failing": [c for c in claims if c["status"] == "failed"],
        "untested": [c for c in claims if c["status"] == "untested"],
    }


def _figures(claim: dict[str, Any], link: Callable[[str, bytes], str]) -> list[tuple[str, str]]:
    return [
        (title, link(f"{claim['id']}_{index}.png", render(title, series)))
        for index, (title, series) in enumerate(claim.get("figures", {}).items())
    ]


def html_page(run: dict[str, Any], lang: str, link: Callable[[str, bytes], str]) -> str:
    """The whole report as one HTML document; ``link`` turns a PNG into an image address."""
    ui, e = UI[lang], html.escape
    summary = _summary(run, lang)
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
    environment = "".join(
        f"<tr><th>{e(str(k))}</th><td>{e(_value(v))}</td></tr>"
        for k, v in run["environment"].items()
    )
    out.append(f"<h2>{e(ui['environment'])}</h2><table>{environment}</table>")
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
    module = None
    for claim in run["claims"]:
        if claim["id"][0] != module:
            module = claim["id"][0]
            out.append(f"<h2>{e(_module(module, lang))}</h2>")
        out.append(_html_claim(claim, lang, link))
    out.append("</body></html>")
    return "\n".join(out)


def _html_claim(claim: dict[str, Any], lang: str, link: Callable[[str, bytes], str]) -> str:
    ui, e = UI[lang], html.escape
    title, statement, precise = _texts(claim, lang)
    verdict = claim["verdict"] or "undecided"
    parts = [
        f'<section class="claim status-{claim["status"]}" id="claim-{claim["id"]}">',
        f"<h3>{e(claim['id'])} · {e(title)}"
        f'<span class="badge {verdict}">{e(VERDICTS[lang][claim["verdict"]])}</span>'
        f'<span class="badge {claim["status"]}">{e(STATUSES[lang][claim["status"]])}</span></h3>',
        f"<p><b>{e(ui['statement'])}:</b> {e(statement)}</p>",
    ]
    if precise:
        parts.append(f"<p><b>{e(ui['precise'])}:</b> {e(precise)}</p>")
    parts.append(f"<p><i>{e(claim['note'])}</i></p>")
    records = _ranked(claim["evidence"])
    if records:
        rows = "".join(
            f"<tr><td>{e(r['name'])}</td><td><code>{e(_value(r['measured']))}</code></td>"
            f"<td><code>{e(_value(r['predicted']))}</code></td>"
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
            f'<figure><img src="{src}" alt="{e(title)}">'
            f"<figcaption>{e(title)}</figcaption></figure>"
            for title, src in figures
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


def _outcome(outcome: str) -> str:
    return {"passed": "passed", "failed": "failed"}.get(outcome, "untested")


def _ranked(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Key records first, one per name (the worst across the tests that recorded it)."""
    distinct: dict[str, dict[str, Any]] = {}
    for record in sorted(records, key=lambda r: (not r["key"], -deviation(r))):
        distinct.setdefault(record["name"], record)
    return list(distinct.values())


def markdown_page(run: dict[str, Any], lang: str, link: Callable[[str, bytes], str]) -> str:
    """The same report as Markdown; ``link`` saves a PNG and returns its relative path."""
    ui = UI[lang]
    summary = _summary(run, lang)
    out = [f"# {ui['title']}", ""]
    for key in ("failing", "untested"):
        if summary[key]:
            out += [f"**{ui[key]}: {', '.join(c['id'] for c in summary[key])}**", ""]
    out += [f"## {ui['environment']}", ""]
    out += [f"- {k}: `{_value(v)}`" for k, v in run["environment"].items()]
    counts = ", ".join(f"{VERDICTS[lang][v]} {n}" for v, n in summary["verdicts"].items() if n)
    statuses = ", ".join(f"{STATUSES[lang][s]} {n}" for s, n in summary["statuses"].items())
    out += ["", f"## {ui['summary']}", "", counts, "", statuses]
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
        records = _ranked(claim["evidence"])[:EVIDENCE_ROWS]
        if records:
            columns = ("name", "measured", "predicted", "tolerance")
            out += ["| " + " | ".join(ui[k] for k in (*columns, "role")) + " |"]
            out += ["|---|---|---|---|---|"]
            out += [
                "| "
                + " | ".join(_value(r[k]).replace("|", "\\|") for k in columns)
                + f" | {ROLES[lang][r['role']]} |"
                for r in records
            ]
        out += [f"![{title}]({src})" for title, src in _figures(claim, link)]
        if not claim["tests"]:
            out += ["", ui["no_tests"]]
    return "\n".join(out) + "\n"
