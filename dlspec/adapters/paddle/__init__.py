"""PaddlePaddle (飞桨) 3.x behind the implementation contract, through the DLPack bridge.

    pip install -e '.[paddle]'
    python -m pytest spec/ --impl paddle

The adapter's rule, as for Keras: **translate signatures and layouts, never semantics.**
Every layer, optimiser, initialiser and default is Paddle's own, computing on Paddle
tensors; :mod:`dlspec.adapters.bridge` hands torch's tensors across without copying, and
a gradient is Paddle's (``paddle.grad``). Where the spec then measures something other than
PyTorch's behaviour, that is a finding about Paddle, declared in ``DEVIATIONS`` with the
measured value.

The translations, each of which could touch a verdict (each tested on its own in
tests/test_paddle_translations.py):

* **Linear's weight.** Paddle keeps it (in, out); the module shows it as torch's (out, in)
  ``weight`` and hands Paddle the transpose, so x Wᵀ + b is Paddle's x W + b.
* **Initialiser fans.** Paddle counts a 2-D tensor's fan-in from its first dimension; a
  torch tensor (out, in) is filled through a Paddle tensor (in, out), so the fans agree.
* **BatchNorm's momentum.** torch's m weights the new batch, Paddle's the running value:
  torch's m is Paddle's 1 − m. ``track_running_stats=False`` is ``use_global_stats=False``;
  ``affine=False`` is ``weight_attr=bias_attr=False``.
* **PReLU's slope** is Paddle's ``_weight``, shown as ``weight``; **LayerNorm's** weight
  and bias are flat in Paddle and shown in the normalised shape.
* **Optimisers' arguments.** ``lr`` → ``learning_rate``, ``betas`` → ``beta1``/``beta2``,
  ``eps`` → ``epsilon``, ``nesterov`` → ``use_nesterov``; SGD with momentum is Paddle's
  ``Momentum``; parameter groups → one Paddle optimiser each (a Paddle group's learning
  rate scales the optimiser's instead of replacing it).
* **initialisers' ``a``** is Paddle's ``negative_slope``.
* **generator=** becomes a seed for Paddle's generator, drawn from the torch generator,
  with Paddle's generator put back afterwards. Without one, Paddle's layers and dropout
  draw from Paddle's global generator, which ``torch.manual_seed`` does not reach: a
  finding, declared.
* **train()/eval()** are passed on to the Paddle layer before each call.
* **Sequential** is ``torch.nn.Sequential``: composition in order either way.

Paddle's layers do not run under ``torch.func``, so the overfitting experiment trains
their copies one at a time (``Capabilities.runs_under_torch_func=False``).
"""

from __future__ import annotations

from dlspec.adapters.paddle import functional
from dlspec.adapters.paddle.deviations import DEVIATIONS
from dlspec.adapters.paddle.initialisers import init
from dlspec.adapters.paddle.layers import nn
from dlspec.adapters.paddle.optimisers import optim
from dlspec.harness.contract import Capabilities, Implementation

__all__ = ["DEVIATIONS", "IMPLEMENTATION"]

IMPLEMENTATION = Implementation(
    name="paddle",
    nn=nn,
    optim=optim,
    init=init,
    sigmoid=functional.sigmoid,
    tanh=functional.tanh,
    relu=functional.relu,
    leaky_relu=functional.leaky_relu,
    prelu=functional.prelu,
    scaled_sigmoid=functional.scaled_sigmoid,
    to_numpy=functional.to_numpy,
    capabilities=Capabilities(runs_under_torch_func=False),
    deviations=DEVIATIONS,
)
