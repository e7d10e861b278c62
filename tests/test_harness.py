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


CLAIM_TESTS = """
    import pytest

    @pytest.mark.claim("I5")
    def test_i5():
        pass

    @pytest.mark.claim("I5", "I6")
    def test_i5_and_i6():
        pass

    @pytest.mark.claim("A1")
    def test_a1():
        pass

    @pytest.mark.bad_input
    def test_interface():
        pass
"""


def test_claim_runs_only_that_claim_s_tests_and_reports_only_it(suite: pytest.Pytester) -> None:
    spec_file(suite, CLAIM_TESTS)
    result, report = run_json(suite, "--claim", "A1")
    result.assert_outcomes(passed=1, deselected=3)
    assert [c["id"] for c in report["claims"]] == ["A1"]
    assert report["other_tests"] == {}
    assert "1 passed, 0 deviates, 0 failed, 0 blocked, 0 untested claims" in result.stdout.str()
    result, report = run_json(suite, "--claim", "I6", "--claim", "I5")
    result.assert_outcomes(passed=2, deselected=2)
    assert [c["id"] for c in report["claims"]] == ["I5", "I6"]  # registry order


def test_an_unknown_claim_option_is_a_usage_error_listing_the_claims(
    suite: pytest.Pytester,
) -> None:
    spec_file(suite, CLAIM_TESTS)
    result = run(suite, "--claim", "I7")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*--claim I7: no such claim; choose from {', '.join(ALL_IDS)}*"])


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


def test_derive_seed_and_seeded_depend_on_their_parts_and_the_spec_seed(
    suite: pytest.Pytester,
) -> None:
    spec_file(
        suite,
        """
        import json
        import pytest
        import torch

        @pytest.mark.claim("T2")
        def test_seeds(derive_seed, seeded):
            seeds = [derive_seed("a", 1), derive_seed("a", 1), derive_seed("a", 2)]
            draws = [torch.rand(2, generator=seeded(s)).tolist() for s in (7, 7, 8)]
            print("SEEDS", json.dumps([*seeds, *draws]))
    """,
    )

    def seen(*args: str) -> list[Any]:
        result = run(suite, "-s", *args)
        result.assert_outcomes(passed=1)
        [line] = [line for line in result.outlines if "SEEDS " in line]
        return json.loads(line.split("SEEDS ", 1)[1])

    first, again, other = seen(), seen("--spec-seed", "0"), seen("--spec-seed", "1")
    a1, a1_again, a2, draw7, draw7_again, draw8 = first
    assert (a1, draw7) == (a1_again, draw7_again), "the same parts gave other seeds or data"
    assert a1 != a2 and draw7 != draw8, "other parts gave the same seed or data"
    assert first == again, "--spec-seed 0 is not the default"
    reused = [f for o, f in zip(other, first, strict=True) if o == f]
    assert not reused, f"--spec-seed 1 reused {reused}"


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
    assert t2["module"] == claims.MODULES["T"].en
    assert [(t["nodeid"], t["outcome"]) for t in t2["tests"]] == [
        ("spec/test_x.py::test_feature_count", "passed")
    ]
    [record] = t2["evidence"]
    assert {k: record[k] for k in ("name", "measured", "predicted", "tolerance")} == {
        "name": "columns",
        "measured": 1,
        "predicted": 1.0,
        "tolerance": 0,
    }
    assert found["A2"]["status"] == "failed"
    assert [(t["nodeid"], t["outcome"]) for t in found["A2"]["tests"]] == [
        ("spec/test_x.py::test_collapse", "failed")
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


def test_a_claim_fails_when_any_of_its_tests_fails_or_errors_in_setup_or_teardown(
    suite: pytest.Pytester,
) -> None:
    spec_file(
        suite,
        """
        import pytest

        @pytest.fixture
        def broken_setup():
            raise RuntimeError("setup fails")

        @pytest.fixture
        def broken_teardown():
            yield
            raise RuntimeError("teardown fails")

        @pytest.mark.claim("T2")
        def test_t2_passes():
            pass

        @pytest.mark.claim("T2")
        def test_t2_setup_errors(broken_setup):
            pass

        @pytest.mark.claim("A2")
        def test_a2_passes():
            pass

        @pytest.mark.claim("A2")
        def test_a2_teardown_errors(broken_teardown):
            pass

        @pytest.mark.claim("A8")
        def test_a8_passes():
            pass

        @pytest.mark.claim("A8")
        def test_a8_fails():
            assert False
    """,
    )
    result, report = run_json(suite)
    result.assert_outcomes(passed=4, failed=1, errors=2)
    found = by_id(report)
    assert {c: found[c]["status"] for c in ("T2", "A2", "A8")} == dict.fromkeys(
        ("T2", "A2", "A8"), "failed"
    )
    outcomes = {
        t["nodeid"].split("::")[1]: t["outcome"] for c in found.values() for t in c["tests"]
    }
    assert outcomes == {
        "test_t2_passes": "passed",
        "test_t2_setup_errors": "failed",
        "test_a2_passes": "passed",
        "test_a2_teardown_errors": "failed",
        "test_a8_passes": "passed",
        "test_a8_fails": "failed",
    }


def test_a_claim_whose_tests_were_all_skipped_stays_untested(suite: pytest.Pytester) -> None:
    spec_file(
        suite,
        """
        import pytest

        @pytest.mark.claim("T2")
        @pytest.mark.slow
        def test_slow():
            pass

        @pytest.mark.claim("A2")
        def test_skips_itself():
            pytest.skip("not on this machine")
    """,
    )
    result, report = run_json(suite)
    result.assert_outcomes(skipped=2)
    found = by_id(report)
    for claim_id in ("T2", "A2"):
        assert (found[claim_id]["status"], found[claim_id]["note"]) == ("untested", "no test ran")
        assert [t["outcome"] for t in found[claim_id]["tests"]] == ["skipped"]


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


def test_repeated_records_keep_the_one_farthest_from_its_prediction(
    suite: pytest.Pytester,
) -> None:
    # below, above and on the prediction, in an order where neither the first, the last,
    # the closest nor the largest signed difference is the farthest; NaN is farther than all
    spec_file(
        suite,
        """
        import pytest

        @pytest.mark.claim("T2")
        def test_repeated(evidence):
            for measured in (6, 0, 5):
                evidence.record("finite", measured, predicted=5)
            for measured in (4.0, float("nan"), 9.0):
                evidence.record("non-finite", measured, predicted=5.0)
    """,
    )
    result, report = run_json(suite)
    result.assert_outcomes(passed=1)
    kept = {r["name"]: (r["measured"], r["examples"]) for r in by_id(report)["T2"]["evidence"]}
    assert kept == {"finite": (0, 3), "non-finite": ("nan", 3)}


def test_the_summary_shows_a_counterexample_first_then_key_records(
    suite: pytest.Pytester,
) -> None:
    # the precise test sorts first by node id, and two lines are shown per claim
    spec_file(
        suite,
        """
        import pytest

        @pytest.mark.claim("T1")
        def test_a_precise(evidence):
            evidence.record("routine", 0, 0, key=False)
            evidence.record("precise value", 1, 1)

        @pytest.mark.claim("T1", counterexample=True)
        def test_b_counterexample(evidence):
            evidence.record("wording", 2, 3, role="claim")
    """,
    )
    result = run(suite)
    result.assert_outcomes(passed=2)
    result.stdout.re_match_lines(
        [r"T1 ", r" +\[claim\] wording: ", r" +\[precise\] precise value: ", r"T2 "],
        consecutive=True,
    )


def test_every_evidence_record_and_plot_series_carries_its_role_to_the_json_and_the_terminal(
    suite: pytest.Pytester,
) -> None:
    spec_file(
        suite,
        """
        import pytest

        @pytest.mark.claim("A3")
        def test_roles(evidence):
            evidence.record("asserted", 1, 1)
            evidence.record("wording", 2, 3, role="claim")
            evidence.record("shown", 4, 5, tolerance="not asserted: context", role="informative")
            for role in ("measured", "precise", "claim", "informative"):
                evidence.plot("curves", role, [0, 1], [0, 1], role=role)
    """,
    )
    result, report = run_json(suite)
    result.assert_outcomes(passed=1)
    a3 = by_id(report)["A3"]
    roles = {r["name"]: r.get("role") for r in a3["evidence"]}
    assert roles == {"asserted": "precise", "wording": "claim", "shown": "informative"}
    series = {s["label"]: s.get("role") for s in a3["figures"]["curves"]}
    assert series == {role: role for role in ("measured", "precise", "claim", "informative")}
    result.stdout.re_match_lines(
        [
            r"A3 ",
            r" +\[precise\] asserted: measured 1, predicted 1, tolerance exact$",
            r" +\[claim\] wording: measured 2, predicted 3, tolerance exact$",
        ],
        consecutive=True,
    )


def test_an_unknown_evidence_role_is_a_value_error(suite: pytest.Pytester) -> None:
    # "measured" describes a plotted series of this run's data, never a record's prediction
    spec_file(
        suite,
        """
        import pytest

        @pytest.mark.claim("A3")
        def test_bad_roles(evidence):
            with pytest.raises(ValueError, match="precise, claim, informative; got 'measured'"):
                evidence.record("x", 1, 1, role="measured")
            with pytest.raises(ValueError, match="one of measured, precise, claim, informative"):
                evidence.plot("f", "y", [0], [0], role="exact")
    """,
    )
    result, report = run_json(suite)
    result.assert_outcomes(passed=1)
    a3 = by_id(report)["A3"]
    assert (a3["evidence"], a3["figures"]) == ([], {})


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


def test_under_xdist_the_report_still_has_every_outcome_and_its_evidence_and_rng_the_same_draws(
    suite: pytest.Pytester,
) -> None:
    spec_file(
        suite,
        """
        import pytest
        import torch

        @pytest.mark.claim("A8")
        def test_draw(rng):
            with open("draws.txt", "a") as draws:
                draws.write(f"{torch.rand(1, generator=rng).item()!r}\\n")

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
    result.assert_outcomes(passed=5, failed=1)
    report = by_id(json.loads((suite.path / "out.json").read_text()))
    assert report["T2"]["status"] == "passed"
    assert sorted(t["outcome"] for t in report["T2"]["tests"]) == ["passed"] * 4
    assert sorted(r["name"] for r in report["T2"]["evidence"]) == [f"columns {n}" for n in range(4)]
    assert report["A2"]["status"] == "failed"
    result.stdout.fnmatch_lines(["*= dlspec claims*="])
    # a worker is another interpreter, with another hash seed: its data must be this one's
    run(suite, "-k", "test_draw").assert_outcomes(passed=1, deselected=5)
    in_worker, in_process = (suite.path / "draws.txt").read_text().split()
    assert in_worker == in_process, f"rng drew {in_worker} in a worker, {in_process} in process"


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
