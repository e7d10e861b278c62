"""The page around the claims: the reading guide, the summary, the contents (claims ×
implementations), each module's sections with a line to try one of its claims with another
parameter, then the glossary, the references and, last, the run's environment."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from dlspec.claims import MODULES
from dlspec.glossary import GLOSSARY
from dlspec.harness.report.evidence_table import value
from dlspec.harness.report.prose import code_html, with_math
from dlspec.harness.report.section import badge, html_section, markdown_section, texts
from dlspec.harness.translations import GUIDE, STATUSES, UI, VERDICTS
from dlspec.lessons import TRY_IT
from dlspec.references import REFERENCES

STYLE = """
body { font: 15px/1.55 system-ui, "WenQuanYi Micro Hei", sans-serif; max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; color: #1d232a; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 2px solid #ccd; margin-top: 2.5rem; }
nav.languages { float: right; font-size: 0.9rem; }
div.guide { background: #f4f6fb; border-radius: 6px; padding: 0.3rem 1rem; }
section.claim { border: 1px solid #dde; border-radius: 6px; padding: 0.5rem 1rem; margin: 1rem 0; }
section.status-failed { border: 2px solid #c0392b; background: #fdf0ef; }
section.status-deviates { border: 2px solid #1565c0; }
section.status-blocked { border: 2px dashed #c0392b; }
section.status-untested { border: 2px dashed #999; background: #f6f6f6; }
div.bottom-line { border-left: 4px solid #2e7d32; background: #f3f9f3; padding: 0.1rem 0.8rem; }
div.bottom-line p { margin: 0.4rem 0; } p.wrong b { color: #6a1b9a; }
.badge { display: inline-block; padding: 0 0.5rem; border-radius: 4px; font-size: 0.85rem;
         color: white; margin-left: 0.4rem; vertical-align: middle; }
.holds { background: #2e7d32; } .refined { background: #b26a00; } .refuted { background: #6a1b9a; }
.undecided { background: #777; } .passed { background: #2e7d32; } .failed { background: #c0392b; }
.untested { background: #777; } .deviates { background: #1565c0; } .blocked { background: #8e5a55; }
.alert { color: #c0392b; font-weight: bold; }
td[class^="role-"] { white-space: nowrap; } td.role-claim { color: #6a1b9a; }
td.role-informative { color: #666; font-style: italic; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0; width: 100%; }
td, th { border: 1px solid #dde; padding: 0.2rem 0.4rem; text-align: left; vertical-align: top; }
.num { white-space: nowrap; font-variant-numeric: tabular-nums; }
.params { color: #555; font-size: 0.8rem; } .impl { color: #666; font-size: 0.75rem; }
code { font-size: 0.85rem; background: #f1f1f4; padding: 0 0.2rem; }
pre { background: #f6f8fa; padding: 0.5rem; overflow-x: auto; font-size: 0.85rem; }
pre.output { background: #eef6ee; }
a.term { color: inherit; text-decoration: underline dotted; }
figure { margin: 1rem 0; } img { width: 100%; height: auto; }
figcaption { font-size: 0.9rem; color: #333; }
a.top { float: right; font-size: 0.85rem; } .rerun, .cite, .try-it { font-size: 0.85rem; }
dl.glossary dt { font-weight: bold; margin-top: 0.5rem; } math { font-size: 1.05em; }
"""


@dataclass(frozen=True)
class Links:
    """The other pages this run wrote (language -> relative address), and its JSON."""

    languages: Mapping[str, str]
    json: str | None


def _summary(run: Mapping[str, Any]) -> dict[str, Any]:
    claims = run["claims"]
    return {
        "verdicts": {v: sum(c["verdict"] == v for c in claims) for v in VERDICTS["en"]},
        "statuses": {s: sum(c["status"] == s for c in claims) for s in STATUSES["en"]},
        "failing": [c for c in claims if c["status"] == "failed"],
        "untested": [c for c in claims if c["status"] == "untested"],
    }


def _contents(run: Mapping[str, Any], lang: str) -> str:
    """Every claim with its verdict, its status over the run and for each implementation
    (reasons of deviations and absences in a tooltip), linked to its section."""
    e, names = html.escape, list(run["environment"]["implementations"])
    header = "".join(f"<th>{e(name)}</th>" for name in names)
    rows = []
    for claim in run["claims"]:
        cells = (
            f"<td>{badge(claim['verdict'] or 'undecided', VERDICTS[lang][claim['verdict']])}</td>"
            f"<td>{badge(claim['status'], STATUSES[lang][claim['status']])}</td>"
        )
        for name in names:
            found = claim.get("implementations", {}).get(name, {"status": "untested"})
            reasons = "; ".join(found.get("deviations", []) + found.get("absent", []))
            cells += (
                f'<td title="{e(reasons)}" data-impl="{e(name)}">'
                f"{badge(found['status'], STATUSES[lang][found['status']])}</td>"
            )
        title = code_html(str(texts(claim, lang)["title"]))
        rows.append(
            f'<tr><td><a href="#claim-{claim["id"]}">{e(claim["id"])}</a></td>'
            f'<td><a href="#claim-{claim["id"]}">{title}</a></td>{cells}</tr>'
        )
    ui = UI[lang]
    return (
        f'<h2 id="contents">{e(ui["contents"])}</h2><table id="matrix"><tr>'
        f"<th>{e(ui['id'])}</th>"
        f"<th></th><th>{e(ui['verdict'])}</th><th>{e(ui['status'])}</th>"
        f"{header}</tr>{''.join(rows)}</table>"
    )


def _try_it(letter: str, lang: str) -> str:
    if letter not in TRY_IT:
        return ""
    command, what = TRY_IT[letter]
    e = html.escape
    return (
        f'<p class="try-it"><b>{e(UI[lang]["try_it"])}{UI[lang]["colon"]}</b>'
        f"<code>{e(command)}</code> — {with_math(what.zh if lang == 'zh' else what.en, True)}</p>"
    )


def _glossary(lang: str) -> str:
    e = html.escape
    entries = "".join(
        f'<dt id="{term.anchor}">{e(term.name(lang))}'
        + (f" · {with_math(term.symbol)}" if term.symbol else "")
        + f"</dt><dd>{with_math(term.definition(lang), True, set())}</dd>"
        for term in GLOSSARY
    )
    return f'<h2 id="glossary">{e(UI[lang]["glossary"])}</h2><dl class="glossary">{entries}</dl>'


def _references(lang: str) -> str:
    e = html.escape
    # a work is cited in its own language, whatever the page's
    items = "".join(
        f'<li id="reference-{key}" lang="en">{e(r.authors)} ({r.year}). <i>{e(r.title)}</i>. '
        f'{e(r.venue)}. <a href="{e(r.url)}">{e(r.url)}</a></li>'
        for key, r in REFERENCES.items()
    )
    return f'<h2 id="references">{e(UI[lang]["references"])}</h2><ol>{items}</ol>'


def html_page(
    run: Mapping[str, Any], lang: str, link: Callable[[str, bytes], str], links: Links | None = None
) -> str:
    """The whole report as one HTML document; ``link`` turns a PNG into an image address."""
    ui, e = UI[lang], html.escape
    links = links or Links({}, None)
    summary = _summary(run)
    # each other page is named in its own language
    navigation = [
        f'<a href="{e(address)}" hreflang="{other}" lang="{other}">'
        f"{e(UI[other]['language_name'])}</a>"
        for other, address in links.languages.items()
    ]
    if links.json:
        navigation.append(f'<a href="{e(links.json)}">{e(ui["json"])}</a>')
    out = [
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{e(ui['title'])}</title><style>{STYLE}</style></head><body>",
        f'<nav class="languages">{" · ".join(navigation)}</nav>' if navigation else "",
        f"<h1>{e(ui['title'])}</h1>",
    ]
    for key in ("failing", "untested"):
        if summary[key]:
            ids = ", ".join(c["id"] for c in summary[key])
            out.append(f'<p class="alert" id="{key}">{e(ui[key])}{ui["colon"]}{e(ids)}</p>')
    guide = "".join(f"<p>{e(paragraph)}</p>" for paragraph in GUIDE[lang])
    out.append(f'<div class="guide" id="guide"><h2>{e(ui["guide_title"])}</h2>{guide}</div>')
    counts = " · ".join(
        f"{badge(v or 'undecided', VERDICTS[lang][v])} {n}"
        for v, n in summary["verdicts"].items()
        if n
    )
    statuses = " · ".join(
        f"{badge(s, STATUSES[lang][s])} {n}" for s, n in summary["statuses"].items()
    )
    out.append(f"<h2>{e(ui['summary'])}</h2><p>{counts}</p><p>{statuses}</p>")
    out.append(_contents(run, lang))
    module = None
    for claim in run["claims"]:
        if claim["id"][0] != module:
            module = claim["id"][0]
            out.append(f'<h2 id="module-{module}">{e(MODULES[module].name(lang))}</h2>')
            out.append(_try_it(module, lang))
        out.append(html_section(run, claim, lang, link))
    out.append(_glossary(lang))
    out.append(_references(lang))
    environment = "".join(
        f"<tr><th><code>{e(str(k))}</code></th><td><code>{e(value(v))}</code></td></tr>"
        for k, v in run["environment"].items()
    )
    out.append(f'<h2 id="environment">{e(ui["environment"])}</h2><table>{environment}</table>')
    out.append("</body></html>")
    return "\n".join(p for p in out if p)


def markdown_page(
    run: Mapping[str, Any], lang: str, link: Callable[[str, bytes], str], links: Links | None = None
) -> str:
    """The same report as Markdown; ``link`` saves a PNG and returns its relative path."""
    ui = UI[lang]
    links = links or Links({}, None)
    summary = _summary(run)
    out = [f"# {ui['title']}", ""]
    navigation = [f"[{UI[other]['language_name']}]({a})" for other, a in links.languages.items()]
    if links.json:
        navigation.append(f"[{ui['json']}]({links.json})")
    if navigation:
        out += [" · ".join(navigation), ""]
    for key in ("failing", "untested"):
        if summary[key]:
            out += [f"**{ui[key]}: {', '.join(c['id'] for c in summary[key])}**", ""]
    out += [f"## {ui['guide_title']}", "", *(f"{p}\n" for p in GUIDE[lang])]
    counts = ", ".join(f"{VERDICTS[lang][v]} {n}" for v, n in summary["verdicts"].items() if n)
    statuses = ", ".join(f"{STATUSES[lang][s]} {n}" for s, n in summary["statuses"].items())
    out += [f"## {ui['summary']}", "", counts, "", statuses, ""]
    names = list(run["environment"]["implementations"])
    columns = [ui["id"], "", ui["verdict"], ui["status"], *names]
    out += [f"## {ui['contents']}", "", "| " + " | ".join(columns) + " |"]
    out += ["|---" * len(columns) + "|"]
    for claim in run["claims"]:
        found = claim.get("implementations", {})
        cells = [
            str(texts(claim, lang)["title"]).replace("|", "\\|"),
            VERDICTS[lang][claim["verdict"]],
            STATUSES[lang][claim["status"]],
            *(STATUSES[lang][found.get(n, {"status": "untested"})["status"]] for n in names),
        ]
        out += [f"| {claim['id']} | " + " | ".join(cells) + " |"]
    module = None
    for claim in run["claims"]:
        if claim["id"][0] != module:
            module = claim["id"][0]
            out += ["", f"## {MODULES[module].name(lang)}"]
            if module in TRY_IT:
                command, what = TRY_IT[module]
                out += [
                    "",
                    f"**{ui['try_it']}:** `{command}` — {what.zh if lang == 'zh' else what.en}",
                ]
        out += markdown_section(run, claim, lang, link)
    out += ["", f"## {ui['glossary']}", ""]
    out += [
        f"- **{t.name(lang)}**" + (f" ({t.symbol})" if t.symbol else "") + f": {t.definition(lang)}"
        for t in GLOSSARY
    ]
    out += ["", f"## {ui['references']}", ""]
    out += [
        f"- {r.authors} ({r.year}). *{r.title}*. {r.venue}. {r.url}" for r in REFERENCES.values()
    ]
    out += ["", f"## {ui['environment']}", ""]
    out += [f"- {k}: `{value(v)}`" for k, v in run["environment"].items()]
    return "\n".join(out) + "\n"
