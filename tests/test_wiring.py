"""How each registered implementation is wired (``dlspec.harness.impls``).

The spec runs every mechanism claim once per implementation, so a piece taken from the
other framework would make the spec test that framework twice and the named one never,
while every test stays green. Only this file can notice.
"""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from dlspec import activations
from dlspec.harness import impls

PIECES = {  # the namespaces the Implementation docstring promises, with torch's signatures
    "nn": (
        "Linear",
        "ReLU",
        "Sigmoid",
        "Tanh",
        "LeakyReLU",
        "PReLU",
        "Dropout",
        "BatchNorm1d",
        "LayerNorm",
        "Sequential",
    ),
    "optim": ("SGD", "Adam", "AdamW"),
    "init": (
        "calculate_gain",
        "xavier_normal_",
        "xavier_uniform_",
        "kaiming_normal_",
        "kaiming_uniform_",
    ),
}
ENTRIES = ("sigmoid", "tanh", "relu", "leaky_relu", "prelu", "scaled_sigmoid")
TORCH_FUNCTIONS: dict[str, tuple[ModuleType, str, tuple[object, ...]]] = {
    # entry: where torch keeps the function it must be or call, and extra call arguments
    "sigmoid": (torch, "sigmoid", ()),
    "tanh": (torch, "tanh", ()),
    "relu": (torch, "relu", ()),
    "leaky_relu": (F, "leaky_relu", (0.1,)),
    "prelu": (F, "prelu", (torch.tensor([0.25]),)),
    "scaled_sigmoid": (torch, "sigmoid", ()),  # 4 sigmoid(x) - 2: PyTorch has no built-in
}


@pytest.mark.parametrize("name", ["dlspec", "torch"])
def test_each_implementation_takes_layers_optimisers_and_initialisers_from_its_own_framework(
    name: str,
) -> None:
    implementation = impls.REGISTRY[name]
    origins = {
        f"{space}.{piece}": getattr(getattr(implementation, space), piece).__module__
        for space, pieces in PIECES.items()
        for piece in pieces
    }
    foreign = {piece: origin for piece, origin in origins.items() if origin.split(".")[0] != name}
    assert not foreign, f"the {name} implementation takes these pieces from elsewhere: {foreign}"


def test_the_dlspec_implementation_computes_with_dlspecs_own_functions() -> None:
    implementation = impls.REGISTRY["dlspec"]
    wired = {entry: getattr(implementation, entry) for entry in ENTRIES}
    assert wired == {entry: getattr(activations, entry) for entry in ENTRIES}
    t = torch.arange(4.0)
    assert not np.shares_memory(implementation.to_numpy(t), t.numpy()), "dlspec's copy aliases"


@pytest.mark.parametrize("entry", TORCH_FUNCTIONS)
def test_the_torch_implementation_computes_with_torchs_own_functions(
    entry: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner, name, extra = TORCH_FUNCTIONS[entry]
    wired = getattr(impls.REGISTRY["torch"], entry)
    function = getattr(owner, name)
    calls = []

    def spy(*args: object, **kwargs: object) -> torch.Tensor:
        calls.append(name)
        return function(*args, **kwargs)

    # an entry is either torch's function itself or a wrapper that looks it up when called
    monkeypatch.setattr(owner, name, spy)
    wired(torch.linspace(-2, 2, 5), *extra)
    assert wired is function or calls, f"torch's {entry} is {wired}, which never calls {name}"


def test_the_torch_implementation_hands_a_cpu_tensor_to_numpy_without_a_copy() -> None:
    # the knowledge base's chain tensor.cpu().detach().numpy() aliases on the CPU (claim T3)
    t = torch.arange(4.0)
    assert np.shares_memory(impls.REGISTRY["torch"].to_numpy(t), t.numpy())
