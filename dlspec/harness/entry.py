"""The pytest11 entry point: what an installed dlspec adds to every pytest run.

Installing dlspec must not change a test suite that has nothing to do with it, so this
module only declares the spec's options. The harness itself (markers, fixtures, hypothesis
profiles, parametrisation, the claims table) is registered by :func:`activate`, which runs
when the spec is collected (its ``conftest.py`` calls it), when a conftest loads
``dlspec.harness.plugin``, or when one of these options is given.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest

HARNESS = "dlspec.harness.plugin"
SPEC_DIRECTORIES = pytest.StashKey[set[Path]]()
LANGUAGES = ("en", "zh")


def languages(value: str) -> tuple[str, ...]:
    """``en``, ``zh`` or both (``en,zh``), in the order given, for --spec-lang."""
    chosen = tuple(part.strip() for part in value.split(","))
    unknown = [lang for lang in chosen if lang not in LANGUAGES]
    if unknown or len(set(chosen)) != len(chosen):
        raise argparse.ArgumentTypeError(
            f"{value!r}: give distinct languages among {', '.join(LANGUAGES)}, e.g. en,zh"
        )
    return chosen


# every option of the spec, with what pytest's parser needs to know of it
OPTIONS: dict[str, dict[str, Any]] = {
    "--impl": {
        "action": "append",
        "metavar": "NAME",
        "help": "run mechanism claims against this implementation only (repeatable; built in: "
        "dlspec, torch, keras (needs the [keras] extra), and any loaded with --impl-module)",
    },
    "--impl-module": {
        "action": "append",
        "metavar": "MODULE:ATTR",
        "help": "register the Implementation (or list of them) ATTR of MODULE, a dotted module "
        "name or a path to a .py file (repeatable)",
    },
    "--claim": {
        "action": "append",
        "metavar": "ID",
        "help": "run only the tests of this claim, and report only it (repeatable: --claim I5 "
        "--claim I6)",
    },
    "--spec-seed": {
        "type": int,
        "default": 0,
        "metavar": "N",
        "help": "mixed into every seeded generator; rerun statistical tests with other data",
    },
    "--spec-json": {"metavar": "PATH", "help": "write claims, verdicts and evidence as JSON"},
    "--spec-strict": {"action": "store_true", "help": "fail the run if any claim is untested"},
    "--spec-report": {
        "metavar": "PATH",
        "help": "write the living document: PATH.html (self-contained) or PATH.md (with PNGs)",
    },
    "--spec-lang": {
        "type": languages,
        "default": ("en",),
        "metavar": "LANG[,LANG]",
        "help": "the report's languages, en and zh: one page each from the same run, the first "
        "at --spec-report's path, the others beside it as NAME.LANG.html (default en)",
    },
    "--spec-bench-small": {
        "action": "store_true",
        "help": "time the benchmarks at a small shape: a rehearsal that the timing pipeline "
        "works, not figures to keep",
    },
    "--spec-slow": {
        "action": "store_true",
        "help": "also run the tests marked slow (larger samples that confirm the fast tests' "
        "designs)",
    },
}
# each option's attribute and default: any other value asks for the harness
DEFAULTS = {
    flag.removeprefix("--").replace("-", "_"): spec.get(
        "default", False if spec.get("action") == "store_true" else None
    )
    for flag, spec in OPTIONS.items()
}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("dlspec", "dlspec executable specification")
    for flag, spec in OPTIONS.items():
        group.addoption(flag, **spec)


def activate(config: pytest.Config, spec: Path | None = None) -> None:
    """Register the whole harness for this run (once); ``spec``: a folder of claim tests,
    whose every test must carry a claim or a non-evidence marker."""
    config.stash.setdefault(SPEC_DIRECTORIES, set())
    if spec is not None:
        config.stash[SPEC_DIRECTORIES].add(spec)
    config.pluginmanager.import_plugin(HARNESS)


def spec_directories(config: pytest.Config) -> list[Path]:
    """The folders of claim tests registered for this run by :func:`activate`."""
    found: set[Path] = config.stash.get(SPEC_DIRECTORIES, set())
    return sorted(found)


def pytest_configure(config: pytest.Config) -> None:
    if any(config.getoption(name) != default for name, default in DEFAULTS.items()):
        activate(config)
