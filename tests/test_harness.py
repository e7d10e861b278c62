"""The pytest harness itself (``dlspec.harness.plugin`` and ``dlspec.harness.ledger``),
exercised through ``pytester``: each test writes a small spec suite and runs pytest on it.

Most runs are in-process and share this interpreter, so they always pass ``-p no:randomly``
(which would reseed the global generators) and tests/conftest.py restores hypothesis's active
profile, the one global the harness sets. The ``-n 2`` run keeps its controller in-process
(its workers are subprocesses anyway); only the CI-profile run needs a fresh interpreter.
"""

from __future__ import annotations

import dataclasses
import json
import re
import textwrap
from typing import Any

import pytest
import torch

from dlspec import claims

CONFTEST = 'pytest_plugins = ["dlspec.harness.plugin"]\n'
ALL_IDS = [claim.id for claim in claims.CLAIMS]  # their order is checked in test_registry


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    """A pytester directory whose conftest loads the harness."""
    pytester.makeconftest(CONFTEST)
    return pytester


def spec_file(pytester: pytest.Pytester, source: str, name: str = "test_x") -> None:
    pytester.makepyfile(**{f"spec/{name}.py": textwrap.dedent(source)})


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_inprocess("-p", "no:randomly", "--strict-markers", *args)


def run_json(pytester: pytest.Pytester, *args: str) -> tuple[pytest.RunResult, dict[str, Any]]:
    result = run(pytester, "--spec-json", "out.json", *args)
    return result, json.loads((pytester.path / "out.json").read_text())


def by_id(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {claim["id"]: claim for claim in report["claims"]}


# --- claim markers -----------------------------------------------------------------------


def test_a_test_in_spec_without_a_claim_marker_is_a_usage_error(suite: pytest.Pytester) -> None:
    spec_file(suite, "def test_unmarked():\n    pass\n")
    result = run(suite)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*spec/test_x.py::test_unmarked*needs @pytest.mark.claim*"])


def test_a_test_outside_spec_needs_no_claim_marker(suite: pytest.Pytester) -> None:
    suite.makepyfile(test_elsewhere="def test_unmarked():\n    pass\n")
    result = run(suite)
    assert result.ret == pytest.ExitCode.OK
    result.assert_outcomes(passed=1)


def test_an_unknown_claim_id_is_a_usage_error(suite: pytest.Pytester) -> None:
    spec_file(
        suite,
        """
        import pytest

        @pytest.mark.claim("Z9")
        def test_unknown():
            pass
    """,
    )
    result = run(suite)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*test_unknown*unknown claim 'Z9'*"])


def test_a_claim_without_a_verdict_is_a_usage_error(
    suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the run is in process, so an undecided registry entry can be simulated for its length
    monkeypatch.setitem(claims.BY_ID, "T2", dataclasses.replace(claims.BY_ID["T2"], verdict=None))
    spec_file(
        suite,
        """
        import pytest

        @pytest.mark.claim("T2")
        def test_undecided():
            pass
    """,
    )
    result = run(suite)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*test_undecided*claim T2 has no verdict*"])


def test_an_unknown_marker_is_an_error(suite: pytest.Pytester) -> None:
    spec_file(
        suite,
        """
        import pytest

        @pytest.mark.claim("T2")
        @pytest.mark.bogus
        def test_bogus():
            pass
    """,
    )
    result = run(suite)
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*'bogus' not found in `markers` configuration option*"])


def test_the_harness_markers_are_registered(suite: pytest.Pytester) -> None:
    spec_file(
        suite,
        """
        import pytest

        @pytest.mark.claim("T2")
        @pytest.mark.slow
        @pytest.mark.statistical
        def test_marked():
            pass

        @pytest.mark.claim("T1", counterexample=True)
        @pytest.mark.cuda
        def test_on_cuda():
            pass
    """,
    )
    result = run(suite, "--spec-slow")
    assert result.ret == pytest.ExitCode.OK
    if torch.cuda.is_available():
        result.assert_outcomes(passed=2)
    else:
        result.assert_outcomes(passed=1, skipped=1)


def test_slow_tests_run_only_with_spec_slow(suite: pytest.Pytester) -> None:
    spec_file(
        suite,
        """
        import pytest

        @pytest.mark.claim("T2")
        @pytest.mark.slow
        def test_long():
            pass
    """,
    )
    run(suite).assert_outcomes(skipped=1)
    run(suite, "--spec-slow").assert_outcomes(passed=1)


# --- implementations and devices ---------------------------------------------------------


IMPL_TEST = """
    import pytest

    @pytest.mark.claim("T2")
    def test_impl(impl, request):
        assert request.node.callspec.id == impl.name
"""


def test_impl_runs_every_registered_implementation(suite: pytest.Pytester) -> None:
    spec_file(suite, IMPL_TEST)
    result = run(suite, "-v")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*test_impl?dlspec? PASSED*", "*test_impl?torch? PASSED*"])


def test_impl_option_selects_one_implementation(suite: pytest.Pytester) -> None:
    spec_file(suite, IMPL_TEST)
    result = run(suite, "-v", "--impl", "torch")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*test_impl?torch? PASSED*"])
    result.stdout.no_fnmatch_line("*test_impl?dlspec?*")


def test_an_unregistered_impl_is_a_usage_error_listing_the_registered_ones(
    suite: pytest.Pytester,
) -> None:
    spec_file(suite, IMPL_TEST)
    result = run(suite, "--impl", "nope")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--impl nope: not registered; choose from dlspec, torch*"])


DEVICE_TEST = """
    import pytest

    @pytest.mark.claim("T2")
    def test_device(device, request):
        assert device.type == request.node.callspec.id
"""


def test_device_has_a_cpu_variant_and_a_cuda_variant_marked_cuda(suite: pytest.Pytester) -> None:
    spec_file(suite, DEVICE_TEST)
    result = run(suite, "-m", "cuda", "-rs", "-v")
    assert result.ret == pytest.ExitCode.OK
    result.stdout.no_fnmatch_line("*test_device?cpu?*")
    if torch.cuda.is_available():
        result.assert_outcomes(passed=1, deselected=1)
        result.stdout.fnmatch_lines(["*test_device?cuda? PASSED*"])
    else:
        result.assert_outcomes(skipped=1, deselected=1)
        result.stdout.fnmatch_lines(["*test_device?cuda? SKIPPED*CUDA*"])


def test_not_cuda_selects_the_cpu_variants(suite: pytest.Pytester) -> None:
    spec_file(suite, DEVICE_TEST)
    result = run(suite, "-m", "not cuda", "-v")
    assert result.ret == pytest.ExitCode.OK
    result.assert_outcomes(passed=1, deselected=1)
    result.stdout.fnmatch_lines(["*test_device?cpu? PASSED*"])


# --- seeded generators -------------------------------------------------------------------


def test_rng_depends_only_on_the_node_id_and_the_spec_seed(suite: pytest.Pytester) -> None:
    spec_file(
        suite,
        """
        import pytest
        import torch

        @pytest.mark.claim("T2")
        @pytest.mark.parametrize("case", ["a", "b"])
        def test_draw(rng, case, request):
            values = torch.rand(4, generator=rng).tolist()
            print("DRAWN", request.node.nodeid, *values)
    """,
    )

    def drawn(*args: str) -> dict[str, list[float]]:
        result = run(suite, "-s", *args)
        result.assert_outcomes(passed=2)
        rows = [line.split("DRAWN ", 1)[1].split() for line in result.outlines if "DRAWN " in line]
        return {row[0]: [float(v) for v in row[1:]] for row in rows}

    first, again = drawn(), drawn("--spec-seed", "0")
    other = drawn("--spec-seed", "1")
    assert len(first) == 2
    assert first == again
    a, b = sorted(first)
    assert first[a] != first[b]
    assert all(other[node] != first[node] for node in first)


# --- the JSON report ---------------------------------------------------------------------


def test_spec_json_reports_the_environment_and_every_claim_in_order(
    suite: pytest.Pytester,
) -> None:
    spec_file(
        suite,
        """
        import pytest

        @pytest.mark.claim("T2")
        def test_feature_count(evidence):
            evidence.record("columns", measured=1, predicted=1.0, tolerance=0)

        @pytest.mark.claim("A2")
        def test_collapse():
            assert False
    """,
    )
    result, report = run_json(suite)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    environment = report["environment"]
    for key in (
        "python",
        "torch",
        "numpy",
        "hypothesis",
        "hypothesis_profile",
        "devices",
        "implementations",
        "spec_seed",
    ):
        assert key in environment
    assert environment["torch"] == torch.__version__
    assert environment["devices"][0] == "cpu"
    assert environment["implementations"] == ["dlspec", "torch"]
    assert [claim["id"] for claim in report["claims"]] == ALL_IDS
    for claim in report["claims"]:
        assert {
            "id",
            "module",
            "title",
            "verdict",
            "status",
            "statement",
            "precise",
            "tests",
            "evidence",
        } <= set(claim)
        assert claim["verdict"] == claims.BY_ID[claim["id"]].verdict
    found = by_id(report)
    t2 = found["T2"]
    assert t2["status"] == "passed"
    assert t2["module"] == claims.MODULES["T"]
    assert t2["tests"] == [{"nodeid": "spec/test_x.py::test_feature_count", "outcome": "passed"}]
    [record] = t2["evidence"]
    assert {k: record[k] for k in ("name", "measured", "predicted", "tolerance")} == {
        "name": "columns",
        "measured": 1,
        "predicted": 1.0,
        "tolerance": 0,
    }
    assert found["A2"]["status"] == "failed"
    assert found["A2"]["tests"] == [
        {"nodeid": "spec/test_x.py::test_collapse", "outcome": "failed"}
    ]
    untouched = [claim for claim in report["claims"] if claim["id"] not in ("T2", "A2")]
    assert all(claim["status"] == "untested" and claim["tests"] == [] for claim in untouched)


@pytest.mark.parametrize(
    ("tests", "status"),
    [
        (["counterexample"], "untested"),
        (["precise"], "untested"),
        (["counterexample", "precise"], "passed"),
    ],
)
def test_a_refined_claim_passes_only_with_both_its_counterexample_and_its_precise_test(
    suite: pytest.Pytester, tests: list[str], status: str
) -> None:
    assert claims.BY_ID["T1"].verdict == "refined"
    source = {
        "counterexample": '@pytest.mark.claim("T1", counterexample=True)\n'
        "def test_counterexample():\n    pass\n",
        "precise": '@pytest.mark.claim("T1")\ndef test_precise():\n    pass\n',
    }
    spec_file(suite, "import pytest\n\n" + "\n".join(source[t] for t in tests))
    result, report = run_json(suite)
    result.assert_outcomes(passed=len(tests))
    assert by_id(report)["T1"]["status"] == status


def test_spec_strict_fails_a_green_run_that_leaves_claims_untested(
    suite: pytest.Pytester,
) -> None:
    spec_file(
        suite,
        """
        import pytest

        @pytest.mark.claim("T2")
        def test_feature_count():
            pass
    """,
    )
    relaxed = run(suite)
    assert relaxed.ret == pytest.ExitCode.OK
    strict = run(suite, "--spec-strict")
    strict.assert_outcomes(passed=1)
    assert strict.ret == pytest.ExitCode.TESTS_FAILED
    [line] = [line for line in strict.outlines if line.startswith("--spec-strict: untested")]
    untested = line.split("untested claims ", 1)[1].split(", ")
    assert untested == [claim_id for claim_id in ALL_IDS if claim_id != "T2"]


def test_the_terminal_summary_lists_every_claim_with_verdict_and_status(
    suite: pytest.Pytester,
) -> None:
    spec_file(
        suite,
        """
        import pytest

        @pytest.mark.claim("T2")
        def test_feature_count():
            pass
    """,
    )
    result = run(suite)
    result.stdout.fnmatch_lines(["*= dlspec claims*="])
    text = result.stdout.str()
    for claim in claims.CLAIMS:
        verdict = claim.verdict or "undecided"
        status = "passed" if claim.id == "T2" else "untested"
        assert re.search(rf"^{claim.id}\s+{verdict}\s+{status}\s", text, re.MULTILINE), claim.id


# --- evidence ----------------------------------------------------------------------------


def test_recording_evidence_for_a_claim_the_test_does_not_check_raises_value_error(
    suite: pytest.Pytester,
) -> None:
    spec_file(
        suite,
        """
        import pytest

        @pytest.mark.claim("T2")
        def test_wrong_claim(evidence):
            with pytest.raises(ValueError, match="not marked for claim T1"):
                evidence.record("x", measured=1, predicted=1, claim="T1")
    """,
    )
    run(suite).assert_outcomes(passed=1)


def test_a_test_of_two_claims_must_name_the_claim_of_its_evidence(
    suite: pytest.Pytester,
) -> None:
    spec_file(
        suite,
        """
        import pytest

        @pytest.mark.claim("T2", "A2")
        def test_two_claims(evidence):
            with pytest.raises(ValueError, match="name the claim"):
                evidence.record("x", measured=1, predicted=1)
            evidence.record("x", measured=1, predicted=1, claim="A2")
    """,
    )
    result, report = run_json(suite)
    result.assert_outcomes(passed=1)
    found = by_id(report)
    assert [record["name"] for record in found["A2"]["evidence"]] == ["x"]
    assert found["T2"]["evidence"] == []


def test_a_claim_marked_twice_on_one_test_is_still_one_claim_for_evidence(
    suite: pytest.Pytester,
) -> None:
    spec_file(
        suite,
        """
        import pytest

        pytestmark = pytest.mark.claim("T2")

        @pytest.mark.claim("T2")
        def test_marked_twice(evidence):
            evidence.record("x", measured=1, predicted=1)
    """,
    )
    result, report = run_json(suite)
    result.assert_outcomes(passed=1)
    assert [record["name"] for record in by_id(report)["T2"]["evidence"]] == ["x"]


def test_evidence_inside_hypothesis_keeps_the_worst_example_and_counts_them(
    suite: pytest.Pytester,
) -> None:
    spec_file(
        suite,
        """
        import pytest
        from hypothesis import given, settings, strategies as st

        @pytest.mark.claim("T2")
        @settings(max_examples=15, database=None)
        @given(st.integers(0, 100))
        def test_examples(evidence, x):
            with open("seen.txt", "a") as seen:
                seen.write(f"{x}\\n")
            evidence.record("x", measured=x, predicted=50, tolerance=0)
    """,
    )
    result, report = run_json(suite)
    result.assert_outcomes(passed=1)
    seen = [int(line) for line in (suite.path / "seen.txt").read_text().split()]
    [record] = by_id(report)["T2"]["evidence"]
    assert record["examples"] == len(seen) > 1
    assert abs(record["measured"] - 50) == max(abs(x - 50) for x in seen)
    assert record["predicted"] == 50


def test_the_harness_fixtures_meant_for_hypothesis_pass_its_health_checks(
    suite: pytest.Pytester,
) -> None:
    spec_file(
        suite,
        """
        import pytest
        import torch
        from hypothesis import given, settings, strategies as st

        @pytest.mark.claim("T2")
        @settings(max_examples=5, database=None)
        @given(st.integers(0, 2**32))
        def test_examples(evidence, impl, device, seeded, seed):
            values = torch.rand(2, generator=seeded(seed, device))
            evidence.record("sigmoid", measured=impl.sigmoid(values)[0], predicted=0.5)
    """,
    )
    run(suite, "-m", "not cuda").assert_outcomes(passed=2, deselected=2)


def test_a_failing_check_fails_the_test_and_says_what_was_measured(
    suite: pytest.Pytester,
) -> None:
    spec_file(
        suite,
        """
        import pytest
        from dlspec import testing

        @pytest.mark.claim("T2")
        def test_rejected(evidence):
            evidence.check(testing.proportion(90, 100, 0.5, what="heads"))
    """,
    )
    result, report = run_json(suite)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*AssertionError: heads: measured 0.9, predicted 0.5*"])
    t2 = by_id(report)["T2"]
    assert t2["status"] == "failed"
    [record] = t2["evidence"]
    assert (record["name"], record["measured"], record["predicted"]) == ("heads", 0.9, 0.5)


# --- subprocess runs: xdist and hypothesis profiles --------------------------------------


def test_under_xdist_the_report_still_has_every_outcome_and_its_evidence(
    suite: pytest.Pytester,
) -> None:
    spec_file(
        suite,
        """
        import pytest

        @pytest.mark.claim("T2")
        @pytest.mark.parametrize("n", range(4))
        def test_feature_count(evidence, n):
            evidence.record(f"columns {n}", measured=n, predicted=n)

        @pytest.mark.claim("A2")
        def test_collapse():
            assert False
    """,
    )
    result = run(suite, "-n", "2", "--spec-json", "out.json")
    result.assert_outcomes(passed=4, failed=1)
    report = by_id(json.loads((suite.path / "out.json").read_text()))
    assert report["T2"]["status"] == "passed"
    assert sorted(t["outcome"] for t in report["T2"]["tests"]) == ["passed"] * 4
    assert sorted(r["name"] for r in report["T2"]["evidence"]) == [f"columns {n}" for n in range(4)]
    assert report["A2"]["status"] == "failed"
    result.stdout.fnmatch_lines(["*= dlspec claims*="])


PROFILE_PROBE = """
    import json
    from hypothesis import settings

    def test_probe():
        current = settings()
        seen = {"derandomize": current.derandomize, "max_examples": current.max_examples}
        with open("profile.json", "w") as out:
            json.dump(seen, out)
"""


def run_profile_probe(
    pytester: pytest.Pytester, subprocess: bool
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The JSON environment and the settings a test saw, for the current environment."""
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_probe=textwrap.dedent(PROFILE_PROBE))
    args = ("-p", "no:randomly", "--spec-json", "out.json")
    if subprocess:
        result = pytester.runpytest_subprocess(*args)
    else:
        result = pytester.runpytest_inprocess(*args)
    result.assert_outcomes(passed=1)
    report = json.loads((pytester.path / "out.json").read_text())
    return report["environment"], json.loads((pytester.path / "profile.json").read_text())


def test_hypothesis_profile_environment_variable_selects_the_profile(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # in-process to save an interpreter start: loading a profile only sets hypothesis's
    # active profile, which _keep_hypothesis_profile puts back
    monkeypatch.setenv("HYPOTHESIS_PROFILE", "thorough")
    environment, loaded = run_profile_probe(pytester, subprocess=False)
    assert environment["hypothesis_profile"] == "thorough"
    assert loaded["max_examples"] == 1000


def test_on_ci_the_ci_profile_keeps_hypothesis_built_in_ci_settings(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a fresh interpreter: with CI set, hypothesis loads its own ci profile on import and the
    # harness then re-registers "ci" on top of it
    monkeypatch.setenv("CI", "true")
    monkeypatch.delenv("HYPOTHESIS_PROFILE", raising=False)
    environment, loaded = run_profile_probe(pytester, subprocess=True)
    assert environment["hypothesis_profile"] == "ci"
    assert loaded == {"derandomize": True, "max_examples": 50}
