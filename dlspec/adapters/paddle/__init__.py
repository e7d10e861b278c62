"""PaddlePaddle (飞桨) behind the spec, through the DLPack bridge
(:mod:`dlspec.adapters.bridge`): :mod:`.framework` describes Paddle for the bridge;
:mod:`.functional` holds Paddle's activations and NumPy crossing, :mod:`.initialisers` its
initialisers, each translated from torch's signatures and layouts, never its semantics.
Layers and optimisers are still to come, and with them ``--impl paddle``.

    pip install -e '.[paddle]'
"""
