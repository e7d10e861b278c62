"""Evidence: the ``evidence`` fixture records a measured value next to its prediction, and
series of figures, for the claim a test checks; each test's records travel to the ledger
in its report's ``user_properties``."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
import sympy
import torch

from dlspec import testing
from dlspec.harness.ledger import deviation, plain
from dlspec.harness.schema import (
    EVIDENCE_PROPERTY,
    PLOTS_PROPERTY,
    ROLES,
    Record,
    Series,
    TestMeta,
)

META_STASH = pytest.StashKey[TestMeta]()
RECORDS_STASH = pytest.StashKey[dict[tuple[str, str], Record]]()
PLOTS_STASH = pytest.StashKey[list[Series]]()
PLOT_POINTS = 2000
PLOT_ROLES = ("measured", *ROLES)

_running: list[pytest.Item] = []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    item.stash[RECORDS_STASH] = {}
    item.stash[PLOTS_STASH] = []
    _running.append(item)
    try:
        return (yield)
    finally:
        _running.pop()
        item.user_properties.append((EVIDENCE_PROPERTY, list(item.stash[RECORDS_STASH].values())))
        item.user_properties.append((PLOTS_PROPERTY, item.stash[PLOTS_STASH]))


def symbolic_mathml(value: Any) -> str | None:
    """sympy's presentation MathML of a symbolic value (an expression, or a list of them as a
    tuple), so the report typesets the expression itself; None for anything else."""
    if (
        isinstance(value, (list, tuple))
        and value
        and all(isinstance(v, sympy.Basic) for v in value)
    ):
        value = sympy.Tuple(*value)
    if not isinstance(value, sympy.Basic):
        return None
    body = sympy.mathml(value, printer="presentation")
    return f"<math>{body}</math>"


class Evidence:
    """Records a measured value next to its prediction for the claim a test checks.

    Repeated records of the same name in one test (hypothesis examples) keep the one
    farthest from its prediction, with the number of examples seen.

    Every record has a role (:data:`ROLES`), so a reader knows whether a gap between
    measured and predicted is a failure (``precise``), the point of a counterexample
    (``claim``) or neither (``informative``).
    """

    def record(
        self,
        name: str,
        measured: Any,
        predicted: Any,
        tolerance: Any = "exact",
        claim: str | None = None,
        key: bool = True,
        role: str = "precise",
    ) -> None:
        """``key=False`` keeps a record out of the terminal summary's short list (it stays in
        the JSON), for routine evidence.

        ``role`` says what ``predicted`` is: ``precise`` (the spec's statement, asserted by
        this test with this tolerance), ``claim`` (the knowledge base's own wording, which a
        counterexample expects measured to contradict) or ``informative`` (shown, not
        asserted; the tolerance should say why)."""
        _check_role(role, ROLES)
        item, claim = self._item_and_claim(claim)
        record: Record = {
            "claim": claim,
            "name": name,
            "measured": plain(measured),
            "predicted": plain(predicted),
            "tolerance": plain(tolerance),
            "key": key,
            "role": role,
            "examples": 1,
        }
        measured_mathml, predicted_mathml = symbolic_mathml(measured), symbolic_mathml(predicted)
        if measured_mathml is not None:
            record["measured_mathml"] = measured_mathml
        if predicted_mathml is not None:
            record["predicted_mathml"] = predicted_mathml
        records = item.stash[RECORDS_STASH]
        previous = records.get((claim, name))
        if previous is not None:
            record["examples"] = previous["examples"] + 1
            if deviation(previous) > deviation(record):
                record = {**previous, "examples": record["examples"]}
        records[(claim, name)] = record

    @staticmethod
    def _item_and_claim(claim: str | None) -> tuple[pytest.Item, str]:
        item = _running[-1] if _running else None
        if item is None:
            raise RuntimeError("evidence can only be recorded while a test runs")
        ids = item.stash[META_STASH]["claims"] if META_STASH in item.stash else []
        if claim is None:
            if len(ids) != 1:
                raise ValueError(f"{item.nodeid} checks {ids}; name the claim this evidence is for")
            return item, ids[0]
        if claim not in ids:
            raise ValueError(f"{item.nodeid} is not marked for claim {claim} (marked: {ids})")
        return item, claim

    def plot(
        self,
        figure: str,
        label: str,
        x: Any,
        y: Any,
        claim: str | None = None,
        kind: str = "line",
        axes: tuple[str, str] = ("", ""),
        log_y: bool = False,
        *,
        role: str,
    ) -> None:
        """Record one series of a figure for the report.

        Series of the same ``figure`` (for the same claim) are drawn together; the first
        series recorded under a label wins, so hypothesis examples and the runs of other
        implementations do not pile up. ``kind`` is ``line``, ``points`` or ``bars``.
        ``role`` is ``measured`` for data of this run, or for a predicted series one of the
        record roles: ``precise`` (asserted by some test), ``claim`` or ``informative``.
        """
        _check_role(role, PLOT_ROLES)
        item, claim = self._item_and_claim(claim)
        xs, ys = _floats(x, "x"), _floats(y, "y")
        if len(xs) != len(ys) or not 0 < len(xs) <= PLOT_POINTS:
            raise ValueError(
                f"plot {figure!r} / {label!r}: x and y need the same length, 1 to "
                f"{PLOT_POINTS} points; got {len(xs)} and {len(ys)}"
            )
        if kind not in ("line", "points", "bars"):
            raise ValueError(f"plot kind must be line, points or bars, got {kind!r}")
        series = item.stash[PLOTS_STASH]
        if any(s["figure"] == figure and s["label"] == label for s in series):
            return
        series.append(
            {
                "claim": claim,
                "figure": figure,
                "label": label,
                "x": xs,
                "y": ys,
                "kind": kind,
                "axes": list(axes),
                "log_y": log_y,
                "role": role,
            }
        )

    def check(self, check: testing.Check, claim: str | None = None) -> None:
        """Record a statistical check and fail the test if it rejects."""
        self.record(check.what, check.measured, check.predicted, check.tolerance, claim)
        assert check.ok, check.explain()


def _check_role(role: str, allowed: tuple[str, ...]) -> None:
    if role not in allowed:
        raise ValueError(f"evidence role must be one of {', '.join(allowed)}; got {role!r}")


def _floats(values: Any, name: str) -> list[float]:
    """A 1-D sequence of finite numbers, to 6 significant digits (the report is small)."""
    if isinstance(values, torch.Tensor):
        values = values.detach().double().cpu().flatten().tolist()
    numbers = [float(v) for v in np.asarray(values, dtype=float).ravel()]
    if not all(math.isfinite(v) for v in numbers):
        raise ValueError(f"plot {name} values must be finite")
    return [float(f"{v:.6g}") for v in numbers]


@pytest.fixture(scope="session")
def evidence() -> Evidence:
    """Record measured-vs-predicted values for the report; safe inside hypothesis tests."""
    return Evidence()
