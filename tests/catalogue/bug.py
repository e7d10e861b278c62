"""A catalogue bug: one realistic mistake in one mechanism, formula or instrument of dlspec,
and the claims whose tests must catch it.

A bug is planted in a fresh pytest process only (see :mod:`catalogue.plant`), so nothing
here touches the process that runs the catalogue. Two kinds:

* a broken *mechanism* is an :class:`~dlspec.harness.impls.Implementation` like any other,
  registered under the bug's name and selected with ``--impl NAME``, so the spec meets it
  exactly as it would meet a third framework;
* a broken *formula or instrument* (theory, the experiment, the tracer, the statistical
  checks, argument checks, the harness) is patched in with a ``MonkeyPatch`` for that run.
"""

from __future__ import annotations
import __future__

import inspect
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pytest

from dlspec.harness.impls import Implementation

Change = tuple[str, str]
Plant = Callable[[pytest.MonkeyPatch], None]

HARNESS = "harness"  # the tag of a bug that tests/ (not spec/) must catch
# the tag of a bug that a spec test marked bad_input must catch: a check of the interface,
# which is evidence for no claim
BAD_INPUT = "bad_input"


@dataclass(frozen=True)
class Bug:
    """Args:
    name: short kebab-case identifier, also the implementation name of a mechanism bug.
    claims: the claim IDs a test of which must fail, ``(HARNESS,)`` or ``(BAD_INPUT,)``.
    story: the mistake as a person would make it, in one sentence.
    files: the test files to run, relative to the repository root.
    keyword: a ``-k`` expression narrowing the run to the tests that matter, or None.
    caught_by: the name of a test function that must be among the failures (the README's
        catch table shows it).
    implementation: for a mechanism bug, makes the broken Implementation.
    plant: for a formula or instrument bug, patches it in.
    """

    name: str
    claims: tuple[str, ...]
    story: str
    files: tuple[str, ...]
    caught_by: str
    keyword: str | None = None
    implementation: Callable[[], Implementation] | None = None
    plant: Plant | None = None

    def __post_init__(self) -> None:
        if (self.implementation is None) == (self.plant is None):
            raise ValueError(f"bug {self.name}: give exactly one of implementation and plant")
        if not self.claims:
            raise ValueError(f"bug {self.name}: tag it with the claims that must catch it")


def edited(function: Any, *changes: Change) -> Any:
    """``function`` (a function, a method, a property or a fixture) compiled again from its
    own source with each ``(old, new)`` change made, so a bug is exactly the mistake, in the
    place its author would have made it. ``old`` is a fragment of one line, or whole lines
    compared without their indentation (``new`` then takes the indentation of the first);
    it must occur exactly once, so a bug cannot go stale silently when the code changes.

    The source is compiled as a class body in the function's own module, so decorators
    apply as in the original, and a method's ``super()`` still means the original class.
    """
    original = inspect.unwrap(function.fget if isinstance(function, property) else function)
    source = textwrap.dedent(inspect.getsource(original))
    for old, new in changes:
        source = _replace_once(source, old, new, original.__qualname__)
    scope: dict[str, Any] = {}
    code = compile(
        "class Owner:\n" + textwrap.indent(source, "    "),
        f"{inspect.getsourcefile(original)} ({original.__qualname__}, with a planted bug)",
        "exec",
        flags=__future__.annotations.compiler_flag,  # as dlspec's modules declare
        dont_inherit=True,
    )
    exec(code, original.__globals__, scope)
    result = vars(scope["Owner"])[original.__name__]
    cells = dict(zip(original.__code__.co_freevars, original.__closure__ or (), strict=True))
    if "__class__" in cells:  # super(): point it at the original class, not Owner
        compiled = result.fget if isinstance(result, property) else result
        own = dict(zip(compiled.__code__.co_freevars, compiled.__closure__, strict=True))
        own["__class__"].cell_contents = cells["__class__"].cell_contents
    return result


def edit(
    owner: ModuleType | type, name: str, *changes: Change, aliases: tuple[ModuleType, ...] = ()
) -> Plant:
    """A plant that installs :func:`edited` ``owner.name`` there, and under the same name in
    ``aliases`` (modules that imported the function by name)."""

    def plant(monkeypatch: pytest.MonkeyPatch) -> None:
        replaced = edited(getattr(owner, name), *changes)
        for target in (owner, *aliases):
            monkeypatch.setattr(target, name, replaced)

    return plant


def _replace_once(source: str, old: str, new: str, name: str) -> str:
    if "\n" not in old.strip():
        if source.count(old) != 1:
            raise ValueError(f"{name}: {old!r} occurs {source.count(old)} times, not once")
        return source.replace(old, new)
    lines, block = source.splitlines(), [line.strip() for line in old.strip().splitlines()]
    starts = [
        i
        for i in range(len(lines) - len(block) + 1)
        if [line.strip() for line in lines[i : i + len(block)]] == block
    ]
    if len(starts) != 1:
        raise ValueError(f"{name}: the lines {block} occur {len(starts)} times, not once")
    start = starts[0]
    indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
    replacement = [indent + line for line in textwrap.dedent(new).strip("\n").splitlines()]
    return "\n".join([*lines[:start], *replacement, *lines[start + len(block) :]]) + "\n"
