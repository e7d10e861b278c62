"""The whole harness of the spec, one module per concern; :mod:`~dlspec.harness.entry`
registers it when the spec runs, and a conftest may load it with ``pytest_plugins``:

- :mod:`~dlspec.harness.entry`: the options (the pytest11 entry point);
- :mod:`~dlspec.harness.evidence`: the ``evidence`` fixture;
- :mod:`~dlspec.harness.seeds`: seeded generators, and the command that repeats a failure;
- :mod:`~dlspec.harness.options`: markers, implementations and devices, deviations;
- :mod:`~dlspec.harness.summary`: the ledger of claims, the terminal table, JSON and report;
- :mod:`~dlspec.harness.state`: every test leaves torch's global settings as it found them.
"""

import pytest

HARNESS = [
    "dlspec.harness.evidence",
    "dlspec.harness.seeds",
    "dlspec.harness.options",
    "dlspec.harness.summary",
    "dlspec.harness.state",
]
# each module is imported by the ones after it, so all are marked for pytest's assertion
# rewriting before the first is imported; the entry point is loaded before any of them
pytest.register_assert_rewrite(*HARNESS)
pytest_plugins = ["dlspec.harness.entry", *HARNESS]
