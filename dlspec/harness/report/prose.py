"""The registry's texts as the page shows them: the run's numbers filled in where the text
names a record (``{{record name}}``), formulas typeset, claim IDs and glossary symbols
linked, code between backticks set as code."""

from __future__ import annotations

import functools
import html
import math
import re
from collections.abc import Mapping
from typing import Any

from latex2mathml.converter import convert as latex_to_mathml

from dlspec.claims import BY_ID
from dlspec.glossary import find

# HTML5 knows <math> without its namespace, and the page names no address it does not need
MATHML = "http://www.w3.org/1998/Math/MathML"
PLACEHOLDER = re.compile(r"\{\{([^{}|]+)(?:\|([^{}]+))?\}\}")
CLAIM_ID = re.compile(r"\b[TARI][1-9][0-9]?\b")
CODE = re.compile(r"`([^`]+)`")
NOT_MEASURED = {"en": "[not measured in this run]", "zh": "［本次运行未测量］"}


def significant(value: Any, digits: int = 2) -> str:
    """A number as prose writes it: integers whole, others to ``digits`` significant
    digits without an exponent between 1e-4 and 1e6."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, int) or (
        math.isfinite(value) and value == int(value) and abs(value) < 1e6
    ):
        return str(int(value))
    if not math.isfinite(value) or value == 0:
        return str(value)
    magnitude = math.floor(math.log10(abs(value)))
    if not -4 <= magnitude < 6:
        return f"{value:.{digits - 1}e}"
    return f"{value:.{max(0, digits - 1 - magnitude)}f}"


def implementations(claim: Mapping[str, Any]) -> dict[str, str | None]:
    """Each of the claim's tests' node ids -> the implementation it ran (None for none)."""
    return {t["nodeid"]: t.get("implementation") for t in claim.get("tests", [])}


def field(record: Mapping[str, Any], path: str) -> Any:
    """``measured``, ``predicted`` or ``params.NAME`` of a record."""
    if path.startswith("params."):
        return record.get("params", {}).get(path.removeprefix("params."))
    if path not in ("measured", "predicted"):
        raise ValueError(
            f"a placeholder's field is measured, predicted or params.NAME; got {path!r}"
        )
    return record[path]


def one_or_each(shown: Mapping[str, str], lang: str) -> str:
    """Implementation -> the value it shows, as text: one value where they all show the
    same, else each with its implementation."""
    if len(set(shown.values())) == 1:
        return next(iter(shown.values()))
    if lang == "zh":
        return "、".join(f"{v}（{k}）" for k, v in shown.items())
    return ", ".join(f"{v} ({k})" for k, v in shown.items())


def fill(text: str, claim: Mapping[str, Any], lang: str) -> str:
    """``text`` with every ``{{record name|field}}`` replaced by that record's value in
    this run: one number where every implementation agrees at the shown precision, else
    each implementation's."""
    owners = implementations(claim)

    def value(match: re.Match[str]) -> str:
        name, path = match.group(1).strip(), (match.group(2) or "measured").strip()
        shown: dict[str, str] = {}
        for record in claim.get("evidence", []):
            if record["name"] == name:
                found = field(record, path)
                if found is not None:
                    owner = owners.get(record.get("test", "")) or ""
                    shown.setdefault(owner, significant(found))
        return one_or_each(shown, lang) if shown else NOT_MEASURED[lang]

    return PLACEHOLDER.sub(value, text)


def with_math(text: str, link: bool = False, linked: set[str] | None = None) -> str:
    """HTML of a registry text: its ``$...$`` formulas as MathML, the rest escaped, with
    ``link`` claim IDs and the first occurrence of each glossary term (not yet in
    ``linked``, which collects them) turned into links."""
    pieces = text.split("$")
    if len(pieces) % 2 == 0:
        raise ValueError(f"unbalanced $ in {text!r}")
    linked = set() if linked is None else linked
    return "".join(
        mathml(piece) if index % 2 else (linked_html(piece, linked) if link else html.escape(piece))
        for index, piece in enumerate(pieces)
    )


@functools.lru_cache(maxsize=4096)
def mathml(formula: str) -> str:
    """A LaTeX formula as MathML (cached: a page typesets the same formulas in every run)."""
    return str(latex_to_mathml(formula)).replace(f' xmlns="{MATHML}"', "")


def code_html(text: str) -> str:
    """Escaped ``text`` with `code` set as code: a title, which links nothing."""
    pieces = text.split("`")
    return "".join(
        f"<code>{html.escape(piece)}</code>" if index % 2 else html.escape(piece)
        for index, piece in enumerate(pieces)
    )


def linked_html(text: str, linked: set[str]) -> str:
    """Escaped ``text`` with `code` set as code, claim IDs linked to their sections and the
    first occurrence of each glossary term not in ``linked`` linked to its entry."""
    spans: list[tuple[int, int, str, str | None]] = []
    for match in CODE.finditer(text):
        code = f"<code>{html.escape(match.group(1))}</code>"
        spans.append((match.start(), match.end(), code, None))
    for match in CLAIM_ID.finditer(text):
        if match.group() in BY_ID:
            anchor = html.escape(match.group())
            link = f'<a href="#claim-{anchor}">{anchor}</a>'
            spans.append((match.start(), match.end(), link, None))
    for start, end, term in find(text, code=False):
        piece = html.escape(text[start:end])
        link = f'<a class="term" href="#{term.anchor}">{piece}</a>'
        spans.append((start, end, link, term.key))
    out, position = [], 0
    for start, end, replacement, key in sorted(spans, key=lambda span: (span[0], -span[1])):
        # a term inside a code span, or overlapping matches: the first wins; a term links once
        if start < position or (key is not None and key in linked):
            continue
        if key is not None:
            linked.add(key)
        out += [html.escape(text[position:start]), replacement]
        position = end
    out.append(html.escape(text[position:]))
    return "".join(out)
