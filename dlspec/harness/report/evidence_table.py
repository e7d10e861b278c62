"""The claim's evidence as tables: the few records a learner reads first (the tests mark
them ``learner=True``, with the parameters they were measured at), one row per quantity
and one measured value per implementation; then every other record, under "all evidence".
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from dlspec.harness.languages import PARAMETERS
from dlspec.harness.ledger import deviation, ranked
from dlspec.harness.report.prose import implementations, linked_html, one_or_each
from dlspec.harness.translations import ROLES, TOLERANCES_ZH, UI


def value(value: Any) -> str:
    return f"{value:.6g}" if isinstance(value, float) else str(value)


# a value that is numbers: one, or a list, tuple or interval of them
NUMERIC = re.compile(r"[-+\d.,eE\s\[\]()]+|-?inf|nan")


def number(text: str) -> str:
    """A shown value: numbers kept on one line so that none wraps inside its digits, and
    marked as numbers (the same on every language's page); words as they are."""
    kind = "num" if NUMERIC.fullmatch(text) else "words"
    return f'<span class="{kind}">{html.escape(text)}</span>'


def name(record: Mapping[str, Any], lang: str) -> str:
    return str(record.get("name_zh") or record["name"]) if lang == "zh" else str(record["name"])


def tolerance(record: Mapping[str, Any], lang: str) -> str:
    if lang != "zh":
        return value(record["tolerance"])
    shown = value(record.get("tolerance_zh", record["tolerance"]))
    return TOLERANCES_ZH.get(shown, shown)


def parameters(record: Mapping[str, Any], lang: str) -> str:
    """``p = 0.95, width = 128`` as HTML, each parameter's name in ``lang`` and set as code
    where it is an identifier, each value as code."""
    separator = "，" if lang == "zh" else ", "
    shown = []
    for key, setting in record.get("params", {}).items():
        translated = PARAMETERS.get(key, key) if lang == "zh" else key
        label = f"<code>{html.escape(key)}</code>" if translated == key else html.escape(translated)
        shown.append(f"{label} = <code>{html.escape(value(setting))}</code>")
    return separator.join(shown)


def parameters_text(record: Mapping[str, Any], lang: str) -> str:
    """The same, as Markdown."""
    separator = "，" if lang == "zh" else ", "
    names = PARAMETERS if lang == "zh" else {}
    return separator.join(
        f"{names.get(k, k)} = `{value(v)}`" for k, v in record.get("params", {}).items()
    )


def learner_rows(claim: Mapping[str, Any]) -> list[dict[str, dict[str, Any]]]:
    """Per learner quantity, in the order the tests recorded them, the record each
    implementation showed (its farthest from prediction); '' for tests of no
    implementation."""
    owners = implementations(claim)
    rows: dict[str, dict[str, dict[str, Any]]] = {}
    for record in claim.get("evidence", []):
        if not record.get("learner"):
            continue
        owner = owners.get(record.get("test", "")) or ""
        kept = rows.setdefault(record["name"], {}).get(owner)
        if kept is None or deviation(record) > deviation(kept):  # type: ignore[arg-type]
            rows[record["name"]][owner] = record
    return list(rows.values())


def other_records(claim: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every record that is not a learner's, one per quantity, the most telling first."""
    counterexamples = {t["nodeid"] for t in claim.get("tests", []) if t.get("counterexample")}
    rest = [r for r in claim.get("evidence", []) if not r.get("learner")]
    return ranked(rest, counterexamples)  # type: ignore[return-value]


def cell(record: Mapping[str, Any], key: str, lang: str) -> str:
    """A measured or predicted value: sympy's MathML where the value was symbolic, in
    ``lang`` where the test gave it in words; a measured text that is not translated is what
    the program printed, and is set as code."""
    mathml = record.get(f"{key}_mathml")
    if mathml:
        return str(mathml)
    found = shown(record, key, lang)
    if key == "measured" and isinstance(found, str) and record.get("measured_zh") is None:
        return f"<code>{number(found)}</code>"
    return number(value(found))


def shown(record: Mapping[str, Any], key: str, lang: str) -> Any:
    translated = record.get(f"{key}_zh") if lang == "zh" else None
    return record[key] if translated is None else translated


def measured(by_owner: Mapping[str, Mapping[str, Any]], lang: str) -> str:
    """One value where the implementations agree to the digits shown, else one each."""
    cells = {owner: cell(record, "measured", lang) for owner, record in by_owner.items()}
    if len(set(cells.values())) == 1:
        return next(iter(cells.values()))
    return "<br>".join(f'{c} <span class="impl">{html.escape(o)}</span>' for o, c in cells.items())


# both tables' columns, in this order
COLUMNS = ("name", "predicted", "measured", "tolerance", "role")


def header(lang: str) -> str:
    return "<tr>" + "".join(f"<th>{html.escape(UI[lang][k])}</th>" for k in COLUMNS) + "</tr>"


def key_table(claim: Mapping[str, Any], lang: str, linked: set[str]) -> str:
    rows = learner_rows(claim)
    if not rows:
        return ""
    ui, e = UI[lang], html.escape
    body = []
    for by_owner in rows:
        first = next(iter(by_owner.values()))
        at = parameters(first, lang) or e(ui["no_parameters"])
        shown_at = f'<div class="params">{e(ui["parameters"])}{ui["colon"]}{at}</div>'
        body.append(
            f'<tr class="learner"><td>{linked_html(name(first, lang), linked)}{shown_at}</td>'
            f"<td>{cell(first, 'predicted', lang)}</td><td>{measured(by_owner, lang)}</td>"
            f"<td>{e(tolerance(first, lang))}</td>"
            f'<td class="role-{first["role"]}">{e(ROLES[lang][first["role"]])}</td></tr>'
        )
    return (
        f'<div class="key-evidence"><h4>{e(ui["key_evidence"])}</h4><table>{header(lang)}'
        f"{''.join(body)}</table></div>"
    )


def all_table(claim: Mapping[str, Any], lang: str) -> str:
    records = other_records(claim)
    if not records:
        return ""
    e = html.escape
    rows = "".join(
        f"<tr><td>{linked_html(name(r, lang), set())}</td><td>{cell(r, 'predicted', lang)}</td>"
        f"<td>{cell(r, 'measured', lang)}</td><td>{e(tolerance(r, lang))}</td>"
        f'<td class="role-{r["role"]}">{e(ROLES[lang][r["role"]])}</td></tr>'
        for r in records
    )
    return f'<table class="all-evidence">{header(lang)}{rows}</table>'


def markdown_cell(shown: str) -> str:
    """Text for a Markdown table cell: a bar would end the cell and a line break the row,
    and Markdown passes HTML through, so ``<b>`` in a value would turn into markup."""
    escaped = shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(escaped.replace("|", "\\|").splitlines())


def markdown_rows(claim: Mapping[str, Any], lang: str, learner: bool) -> list[str]:
    """The key (``learner``) or the other records as Markdown table lines."""
    ui = UI[lang]
    text = markdown_cell

    top = ["| " + " | ".join(ui[k] for k in COLUMNS) + " |", "|---|---|---|---|---|"]
    if learner:
        lines = list(top)
        for by_owner in learner_rows(claim):
            first = next(iter(by_owner.values()))
            at = parameters_text(first, lang)
            quantity = name(first, lang) + (f" ({ui['parameters']}{ui['colon']}{at})" if at else "")
            values = {o: value(shown(r, "measured", lang)) for o, r in by_owner.items()}
            measured_text = one_or_each(values, lang)
            lines.append(
                f"| {text(quantity)} | {text(value(shown(first, 'predicted', lang)))} "
                f"| {text(measured_text)} "
                f"| {text(tolerance(first, lang))} | {ROLES[lang][first['role']]} |"
            )
        return lines if len(lines) > 2 else []
    records = other_records(claim)
    lines = top + [
        f"| {text(name(r, lang))} | {text(value(shown(r, 'predicted', lang)))} "
        f"| {text(value(shown(r, 'measured', lang)))} "
        f"| {text(tolerance(r, lang))} | {ROLES[lang][r['role']]} |"
        for r in records
    ]
    return lines if records else []
