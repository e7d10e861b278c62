"""dlspec: a minimal, readable re-implementation of the mechanisms behind the knowledge
base's claims, and the registry of those claims (see ``dlspec.claims``)."""

__version__ = "0.1.0"
