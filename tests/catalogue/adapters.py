"""Realistic bugs in an adapter: the Keras one (dlspec/adapters/keras/), broken where a
translation of its interface could go wrong. Each is run like a broken mechanism, as a
third implementation (``--impl dlspec --impl NAME``) with Keras's declared deviations, so a
bug counts only where it turns a test that Keras passes red."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace
from typing import Any

from catalogue.bug import Bug, edited
from catalogue.mechanisms import ACTIVATIONS, DROPOUT, subclass
from dlspec.harness import impls


def adapter_bug(
    name: str,
    claims: tuple[str, ...],
    story: str,
    files: tuple[str, ...],
    caught_by: str,
    keyword: str,
    pieces: Any,
) -> Bug:
    """The Keras implementation under ``name``, with the fields ``pieces()`` gives."""

    def implementation() -> impls.Implementation:
        from dlspec.adapters import keras  # the [keras] extra, installed by CI

        return dataclasses.replace(keras.IMPLEMENTATION, name=name, **pieces())

    return Bug(name, claims, story, files, caught_by, keyword, implementation=implementation)


def _without_train_mode() -> dict[str, Any]:
    from dlspec.adapters.keras import layers

    forward = edited(
        layers._Stateless.forward, ("self.keras(x, training=self.training)", "self.keras(x)")
    )
    dropout = subclass(layers.Dropout, forward=forward)
    return {"nn": SimpleNamespace(**{**vars(layers.nn), "Dropout": dropout})}


def _float32_hyperparameters() -> dict[str, Any]:
    import keras

    from dlspec.adapters.keras import optimisers

    step = edited(
        optimisers._Optimiser.step,
        (
            "with device_scope(live[0][0].device), _floatx(floatx):",
            "with device_scope(live[0][0].device):",
        ),
    )
    optimiser = subclass(optimisers._Optimiser, step=step)

    def SGD(params: Any, **options: Any) -> Any:
        return optimiser(keras.optimizers.SGD, optimisers._sgd_arguments, params, options)

    return {"optim": SimpleNamespace(**{**vars(optimisers.optim), "SGD": SGD})}


BUGS: tuple[Bug, ...] = (
    adapter_bug(
        "keras-adapter-ignores-train-mode",
        ("R2",),
        "The adapter calls Keras's Dropout without training=, which Keras then takes as "
        "inference, so train() never switches dropout on.",
        DROPOUT,
        "test_in_train_mode_dropout_draws_a_new_mask_at_every_call",
        "new_mask_at_every_call",
        _without_train_mode,
    ),
    adapter_bug(
        "keras-adapter-float32-hyperparameters",
        ("A5",),
        "The adapter steps Keras's optimiser under Keras's default floatx, so float64 "
        "parameters decay by 1 - lr wd computed from float32 hyperparameters.",
        ACTIVATIONS,
        "test_weight_decay_keeps_shrinking_a_dead_unit_by_one_minus_lr_wd_per_step",
        "keeps_shrinking_a_dead_unit",
        _float32_hyperparameters,
    ),
)
