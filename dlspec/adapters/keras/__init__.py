"""Keras 3, on its PyTorch backend, behind the implementation contract.

    pip install -e '.[keras]'
    python -m pytest spec/ --impl keras

The adapter's rule: **translate signatures and layouts, never semantics.** Every layer,
optimiser and initialiser here is Keras's own object doing Keras's own arithmetic with
Keras's own defaults; the adapter only changes how it is called and where its numbers are
kept. Where the spec then measures something other than PyTorch's behaviour, that is a
finding about Keras, declared in ``DEVIATIONS`` with the measured value.

The translations, each of which could touch a verdict:

* **Weight layout.** Keras keeps a Dense kernel as (in, out); torch's ``Linear.weight`` is
  (out, in). A layer here owns torch-shaped parameters and runs the Keras layer with
  ``stateless_call`` on their transposes, so gradients, optimisers and ``torch.func`` see
  ordinary parameters. Keras initialises them: the Keras layer is built, its initial
  values are copied out in torch's layout, and its own variables are never used again.
* **Initialiser layout.** A torch tensor (out, in, *kernel) is filled by calling the Keras
  initialiser with Keras's shape (*kernel, in, out), so Keras computes the same fans.
* **train()/eval()** become Keras's ``training=`` call argument.
* **Arguments with another name or parametrisation** are renamed only when the caller
  passes them: ``p`` → ``rate``, ``eps`` → ``epsilon``, ``bias`` → ``use_bias``/``center``,
  torch's BatchNorm ``momentum`` m → Keras's 1 − m (the weight of the new batch), ``gain``
  → ``scale = gain²``, ``a`` and ``nonlinearity`` of He initialisation → ``scale = 2/(1 + a²)``
  (He et al. 2015, the formula behind Keras's HeNormal), ``mode``, ``betas`` → ``beta_1``,
  ``beta_2``, parameter groups → one Keras optimiser per group. A left-out argument stays
  left out, so Keras's default applies.
* **generator=** becomes the Keras ``seed``: an integer drawn from that generator. Without
  one, Keras seeds itself as it always does (from Python's ``random``), not from
  ``torch.manual_seed``: that difference is one of the findings.
* **Precision.** Three things made float64 work float32 in Keras, measured:
  (1) a layer casts its inputs to its dtype policy (float32 by default); (2) an optimiser
  turns its Python hyperparameters into tensors of ``keras.config.floatx()`` (float32), so
  lr 0.1 became 0.100000001; (3) Keras's type promotion maps 64-bit types to 32-bit ones,
  as JAX does by default, so ``keras.ops.matmul`` of two float64 tensors is computed in
  float32. Keras settings undo the first two: every layer is built with
  ``autocast=False`` (it computes in the dtype of what it is given, as torch's do; after
  ``.double()`` the Keras layer is rebuilt from its config for float64), and an optimiser
  is built and stepped while ``floatx()`` is its parameters' dtype. Nothing undoes the
  third, so the implementation declares ``Capabilities(float64_arithmetic=False)`` and the
  spec checks its float64 work to float32 tolerances. ``tests/test_keras.py`` measures
  each effect, with and without the setting.
* **Sequential** is ``torch.nn.Sequential``: Keras's Sequential takes Keras layers, these
  are torch modules that run Keras layers, and both mean composition in order.
"""

from __future__ import annotations

import os

os.environ.setdefault("KERAS_BACKEND", "torch")  # must precede the first import of keras

import keras

if keras.backend.backend() != "torch":
    raise ImportError(
        f"the Keras adapter needs KERAS_BACKEND=torch; keras was loaded with the "
        f"{keras.backend.backend()!r} backend"
    )

from dlspec.adapters.keras.deviations import DEVIATIONS
from dlspec.adapters.keras.functional import leaky_relu, prelu, to_numpy
from dlspec.adapters.keras.initialisers import init
from dlspec.adapters.keras.layers import nn
from dlspec.adapters.keras.optimisers import optim
from dlspec.harness.contract import Capabilities, Implementation

__all__ = ["DEVIATIONS", "IMPLEMENTATION"]

IMPLEMENTATION = Implementation(
    name="keras",
    nn=nn,
    optim=optim,
    init=init,
    sigmoid=keras.ops.sigmoid,
    tanh=keras.ops.tanh,
    relu=keras.ops.relu,
    leaky_relu=leaky_relu,
    prelu=prelu,
    scaled_sigmoid=lambda x: 4 * keras.ops.sigmoid(x) - 2,
    to_numpy=to_numpy,
    capabilities=Capabilities(float64_arithmetic=False),
    deviations=DEVIATIONS,
)
