"""Realistic bugs in an adapter: the Keras one (dlspec/adapters/keras/), broken where a
translation of its interface could go wrong, and the DLPack bridge to other frameworks'
tensors (dlspec/adapters/bridge.py). A Keras bug that reaches the spec is run like a broken
mechanism, as a third implementation (``--impl dlspec --impl NAME``) with Keras's declared
deviations, so it counts only where it turns a test that Keras passes red; a translation or
bridge bug is planted in its module and caught by that module's own fast tests."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace
from typing import Any

import pytest

from catalogue.bug import HARNESS, Bug, edited
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


TRANSLATIONS = ("tests/test_keras_translations.py",)
BRIDGE = ("tests/test_bridge.py",)
PADDLE_TRANSLATIONS = ("tests/test_paddle_translations.py",)


def _momentum_untranslated(monkeypatch: pytest.MonkeyPatch) -> None:
    from dlspec.adapters.keras import layers, translate

    arguments = translate.translated(
        eps=("epsilon", float),
        momentum=("momentum", float),
        affine=("affine", bool),
        track_running_stats=("", bool),
    )
    monkeypatch.setattr(layers, "_batchnorm_arguments", arguments)


def _betas_swapped(monkeypatch: pytest.MonkeyPatch) -> None:
    from dlspec.adapters.keras import optimisers

    broken = edited(
        optimisers._adam_like,
        (
            'arguments["beta_1"], arguments["beta_2"] = arguments.pop("betas")',
            'arguments["beta_2"], arguments["beta_1"] = arguments.pop("betas")',
        ),
    )
    monkeypatch.setattr(optimisers, "_adam_like", broken)


def _gain_not_squared(monkeypatch: pytest.MonkeyPatch) -> None:
    from dlspec.adapters.keras import initialisers  # before keras: it picks the backend

    keras = initialisers.keras

    xavier = edited(initialisers._xavier, ("float(gain) ** 2", "float(gain)"))
    uniform = xavier(keras.initializers.GlorotUniform, "uniform")
    monkeypatch.setattr(initialisers.init, "xavier_uniform_", uniform)


def _mode_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    from dlspec.adapters.keras import initialisers  # before keras: it picks the backend

    keras = initialisers.keras

    kaiming = edited(
        initialisers._kaiming,
        (
            "_initialiser(named, distribution, mode, scale, generator)",
            '_initialiser(named, distribution, "fan_in", scale, generator)',
        ),
    )
    uniform = kaiming(keras.initializers.HeUniform, "uniform")
    monkeypatch.setattr(initialisers.init, "kaiming_uniform_", uniform)


def translation_bug(name: str, story: str, caught_by: str, keyword: str, plant: Any) -> Bug:
    """A translation broken in the adapter's module, caught by its own fast test."""
    return Bug(name, (HARNESS,), story, TRANSLATIONS, caught_by, keyword, plant=plant)


def _bridge(function: str, *changes: tuple[str, str]) -> Any:
    def plant(monkeypatch: pytest.MonkeyPatch) -> None:
        from dlspec.adapters import bridge

        owner, _, name = function.rpartition(".")
        target = getattr(bridge, owner) if owner else bridge
        monkeypatch.setattr(target, name, edited(getattr(target, name), *changes))

    return plant


def bridge_bug(name: str, story: str, caught_by: str, keyword: str, plant: Any) -> Bug:
    """A mistake in the DLPack bridge, caught by tests/test_bridge.py."""
    return Bug(name, (HARNESS,), story, BRIDGE, caught_by, keyword, plant=plant)


def _paddle_fill_not_transposed(monkeypatch: pytest.MonkeyPatch) -> None:
    from dlspec.adapters.paddle import initialisers

    broken = edited(initialisers._fill, ("transposed = tensor.dim() == 2", "transposed = False"))
    monkeypatch.setattr(initialisers, "_fill", broken)


def _paddle_slope_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    from dlspec.adapters.paddle import initialisers

    kaiming = edited(
        initialisers._kaiming,
        (
            "named(negative_slope=a, nonlinearity=nonlinearity, mode=mode)",
            "named(nonlinearity=nonlinearity, mode=mode)",
        ),
    )
    uniform = kaiming(initialisers.initializer.KaimingUniform, "uniform")
    monkeypatch.setattr(initialisers.init, "kaiming_uniform_", uniform)


def _paddle_generator_left_seeded(monkeypatch: pytest.MonkeyPatch) -> None:
    from dlspec.adapters.paddle import initialisers

    broken = edited(initialisers._seeded, ("paddle.set_rng_state(state)", "pass"))
    monkeypatch.setattr(initialisers, "_seeded", broken)


def _paddle(module: str, function: str, *changes: tuple[str, str]) -> Any:
    """A plant editing ``function`` (``Class.method`` or a module-level name) of the Paddle
    adapter's ``module``."""

    def plant(monkeypatch: pytest.MonkeyPatch) -> None:
        import importlib

        owner_module = importlib.import_module(f"dlspec.adapters.paddle.{module}")
        owner, _, name = function.rpartition(".")
        target = getattr(owner_module, owner) if owner else owner_module
        monkeypatch.setattr(target, name, edited(getattr(target, name), *changes))

    return plant


def _paddle_momentum_not_converted(monkeypatch: pytest.MonkeyPatch) -> None:
    from dlspec.adapters.paddle import layers

    arguments = layers.translated(
        eps=("epsilon", float),
        momentum=("momentum", float),
        affine=("affine", bool),
        track_running_stats=("use_global_stats", lambda track: None if track else False),
    )
    monkeypatch.setattr(layers, "_batchnorm_arguments", arguments)


def _paddle_betas_swapped(monkeypatch: pytest.MonkeyPatch) -> None:
    from dlspec.adapters.paddle import optimisers

    family = edited(
        optimisers._adam_family,
        (
            'arguments["beta1"], arguments["beta2"] = arguments.pop("betas")',
            'arguments["beta2"], arguments["beta1"] = arguments.pop("betas")',
        ),
    )
    monkeypatch.setattr(optimisers.optim, "Adam", family(optimisers.paddle.optimizer.Adam))


def paddle_bug(name: str, story: str, caught_by: str, keyword: str, plant: Any) -> Bug:
    """A translation of the PaddlePaddle adapter broken, caught by its own fast tests."""
    return Bug(name, (HARNESS,), story, PADDLE_TRANSLATIONS, caught_by, keyword, plant=plant)


BUGS: tuple[Bug, ...] = (
    translation_bug(
        "keras-adapter-momentum-untranslated",
        "The adapter hands torch's BatchNorm momentum to Keras as it is, where Keras's "
        "momentum weights the old moving value: 0.1 becomes a running mean that barely moves.",
        "test_batchnorm_s_running_mean_moves_by_torch_s_momentum_toward_the_batch",
        "running_mean_moves",
        _momentum_untranslated,
    ),
    translation_bug(
        "keras-adapter-betas-swapped",
        "The adapter unpacks torch's betas into beta_2, beta_1, so Adam's first moment "
        "averages over a thousand steps and its second over ten.",
        "test_an_optimiser_argument_reaches_keras_under_its_keras_name",
        "optimiser_argument",
        _betas_swapped,
    ),
    translation_bug(
        "keras-adapter-gain-not-squared",
        "The adapter passes Xavier's gain to VarianceScaling as its scale, which is the "
        "variance's factor, so a gain of 2 widens the weights by sqrt 2 instead of 2.",
        "test_an_initialiser_counts_fans_from_torch_s_layout_and_scales_by_the_gain",
        "counts_fans",
        _gain_not_squared,
    ),
    translation_bug(
        "keras-adapter-kaiming-mode-ignored",
        "The adapter always asks Keras for fan_in, so kaiming_uniform_(mode='fan_out') "
        "scales by the wrong fan.",
        "test_an_initialiser_counts_fans_from_torch_s_layout_and_scales_by_the_gain",
        "counts_fans",
        _mode_ignored,
    ),
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
    bridge_bug(
        "bridge-copies-on-the-way-in",
        "The bridge hands the framework a clone of each torch tensor, so nothing is shared: "
        "a layer's weights and the framework's copy drift apart after the first step.",
        "test_each_crossing_shares_memory_instead_of_copying",
        "shares_memory",
        _bridge("to_framework", ("tensor.detach())", "tensor.detach().clone())")),
    ),
    bridge_bug(
        "bridge-backward-ignores-the-cotangent",
        "The bridge's backward asks the framework for the gradient of the sum of the outputs, "
        "ignoring the gradient torch passes in, which is right only for a scalar loss.",
        "test_gradcheck_passes_through_the_bridge_for_functions_with_known_derivatives",
        "known_derivatives",
        _bridge(
            "_Crossing.backward",
            ("gradient.contiguous()", "torch.ones_like(gradient)"),
        ),
    ),
    bridge_bug(
        "bridge-gradients-misaligned-with-inputs",
        "The bridge hands the framework's gradients back in input order without skipping "
        "the inputs it did not differentiate, so after an integer index the gradient of x "
        "lands on the index and x gets none.",
        "test_only_the_inputs_that_need_a_gradient_get_one_in_their_own_place",
        "need_a_gradient",
        _bridge(
            "_Crossing.backward",
            ("grad = next(found) if tracked else None", "grad = next(found, None)"),
        ),
    ),
    paddle_bug(
        "paddle-adapter-fill-not-transposed",
        "The adapter hands Paddle's initialiser a torch weight in torch's (out, in) layout, "
        "where Paddle reads the first dimension as fan-in, so kaiming_uniform_ scales by the "
        "fan-out.",
        "test_a_kaiming_fill_counts_fans_from_torch_s_layout",
        "counts_fans",
        _paddle_fill_not_transposed,
    ),
    paddle_bug(
        "paddle-adapter-slope-dropped",
        "The adapter never hands torch's slope a to Paddle, whose name for it is "
        "negative_slope, so kaiming_uniform_(a=1) still scales for ReLU.",
        "test_a_kaiming_fill_takes_torch_s_slope_as_paddle_s_negative_slope",
        "negative_slope",
        _paddle_slope_dropped,
    ),
    paddle_bug(
        "paddle-adapter-generator-left-seeded",
        "The adapter seeds Paddle's global generator from generator= and leaves it seeded, "
        "so every later draw in Paddle repeats from that seed.",
        "test_a_generator_seeds_paddle_and_leaves_its_own_generator_as_it_was",
        "leaves_its_own_generator",
        _paddle_generator_left_seeded,
    ),
    paddle_bug(
        "paddle-adapter-linear-weight-untransposed-for-paddle",
        "The adapter transposes Paddle's (in, out) weight when showing it to torch but not "
        "when handing torch's back, so a square Linear computes x W instead of x W^T.",
        "test_a_square_linear_computes_x_w_transposed_not_x_w",
        "x_w_transposed_not_x_w",
        _paddle(
            "layers",
            "_to_paddle_layout",
            ("return paddle.transpose(value, [1, 0])", "return value"),
        ),
    ),
    paddle_bug(
        "paddle-adapter-batchnorm-momentum-not-converted",
        "The adapter hands torch's BatchNorm momentum to Paddle as it is, where Paddle's "
        "momentum weights the old running value: 0.25 moves the running mean three quarters "
        "of the way to the batch instead of a quarter.",
        "test_batchnorm_s_running_statistics_move_by_torch_s_momentum_toward_the_batch",
        "running_statistics_move",
        _paddle_momentum_not_converted,
    ),
    paddle_bug(
        "paddle-adapter-betas-renamed-the-wrong-way",
        "The adapter unpacks torch's betas into beta2, beta1, so Paddle's Adam averages its "
        "first moment over a thousand steps and its second over ten.",
        "test_an_optimiser_argument_reaches_paddle_under_its_paddle_name",
        "optimiser_argument",
        _paddle_betas_swapped,
    ),
    paddle_bug(
        "paddle-adapter-container-drops-the-bias-gradients",
        "The container crosses the bridge with its layers' weights only and lets Paddle read "
        "each bias from its module, so no bias gets a gradient and the biases never train.",
        "test_a_sequential_of_paddle_layers_gives_every_parameter_the_gradient_of_its_layers",
        "every_parameter_the_gradient",
        _paddle(
            "layers",
            "Sequential.forward",
            (
                "parameters = [getattr(m, slot.torch_name) for m in modules for slot in m._slots]",
                "parameters = [m.weight for m in modules if m._slots]",
            ),
            (
                "own = [next(given) for _ in module._slots]",
                "own = [next(given) if s.torch_name == 'weight' else "
                "to_framework(PADDLE, getattr(module, s.torch_name)) for s in module._slots]",
            ),
        ),
    ),
    paddle_bug(
        "paddle-adapter-gradients-zeroed-not-removed",
        "After a step the adapter zeroes Paddle's gradients instead of removing them, so a "
        "parameter that gets no gradient in a later step is still decayed, where torch skips it.",
        "test_a_parameter_without_a_gradient_is_not_decayed_in_a_later_step",
        "not_decayed_in_a_later_step",
        _paddle(
            "optimisers", "_Optimiser.step", ("view.clear_gradient(False)", "view.clear_gradient()")
        ),
    ),
)
