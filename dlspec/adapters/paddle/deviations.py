"""What PaddlePaddle does where PyTorch does otherwise, as the spec measured it (paddlepaddle
3.3.1, torch 2.13, on the CPU): each entry a test pattern and the measured reason."""

from __future__ import annotations

_SEEDING = (
    "Paddle's layers and dropout draw from Paddle's own generator (paddle.seed), which "
    "torch.manual_seed does not reach"
)
_LINEAR_INIT = (
    "paddle.nn.Linear starts with a Xavier-uniform weight, U(+-sqrt(6 / (in + out))), and a "
    "zero bias, not U(+-1/sqrt(in))"
)
_FLOAT32_DECAY = (
    "Paddle's Momentum and AdamW hold weight_decay as a float32 attribute, also for float64 "
    "parameters (plain SGD and Adam apply it in the parameters' dtype)"
)

# Every difference the spec finds, each measured (paddlepaddle 3.3.1, on the CPU)
DEVIATIONS = {
    # R1 and R5: seeds
    "test_dropout_s_default_probability_is_one_half": (
        f"{_SEEDING}; the default p is 0.5 as in torch, but measured max |Dropout()(x) - "
        "Dropout(0.5)(x)| after the same torch.manual_seed = 4"
    ),
    "test_reseeding_makes_the_same_cpu_run_bit_for_bit_reproducible": (
        f"{_SEEDING}: measured 501 values differ between two runs seeded with 42"
    ),
    "test_reseeded_arms_still_diverge_after_dropout_consumes_random_numbers": (
        f"{_SEEDING}: measured the reseeded arms start from different weights"
    ),
    "test_the_errors_are_those_of_the_trained_network_in_eval_mode_and_repeat_bit_for_bit": (
        f"{_SEEDING}, so the experiment's dropout_seed does not fix Paddle's masks: measured "
        "all 3 fits differ between two runs with dropout 0.5"
    ),
    # R1: dropout's arithmetic
    "test_dropout_also_changes_the_elements_it_keeps_scaling_them_by_1_over_1_minus_p": (
        "Paddle hands p to its dropout kernel as a float32 attribute, so float64 kept elements "
        "are scaled by 1/(1 - float32(p)): measured max |(out / in)(1 - p) - 1| = 2.25e-09 at "
        "p = 0.7466 (exactly 1 - (1 - p)/(1 - float32(p))), where 4 ulp is 8.9e-16"
    ),
    # A7, I2, I4: Paddle's Linear initialisation
    "test_the_default_linear_has_a_bias_drawn_uniformly_on_1_over_sqrt_in_features": (
        f"{_LINEAR_INIT} (and {_SEEDING}): measured max |default - explicit torch init| = 0.027 "
        "on Linear(3, 2^15)"
    ),
    "test_the_default_linear_weight_is_uniform_on_1_over_sqrt_in_with_variance_1_over_3_in": (
        f"{_LINEAR_INIT}: measured n_in E[w^2] = 0.0606 where 1/3 is predicted, and max |w| = "
        "0.1116 > 1/sqrt(82) = 0.1104 on a (400, 82) weight"
    ),
    "test_pytorch_default_linear_init_also_gives_pre_activations_of_the_inputs_scale": (
        f"{_LINEAR_INIT}: measured E[h^2 | x] = 0.000969 against 0.336 for torch's default"
    ),
    # R3: weight decay in float32
    "test_weight_decay_gives_the_same_steps_as_an_l2_term_of_half_lambda_in_the_loss[*SGD]": (
        f"{_FLOAT32_DECAY}: measured max |weight_decay steps - L2 steps| = 1.42e-09 (SGD with "
        "momentum 0.9), against 1e-12"
    ),
    "test_without_data_gradient_sgd_and_adamw_shrink_weights_and_biases_by_1_minus_lr_lambda"
    "[*AdamW]": (
        f"{_FLOAT32_DECAY}: measured AdamW 1.8e-10 off (1 - lr lam) x start after one step, "
        "where float64 rounding allows 0"
    ),
    "test_sgd_with_momentum_takes_heavy_ball_steps_on_the_decayed_gradient": (
        f"{_FLOAT32_DECAY}: measured 2.0e-10 off the heavy-ball formula after one step, "
        "against 1e-10"
    ),
    "test_each_optimiser_takes_torch_optim_s_documented_steps_to_within_rounding[*SGD]": (
        f"{_FLOAT32_DECAY}: measured SGD(lr 0.03125, momentum 0.5, weight_decay 0.505) off "
        "the rule by 1.4e-11 at step 1, against a rounding bound of 2.1e-16; with lam rounded "
        "to float32 the step is exact"
    ),
    "test_each_optimiser_takes_torch_optim_s_documented_steps_to_within_rounding[*AdamW]": (
        f"{_FLOAT32_DECAY}: measured AdamW(lr 0.03125, weight_decay 0.0867) off the rule by "
        "7.0e-11 at step 1, against a rounding bound of 8.9e-16"
    ),
    # I6: BatchNorm's running variance
    "test_batchnorm_in_training_standardises_each_feature_over_the_batch": (
        "Paddle's BatchNorm moves running_var toward the biased batch variance (divisor N), "
        "torch toward the unbiased one (N - 1): measured running_var 2.6% below 0.9 + 0.1 x "
        "the unbiased variance after one batch of 2"
    ),
    "test_layernorm_standardises_each_sample_alike_in_both_modes": (
        "Paddle's LayerNorm holds epsilon as a float32 attribute (1e-5 becomes 9.99999975e-06), "
        "also for float64 inputs: measured outputs up to 1.2e-08 relative off (x - mean) / "
        "sqrt(var + 1e-5) on rows whose variance is about 1e-5, against 1e-12 (exact with "
        "epsilon rounded to float32)"
    ),
    # bad input: Paddle's own checks
    "test_kaiming_initialisers_warn_and_return_a_weight_with_no_elements_as_it_is": (
        "Paddle's Kaiming initialisers do not warn on a zero-element weight: measured no "
        "warning for (0, 3), and ZeroDivisionError (a fan of 0) for (3, 0), (0, 0), (2, 0, 3) "
        "and (0,)"
    ),
    "test_calculate_gain_refuses_a_slope_that_is_not_a_number_with_a_value_error": (
        "Paddle's calculate_gain checks the slope with a bare assert: measured "
        "calculate_gain('leaky_relu', '0.1') raised AssertionError with no message (likewise "
        "for a list and a dict)"
    ),
    "test_calculate_gain_refuses_a_boolean_slope_with_a_value_error": (
        "Paddle's calculate_gain takes a bool as a number: measured calculate_gain('leaky_relu', "
        "True) = 1.0 and (..., False) = 1.414, no error"
    ),
}
