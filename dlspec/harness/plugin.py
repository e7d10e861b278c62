"""pytest plugin: claim markers, implementation and device parametrisation, seeded random
generators, evidence records, hypothesis profiles and the claim report.

Loaded by the root ``conftest.py``.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import platform
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import hypothesis
import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, settings

from dlspec import claims, testing
from dlspec.harness import impls
from dlspec.harness.ledger import (
    CLAIMS_KEY,
    EVIDENCE_KEY,
    PLOTS_KEY,
    ROLES,
    Ledger,
    deviation,
    plain,
)

# Inside @given tests use the session-scoped fixtures (impl, device, seeded, evidence);
# ``rng`` is per test, not per example, and hypothesis rightly refuses it there.
settings.register_profile("dev", max_examples=20, deadline=None)
settings.register_profile(
    "ci",
    parent=settings.get_profile("ci"),
    max_examples=50,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "thorough",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

MARKERS = {
    "claim(*ids, counterexample=False)": "the claims a test checks; counterexample=True marks a "
    "test that shows where a claim's original wording fails",
    "cuda": "needs a CUDA device (skipped where none is present)",
    "slow": "takes more than a few seconds; runs only with --spec-slow",
    "statistical": "decides with a tolerance derived from a sampling distribution",
    "browser": "opens the generated report in headless Chromium (skipped where none is found)",
    "catalogue": "plants a catalogue bug (tests/catalogue) in a fresh pytest run that must "
    "catch it",
}
RECORDS_KEY = pytest.StashKey[dict[tuple[str, str], dict[str, Any]]]()
PLOTS_STASH = pytest.StashKey[list[dict[str, Any]]]()
PLOT_POINTS = 2000
PLOT_ROLES = ("measured", *ROLES)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("dlspec", "dlspec executable specification")
    group.addoption(
        "--impl",
        action="append",
        default=None,
        metavar="NAME",
        help=f"run mechanism claims against this implementation only (repeatable; "
        f"registered: {', '.join(impls.REGISTRY)})",
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


def pytest_configure(config: pytest.Config) -> None:
    for signature, meaning in MARKERS.items():
        config.addinivalue_line("markers", f"{signature}: {meaning}")
    unknown = set(config.getoption("impl") or ()) - set(impls.REGISTRY)
    if unknown:
        known = ", ".join(impls.REGISTRY)
        raise pytest.UsageError(
            f"--impl {', '.join(sorted(unknown))}: not registered; choose from {known}"
        )
    report = config.getoption("spec_report")
    if report and Path(report).suffix not in (".html", ".md"):
        raise pytest.UsageError(f"--spec-report {report}: the path must end in .html or .md")
    if hasattr(config, "workerinput"):
        # one intra-op thread per xdist worker: the workers already fill the cores
        torch.set_num_threads(1)
    if config.getoption("hypothesis_profile", None) is None:
        default = "ci" if os.environ.get("CI") else "dev"
        settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or default)
    config.pluginmanager.register(ClaimReport(config), "dlspec-claim-report")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "impl" in metafunc.fixturenames:
        names = metafunc.config.getoption("impl") or list(impls.REGISTRY)
        metafunc.parametrize("impl", [impls.REGISTRY[n] for n in names], ids=names, scope="session")
    if "device" in metafunc.fixturenames:
        metafunc.parametrize(
            "device",
            [
                pytest.param(torch.device("cpu"), id="cpu"),
                pytest.param(torch.device("cuda"), id="cuda", marks=pytest.mark.cuda),
            ],
            scope="session",
        )


def _claim_ids(item: pytest.Item) -> tuple[list[str], bool]:
    ids: list[str] = []
    counterexample = False
    for marker in item.iter_markers("claim"):
        ids += marker.args
        counterexample |= bool(marker.kwargs.get("counterexample", False))
    return list(dict.fromkeys(ids)), counterexample  # a claim marked twice is one claim


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    spec_dir = config.rootpath / "spec"
    problems = []
    for item in items:
        ids, counterexample = _claim_ids(item)
        if not ids and spec_dir in item.path.parents:
            problems.append(f"{item.nodeid}: every test in spec/ needs @pytest.mark.claim(...)")
        for claim_id in ids:
            if claim_id not in claims.BY_ID:
                problems.append(f"{item.nodeid}: unknown claim {claim_id!r}")
            elif claims.BY_ID[claim_id].verdict is None:
                problems.append(f"{item.nodeid}: claim {claim_id} has no verdict in the registry")
        if ids:
            item.user_properties.append(
                (CLAIMS_KEY, {"ids": sorted(set(ids)), "counterexample": counterexample})
            )
    if problems:
        raise pytest.UsageError("claim markers:\n  " + "\n  ".join(problems))


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("cuda") and not torch.cuda.is_available():
        pytest.skip("needs a CUDA device; none is available here")
    if item.get_closest_marker("slow") and not item.config.getoption("spec_slow"):
        pytest.skip("slow; run with --spec-slow")


_running: list[pytest.Item] = []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    item.stash[RECORDS_KEY] = {}
    item.stash[PLOTS_STASH] = []
    _running.append(item)
    try:
        return (yield)
    finally:
        _running.pop()
        item.user_properties.append((EVIDENCE_KEY, list(item.stash[RECORDS_KEY].values())))
        item.user_properties.append((PLOTS_KEY, item.stash[PLOTS_STASH]))


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
        the JSON), for routine evidence such as the error type of bad input.

        ``role`` says what ``predicted`` is: ``precise`` (the spec's statement, asserted by
        this test with this tolerance), ``claim`` (the knowledge base's own wording, which a
        counterexample expects measured to contradict) or ``informative`` (shown, not
        asserted; the tolerance should say why)."""
        _check_role(role, ROLES)
        item, claim = self._item_and_claim(claim)
        record = {
            "claim": claim,
            "name": name,
            "measured": plain(measured),
            "predicted": plain(predicted),
            "tolerance": plain(tolerance),
            "key": key,
            "role": role,
            "examples": 1,
        }
        records = item.stash[RECORDS_KEY]
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
        ids, _ = _claim_ids(item)
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


def _mix(*parts: object) -> int:
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "little") & ((1 << 63) - 1)


@pytest.fixture(scope="session")
def derive_seed(request: pytest.FixtureRequest) -> Callable[..., int]:
    """``derive_seed(*parts)``: an integer seed from ``parts`` and ``--spec-seed``, for code
    that takes seeds rather than generators (such as :mod:`dlspec.experiments`)."""
    spec_seed = request.config.getoption("spec_seed")
    return lambda *parts: _mix(spec_seed, *parts)


@pytest.fixture(scope="session")
def seeded(
    derive_seed: Callable[..., int],
) -> Callable[[int, torch.device | str], torch.Generator]:
    """``seeded(seed, device)``: a fresh generator for a hypothesis-drawn seed, mixed with
    ``--spec-seed`` so that reruns with another spec seed see other data."""

    def make(seed: int, device: torch.device | str = "cpu") -> torch.Generator:
        return torch.Generator(device=device).manual_seed(derive_seed(seed))

    return make


@pytest.fixture
def rng(request: pytest.FixtureRequest) -> torch.Generator:
    """A generator seeded from this test's node id and ``--spec-seed``, on the test's device."""
    device = request.getfixturevalue("device") if "device" in request.fixturenames else "cpu"
    seed = _mix(request.config.getoption("spec_seed"), request.node.nodeid)
    return torch.Generator(device=device).manual_seed(seed)


def environment(config: pytest.Config) -> dict[str, Any]:
    devices = ["cpu"] + [
        f"cuda:{i} {torch.cuda.get_device_name(i)}" for i in range(torch.cuda.device_count())
    ]
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "torch": torch.__version__,
        "numpy": np.__version__,
        "hypothesis": hypothesis.__version__,
        "hypothesis_profile": settings.get_current_profile_name(),
        "devices": devices,
        "implementations": config.getoption("impl") or list(impls.REGISTRY),
        "spec_seed": config.getoption("spec_seed"),
        "argv": sys.argv[1:],
    }


class ClaimReport:
    """Collects every report into the ledger; on the controller, prints the verdict table
    and writes ``--spec-json``. xdist workers forward their reports, so this sees all."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.ledger = Ledger()
        self.strict_failures: list[str] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.ledger.add(report.nodeid, report.when, report.outcome, report.user_properties)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if hasattr(self.config, "workerinput"):
            return
        path = self.config.getoption("spec_json")
        report_path = self.config.getoption("spec_report")
        if path or report_path:
            run = self.ledger.as_json(environment(self.config))
        if path:
            Path(path).write_text(json.dumps(run, indent=2) + "\n")
        if report_path:
            from dlspec.harness import report  # matplotlib loads only when a report is asked

            report.write(run, Path(report_path), self.config.getoption("spec_lang"))
        if self.config.getoption("spec_strict"):
            results = self.ledger.results()
            self.strict_failures = [r.claim.id for r in results if r.status == "untested"]
            if self.strict_failures and session.exitstatus == pytest.ExitCode.OK:
                session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if hasattr(self.config, "workerinput") or not self.ledger.tests:
            return
        terminalreporter.section("dlspec claims (knowledge-base order)")
        for line in self.ledger.lines():
            terminalreporter.write_line(line)
        if self.strict_failures:
            terminalreporter.write_line(
                f"--spec-strict: untested claims {', '.join(self.strict_failures)}",
                red=True,
                bold=True,
            )
