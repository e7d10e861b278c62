"""The spec proves its own power: every bug of the catalogue (``tests/catalogue``) planted in
a pytest process of its own (forked from a warm one, tests/zygote.py) must fail the test
named to catch it, with an assertion, while dlspec itself passes the same selection.

A bug is caught when its ``caught_by`` test failed for it (for a broken implementation: the
node of that implementation), the test is tagged with one of the bug's claims (a harness
bug's test is in ``tests/``), and the failure is an assertion: ``AssertionError``, pytest's
``Failed`` (such as ``DID NOT RAISE``), or a hypothesis group of those. A crash (a
``TypeError``, a NaN reaching an argument check, an error in a fixture) shows that something
broke, not that the spec's statement caught it. dlspec must pass the same selection: in the
same run for a broken implementation (``--impl dlspec --impl NAME``), in a clean run of the
planted bugs' selections for a planted bug.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import torch
from catalogue import BAD_INPUT, BUGS, HARNESS, Bug
from zygote import Zygote

from dlspec import claims

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
ASSERTIONS = {"AssertionError", "Failed"}
TAIL = 6000  # characters of the run's output shown when a case fails


@dataclass(frozen=True)
class Run:
    """One pytest process: what ran, its output, and per test node its outcome."""

    command: str
    output: str
    failures: dict[str, list[str]]  # node -> exception types of its failure or error
    passed: frozenset[str]
    claims: dict[str, frozenset[str]]  # node -> its claims, or its kind (bad_input, bench)

    def describe(self) -> str:
        failed = "\n".join(f"  {node}: {', '.join(types)}" for node, types in self.failures.items())
        return (
            f"ran: {self.command}\nfailed:\n{failed or '  nothing'}\n"
            f"output (tail):\n{self.output[-TAIL:]}"
        )


def junit_node(nodeid: str) -> str:
    """A node id as the JUnit report spells it (path as a dotted module, no .py)."""
    path, *names = nodeid.split("::")
    return "::".join(
        [".".join([path.removesuffix(".py").replace("/", "."), *names[:-1]]), names[-1]]
    )


def exception_types(failure: ElementTree.Element) -> list[str]:
    """The exception types a JUnit failure reports: one, or each of a hypothesis group's."""
    message = failure.get("message") or ""
    if message.startswith(("ExceptionGroup", "BaseExceptionGroup")):
        named = re.findall(r"^\s*\| ([A-Za-z_][\w.]*): ", failure.text or "", re.MULTILINE)
        return [name for name in named if not name.endswith("ExceptionGroup")]
    if re.match(r"assert\b", message):  # a rewritten assert without a message
        return ["AssertionError"]
    return [message.split(":", 1)[0].strip() or failure.tag]


def asserted(types: list[str]) -> bool:
    """Whether a failure of these exception types is the spec asserting (a crash is not)."""
    return bool(types) and set(types) <= ASSERTIONS


def pytest_run(
    zygote: Zygote,
    bug: str | None,
    files: tuple[str, ...],
    keyword: str | None,
    impls: tuple[str, ...],
    seed: int,
    at: Path,
) -> Run:
    """Run pytest on ``files`` in a process of its own (a child of the zygote), with ``bug``
    planted (None: clean), with this run's ``--spec-seed``: a bug must be caught whatever the
    data."""
    at.mkdir(parents=True, exist_ok=True)
    report, junit, log = at / "spec.json", at / "junit.xml", at / "output.txt"
    arguments = [*files, "-q"]
    arguments += ["-p", "no:randomly", "-p", "no:cacheprovider", "-p", "catalogue.plant"]
    arguments += ["--hypothesis-profile", "catalogue", "--spec-json", str(report)]
    arguments += ["--junitxml", str(junit), "--spec-seed", str(seed)]
    arguments += ["-k", keyword] if keyword else []
    for name in impls:
        arguments += ["--impl", name]
    environment = {
        **zygote.env,
        # a fresh example database: a bug's failing examples must not replay in later runs
        "HYPOTHESIS_STORAGE_DIRECTORY": str(at / "hypothesis"),
    }
    if bug is not None:
        environment["DLSPEC_BUG"] = bug
    status = zygote.run(arguments, environment, log, timeout=900)
    shown = " ".join(["-m", "pytest", *arguments]) + (f"   (DLSPEC_BUG={bug})" if bug else "")
    output = log.read_text(errors="replace")
    if not junit.exists():
        return Run(shown, output, {"<no test ran>": [f"exit status {status}"]}, frozenset(), {})
    failures, passed = {}, set()
    for case in ElementTree.parse(junit).iter("testcase"):
        node = f"{case.get('classname')}::{case.get('name')}"
        problems = [child for child in case if child.tag in ("failure", "error")]
        if problems:
            failures[node] = [kind for problem in problems for kind in exception_types(problem)]
        elif not any(child.tag == "skipped" for child in case):
            passed.add(node)
    tagged: dict[str, frozenset[str]] = {}
    if report.exists():
        run = json.loads(report.read_text())
        kinds = [(c["id"], c["tests"]) for c in run["claims"]] + list(run["other_tests"].items())
        for tag, tests in kinds:  # a claim's ID, or the kind of a test that is no evidence
            for test in tests:
                node = junit_node(test["nodeid"])
                tagged[node] = tagged.get(node, frozenset()) | {tag}
    return Run(shown, output, failures, frozenset(passed), tagged)


def function_of(node: str) -> str:
    return node.split("::")[-1].split("[")[0]


def carries(node: str, implementation: str) -> bool:
    """Whether a parametrised node ran for ``implementation`` (one of its ids)."""
    return re.search(rf"[\[-]{re.escape(implementation)}(?=[-\]])", node) is not None


def implementations(bug: Bug) -> tuple[str, ...]:
    if bug.implementation is not None:
        return ("dlspec", bug.name)
    return () if bug.claims == (HARNESS,) else ("dlspec",)


def covered_with(bug: Bug) -> list[Bug]:
    """The planted bugs whose selections one clean run covers together with ``bug``'s: those
    with a -k expression (their union) for the same implementations; a bug without one runs
    whole files, shared only with bugs of the same files."""
    return [
        other
        for other in BUGS
        if other.plant is not None
        and implementations(other) == implementations(bug)
        and (other.keyword is None) == (bug.keyword is None)
        and (bug.keyword is not None or other.files == bug.files)
    ]


@pytest.fixture(scope="session")
def zygote() -> Iterator[Zygote]:
    """The process that forks this worker's catalogue runs (:mod:`zygote`), with
    the environment of a fresh ``python -m pytest`` run from the repository root."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_XDIST", "PYTEST_CURRENT_TEST", "DLSPEC_BUG"))
    }
    environment.update(
        PYTHONPATH=os.pathsep.join(
            filter(None, [str(ROOT / "tests"), os.environ.get("PYTHONPATH")])
        ),
        # as many threads as this process uses (one per xdist worker)
        OMP_NUM_THREADS=str(torch.get_num_threads()),
    )
    started = Zygote(ROOT, environment)
    yield started
    started.close()


@pytest.fixture(scope="session")
def clean_run(
    zygote: Zygote, tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config
) -> Callable[[Bug], Run]:
    """The run without any bug that covers a planted bug's selection, once in this process:
    it selects every test of each covered bug's own selection, so passing it passes each."""
    runs: dict[tuple[str, ...], Run] = {}

    def run(bug: Bug) -> Run:
        together = covered_with(bug)
        key = tuple(other.name for other in together)
        if key not in runs:
            files = tuple(dict.fromkeys(file for other in together for file in other.files))
            union = bug.keyword and " or ".join(f"({other.keyword})" for other in together)
            at = tmp_path_factory.mktemp("clean")
            seed = pytestconfig.getoption("spec_seed")
            runs[key] = pytest_run(zygote, None, files, union, implementations(bug), seed, at)
        return runs[key]

    return run


@pytest.mark.catalogue
@pytest.mark.parametrize("bug", BUGS, ids=[bug.name for bug in BUGS])
def test_the_spec_catches_the_bug_with_an_assertion_and_passes_without_it(
    bug: Bug,
    tmp_path: Path,
    zygote: Zygote,
    clean_run: Callable[[Bug], Run],
    pytestconfig: pytest.Config,
) -> None:
    seed = pytestconfig.getoption("spec_seed")
    broken = pytest_run(
        zygote, bug.name, bug.files, bug.keyword, implementations(bug), seed, tmp_path
    )
    about = f"bug {bug.name} ({', '.join(bug.claims)}): {bug.story}\n"
    mechanism = bug.implementation is not None
    named = [
        node
        for node in broken.failures
        if function_of(node) == bug.caught_by and (not mechanism or carries(node, bug.name))
    ]
    assert named, f"{about}{bug.caught_by} did not fail for it\n{broken.describe()}"
    tagged = [
        node
        for node in named
        if bug.claims == (HARNESS,) or broken.claims.get(node, frozenset()) & set(bug.claims)
    ]
    assert tagged, f"{about}{named} carry none of the claims {bug.claims}\n{broken.describe()}"
    assert any(asserted(broken.failures[node]) for node in tagged), (
        f"{about}{bug.caught_by} failed, but not with an assertion (a crash is not a catch)\n"
        f"{broken.describe()}"
    )
    if mechanism:
        others = [node for node in broken.failures if not carries(node, bug.name)]
        reference = [node for node in broken.passed if carries(node, "dlspec")]
        assert not others and reference, (
            f"{about}dlspec must pass the same selection; it failed {others} and passed "
            f"{len(reference)} tests\n{broken.describe()}"
        )
    else:
        clean = clean_run(bug)
        assert not clean.failures and clean.passed, (
            f"{about}the same selection must pass without the bug\n{clean.describe()}"
        )


# --- the catalogue itself ----------------------------------------------------------------
GROUP = """+ Exception Group Traceback (most recent call last):
  | ExceptionGroup: Hypothesis found 2 distinct failures. (2 sub-exceptions)
  +-+---------------- 1 ----------------
    | Traceback (most recent call last):
    | {first}: one
    +---------------- 2 ----------------
    | Traceback (most recent call last):
    | {second}: two
    +------------------------------------
"""


@pytest.mark.parametrize(
    "message, text, caught",
    [
        ("AssertionError: max gap 0.3\nassert 0.3 <= 1e-12", "", True),
        ("assert 5 < 5\nFailing test case: test_x(n=5)", "", True),
        ("Failed: DID NOT RAISE <class 'ValueError'>", "", True),
        ("TypeError: expected a Tensor", "", False),
        ("RuntimeError: mat1 and mat2 shapes cannot be multiplied", "", False),
        ("hypothesis.errors.FlakyFailure: inconsistent results", "", False),
        ("ExceptionGroup: Hypothesis found 2 distinct failures.", "AssertionError/Failed", True),
        (
            "ExceptionGroup: Hypothesis found 2 distinct failures.",
            "AssertionError/TypeError",
            False,
        ),
    ],
)
def test_only_an_assertion_counts_as_a_catch(message: str, text: str, caught: bool) -> None:
    failure = ElementTree.Element("failure", message=message)
    if text:
        first, second = text.split("/")
        failure.text = GROUP.format(first=first, second=second)
    types = exception_types(failure)
    assert asserted(types) == caught, types


@pytest.mark.parametrize(
    "node, implementation, ran",
    [
        ("spec.test_x::test_a[keras-cpu]", "keras", True),
        ("spec.test_x::test_a[cpu-keras]", "keras", True),
        ("spec.test_x::test_a[dlspec-keras-cpu]", "keras", True),
        ("spec.test_x::test_a[keras2-cpu]", "keras", False),  # another name it begins
        ("spec.test_x::test_a[my-keras-cpu]", "keras", True),
        ("spec.test_x::test_a[xkeras-cpu]", "keras", False),  # another name it ends
        ("spec.test_x::test_keras[dlspec-cpu]", "keras", False),  # the test's name
        ("spec.test_x::test_a", "keras", False),
        ("spec.test_x::test_a[a.b-cpu]", "a.b", True),  # a name is not a pattern
        ("spec.test_x::test_a[axb-cpu]", "a.b", False),
    ],
)
def test_a_node_carries_an_implementation_only_as_a_whole_parameter_id(
    node: str, implementation: str, ran: bool
) -> None:
    assert carries(node, implementation) == ran


@pytest.mark.parametrize(
    "nodeid, junit",
    [
        ("spec/test_x.py::test_a", "spec.test_x::test_a"),
        ("spec/test_x.py::test_a[dlspec-cpu]", "spec.test_x::test_a[dlspec-cpu]"),
        ("tests/test_y.py::TestGroup::test_b", "tests.test_y.TestGroup::test_b"),
        ("spec/test_x.py::test_a[p/q.py]", "spec.test_x::test_a[p/q.py]"),
    ],
)
def test_a_node_id_is_spelt_as_junit_spells_it(nodeid: str, junit: str) -> None:
    assert junit_node(nodeid) == junit


def test_the_catalogue_has_30_bugs_covering_15_claims_and_the_harness() -> None:
    covered = {claim for bug in BUGS for claim in bug.claims if claim not in (HARNESS, BAD_INPUT)}
    assert len(BUGS) >= 30, len(BUGS)
    assert len(covered) >= 15, sorted(covered)
    assert any(bug.claims == (HARNESS,) for bug in BUGS)
    unknown = covered - set(claims.BY_ID)
    assert not unknown, f"bugs tagged with unknown claims {sorted(unknown)}"


@pytest.mark.parametrize("bug", BUGS, ids=[bug.name for bug in BUGS])
def test_each_bug_names_existing_files_its_catching_test_and_can_be_planted(
    bug: Bug, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = [(ROOT / file).read_text() for file in bug.files]
    assert any(f"def {bug.caught_by}(" in source for source in sources), (
        f"{bug.name}: no test {bug.caught_by} in {bug.files}"
    )
    harness = bug.claims == (HARNESS,)
    assert all(file.startswith("tests/" if harness else "spec/") for file in bug.files), bug.files
    # a fragment that no longer occurs in the code raises here, not only in the slow case
    if bug.implementation is not None:
        assert bug.implementation().name == bug.name
    else:
        assert bug.plant is not None
        bug.plant(monkeypatch)


def table_row(bug: Bug) -> str:
    story = bug.story.replace("|", "\\|")  # a bar would end the cell
    return f"| `{bug.name}` | {', '.join(bug.claims)} | {story} | `{bug.caught_by}` |"


def test_the_readme_catch_table_lists_exactly_the_catalogue() -> None:
    text = README.read_text()
    section = text.split("\n## Catch table\n", 1)[-1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    expected = [table_row(bug) for bug in BUGS]
    assert "\n## Catch table\n" in text and rows == expected, (
        "the README's catch table must list the catalogue's bugs, in order:\n"
        "| bug | claims | the mistake | caught by |\n|---|---|---|---|\n" + "\n".join(expected)
    )
