"""The specification: one module of claim tests per group of claims (see ``dlspec.claims``).

A package, so that it travels inside an installed dlspec as ``dlspec.spec`` and runs from
any folder with ``python -m dlspec``; in a clone it is ``spec`` and runs with
``pytest spec/``."""
