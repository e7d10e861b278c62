"""Seeds and reproduction: every random draw in the spec comes from a generator seeded from
the test's identity and ``--spec-seed``, and a failing test prints the command that repeats
it with the same seeds."""

from __future__ import annotations

import hashlib
import os
import shlex
from collections.abc import Callable, Generator
from pathlib import Path

import pytest
import torch
from hypothesis import settings

from dlspec.__main__ import PACKAGE as RUNNER_PACKAGE
from dlspec.__main__ import SETTINGS as RUNNER_SETTINGS
from dlspec.harness.entry import spec_directories
from dlspec.harness.evidence import META_STASH


def mix(*parts: object) -> int:
    """A 63-bit seed from ``parts``, the same in every process (unlike ``hash()``)."""
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "little") & ((1 << 63) - 1)


@pytest.fixture(scope="session")
def derive_seed(request: pytest.FixtureRequest) -> Callable[..., int]:
    """``derive_seed(*parts)``: an integer seed from ``parts`` and ``--spec-seed``, for code
    that takes seeds rather than generators (such as :mod:`dlspec.experiments`)."""
    spec_seed = request.config.getoption("spec_seed")
    return lambda *parts: mix(spec_seed, *parts)


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
    seed = mix(request.config.getoption("spec_seed"), request.node.nodeid)
    return torch.Generator(device=device).manual_seed(seed)


def started_as_runner(config: pytest.Config) -> bool:
    """Whether this run is ``python -m dlspec`` (which always reads the spec's settings)."""
    return config.inipath is not None and config.inipath == RUNNER_SETTINGS


def where(path: Path, here: Path) -> str:
    """``path`` as the user would type it in ``here``: relative where possible."""
    try:
        return os.path.relpath(path, here)
    except ValueError:  # another drive, on Windows
        return str(path)


def spec_command(config: pytest.Config, item: pytest.Item | None = None) -> list[str]:
    """The start of a command that runs the spec again as this run did, from the folder it
    ran in: the runner and where the spec is (``item`` alone, if given), the implementation
    modules and the implementations chosen."""
    here = config.invocation_params.dir
    test = item.nodeid.split("::", 1)[1] if item is not None else None
    if started_as_runner(config):
        args = ["python", "-m", "dlspec"]
        if item is not None:
            args.append(f"{RUNNER_PACKAGE}.{item.path.stem}::{test}")
    elif item is not None:
        args = ["python", "-m", "pytest", f"{where(item.path, here)}::{test}"]
    else:
        spec = spec_directories(config) or [config.rootpath / "spec"]
        args = ["python", "-m", "pytest", where(spec[0], here) + os.sep]
    for module in config.getoption("impl_module") or ():
        args += ["--impl-module", module]
    for name in dict.fromkeys(config.getoption("impl") or ()):
        args += ["--impl", name]
    return args


def rerun_command(item: pytest.Item) -> str:
    """The command that runs ``item`` again with the same data, from the folder the run was
    started in: the spec as it was run, the test, the implementation modules, the spec
    seed, the hypothesis profile, and pytest-randomly's seed (which also seeds hypothesis)
    or its absence."""
    config = item.config
    args = [*spec_command(config, item), "--spec-seed", str(config.getoption("spec_seed"))]
    if config.getoption("spec_slow"):
        args.append("--spec-slow")
    args += ["--hypothesis-profile", settings.get_current_profile_name()]
    randomly_seed = getattr(config.option, "randomly_seed", None)
    if isinstance(randomly_seed, int):
        args += ["-p", "randomly", "--randomly-seed", str(randomly_seed)]
    else:
        args += ["-p", "no:randomly"]
    return shlex.join(args)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.failed:
        meta = item.stash.get(META_STASH, None)
        where = []
        if meta and meta["implementation"]:
            where.append(f"implementation {meta['implementation']}")
        if meta and meta["device"]:
            where.append(f"device {meta['device']}")
        lines = ([", ".join(where)] if where else []) + [f"rerun: {rerun_command(item)}"]
        report.sections.append(("dlspec: where it failed, and how to repeat it", "\n".join(lines)))
    return report
