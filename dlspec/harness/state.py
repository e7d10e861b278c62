"""Global state that a test leaves as it found it: torch's default dtype and device, grad
mode, the deterministic-algorithm and cuDNN flags, anomaly detection and the thread count.
An instrument that flips one of them and forgets to flip it back changes every test that
runs after it in the same process, so what passes alone fails in a suite, or the other way
round, depending on the order (``-p randomly`` and ``-n 2`` draw another one each run).

An autouse fixture compares the state after each test with the state before. A test that
changed it fails at teardown, naming each setting with its value before and after, and the
state is put back, so that the tests after it still start clean.

The global random generators are not in the list: layers draw their initial weights from
torch's, as they should. ``tests/test_instruments.py`` checks that the instruments which
take a generator leave the global ones alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import torch


def _set_grad_enabled(on: bool) -> None:
    torch.set_grad_enabled(on)  # a context manager that also sets the mode when made


# name -> (read it, set it back)
SETTINGS: dict[str, tuple[Callable[[], Any], Callable[[Any], None]]] = {
    "torch.get_default_dtype()": (torch.get_default_dtype, torch.set_default_dtype),
    "torch.get_default_device()": (torch.get_default_device, torch.set_default_device),
    "torch.is_grad_enabled()": (torch.is_grad_enabled, _set_grad_enabled),
    "torch.are_deterministic_algorithms_enabled()": (
        torch.are_deterministic_algorithms_enabled,
        lambda on: torch.use_deterministic_algorithms(
            on, warn_only=torch.is_deterministic_algorithms_warn_only_enabled()
        ),
    ),
    "torch.is_anomaly_enabled()": (torch.is_anomaly_enabled, torch.set_anomaly_enabled),
    "torch.backends.cudnn.deterministic": (
        lambda: torch.backends.cudnn.deterministic,
        lambda value: setattr(torch.backends.cudnn, "deterministic", value),
    ),
    "torch.backends.cudnn.benchmark": (
        lambda: torch.backends.cudnn.benchmark,
        lambda value: setattr(torch.backends.cudnn, "benchmark", value),
    ),
    "torch.get_num_threads()": (torch.get_num_threads, torch.set_num_threads),
}


def snapshot() -> dict[str, Any]:
    return {name: read() for name, (read, _) in SETTINGS.items()}


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Each setting whose value differs, with its value before and after."""
    return {name: (before[name], after[name]) for name in before if before[name] != after[name]}


def restore(before: dict[str, Any]) -> None:
    for name, (old, _) in changes(before, snapshot()).items():
        SETTINGS[name][1](old)


@pytest.fixture(autouse=True)
def _global_state_is_left_as_found(request: pytest.FixtureRequest) -> Iterator[None]:
    before = snapshot()
    yield
    changed = changes(before, snapshot())
    if changed:
        restore(before)
        listed = "; ".join(
            f"{name} was {old!r}, is {new!r}" for name, (old, new) in changed.items()
        )
        pytest.fail(
            f"{request.node.nodeid} left torch's global state changed: {listed} (restore it in "
            "the test, e.g. with try/finally, or the tests after it run in another setting)",
            pytrace=False,
        )
