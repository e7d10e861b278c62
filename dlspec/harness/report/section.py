"""One claim's section, in the order a learner reads it: the bottom line, the key
evidence with its parameters, the figures with what to notice, the knowledge base's claim
and what the spec checks instead, the derivation and its snippet, references, how to
rerun it, and last, closed, all the evidence and the tests."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

from dlspec.claims import BY_ID
from dlspec.harness.figures import alt_text, caption, render
from dlspec.harness.ledger import blocking
from dlspec.harness.report.evidence_table import all_table, key_table, markdown_rows
from dlspec.harness.report.prose import code_html, fill, with_math
from dlspec.harness.report.snippets import lessons_html, lessons_markdown
from dlspec.harness.translations import OUTCOMES, STATUSES, UI, VERDICTS
from dlspec.references import REFERENCES

Link = Callable[[str, bytes], str]


def rerun_command(run: Mapping[str, Any], claim_id: str) -> str:
    """The command that runs this claim's tests alone, as the run was started (the spec's
    location, its implementation modules and implementations), with its seed."""
    environment = run["environment"]
    command = f"{environment['command']} --claim {claim_id}"
    if environment.get("spec_seed"):
        command += f" --spec-seed {environment['spec_seed']}"
    return command


def texts(claim: Mapping[str, Any], lang: str) -> dict[str, str | None]:
    """The claim's words in ``lang`` with this run's numbers filled in."""
    text = BY_ID[claim["id"]].text(lang)
    words = {
        "title": text.title,
        "statement": text.statement,
        "precise": text.precise,
        "truth": text.truth,
        "wrong": text.wrong,
        "action": text.action,
    }
    return {k: fill(v, claim, lang) if v else v for k, v in words.items()}


def declarations(claim: Mapping[str, Any]) -> list[tuple[str, str, str]]:
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


def figures(claim: Mapping[str, Any], lang: str, link: Link) -> list[tuple[str, str, str]]:
    """(image address, alt text, caption) of each of the claim's figures."""
    return [
        (
            link(f"{claim['id']}_{index}.{lang}.png", render(title, series, lang)),
            alt_text(title, series, lang),
            caption(series, lang),
        )
        for index, (title, series) in enumerate(claim.get("figures", {}).items())
    ]


def test_counts(claim: Mapping[str, Any], lang: str) -> str:
    outcomes: dict[str, int] = {}
    for test in claim.get("tests", []):
        outcomes[test["outcome"]] = outcomes.get(test["outcome"], 0) + 1
    separator = "，" if lang == "zh" else ", "
    shown = separator.join(f"{OUTCOMES[lang][o]} {n}" for o, n in outcomes.items())
    return UI[lang]["tests_count"].format(count=len(claim.get("tests", [])), outcomes=shown)


def badge(kind: str, text: str) -> str:
    return f'<span class="badge {kind}">{html.escape(text)}</span>'


def html_section(run: Mapping[str, Any], claim: Mapping[str, Any], lang: str, link: Link) -> str:
    ui, e = UI[lang], html.escape
    words, linked = texts(claim, lang), set[str]()
    verdict = claim["verdict"] or "undecided"
    parts = [
        f'<section class="claim status-{claim["status"]}" id="claim-{claim["id"]}">',
        f'<a class="top" href="#contents">↑ {e(ui["contents"])}</a>',
        f"<h3>{e(claim['id'])} · {code_html(words['title'] or '')}"
        f"{badge(verdict, VERDICTS[lang][claim['verdict']])}"
        f"{badge(claim['status'], STATUSES[lang][claim['status']])}</h3>",
    ]
    parts += [
        f'<p class="declared"><b>{e(ui[label])} ({e(name)}){ui["colon"]}</b>{e(reason)}</p>'
        for label, name, reason in declarations(claim)
    ]
    bottom = "".join(
        f'<p class="{key}"><b>{e(ui[key])}{ui["colon"]}</b>'
        f"{with_math(str(words[key]), True, linked)}</p>"
        for key in ("truth", "wrong", "action")
        if words[key]
    )
    parts.append(f'<div class="bottom-line">{bottom}</div>')
    parts.append(key_table(claim, lang, linked))
    parts += [
        f'<figure><img src="{src}" alt="{e(alt)}"><figcaption>{e(text)}</figcaption></figure>'
        for src, alt, text in figures(claim, lang, link)
    ]
    parts.append(
        f'<p class="statement"><b>{e(ui["statement"])}{ui["colon"]}</b>'
        f"{with_math(str(words['statement']), True, linked)}</p>"
    )
    if words["precise"]:
        parts.append(
            f'<p class="precise"><b>{e(ui["precise"])}{ui["colon"]}</b>'
            f"{with_math(words['precise'], True, linked)}</p>"
        )
    parts.append(lessons_html(claim, lang, linked))
    cited = BY_ID[claim["id"]].references
    if cited:
        items = "".join(
            f'<li lang="en"><a href="#reference-{key}">{e(REFERENCES[key].cite())}</a></li>'
            for key in cited
        )
        parts.append(f'<p class="cited">{e(ui["references"])}:</p><ul>{items}</ul>')
    parts.append(
        f'<p class="rerun">{e(ui["rerun"])}{ui["colon"]}'
        f"<code>{e(rerun_command(run, claim['id']))}</code></p>"
    )
    everything = all_table(claim, lang)
    tests = "".join(
        f"<tr><td><code>{e(t['nodeid'])}</code></td>"
        f"<td>{e(OUTCOMES[lang].get(t['outcome'], t['outcome']))}</td></tr>"
        for t in claim.get("tests", [])
    )
    parts.append(
        f'<details class="all-evidence"><summary>{e(ui["all_evidence"])} · '
        f"{e(test_counts(claim, lang))}</summary>{everything}"
        + (f"<table>{tests}</table>" if tests else f"<p>{e(ui['no_tests'])}</p>")
        + "</details>"
    )
    parts.append("</section>")
    return "\n".join(p for p in parts if p)


def markdown_section(
    run: Mapping[str, Any], claim: Mapping[str, Any], lang: str, link: Link
) -> list[str]:
    ui, words = UI[lang], texts(claim, lang)
    verdict, status = VERDICTS[lang][claim["verdict"]], STATUSES[lang][claim["status"]]
    out = ["", f"### {claim['id']} · {words['title']} — {verdict}, {status}", ""]
    out += [f"**{ui[label]} ({name}):** {reason}" for label, name, reason in declarations(claim)]
    out += [f"**{ui[key]}:** {words[key]}\n" for key in ("truth", "wrong", "action") if words[key]]
    learner = markdown_rows(claim, lang, learner=True)
    if learner:
        out += [f"#### {ui['key_evidence']}", "", *learner, ""]
    for src, alt, text in figures(claim, lang, link):
        out += ["", f"![{alt}]({src})", "", f"_{text}_", ""]
    out += [f"**{ui['statement']}:** {words['statement']}", ""]
    if words["precise"]:
        out += [f"**{ui['precise']}:** {words['precise']}", ""]
    out += lessons_markdown(claim, lang)
    cited = BY_ID[claim["id"]].references
    if cited:
        out += ["", f"{ui['references']}: " + "; ".join(REFERENCES[k].cite() for k in cited)]
    out += ["", f"{ui['rerun']}: `{rerun_command(run, claim['id'])}`", ""]
    rest = markdown_rows(claim, lang, learner=False)
    out += [
        "<details>",
        f"<summary>{ui['all_evidence']} · {test_counts(claim, lang)}</summary>",
        "",
    ]
    out += [*rest, "", "</details>"] if rest else ["</details>"]
    return out
