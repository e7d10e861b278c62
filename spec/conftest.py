"""Shared by every spec test: no test may leave PyTorch's global random state changed.

Collecting the spec switches the harness on (an installed dlspec's plugin stays inert in
any other test suite)."""

import functools
from collections.abc import Iterator
from pathlib import Path

import pytest
import torch

from dlspec import experiments
from dlspec.harness import entry


def pytest_configure(config: pytest.Config) -> None:
    entry.activate(config, spec=Path(__file__).parent)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks the tests that train the experiment's arms, so a run can leave them out by
    their cost (``-m "not experiment_arms"``)."""
    for item in items:
        if "experiment" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.experiment_arms)


@pytest.fixture(autouse=True)
def _restore_global_rng() -> Iterator[None]:
    # torch.nn layers draw their initial weights, and nn.Dropout its masks, from the global
    # generator; forking restores it afterwards so no test can influence another.
    cuda_devices = list(range(torch.cuda.device_count()))
    with torch.random.fork_rng(devices=cuda_devices):
        yield


@pytest.fixture(scope="session")
def experiment(derive_seed):
    """``experiment(impl, device, copies, **setting)``: the overfitting experiment trained on
    ``copies`` data sets with ``impl.nn``'s layers and ``impl.optim``'s optimisers, with seeds
    from ``--spec-seed``. Every arm of a comparison gets the same data and initial weights,
    so the arms are paired; results are cached per process because several claims read the
    same arms."""

    @functools.cache
    def arm(impl, device, copies, **setting):
        return experiments.run(
            experiments.Setting(**setting),
            data_seeds=[derive_seed("data", copies, k) for k in range(copies)],
            init_seeds=[derive_seed("init", copies, k) for k in range(copies)],
            dropout_seed=derive_seed("dropout", copies),
            nn=impl.nn,
            optim=impl.optim,
            vectorised=impl.capabilities.runs_under_torch_func,
            device=device,
        )

    return arm
