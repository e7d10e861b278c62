"""Implementations of frameworks nobody here wrote, each behind the contract; the helpers
here serve more than one of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def renamed(function: Callable[..., Any], name: str, doc: str) -> Any:
    """``function`` under torch's ``name`` (as error messages and the pieces table show it),
    with ``doc``."""
    function.__name__ = function.__qualname__ = name
    function.__doc__ = doc
    return function
