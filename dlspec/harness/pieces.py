"""Which contract pieces each claim's tests use, and the arguments they pass: measured, not
listed by hand, by running the spec against PyTorch with every piece wrapped in a recorder.

    python -m dlspec.harness.pieces            # print the table
    python -m dlspec.harness.pieces --check CONTRIBUTING.md

The table tells someone who replaces a few pieces (``Implementation.based_on``) which
claims reach them and which call arguments their pieces must accept; ``--check`` fails
when the copy between the markers in CONTRIBUTING.md differs from a fresh measurement.
"""

from __future__ import annotations

import argparse
import functools
import inspect
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dlspec.__main__ import arguments
from dlspec.harness.contract import PIECES, Implementation

# the test running now -> piece -> the argument names of each call (positional ones named)
CALLS: dict[str, dict[str, set[tuple[str, ...]]]] = {}
START, END = "<!-- pieces:start -->", "<!-- pieces:end -->"


def _current_test() -> str:
    return os.environ.get("PYTEST_CURRENT_TEST", "outside a test").rsplit(" ", 1)[0]


def argument_names(
    original: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[str, ...]:
    """The names of the parameters a call fills, in the signature's order; ``*`` for
    positional arguments of a callable whose signature Python cannot read."""
    try:
        signature = inspect.signature(original)
        bound = signature.bind_partial(*args, **kwargs)
    except (TypeError, ValueError):
        return ("*",) * len(args) + tuple(kwargs)
    starred = inspect.Parameter.VAR_POSITIONAL
    return tuple(
        f"*{name}" if signature.parameters[name].kind == starred else name
        for name in bound.arguments
    )


def recorder(piece: str, original: Any) -> Any:
    """``original`` recording each call's argument names under ``piece``: a subclass for a
    class (so isinstance checks still hold), a wrapper for a function."""

    def note(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        names = argument_names(original, args, kwargs)
        CALLS.setdefault(_current_test(), {}).setdefault(piece, set()).add(names)

    # functools.wraps keeps the signature readable: the spec reads it (defaults, and
    # torch.nn.utils.skip_init's check for a device argument)
    if isinstance(original, type):
        initialise = next(vars(c)["__init__"] for c in original.__mro__ if "__init__" in vars(c))

        @functools.wraps(initialise)
        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
            note(args, kwargs)
            initialise(self, *args, **kwargs)

        return type(original.__name__, (original,), {"__init__": __init__})

    @functools.wraps(original)
    def call(*args: Any, **kwargs: Any) -> Any:
        note(args, kwargs)
        return original(*args, **kwargs)

    return call


def recording(base: Implementation) -> Implementation:
    """``base`` with every piece of the contract recorded."""
    replace = {}
    for piece in PIECES:
        space, _, name = piece.partition(".")
        original = getattr(getattr(base, space), name) if name else getattr(base, space)
        replace[piece] = recorder(piece, original)
    return Implementation.based_on(base, name="recorder", replace=replace, deviations={})


def table(claims_of: dict[str, list[str]]) -> str:
    """The Markdown table: per claim, each piece its tests call with the argument names."""
    from dlspec.claims import CLAIMS

    used: dict[str, dict[str, dict[str, int]]] = {}
    for test, pieces in CALLS.items():
        for claim_id in claims_of.get(test, []):
            for piece, calls in pieces.items():
                names = used.setdefault(claim_id, {}).setdefault(piece, {})
                for call in calls:  # each in the signature's order: keep the earliest place
                    for place, name in enumerate(call):
                        names[name] = min(place, names.get(name, place))
    rows = ["| claim | the pieces its tests call, with every argument they pass |", "|---|---|"]
    for claim in CLAIMS:
        cells = [
            f"`{piece}({', '.join(sorted(places, key=lambda n: (places[n], n)))})`"
            for piece, places in sorted(used.get(claim.id, {}).items())
        ]
        rows.append(f"| {claim.id} | {', '.join(cells) or 'none: theory and algebra only'} |")
    return "\n".join(rows)


def measure() -> str:
    """Run the spec against recorded PyTorch, in this process, and return the table."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "run.json"
        options = [
            "-q", "-p", "no:randomly", "-p", "no:cacheprovider", "-p", "no:xdist",
            "--impl-module", f"{__name__}:RECORDER", "--impl", "recorder",
            "--spec-json", str(report), "-m", "not cuda and not bench and not bad_input",
            # the same draws in every run, so that the same spec measures the same table
            "--hypothesis-profile", "ci",
        ]  # fmt: skip
        code = pytest.main(arguments(options, Path.cwd()))
        if code != 0:
            raise SystemExit(f"the spec failed against recorded PyTorch (exit {code})")
        run = json.loads(report.read_text())
    claims_of: dict[str, list[str]] = {}
    for claim in run["claims"]:
        for test in claim["tests"]:
            claims_of.setdefault(test["nodeid"], []).append(claim["id"])
    return table(claims_of)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dlspec.harness.pieces", description=__doc__)
    parser.add_argument("--check", metavar="FILE", help="compare with the table in FILE")
    options = parser.parse_args(argv)
    measured = measure()
    if not options.check:
        print(measured)
        return 0
    text = Path(options.check).read_text()
    if START not in text or END not in text:
        parser.error(f"--check {options.check}: no {START} ... {END} markers")
    written = text.split(START, 1)[1].split(END, 1)[0].strip()
    if written != measured:
        print(f"{options.check}: the pieces table is stale; measured:\n{measured}")
        return 1
    return 0


def _recorder_of_torch() -> Implementation:
    from dlspec.harness.impls import REGISTRY

    return recording(REGISTRY["torch"])


RECORDER = _recorder_of_torch()

if __name__ == "__main__":
    # the spec loads this module by name to find RECORDER: record into that one
    from dlspec.harness import pieces

    sys.exit(pieces.main())
