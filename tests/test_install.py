"""dlspec as another repository meets it: a wheel built with ``build`` and checked with
``check-wheel-contents``, installed into a fresh virtual environment with no clone on any
path, gating an outside implementation (examples/course) from an empty folder with the
README's downstream command, passing, then failing for a planted bug, with each printed
command rerunning the failure."""

from __future__ import annotations

import configparser
import json
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from processes import run

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest's own dependency reads TOML there
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "examples" / "course"
# the bug the course's Adam gets: its first moment used without the bias correction
CORRECT, BUGGY = 'm_hat = m / (1 - beta1 ** state["t"])', "m_hat = m"


def downstream_command() -> list[str]:
    """The README's command for gating another repository, split as a shell would."""
    text = (ROOT / "README.md").read_text()
    found = re.search(r"^python -m dlspec --impl-module course_impl\.py.*$", text, re.MULTILINE)
    assert found, "README.md shows no downstream command (python -m dlspec --impl-module ...)"
    return shlex.split(found.group(0))


def shown(done: subprocess.CompletedProcess[str]) -> str:
    return f"exit {done.returncode}\n{done.stdout[-5000:]}\n{done.stderr[-3000:]}"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built with ``build`` from a copy of the tree (the clone stays clean)."""
    source = tmp_path_factory.mktemp("source")
    ignored = shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
    )
    shutil.copytree(ROOT, source / "dlspec", ignore=ignored)
    out = tmp_path_factory.mktemp("dist")
    done = run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), "."],
        source / "dlspec",
    )
    assert done.returncode == 0, shown(done)
    (built,) = out.glob("dlspec-*.whl")
    return built


def test_the_wheel_passes_check_wheel_contents_and_carries_the_spec(wheel: Path) -> None:
    checked = run([sys.executable, "-m", "check_wheel_contents", str(wheel)], wheel.parent)
    assert checked.returncode == 0, shown(checked)
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"dlspec/spec/{p.name}" for p in (ROOT / "spec").glob("*.py")}
    expected |= {str(p.relative_to(ROOT)) for p in (ROOT / "dlspec").rglob("*.py")}
    expected.add("dlspec/spec.ini")
    assert expected <= names, f"missing from the wheel: {sorted(expected - names)}"
    (entry_points,) = (n for n in names if n.endswith(".dist-info/entry_points.txt"))
    declared = configparser.ConfigParser()
    declared.read_string(zipfile.ZipFile(wheel).read(entry_points).decode())
    assert dict(declared["pytest11"]) == {"dlspec.harness.entry": "dlspec.harness.entry"}
    assert dict(declared["console_scripts"]) == {"dlspec": "dlspec.__main__:main"}


def test_the_installed_spec_s_settings_are_the_clone_s() -> None:
    """dlspec/spec.ini (python -m dlspec) holds pyproject.toml's pytest settings, less the
    clone's testpaths."""
    ini = configparser.ConfigParser()
    ini.read(ROOT / "dlspec" / "spec.ini")
    installed = {key: value.split() for key, value in ini["pytest"].items()}
    clone = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    clone = {k: v if isinstance(v, list) else str(v).lower().split() for k, v in clone.items()}
    clone.pop("testpaths")
    assert installed.pop("filterwarnings") == " ".join(clone.pop("filterwarnings")).split()
    assert installed == clone


@pytest.fixture(scope="module")
def environment(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed. Its dependencies (torch and
    the test tools, gigabytes and minutes to install) are this environment's, reached
    through a .pth line that adds their folder: .pth files inside that folder, such as an
    editable install's pointer to the clone, are not read."""
    venv = tmp_path_factory.mktemp("venv")
    done = run([sys.executable, "-m", "venv", "--without-pip", str(venv)], venv)
    assert done.returncode == 0, shown(done)
    python = venv / "bin" / "python"
    done = run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "--quiet", str(wheel)],
        venv,
    )  # fmt: skip
    assert done.returncode == 0, shown(done)
    purelib = run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], venv
    )
    folders = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    Path(purelib.stdout.strip(), "dependencies.pth").write_text("\n".join(sorted(folders)) + "\n")
    return python


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """An empty folder holding the course's module and its neighbours, nothing else."""
    for module in COURSE.glob("*.py"):
        shutil.copy(module, tmp_path / module.name)
    return tmp_path


@pytest.mark.slow
@pytest.mark.whole_spec
def test_the_installed_spec_gates_an_outside_implementation_from_an_empty_folder(
    environment: Path, course: Path
) -> None:
    where = "import dlspec, json, sys; print(json.dumps([dlspec.__file__, sys.path]))"
    probe = run([str(environment), "-c", where], course)
    location, path = json.loads(probe.stdout)
    assert Path(location).is_relative_to(environment.parents[1]), location
    # the dependencies' folder may lie inside the clone (.venv), but no folder on the path
    # may offer the clone's sources
    offering = [e for e in path if (Path(e or course) / "dlspec" / "__init__.py").exists()]
    assert offering == [str(Path(location).parents[1])], f"dlspec importable from {offering}"

    command = [str(environment), *downstream_command()[1:], "-p", "no:randomly"]
    passed = run([*command, "--spec-json", "passed.json"], course)
    assert passed.returncode == 0, shown(passed)
    report = json.loads((course / "passed.json").read_text())
    assert [(c["id"], c["status"]) for c in report["claims"]] == [
        ("R1", "passed"), ("R2", "passed"), ("R3", "passed")
    ]  # fmt: skip
    assert report["environment"]["dlspec_commit"] is None  # no git checkout here
    assert Path(report["environment"]["spec_loaded_from"]).is_relative_to(environment.parents[1])

    optimisers = course / "student_optim.py"
    assert CORRECT in optimisers.read_text()
    optimisers.write_text(optimisers.read_text().replace(CORRECT, BUGGY))
    failed = run([*command, "--spec-json", "failed.json"], course)
    assert failed.returncode == 1, shown(failed)
    claims = {c["id"]: c for c in json.loads((course / "failed.json").read_text())["claims"]}
    assert claims["R3"]["status"] == "failed", claims["R3"]["note"]
    assert claims["R1"]["status"] != "failed", claims["R1"]["note"]
    messages = [t.get("message", "") for t in claims["R3"]["tests"] if t["outcome"] == "failed"]
    assert any("first at step 1" in m and "Adam" in m for m in messages), messages

    # the printed rerun line, run in the same folder with the installed dlspec, fails again;
    # the report's per-claim command starts the same way (it reruns a failure in
    # tests/test_downstream.py)
    rerun = next(
        shlex.split(line.removeprefix("rerun: "))
        for line in failed.stdout.splitlines()
        if line.startswith("rerun: ") and "documented_steps" in line
    )
    assert rerun[:3] == ["python", "-m", "dlspec"], rerun
    done = run([str(environment), *rerun[1:]], course)
    assert done.returncode == 1 and "first at step 1" in done.stdout, shown(done)
    command = report["environment"]["command"]
    assert command == "python -m dlspec --impl-module course_impl.py:IMPLEMENTATION --impl student"
