"""The global-state guard (``dlspec.harness.state``): a test that leaves one of torch's global
settings changed fails at teardown, naming the setting with its values, and the next test
starts from the state as it was."""

from __future__ import annotations

import textwrap

import pytest
import torch

from dlspec.harness import state

CONFTEST = 'pytest_plugins = ["dlspec.harness.plugin"]\n'

# one change per setting the guard watches: the statement that makes it, and what the
# failure names
FORGOTTEN = {
    "torch.get_default_dtype()": "torch.set_default_dtype(torch.float64)",
    "torch.get_default_device()": "torch.set_default_device('meta')",
    "torch.is_grad_enabled()": "torch.set_grad_enabled(False)",
    "torch.are_deterministic_algorithms_enabled()": "torch.use_deterministic_algorithms(True)",
    "torch.is_anomaly_enabled()": "torch.set_anomaly_enabled(True)",
    "torch.backends.cudnn.deterministic": "torch.backends.cudnn.deterministic = True",
    "torch.backends.cudnn.benchmark": "torch.backends.cudnn.benchmark = True",
    "torch.get_num_threads()": "torch.set_num_threads(torch.get_num_threads() + 1)",
}


def test_every_setting_the_guard_watches_has_a_change_tested_here() -> None:
    assert set(FORGOTTEN) == set(state.SETTINGS)


@pytest.mark.parametrize("setting", FORGOTTEN)
def test_a_test_that_leaves_a_setting_changed_fails_naming_it_and_the_next_starts_clean(
    pytester: pytest.Pytester, setting: str
) -> None:
    before = state.snapshot()
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(
        test_x=textwrap.dedent(
            f"""
            import torch
            from dlspec.harness import state

            AT_COLLECTION = state.snapshot()

            def test_a_forgets():
                {FORGOTTEN[setting]}

            def test_b_starts_clean():
                assert state.snapshot() == AT_COLLECTION
            """
        )
    )
    try:
        result = pytester.runpytest_inprocess("-p", "no:randomly", "-p", "no:cacheprovider")
    finally:
        state.restore(before)  # the in-process run must not leave it changed here either
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines([f"*test_a_forgets left torch's global state changed: {setting}*"])
    assert state.snapshot() == before


def test_a_test_that_restores_what_it_changed_passes(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(
        test_x="""
        import torch

        def test_restores():
            old = torch.get_default_dtype()
            torch.set_default_dtype(torch.float64)
            try:
                assert torch.ones(1).dtype == torch.float64
            finally:
                torch.set_default_dtype(old)
        """
    )
    pytester.runpytest_inprocess("-p", "no:randomly").assert_outcomes(passed=1)


def test_changes_lists_exactly_the_settings_that_differ() -> None:
    before = {"a": 1, "b": torch.float32, "c": True}
    after = {"a": 1, "b": torch.float64, "c": False}
    assert state.changes(before, after) == {"b": (torch.float32, torch.float64), "c": (True, False)}
    assert state.changes(before, dict(before)) == {}
