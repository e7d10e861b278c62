"""A fresh process, as a user would start it, for the tests that run python or pytest
outside this run: without the variables this run's pytest, xdist and the catalogue set
(``PYTEST_*``, ``DLSPEC_*``), nor ``HYPOTHESIS_PROFILE`` and ``PYTHONPATH``, which a user's
shell would not have."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "DLSPEC_"))
        and key not in ("HYPOTHESIS_PROFILE", "PYTHONPATH")
    }
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
