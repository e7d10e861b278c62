"""The lessons (dlspec.lessons) as registry data: each names a decided claim and known
references, its snippet is short enough to paste, its formulas typeset, its Chinese is
Chinese; the spec's check of a snippet rejects an output that contradicts the derivation;
the sampling error it allows is the true one; and every "try it" command collects tests."""

from __future__ import annotations

import math
import re
import shlex
from pathlib import Path

import hypothesis.core
import pytest
import torch
from latex2mathml.converter import convert

from dlspec import claims
from dlspec.harness.languages import latin_words
from dlspec.harness.translations import Both
from dlspec.lessons import LESSONS, TRY_IT, Lesson
from dlspec.references import REFERENCES
from spec import test_lessons as spec

ROOT = Path(__file__).resolve().parents[1]
FORMULA = re.compile(r"\$([^$]*)\$")


def texts(lesson: Lesson) -> list[Both]:
    return [lesson.title, *lesson.derivation]


def formulas_that_do_not_typeset(text: str) -> list[str]:
    """The ``$...$`` spans of ``text`` that latex2mathml does not fully convert: it raises,
    passes an unknown macro through as text (a backslash left in the MathML), or the braces
    do not balance (it closes them silently)."""
    if text.count("$") % 2:
        return [f"unbalanced $ in {text!r}"]
    bad = []
    for formula in FORMULA.findall(text):
        try:
            mathml = convert(formula)
        except Exception as error:  # any failure to convert is the finding
            bad.append(f"{formula!r}: {error!r}")
            continue
        if "\\" in mathml or formula.count("{") != formula.count("}"):
            bad.append(f"{formula!r}: {mathml}")
    return bad


def test_the_lessons_have_unique_keys_and_name_decided_claims_and_known_references() -> None:
    keys = [lesson.key for lesson in LESSONS]
    assert len(set(keys)) == len(keys), f"duplicate lesson keys: {keys}"
    for lesson in LESSONS:
        assert lesson.claim in claims.BY_ID, f"{lesson.key}: unknown claim {lesson.claim}"
        assert claims.BY_ID[lesson.claim].verdict, f"{lesson.key}: {lesson.claim} is undecided"
        unknown = [key for key in lesson.references if key not in REFERENCES]
        assert not unknown, f"{lesson.key}: unknown references {unknown}"


def test_the_spec_checks_every_lesson_and_nothing_else() -> None:
    assert set(spec.CHECKS) == {lesson.key for lesson in LESSONS}


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.key)
def test_a_lesson_has_three_to_six_steps_and_a_snippet_of_five_to_ten_lines(lesson: Lesson):
    assert 3 <= len(lesson.derivation) <= 6, f"{lesson.key}: {len(lesson.derivation)} steps"
    lines = [line for line in lesson.code.splitlines() if line.strip()]
    assert 5 <= len(lines) <= 10, f"{lesson.key}: {len(lines)} non-blank lines of code"
    assert lesson.code.startswith("import "), f"{lesson.key}: the snippet must import what it uses"
    assert re.search(r"torch\.manual_seed\(|torch\.Generator\(", lesson.code) or not re.search(
        r"rand|Dropout|init\.", lesson.code
    ), f"{lesson.key}: a snippet that draws random numbers must seed them"
    compile(lesson.code, lesson.key, "exec")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.key)
def test_every_formula_of_a_lesson_typesets_in_both_languages(lesson: Lesson) -> None:
    for text in texts(lesson):
        for language, words in zip(("en", "zh"), text, strict=True):
            assert words.strip(), f"{lesson.key}: an empty {language} text"
            bad = formulas_that_do_not_typeset(words)
            assert not bad, f"{lesson.key} ({language}): {bad}"
    assert "$" not in lesson.title.en + lesson.title.zh, "titles are shown as plain text"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.key)
def test_a_lesson_s_chinese_is_chinese_outside_formulas_and_code(lesson: Lesson) -> None:
    for text in texts(lesson):
        assert latin_words(text.zh) == [], f"{lesson.key}: {text.zh!r}"


def test_a_formula_that_would_not_typeset_is_caught() -> None:
    assert formulas_that_do_not_typeset(r"$\sigma^2 = 2/n_\mathrm{in}$") == []
    assert formulas_that_do_not_typeset(r"$\tfrac{1}{2} \foo$")
    assert formulas_that_do_not_typeset(r"$\frac{1}{2$")
    assert formulas_that_do_not_typeset(r"$\sigma$ costs $5")


# ---------------------------------------------------------------- negative controls

# per lesson: (line, number on it, what a wrong derivation prints there, which one)
WRONG = {
    "xavier": (1, 0, "1.000", "the forward variance kept, as if Var(w) were 1/n_in"),
    "he": (2, 0, "0.500", "Xavier's 1/n_in under ReLU: the second moment halves"),
    "relu_second_moment": (1, 0, "0.5000", "the knowledge base's 'ReLU halves the variance'"),
    "dropout": (0, 0, "1.0", "a kept value left unscaled, as the knowledge base describes it"),
    "adam_vs_adamw": (0, 1, "1.5395", "Adam's weight decay taken for AdamW's"),
    "scaled_sigmoid": (1, 0, "0.2500", "sigmoid's slope at 0, without the factor 4"),
}


def replace_number(output: str, line: int, index: int, text: str) -> str:
    lines = output.splitlines(keepends=True)
    found = list(spec.NUMBER.finditer(lines[line]))[index]
    lines[line] = lines[line][: found.start()] + text + lines[line][found.end() :]
    return "".join(lines)


@pytest.fixture(scope="module")
def outputs() -> dict[str, tuple[str, dict[str, object]]]:
    return {lesson.key: spec.run(lesson) for lesson in LESSONS}


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.key)
def test_a_snippet_output_that_contradicts_its_derivation_fails_the_spec_s_check(
    lesson: Lesson, outputs: dict[str, tuple[str, dict[str, object]]]
) -> None:
    output, namespace = outputs[lesson.key]
    spec.CHECKS[lesson.key](output, dict(namespace))  # the true output passes
    line, index, text, why = WRONG[lesson.key]
    wrong = replace_number(output, line, index, text)
    assert wrong != output, f"{lesson.key}: the true output already prints {text} there"
    try:
        spec.CHECKS[lesson.key](wrong, dict(namespace))
    except AssertionError:
        pass
    else:
        pytest.fail(f"{lesson.key}: the spec's check passed {why}:\n{wrong}")
    # an extra number is a different snippet, not a pass
    with pytest.raises(AssertionError):
        spec.CHECKS[lesson.key](output + "1.0\n", dict(namespace))


def test_running_a_snippet_leaves_torch_s_global_generator_as_it_was() -> None:
    with torch.random.fork_rng():
        torch.manual_seed(12345)
        before = torch.random.get_rng_state()
        for lesson in LESSONS:
            spec.run(lesson)
            assert torch.equal(torch.random.get_rng_state(), before), lesson.key


# ---------------------------------------------------------------- the sampling error


@pytest.mark.parametrize(
    "moments, inputs",
    [(spec.GAUSSIAN, "gaussian"), (spec.RELU_OF_GAUSSIAN, "relu")],
    ids=["gaussian-inputs", "relu-of-gaussian-inputs"],
)
def test_the_sampling_error_of_a_layer_s_mean_square_is_the_simulated_one(moments, inputs):
    """The standard deviation the spec allows for a printed mean square, against 40000
    simulated layers small enough that each of its three terms is a large part of it."""
    rows, terms, outputs, s2, replicates = 8, 4, 8, 0.5, 40_000
    generator = torch.Generator().manual_seed(20)
    w = torch.randn(replicates, outputs, terms, generator=generator, dtype=torch.float64)
    r = torch.randn(replicates, rows, terms, generator=generator, dtype=torch.float64)
    if inputs == "relu":
        r = torch.relu(r)
    s = ((r @ (math.sqrt(s2) * w).transpose(1, 2)) ** 2).mean(dim=(1, 2))
    predicted = spec.mean_square_sd(rows, terms, outputs, s2, moments) ** 2
    measured = float(s.var())
    # the sample variance's own standard error, from the sample's fourth central moment
    fourth = float(((s - s.mean()) ** 4).mean())
    bound = spec.z(1) * math.sqrt((fourth - measured**2) / replicates)
    assert abs(measured - predicted) <= bound, (
        f"Var(S): simulated {measured!r}, formula {predicted!r}, expected within {bound:.3g}"
    )
    # each of the three kinds of pair matters: leaving one out is caught
    mu, e2, v2 = moments
    v, s4 = e2 - mu**2, s2**2
    terms_of = {
        "alone": s4 * (3 * terms * v2 + 2 * terms**2 * e2**2),
        "shared input": (outputs - 1) * s4 * terms * v2,
        "shared weights": (rows - 1) * 2 * terms * s4 * (v**2 + terms * mu**4 + 2 * v * mu**2),
    }
    for name, term in terms_of.items():
        assert term / (rows * outputs) > 2 * bound, f"the {name} term is too small to be tested"


# ---------------------------------------------------------------- try it


def test_there_is_one_try_it_line_per_module_rerunning_one_of_its_claims() -> None:
    assert set(TRY_IT) == set(claims.MODULES)
    for letter, (command, look_for) in TRY_IT.items():
        words = shlex.split(command)
        assert words[:4] == ["python", "-m", "pytest", "spec/"], command
        named = [words[i + 1] for i, word in enumerate(words) if word == "--claim"]
        assert len(named) == 1 and named[0][0] == letter, f"{letter}: {command}"
        assert named[0] in claims.BY_ID, f"{letter}: {command}"
        another = {"--spec-seed", "--hypothesis-seed", "-k"} & set(words)
        assert another, f"{letter}: {command} changes no parameter"
        assert latin_words(look_for.zh) == [], look_for.zh
        for text in look_for:
            assert not formulas_that_do_not_typeset(text), text


class _Collected:
    def __init__(self) -> None:
        self.items = 0

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.items = len(session.items)


def collect(command: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """(exit status, tests selected) of ``command`` with --collect-only, collected in this
    process from the clone's root as the command would be (a fresh process per command
    would spend most of its time importing torch again)."""
    monkeypatch.chdir(ROOT)
    # --hypothesis-seed sets hypothesis's seed for the rest of the process: put it back
    monkeypatch.setattr(hypothesis.core, "global_force_seed", hypothesis.core.global_force_seed)
    collected = _Collected()
    # -p no:randomly: pytest-randomly would reseed this process's random and numpy
    arguments = [*shlex.split(command)[3:], "--collect-only", "-qq", "-p", "no:randomly"]
    return pytest.main(arguments, [collected]), collected.items


@pytest.mark.parametrize("letter", TRY_IT)
def test_a_try_it_command_s_options_exist_and_select_tests(
    letter: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    command, _ = TRY_IT[letter]
    code, items = collect(command, monkeypatch)
    assert code == pytest.ExitCode.OK, f"{command} --collect-only: {code!r}"
    assert items >= 1, f"{command} selects no test"


def test_a_try_it_command_with_a_misspelt_option_or_selecting_nothing_is_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, _ = collect("python -m pytest spec/ --claim I5 --spec-sed 7", monkeypatch)
    assert code == pytest.ExitCode.USAGE_ERROR, code
    code, items = collect("python -m pytest spec/ --claim R1 -k no_such_test", monkeypatch)
    assert items == 0, f"-k no_such_test selected {items} tests (exit {code!r})"
