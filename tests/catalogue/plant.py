"""pytest plugin that plants one catalogue bug in this process: ``-p catalogue.plant`` with
the bug's name in ``DLSPEC_BUG``. It is imported before the harness reads ``--impl``, so a
broken implementation is registered in time to be selected.

It also registers the hypothesis profile ``catalogue`` (the dev profile's 20 examples,
without shrinking or explaining: a catalogue run asks whether a test fails, not for the
smallest example), which the catalogue's runs, clean ones included, select with
``--hypothesis-profile catalogue``.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import Phase, settings

from catalogue import BY_NAME
from dlspec.harness import impls

settings.register_profile(
    "catalogue",
    max_examples=20,
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
)

if "DLSPEC_BUG" in os.environ:
    _bug = BY_NAME[os.environ["DLSPEC_BUG"]]
    if _bug.implementation is not None:
        impls.register(_bug.implementation())
    else:
        assert _bug.plant is not None
        # undone only when the process ends: this process exists to run with the bug
        _bug.plant(pytest.MonkeyPatch())
