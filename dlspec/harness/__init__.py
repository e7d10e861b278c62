"""The pytest harness that turns ``spec/`` into a living specification.

``plugin`` holds the options, markers, fixtures and hooks; ``impls`` the adapters for the
implementations under test; ``ledger`` gathers test outcomes and evidence per claim and
renders the terminal section and the JSON report.
"""
