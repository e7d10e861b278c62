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

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from dlspec.harness.impls import Implementation

HARNESS = "harness"  # the tag of a bug that tests/ (not spec/) must catch


@dataclass(frozen=True)
class Bug:
    """Args:
    name: short kebab-case identifier, also the implementation name of a mechanism bug.
    claims: the claim IDs a test of which must fail, or ``(HARNESS,)``.
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
    plant: Callable[[pytest.MonkeyPatch], None] | None = None

    def __post_init__(self) -> None:
        if (self.implementation is None) == (self.plant is None):
            raise ValueError(f"bug {self.name}: give exactly one of implementation and plant")
        if not self.claims:
            raise ValueError(f"bug {self.name}: tag it with the claims that must catch it")
