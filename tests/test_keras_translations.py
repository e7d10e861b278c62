"""Every translation of the Keras adapter on its own, in both directions, with values that
differ under the wrong translation: what Keras receives for each torch argument (a renamed
argument, m against 1 - m, a gain against its square, betas in order), and what the spec
reads back (a kernel shown transposed, a running mean updated with torch's momentum, fans
counted from torch's layout). The whole-spec run (tests/test_keras.py) checks the claims;
these tests name the translation that broke, in a second rather than minutes.

Skipped where the ``keras`` extra is not installed; CI installs it (.ci/install)."""

from __future__ import annotations

import math

import pytest
import torch

keras_adapter = pytest.importorskip("dlspec.adapters.keras", exc_type=ImportError)
import keras  # noqa: E402  (after the adapter, which selects the torch backend)

from dlspec.harness.contract import Absent  # noqa: E402

KERAS = keras_adapter.IMPLEMENTATION
F64 = torch.float64


# --- torch's arguments, as Keras receives them ---------------------------------------------

LAYERS = [
    # (build the layer, the Keras attribute, the value Keras must hold)
    (lambda: KERAS.nn.Dropout(0.3), "rate", 0.3),
    (lambda: KERAS.nn.Dropout(p=0.3), "rate", 0.3),
    (lambda: KERAS.nn.LeakyReLU(0.2), "negative_slope", 0.2),
    (lambda: KERAS.nn.LeakyReLU(negative_slope=0.2), "negative_slope", 0.2),
    # torch's momentum weights the new batch, Keras's the old moving value
    (lambda: KERAS.nn.BatchNorm1d(4, momentum=0.3), "momentum", 0.7),
    (lambda: KERAS.nn.BatchNorm1d(4, 0.01, 0.3), "momentum", 0.7),
    (lambda: KERAS.nn.BatchNorm1d(4, 0.01, 0.3), "epsilon", 0.01),
    (lambda: KERAS.nn.BatchNorm1d(4, eps=0.01), "epsilon", 0.01),
    (lambda: KERAS.nn.BatchNorm1d(4, affine=False), "center", False),
    (lambda: KERAS.nn.BatchNorm1d(4, affine=False), "scale", False),
    (lambda: KERAS.nn.LayerNorm(4, eps=0.01), "epsilon", 0.01),
    (lambda: KERAS.nn.LayerNorm(4, elementwise_affine=False), "scale", False),
    (lambda: KERAS.nn.LayerNorm(4, bias=False), "center", False),
    (lambda: KERAS.nn.Linear(3, 2, bias=False), "use_bias", False),
    (lambda: KERAS.nn.Linear(3, 2), "units", 2),
]


@pytest.mark.parametrize("build, attribute, expected", LAYERS)
def test_a_layer_argument_reaches_keras_under_its_keras_name_and_meaning(
    build, attribute: str, expected: object
) -> None:
    held = getattr(build().keras, attribute)
    assert held == pytest.approx(expected), f"keras.{attribute} = {held!r}, expected {expected!r}"


OPTIMISERS = [
    (lambda p: KERAS.optim.SGD(p, lr=0.1), "learning_rate", 0.1),
    (lambda p: KERAS.optim.SGD(p, lr=0.1, momentum=0.8), "momentum", 0.8),
    (lambda p: KERAS.optim.SGD(p, lr=0.1, nesterov=True, momentum=0.8), "nesterov", True),
    (lambda p: KERAS.optim.SGD(p, lr=0.1, weight_decay=0.03), "weight_decay", 0.03),
    (lambda p: KERAS.optim.Adam(p, lr=0.02), "learning_rate", 0.02),
    (lambda p: KERAS.optim.Adam(p, betas=(0.8, 0.95)), "beta_1", 0.8),
    (lambda p: KERAS.optim.Adam(p, betas=(0.8, 0.95)), "beta_2", 0.95),
    (lambda p: KERAS.optim.Adam(p, eps=1e-3), "epsilon", 1e-3),
    (lambda p: KERAS.optim.Adam(p, amsgrad=True), "amsgrad", True),
    (lambda p: KERAS.optim.AdamW(p, weight_decay=0.05), "weight_decay", 0.05),
    (lambda p: KERAS.optim.AdamW(p, betas=(0.7, 0.9)), "beta_2", 0.9),
]


def as_torch(value: object) -> torch.Tensor:
    """A Keras variable's or tensor's value as a torch tensor (the backend is torch)."""
    return torch.as_tensor(getattr(value, "value", value)).detach()


def held(value: object) -> object:
    """A Keras hyperparameter as a Python value (Keras keeps some as variables)."""
    return value if isinstance(value, bool) else float(as_torch(value))


@pytest.mark.parametrize("build, attribute, expected", OPTIMISERS)
def test_an_optimiser_argument_reaches_keras_under_its_keras_name(
    build, attribute: str, expected: object
) -> None:
    optimiser = build([torch.nn.Parameter(torch.zeros(2))]).groups[0][2]
    value = held(getattr(optimiser, attribute))
    assert value == pytest.approx(expected), f"keras.{attribute} = {value!r}, expected {expected!r}"


def test_each_parameter_group_gets_its_own_keras_optimiser_with_its_own_options() -> None:
    first, second = torch.nn.Parameter(torch.zeros(2)), torch.nn.Parameter(torch.zeros(3))
    optimiser = KERAS.optim.SGD([{"params": [first]}, {"params": [second], "lr": 0.5}], lr=0.1)
    rates = [held(group[2].learning_rate) for group in optimiser.groups]
    assert rates == pytest.approx([0.1, 0.5])
    assert [group[0] for group in optimiser.groups] == [[first], [second]]


def test_an_argument_keras_cannot_honour_is_absent_not_ignored() -> None:
    with pytest.raises(Absent):
        KERAS.nn.Dropout(0.5, inplace=True)
    with pytest.raises(Absent):
        KERAS.nn.BatchNorm1d(4, momentum=None)
    with pytest.raises(TypeError, match="no Keras counterpart"):
        KERAS.nn.LayerNorm(4, unknown=1)


# --- Keras's numbers, as the spec reads them back ------------------------------------------


def test_linear_shows_keras_s_initial_kernel_transposed_and_computes_x_w_transposed() -> None:
    layer = KERAS.nn.Linear(3, 2, dtype=F64)
    assert tuple(layer.weight.shape) == (2, 3)
    assert torch.equal(layer.weight.detach(), as_torch(layer.keras.kernel).T)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=F64))
        layer.bias.copy_(torch.tensor([0.5, -0.5], dtype=F64))
    x = torch.tensor([[1.0, 0.0, -1.0]], dtype=F64)
    assert torch.equal(layer(x), torch.tensor([[1 - 3 + 0.5, 4 - 6 - 0.5]], dtype=F64))


def test_batchnorm_s_running_mean_moves_by_torch_s_momentum_toward_the_batch() -> None:
    layer = KERAS.nn.BatchNorm1d(2, momentum=0.3, dtype=F64)
    layer.train()
    batch = torch.tensor([[1.0, 10.0], [3.0, 30.0]], dtype=F64)
    layer(batch)
    # torch: running = (1 - m) running + m batch_mean, from 0; m passed on untranslated would
    # give 0.7 of the batch mean. Keras keeps the momentum in float32 (the adapter declares
    # float64_arithmetic=False), so the match is to float32's rounding, 2^-24 relative
    expected = 0.3 * batch.mean(0)
    torch.testing.assert_close(layer.running_mean, expected, rtol=2**-23, atol=0)


@pytest.mark.parametrize(
    "initialise, bound",
    [
        # a (200 out, 100 in) weight: fan_in 100, fan_out 200
        (lambda w: KERAS.init.kaiming_uniform_(w, mode="fan_in", nonlinearity="relu"),
         math.sqrt(6 / 100)),
        (lambda w: KERAS.init.kaiming_uniform_(w, mode="fan_out", nonlinearity="relu"),
         math.sqrt(6 / 200)),
        (lambda w: KERAS.init.kaiming_uniform_(w, a=1.0), math.sqrt(3 / 100)),
        (lambda w: KERAS.init.xavier_uniform_(w), math.sqrt(6 / 300)),
        (lambda w: KERAS.init.xavier_uniform_(w, gain=2.0), 2 * math.sqrt(6 / 300)),
    ],
)  # fmt: skip
def test_an_initialiser_counts_fans_from_torch_s_layout_and_scales_by_the_gain(
    initialise, bound: float
) -> None:
    weight = torch.empty(200, 100, dtype=F64)
    initialise(weight)
    largest = float(weight.abs().max())
    # 20000 uniform draws: the largest lies above 0.999 of the bound but with probability
    # 0.999^20000 = 2e-9; the next wrong bound is 29% away
    assert 0.999 * bound < largest <= bound, f"largest |w| {largest:.6g}, bound {bound:.6g}"


def test_a_generator_reaches_keras_as_a_seed_drawn_from_it() -> None:
    generator = torch.Generator().manual_seed(3)
    expected_seed = int(torch.randint(2**31 - 1, (), generator=torch.Generator().manual_seed(3)))
    weight = torch.empty(4, 3, dtype=F64)
    KERAS.init.kaiming_uniform_(weight, generator=generator)
    direct = keras.initializers.HeUniform(seed=expected_seed)((3, 4), dtype="float64")
    assert torch.equal(weight, as_torch(direct).T)
