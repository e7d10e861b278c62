"""Realistic mistakes in dlspec's mechanisms, formulas and instruments, each caught by the
spec. A bug is dlspec's own code with one fragment rewritten
(:func:`~catalogue.bug.edited`), so it is exactly the mistake, in the place its author would
have made it, and a fragment that no longer occurs in dlspec raises instead of leaving a
stale bug behind.

* A broken mechanism (a layer, an activation, an optimiser, an initialiser) is a third
  implementation, dlspec's with one class or function replaced (:func:`mechanism`). The spec
  runs it next to dlspec (``--impl dlspec --impl NAME``), as it would any framework.
* A broken formula or instrument (theory, the experiment, the tracer, the statistical
  checks, the argument checks, the tensor helpers) is patched into its module for the run
  (:func:`planted`); the spec reads them through the module, so it meets the mistake.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from types import ModuleType, SimpleNamespace
from typing import Any

import dlspec.init as dinit
import dlspec.nn as dnn
import dlspec.optim as doptim
from catalogue.bug import BAD_INPUT, Bug, Change, edit, edited
from dlspec import activations, experiments, propagation, tensors, testing, theory
from dlspec.harness import impls


def subclass(base: type, **members: Any) -> type:
    """``base`` with some members replaced, under ``base``'s own name (the spec reads the
    type names of layers, e.g. to find the Dropouts of a network)."""
    return type(base.__name__, (base,), {"__module__": __name__, **members})


def method(base: type, name: str, *changes: Change) -> type:
    """``base`` with its method (or property) ``name`` edited."""
    return subclass(base, **{name: edited(vars(base)[name], *changes)})


def namespace(module: ModuleType, *replaced: type | Callable[..., Any]) -> SimpleNamespace:
    """The public names of ``module``, some replaced by a class or function of that name."""
    names = {name: value for name, value in vars(module).items() if not name.startswith("_")}
    return SimpleNamespace(**{**names, **{piece.__name__: piece for piece in replaced}})


def activation(field: str, module_class: str, *changes: Change) -> dict[str, Any]:
    """The functional activation ``field`` edited, and the module class that applies it."""
    broken = edited(getattr(activations, field), *changes)

    def forward(self: Any, x: Any) -> Any:
        # as in dlspec.nn, LeakyReLU hands the function its own slope
        return broken(x, self.negative_slope) if hasattr(self, "negative_slope") else broken(x)

    return {
        field: broken,
        "nn": namespace(dnn, subclass(getattr(dnn, module_class), forward=forward)),
    }


def mechanism(
    name: str,
    claims: tuple[str, ...],
    story: str,
    files: tuple[str, ...],
    caught_by: str,
    keyword: str | None,
    pieces: Callable[[], dict[str, Any]],
) -> Bug:
    """A broken implementation named ``name``: dlspec's, with the fields ``pieces()`` gives."""

    def implementation() -> impls.Implementation:
        return dataclasses.replace(impls.REGISTRY["dlspec"], name=name, **pieces())

    return Bug(name, claims, story, files, caught_by, keyword, implementation=implementation)


def planted(
    name: str,
    claims: tuple[str, ...],
    story: str,
    files: tuple[str, ...],
    caught_by: str,
    keyword: str | None,
    owner: ModuleType | type,
    attribute: str,
    *changes: Change,
) -> Bug:
    """A broken formula or instrument: ``owner.attribute`` edited, for the whole run."""
    plant = edit(owner, attribute, *changes)
    return Bug(name, claims, story, files, caught_by, keyword, plant=plant)


ACTIVATIONS = ("spec/test_activations.py",)
DEFAULTS = ("spec/test_defaults.py",)
DROPOUT = ("spec/test_dropout.py",)
EXPERIMENT = ("spec/test_experiment.py",)
INIT = ("spec/test_init.py",)
LAYERS = ("spec/test_layers.py",)
NORMALISATION = ("spec/test_normalisation.py",)
PROPAGATION = ("spec/test_propagation.py",)
SEEDS = ("spec/test_seeds.py",)
SERIES = ("spec/test_series.py",)
STATISTICS = ("spec/test_statistics.py",)
TENSORS = ("spec/test_tensors.py",)
THEORY = ("spec/test_theory.py",)
WEIGHT_DECAY = ("spec/test_weight_decay.py",)

BUGS: tuple[Bug, ...] = (
    # --- dropout (R1, R2, R5) --------------------------------------------------------------
    mechanism(
        "dropout-without-rescale",
        ("R1",),
        "Dropout zeroes each element with probability p but leaves the kept ones as they are, "
        "as the knowledge base describes it, so its expected output is (1 - p) x.",
        DROPOUT,
        "test_the_expected_output_of_dropout_is_its_input",
        "expected_output",
        lambda: {"nn": namespace(dnn, method(dnn.Dropout, "forward", ("x / (1 - self.p)", "x")))},
    ),
    mechanism(
        "dropout-one-mask-per-batch",
        ("R1",),
        "Dropout draws one mask over the features and broadcasts it over the batch, so every "
        "sample loses the same units.",
        DROPOUT,
        "test_dropout_zeroes_each_element_independently_with_probability_p",
        "independently_with_probability_p",
        lambda: {
            "nn": namespace(
                dnn,
                method(dnn.Dropout, "forward", ("torch.rand(x.shape,", "torch.rand(x.shape[-1:],")),
            )
        },
    ),
    mechanism(
        "dropout-active-in-eval-mode",
        ("R2",),
        "Dropout checks only p == 0 before dropping, not self.training, so eval() leaves it on.",
        DROPOUT,
        "test_in_eval_mode_dropout_returns_its_input_unchanged",
        "eval_mode_dropout_returns",
        lambda: {
            "nn": namespace(
                dnn,
                method(
                    dnn.Dropout,
                    "forward",
                    ("if not self.training or self.p == 0:", "if self.p == 0:"),
                ),
            )
        },
    ),
    mechanism(
        "dropout-default-generator-shared",
        ("R5",),
        "Dropout's generator argument defaults to torch.Generator(), evaluated once when the "
        "function is defined: every Dropout shares it, and torch.manual_seed never reaches it.",
        SEEDS,
        "test_reseeding_makes_the_same_cpu_run_bit_for_bit_reproducible",
        "reseeding",
        lambda: {
            "nn": namespace(
                dnn,
                method(
                    dnn.Dropout,
                    "__init__",
                    (
                        "generator: torch.Generator | None = None",
                        "generator: torch.Generator | None = torch.Generator()",
                    ),
                ),
            )
        },
    ),
    # --- linear layers, shapes, builder (T1, T2, A1, A7, A11) ------------------------------
    mechanism(
        "linear-unsqueezes-a-1d-input",
        ("T1",),
        "Linear helpfully reads a 1-D input of N values as N samples when in_features is 1, "
        "so a [20] tensor passes silently where PyTorch raises.",
        TENSORS,
        "test_linear_1_to_100_rejects_twenty_samples_stored_as_a_1d_tensor",
        "rejects_twenty_samples",
        lambda: {
            "nn": namespace(
                dnn,
                method(
                    dnn.Linear,
                    "forward",
                    (
                        'x = float_tensor(x, "Linear")',
                        'x = float_tensor(x, "Linear")\n'
                        "    if x.dim() == 1 and self.in_features == 1:\n"
                        "        x = x.unsqueeze(1)",
                    ),
                ),
            )
        },
    ),
    mechanism(
        "linear-flattens-leading-dimensions",
        ("T1", "T2"),
        "Linear multiplies x.reshape(-1, in_features) and never restores the leading "
        "dimensions, so a (2, 3, 1) input comes out as (6, 100).",
        TENSORS,
        "test_linear_1_to_100_gives_the_same_rows_whatever_the_rank_of_its_input",
        "same_rows_whatever_the_rank",
        lambda: {
            "nn": namespace(
                dnn,
                method(
                    dnn.Linear,
                    "forward",
                    (
                        "y = x @ self.weight.T",
                        "y = x.reshape(-1, self.in_features) @ self.weight.T",
                    ),
                ),
            )
        },
    ),
    mechanism(
        "linear-multiplies-by-w-untransposed",
        ("T1",),
        "Linear computes x @ W with W stored (out, in): square layers return the wrong values, "
        "every other layer rejects its valid input.",
        TENSORS,
        "test_linear_accepts_any_leading_batch_dimensions_and_maps_each_row",
        "any_leading_batch",
        lambda: {
            "nn": namespace(
                dnn, method(dnn.Linear, "forward", ("y = x @ self.weight.T", "y = x @ self.weight"))
            )
        },
    ),
    mechanism(
        "linear-forgets-the-bias",
        ("A1", "T1"),
        "Linear returns x W^T and drops the bias it created and trains.",
        LAYERS,
        "test_a_hidden_layer_computes_relu_of_x_times_w_transposed_plus_b",
        "relu_of_x_times_w",
        lambda: {
            "nn": namespace(
                dnn,
                method(
                    dnn.Linear,
                    "forward",
                    ("return y if self.bias is None else y + self.bias", "return y"),
                ),
            )
        },
    ),
    mechanism(
        "linear-init-bound-1-over-in",
        ("I4", "A7"),
        "Linear's default initialisation draws U(-1/in, 1/in), the square root forgotten, "
        "instead of U(-1/sqrt(in), 1/sqrt(in)).",
        DEFAULTS,
        "test_the_default_linear_has_a_bias_drawn_uniformly_on_1_over_sqrt_in_features",
        "default_linear_has_a_bias",
        lambda: {
            "nn": namespace(
                dnn,
                method(
                    dnn.Linear,
                    "__init__",
                    ("bound = 1 / math.sqrt(in_features)", "bound = 1 / in_features"),
                ),
            )
        },
    ),
    mechanism(
        "sequential-returns-after-the-first-module",
        ("A11",),
        "Sequential's return statement is indented into its loop, so the network is its first "
        "layer only.",
        LAYERS,
        "test_train_and_eval_reach_every_layer_of_a_built_network",
        "reach_every_layer",
        lambda: {
            "nn": namespace(
                dnn,
                method(
                    dnn.Sequential,
                    "forward",
                    ("x = module(x)", "x = module(x)\n        return x"),
                ),
            )
        },
    ),
    planted(
        "mlp-activation-after-the-output-layer",
        ("A11",),
        "The builder's loop runs over every pair of widths, so the output layer is followed "
        "by an activation too (a ReLU network can then never output a negative value).",
        LAYERS,
        "test_the_builder_keeps_the_exact_layer_order_with_dropout_after_each_activation",
        "exact_layer_order",
        dnn,
        "mlp",
        ("pairwise(widths[:-1])", "pairwise(widths)"),
        ("layers.append(family.Linear(widths[-2], widths[-1]))", ""),
    ),
    planted(
        "feature-table-of-one-row",
        ("T1",),
        "as_feature_table uses unsqueeze(0), which makes N samples one sample of N features.",
        TENSORS,
        "test_as_feature_table_turns_n_samples_into_the_n_by_1_table_of_unsqueeze_1",
        "as_feature_table_turns",
        tensors,
        "as_feature_table",
        ("return samples.unsqueeze(1)", "return samples.unsqueeze(0)"),
    ),
    planted(
        "to-numpy-copy-shares-memory",
        ("T3",),
        "to_numpy(copy=True) trusts .cpu() to have copied and skips .copy(), so on the CPU the "
        "'independent' array is a view of the tensor.",
        TENSORS,
        "test_to_numpy_with_copy_never_shares_memory_with_the_tensor",
        "never_shares_memory",
        tensors,
        "to_numpy",
        ("values.cpu().numpy().copy()", "values.cpu().numpy()"),
    ),
    # --- activations (A3-A6, A8-A10) -------------------------------------------------------
    mechanism(
        "sigmoid-exp-over-one-plus-exp",
        ("A3",),
        "sigmoid is e^x / (1 + e^x) for every x: once e^x overflows (x > 88 in float32) it is "
        "inf / inf = NaN.",
        ACTIVATIONS,
        "test_sigmoid_and_its_gradient_stay_within_bounds_for_every_finite_float",
        "sigmoid_and_its_gradient_stay",
        lambda: activation(
            "sigmoid",
            "Sigmoid",
            (
                "return torch.where(x >= 0, 1 / (1 + torch.exp(-nonneg)), e_neg / (1 + e_neg))",
                "return torch.exp(x) / (1 + torch.exp(x))",
            ),
        ),
    ),
    mechanism(
        "sigmoid-tanh-without-the-half",
        ("A3", "A8"),
        "sigmoid is written (1 + tanh(x)) / 2, the x/2 inside the tanh forgotten: the value at "
        "0 is right, the slope there is 1/2 instead of 1/4.",
        SERIES,
        "test_the_fifth_order_truncation_error_is_bounded_by_the_next_term",
        "truncation_error",
        lambda: activation(
            "sigmoid",
            "Sigmoid",
            (
                "return torch.where(x >= 0, 1 / (1 + torch.exp(-nonneg)), e_neg / (1 + e_neg))",
                "return (1 + tanh(x)) / 2",
            ),
        ),
    ),
    mechanism(
        "tanh-exp-formula",
        ("A4",),
        "tanh is the textbook (e^x - e^-x) / (e^x + e^-x), which is inf / inf = NaN once e^x "
        "overflows.",
        ACTIVATIONS,
        "test_tanh_is_odd_bounded_and_its_gradient_decays_like_four_exp_minus_two_abs_x",
        "tanh_is_odd_bounded_and",
        lambda: activation(
            "tanh",
            "Tanh",
            (
                'x = float_tensor(x, "tanh")',
                'x = float_tensor(x, "tanh")\n'
                "    return (torch.exp(x) - torch.exp(-x)) / (torch.exp(x) + torch.exp(-x))",
            ),
        ),
    ),
    mechanism(
        "relu-clamp-gradient-at-zero",
        ("A5",),
        "relu is x.clamp(min=0), whose gradient at exactly 0 is 1, not 0.",
        ACTIVATIONS,
        "test_a_unit_whose_pre_activation_is_exactly_zero_gets_zero_gradient",
        "pre_activation_is_exactly_zero",
        lambda: activation(
            "relu",
            "ReLU",
            ("return torch.where(x > 0, x, torch.zeros_like(x))", "return x.clamp(min=0)"),
        ),
    ),
    mechanism(
        "leaky-relu-as-max",
        ("A6",),
        "leaky_relu is the knowledge base's max(a x, x), which is not leaky ReLU for a > 1 "
        "or a < 0.",
        ACTIVATIONS,
        "test_max_of_slope_x_and_x_is_not_leaky_relu_when_the_slope_exceeds_one",
        "max_of_slope_x",
        lambda: activation(
            "leaky_relu",
            "LeakyReLU",
            ("return torch.where(x > 0, x, slope * x)", "return torch.maximum(slope * x, x)"),
        ),
    ),
    mechanism(
        "functional-leaky-relu-default-0.1",
        ("A6",),
        "The functional leaky_relu defaults to a slope of 0.1 (the module keeps 0.01), so code "
        "that calls it without a slope leaks ten times more than PyTorch.",
        DEFAULTS,
        "test_functional_leaky_relu_s_default_negative_slope_is_0_01",
        "functional_leaky_relu_s_default",
        lambda: {
            "leaky_relu": edited(
                activations.leaky_relu,
                ("negative_slope: float = 0.01", "negative_slope: float = 0.1"),
            )
        },
    ),
    mechanism(
        "prelu-slope-not-a-parameter",
        ("A6",),
        "PReLU stores its slope as a plain tensor, not a Parameter: no optimiser ever sees it, "
        "so it never learns.",
        ACTIVATIONS,
        "test_prelu_starts_from_one_shared_slope_of_one_quarter",
        "prelu_starts",
        lambda: {
            "nn": namespace(
                dnn,
                method(
                    dnn.PReLU, "__init__", ("self.weight = torch.nn.Parameter(", "self.weight = (")
                ),
            )
        },
    ),
    mechanism(
        "scaled-sigmoid-minus-one",
        ("A10",),
        "The scaled sigmoid is 4 sigmoid(x) - 1 instead of - 2, so it is 1 at x = 0.",
        SERIES,
        "test_the_fifth_order_truncation_error_is_bounded_by_the_next_term",
        "truncation_error",
        lambda: {
            "scaled_sigmoid": edited(
                activations.scaled_sigmoid, ("return 2 * tanh(x / 2)", "return 4 * sigmoid(x) - 1")
            )
        },
    ),
    # --- normalisation (I6) ----------------------------------------------------------------
    mechanism(
        "batchnorm-running-variance-biased",
        ("I6",),
        "BatchNorm's running variance averages the biased batch variance (divided by N), which "
        "PyTorch corrects to N - 1.",
        NORMALISATION,
        "test_batchnorm_in_training_standardises_each_feature_over_the_batch",
        "batchnorm_in_training",
        lambda: {
            "nn": namespace(
                dnn,
                method(
                    dnn.BatchNorm1d,
                    "forward",
                    ("var * count / (count - 1), self.momentum", "var, self.momentum"),
                ),
            )
        },
    ),
    mechanism(
        "layernorm-over-the-batch",
        ("I6",),
        "LayerNorm takes its mean and variance over the batch, as BatchNorm does, instead of "
        "over each sample's features.",
        NORMALISATION,
        "test_layernorm_standardises_each_sample_alike_in_both_modes",
        "layernorm_standardises",
        lambda: {
            "nn": namespace(
                dnn,
                method(
                    dnn.LayerNorm,
                    "forward",
                    ("dims = list(range(x.dim() - k, x.dim()))", "dims = [0]"),
                ),
            )
        },
    ),
    # --- optimisers and weight decay (R3) --------------------------------------------------
    mechanism(
        "adam-decays-like-adamw",
        ("R3",),
        "Adam applies its weight_decay the AdamW way, shrinking p by (1 - lr lambda) outside "
        "the gradient, so it is no L2 term.",
        WEIGHT_DECAY,
        "test_weight_decay_gives_the_same_steps_as_an_l2_term_of_half_lambda_in_the_loss",
        "l2_term_of_half_lambda and Adam",
        lambda: {"optim": namespace(doptim, subclass(doptim.Adam, decoupled=True))},
    ),
    mechanism(
        "adam-first-moment-uncorrected",
        ("R3",),
        "Adam leaves out the first moment's bias correction 1/(1 - b1^t), so its first steps "
        "are ten times too short.",
        WEIGHT_DECAY,
        "test_adam_weight_decay_moves_a_weight_by_lr_per_step_whatever_lambda_is",
        "moves_a_weight_by_lr",
        lambda: {
            "optim": namespace(
                doptim,
                method(
                    doptim.Adam,
                    "_update",
                    ("step_size = self.lr / (1 - self.beta1**t)", "step_size = self.lr"),
                ),
            )
        },
    ),
    mechanism(
        "adam-eps-inside-the-root",
        ("R3",),
        "Adam adds eps under the square root, sqrt(v_hat + eps), as some write it, instead "
        "of to the root: a step no other R3 test can tell from the documented one.",
        WEIGHT_DECAY,
        "test_each_optimiser_takes_torch_optim_s_documented_steps_to_within_rounding",
        "documented_steps and Adam",
        lambda: {
            "optim": namespace(
                doptim,
                method(
                    doptim.Adam,
                    "_update",
                    (
                        "denominator = (v.sqrt() / (1 - self.beta2**t) ** 0.5).add_(self.eps)",
                        "denominator = (v / (1 - self.beta2**t) + self.eps).sqrt()",
                    ),
                ),
            )
        },
    ),
    mechanism(
        "adamw-decays-after-the-step",
        ("R3",),
        "AdamW shrinks p by (1 - lr lambda) after Adam's step instead of before it, so every "
        "step is off by lr lambda times the step: still decoupled, still shrinking, not "
        "torch's rule.",
        WEIGHT_DECAY,
        "test_each_optimiser_takes_torch_optim_s_documented_steps_to_within_rounding",
        "documented_steps and AdamW",
        lambda: {
            "optim": namespace(
                doptim,
                subclass(
                    doptim.AdamW,
                    _update=edited(
                        doptim.Adam._update,
                        (
                            """
                            if self.decoupled:
                                p.mul_(1 - self.lr * self.weight_decay)
                            elif self.weight_decay:
                            """,
                            "if self.weight_decay and not self.decoupled:",
                        ),
                        (
                            "p.addcdiv_(m, denominator, value=-step_size)",
                            "p.addcdiv_(m, denominator, value=-step_size)\n"
                            "    if self.decoupled:\n"
                            "        p.mul_(1 - self.lr * self.weight_decay)",
                        ),
                    ),
                ),
            )
        },
    ),
    mechanism(
        "sgd-momentum-averaged",
        ("R3",),
        "SGD's momentum buffer averages the directions, b = m b + (1 - m) d, like Adam's first "
        "moment, so its steady steps are (1 - m) times the heavy ball's.",
        WEIGHT_DECAY,
        "test_sgd_with_momentum_takes_heavy_ball_steps_on_the_decayed_gradient",
        "heavy_ball",
        lambda: {
            "optim": namespace(
                doptim,
                method(
                    doptim.SGD,
                    "_update",
                    (".add_(direction)", ".add_(direction, alpha=1 - self.momentum)"),
                ),
            )
        },
    ),
    planted(
        "l2-penalty-without-the-half",
        ("R3",),
        "l2_penalty returns lambda ||p||^2, without the 1/2, so its gradient is twice the "
        "optimisers' weight_decay term.",
        WEIGHT_DECAY,
        "test_weight_decay_gives_the_same_steps_as_an_l2_term_of_half_lambda_in_the_loss",
        "l2_term_of_half_lambda and SGD",
        doptim,
        "l2_penalty",
        ("return lam / 2 * sum(", "return lam * sum("),
    ),
    # --- initialisers (I2, I4) -------------------------------------------------------------
    mechanism(
        "xavier-normal-std-is-the-variance",
        ("I2",),
        "xavier_normal_ uses 2/(fan_in + fan_out) as the standard deviation, the square root "
        "forgotten.",
        INIT,
        "test_the_variance_check_of_the_initialisers_catches_a_three_percent_error",
        "three_percent_error and xavier",
        lambda: {
            "init": namespace(
                dinit,
                edited(
                    dinit.xavier_normal_,
                    ("math.sqrt(2.0 / (fan_in + fan_out))", "2.0 / (fan_in + fan_out)"),
                ),
            )
        },
    ),
    mechanism(
        "kaiming-uniform-bound-is-the-std",
        ("I4",),
        "kaiming_uniform_ uses the normal variant's standard deviation gain/sqrt(fan) as its "
        "bound, sqrt(2/fan_in) for ReLU instead of sqrt(6/fan_in): a third of the variance.",
        INIT,
        "test_uniform_initialisers_fill_minus_a_to_a_with_variance_a_squared_over_3",
        "uniform_initialisers_fill and he-relu",
        lambda: {
            "init": namespace(
                dinit,
                edited(
                    dinit.kaiming_uniform_,
                    ("bound = math.sqrt(3.0) * _kaiming_scale(", "bound = _kaiming_scale("),
                ),
            )
        },
    ),
    planted(
        "fans-of-an-in-out-weight",
        ("I2", "I4"),
        "The fans are read from a weight stored (in, out), as in Keras, while PyTorch stores "
        "(out, in): fan_in and fan_out are swapped.",
        INIT,
        "test_the_fans_are_in_and_out_times_the_kernel_size_as_in_torch",
        "fans_are_in_and_out",
        dinit,
        "calculate_fan_in_and_fan_out",
        (
            "return tensor.shape[1] * kernel, tensor.shape[0] * kernel",
            "return tensor.shape[0] * kernel, tensor.shape[1] * kernel",
        ),
    ),
    # --- argument checks -------------------------------------------------------------------
    planted(
        "dropout-accepts-p-above-1",
        (BAD_INPUT,),
        "Dropout's range check rejects only negative p, so Dropout(1.5) is accepted and scales "
        "the elements it keeps by -2.",
        LAYERS,
        "test_dlspec_layers_reject_bad_input_with_a_message_naming_the_problem",
        "dropout-above-1",
        dnn.Dropout,
        "__init__",
        ("if not 0 <= self.p <= 1:", "if self.p < 0:"),
    ),
    planted(
        "kaiming-accepts-any-mode",
        (BAD_INPUT,),
        "kaiming_* never checks mode and takes fan_out for anything but 'fan_in', so a typo "
        "such as 'fan_avg' silently initialises for the backward pass.",
        INIT,
        "test_dlspec_initialisers_reject_bad_input_naming_the_problem",
        "unknown-mode",
        dinit,
        "_kaiming_scale",
        ("if mode not in _MODES:", "if mode is None:"),
    ),
    planted(
        "optimiser-accepts-negative-lr",
        (BAD_INPUT,),
        "The optimisers check only that lr is a finite number, so a negative lr climbs the "
        "loss without a word.",
        WEIGHT_DECAY,
        "test_dlspec_optimisers_and_experiment_reject_bad_input_naming_the_problem",
        "negative-lr",
        doptim._Optimiser,
        "__init__",
        ('self.lr = _at_least(lr, 0, f"{who} lr")', 'self.lr = finite_real(lr, f"{who} lr")'),
    ),
    # --- the tracer and the theory (I1, I3, I5) --------------------------------------------
    planted(
        "tracer-second-moment-centred",
        ("I1",),
        "The tracer takes the norm of the centred values, so what it records as the second "
        "moment E[h^2] is the variance, short by the squared mean (large after ReLU).",
        PROPAGATION,
        "test_the_mean_field_map_predicts_each_layer_of_a_random_network_without_bias",
        "mean_field_map_predicts and sigmoid-1.0",
        propagation._Moments,
        "record",
        (
            "vector_norm(values, dim=self.dims)",
            "vector_norm(values - values.mean(dim=self.dims, keepdim=True), dim=self.dims)",
        ),
    ),
    planted(
        "gaussian-expectation-doubles-a-half-line",
        ("I1", "I3"),
        "E[f(sqrt(q) z)] is taken as twice the integral over z >= 0, which holds only for an "
        "even f, not for relu^2 or sigmoid^2.",
        PROPAGATION,
        "test_the_mean_field_map_predicts_each_layer_of_a_random_network_without_bias",
        "mean_field_map_predicts and relu-2.0",
        theory,
        "gaussian_expectation",
        ("integrate.quad(integrand, -np.inf, 0)[0]", "integrate.quad(integrand, 0, np.inf)[0]"),
    ),
    planted(
        "drift-log-mean-without-the-layer-scale",
        ("I5",),
        "E[log Y] is taken as the mean of log chi^2_K alone, leaving out log(2/n), the scale "
        "of the He weights.",
        THEORY,
        "test_the_log_cumulants_match_the_moment_generating_function",
        "log_cumulants_match and 7-30",
        theory,
        "he_relu_drift",
        ("+ math.log(2) + math.log(2 / width)", "+ math.log(2)"),
    ),
    planted(
        "relu-variance-as-half",
        ("I3",),
        "relu_gaussian_moments gives the knowledge base's variance q/2 for relu(h), which is "
        "the second moment; the variance is q (1/2 - 1/(2 pi)).",
        THEORY,
        "test_relu_gaussian_moments_match_sympy",
        "relu_gaussian_moments_match",
        theory,
        "relu_gaussian_moments",
        ('"variance": q * (0.5 - 1 / (2 * math.pi)),', '"variance": q / 2,'),
    ),
    planted(
        "mean-field-step-drops-the-bias",
        ("I1", "A9"),
        "The mean-field step returns sigma_w^2 E[phi^2] and forgets the bias variance sigma_b^2.",
        THEORY,
        "test_mean_field_step_is_sigma_w2_times_the_second_moment_plus_sigma_b2",
        "mean_field_step_is",
        theory,
        "mean_field_step",
        (
            "gaussian_expectation(lambda h: phi(h) ** 2, q) + sigma_b2",
            "gaussian_expectation(lambda h: phi(h) ** 2, q)",
        ),
    ),
    planted(
        "drift-variance-of-chi-square-over-n",
        ("I5",),
        "Var(Y) is taken as 2/n, the variance of chi^2_n / n as if ReLU kept every unit, "
        "instead of 5/n.",
        THEORY,
        "test_the_mean_and_variance_of_r_l_match_exact_enumeration_over_k",
        "mean_and_variance_of_r_l",
        theory.HeReluDrift,
        "variance",
        ("(1 + 5 / self.width)", "(1 + 2 / self.width)"),
    ),
    # --- the statistical checks ------------------------------------------------------------
    planted(
        "mean-check-without-sqrt-n",
        ("A8",),
        "The mean check's interval is quantile * sd, the sample's spread, instead of quantile "
        "* sd / sqrt(n), the mean's: far too lenient.",
        STATISTICS,
        "test_the_mean_check_accepts_the_true_mean_and_rejects_a_small_offset",
        "mean_check_accepts",
        testing,
        "mean",
        ("half = quantile * spread / math.sqrt(n)", "half = quantile * spread"),
    ),
    planted(
        "variance-check-counts-rows",
        ("I4",),
        "The chi-square check takes its degrees of freedom from len(samples), the rows of a "
        "weight matrix rather than its number of values, so its interval is far too wide.",
        INIT,
        "test_a_wrongly_scaled_initialiser_fails_the_he_variance_check",
        "wrongly_scaled",
        testing,
        "variance",
        ("dof = values.numel() - 1", "dof = len(samples) - 1"),
        ("dof = values.numel()\n", "dof = len(samples)\n"),
    ),
    planted(
        "paired-design-uses-the-significance",
        ("R4",),
        "paired_samples stops when the chance of missing the design effect falls below the "
        "significance (1e-3) instead of the false-failure rate (1e-6): too few data sets.",
        STATISTICS,
        "test_the_paired_design_is_the_smallest_that_misses_the_design_effect_below_1e_6",
        "paired_design",
        testing,
        "paired_samples",
        ("> false_failure:", "> significance:"),
    ),
    # --- the overfitting experiment (R1, R4, R5) -------------------------------------------
    planted(
        "experiment-noise-scaled-by-its-variance",
        ("R1", "R4"),
        "The training targets get noise * noise times a standard normal, the variance where the "
        "standard deviation belongs: sd 0.25 instead of 0.5.",
        EXPERIMENT,
        "test_the_training_targets_carry_exactly_the_declared_gaussian_noise",
        "declared_gaussian_noise",
        experiments,
        "training_data",
        ("setting.noise * torch.stack(noises)", "setting.noise**2 * torch.stack(noises)"),
    ),
    planted(
        "experiment-init-seeded-with-the-data-seed",
        ("R5",),
        "run() builds each copy from its data seed, so init_seeds does nothing and a data set's "
        "noise and its network's weights are tied.",
        EXPERIMENT,
        "test_each_seed_changes_only_its_own_source_of_randomness",
        "only_its_own_source",
        experiments,
        "run",
        ("for seed in init_seeds]", "for seed in data_seeds]"),
    ),
    planted(
        "experiment-measured-in-train-mode",
        ("R1", "R4"),
        "run() forgets template.eval() before measuring, so the errors and curves of a dropout "
        "arm come from one random mask.",
        EXPERIMENT,
        "test_the_errors_are_those_of_the_trained_network_in_eval_mode_and_repeat_bit_for_bit",
        "in_eval_mode_and_repeat",
        experiments,
        "_trained_together",
        ("template.eval()", ""),
    ),
    planted(
        "experiment-optimiser-without-lr",
        ("R3", "R4"),
        "run() builds the optimiser without lr=, so every arm trains at the default 1e-3 "
        "instead of the setting's learning rate.",
        EXPERIMENT,
        "test_training_takes_the_declared_steps_with_the_named_optimiser_and_arguments",
        "declared_steps",
        experiments,
        "_optimiser",
        ("lr=setting.lr, ", ""),
    ),
    planted(
        "fallback-restores-the-generator-for-each-copy",
        ("R4",),
        "Training one copy at a time, run() puts torch's generator back after each copy so "
        "that the copies cannot disturb each other, and so every copy draws the same masks.",
        EXPERIMENT,
        "test_each_copy_draws_its_own_dropout_masks",
        "own_dropout_masks",
        experiments,
        "_trained_one_at_a_time",
        (
            "for model, targets in zip(models, y, strict=True):",
            "start = torch.get_rng_state()\n    for model, targets in zip(models, y, strict=True):",
        ),
        ("model.eval()", "model.eval()\n        torch.set_rng_state(start)"),
    ),
    planted(
        "fallback-gradients-accumulate",
        ("R4",),
        "Training one copy at a time, run() never zeroes the gradients, so each step follows "
        "the sum of all the gradients so far and the fallback fits differently from vmap.",
        EXPERIMENT,
        "test_one_copy_at_a_time_gives_the_fits_of_the_copies_trained_together",
        "one_copy_at_a_time",
        experiments,
        "_trained_one_at_a_time",
        (
            """
            optimiser.zero_grad()
            loss = ((model(x) - targets) ** 2).mean()
            """,
            "loss = ((model(x) - targets) ** 2).mean()",
        ),
    ),
)
