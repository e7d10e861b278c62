"""Realistic mistakes in the harness: how a claim's status is folded from its tests, how
seeds are derived, how each implementation is wired, how evidence is ranked and labelled,
and how markers and options act. The spec cannot see these (it runs *through* the
harness), so a test in ``tests/`` must fail for each.

Most plants are :func:`edit`: the harness function's own source with one fragment
replaced, compiled in its module, as the person who made the mistake would have written
it. An edit whose fragment no longer occurs in the source raises, so a plant cannot go
stale silently when the harness changes.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
import torch

import dlspec.init
import dlspec.nn
import dlspec.normalisation
import dlspec.optim
from catalogue.bug import HARNESS, Bug, Plant, edit
from dlspec import activations, propagation, rounding, symbolic, testing, timing
from dlspec.harness import contract, entry, figures, impls, languages, ledger
from dlspec.harness.report import evidence_table, prose
from dlspec.harness.report import languages as report_languages

# A plant imports the harness plugin before the root conftest does. The conftest asks pytest
# to rewrite the plugin's asserts, and an earlier plain import would make pytest warn that it
# cannot (an error under filterwarnings = error), so the import goes through the rewriter too.
pytest.register_assert_rewrite("dlspec.harness.plugin")
from dlspec.harness import plugin  # noqa: E402, F401  (marks its modules for rewriting)

# isort: split
from dlspec.harness import evidence, options, seeds, state, summary  # noqa: E402


def rewire(implementation: str, **pieces: Any) -> Plant:
    """A plant that registers ``implementation`` with some pieces taken from elsewhere."""

    def plant(monkeypatch: pytest.MonkeyPatch) -> None:
        wired = dataclasses.replace(impls.REGISTRY[implementation], **pieces)
        monkeypatch.setitem(impls.REGISTRY, implementation, wired)

    return plant


HARNESS_TESTS = ("tests/test_harness.py",)
DOWNSTREAM_TESTS = ("tests/test_downstream.py",)
ROUNDING_TESTS = ("tests/test_rounding.py",)
WIRING_TESTS = ("tests/test_wiring.py",)
CONTRACT_TESTS = ("tests/test_contract.py",)
REPORT_TESTS = ("tests/test_report.py",)
STATE_TESTS = ("tests/test_state.py",)
PIPELINE_TESTS = ("tests/test_pipeline.py",)
INSTRUMENT_TESTS = ("tests/test_instruments.py",)
ARGUMENT_TESTS = ("tests/test_arguments.py",)

BUGS: tuple[Bug, ...] = (
    # --- a claim's status from its tests ---------------------------------------------------
    Bug(
        name="ledger-counts-only-call-failures",
        claims=(HARNESS,),
        story="The ledger folds in a failure only from the call phase, so a test whose fixture "
        "errors in setup or teardown leaves its claim passed.",
        files=HARNESS_TESTS,
        caught_by="test_a_claim_fails_when_any_of_its_tests_fails_or_errors_in_setup_or_teardown",
        keyword="fails_or_errors",
        plant=edit(
            ledger.Ledger,
            "add",
            ('if outcome == "failed":', 'if outcome == "failed" and when == "call":'),
        ),
    ),
    Bug(
        name="ledger-pass-outranks-failure",
        claims=(HARNESS,),
        story="A claim counts as failed only when none of its tests passed, so a mechanism that "
        "fails for one implementation but passes for the other is reported passed.",
        files=HARNESS_TESTS,
        caught_by="test_a_claim_fails_when_any_of_its_tests_fails_or_errors_in_setup_or_teardown",
        keyword="fails_or_errors",
        plant=edit(
            ledger,
            "status",
            ("if failed:", "if failed and not passed:"),
        ),
    ),
    Bug(
        name="ledger-skipped-counts-as-passed",
        claims=(HARNESS,),
        story="The ledger takes every test that did not fail as passed, so a claim whose only "
        "tests were skipped (slow, or cuda on a CPU machine) is reported passed.",
        files=HARNESS_TESTS,
        caught_by="test_a_claim_whose_tests_were_all_skipped_stays_untested",
        keyword="all_skipped",
        plant=edit(
            ledger,
            "status",
            (
                'passed = [t for t in tests if t.outcome == "passed"]',
                'passed = [t for t in tests if t.outcome != "failed"]',
            ),
        ),
    ),
    Bug(
        name="refined-passes-without-counterexample",
        claims=(HARNESS,),
        story="The ledger passes a refined or refuted claim on its precise tests alone, so the "
        "report never shows where the original wording fails.",
        files=HARNESS_TESTS,
        caught_by="test_a_refined_claim_passes_only_with_both_its_counterexample_and_its_precise_test",
        keyword="refined_claim_passes_only",
        plant=edit(
            ledger,
            "status",
            (
                """
            if not any(t.meta["counterexample"] for t in passed):
                return (
                    "untested",
                    f"{claim.verdict}, but no test showing where the wording fails passed",
                )
            """,
                "",
            ),
        ),
    ),
    Bug(
        name="refined-passes-on-counterexamples-only",
        claims=(HARNESS,),
        story="The ledger passes a refined or refuted claim once its counterexample passed, "
        "so the precise statement that replaces the wording need not be tested at all.",
        files=HARNESS_TESTS,
        caught_by="test_a_refined_claim_passes_only_with_both_its_counterexample_and_its_precise_test",
        keyword="refined_claim_passes_only",
        plant=edit(
            ledger,
            "status",
            (
                """
            if all(t.meta["counterexample"] for t in passed):
                return "untested", "only counterexamples passed; the precise statement is untested"
            """,
                "",
            ),
        ),
    ),
    Bug(
        name="strict-fails-on-failed-claims",
        claims=(HARNESS,),
        story="--spec-strict collects the failed claims instead of the untested ones, so a "
        "green run that never touched most claims still exits 0.",
        files=HARNESS_TESTS,
        caught_by="test_spec_strict_fails_a_green_run_that_leaves_claims_untested",
        keyword="spec_strict_fails",
        plant=edit(
            summary.ClaimReport,
            "pytest_sessionfinish",
            ('if r.status == "untested"]', 'if r.status == "failed"]'),
        ),
    ),
    # --- seeds ---------------------------------------------------------------------------
    Bug(
        name="derive-seed-ignores-spec-seed",
        claims=(HARNESS,),
        story="derive_seed hashes only the caller's parts, so seeded(...) and the experiments "
        "see the same data under every --spec-seed and a rerun with another seed checks "
        "nothing new.",
        files=HARNESS_TESTS,
        caught_by="test_derive_seed_and_seeded_depend_on_their_parts_and_the_spec_seed",
        keyword="derive_seed_and_seeded",
        plant=edit(seeds, "derive_seed", ("mix(spec_seed, *parts)", "mix(*parts)")),
    ),
    Bug(
        name="rng-ignores-spec-seed",
        claims=(HARNESS,),
        story="The rng fixture is seeded from the node id alone, so --spec-seed never changes "
        "the data of the tests that take rng.",
        files=HARNESS_TESTS,
        caught_by="test_rng_depends_only_on_the_node_id_and_the_spec_seed",
        keyword="rng_depends_only",
        plant=edit(
            seeds,
            "rng",
            (
                'mix(request.config.getoption("spec_seed"), request.node.nodeid)',
                "mix(request.node.nodeid)",
            ),
        ),
    ),
    Bug(
        name="rng-shared-by-parametrisations",
        claims=(HARNESS,),
        story="The rng fixture is seeded from the test function's name, so every parametrised "
        "case (sizes, rates, implementations, devices) draws the same numbers and a "
        "lucky draw passes them all at once instead of each case being an independent check.",
        files=HARNESS_TESTS,
        caught_by="test_rng_depends_only_on_the_node_id_and_the_spec_seed",
        keyword="rng_depends_only",
        plant=edit(seeds, "rng", ("request.node.nodeid)", "request.node.originalname)")),
    ),
    Bug(
        name="seed-mix-uses-python-hash",
        claims=(HARNESS,),
        story="mix uses Python's hash() of the joined parts, which changes with each "
        "interpreter's hash seed, so an xdist worker draws other data than a plain run and "
        "a failure does not reproduce.",
        files=HARNESS_TESTS,
        caught_by="test_under_xdist_the_report_still_has_every_outcome_and_its_evidence_and_rng_the_same_draws",
        keyword="under_xdist",
        plant=edit(
            seeds,
            "mix",
            (
                'digest = hashlib.sha256(":".join(map(str, parts)).encode()).digest()',
                'digest = hash(":".join(map(str, parts))).to_bytes(8, "little", signed=True)',
            ),
        ),
    ),
    # --- evidence: the worst example, ranking and roles ----------------------------------
    Bug(
        name="evidence-keeps-the-closest-example",
        claims=(HARNESS,),
        story="Repeated records keep the example closest to its prediction (the comparison "
        "is the wrong way round), so the report shows the best hypothesis example and hides "
        "the one that nearly failed.",
        files=HARNESS_TESTS,
        caught_by="test_repeated_records_keep_the_one_farthest_from_its_prediction",
        keyword="farthest_from_its_prediction",
        plant=edit(
            evidence.Evidence,
            "record",
            (
                "if deviation(previous) > deviation(record):",
                "if deviation(previous) < deviation(record):",
            ),
        ),
    ),
    Bug(
        name="deviation-without-abs",
        claims=(HARNESS,),
        story="deviation returns measured - predicted without abs, so a measurement far below "
        "its prediction counts as the closest and is dropped for one slightly above.",
        files=HARNESS_TESTS,
        caught_by="test_repeated_records_keep_the_one_farthest_from_its_prediction",
        keyword="farthest_from_its_prediction",
        plant=edit(ledger, "deviation", ("return abs(m - p)", "return m - p"), aliases=(evidence,)),
    ),
    Bug(
        name="deviation-ignores-non-finite",
        claims=(HARNESS,),
        story="deviation forgets that plain() spells NaN and infinity as strings and scores "
        "them 0, so an example that produced NaN is replaced by any finite one and never "
        "reaches the report.",
        files=HARNESS_TESTS,
        caught_by="test_repeated_records_keep_the_one_farthest_from_its_prediction",
        keyword="farthest_from_its_prediction",
        plant=edit(
            ledger,
            "deviation",
            (
                """
            if m in ("inf", "-inf", "nan"):  # plain() spells non-finite measurements as strings
                return math.inf
            """,
                "",
            ),
            aliases=(evidence,),
        ),
    ),
    Bug(
        name="key-evidence-ignores-counterexamples",
        claims=(HARNESS,),
        story="ranked orders records by the key flag only, so for a refined claim the "
        "terminal shows the precise tests' records and not the counterexample that shows "
        "where the wording fails.",
        files=HARNESS_TESTS,
        caught_by="test_the_summary_shows_a_counterexample_first_then_key_records",
        keyword="counterexample_first",
        plant=edit(
            ledger,
            "ranked",
            (
                'return record["test"] not in counterexamples, not record["key"]',
                'return False, not record["key"]',
            ),
        ),
    ),
    Bug(
        name="key-evidence-sorts-key-last",
        claims=(HARNESS,),
        story="ranked sorts by record['key'] where False sorts first, so routine records "
        "(key=False) crowd the key evidence out of the terminal summary.",
        files=HARNESS_TESTS,
        caught_by="test_the_summary_shows_a_counterexample_first_then_key_records",
        keyword="counterexample_first",
        plant=edit(
            ledger,
            "ranked",
            ('not in counterexamples, not record["key"]', 'not in counterexamples, record["key"]'),
        ),
    ),
    Bug(
        name="record-role-not-stored",
        claims=(HARNESS,),
        story="evidence.record validates its role but stores 'precise' in every record, so a "
        "counterexample's contradicted wording reads as an asserted prediction that missed.",
        files=HARNESS_TESTS,
        caught_by="test_every_evidence_record_and_plot_series_carries_its_role_to_the_json_and_the_terminal",
        keyword="carries_its_role",
        plant=edit(evidence.Evidence, "record", ('"role": role,', '"role": "precise",')),
    ),
    Bug(
        name="plot-role-not-stored",
        claims=(HARNESS,),
        story="evidence.plot validates its role but leaves it out of the series, so the JSON "
        "and the report cannot tell a measured curve from a predicted one.",
        files=HARNESS_TESTS,
        caught_by="test_every_evidence_record_and_plot_series_carries_its_role_to_the_json_and_the_terminal",
        keyword="carries_its_role",
        plant=edit(evidence.Evidence, "plot", ('"role": role,', "")),
    ),
    Bug(
        name="record-accepts-plot-roles",
        claims=(HARNESS,),
        story="evidence.record checks its role against the plot roles, so a record may say "
        "'measured', which tells the reader nothing about whether its prediction was asserted.",
        files=HARNESS_TESTS,
        caught_by="test_an_unknown_evidence_role_is_a_value_error",
        keyword="unknown_evidence_role",
        plant=edit(
            evidence.Evidence,
            "record",
            ("_check_role(role, ROLES)", "_check_role(role, PLOT_ROLES)"),
        ),
    ),
    # --- markers and options -------------------------------------------------------------
    Bug(
        name="claim-marked-twice-kept-twice",
        claims=(HARNESS,),
        story="_claim_ids keeps a claim once per marker, so a test marked for T2 by its module "
        "and by itself counts as checking two claims and its evidence is refused.",
        files=HARNESS_TESTS,
        caught_by="test_a_claim_marked_twice_on_one_test_is_still_one_claim_for_evidence",
        keyword="marked_twice",
        plant=edit(
            options,
            "_claim_ids",
            ("return list(dict.fromkeys(ids)), counterexample", "return ids, counterexample"),
        ),
    ),
    Bug(
        name="impl-option-not-validated",
        claims=(HARNESS,),
        story="--impl is not checked against the registry, so a misspelt name ends the run in "
        "a collection error (a KeyError) instead of a usage error naming the choices.",
        files=HARNESS_TESTS,
        caught_by="test_an_unregistered_impl_is_a_usage_error_listing_the_registered_ones",
        keyword="unregistered_impl",
        plant=edit(
            options,
            "pytest_configure",
            (
                """
            unknown = set(config.getoption("impl") or ()) - set(impls.REGISTRY)
            if unknown:
                known = ", ".join(impls.REGISTRY)
                raise pytest.UsageError(
                    f"--impl {', '.join(sorted(unknown))}: not registered; choose from {known}"
                )
            """,
                "",
            ),
        ),
    ),
    Bug(
        name="impl-option-ignored",
        claims=(HARNESS,),
        story="The impl parametrisation always takes the whole registry, so --impl torch still "
        "runs dlspec too and a third implementation cannot be tested alone.",
        files=HARNESS_TESTS,
        caught_by="test_impl_option_selects_one_implementation",
        keyword="impl_option_selects",
        plant=edit(
            options,
            "selected",
            (
                'return config.getoption("impl") or list(impls.REGISTRY)',
                "return list(impls.REGISTRY)",
            ),
            aliases=(summary,),
        ),
    ),
    Bug(
        name="slow-skip-reads-another-option",
        claims=(HARNESS,),
        story="The slow skip reads --spec-strict instead of --spec-slow, so the slow tests "
        "that confirm the fast tests' designs never run with --spec-slow.",
        files=HARNESS_TESTS,
        caught_by="test_slow_tests_run_only_with_spec_slow",
        keyword="slow_tests_run_only",
        plant=edit(
            options, "pytest_runtest_setup", ('getoption("spec_slow")', 'getoption("spec_strict")')
        ),
    ),
    Bug(
        name="cuda-variant-not-marked",
        claims=(HARNESS,),
        story="The cuda device variant is a plain parameter without the cuda mark, so "
        "-m 'not cuda' keeps it and the cuda-only selection finds nothing.",
        files=HARNESS_TESTS,
        caught_by="test_not_cuda_selects_the_cpu_variants",
        keyword="cuda",
        plant=edit(
            options,
            "pytest_generate_tests",
            (
                'pytest.param(torch.device("cuda"), id="cuda", marks=pytest.mark.cuda)',
                'pytest.param(torch.device("cuda"), id="cuda")',
            ),
        ),
    ),
    # --- how each implementation is wired ------------------------------------------------
    Bug(
        name="torch-wired-with-dlspec-optim",
        claims=(HARNESS,),
        story="The torch implementation is registered with optim=dlspec.optim, so every "
        "optimiser claim tests dlspec twice and never PyTorch's SGD, Adam or AdamW.",
        files=WIRING_TESTS,
        caught_by="test_each_implementation_takes_layers_optimisers_and_initialisers_from_its_own_framework",
        keyword=None,
        plant=rewire("torch", optim=dlspec.optim),
    ),
    Bug(
        name="torch-wired-with-dlspec-init",
        claims=(HARNESS,),
        story="The torch implementation is registered with init=dlspec.init, so the Xavier and "
        "He claims never run PyTorch's initialisers.",
        files=WIRING_TESTS,
        caught_by="test_each_implementation_takes_layers_optimisers_and_initialisers_from_its_own_framework",
        keyword=None,
        plant=rewire("torch", init=dlspec.init),
    ),
    Bug(
        name="dlspec-wired-with-torch-nn",
        claims=(HARNESS,),
        story="The dlspec implementation is registered with nn=torch.nn, so dlspec's own "
        "layers, dropout and normalisation are never tested.",
        files=WIRING_TESTS,
        caught_by="test_each_implementation_takes_layers_optimisers_and_initialisers_from_its_own_framework",
        keyword=None,
        plant=rewire("dlspec", nn=torch.nn),
    ),
    Bug(
        name="torch-relu-is-dlspecs",
        claims=(HARNESS,),
        story="The torch implementation's relu is dlspec's (a copy-paste from the dlspec entry), "
        "so the ReLU claims never see torch.relu.",
        files=WIRING_TESTS,
        caught_by="test_the_torch_implementation_computes_with_torchs_own_functions",
        keyword=None,
        plant=rewire("torch", relu=activations.relu),
    ),
    # --- the contract and declared deviations ------------------------------------------
    Bug(
        name="deviation-not-strict",
        claims=(HARNESS,),
        story="A declared deviation becomes a plain xfail, not a strict one, so when the "
        "implementation is fixed the test passes quietly and the stale deviation stays.",
        files=CONTRACT_TESTS,
        caught_by="test_a_declared_deviation_that_passes_is_reported_as_a_failure",
        keyword="deviation_that_passes",
        plant=edit(
            options,
            "pytest_collection_modifyitems",
            ("pytest.mark.xfail(reason=reason, strict=True)", "pytest.mark.xfail(reason=reason)"),
        ),
    ),
    Bug(
        name="deviation-counts-as-passed",
        claims=(HARNESS,),
        story="The summary takes an expected failure's report for a pass, so a claim whose "
        "implementation deviates is shown passed and the declared reason never reaches the "
        "reader.",
        files=CONTRACT_TESTS,
        caught_by="test_a_declared_deviation_that_occurs_makes_the_claim_deviate_with_its_reason",
        keyword="deviation_that_occurs",
        plant=edit(summary, "outcome", ('return "deviated"', 'return "passed"')),
    ),
    Bug(
        name="claim-option-reports-but-runs-everything",
        claims=(HARNESS,),
        story="--claim narrows the report to the chosen claims but leaves every test selected, "
        "so a one-claim run takes as long as the whole spec and its failures come from other "
        "claims.",
        files=HARNESS_TESTS,
        caught_by="test_claim_runs_only_that_claim_s_tests_and_reports_only_it",
        keyword="claim_runs_only",
        plant=edit(
            options, "pytest_collection_modifyitems", ("items[:] = kept", "items[:] = items")
        ),
    ),
    Bug(
        name="absent-counts-as-passed",
        claims=(HARNESS,),
        story="The ledger files a test that met an absent mechanism (contract.Absent) as "
        "passed, so a claim Keras cannot even run, like calculate_gain's, reads passed for it.",
        files=CONTRACT_TESTS,
        caught_by="test_an_absent_mechanism_leaves_its_claim_untested_with_the_reason_never_passed",
        keyword="absent_mechanism",
        plant=edit(ledger.Ledger, "add", ('outcome = "absent"', 'outcome = "passed"')),
    ),
    Bug(
        name="deviation-matches-only-the-parametrised-name",
        claims=(HARNESS,),
        story="A deviation's pattern is matched against the test's name with its parameters "
        "only, so a deviation declared for the test function, as the README shows, never "
        "applies.",
        files=CONTRACT_TESTS,
        caught_by="test_a_declared_deviation_that_occurs_makes_the_claim_deviate_with_its_reason",
        keyword="deviation_that_occurs",
        plant=edit(
            contract.Implementation,
            "deviation",
            ('names = (test_name, test_name.split("[", 1)[0])', "names = (test_name,)"),
        ),
    ),
    Bug(
        name="register-checks-only-names",
        claims=(HARNESS,),
        story="register() checks that each name exists but not that Linear keeps in_features "
        "and stores its weight (out, in), so a Keras-style layer is accepted and the spec "
        "fails later in many places at once.",
        files=CONTRACT_TESTS,
        caught_by="test_register_checks_what_the_spec_reads_from_a_linear_layer",
        keyword="reads_from_a_linear_layer",
        plant=edit(
            contract,
            "problems",
            (
                """
                missing += _linear_problems(
                    implementation.nn.Linear, implementation.capabilities.runs_under_torch_func
                )
                """,
                "pass",
            ),
        ),
    ),
    Bug(
        name="impl-module-list-takes-the-first",
        claims=(HARNESS,),
        story="--impl-module registers only the first implementation of a list, so a module "
        "that offers several (e.g. one per backend) silently loses the rest.",
        files=CONTRACT_TESTS,
        caught_by="test_impl_module_may_offer_a_list_of_implementations",
        keyword="list_of_implementations",
        plant=edit(
            options,
            "load_implementations",
            ("return found_all", "return found_all[:1]"),
        ),
    ),
    Bug(
        name="bad-input-tests-count-for-a-claim",
        claims=(HARNESS,),
        story="The ledger files every test under the claims, bad-input checks and benchmarks "
        "included, so a claim can pass on a test that measures nothing about it.",
        files=CONTRACT_TESTS,
        caught_by="test_bad_input_and_bench_tests_are_counted_apart_from_the_claims",
        keyword="counted_apart",
        plant=edit(
            options,
            "_meta",
            ('"kind": "claim" if ids or not kinds else cast(Kind, kinds[0]),', '"kind": "claim",'),
        ),
    ),
    Bug(
        name="rerun-line-without-the-spec-seed",
        claims=(HARNESS,),
        story="The rerun line leaves out --spec-seed, so a statistical failure seen under "
        "another seed is rerun with seed 0 and passes, and the failure looks like a fluke.",
        files=CONTRACT_TESTS,
        caught_by="test_a_failure_says_where_it_failed_and_prints_the_command_that_repeats_it",
        keyword="repeats_it",
        plant=edit(
            seeds,
            "rerun_command",
            (
                "args = [*spec_command(config, item), "
                '"--spec-seed", str(config.getoption("spec_seed"))]',
                "args = spec_command(config, item)",
            ),
        ),
    ),
    Bug(
        name="deviation-shrinks-its-example",
        claims=(HARNESS,),
        story="The harness leaves hypothesis's shrinking on for a declared deviation, so a "
        "failure everyone expects is shrunk step by step: the whole-spec Keras run spent seven "
        "minutes shrinking Keras's Adam.",
        files=CONTRACT_TESTS,
        caught_by="test_a_declared_deviation_fails_without_shrinking_its_example",
        keyword="without_shrinking",
        plant=edit(
            options,
            "pytest_runtest_call",
            (
                "phases = [phase for phase in current.phases if phase not in (Phase.shrink, "
                "Phase.explain)]",
                "phases = list(current.phases)",
            ),
        ),
    ),
    # --- dlspec in another repository -------------------------------------------------------
    Bug(
        name="rerun-line-relative-to-the-rootdir",
        claims=(HARNESS,),
        story="The rerun line names the test by its node id, which is relative to pytest's "
        "rootdir, so a user who started pytest in their own folder with the spec elsewhere "
        "gets a path that does not exist there.",
        files=DOWNSTREAM_TESTS,
        caught_by="test_printed_paths_are_relative_to_the_folder_pytest_ran_in",
        keyword="relative_to_the_folder",
        plant=edit(
            seeds,
            "spec_command",
            ('f"{where(item.path, here)}::{test}"', "item.nodeid"),
        ),
    ),
    Bug(
        name="impl-module-folder-not-importable",
        claims=(HARNESS,),
        story="--impl-module executes the user's file without putting its folder on sys.path, "
        "so a module that imports its neighbour works only when pytest happens to be started "
        "with python -m from that folder.",
        files=DOWNSTREAM_TESTS,
        caught_by="test_an_impl_module_imports_its_neighbours_from_any_folder",
        keyword="neighbours",
        plant=edit(
            options,
            "load_implementations",
            ("with _importable(path.parent):", "with contextlib.nullcontext():"),
        ),
    ),
    Bug(
        name="entry-point-activates-the-harness-always",
        claims=(HARNESS,),
        story="The entry point registers the whole harness in every run, so an unrelated suite "
        "installed next to dlspec gets its fixtures, and its own slow tests are skipped.",
        files=DOWNSTREAM_TESTS,
        caught_by="test_an_unrelated_suite_gets_neither_the_skips_nor_the_fixtures",
        keyword="unrelated_suite_gets",
        plant=edit(
            entry,
            "pytest_configure",
            (
                "if any(config.getoption(name) != default for name, default in DEFAULTS.items()):",
                "if True:",
            ),
        ),
    ),
    Bug(
        name="blocked-by-another-implementation-s-piece",
        claims=(HARNESS,),
        story="The ledger files broken pieces by name only, so when one implementation's Adam "
        "fails R3, every implementation's experiment failures read blocked, a real failure of "
        "PyTorch's included.",
        files=DOWNSTREAM_TESTS,
        caught_by="test_a_failure_of_a_piece_s_judge_blocks_only_the_same_implementation",
        keyword="blocks_only_the_same",
        plant=edit(
            ledger.Ledger,
            "judge",
            (
                'ids = broken.setdefault((test.meta["implementation"], piece), [])',
                "ids = broken.setdefault(piece, [])",
            ),
            (
                'piece: broken[(test.meta["implementation"], piece)]',
                "piece: broken[piece]",
            ),
            (
                'if test.outcome == "failed" and (test.meta["implementation"], piece) in broken',
                'if test.outcome == "failed" and piece in broken',
            ),
        ),
    ),
    Bug(
        name="test-counts-include-skipped",
        claims=(HARNESS,),
        story="A claim's note counts every collected test, the skipped CUDA variants "
        "included, so a red claim reads '1 of 28 tests failed' where 14 ran.",
        files=DOWNSTREAM_TESTS,
        caught_by="test_counts_count_only_tests_that_ran_and_a_failure_shows_its_message_first",
        keyword="count_only_tests_that_ran",
        plant=edit(
            ledger,
            "status",
            (
                'ran = sum(t.outcome not in ("skipped", "absent", "untested") for t in tests)',
                "ran = len(tests)",
            ),
        ),
    ),
    Bug(
        name="based-on-ignores-function-replacements",
        claims=(HARNESS,),
        story="Implementation.based_on swaps the pieces of nn, optim and init but forgets the "
        "functions (relu, to_numpy, ...), so a user's replaced relu is silently PyTorch's.",
        files=DOWNSTREAM_TESTS,
        caught_by="test_based_on_replaces_the_named_pieces_and_checks_the_names",
        keyword="based_on_replaces",
        plant=edit(
            contract.Implementation,
            "based_on",
            (
                "fields.update({piece: value for piece, value in replace.items() "
                "if piece in FUNCTIONS})",
                "",
            ),
        ),
    ),
    Bug(
        name="based-on-accepts-a-misspelt-piece",
        claims=(HARNESS,),
        story="Implementation.based_on checks only the namespace of each piece, so "
        "'nn.Dropuot' is accepted, never used, and the base's Dropout is tested instead.",
        files=DOWNSTREAM_TESTS,
        caught_by="test_based_on_replaces_the_named_pieces_and_checks_the_names",
        keyword="based_on_replaces",
        plant=edit(
            contract.Implementation,
            "based_on",
            (
                "unknown = sorted(set(replace) - set(PIECES))",
                'unknown = sorted(p for p in replace if p.partition(".")[0] not in '
                "(*NAMESPACES, *FUNCTIONS))",
            ),
        ),
    ),
    Bug(
        name="rounding-bounds-keyed-by-roundoff",
        claims=(HARNESS,),
        story="trajectory files each computation's bounds under its unit roundoff, so an "
        "implementation and the reference that both compute in float64 share one bound and "
        "the tolerance is half what it should be.",
        files=ROUNDING_TESTS,
        caught_by="test_two_computations_with_the_same_roundoff_get_both_bounds",
        keyword="same_roundoff",
        plant=edit(
            rounding,
            "trajectory",
            (
                "bounds=[[p.error for p in per_roundoff[t]] for per_roundoff in steps],",
                "bounds=list({u: [p.error for p in per_roundoff[t]] "
                "for u, per_roundoff in zip(roundoffs, steps)}.values()),",
            ),
        ),
    ),
    Bug(
        name="rounding-sqrt-forgets-its-input-s-error",
        claims=(HARNESS,),
        story="sqrt charges only its own rounding and drops the error its input carries, so "
        "Adam's bound ignores every error made in v and a correct optimiser fails.",
        files=ROUNDING_TESTS,
        caught_by="test_each_helper_bounds_its_own_rounding_where_the_exact_answer_is_known",
        keyword="each_helper",
        plant=edit(
            rounding,
            "sqrt",
            (
                "return Bounded(root, torch.minimum(spread, a.error.sqrt()) + u * a.size().sqrt())",
                "return Bounded(root, u * a.size().sqrt())",
            ),
        ),
    ),
    # --- the learner's report (third edition) --------------------------------------------
    Bug(
        name="prose-fills-in-the-prediction",
        claims=(HARNESS,),
        story="A {{record}} in the registry's prose is filled in with the record's predicted "
        "value, so the page repeats the theory where it promised this run's measurement.",
        files=REPORT_TESTS,
        caught_by="test_prose_fills_in_the_run_s_numbers_and_says_when_the_run_did_not_measure_one",
        keyword="fills_in",
        plant=edit(
            prose,
            "fill",
            ('(match.group(2) or "measured")', '(match.group(2) or "predicted")'),
        ),
    ),
    Bug(
        name="key-evidence-keeps-the-closest-record",
        claims=(HARNESS,),
        story="A key quantity recorded by several hypothesis examples shows the example "
        "closest to its prediction, so the learner's table hides the worst case the test "
        "accepted.",
        files=REPORT_TESTS,
        caught_by="test_a_key_quantity_shows_each_implementation_s_record_farthest_from_its_"
        "prediction",
        keyword="farthest",
        plant=edit(
            evidence_table,
            "learner_rows",
            ("deviation(record) > deviation(kept)", "deviation(record) < deviation(kept)"),
        ),
    ),
    Bug(
        name="chinese-page-shows-english-quantities",
        claims=(HARNESS,),
        story="The evidence table looks up a quantity's Chinese name under the language code "
        "'cn', which no page has, so the Chinese page lists every quantity in English.",
        files=REPORT_TESTS,
        caught_by="test_key_evidence_shows_each_learner_record_with_its_parameters_and_each_"
        "implementation",
        keyword="each_learner_record",
        plant=edit(evidence_table, "name", ('if lang == "zh"', 'if lang == "cn"')),
    ),
    Bug(
        name="curves-coincide-if-they-start-together",
        claims=(HARNESS,),
        story="Two implementations' curves are taken to coincide when their first points "
        "agree, so a curve that parts from the other later is not drawn and the caption says "
        "it lies on the line.",
        files=REPORT_TESTS,
        caught_by="test_implementations_whose_curves_coincide_are_drawn_once_and_the_caption_"
        "says_so",
        keyword="coincide",
        plant=edit(
            figures,
            "merged",
            (
                'max(abs(a - b) for a, b in zip(first["y"], other["y"], strict=True))',
                'abs(first["y"][0] - other["y"][0])',
            ),
        ),
    ),
    Bug(
        name="second-language-overwrites-the-first",
        claims=(HARNESS,),
        story="--spec-lang en,zh writes every language's page at --spec-report's path, so the "
        "Chinese page replaces the English one and the link between them points to itself.",
        files=REPORT_TESTS,
        caught_by="test_one_run_writes_a_page_per_language_each_linking_only_to_what_it_wrote",
        keyword="page_per_language",
        plant=edit(
            report_languages,
            "page_paths",
            ('path.with_name(f"{path.stem}.{lang}{path.suffix}")', "path"),
        ),
    ),
    Bug(
        name="latin-words-splits-only-at-spaces",
        claims=(HARNESS,),
        story="The check for English on the Chinese page splits words at spaces only, so an "
        "identifier glued to Chinese punctuation counts as English and an English word glued "
        "to Chinese text is found only in part.",
        files=REPORT_TESTS,
        caught_by="test_latin_words_finds_the_english_a_chinese_page_must_not_show",
        keyword="latin_words",
        plant=edit(languages, "latin_words", ("SEPARATORS.split(text)", "text.split()")),
    ),
    Bug(
        name="learner-record-without-its-parameters",
        claims=(HARNESS,),
        story="evidence.record accepts learner=True without params, so a key record reaches "
        "the learner without the p, width or depth it was measured at.",
        files=REPORT_TESTS,
        caught_by="test_records_and_figures_reach_the_json_in_both_languages_with_their_"
        "learner_data",
        keyword="both_languages",
        plant=edit(
            evidence.Evidence,
            "record",
            ("if learner and params is None:", "if learner and params == {}:"),
        ),
    ),
    Bug(
        name="figure-notice-dropped",
        claims=(HARNESS,),
        story="evidence.plot checks the what-to-notice sentence but stores None, so every "
        "caption of the report is empty.",
        files=REPORT_TESTS,
        caught_by="test_records_and_figures_reach_the_json_in_both_languages_with_their_"
        "learner_data",
        keyword="both_languages",
        plant=edit(
            evidence.Evidence,
            "plot",
            ('"notice": list(notice) if notice else None,', '"notice": None,'),
        ),
    ),
    Bug(
        name="median-interval-one-rank-too-wide",
        claims=(HARNESS,),
        story="The median's distribution-free interval takes the (k - 1)-th smallest and "
        "largest samples, one rank wider than its stated miss probability allows, so I5's "
        "interval around 0.39 is looser than the report says.",
        files=("tests/test_median_interval.py",),
        caught_by="test_the_ends_are_the_kth_smallest_and_the_kth_largest_sample",
        keyword="kth_smallest",
        plant=edit(
            testing,
            "median_interval",
            (
                "MedianInterval(float(ordered[k - 1]), float(ordered[n - k]), k, n, miss)",
                "MedianInterval(float(ordered[k - 2]), float(ordered[n - k + 1]), k, n, miss)",
            ),
        ),
    ),
    # --- the global-state guard, the pipeline, the matchers and the instrument helpers ---
    Bug(
        name="state-guard-reports-but-does-not-restore",
        claims=(HARNESS,),
        story="The global-state guard fails the test that changed the default dtype but leaves "
        "it changed, so every later test in that worker runs in float64.",
        files=STATE_TESTS,
        caught_by="test_a_test_that_leaves_a_setting_changed_fails_naming_it_and_the_next_starts_clean",
        keyword="leaves_a_setting_changed",
        plant=edit(state, "_global_state_is_left_as_found", ("restore(before)", "pass")),
    ),
    Bug(
        name="markdown-cell-passes-html-through",
        claims=(HARNESS,),
        story="The Markdown report escapes only the bar in a table cell, so a value such as "
        "<b> reaches the page as markup.",
        files=PIPELINE_TESTS,
        caught_by="test_the_markdown_pages_show_every_record_escaped",
        keyword="markdown_pages",
        plant=edit(
            evidence_table,
            "markdown_cell",
            (
                'escaped = shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")',
                "escaped = shown",
            ),
        ),
    ),
    Bug(
        name="deviation-brackets-as-a-character-set",
        claims=(HARNESS,),
        story="A deviation pattern is handed to fnmatch as written, so test_x[torch-cpu] is a "
        "set of characters that covers test_x[t] and not the test it names.",
        files=CONTRACT_TESTS,
        caught_by="test_a_deviation_pattern_covers_exactly_the_tests_it_should",
        keyword="covers_exactly",
        plant=edit(
            contract.Implementation, "deviation", ('pattern.replace("[", "[[]")', "pattern")
        ),
    ),
    Bug(
        name="deviation-claim-id-matched-as-a-prefix",
        claims=(HARNESS,),
        story="A deviation declared for claim A1 is matched against the start of each claim ID, "
        "so it also covers every test of A10 and A11.",
        files=CONTRACT_TESTS,
        caught_by="test_a_deviation_pattern_covers_exactly_the_tests_it_should",
        keyword="covers_exactly",
        plant=edit(
            contract.Implementation,
            "deviation",
            ("if pattern in claim_ids or", "if any(c.startswith(pattern) for c in claim_ids) or"),
        ),
    ),
    Bug(
        name="chi-square-samples-stops-at-the-doubling",
        claims=(HARNESS,),
        story="chi_square_samples returns the first size of its doubling search that catches "
        "the error, up to twice the smallest, so variance checks draw samples they do not need.",
        files=INSTRUMENT_TESTS,
        caught_by="test_chi_square_samples_is_the_smallest_size_that_catches_the_error",
        keyword="chi_square_samples",
        plant=edit(
            testing,
            "chi_square_samples",
            ("while enough - too_few > 1:", "while False:"),
        ),
    ),
    Bug(
        name="mean-check-sd-divides-by-n",
        claims=(HARNESS,),
        story="The mean check takes the sample standard deviation with divisor n, so its "
        "Student t interval is narrower than its stated false-failure rate allows.",
        files=INSTRUMENT_TESTS,
        caught_by="test_the_mean_check_with_unknown_variance_uses_student_t_and_the_n_minus_1_sd",
        keyword="unknown_variance",
        plant=edit(testing, "mean", ("float(values.std())", "float(values.std(correction=0))")),
    ),
    Bug(
        name="check-interval-open-at-its-ends",
        claims=(HARNESS,),
        story="A check accepts a measurement strictly inside its interval, so a count exactly on "
        "the edge that the binomial quantile allows is rejected.",
        files=INSTRUMENT_TESTS,
        caught_by="test_a_check_s_acceptance_interval_is_closed_at_both_ends",
        keyword="closed_at_both_ends",
        plant=edit(
            testing.Check,
            "ok",
            ("self.low <= self.measured <= self.high", "self.low < self.measured < self.high"),
        ),
    ),
    Bug(
        name="timing-ratio-of-means",
        claims=(HARNESS,),
        story="The tracer's timing ratio divides mean times, so one call hit by a hiccup "
        "moves the README's ratio.",
        files=INSTRUMENT_TESTS,
        caught_by="test_the_timing_ratio_is_of_medians_so_one_slow_call_does_not_move_it",
        keyword="ratio_is_of_medians",
        plant=edit(
            timing,
            "ratio_of_medians",
            (
                "return np.median(a, axis=axis) / np.median(b, axis=axis)",
                "return np.mean(a, axis=axis) / np.mean(b, axis=axis)",
            ),
        ),
    ),
    Bug(
        name="tracer-second-moment-over-every-element",
        claims=(HARNESS,),
        story="The tracer divides each row's sum of squares by the whole tensor's size, so "
        "per-sample second moments come out a batch-size factor too small.",
        files=INSTRUMENT_TESTS,
        caught_by="test_the_tracer_s_moments_equal_the_layer_outputs_moments_and_keep_no_graph",
        keyword="tracer_s_moments",
        plant=edit(
            propagation._Moments,
            "record",
            ("norm**2 / (values.numel() // mean.numel())", "norm**2 / values.numel()"),
        ),
    ),
    Bug(
        name="symbolic-derivative-in-any-x",
        claims=(HARNESS,),
        story="symbolic.derivative differentiates by its own real x whatever symbol the "
        "expression uses, so tanh of sympy's plain x has derivative 0, silently.",
        files=INSTRUMENT_TESTS,
        caught_by="test_an_expression_in_another_symbol_x_is_refused_not_treated_as_a_constant",
        keyword="another_symbol_x",
        plant=edit(
            symbolic, "derivative", ("sp.diff(_in_x(expr), x, order)", "sp.diff(expr, x, order)")
        ),
    ),
    # --- arguments a mechanism accepts: each set alone, against torch's (tests/test_arguments)
    Bug(
        name="batchnorm-keeps-running-stats-when-told-not-to",
        claims=(HARNESS,),
        story="BatchNorm1d(track_running_stats=False) still registers and updates running "
        "statistics, and normalises by them in eval mode instead of by the batch's own.",
        files=ARGUMENT_TESTS,
        caught_by="test_each_layer_argument_changes_the_output_and_the_state_as_torch_s_does",
        keyword="BatchNorm1d",
        plant=edit(
            dlspec.normalisation.BatchNorm1d,
            "__init__",
            (
                'self.register_buffer("running_mean", zeros if track_running_stats else None)',
                'self.register_buffer("running_mean", zeros)',
            ),
            (
                'self.register_buffer("running_var", ones if track_running_stats else None)',
                'self.register_buffer("running_var", ones)',
            ),
        ),
    ),
    Bug(
        name="prelu-ignores-its-initial-slope",
        claims=(HARNESS,),
        story="PReLU accepts init= but starts every slope at 0.25, its default.",
        files=ARGUMENT_TESTS,
        caught_by="test_each_layer_argument_changes_the_output_and_the_state_as_torch_s_does",
        keyword="PReLU",
        plant=edit(
            dlspec.nn.PReLU, "__init__", ('start = finite_real(init, "PReLU init")', "start = 0.25")
        ),
    ),
    Bug(
        name="sgd-weight-decay-third-positional",
        claims=(HARNESS,),
        story="dlspec's SGD takes weight_decay as its third positional argument, where torch's "
        "third is dampening, so SGD(params, 0.1, 0.9, 0.5) decays where torch damps.",
        files=ARGUMENT_TESTS,
        caught_by="test_sgd_refuses_a_third_positional_argument_which_torch_reads_as_dampening",
        keyword="third_positional",
        plant=edit(
            dlspec.optim.SGD, "__init__", ("momentum: float = 0.0,\n*,", "momentum: float = 0.0,")
        ),
    ),
)
