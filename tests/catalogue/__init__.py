"""The catalogue of realistic bugs that the spec must catch (issue: the spec proves its
own power). ``BUGS`` lists them all; :mod:`catalogue.plant` plants one in a pytest process."""

from catalogue.adapters import BUGS as ADAPTER_BUGS
from catalogue.bug import BAD_INPUT, HARNESS, Bug
from catalogue.harness import BUGS as HARNESS_BUGS
from catalogue.mechanisms import BUGS as MECHANISM_BUGS

BUGS: tuple[Bug, ...] = (*MECHANISM_BUGS, *ADAPTER_BUGS, *HARNESS_BUGS)
BY_NAME = {bug.name: bug for bug in BUGS}
if len(BY_NAME) != len(BUGS):
    raise ValueError("two catalogue bugs share a name")

__all__ = ["BAD_INPUT", "BUGS", "BY_NAME", "HARNESS", "Bug"]
