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
from dlspec.harness.languages import PARAMETERS
from dlspec.harness.ledger import deviation, plain
from dlspec.harness.schema import (
    EVIDENCE_PROPERTY,
    PLOTS_PROPERTY,
    ROLES,
    SNIPPETS_PROPERTY,
    Record,
    Series,
    TestMeta,
)
from dlspec.harness.translations import Both, split

META_STASH = pytest.StashKey[TestMeta]()
RECORDS_STASH = pytest.StashKey[dict[tuple[str, str], Record]]()
PLOTS_STASH = pytest.StashKey[list[Series]]()
SNIPPETS_STASH = pytest.StashKey[dict[str, list[str]]]()
PLOT_POINTS = 2000
PLOT_ROLES = ("measured", *ROLES)
PLOT_KINDS = ("line", "points", "bars", "mark")

_running: list[pytest.Item] = []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    item.stash[RECORDS_STASH] = {}
    item.stash[PLOTS_STASH] = []
    item.stash[SNIPPETS_STASH] = {}
    _running.append(item)
    try:
        return (yield)
    finally:
        _running.pop()
        item.user_properties.append((EVIDENCE_PROPERTY, list(item.stash[RECORDS_STASH].values())))
        item.user_properties.append((PLOTS_PROPERTY, item.stash[PLOTS_STASH]))
        item.user_properties.append((SNIPPETS_PROPERTY, item.stash[SNIPPETS_STASH]))


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
        name: str | Both,
        measured: Any,
        predicted: Any,
        tolerance: Any = "exact",
        claim: str | None = None,
        key: bool = True,
        role: str = "precise",
        *,
        learner: bool = False,
        params: dict[str, Any] | None = None,
    ) -> None:
        """``name`` and ``tolerance``, and a ``measured`` or ``predicted`` value that is
        words, are in English, or a :class:`Both` with the Chinese beside it for the report's
        Chinese page.

        ``key=False`` keeps a record out of the terminal summary's short list (it stays in
        the JSON), for routine evidence.

        ``role`` says what ``predicted`` is: ``precise`` (the spec's statement, asserted by
        this test with this tolerance), ``claim`` (the knowledge base's own wording, which a
        counterexample expects measured to contradict) or ``informative`` (shown, not
        asserted; the tolerance should say why).

        ``learner=True`` puts the record among the few a learner reads first in the claim's
        section of the report (the rest sit under "all evidence"); such a record names the
        ``params`` it was measured at (``{"p": 0.95, "width": 128}``), an empty dict where
        there are none."""
        _check_role(role, ROLES)
        if learner and params is None:
            raise ValueError(f"learner record {name!r} must name its params (a dict, {{}} if none)")
        if params is not None and not isinstance(params, dict):
            raise TypeError(f"params must be a dict keyed by parameter names, got {params!r}")
        unknown = [k for k in params or {} if k not in PARAMETERS]
        if unknown:
            raise ValueError(
                f"unknown parameter names {unknown} in {name!r}; add them with their Chinese "
                f"to dlspec.harness.languages.PARAMETERS (known: {', '.join(PARAMETERS)})"
            )
        item, claim = self._item_and_claim(claim)
        name_en, name_zh = split(name)
        tolerance_en, tolerance_zh = split(tolerance)
        # a value in words carries its Chinese; a number or a formula needs none
        measured_zh = measured.zh if isinstance(measured, Both) else None
        predicted_zh = predicted.zh if isinstance(predicted, Both) else None
        measured, predicted = split(measured)[0], split(predicted)[0]
        if not isinstance(name_en, str):
            raise TypeError(f"an evidence name is a str or a Both, got {name!r}")
        record: Record = {
            "claim": claim,
            "name": name_en,
            "name_zh": name_zh,
            "measured": plain(measured),
            "predicted": plain(predicted),
            "tolerance": plain(tolerance_en),
            "tolerance_zh": plain(tolerance_zh),
            "measured_zh": measured_zh,
            "predicted_zh": predicted_zh,
            "key": key,
            "role": role,
            "examples": 1,
            "learner": learner,
            "params": {k: plain(v) for k, v in (params or {}).items()},
        }
        measured_mathml, predicted_mathml = symbolic_mathml(measured), symbolic_mathml(predicted)
        if measured_mathml is not None:
            record["measured_mathml"] = measured_mathml
        if predicted_mathml is not None:
            record["predicted_mathml"] = predicted_mathml
        records = item.stash[RECORDS_STASH]
        previous = records.get((claim, name_en))
        if previous is not None:
            record["examples"] = previous["examples"] + 1
            if deviation(previous) > deviation(record):
                record = {**previous, "examples": record["examples"]}
        records[(claim, name_en)] = record

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
        figure: str | Both,
        label: str | Both,
        x: Any,
        y: Any,
        claim: str | None = None,
        kind: str = "line",
        axes: tuple[str | Both, str | Both] = ("", ""),
        log_y: bool = False,
        *,
        role: str,
        notice: Both | None = None,
        group: str | None = None,
        dashed: bool = False,
    ) -> None:
        """Record one series of a figure for the report.

        Series of the same ``figure`` (for the same claim) are drawn together; the first
        series recorded under a label by one implementation wins, so hypothesis examples do
        not pile up, and where every implementation's series of a label agree the report
        draws one line and says that the others lie on it. ``kind`` is ``line``,
        ``points``, ``bars`` or ``mark`` (a vertical line at each x, for a value to compare
        with). ``role`` is ``measured`` for data of this run, or for a predicted series one
        of the record roles: ``precise`` (asserted by some test), ``claim`` or
        ``informative``.

        ``notice`` is the figure's "what to notice" sentence in both languages, stated by
        the test that knows what its data shows; ``group`` gives series of one data set one
        colour, and ``dashed`` tells a variant apart within a group.
        """
        _check_role(role, PLOT_ROLES)
        item, claim = self._item_and_claim(claim)
        xs, ys = _floats(x, "x"), _floats(y, "y")
        if len(xs) != len(ys) or not 0 < len(xs) <= PLOT_POINTS:
            raise ValueError(
                f"plot {figure!r} / {label!r}: x and y need the same length, 1 to "
                f"{PLOT_POINTS} points; got {len(xs)} and {len(ys)}"
            )
        if kind not in PLOT_KINDS:
            raise ValueError(f"plot kind must be one of {', '.join(PLOT_KINDS)}, got {kind!r}")
        if notice is not None and not isinstance(notice, Both):
            raise TypeError("a figure's notice is a Both: what to notice, in both languages")
        figure_en, figure_zh = split(figure)
        label_en, label_zh = split(label)
        (x_en, x_zh), (y_en, y_zh) = split(axes[0]), split(axes[1])
        meta = item.stash.get(META_STASH, None)
        implementation = meta["implementation"] if meta else None
        series = item.stash[PLOTS_STASH]
        if any(
            s["figure"] == figure_en
            and s["label"] == label_en
            and s["implementation"] == implementation
            for s in series
        ):
            return
        series.append(
            {
                "claim": claim,
                "figure": figure_en,
                "figure_zh": figure_zh,
                "label": label_en,
                "label_zh": label_zh,
                "x": xs,
                "y": ys,
                "kind": kind,
                "axes": [x_en, y_en],
                "axes_zh": [x_zh, y_zh],
                "log_y": log_y,
                "role": role,
                "implementation": implementation,
                "notice": list(notice) if notice else None,
                "group": group,
                "dashed": dashed,
            }
        )

    def snippet(self, key: str, output: str, claim: str | None = None) -> None:
        """Record what a runnable snippet (``dlspec.lessons``) printed when this test ran
        it, so that the report shows that output beside the code."""
        item, claim = self._item_and_claim(claim)
        if not isinstance(output, str):
            raise TypeError(
                f"a snippet's output is the str it printed, got {type(output).__name__}"
            )
        item.stash[SNIPPETS_STASH][key] = [claim, output]

    def check(
        self,
        check: testing.Check,
        claim: str | None = None,
        *,
        zh: str | None = None,
        learner: bool = False,
        params: dict[str, Any] | None = None,
    ) -> None:
        """Record a statistical check and fail the test if it rejects; ``zh`` names its
        quantity in Chinese (the check's ``what`` is the English), and ``learner`` and
        ``params`` are as for :meth:`record`."""
        name = Both(check.what, zh) if zh else check.what
        tolerance = Both(check.tolerance, check.tolerance_zh)
        self.record(
            name, check.measured, check.predicted, tolerance, claim, learner=learner, params=params
        )
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
