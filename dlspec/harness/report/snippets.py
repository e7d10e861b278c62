"""The derivations of :mod:`dlspec.lessons`, each with its PyTorch snippet and what that
snippet printed when this run's spec executed it (``evidence.snippet``), so no snippet
shown can have rotted."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from dlspec.harness.report.prose import with_math
from dlspec.harness.translations import UI
from dlspec.lessons import LESSONS
from dlspec.references import REFERENCES


def lessons_html(claim: Mapping[str, Any], lang: str, linked: set[str]) -> str:
    ui, e = UI[lang], html.escape
    parts = []
    for lesson in (lesson for lesson in LESSONS if lesson.claim == claim["id"]):
        title = lesson.title.zh if lang == "zh" else lesson.title.en
        steps = "".join(
            f"<li>{with_math(step.zh if lang == 'zh' else step.en, True, linked)}</li>"
            for step in lesson.derivation
        )
        cited = "; ".join(e(REFERENCES[key].cite()) for key in lesson.references)
        output = claim.get("snippets", {}).get(lesson.key)
        shown = (
            f'<pre class="output">{e(output)}</pre>'
            if output is not None
            else f'<p class="not-run">{e(ui["not_run"])}</p>'
        )
        parts.append(
            f'<div class="lesson" id="lesson-{e(lesson.key)}">'
            f"<h4>{e(ui['derivation'])}{ui['colon']}"
            f'{e(title)}</h4><ol>{steps}</ol><p class="cite" lang="en">{cited}</p>'
            f'<h5>{e(ui["snippet"])}</h5><pre class="code"><code>{e(lesson.code)}</code></pre>'
            f"<h5>{e(ui['output'])}</h5>{shown}</div>"
        )
    return "".join(parts)


def lessons_markdown(claim: Mapping[str, Any], lang: str) -> list[str]:
    ui, out = UI[lang], []
    for lesson in (lesson for lesson in LESSONS if lesson.claim == claim["id"]):
        title = lesson.title.zh if lang == "zh" else lesson.title.en
        out += ["", f"#### {ui['derivation']}: {title}", ""]
        out += [
            f"{n}. {step.zh if lang == 'zh' else step.en}"
            for n, step in enumerate(lesson.derivation, 1)
        ]
        out += ["", f"**{ui['snippet']}**", "", "```python", lesson.code.rstrip(), "```", ""]
        output = claim.get("snippets", {}).get(lesson.key)
        out += [f"**{ui['output']}**", ""]
        out += ["```", output.rstrip(), "```"] if output is not None else [ui["not_run"]]
    return out
