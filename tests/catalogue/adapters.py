"""Realistic bugs in an adapter: the Keras one (dlspec/adapters/keras.py), broken where a
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
    """The Keras implementation under ``name``, with the fields ``pieces(adapter)`` gives."""

    def implementation() -> impls.Implementation:
        from dlspec.adapters import keras as adapter  # the [keras] extra, installed by CI

        return dataclasses.replace(adapter.IMPLEMENTATION, name=name, **pieces(adapter))

    return Bug(name, claims, story, files, caught_by, keyword, implementation=implementation)


def _without_train_mode(adapter: Any) -> dict[str, Any]:
    forward = edited(
        adapter._Stateless.forward, ("self.keras(x, training=self.training)", "self.keras(x)")
    )
    return {
        "nn": SimpleNamespace(
            **{**vars(adapter.nn), "Dropout": subclass(adapter.Dropout, forward=forward)}
        )
    }


def _float32_hyperparameters(adapter: Any) -> dict[str, Any]:
    step = edited(
        adapter._Optimiser.step,
        ("with _device(live[0][0].device), _floatx(floatx):", "with _device(live[0][0].device):"),
    )
    optimiser = subclass(adapter._Optimiser, step=step)

    def SGD(params: Any, **options: Any) -> Any:
        return optimiser(adapter.keras.optimizers.SGD, adapter._sgd_arguments, params, options)

    return {"optim": SimpleNamespace(**{**vars(adapter.optim), "SGD": SGD})}


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
