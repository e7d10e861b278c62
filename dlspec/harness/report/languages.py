"""Which files one run writes: a page per language, each linking to the others and to the
run's JSON where the run wrote one, so that no page points to a file that is not there."""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from dlspec.harness.report.page import Links, html_page, markdown_page
from dlspec.harness.translations import UI


def page_paths(path: Path, langs: Sequence[str]) -> dict[str, Path]:
    """The page of the first language at ``path``, every other one beside it with the
    language before the suffix: ``report.html`` and ``report.zh.html``."""
    for lang in langs:
        if lang not in UI:
            raise ValueError(f"report language must be one of {sorted(UI)}, got {lang!r}")
    if len(set(langs)) != len(langs) or not langs:
        raise ValueError(f"--spec-lang needs distinct languages, got {','.join(langs)!r}")
    if path.suffix not in (".html", ".md"):
        raise ValueError(f"--spec-report needs a path ending in .html or .md, got {path}")
    first, *others = langs
    return {first: path} | {
        lang: path.with_name(f"{path.stem}.{lang}{path.suffix}") for lang in others
    }


def write_languages(
    run: Mapping[str, Any], path: Path, langs: Sequence[str], json_path: Path | None = None
) -> dict[str, Path]:
    """Write the report of ``run`` in every language of ``langs`` (see :func:`page_paths`)."""
    paths = page_paths(path, langs)
    for lang, page in paths.items():
        others = {other: _relative(p, page) for other, p in paths.items() if other != lang}
        links = Links(others, _relative(json_path, page) if json_path else None)
        write(run, page, lang, links)
    return paths


def write(run: Mapping[str, Any], path: Path, lang: str = "en", links: Links | None = None) -> None:
    """Write the report of ``run`` (the --spec-json structure) to ``path`` (.html or .md)."""
    if lang not in UI:
        raise ValueError(f"report language must be one of {sorted(UI)}, got {lang!r}")
    links = links or Links({}, None)
    if path.suffix == ".html":
        path.write_text(html_page(run, lang, _data_uri, links), encoding="utf-8")
    elif path.suffix == ".md":
        folder = path.with_name(f"{path.stem}_figures")
        folder.mkdir(parents=True, exist_ok=True)

        def saved(name: str, png: bytes) -> str:
            (folder / name).write_bytes(png)
            return f"{folder.name}/{name}"

        path.write_text(markdown_page(run, lang, saved, links), encoding="utf-8")
    else:
        raise ValueError(f"--spec-report needs a path ending in .html or .md, got {path}")


def _data_uri(name: str, png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _relative(target: Path, page: Path) -> str:
    return Path(os.path.relpath(Path(target).resolve(), page.resolve().parent)).as_posix()
