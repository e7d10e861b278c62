"""The catalogue's warm start (tests/zygote.py) on its own: each run is a pytest session in a
process of its own, with the environment it was given, answering with pytest's exit status;
what one run changes does not reach the next; a run past its timeout is stopped."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from zygote import Zygote

TESTS = """
import os
import sys

import torch


def test_environment():
    assert os.environ["ZYGOTE_CHECK"] == "given"
    assert "LEAKED" not in os.environ


def test_changes_state_for_the_next_run():
    assert not hasattr(torch, "_zygote_mark")  # a mark left by an earlier run would show
    torch._zygote_mark = True
    os.environ["LEAKED"] = "1"


def test_fails():
    assert os.environ["ZYGOTE_CHECK"] == "something else"


def test_sleeps():
    import time
    time.sleep(60)
"""


@pytest.fixture
def zygote(tmp_path: Path) -> Iterator[Zygote]:
    (tmp_path / "test_z.py").write_text(TESTS)
    started = Zygote(Path(__file__).resolve().parent, dict(os.environ))
    yield started
    started.close()


def run(zygote: Zygote, tmp_path: Path, keyword: str, timeout: float = 120) -> tuple[int, str]:
    output = tmp_path / f"{keyword}.txt"
    arguments = [str(tmp_path / "test_z.py"), "-q", "-p", "no:randomly", "-p", "no:cacheprovider"]
    arguments += ["-k", keyword, "--rootdir", str(tmp_path)]
    environment = {**os.environ, "ZYGOTE_CHECK": "given"}
    environment.pop("PYTEST_XDIST_WORKER", None)
    status = zygote.run(arguments, environment, output, timeout)
    return status, output.read_text()


def test_a_run_gets_its_environment_and_answers_with_pytest_s_exit_status(
    zygote: Zygote, tmp_path: Path
) -> None:
    status, output = run(zygote, tmp_path, "environment")
    assert status == 0 and "1 passed" in output, output
    status, output = run(zygote, tmp_path, "fails")
    assert status == 1 and "1 failed" in output, output


def test_what_one_run_changes_does_not_reach_the_next(zygote: Zygote, tmp_path: Path) -> None:
    for _ in range(2):  # the second run would see the first run's mark on torch
        status, output = run(zygote, tmp_path, "changes_state or environment")
        assert status == 0 and "2 passed" in output, output


def test_a_run_past_its_timeout_is_stopped_and_the_next_starts_afresh(
    zygote: Zygote, tmp_path: Path
) -> None:
    with pytest.raises(TimeoutError, match="took over 5"):
        run(zygote, tmp_path, "sleeps", timeout=5)
    status, output = run(zygote, tmp_path, "environment")
    assert status == 0 and "1 passed" in output, output


def test_a_zygote_that_cannot_start_says_so_instead_of_answering(tmp_path: Path) -> None:
    (tmp_path / "zygote.py").write_text("raise ImportError('a module it preloads is missing')")
    broken = Zygote(tmp_path, {**os.environ, "PYTHONPATH": str(tmp_path)})
    with pytest.raises(RuntimeError, match="ended without answering"):
        broken.run(["-q"], dict(os.environ), tmp_path / "output.txt", timeout=60)
    broken.close()
