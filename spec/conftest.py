"""Shared by every spec test: no test may leave PyTorch's global random state changed."""

from collections.abc import Iterator

import pytest
import torch


@pytest.fixture(autouse=True)
def _restore_global_rng() -> Iterator[None]:
    # torch.nn layers draw their initial weights, and nn.Dropout its masks, from the global
    # generator; forking restores it afterwards so no test can influence another.
    cuda_devices = list(range(torch.cuda.device_count()))
    with torch.random.fork_rng(devices=cuda_devices):
        yield
