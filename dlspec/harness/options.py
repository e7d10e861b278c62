"""Options, markers and parametrisation: which implementations and devices a test runs on,
which claims it checks, and which of its failures an implementation declared in advance.

``--impl-module MODULE:ATTR`` loads an outside implementation (or a list of them) before
anything is selected, so ``--impl NAME`` can choose it.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import sys
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import cast

import pytest
import torch
from hypothesis import HealthCheck, Phase, settings

from dlspec import claims
from dlspec.harness import impls
from dlspec.harness.contract import PIECES, Absent, Implementation
from dlspec.harness.entry import spec_directories
from dlspec.harness.evidence import META_STASH
from dlspec.harness.schema import ABSENT_PROPERTY, TEST_PROPERTY, Kind, TestMeta

# Inside @given tests use the session-scoped fixtures (impl, device, seeded, evidence);
# ``rng`` is per test, not per example, and hypothesis rightly refuses it there.
settings.register_profile("dev", max_examples=20, deadline=None)
settings.register_profile(
    "ci",
    parent=settings.get_profile("ci"),
    max_examples=50,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# a whole run whose every test must be reached, not searched (the report's full run, the
# worked example's run): the ci profile's fixed draws, fewer of them
settings.register_profile("quick", parent=settings.get_profile("ci"), max_examples=10)
settings.register_profile(
    "thorough",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# tests in spec/ that check something other than a claim, and so give it no evidence
NOT_EVIDENCE = ("bad_input", "bench")
MARKERS = {
    "claim(*ids, counterexample=False)": "the claims a test checks; counterexample=True marks a "
    "test that shows where a claim's original wording fails",
    "bad_input": "checks that bad input is refused with a clear error; a check of the "
    "implementation's interface, not evidence for a claim",
    "bench": "a pytest-benchmark measurement of speed; not evidence for a claim",
    "judges(*pieces)": "the test is the judge of these contract pieces (e.g. 'optim.Adam'): "
    "when it fails, tests that rely on them are blocked, not failed",
    "relies_on(*pieces)": "the test measures its claim through these contract pieces, which "
    "other claims' tests judge (e.g. an experiment trained with 'optim.Adam')",
    "cuda": "needs a CUDA device (skipped where none is present)",
    "slow": "takes more than a few seconds; runs only with --spec-slow",
    "statistical": "decides with a tolerance derived from a sampling distribution",
    "browser": "opens the generated report in headless Chromium (skipped where none is found)",
    "full_run": "reads the report of one whole run of the spec (tests/full_run.py; "
    "DLSPEC_FULL_RUN=folder reads one made before)",
    "experiment_arms": "trains arms of the overfitting experiment (the experiment fixture): "
    "67 networks of 500 steps each, minutes where the copies train one at a time",
    "outside_ci": "minutes of CPU for one optional implementation; .ci/test leaves it out, "
    "-m outside_ci runs it",
    "catalogue": "plants a catalogue bug (tests/catalogue) in a fresh pytest run that must "
    "catch it",
}


@contextlib.contextmanager
def _importable(folder: Path) -> Iterator[None]:
    """``folder`` first on ``sys.path`` while a user's module loads, as ``python module.py``
    would have it, so the module imports its neighbours however pytest was started."""
    sys.path.insert(0, str(folder))
    try:
        yield
    finally:
        sys.path.remove(str(folder))


def load_implementations(spec: str, base: Path) -> list[Implementation]:
    """The implementations named by ``MODULE:ATTR``; a MODULE ending in ``.py`` is a file,
    relative to ``base`` unless absolute, and anything else a module importable from
    ``base`` or ``sys.path``."""
    module_name, colon, attribute = spec.rpartition(":")
    if not colon or not module_name or not attribute:
        raise pytest.UsageError(f"--impl-module {spec}: expected MODULE:ATTR")
    try:
        if module_name.endswith(".py"):
            path = Path(module_name) if Path(module_name).is_absolute() else base / module_name
            found = importlib.util.spec_from_file_location(f"_dlspec_impl_{path.stem}", path)
            if found is None or found.loader is None or not path.is_file():
                raise FileNotFoundError(f"no such file: {path}")
            module = importlib.util.module_from_spec(found)
            with _importable(path.parent):
                found.loader.exec_module(module)
        else:
            with _importable(base):
                module = importlib.import_module(module_name)
    except Exception as error:
        raise pytest.UsageError(f"--impl-module {spec}: cannot import: {error!r}") from error
    if not hasattr(module, attribute):
        raise pytest.UsageError(f"--impl-module {spec}: {module_name} has no {attribute!r}")
    value = getattr(module, attribute)
    found_all = list(value) if isinstance(value, (list, tuple)) else [value]
    wrong = [type(v).__name__ for v in found_all if not isinstance(v, Implementation)]
    if wrong or not found_all:
        raise pytest.UsageError(
            f"--impl-module {spec}: expected an Implementation or a list of them, got "
            f"{', '.join(wrong) or 'an empty list'}"
        )
    return found_all


def _load_optional(name: str) -> None:
    """Registers the built-in implementation ``name`` that needs an optional extra."""
    target, install = impls.OPTIONAL[name]
    module_name, _, attribute = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise pytest.UsageError(
            f"--impl {name}: its adapter cannot be imported ({error}); install it with: {install}"
        ) from error
    impls.register(getattr(module, attribute))


def pytest_configure(config: pytest.Config) -> None:
    for signature, meaning in MARKERS.items():
        config.addinivalue_line("markers", f"{signature}: {meaning}")
    for spec in config.getoption("impl_module") or ():
        for implementation in load_implementations(spec, config.invocation_params.dir):
            if impls.REGISTRY.get(implementation.name) is implementation:
                continue  # the module registered it itself
            try:
                impls.register(implementation)
            except (TypeError, ValueError) as error:
                raise pytest.UsageError(f"--impl-module {spec}:\n{error}") from error
    for name in dict.fromkeys(config.getoption("impl") or ()):
        if name in impls.OPTIONAL and name not in impls.REGISTRY:
            _load_optional(name)
    unknown = set(config.getoption("impl") or ()) - set(impls.REGISTRY)
    if unknown:
        known = ", ".join(impls.REGISTRY)
        raise pytest.UsageError(
            f"--impl {', '.join(sorted(unknown))}: not registered; choose from {known}"
        )
    chosen_claims(config)  # an unknown --claim is a usage error before anything runs
    report = config.getoption("spec_report")
    if report and Path(report).suffix not in (".html", ".md"):
        raise pytest.UsageError(f"--spec-report {report}: the path must end in .html or .md")
    if hasattr(config, "workerinput"):
        # one intra-op thread per xdist worker: the workers already fill the cores
        torch.set_num_threads(1)
    if config.getoption("hypothesis_profile", None) is None:
        default = "ci" if os.environ.get("CI") else "dev"
        settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or default)


def chosen_claims(config: pytest.Config) -> list[claims.Claim]:
    """The claims this run checks and reports, in registry order: those named by ``--claim``,
    else all."""
    ids = config.getoption("claim")
    unknown = [i for i in ids or () if i not in claims.BY_ID]
    if unknown:
        raise pytest.UsageError(
            f"--claim {', '.join(unknown)}: no such claim; choose from {', '.join(claims.BY_ID)}"
        )
    return [claim for claim in claims.CLAIMS if not ids or claim.id in ids]


def selected(config: pytest.Config) -> list[str]:
    """The names of the implementations this run tests."""
    return config.getoption("impl") or list(impls.REGISTRY)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "impl" in metafunc.fixturenames:
        names = selected(metafunc.config)
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


def _pieces(item: pytest.Item, marker: str) -> list[str]:
    """The contract pieces named by ``item``'s ``judges`` or ``relies_on`` markers."""
    named = [piece for mark in item.iter_markers(marker) for piece in mark.args]
    unknown = [piece for piece in named if piece not in PIECES]
    if unknown:
        raise pytest.UsageError(
            f"{item.nodeid}: @pytest.mark.{marker}({', '.join(map(repr, unknown))}): not a piece "
            f"of the contract; the pieces are {', '.join(PIECES)}"
        )
    return list(dict.fromkeys(named))


def _meta(item: pytest.Item, ids: list[str], counterexample: bool, kinds: list[str]) -> TestMeta:
    """What the harness records about ``item``, from its claim IDs and non-evidence kinds."""
    params = getattr(item, "callspec", None)
    params = params.params if params is not None else {}
    implementation = params.get("impl")
    if not isinstance(implementation, Implementation):
        implementation = None
    device = params.get("device")
    meta: TestMeta = {
        "claims": ids,
        "counterexample": counterexample,
        "kind": "claim" if ids or not kinds else cast(Kind, kinds[0]),
        "implementation": implementation.name if implementation else None,
        "device": device.type if isinstance(device, torch.device) else None,
        "deviation": implementation.deviation(item.name, ids) if implementation else None,
        "judges": _pieces(item, "judges"),
        "relies_on": _pieces(item, "relies_on"),
    }
    return meta


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    spec_dirs = {config.rootpath / "spec", *spec_directories(config)}
    problems = []
    for item in items:
        ids, counterexample = _claim_ids(item)
        kinds = [kind for kind in NOT_EVIDENCE if item.get_closest_marker(kind)]
        in_spec = bool(spec_dirs & set(item.path.parents))
        if not (ids or kinds or in_spec):
            continue  # outside spec/ and unmarked: none of the harness's business
        if in_spec and len(kinds) + bool(ids) != 1:
            problems.append(
                f"{item.nodeid}: every test in spec/ needs @pytest.mark.claim(...) or else "
                f"exactly one of the markers {', '.join(NOT_EVIDENCE)}"
            )
        for claim_id in ids:
            if claim_id not in claims.BY_ID:
                problems.append(f"{item.nodeid}: unknown claim {claim_id!r}")
            elif claims.BY_ID[claim_id].verdict is None:
                problems.append(f"{item.nodeid}: claim {claim_id} has no verdict in the registry")
        meta = _meta(item, ids, counterexample, kinds)
        if meta["deviation"]:
            reason = f"declared deviation of {meta['implementation']}: {meta['deviation']}"
            item.add_marker(pytest.mark.xfail(reason=reason, strict=True))
        item.stash[META_STASH] = meta
        item.user_properties.append((TEST_PROPERTY, meta))
    if problems:
        raise pytest.UsageError("claim markers:\n  " + "\n  ".join(problems))
    if config.getoption("claim"):
        wanted = {claim.id for claim in chosen_claims(config)}
        kept = [
            i
            for i in items
            if META_STASH in i.stash and wanted & set(i.stash[META_STASH]["claims"])
        ]
        dropped = {id(i) for i in items} - {id(i) for i in kept}
        config.hook.pytest_deselected(items=[i for i in items if id(i) in dropped])
        items[:] = kept


# where hypothesis keeps a test's settings; read again at each call
_HYPOTHESIS_SETTINGS = "_hypothesis_internal_use_settings"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """A declared deviation runs without hypothesis's shrinking: its failure is expected, and
    shrinking it to a smallest example shows nobody anything, but takes minutes with a slow
    framework (Keras's Adam, stepped thousands of times). Where hypothesis keeps its settings
    elsewhere, the test shrinks as usual, only slower."""
    test = getattr(item, "obj", None)
    current = getattr(test, _HYPOTHESIS_SETTINGS, None)
    meta = item.stash.get(META_STASH, None)
    if not (meta and meta["deviation"] and isinstance(current, settings)):
        return (yield)
    phases = [phase for phase in current.phases if phase not in (Phase.shrink, Phase.explain)]
    setattr(test, _HYPOTHESIS_SETTINGS, settings(current, phases=phases))
    try:
        return (yield)
    finally:
        setattr(test, _HYPOTHESIS_SETTINGS, current)


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("cuda") and not torch.cuda.is_available():
        pytest.skip("needs a CUDA device; none is available here")
    if item.get_closest_marker("slow") and not item.config.getoption("spec_slow"):
        pytest.skip("slow; run with --spec-slow")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Marks a skip caused by :class:`Absent` so the ledger tells it from any other skip
    (read before the hooks run: pytest turns the exception into a plain skip)."""
    absent = call.excinfo is not None and call.excinfo.errisinstance(Absent)
    reason = str(call.excinfo.value) if call.excinfo is not None else ""
    report = yield
    if absent:
        report.user_properties.append((ABSENT_PROPERTY, reason))
    return report
