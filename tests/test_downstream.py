"""dlspec in someone else's repository: the plugin leaves an unrelated suite alone, an
outside module imports its neighbours, a failure of a piece that others rely on is
reported once, and every printed command reruns its failure from the folder the user ran
in. The installed wheel itself is tested in tests/test_install.py."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import processes
import pytest

from dlspec.harness import contract, entry, impls

CONFTEST = 'pytest_plugins = ["dlspec.harness.plugin"]\n'

UNRELATED = {
    "conftest.py": """
        import pytest

        def pytest_configure(config):
            config.addinivalue_line("markers", "slow: the suite's own slow marker")

        @pytest.fixture
        def device():
            return "the suite's own device fixture"
    """,
    "test_unrelated.py": """
        import warnings
        import pytest
        from hypothesis import given, settings, strategies as st

        @pytest.mark.slow
        def test_own_slow_marker_runs():
            pass

        def test_own_device_fixture(device):
            assert device == "the suite's own device fixture"

        def test_default_hypothesis_settings():
            assert settings().max_examples == 100

        @given(st.integers())
        def test_property(n):
            assert n == n

        def test_fails():
            assert 1 == 2

        def test_warns():
            warnings.warn("a warning of the suite's own", UserWarning)

        def test_asks_for_a_fixture_it_does_not_define(rng):
            pass
    """,
    "test_marker.py": """
        import pytest

        @pytest.mark.claim("R1")
        def test_an_unregistered_marker():
            pass
    """,
}


def run_python(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return processes.run([sys.executable, *args], cwd)


def summary(done: subprocess.CompletedProcess[str]) -> tuple[int, str]:
    """The exit status and pytest's closing line, durations removed."""
    closing = done.stdout.strip().splitlines()[-1].strip("= ")
    return done.returncode, closing.rsplit(" in ", 1)[0]


def test_an_unrelated_suite_runs_the_same_with_dlspec_installed_as_without(tmp_path) -> None:
    """With --strict-markers: the same outcomes, warnings, errors and exit status, whether
    dlspec's entry point is loaded or blocked (as if dlspec were not installed)."""
    for name, source in UNRELATED.items():
        (tmp_path / name).write_text(textwrap.dedent(source))
    common = ["-m", "pytest", "-p", "no:randomly", "-p", "no:cacheprovider", "--strict-markers"]
    common.append("--continue-on-collection-errors")
    with_dlspec = run_python(common, tmp_path)
    without = run_python([*common, "-p", f"no:{entry.__name__}"], tmp_path)
    assert "dlspec" not in without.stdout, "the entry point was not blocked"
    assert summary(with_dlspec) == summary(without), (with_dlspec.stdout, without.stdout)
    assert summary(without) == (1, "1 failed, 5 passed, 1 warning, 2 errors")
    assert "dlspec claims" not in with_dlspec.stdout


def test_each_option_of_the_entry_point_is_one_that_switches_the_harness_on(pytestconfig) -> None:
    """The options and their defaults as entry.DEFAULTS lists them: an option missing
    there would be ignored by the switch."""
    group = next(g for g in pytestconfig._parser._groups if g.name == "dlspec")
    declared = {option.dest: option.default for option in group.options}
    assert declared == entry.DEFAULTS


def test_an_option_switches_the_harness_on_in_any_suite(pytester) -> None:
    pytester.makepyfile(test_plain="def test_plain():\n    pass\n")
    result = pytester.runpytest_inprocess("-p", "no:randomly", "--spec-json", "out.json")
    result.assert_outcomes(passed=1)
    report = json.loads((pytester.path / "out.json").read_text())
    assert [claim["status"] for claim in report["claims"]] == ["untested"] * 25


NEIGHBOURS = {
    "course/helpers.py": "SLOPE = 0.01\n",
    "course/impl.py": """
        from helpers import SLOPE  # a neighbour, imported as user code does
        from dlspec.harness.contract import Implementation

        IMPL = Implementation.based_on("torch", name="course", replace={})
        assert SLOPE == 0.01
    """,
}


def test_an_impl_module_imports_its_neighbours_from_any_folder(pytester) -> None:
    """Loaded by path from another folder that is not on ``sys.path`` (pytest's own entry,
    unlike ``python -m pytest``, adds none), the module's neighbours import all the same,
    and the folder leaves ``sys.path`` afterwards."""
    for name, source in NEIGHBOURS.items():
        (pytester.path / name).parent.mkdir(exist_ok=True)
        (pytester.path / name).write_text(textwrap.dedent(source))
    pytester.makeconftest(CONFTEST)
    marked = "import pytest\n\n@pytest.mark.claim('A1')\ndef test_a(impl):\n    pass\n"
    pytester.makepyfile(**{"spec/test_x.py": marked})
    folder = str(pytester.path / "course")
    assert folder not in sys.path
    try:
        result = pytester.runpytest_inprocess(
            "-p", "no:randomly", "--impl-module", "course/impl.py:IMPL", "--impl", "course"
        )
    finally:
        impls.REGISTRY.pop("course", None)
        sys.modules.pop("helpers", None)
    assert result.ret == pytest.ExitCode.OK, result.stderr.str()[-2000:]
    result.assert_outcomes(passed=1)
    assert folder not in sys.path


def test_an_unrelated_suite_gets_neither_the_skips_nor_the_fixtures(pytester) -> None:
    """In this very process, where the harness is imported: a suite that neither collects
    the spec nor gives an option keeps its own 'slow' tests running, has no rng fixture,
    and gets no claims table. (The marker check of --strict-markers caches markers across
    in-process runs, so the subprocess test above covers it.)"""
    pytester.makepyfile(
        test_slow="import pytest\n\n@pytest.mark.slow\ndef test_s():\n    pass\n",
        test_fixture="def test_f(rng):\n    pass\n",
    )
    result = pytester.runpytest_inprocess("-p", "no:randomly", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*fixture 'rng' not found*"])
    assert "dlspec claims" not in result.stdout.str()


def test_a_bad_impl_module_names_the_path_and_the_problem(pytester) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(not_an_impl="IMPL = 42\n")
    for spec, problem in (
        ("missing.py:IMPL", "cannot import: FileNotFoundError('no such file"),
        ("not_an_impl.py:OTHER", "has no 'OTHER'"),
        ("not_an_impl.py:IMPL", "expected an Implementation or a list of them, got int"),
    ):
        result = pytester.runpytest_inprocess("-p", "no:randomly", "--impl-module", spec)
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines([f"*--impl-module {spec}*{problem}*"])
        assert "Traceback" not in result.stderr.str()


# --- a broken piece is reported once -----------------------------------------------------

JUDGED = """
    import pytest

    @pytest.mark.claim("R3")
    @pytest.mark.judges("optim.Adam")
    def test_adam_steps(impl):
        assert impl.name != "other", "Adam's step 1 is off by 9"

    @pytest.mark.relies_on("optim.Adam")
    @pytest.mark.claim("R2")
    def test_training(impl):
        assert impl.name != "other", "the loss did not drop"

    @pytest.mark.claim("R2")
    def test_masks(impl):
        pass

    @pytest.mark.claim("R2")
    @pytest.mark.cuda
    def test_on_cuda(impl):
        pass
"""


def with_other(pytester, source: str, *args: str) -> tuple[pytest.RunResult, dict[str, Any]]:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(**{"spec/test_x.py": textwrap.dedent(source)})
    pytester.makepyfile(
        impl_other="from dlspec.harness.contract import Implementation\n"
        'IMPL = Implementation.based_on("torch", name="other", replace={})\n'
    )
    try:
        result = pytester.runpytest_inprocess(
            "-p", "no:randomly", "--impl-module", "impl_other.py:IMPL", "--spec-json", "out.json",
            *args,
        )  # fmt: skip
    finally:
        impls.REGISTRY.pop("other", None)
    return result, json.loads((pytester.path / "out.json").read_text())


def claim(report: dict[str, Any], claim_id: str) -> dict[str, Any]:
    return next(c for c in report["claims"] if c["id"] == claim_id)


def test_a_claim_that_fails_only_through_a_broken_piece_is_blocked_naming_it(pytester) -> None:
    result, report = with_other(pytester, JUDGED)
    r2, r3 = claim(report, "R2"), claim(report, "R3")
    assert r3["implementations"]["other"]["status"] == "failed"
    assert r2["implementations"]["other"]["status"] == "blocked", r2
    assert r2["implementations"]["torch"]["status"] == "passed"
    assert r2["status"] == "blocked" and r2["note"] == "1 of 6 tests rely on optim.Adam (failed R3)"
    blocked = [t for t in r2["tests"] if t["outcome"] == "blocked"]
    assert [t["blocked_by"] for t in blocked] == [{"optim.Adam": ["R3"]}]
    result.stdout.fnmatch_lines(
        [
            "R2 *blocked*",
            "*[[]blocked[]] spec/test_x.py::test_training[[]other[]]",
            "*relies on optim.Adam (failed R3)",
        ]
    )


def test_a_failure_of_a_piece_s_judge_blocks_only_the_same_implementation(pytester) -> None:
    """torch's training test fails on its own while only 'other''s Adam is broken: torch's
    failure is independent, and the claim fails."""
    source = JUDGED.replace('assert impl.name != "other", "the loss', 'assert False, "the loss')
    _, report = with_other(pytester, source)
    r2 = claim(report, "R2")
    assert r2["implementations"]["torch"]["status"] == "failed"
    assert r2["implementations"]["other"]["status"] == "blocked"
    assert r2["status"] == "failed" and r2["note"] == "2 of 6 tests failed, 1 blocked", r2["note"]


def test_counts_count_only_tests_that_ran_and_a_failure_shows_its_message_first(pytester):
    result, report = with_other(pytester, JUDGED)
    r3 = claim(report, "R3")
    assert r3["note"] == "1 of 3 tests failed", r3["note"]
    r2 = claim(report, "R2")  # the cuda variants did not run and are not counted
    assert r2["note"] == "1 of 6 tests rely on optim.Adam (failed R3)", r2["note"]
    failed = [t for t in r3["tests"] if t["outcome"] == "failed"]
    assert failed[0]["message"].startswith("AssertionError: Adam's step 1 is off by 9 assert")
    result.stdout.fnmatch_lines(
        [
            "R3 *failed*[[]1 of 3 tests failed[]]",
            "*[[]failed[]] spec/test_x.py::test_adam_steps[[]other[]]",
            "*AssertionError: Adam's step 1 is off by 9*",
        ]
    )


def test_a_hypothesis_failure_names_the_implementation_without_its_fields(pytester) -> None:
    source = """
        import pytest
        from hypothesis import given, strategies as st

        @pytest.mark.claim("A1")
        @given(n=st.integers(0, 3))
        def test_drawn(impl, n):
            assert impl.name != "other"
    """
    result, _ = with_other(pytester, source, "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*test_drawn(*", "*impl=other,*"])
    assert "Implementation(" not in result.stdout.str()


def test_the_json_says_which_spec_judged_the_run(pytester) -> None:
    _, report = with_other(pytester, JUDGED)
    environment = report["environment"]
    assert environment["dlspec"] == __import__("dlspec").__version__
    commit = environment["dlspec_commit"]
    # the clone is a git checkout; an installed wheel gives None (tests/test_install.py)
    assert commit is not None and len(commit.removesuffix("+dirty")) == 40, commit
    assert environment["command"] == "python -m pytest spec/ --impl-module impl_other.py:IMPL"


def test_based_on_replaces_the_named_pieces_and_checks_the_names() -> None:
    class Dropout(contract.REGISTRY["torch"].nn.Dropout):
        pass

    mine = contract.Implementation.based_on(
        "torch", name="mine", replace={"nn.Dropout": Dropout, "relu": abs}
    )
    torch_impl = contract.REGISTRY["torch"]
    assert mine.nn.Dropout is Dropout and mine.nn.Linear is torch_impl.nn.Linear
    assert mine.relu is abs and mine.optim is torch_impl.optim
    assert mine.capabilities == torch_impl.capabilities and contract.problems(mine) == []
    with pytest.raises(ValueError, match=r"'nn\.Dropuot' is not a piece of the contract; the "
                       r"pieces are nn\.Linear, .*optim\.Adam, .*to_numpy"):  # fmt: skip
        contract.Implementation.based_on("torch", name="x", replace={"nn.Dropuot": Dropout})
    with pytest.raises(TypeError, match=r"the replacement of optim\.SGD is not callable"):
        contract.Implementation.based_on("torch", name="x", replace={"optim.SGD": 0.1})
    with pytest.raises(ValueError, match="no implementation of that name is registered"):
        contract.Implementation.based_on("tensorflow", name="x", replace={})


# --- reruns from the folder the user ran in -----------------------------------------------

# as the spec's own conftest.py: collecting the folder switches the harness on
SPEC_CONFTEST = """
from pathlib import Path
from dlspec.harness import entry

def pytest_configure(config):
    entry.activate(config, spec=Path(__file__).parent)
"""
FAILING = """
    import pytest

    @pytest.mark.claim("A5")
    def test_fails(impl, device):
        assert impl.name != "course", "measured 1, expected 2"
"""


def test_printed_paths_are_relative_to_the_folder_pytest_ran_in(pytester, monkeypatch) -> None:
    """Started in course/ with the spec in ../clone/spec: the rerun line and the JSON's
    command name the spec and the module as they are reached from course/."""
    (pytester.path / "clone" / "spec").mkdir(parents=True)
    (pytester.path / "clone" / "conftest.py").write_text(CONFTEST)
    (pytester.path / "clone" / "spec" / "conftest.py").write_text(SPEC_CONFTEST)
    (pytester.path / "clone" / "spec" / "test_x.py").write_text(textwrap.dedent(FAILING))
    (pytester.path / "course").mkdir()
    (pytester.path / "course" / "impl.py").write_text(
        "from dlspec.harness.contract import Implementation\n"
        'IMPL = Implementation.based_on("torch", name="course", replace={})\n'
    )
    monkeypatch.chdir(pytester.path / "course")
    try:
        result = pytester.runpytest_inprocess(
            "-p", "no:randomly", "../clone/spec", "--impl-module", "impl.py:IMPL",
            "--impl", "course", "-m", "not cuda", "--spec-json", "out.json",
        )  # fmt: skip
    finally:
        impls.REGISTRY.pop("course", None)
    result.assert_outcomes(failed=1, deselected=1)
    result.stdout.fnmatch_lines(
        ["rerun: python -m pytest '../clone/spec/test_x.py::test_fails?course-cpu?' "
         "--impl-module impl.py:IMPL --impl course --spec-seed 0 *"]
    )  # fmt: skip
    command = json.loads((pytester.path / "course" / "out.json").read_text())["environment"]
    assert (
        command["command"]
        == "python -m pytest ../clone/spec/ --impl-module impl.py:IMPL --impl course"
    )


def test_the_rerun_line_and_the_claim_command_repeat_the_failure_from_the_user_s_folder(
    pytester,
) -> None:
    """The spec is in one folder, the user's implementation in another, and pytest is
    started from the second: the printed rerun line and the report's per-claim command
    (the JSON's command with --claim), run there, fail the same test."""
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(**{"clone/spec/test_x.py": textwrap.dedent(FAILING)})
    (pytester.path / "clone" / "conftest.py").write_text(CONFTEST)
    (pytester.path / "clone" / "spec" / "conftest.py").write_text(SPEC_CONFTEST)
    for name, source in NEIGHBOURS.items():
        (pytester.path / name).parent.mkdir(exist_ok=True)
        (pytester.path / name).write_text(textwrap.dedent(source))
    user = pytester.path / "course"
    first = run_python(
        ["-m", "pytest", "-p", "no:randomly", "../clone/spec", "--impl-module", "impl.py:IMPL",
         "--spec-seed", "3", "--spec-json", "out.json", "-m", "not cuda"],
        user,
    )  # fmt: skip
    assert first.returncode == 1, first.stdout
    rerun = next(line for line in first.stdout.splitlines() if line.startswith("rerun: "))
    command = json.loads((user / "out.json").read_text())["environment"]["command"]
    for again, ran in (
        (shlex.split(rerun.removeprefix("rerun: ")), "1 failed in"),
        ([*shlex.split(command), "--claim", "A5", "--spec-seed", "3"], "1 failed, 2 passed"),
    ):
        assert again[:3] == ["python", "-m", "pytest"], again
        done = run_python(again[1:], user)
        assert done.returncode == 1, (again, done.stdout[-3000:], done.stderr[-2000:])
        assert "FAILED ../clone/spec/test_x.py::test_fails[course-cpu]" in done.stdout, again
        assert done.stdout.strip().splitlines()[-1].strip("= ").startswith(ran), done.stdout
