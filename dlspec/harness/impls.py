"""The two implementations the spec always runs: dlspec's re-implementation and PyTorch.

Each is one :class:`~dlspec.harness.contract.Implementation`; a third one is written the
same way in its own module and loaded with ``--impl-module`` (see CONTRIBUTING.md).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

import dlspec.init
import dlspec.nn
import dlspec.optim
from dlspec import activations, tensors
from dlspec.harness.contract import REGISTRY, Capabilities, Implementation, register

__all__ = ["OPTIONAL", "REGISTRY", "Implementation", "register"]

# implementations that ship with dlspec but need an optional extra: name -> (MODULE:ATTR,
# the install command); ``--impl NAME`` loads one, so the default run never imports it
OPTIONAL = {
    "keras": ("dlspec.adapters.keras:IMPLEMENTATION", "pip install -e '.[keras]'"),
    "paddle": ("dlspec.adapters.paddle:IMPLEMENTATION", "pip install -e '.[paddle]'"),
}

register(
    Implementation(
        name="dlspec",
        nn=dlspec.nn,
        optim=dlspec.optim,
        init=dlspec.init,
        sigmoid=activations.sigmoid,
        tanh=activations.tanh,
        relu=activations.relu,
        leaky_relu=activations.leaky_relu,
        prelu=activations.prelu,
        scaled_sigmoid=activations.scaled_sigmoid,
        # dlspec's crossing copies, so the array never changes behind the user's back (T3)
        to_numpy=lambda t: tensors.to_numpy(t, copy=True),
        capabilities=Capabilities(names_the_shape_in_errors=True),
        # dlspec's rule for bad input is TypeError for a wrong type, ValueError for a wrong
        # value; PyTorch's calculate_gain raises ValueError for both
        deviations={
            "test_calculate_gain_refuses_a_slope_that_is_not_a_number_with_a_value_error": (
                "raises TypeError for a non-numeric slope where torch.nn.init raises "
                "ValueError: measured calculate_gain('leaky_relu', '0.1') raised TypeError "
                "(likewise for a list and a dict)"
            ),
            "test_calculate_gain_refuses_a_boolean_slope_with_a_value_error": (
                "raises TypeError for a boolean slope where torch.nn.init raises ValueError: "
                "measured calculate_gain('leaky_relu', True) raised TypeError"
            ),
        },
    )
)

register(
    Implementation(
        name="torch",
        nn=torch.nn,
        optim=torch.optim,
        init=torch.nn.init,
        sigmoid=torch.sigmoid,
        tanh=torch.tanh,
        relu=torch.relu,
        leaky_relu=F.leaky_relu,
        prelu=F.prelu,
        # the knowledge base's own formula; PyTorch has no built-in for it
        scaled_sigmoid=lambda x: 4 * torch.sigmoid(x) - 2,
        # the knowledge base's chain, as users write it
        to_numpy=lambda t: t.cpu().detach().numpy(),
        capabilities=Capabilities(to_numpy_aliases_cpu_memory=True),
    )
)
