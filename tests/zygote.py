"""A warm start for the catalogue's pytest runs. Each case needs a pytest session of its own
(a planted bug must not touch the process that judges it), and a fresh interpreter spends
about 4 of its 8 seconds importing torch, hypothesis, scipy.stats and sympy before it
collects a single test. This process imports them once and forks one child per run: the
child is a new pytest session in a process of its own, exactly as ``python -m pytest`` would
start it, less the imports.

Only third-party modules are imported here, and nothing runs on torch before the fork (no
thread pool exists to be copied half-locked). dlspec, the spec and the catalogue are
imported by each child, so pytest rewrites their assertions and a plant starts from the
code as written. Hypothesis is a pytest plugin imported before pytest starts, which pytest
reports as a module it cannot rewrite; the children ignore that one warning (hypothesis's
own code has no assertion of the spec's to rewrite), and every other warning stays an error.

Protocol, one JSON object per line: the caller writes ``{"args", "env", "output"}``, the
zygote answers ``{"status"}``, the child's exit status, after the child has ended. Start it
with :class:`Zygote`, from the repository root. It lives outside the catalogue package,
whose import would import dlspec before pytest could rewrite it.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import signal
import subprocess
import sys
import threading
import traceback
from pathlib import Path
from typing import Any

# what a catalogue run imports besides dlspec, the spec and the catalogue: about 70% of a
# short run's time when each child imports it again
PRELOAD = (
    "torch",
    "torch.func",
    "torch._dynamo",
    "numpy",
    "scipy.stats",
    "sympy",
    "sympy.combinatorics",
    "hypothesis",
    "hypothesis.strategies",
    "matplotlib",
    "matplotlib.figure",
    "matplotlib.font_manager",
    "PIL.Image",
    "latex2mathml.converter",
    "xml.etree.ElementTree",
    "pdb",
    "pytest",
    "_pytest.junitxml",
    "_pytest.pastebin",
    "_pytest.skipping",
    "_pytest.unittest",
    "_pytest.warnings",
)
PYTEST_PLUGINS = "pytest11"  # the entry points of installed plugins: xdist, benchmark, ...


def child(args: list[str], env: dict[str, str], output: str) -> int:
    """One pytest session, as ``python -m pytest *args`` with ``env`` would run it, its
    standard output and error in ``output``."""
    import pytest
    import torch

    written = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(written, 1)
    os.dup2(written, 2)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.environ.clear()
    os.environ.update(env)
    torch.set_num_threads(int(env.get("OMP_NUM_THREADS", "1")))
    args = [*args, "-W", "ignore::pytest.PytestAssertRewriteWarning"]
    sys.argv = [pytest.__file__, *args]
    return int(pytest.main(args))


def serve() -> None:
    for name in PRELOAD:
        __import__(name)
    for plugin in importlib.metadata.entry_points(group=PYTEST_PLUGINS):
        plugin.load()
    answers = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            status = 70  # EX_SOFTWARE: the child broke before pytest could answer
            try:
                status = child(request["args"], request["env"], request["output"])
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(status)
        _, code = os.waitpid(pid, 0)
        answers.write(json.dumps({"status": os.waitstatus_to_exitcode(code)}) + "\n")
        answers.flush()


class Zygote:
    """The zygote process, started on first use; ``run`` is one pytest session in a child.
    A run past its timeout kills the zygote and its child (the next run starts a new one)."""

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.root, self.env = root, env
        self.process: subprocess.Popen[str] | None = None

    def run(self, args: list[str], env: dict[str, str], output: Path, timeout: float) -> int:
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "zygote"],
                cwd=self.root,
                env=self.env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                start_new_session=True,  # its children die with it on a timeout
            )
        process = self.process
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(json.dumps({"args": args, "env": env, "output": str(output)}) + "\n")
        process.stdin.flush()
        answer: dict[str, Any] = {}

        def read() -> None:
            answer.update(json.loads(process.stdout.readline() or "{}"))

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(timeout)
        if reader.is_alive():
            self.close()
            raise TimeoutError(f"the pytest run took over {timeout} s: {' '.join(args)}")
        if "status" not in answer:  # it broke before it could fork (its traceback is above)
            self.close()
            raise RuntimeError(f"the zygote ended without answering: {' '.join(args)}")
        return int(answer["status"])

    def close(self) -> None:
        """Ends the zygote: at once, its child included, if a run is under way."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                pipe.close()


if __name__ == "__main__":
    serve()
