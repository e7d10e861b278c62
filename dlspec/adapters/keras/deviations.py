"""What Keras does where PyTorch does otherwise, as the spec measured it (keras 3.15.1, torch
backend, on the CPU): each entry a test pattern and the measured reason."""

from __future__ import annotations

_SEEDING = (
    "Keras seeds each layer's initialisers and dropout from Python's random module when the "
    "layer is built (keras.utils.set_random_seed seeds it), not from torch.manual_seed"
)
_TRUNCATED = (
    "GlorotNormal and HeNormal draw a normal truncated at 2 sd of the underlying normal, "
    "rescaled by 1/0.8796 to keep the variance: measured P(|w| > 2 sd) = 0.0357 where a "
    "Gaussian gives 0.0455"
)
_DECOUPLED = (
    "every Keras optimiser applies weight_decay decoupled from the gradient (w -= lr wd w "
    "before the update, AdamW's rule), where torch's SGD and Adam add wd w to the gradient"
)
_DENSE_INIT = "Dense starts with a glorot_uniform kernel and a zero bias, not U(+-1/sqrt(in))"

# Every difference the spec finds, each measured (keras 3.15.1, torch backend, on the CPU)
DEVIATIONS = {
    # A6: Keras's own defaults for the leaky slopes
    "test_the_leaky_relu_module_s_default_negative_slope_is_0_01": (
        "keras.layers.LeakyReLU defaults to negative_slope 0.3: measured max |LeakyReLU()(x) "
        "- where(x > 0, x, 0.01 x)| = 0.776"
    ),
    "test_functional_leaky_relu_s_default_negative_slope_is_0_01": (
        "keras.ops.leaky_relu defaults to negative_slope 0.2: measured max |leaky_relu(x) - "
        "where(x > 0, x, 0.01 x)| = 0.472"
    ),
    "test_prelu_starts_from_*": (
        "keras.layers.PReLU starts its slope at 0 (alpha_initializer 'Zeros'), not 0.25: "
        "measured nn.PReLU() slope 0.0"
    ),
    # A7: Keras's Dense initialisation
    "test_the_default_linear_has_a_bias_drawn_uniformly_on_1_over_sqrt_in_features": (
        f"{_DENSE_INIT}: measured every bias 0"
    ),
    "test_pytorch_default_linear_init_also_gives_pre_activations_of_the_inputs_scale": (
        f"{_DENSE_INIT}: measured E[h^2 | x] = 0.000997 against 0.346 for torch's default"
    ),
    # R1
    "test_dropout_s_default_probability_is_one_half": (
        "keras.layers.Dropout has no default rate: measured Dropout() raised TypeError "
        "(missing 'rate')"
    ),
    # R3: Keras's optimisers
    "test_optimisers_default_to_torch_s_betas_eps_momentum_and_weight_decay[*Adam*]": (
        "Keras's Adam and AdamW default to epsilon 1e-7, and AdamW to weight_decay 0.004: "
        "measured max |default - torch's explicit defaults| after the steps = 2.1e-05 (Adam) "
        "and 0.00435 (AdamW)"
    ),
    "test_weight_decay_gives_the_same_steps_as_an_l2_term_of_half_lambda_in_the_loss": (
        f"{_DECOUPLED}: measured max |weight_decay steps - L2 steps| = 0.228 (SGD, momentum "
        "0.9) and 0.11 (Adam)"
    ),
    "test_adam_weight_decay_moves_a_weight_by_lr_per_step_whatever_lambda_is": (
        f"{_DECOUPLED}: measured distance moved with weight_decay 1 / with 1e-4 = 9656"
    ),
    "test_no_l2_coefficient_makes_adam_shrink_weights_like_adamw": (
        f"{_DECOUPLED}, so Keras's Adam already shrinks like AdamW: measured a weight of 2 "
        "moved 4.0 times as far as one of 0.5"
    ),
    "test_sgd_with_momentum_takes_heavy_ball_steps_on_the_decayed_gradient": (
        f"{_DECOUPLED}, outside the momentum buffer: measured off the heavy-ball formula "
        "from the second step"
    ),
    "test_each_optimiser_takes_torch_optim_s_documented_steps_to_within_rounding[*SGD]": (
        f"{_DECOUPLED}: measured SGD(lr 0.03125, momentum 0.5, weight_decay 1) off the rule "
        "by 0.0138 at step 2, against a rounding bound of 1.4e-07"
    ),
    "test_each_optimiser_takes_torch_optim_s_documented_steps_to_within_rounding[*Adam*]": (
        "Keras's Adam and AdamW add epsilon to sqrt(v) before the bias correction, not to "
        "sqrt(v / (1 - b2^t)): measured AdamW(lr 0.03125, betas (0, 0.5), eps 9.5e-4, "
        "weight_decay 0) off the rule by 6.9e-05 at step 1, against a rounding bound of 8.6e-08"
    ),
    "test_optimiser_step_throughput[*Adam*]": (
        "Keras's Adam adds epsilon (1e-7) to sqrt(v) and folds the bias corrections into the "
        "step size lr sqrt(1 - b2^t) / (1 - b1^t): measured not within assert_close of "
        "torch's Adam after one step"
    ),
    # R4: the experiment's regularisers under Keras's initialisation and weight decay
    "test_on_noisy_data_each_regulariser_lowers_the_held_out_error[*weight_decay*]": (
        f"{_DECOUPLED}, and {_DENSE_INIT}: measured mean log(held-out error without / with "
        "weight_decay 0.01) = 0.037 at noise 0.5, below the 0.078 the test needs"
    ),
    "test_on_nearly_noiseless_data_a_regulariser_raises_the_held_out_error[*weight_decay*]": (
        f"{_DECOUPLED}, and {_DENSE_INIT}: measured mean log(held-out error with / without "
        "weight_decay 0.01) = -0.018 at noise 0.05, where the test needs > 0.020"
    ),
    # R5
    "test_reseeding_makes_the_same_cpu_run_bit_for_bit_reproducible": (
        f"{_SEEDING}: measured 501 values differ between two runs seeded with 42"
    ),
    "test_reseeded_arms_still_diverge_after_dropout_consumes_random_numbers": (
        f"{_SEEDING}: measured the reseeded arms start from different weights"
    ),
    # I2, I4
    # the he-tanh case is absent (Keras's He initialisers are for ReLU), not a deviation
    "test_normal_initialisers_draw_zero_mean_gaussians_with_the_variance_of_their_formula"
    "[*-xavier*]": _TRUNCATED,
    "test_normal_initialisers_draw_zero_mean_gaussians_with_the_variance_of_their_formula"
    "[*-he-relu]": _TRUNCATED,
    "test_normal_initialisers_draw_zero_mean_gaussians_with_the_variance_of_their_formula"
    "[*-he-leaky*]": _TRUNCATED,
    # I6: Keras's normalisation
    "test_batchnorm_in_*": (
        "keras.layers.BatchNormalization has epsilon 1e-3 (torch 1e-5), momentum 0.99 (the "
        "old statistics' weight; torch's 0.1 is the new batch's) and a biased moving "
        "variance: measured on 32 rows of variance 9, outputs 1.7e-4 off (x - mean) / "
        "sqrt(var + 1e-5), running_var 1.075 where torch's rule gives 1.78 and running_mean "
        "0.0127 where it gives 0.127"
    ),
    "test_layernorm_*": (
        "keras.layers.LayerNormalization has epsilon 1e-3, not 1e-5: measured outputs 0.015 "
        "off (x - mean) / sqrt(var + 1e-5) on standard normal rows of 6, and max |default - "
        "explicit eps=1e-5| = 0.563 in the defaults test"
    ),
    # bad input
    "test_kaiming_initialisers_warn_and_return_a_weight_with_no_elements_as_it_is": (
        "Keras's initialisers fill a zero-element tensor without a warning: measured no UserWarning"
    ),
}
