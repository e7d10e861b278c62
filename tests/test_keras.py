"""The Keras adapter (dlspec/adapters/keras/): its translations, its declared float64
capability, its loading, and the whole spec run against it, checked against the README.

Skipped where the ``keras`` extra is not installed; CI installs it (.ci/install)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import torch

keras_adapter = pytest.importorskip("dlspec.adapters.keras", exc_type=ImportError)
import keras  # noqa: E402  (after the adapter, which selects the torch backend)
from conformance import whole_spec_agrees  # noqa: E402

from dlspec.harness import impls, options  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
KERAS = keras_adapter.IMPLEMENTATION
F64 = torch.float64


def test_linear_shows_the_dense_kernel_in_torch_s_layout_and_computes_with_it() -> None:
    layer = KERAS.nn.Linear(3, 2, dtype=F64)
    kernel = layer.keras.kernel.value.detach()
    assert tuple(kernel.shape) == (3, 2) and tuple(layer.weight.shape) == (2, 3)
    assert torch.equal(layer.weight.detach(), kernel.T), "weight is not Keras's kernel transposed"
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([[1.0, 2.0, 3.0], [0.0, -1.0, 0.5]], dtype=F64))
        layer.bias.copy_(torch.tensor([0.25, -0.5], dtype=F64))
    x = torch.tensor([[1.0, 1.0, 2.0]], dtype=F64)
    assert layer(x).tolist() == [[9.25, -0.5]], "Dense did not compute x W^T + b from weight"


def test_a_float64_matmul_in_keras_rounds_to_float32_as_the_capability_declares() -> None:
    """The reason for ``float64_arithmetic=False``, measured: the error of keras.ops.matmul
    on float64 tensors is float32's, far above float64's."""
    generator = torch.Generator().manual_seed(0)
    a, b = (torch.randn(64, 64, generator=generator, dtype=F64) for _ in range(2))
    error = (keras.ops.matmul(a, b) - a @ b).abs().max().item()
    assert error > 1e3 * torch.finfo(F64).eps * 64, f"keras float64 matmul error {error}"
    assert not KERAS.capabilities.float64_arithmetic


CLAIMS_FLOAT64 = """
import dataclasses
from dlspec.adapters.keras import IMPLEMENTATION as KERAS
from dlspec.harness.contract import Capabilities

IMPLEMENTATION = dataclasses.replace(
    KERAS, name="keras-claims-float64", capabilities=Capabilities(float64_arithmetic=True)
)
"""


def test_without_the_capability_declared_the_float64_checks_catch_keras(tmp_path: Path) -> None:
    """Negative control: Keras declaring float64 arithmetic fails the spec's float64 checks,
    so the float32 tolerances it gets come from the declaration, not from loose tests."""
    (tmp_path / "variant.py").write_text(CLAIMS_FLOAT64)
    command = [
        sys.executable, "-m", "pytest", "spec/test_layers.py", "-q", "-p", "no:randomly",
        "-p", "no:cacheprovider", "-k", "stack_of_linear_layers_equals_one_linear_layer",
        "--impl-module", f"{tmp_path / 'variant.py'}:IMPLEMENTATION",
        "--impl", "keras-claims-float64",
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stdout[-3000:]
    assert "max |stack(x) - (W_eff x + b_eff)|" in done.stdout, done.stdout[-3000:]


def test_layers_without_parameters_compute_in_their_input_s_dtype() -> None:
    """autocast=False is the adapter's setting; Keras's default casts to float32."""
    x = torch.tensor([1 / 3], dtype=F64)
    assert KERAS.nn.Sigmoid()(x).dtype == F64
    assert keras.layers.Activation("sigmoid")(x).dtype == torch.float32  # without the setting


def test_optimisers_hold_float64_hyperparameters_for_float64_parameters() -> None:
    """floatx set to the parameters' dtype while building and stepping: an SGD step with
    lr 0.1 and weight decay 0.3 is exact in float64; Keras's default floatx is not."""
    start = torch.tensor([1.0, -2.0, 3.0], dtype=F64)
    w = torch.nn.Parameter(start.clone())
    optimiser = KERAS.optim.SGD([w], lr=0.1, weight_decay=0.3)
    w.grad = torch.zeros_like(w)
    optimiser.step()
    assert torch.equal(w.detach(), start * (1 - 0.1 * 0.3)), w
    stand_in = keras.Variable(start.clone())
    plain = keras.optimizers.SGD(learning_rate=0.1, weight_decay=0.3)
    plain.apply([torch.zeros_like(start)], [stand_in])
    assert not torch.equal(stand_in.value.detach(), start * (1 - 0.1 * 0.3))


def test_arguments_the_caller_leaves_out_stay_keras_s_defaults() -> None:
    assert KERAS.nn.LeakyReLU().keras.negative_slope == keras.layers.LeakyReLU().negative_slope
    group = KERAS.optim.Adam([torch.nn.Parameter(torch.zeros(2))]).groups[0]
    assert group[2].epsilon == keras.optimizers.Adam().epsilon
    assert KERAS.nn.BatchNorm1d(3, momentum=0.1).keras.momentum == pytest.approx(0.9)


def test_a_generator_gives_the_initialiser_a_seed_so_it_repeats() -> None:
    def drawn(seed: int) -> torch.Tensor:
        weight = torch.empty(4, 3, dtype=F64)
        return KERAS.init.kaiming_uniform_(weight, generator=torch.Generator().manual_seed(seed))

    assert torch.equal(drawn(5), drawn(5)) and not torch.equal(drawn(5), drawn(6))


def test_impl_keras_without_the_extra_is_a_usage_error_naming_the_install(monkeypatch) -> None:
    monkeypatch.setitem(impls.OPTIONAL, "absent-keras", ("no_such_module:X", "pip install x"))
    with pytest.raises(pytest.UsageError, match=r"--impl absent-keras: .*pip install x"):
        options._load_optional("absent-keras")


@pytest.mark.slow
@pytest.mark.whole_spec
def test_the_whole_spec_runs_against_keras_and_agrees_with_the_readme(tmp_path: Path) -> None:
    """`pytest spec/ --impl keras`: no claim fails, every difference is declared, and the
    README's Keras column and the report's matrix are this run's (tests/conformance.py)."""
    whole_spec_agrees(tmp_path, KERAS, "Keras")
