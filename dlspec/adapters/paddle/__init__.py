"""PaddlePaddle (飞桨) behind the spec: its tensors cross to torch's through the DLPack
bridge (:mod:`dlspec.adapters.bridge`), described for the bridge in :mod:`.framework`.

    pip install -e '.[paddle]'
"""
