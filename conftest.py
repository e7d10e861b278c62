"""Root conftest: loads the dlspec harness (claims, implementations, devices, evidence)."""

pytest_plugins = ["dlspec.harness.plugin", "pytester"]
