"""The pytest plugin of the spec, loaded by the root ``conftest.py``; one module per concern:

- :mod:`~dlspec.harness.evidence`: the ``evidence`` fixture;
- :mod:`~dlspec.harness.seeds`: seeded generators, and the command that repeats a failure;
- :mod:`~dlspec.harness.options`: options, markers, implementations and devices, deviations;
- :mod:`~dlspec.harness.summary`: the ledger of claims, the terminal table, JSON and report.
"""

import pytest

# each module is imported by the ones after it, so all are marked for pytest's assertion
# rewriting before the first is imported
pytest_plugins = [
    "dlspec.harness.evidence",
    "dlspec.harness.seeds",
    "dlspec.harness.options",
    "dlspec.harness.summary",
]
pytest.register_assert_rewrite(*pytest_plugins)
