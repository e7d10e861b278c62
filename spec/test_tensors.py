"""Tensor shapes for nn.Linear and the hand-over to NumPy (claims T1, T2, T3).

T1 (refined): Linear(in, out) takes any (*, in) and returns (*, out); only the last
dimension is checked, so a [20] tensor is one sample of 20 features to Linear(20, k).
T2 (holds): Linear(1, 100) cares about the single feature column, not about the rank.
T3 (refined): ``t.cpu().detach().numpy()`` removes the two errors of ``.numpy()`` but on
the CPU returns a view of the tensor's memory, not an independent array, and still fails
for bfloat16.

The chain's steps are methods of torch.Tensor, which every implementation's tensors are, so
those tests run once; each implementation's own crossing, ``impl.to_numpy``, is checked per
implementation, and ``dlspec.tensors``' helpers only for dlspec.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from torch.nn.utils import skip_init

from dlspec import nn as dnn
from dlspec import tensors

from .support import SEEDS, Both, raises_naming_the_problem, reinitialise, tolerance

FEATURES = st.integers(min_value=1, max_value=8)
# zero to three leading batch dimensions, each of size 0..5 (size 0 is a valid batch)
LEADING = st.lists(st.integers(min_value=0, max_value=5), min_size=0, max_size=3).map(tuple)
NONEMPTY = st.lists(st.integers(min_value=1, max_value=5), min_size=0, max_size=3).map(tuple)
FLOATS = st.sampled_from([torch.float32, torch.float64])
# floating dtypes without a NumPy counterpart; each of their values is a float32 value
NUMPY_LACKS = [torch.bfloat16, torch.float8_e4m3fn, torch.float8_e5m2]
# the shapes LEADING and NONEMPTY draw, for the parameters of a learner's record
ANY_LEADING = "(b_1, ..., b_k, n_in), k ≤ 3, 0 ≤ b_i ≤ 5"


def dtype_id(dtype):
    return str(dtype).removeprefix("torch.")


def linear(impl, n_in, n_out, generator, device, dtype=torch.float32):
    """``impl.nn.Linear(n_in, n_out)`` with weight and bias drawn from ``generator``
    (``skip_init`` leaves the global random state untouched)."""
    layer = skip_init(impl.nn.Linear, n_in, n_out, device=device, dtype=dtype)
    return reinitialise(layer, generator)


def affine_rows(x, weight, bias):
    """x W^T + b computed row by row by broadcasting (no matmul), in x's dtype."""
    rows = x.reshape(-1, weight.shape[1])
    out = (rows[:, None, :] * weight[None, :, :]).sum(dim=-1) + bias
    return out.reshape(*x.shape[:-1], weight.shape[0])


def randn(shape, generator, device, dtype=torch.float32):
    return torch.randn(shape, generator=generator, device=device, dtype=dtype)


def accepted(layer, x):
    """``layer(x)`` for an input the claim says Linear takes: a rejection fails the test (an
    error from inside the layer is the claim contradicted, not a crash of the test)."""
    try:
        return layer(x)
    except (RuntimeError, ValueError) as error:
        rejection = f"{type(error).__name__}: {error}"
    n_in, n_out = layer.in_features, layer.out_features
    pytest.fail(f"Linear({n_in}, {n_out}) rejected an input of shape {list(x.shape)}: {rejection}")


# --- T1 / T2: the shapes nn.Linear accepts ------------------------------------------------


@pytest.mark.claim("T1")
@given(leading=LEADING, n_in=FEATURES, n_out=FEATURES, seed=SEEDS)
def test_linear_accepts_any_leading_batch_dimensions_and_maps_each_row(
    impl, device, seeded, evidence, leading, n_in, n_out, seed
):
    g = seeded(seed, device)
    layer = linear(impl, n_in, n_out, g, device, torch.float64)
    x = randn((*leading, n_in), g, device, torch.float64)
    y = accepted(layer, x)
    expected_shape = [*leading, n_out]
    evidence.record(
        Both(
            "output shape of Linear(in, out) on (*, in)",
            "Linear(in, out) 作用于 (*, in) 的输出形状",
        ),
        list(y.shape),
        expected_shape,
        learner=True,
        params={"n_in": "1..8", "n_out": "1..8", "shape": ANY_LEADING, "dtype": "float64"},
    )
    assert list(y.shape) == expected_shape, (
        f"Linear({n_in}, {n_out}) on shape {list(x.shape)} gave {list(y.shape)}, "
        f"expected {expected_shape}"
    )
    with torch.no_grad():
        expected = affine_rows(x, layer.weight, layer.bias)
    rtol = tolerance(impl, 1e-7, 1.3e-6)  # assert_close's defaults for float64 and float32
    torch.testing.assert_close(y.detach(), expected, rtol=rtol, atol=tolerance(impl, 1e-7, 1e-5))


@pytest.mark.claim("T1")
@given(leading=LEADING, n_in=FEATURES, n_out=FEATURES, wrong=st.integers(0, 9), seed=SEEDS)
def test_linear_rejects_every_input_whose_last_dimension_is_not_in_features(
    impl, device, seeded, leading, n_in, n_out, wrong, seed
):
    if wrong == n_in:
        wrong = n_in + 1
    g = seeded(seed, device)
    layer = linear(impl, n_in, n_out, g, device)
    x = randn((*leading, wrong), g, device)
    with pytest.raises((RuntimeError, ValueError)) as caught:
        y = layer(x)
        pytest.fail(f"Linear({n_in}, {n_out}) accepted shape {list(x.shape)}, gave {list(y.shape)}")
    if impl.capabilities.names_the_shape_in_errors:
        message = str(caught.value)
        assert caught.type is ValueError, (
            f"raised {caught.type.__name__}, expected ValueError: {message}"
        )
        assert f"(*, {n_in})" in message and str(list(x.shape)) in message, (
            f"message should name in_features {n_in} and the shape {list(x.shape)}: {message}"
        )


@pytest.mark.claim("T1")
@pytest.mark.parametrize("n_in", [1, 3])
def test_linear_rejects_a_zero_dimensional_input(impl, device, rng, n_in):
    layer = linear(impl, n_in, 4, rng, device)
    x = randn((), rng, device)
    with pytest.raises((RuntimeError, ValueError)) as caught:
        y = layer(x)
        pytest.fail(f"Linear({n_in}, 4) accepted a 0-d tensor, gave shape {list(y.shape)}")
    if impl.capabilities.names_the_shape_in_errors:
        assert caught.type is ValueError and "got shape []" in str(caught.value), (
            f"raised {caught.type.__name__}: {caught.value}; expected a ValueError naming "
            f"'got shape []'"
        )


@pytest.mark.claim("T1")
def test_linear_1_to_100_rejects_twenty_samples_stored_as_a_1d_tensor(impl, device, rng, evidence):
    layer = linear(impl, 1, 100, rng, device)
    x = randn(20, rng, device)
    with pytest.raises((RuntimeError, ValueError)) as caught:
        y = layer(x)
        pytest.fail(f"Linear(1, 100) accepted shape [20], gave {list(y.shape)}")
    evidence.record(
        Both(
            "Linear(1, 100) on 20 samples stored as a [20] tensor",
            "Linear(1, 100) 作用于存成 [20] 张量的 20 个样本",
        ),
        caught.type.__name__,
        "ValueError / RuntimeError",
        learner=True,
        params={"n_in": 1, "n_out": 100, "shape": [20], "dtype": "float32"},
    )
    if impl.capabilities.names_the_shape_in_errors:
        message = str(caught.value)
        assert caught.type is ValueError, (
            f"raised {caught.type.__name__}, expected ValueError: {message}"
        )
        assert "(*, 1)" in message and "[20]" in message, (
            f"message should name in_features 1 and the shape [20]: {message}"
        )


@pytest.mark.bad_input
def test_dlspec_linear_suggests_unsqueeze_1_for_samples_stored_as_a_1d_tensor():
    raises_naming_the_problem(
        lambda: dnn.Linear(1, 100)(torch.zeros(20)),
        ValueError,
        r"\(\*, 1\).*\[20\].*unsqueeze\(1\)",
    )


@pytest.mark.claim("T1")
def test_unsqueeze_1_makes_twenty_samples_a_table_that_linear_maps_sample_by_sample(
    impl, device, rng, evidence
):
    layer = linear(impl, 1, 100, rng, device)
    x = randn(20, rng, device)
    table = x.unsqueeze(1)
    assert list(table.shape) == [20, 1], f"unsqueeze(1) gave {list(table.shape)}"
    y = layer(table)
    evidence.record(
        Both(
            "output shape of Linear(1, 100) on x.unsqueeze(1), x of shape [20]",
            "Linear(1, 100) 作用于 `x.unsqueeze(1)`（x 形状为 [20]）的输出形状",
        ),
        list(y.shape),
        [20, 100],
        learner=True,
        params={"n_in": 1, "n_out": 100, "shape": [20, 1], "dtype": "float32"},
    )
    assert list(y.shape) == [20, 100], f"Linear(1, 100) on [20, 1] gave {list(y.shape)}"
    one_by_one = torch.stack([layer(x[i].reshape(1)) for i in range(20)])
    torch.testing.assert_close(y, one_by_one)
    torch.testing.assert_close(layer(x.reshape(-1, 1)), y)


@pytest.mark.claim("T1")
def test_unsqueeze_0_makes_one_sample_of_twenty_features_which_linear_1_to_100_rejects(
    impl, device, rng
):
    layer = linear(impl, 1, 100, rng, device)
    wrong = randn(20, rng, device).unsqueeze(0)
    assert list(wrong.shape) == [1, 20], f"unsqueeze(0) gave {list(wrong.shape)}"
    with pytest.raises((RuntimeError, ValueError)):
        y = layer(wrong)
        pytest.fail(f"Linear(1, 100) accepted shape [1, 20], gave {list(y.shape)}")


@pytest.mark.claim("T1", counterexample=True)
@pytest.mark.parametrize(
    ("n_in", "n_out"),
    [(20, 3), (1, 100)],
    ids=["twenty-samples-read-as-one-sample", "one-sample-of-one-feature"],
)
def test_linear_accepts_a_1d_tensor_as_one_sample_of_in_features(
    impl, device, rng, evidence, n_in, n_out
):
    layer = linear(impl, n_in, n_out, rng, device)
    x = randn(n_in, rng, device)
    y = layer(x)
    evidence.record(
        Both(
            f"output shape of Linear({n_in}, {n_out}) on a [{n_in}] tensor",
            f"Linear({n_in}, {n_out}) 作用于 [{n_in}] 张量的输出形状",
        ),
        list(y.shape),
        Both("error (2-D required)", "报错（要求二维输入）"),
        role="claim",
        # the knowledge base's own case: 20 values in a [20] tensor, read as one sample
        learner=n_in == 20,
        params={"n_in": n_in, "n_out": n_out, "shape": [n_in], "dtype": "float32"},
    )
    assert list(y.shape) == [n_out], (
        f"Linear({n_in}, {n_out}) on [{n_in}] gave {list(y.shape)}, expected [{n_out}]"
    )
    # one sample of n_in features, exactly what the 2-D [1, n_in] table gives
    torch.testing.assert_close(y, layer(x.unsqueeze(0))[0])


@pytest.mark.claim("T2")
@given(leading=NONEMPTY, seed=SEEDS)
def test_linear_1_to_100_gives_the_same_rows_whatever_the_rank_of_its_input(
    impl, device, seeded, evidence, leading, seed
):
    g = seeded(seed, device)
    layer = linear(impl, 1, 100, g, device)
    x = randn((*leading, 1), g, device)
    y = accepted(layer, x)
    expected_shape = [*leading, 100]
    shapes = {"n_in": 1, "n_out": 100, "shape": ANY_LEADING.replace("n_in", "1")}
    evidence.record(
        Both("output shape of Linear(1, 100) on (*, 1)", "Linear(1, 100) 作用于 (*, 1) 的输出形状"),
        list(y.shape),
        expected_shape,
        learner=True,
        params={**shapes, "dtype": "float32"},
    )
    assert list(y.shape) == expected_shape, (
        f"Linear(1, 100) on {list(x.shape)} gave {list(y.shape)}, expected {expected_shape}"
    )
    flat = layer(x.reshape(-1, 1)).reshape(expected_shape)
    evidence.record(
        Both(
            "max |Linear(1, 100) on (*, 1) - the same rows as an [N, 1] table|",
            "Linear(1, 100) 作用于 (*, 1) 与作用于同样各行组成的 [N, 1] 表之差的最大绝对值",
        ),
        (y - flat).abs().max().item(),
        0.0,
        "rtol=1.3e-6, atol=1e-5",  # assert_close's defaults for float32
        learner=True,
        params={**shapes, "dtype": "float32"},
    )
    torch.testing.assert_close(y, flat)


@pytest.mark.claim("T2")
@given(leading=NONEMPTY, columns=st.integers(2, 6), seed=SEEDS)
def test_linear_1_to_100_rejects_more_than_one_column_whatever_the_rank(
    impl, device, seeded, evidence, leading, columns, seed
):
    g = seeded(seed, device)
    layer = linear(impl, 1, 100, g, device)
    x = randn((*leading, columns), g, device)
    with pytest.raises((RuntimeError, ValueError)) as caught:
        y = layer(x)
        pytest.fail(f"Linear(1, 100) accepted shape {list(x.shape)}, gave {list(y.shape)}")
    evidence.record(
        Both(
            "Linear(1, 100) on (*, c), c = 2..6 feature columns",
            "Linear(1, 100) 作用于 (*, c)，c = 2..6 个特征列",
        ),
        caught.type.__name__,
        "ValueError / RuntimeError",
        learner=True,
        params={
            "n_in": 1,
            "n_out": 100,
            "shape": ANY_LEADING.replace("n_in", "c"),
            "features": "2..6",
            "dtype": "float32",
        },
    )


@pytest.mark.claim("T1")
@given(n=st.integers(1, 50), seed=SEEDS)
def test_as_feature_table_turns_n_samples_into_the_n_by_1_table_of_unsqueeze_1(
    device, seeded, n, seed
):
    x = randn(n, seeded(seed, device), device)
    table = tensors.as_feature_table(x)
    assert list(table.shape) == [n, 1], f"as_feature_table on [{n}] gave {list(table.shape)}"
    assert torch.equal(table, x.unsqueeze(1)), "as_feature_table(x) differs from x.unsqueeze(1)"


@pytest.mark.bad_input
@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        pytest.param(lambda: torch.zeros(3, 1), ValueError, r"1-D .*shape \[3, 1\]", id="2-D"),
        pytest.param(lambda: torch.zeros(0), ValueError, r"non-empty .*shape \[0\]", id="empty"),
        pytest.param(lambda: torch.tensor(1.0), ValueError, r"1-D .*shape \[\]", id="0-D"),
        pytest.param(
            lambda: torch.arange(3), TypeError, r"floating-point .*torch\.int64", id="integer"
        ),
        pytest.param(lambda: [1.0, 2.0], TypeError, r"torch\.Tensor, got list", id="list"),
    ],
)
def test_as_feature_table_rejects_anything_but_a_nonempty_1d_float_tensor(make, error, match):
    raises_naming_the_problem(lambda: tensors.as_feature_table(make()), error, match)


# --- T3: the hand-over to NumPy -----------------------------------------------------------


@pytest.mark.claim("T3")
def test_cpu_returns_the_very_same_tensor_on_the_cpu(rng):
    t = randn((3, 4), rng, "cpu").requires_grad_()
    assert t.cpu() is t, "t.cpu() on a CPU tensor made a new tensor"
    p = torch.nn.Parameter(randn(5, rng, "cpu"))
    assert p.cpu() is p, "p.cpu() on a CPU parameter made a new tensor"


@pytest.mark.claim("T3")
def test_numpy_refuses_a_tensor_that_requires_grad_and_detach_fixes_it(device, rng):
    t = randn((2, 3), rng, device).requires_grad_()
    with pytest.raises(RuntimeError, match="requires grad"):
        t.cpu().numpy()
    array = t.cpu().detach().numpy()
    np.testing.assert_array_equal(array, t.detach().cpu().double().numpy())


@pytest.mark.cuda
@pytest.mark.claim("T3")
def test_numpy_refuses_a_cuda_tensor_and_cpu_fixes_it(rng):
    t = randn((2, 3), rng, "cpu").cuda()
    with pytest.raises(TypeError, match="cpu"):
        t.numpy()
    array = t.cpu().numpy()
    np.testing.assert_array_equal(array, t.cpu().double().numpy())


@pytest.mark.cuda
@pytest.mark.claim("T3")
def test_cpu_of_a_cuda_tensor_keeps_its_autograd_history_so_detach_is_still_needed(rng):
    t = randn(4, rng, "cpu").cuda().requires_grad_()
    moved = t.cpu()
    assert moved.grad_fn is not None and moved.requires_grad, (
        f"t.cpu() lost its history: grad_fn={moved.grad_fn}, requires_grad={moved.requires_grad}"
    )
    with pytest.raises(RuntimeError, match="requires grad"):
        moved.numpy()
    detached = t.detach().cpu()
    assert detached.grad_fn is None and not detached.requires_grad, (
        f"t.detach().cpu(): grad_fn={detached.grad_fn}, requires_grad={detached.requires_grad}; "
        f"expected None, False"
    )
    np.testing.assert_array_equal(detached.numpy(), moved.detach().numpy())


@pytest.mark.claim("T3", counterexample=True)
def test_the_chain_on_the_cpu_aliases_a_layers_weight_so_writing_the_array_changes_it(
    impl, rng, evidence
):
    layer = linear(impl, 3, 2, rng, "cpu")
    x = randn((4, 3), rng, "cpu")
    before = layer(x).detach().clone()
    array = layer.weight.cpu().detach().numpy()
    shares = bool(np.shares_memory(array, layer.weight.detach().numpy()))
    evidence.record(
        Both(
            "array from t.cpu().detach().numpy() shares the weight's memory on the CPU",
            "在 CPU 上 t.cpu().detach().numpy() 得到的数组与权重共享内存",
        ),
        shares,
        Both("safe (independent)", "安全（相互独立）"),
        role="claim",
        learner=True,
        params={"device": "CPU", "dtype": "float32", "shape": [2, 3]},
    )
    assert shares, "t.cpu().detach().numpy() on the CPU did not share the tensor's memory"
    array[0, 0] = 42.0
    assert layer.weight[0, 0].item() == 42.0, (
        f"writing 42 to the array left the weight at {layer.weight[0, 0].item()}"
    )
    assert not torch.equal(layer(x).detach(), before), "the layer's output did not change"


@pytest.mark.claim("T3")
def test_an_implementations_numpy_crossing_aliases_cpu_memory_as_its_capabilities_declare(
    impl, rng, evidence
):
    """On the CPU, ``impl.to_numpy`` either views the tensor's memory (PyTorch's chain) or
    copies it; either is fine if declared, and writes reach the tensor exactly when it views."""
    layer = linear(impl, 3, 2, rng, "cpu")
    array = impl.to_numpy(layer.weight)
    declared = impl.capabilities.to_numpy_aliases_cpu_memory
    shares = bool(np.shares_memory(array, layer.weight.detach().numpy()))
    evidence.record(
        Both(
            "to_numpy of a CPU weight shares its memory", "to_numpy 得到的数组与 CPU 权重共享内存"
        ),
        shares,
        declared,
    )
    assert shares == declared, (
        f"to_numpy of a CPU weight shares its memory: {shares}, declared {declared}"
    )
    snapshot = layer.weight.detach().clone()
    array[0, 0] = 42.0
    written = layer.weight[0, 0].item()
    expected = 42.0 if declared else snapshot[0, 0].item()
    assert written == expected, (
        f"weight after writing 42 to the array: {written}, expected {expected}"
    )


@pytest.mark.claim("T3", counterexample=True)
def test_an_array_taken_earlier_on_the_cpu_follows_in_place_updates_of_the_parameter(
    impl, rng, evidence
):
    layer = linear(impl, 3, 2, rng, "cpu")
    array = layer.weight.cpu().detach().numpy()
    snapshot = array.copy()
    with torch.no_grad():
        layer.weight.mul_(2)
    evidence.record(
        Both(
            "array taken before weight.mul_(2) follows the update",
            "在 weight.mul_(2) 之前取得的数组随这次原地更新而变",
        ),
        bool(np.array_equal(array, 2 * snapshot)),
        Both("safe (independent)", "安全（相互独立）"),
        role="claim",
        learner=True,
        params={"device": "CPU", "dtype": "float32", "shape": [2, 3]},
    )
    np.testing.assert_array_equal(array, 2 * snapshot, err_msg="the array kept the old values")


@pytest.mark.claim("T3")
def test_an_explicit_copy_makes_the_cpu_array_independent(rng, evidence):
    w = torch.nn.Parameter(randn((3, 2), rng, "cpu"))
    array = w.cpu().detach().numpy().copy()
    shares = bool(np.shares_memory(array, w.detach().numpy()))
    evidence.record(
        Both(
            "array from t.cpu().detach().numpy().copy() shares the parameter's memory",
            "t.cpu().detach().numpy().copy() 得到的数组与参数共享内存",
        ),
        shares,
        False,
        learner=True,
        params={"device": "CPU", "dtype": "float32", "shape": [3, 2]},
    )
    assert not shares, "the copy shares the tensor's memory"
    snapshot = w.detach().clone()
    array[...] = 0.0
    assert torch.equal(w.detach(), snapshot), "writing the copy changed the parameter"
    with torch.no_grad():
        w.mul_(2)
    assert not np.any(array), "an in-place update of the parameter reached the copy"


@pytest.mark.cuda
@pytest.mark.claim("T3")
def test_the_chain_from_cuda_returns_an_independent_copy(rng):
    w = torch.nn.Parameter(randn((3, 2), rng, "cpu").cuda())
    moved = w.cpu()
    assert moved is not w, "w.cpu() of a CUDA parameter returned the parameter itself"
    array = w.cpu().detach().numpy()
    snapshot = w.detach().clone()
    array[...] += 1.0
    assert torch.equal(w.detach(), snapshot), "writing the array changed the CUDA parameter"
    copy = array.copy()
    with torch.no_grad():
        w.mul_(2)
    np.testing.assert_array_equal(array, copy, err_msg="a CUDA update reached the array")


@pytest.mark.claim("T3", counterexample=True)
def test_the_chain_fails_for_bfloat16_which_numpy_lacks(device, rng, evidence):
    t = randn((2, 3), rng, device).to(torch.bfloat16).requires_grad_()
    with pytest.raises(TypeError, match="BFloat16") as caught:
        t.cpu().detach().numpy()
    evidence.record(
        Both(
            "t.cpu().detach().numpy() on a bfloat16 tensor",
            "对 bfloat16 张量调用 t.cpu().detach().numpy()",
        ),
        f"{caught.type.__name__}: {caught.value}",
        Both("a NumPy array", "一个 NumPy 数组"),
        role="claim",
        learner=True,
        params={"dtype": "bfloat16", "shape": [2, 3]},
    )


@pytest.mark.claim("T3")
@pytest.mark.parametrize("dtype", NUMPY_LACKS, ids=dtype_id)
def test_to_numpy_with_copy_widens_a_float_dtype_numpy_lacks_exactly(device, rng, dtype):
    t = randn((2, 3), rng, device).to(dtype)
    array = tensors.to_numpy(t, copy=True)
    expected = t.float().cpu().numpy()
    assert array.dtype == np.float32, f"to_numpy gave dtype {array.dtype}, expected float32"
    np.testing.assert_array_equal(array, expected)


@pytest.mark.claim("T3")
@given(shape=LEADING, dtype=FLOATS, seed=SEEDS)
def test_to_numpy_gives_the_tensors_values_for_a_tensor_that_requires_grad(
    impl, device, seeded, shape, dtype, seed
):
    t = randn(shape, seeded(seed, device), device, dtype).requires_grad_()
    array = impl.to_numpy(t)
    expected = t.detach().cpu().double().numpy()
    assert isinstance(array, np.ndarray), f"got {type(array).__name__}, not an ndarray"
    assert array.shape == expected.shape, f"shape {array.shape}, expected {expected.shape}"
    assert array.dtype == np.dtype(dtype_id(dtype)), f"{dtype} became {array.dtype}"
    np.testing.assert_array_equal(array.astype(np.float64), expected)


@pytest.mark.claim("T3")
@given(shape=NONEMPTY, dtype=FLOATS, seed=SEEDS)
def test_to_numpy_with_copy_never_shares_memory_with_the_tensor(device, seeded, shape, dtype, seed):
    t = randn(shape, seeded(seed, device), device, dtype).requires_grad_()
    array = tensors.to_numpy(t, copy=True)
    if device.type == "cpu":
        assert not np.shares_memory(array, t.detach().numpy()), "copy=True shares memory"
    snapshot = t.detach().clone()
    array += 1.0
    assert torch.equal(t.detach(), snapshot), "writing the copy changed the tensor"
    with torch.no_grad():
        t.mul_(2)
    np.testing.assert_array_equal(array, snapshot.cpu().numpy() + 1.0)


@pytest.mark.claim("T3")
@given(shape=NONEMPTY, dtype=FLOATS, seed=SEEDS)
def test_to_numpy_without_copy_shares_memory_on_the_cpu(seeded, shape, dtype, seed):
    t = randn(shape, seeded(seed, "cpu"), "cpu", dtype).requires_grad_()
    array = tensors.to_numpy(t, copy=False)
    assert np.shares_memory(array, t.detach().numpy()), "copy=False made a copy"
    array[...] = 7.0
    assert bool((t.detach() == 7.0).all()), "writing the view did not change the tensor"


@pytest.mark.bad_input
@pytest.mark.parametrize("dtype", NUMPY_LACKS, ids=dtype_id)
def test_to_numpy_without_copy_refuses_a_dtype_numpy_lacks(rng, dtype):
    t = randn(3, rng, "cpu").to(dtype)
    raises_naming_the_problem(
        lambda: tensors.to_numpy(t, copy=False), ValueError, rf"{dtype_id(dtype)}.*copy=True"
    )


@pytest.mark.cuda
@pytest.mark.bad_input
def test_to_numpy_without_copy_refuses_a_cuda_tensor(rng):
    t = randn(3, rng, "cpu").cuda()
    raises_naming_the_problem(
        lambda: tensors.to_numpy(t, copy=False), ValueError, r"cuda.*copy=True"
    )


@pytest.mark.bad_input
@pytest.mark.parametrize("value", [[1.0, 2.0], np.zeros(3), 1.5], ids=["list", "ndarray", "float"])
def test_to_numpy_refuses_anything_but_a_tensor(value):
    for copy in (True, False):
        raises_naming_the_problem(
            functools.partial(tensors.to_numpy, value, copy=copy), TypeError, r"torch\.Tensor, got"
        )
