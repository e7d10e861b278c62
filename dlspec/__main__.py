"""``python -m dlspec [PYTEST OPTIONS] [TARGET ...]``: the installed spec, from any folder.

Every option of ``pytest spec/`` works (``--impl-module``, ``--impl``, ``--claim``,
``--spec-json``, ``--spec-report``, ``--spec-strict``, ``--spec-seed``, ``-m cuda``,
``-n 2``, ...). A TARGET names part of the spec as a module path, ``dlspec.spec.test_dropout``
or ``dlspec.spec.test_dropout::test_name[params]``; without one the whole spec runs.

pytest runs with the spec's own settings (``dlspec/spec.ini``) and the spec's package as
its root, so the user's folder, its configuration and its conftest files do not change
the spec; paths in options (``--impl-module``, ``--spec-json``) are relative to the folder
the command runs in, and so is pytest's cache.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

PACKAGE = "dlspec.spec"
SETTINGS = Path(__file__).with_name("spec.ini")


def spec_directory() -> Path:
    """The folder the spec's modules are loaded from (inside the installed package, or a
    clone's ``spec/`` for an editable install)."""
    found = importlib.util.find_spec(PACKAGE)
    if found is None or not found.submodule_search_locations:
        raise RuntimeError(f"{PACKAGE} is not installed with dlspec; reinstall dlspec")
    return Path(next(iter(found.submodule_search_locations)))


def target_path(target: str, spec: Path) -> str:
    """``dlspec.spec.MODULE[::TEST]`` as the file path pytest collects."""
    dotted, separator, test = target.partition("::")
    module = dotted.removeprefix(PACKAGE).lstrip(".")
    path = spec / f"{module.replace('.', '/')}.py" if module else spec
    if not path.exists():
        modules = sorted(f"{PACKAGE}.{p.stem}" for p in spec.glob("test_*.py"))
        raise SystemExit(
            f"python -m dlspec: {target}: no such part of the spec; choose from "
            f"{PACKAGE} (all), {', '.join(modules)}"
        )
    return f"{path}{separator}{test}"


def arguments(argv: list[str], cwd: Path) -> list[str]:
    """pytest's arguments for ``python -m dlspec ARGV`` run in ``cwd``."""
    spec = spec_directory()
    targets = [a for a in argv if a == PACKAGE or a.startswith((f"{PACKAGE}.", f"{PACKAGE}::"))]
    options = [a for a in argv if a not in targets]
    # pytest's cache in the user's folder, not in the installed package (unless disabled)
    cache = [] if any(a.endswith("no:cacheprovider") for a in argv) else [
        "-o", f"cache_dir={cwd / '.pytest_cache'}"
    ]  # fmt: skip
    return [
        "-c",
        str(SETTINGS),
        # pytest rewrites the asserts of an installed plugin's modules, and this command
        # has imported the package itself already (it holds no assert)
        "-W",
        f"ignore:Module already imported so cannot be rewritten; {__package__}"
        ":pytest.PytestAssertRewriteWarning",
        "--rootdir",
        str(spec.parent),
        "--confcutdir",
        str(spec),
        *cache,
        *options,
        *([target_path(t, spec) for t in targets] or [str(spec)]),
    ]


def main(argv: list[str] | None = None) -> int:
    return int(pytest.main(arguments(sys.argv[1:] if argv is None else argv, Path.cwd())))


if __name__ == "__main__":
    sys.exit(main())
