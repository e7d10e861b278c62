"""The run's outcome: every test report goes into the ledger; at the end the controller
prints the claims × implementations table, writes ``--spec-json`` and ``--spec-report``,
and applies ``--spec-strict``. xdist workers forward their reports, so this sees all."""

from __future__ import annotations

import json
import platform
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import hypothesis
import numpy as np
import pytest
import torch
from hypothesis import settings

import dlspec
from dlspec.harness.entry import spec_directories
from dlspec.harness.ledger import Ledger
from dlspec.harness.options import chosen_claims, selected
from dlspec.harness.seeds import spec_command

XPASS_STRICT = "[XPASS(strict)]"


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(ClaimReport(config), "dlspec-claim-report")


def commit(folder: Path) -> str | None:
    """The commit checked out where ``folder`` is, with ``+dirty`` for uncommitted changes;
    None outside a git checkout (an installed wheel) or without git."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True, timeout=10
        )
        if head.returncode != 0:
            return None
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return head.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def environment(config: pytest.Config) -> dict[str, Any]:
    devices = ["cpu"] + [
        f"cuda:{i} {torch.cuda.get_device_name(i)}" for i in range(torch.cuda.device_count())
    ]
    spec = spec_directories(config)
    return {
        "dlspec": dlspec.__version__,
        # which spec judged: its commit when dlspec runs from a git checkout, and its folder
        "dlspec_commit": commit(Path(dlspec.__file__).parent),
        "spec_loaded_from": str(spec[0]) if spec else None,
        "command": shlex.join(spec_command(config)),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "torch": torch.__version__,
        "numpy": np.__version__,
        "hypothesis": hypothesis.__version__,
        "hypothesis_profile": settings.get_current_profile_name(),
        "devices": devices,
        "implementations": selected(config),
        "spec_seed": config.getoption("spec_seed"),
        "argv": sys.argv[1:],
    }


def outcome(report: pytest.TestReport) -> str:
    """The report's outcome, with a declared deviation (strict xfail) that occurred as
    ``deviated``; one that did not occur is a failure already (XPASS(strict))."""
    if report.skipped and hasattr(report, "wasxfail"):
        return "deviated"
    return report.outcome


def message(report: pytest.TestReport) -> str | None:
    """A failure's message, the measurement against its expectation, on one line."""
    crash = getattr(report.longrepr, "reprcrash", None)
    if not report.failed or crash is None:
        return None
    return " ".join(str(crash.message).split())


class ClaimReport:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.ledger = Ledger(chosen_claims(config))
        self.strict_failures: list[str] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.ledger.add(
            report.nodeid, report.when, outcome(report), report.user_properties, message(report)
        )

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if hasattr(self.config, "workerinput"):
            return
        path = self.config.getoption("spec_json")
        report_path = self.config.getoption("spec_report")
        if path or report_path:
            run = self.ledger.as_json(environment(self.config))
        if path:
            Path(path).write_text(json.dumps(run, indent=2) + "\n")
        if report_path:
            from dlspec.harness import report  # matplotlib loads only when a report is asked

            report.write_languages(
                run,
                Path(report_path),
                self.config.getoption("spec_lang"),
                Path(path) if path else None,
            )
        if self.config.getoption("spec_strict"):
            results = self.ledger.results()
            self.strict_failures = [r.claim.id for r in results if r.status == "untested"]
            if self.strict_failures and session.exitstatus == pytest.ExitCode.OK:
                session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if hasattr(self.config, "workerinput") or not self.ledger.tests:
            return
        terminalreporter.section("dlspec claims (knowledge-base order)")
        for line in self.ledger.lines(selected(self.config)):
            terminalreporter.write_line(line)
        if self.strict_failures:
            terminalreporter.write_line(
                f"--spec-strict: untested claims {', '.join(self.strict_failures)}",
                red=True,
                bold=True,
            )
