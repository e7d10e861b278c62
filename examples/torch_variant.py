"""A worked example of an outside implementation: PyTorch, with two changes a framework
might well make, run over the whole spec without editing it.

    python -m pytest spec/ --impl-module examples/torch_variant.py:IMPLEMENTATION \\
        --impl torch-variant --spec-json variant.json

The two changes:

* its NumPy crossing copies (``t.detach().cpu().numpy().copy()``), so an array never changes
  behind its user's back; that is a capability the spec reads, not a failure;
* its functional ``leaky_relu`` defaults to a slope of 0.2, as ``tf.nn.leaky_relu`` does,
  where PyTorch's default is 0.01; the spec's check of that default fails, so the example
  declares it as a known deviation, with the measured behaviour as its reason.

Everything else is ``torch.nn``, ``torch.optim`` and ``torch.nn.init`` themselves.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from dlspec.harness.contract import Capabilities, Implementation


def leaky_relu(x: torch.Tensor, negative_slope: float = 0.2, /) -> torch.Tensor:
    return F.leaky_relu(x, negative_slope)


IMPLEMENTATION = Implementation(
    name="torch-variant",
    nn=torch.nn,
    optim=torch.optim,
    init=torch.nn.init,
    sigmoid=torch.sigmoid,
    tanh=torch.tanh,
    relu=torch.relu,
    leaky_relu=leaky_relu,
    prelu=F.prelu,
    scaled_sigmoid=lambda x: 4 * torch.sigmoid(x) - 2,
    to_numpy=lambda t: t.detach().cpu().numpy().copy(),
    capabilities=Capabilities(to_numpy_aliases_cpu_memory=False),
    deviations={
        "test_functional_leaky_relu_s_default_negative_slope_is_0_01": (
            "leaky_relu(x) defaults to slope 0.2 (as tf.nn.leaky_relu does), not 0.01: "
            "measured leaky_relu(-1) = -0.2"
        ),
    },
)
