"""The pytest11 entry point: what an installed dlspec adds to every pytest run.

Installing dlspec must not change a test suite that has nothing to do with it, so this
module only declares the spec's options. The harness itself (markers, fixtures, hypothesis
profiles, parametrisation, the claims table) is registered by :func:`activate`, which runs
when the spec is collected (its ``conftest.py`` calls it), when a conftest loads
``dlspec.harness.plugin``, or when one of these options is given.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HARNESS = "dlspec.harness.plugin"
SPEC_DIRECTORIES = pytest.StashKey[set[Path]]()
# every option with its default: any other value asks for the harness
DEFAULTS = {
    "impl": None,
    "impl_module": None,
    "claim": None,
    "spec_seed": 0,
    "spec_json": None,
    "spec_strict": False,
    "spec_report": None,
    "spec_lang": "en",
    "spec_slow": False,
}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("dlspec", "dlspec executable specification")
    group.addoption(
        "--impl",
        action="append",
        default=None,
        metavar="NAME",
        help="run mechanism claims against this implementation only (repeatable; built in: "
        "dlspec, torch, keras (needs the [keras] extra), and any loaded with --impl-module)",
    )
    group.addoption(
        "--impl-module",
        action="append",
        default=None,
        metavar="MODULE:ATTR",
        help="register the Implementation (or list of them) ATTR of MODULE, a dotted module "
        "name or a path to a .py file (repeatable)",
    )
    group.addoption(
        "--claim",
        action="append",
        default=None,
        metavar="ID",
        help="run only the tests of this claim, and report only it (repeatable: --claim I5 "
        "--claim I6)",
    )
    group.addoption(
        "--spec-seed",
        type=int,
        default=0,
        metavar="N",
        help="mixed into every seeded generator; rerun statistical tests with other data",
    )
    group.addoption(
        "--spec-json", metavar="PATH", help="write claims, verdicts and evidence as JSON"
    )
    group.addoption(
        "--spec-strict", action="store_true", help="fail the run if any claim is untested"
    )
    group.addoption(
        "--spec-report",
        metavar="PATH",
        help="write the living document: PATH.html (self-contained) or PATH.md (with PNGs)",
    )
    group.addoption(
        "--spec-lang",
        choices=("en", "zh"),
        default="en",
        help="language of the report's titles, statements and verdicts (default en)",
    )
    group.addoption(
        "--spec-slow",
        action="store_true",
        help="also run the tests marked slow (larger samples that confirm the fast tests' designs)",
    )


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
