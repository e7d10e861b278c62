"""Tests of the harness run pytest sessions in this interpreter; each session loads a
hypothesis profile, the one global the harness sets, so every test restores it."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "whole_spec: runs the whole spec (or most of it) in a process of its own; started first",
    )


@pytest.hookimpl(trylast=True)  # after pytest-randomly's shuffle
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that run the whole spec take a minute or two each: started first, so that none
    of them is drawn last and runs alone on one worker while the other has finished."""
    items.sort(key=lambda item: item.get_closest_marker("whole_spec") is None)


@pytest.fixture(autouse=True)
def _keep_hypothesis_profile() -> Iterator[None]:
    profile = settings.get_current_profile_name()
    yield
    if settings.get_current_profile_name() != profile:
        settings.load_profile(profile)


@pytest.fixture(scope="session")
def full_run(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The whole spec's run, its JSON and its English and Chinese pages (tests/full_run.py)."""
    from full_run import load, shared

    made = os.environ.get("DLSPEC_FULL_RUN")
    if made:
        return load(Path(made))
    # under xdist every worker's temporary folder sits in one shared by the whole run
    root = tmp_path_factory.getbasetemp()
    return shared(root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root)
