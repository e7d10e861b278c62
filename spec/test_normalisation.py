"""I6: what BatchNorm and LayerNorm normalise, in which mode, and what they leave unsolved:
the backward pass of a deep normalised network at initialisation."""

from __future__ import annotations

import math

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from dlspec import normalisation, propagation, testing
from dlspec.harness.impls import REGISTRY

from .support import F64, SEEDS, Both

EPS = 1e-5
BATCHES = st.integers(2, 32)
FEATURES = st.integers(1, 16)


def standardised(x, dims):
    """(x - mean) / sqrt(biased var + eps) over ``dims``: the formula both layers apply."""
    mean = x.mean(dim=dims, keepdim=True)
    return (x - mean) / torch.sqrt(x.var(dim=dims, unbiased=False, keepdim=True) + EPS)


@pytest.mark.claim("I6")
@given(batch=BATCHES, features=FEATURES, length=st.sampled_from([None, 1, 5]), seed=SEEDS)
def test_batchnorm_in_training_standardises_each_feature_over_the_batch(
    impl, device, seeded, evidence, batch, features, length, seed
):
    shape = (batch, features) if length is None else (batch, features, length)
    generator = seeded(seed, device)
    x = 3 * torch.randn(shape, generator=generator, device=device, dtype=F64) + 2
    layer = impl.nn.BatchNorm1d(features, device=device, dtype=F64)
    layer.train()
    dims = [0] if length is None else [0, 2]
    y = layer(x)
    torch.testing.assert_close(
        y,
        standardised(x, dims),
        rtol=1e-12,
        atol=1e-12,
        msg=lambda m: f"BatchNorm1d (train) {shape} vs (x - batch mean) / sqrt(var + eps): {m}",
    )
    worst = y.mean(dim=dims).abs().max().item()
    evidence.record(
        Both(
            "max |per-feature mean| after BatchNorm (training mode)",
            "批量规范化（训练模式）后的 max |各特征均值|",
        ),
        worst,
        0.0,
        1e-12,
        learner=True,
        params={"shape": shape},
    )
    unbiased = x.var(dim=dims)
    torch.testing.assert_close(
        layer.running_var,
        0.9 + 0.1 * unbiased,
        rtol=1e-12,
        atol=1e-12,
        msg=lambda m: f"running_var after one batch vs 0.9 + 0.1 x unbiased batch var: {m}",
    )
    torch.testing.assert_close(
        layer.running_mean,
        0.1 * x.mean(dim=dims),
        rtol=1e-12,
        atol=1e-12,
        msg=lambda m: f"running_mean after one batch vs 0.1 x batch mean: {m}",
    )


@pytest.mark.claim("I6")
@given(batch=BATCHES, features=FEATURES, steps=st.integers(1, 4), seed=SEEDS)
def test_batchnorm_in_eval_applies_the_running_statistics_not_the_batch(
    impl, device, seeded, evidence, batch, features, steps, seed
):
    generator = seeded(seed, device)
    layer = impl.nn.BatchNorm1d(features, device=device, dtype=F64)
    layer.train()
    for _ in range(steps):
        layer(torch.randn(batch, features, generator=generator, device=device, dtype=F64) + 1)
    layer.eval()
    x = 5 * torch.randn(batch, features, generator=generator, device=device, dtype=F64)
    expected = (x - layer.running_mean) / torch.sqrt(layer.running_var + EPS)
    torch.testing.assert_close(
        layer(x),
        expected,
        rtol=1e-12,
        atol=1e-12,
        msg=lambda m: (
            f"BatchNorm1d (eval) after {steps} steps vs (x - running_mean) / "
            f"sqrt(running_var + eps): {m}"
        ),
    )
    # the batch's own statistics are not used, so its feature means are not removed
    evidence.record(
        Both(
            "max |per-feature mean| after BatchNorm (eval mode)",
            "批量规范化（评估模式）后的 max |各特征均值|",
        ),
        layer(x).mean(dim=0).abs().max(),
        "> 0",
        Both(
            "not asserted: an illustration; the formula above is what is asserted",
            "不作断言：仅作示意；断言的是上面的公式",
        ),
        role="informative",
        params={"batch": batch, "features": features, "steps": steps},
    )


@pytest.mark.claim("I6")
@given(
    batch=st.integers(1, 8), shape=st.lists(st.integers(2, 8), min_size=1, max_size=2), seed=SEEDS
)
def test_layernorm_standardises_each_sample_alike_in_both_modes(
    impl, device, seeded, evidence, batch, shape, seed
):
    z = torch.randn(batch, *shape, generator=seeded(seed, device), device=device, dtype=F64)
    layer = impl.nn.LayerNorm(shape, device=device, dtype=F64)
    dims = list(range(1, z.dim()))
    # at scale 3 eps hardly matters; at 3e-3 the variance is about eps (1e-5) itself, so an
    # eps held to less than float64's precision shows on every draw, not on a rare one
    for scale in (3.0, 3e-3):
        x = scale * z
        for mode in ("train", "eval"):
            getattr(layer, mode)()
            torch.testing.assert_close(
                layer(x),
                standardised(x, dims),
                rtol=1e-12,
                atol=1e-12,
                msg=lambda m, mode=mode, scale=scale: (
                    f"LayerNorm({shape}) ({mode}) on inputs of scale {scale} vs "
                    f"(x - sample mean) / sqrt(var + eps): {m}"
                ),
            )
    x = 3 * z
    worst = layer(x).mean(dim=dims).abs().max().item()
    evidence.record(
        Both("max |per-sample mean| after LayerNorm", "层规范化后的 max |各样本均值|"),
        worst,
        0.0,
        1e-12,
        learner=True,
        params={"shape": (batch, *shape)},
    )


def normalised_network(impl, norm, width, depth, generator, device):
    """depth x (Linear without bias, He weights; norm; ReLU)."""
    layers = []
    for _ in range(depth):
        linear = impl.nn.Linear(width, width, bias=False, device=device, dtype=F64)
        with torch.no_grad():
            linear.weight.copy_(
                torch.randn(width, width, generator=generator, device=device, dtype=F64)
                * math.sqrt(2 / width)
            )
        layers += [linear, getattr(impl.nn, norm)(width, device=device, dtype=F64), impl.nn.ReLU()]
    return layers


def gradient_growth_per_layer(impl, norm, networks, width, depth, batch, generator, device):
    """Per network, log of the per-layer growth of the gradient's second moment from the
    last Linear back to the first (29 steps for 30 layers), at initialisation in training
    mode; and the geometric mean over the networks of the second moment at each Linear, whose
    ratio between layer 1 and the last layer is exactly exp((depth - 1) x mean growth), so the
    figure drawn from it shows the same numbers as its caption."""
    growth, logs = [], []
    for _ in range(networks):
        layers = normalised_network(impl, norm, width, depth, generator, device)
        x = torch.randn(batch, width, generator=generator, device=device, dtype=F64)
        upstream = torch.randn(batch, width, generator=generator, device=device, dtype=F64)
        result = propagation.trace(layers, x, backward=True, upstream=upstream)
        gradient = result.backward["second_moment"][result.rows("Linear")]
        growth.append(torch.log(gradient[0] / gradient[-1]) / (depth - 1))
        logs.append(torch.log(gradient))
    return torch.stack(growth), torch.exp(torch.stack(logs).mean(dim=0))


@pytest.mark.claim("I6", counterexample=True)
@pytest.mark.statistical
def test_batchnorm_leaves_the_gradient_exploding_through_depth_at_initialisation(
    impl, device, rng, evidence
):
    """The layers come from impl; trace is a fixed instrument that reads the gradient at
    every Linear in one backward pass, checked by
    test_the_tracer_records_the_moments_of_every_output_and_its_gradient."""
    width, depth, batch, networks = 64, 30, 64, 6
    growth, batch_norm = gradient_growth_per_layer(
        impl, "BatchNorm1d", networks, width, depth, batch, rng, device
    )
    steady = testing.mean(growth, 0.0, what="log per-layer growth of E[grad^2], BatchNorm")
    assert not steady.ok and steady.measured > 0, (
        f"expected E[grad^2] to grow towards the input: {steady.explain()}"
    )
    factor = math.exp(steady.measured)
    params = {"width": width, "depth": depth, "batch": batch, "networks": networks}
    evidence.record(
        Both(
            "log per-layer growth of E[grad^2] towards the input, BatchNorm + ReLU (0 if the "
            "instability had ended)",
            "E[grad^2] 朝输入方向每层增长的 log，批量规范化 + ReLU（若不稳定已终结则为 0）",
        ),
        steady.measured,
        0.0,
        Both(steady.tolerance, steady.tolerance_zh),
        role="claim",
        params=params,
    )
    evidence.record(
        Both(
            "per-layer growth factor of E[grad^2] towards the input, BatchNorm + ReLU",
            "E[grad^2] 朝输入方向的每层增长倍数，批量规范化 + ReLU",
        ),
        factor,
        1.0,
        key=False,
        role="claim",
        learner=True,
        params=params,
    )
    evidence.record(
        Both(
            f"E[grad^2] at layer 1 / at layer {depth}, {depth - 1} layer-to-layer factors, "
            "BatchNorm + ReLU",
            f"第 1 层与第 {depth} 层的 E[grad^2] 之比（{depth - 1} 个逐层倍数），批量规范化 + ReLU",
        ),
        factor ** (depth - 1),
        1.0,
        key=False,
        role="claim",
        learner=True,
        params=params,
    )
    layer_norm_networks = 2
    layer_norm_growth, layer_norm = gradient_growth_per_layer(
        impl, "LayerNorm", layer_norm_networks, width, depth, batch, rng, device
    )
    layer_norm_factor = math.exp(layer_norm_growth.mean().item())
    figure = Both(
        "E[grad^2] at each Linear's output at initialisation (training mode), geometric mean "
        "over the networks",
        "训练模式下，初始化时每个 Linear 输出处的 E[grad^2]（各网络的几何平均）",
    )
    layer_numbers = list(range(1, depth + 1))
    across = float(f"{factor ** (depth - 1):.2g}")  # two digits: the factor's third is rounded
    axes = (
        Both("layer (1 = nearest the input)", "层（1 = 最靠近输入）"),
        Both(
            "E[grad^2] (squared loss gradient, log scale)", "对数刻度下损失梯度平方的均值 E[grad^2]"
        ),
    )
    evidence.plot(
        figure,
        Both(f"BatchNorm + ReLU ({networks} networks)", f"批量规范化 + ReLU（{networks} 个网络）"),
        layer_numbers,
        batch_norm,
        axes=axes,
        log_y=True,
        role="measured",
        notice=Both(
            f"BatchNorm fixes the forward statistics, yet read from the output back to the "
            f"input the gradient's second moment still grows: each curve is the geometric mean "
            f"over its networks, and the BatchNorm curve grows by about {factor:.3g}× per layer, "
            f"so about {across:,.0f}× over the {depth - 1} steps from layer {depth} to layer 1. "
            f"On this log scale it climbs from layer {depth} to layer 1. With LayerNorm the "
            f"factor is {layer_norm_factor:.2g} per layer ({layer_norm_networks} networks, not "
            "asserted).",
            f"批量规范化固定了前向的统计量，但从输出往输入看，梯度的二阶矩仍在增长：每条曲线是其"
            f"各网络的几何平均，批量规范化的曲线每层约增长 {factor:.3g} 倍，从第 {depth} 层到第 1 "
            f"层的 {depth - 1} 步累计约 {across:,.0f} 倍。在这个对数刻度上，曲线从第 {depth} 层到"
            f"第 1 层上升。层规范化每层的倍数为 {layer_norm_factor:.2g}（仅 "
            f"{layer_norm_networks} 个网络，不作断言）。",
        ),
    )
    evidence.plot(
        figure,
        Both(
            f"LayerNorm + ReLU ({layer_norm_networks} networks)",
            f"层规范化 + ReLU（{layer_norm_networks} 个网络）",
        ),
        layer_numbers,
        layer_norm,
        role="measured",
    )
    evidence.record(
        Both(
            "per-layer growth factor of E[grad^2] towards the input, LayerNorm + ReLU",
            "E[grad^2] 朝输入方向的每层增长倍数，层规范化 + ReLU",
        ),
        layer_norm_factor,
        1.0,
        Both("not asserted: two networks only", "不作断言：仅两个网络"),
        key=False,
        role="informative",
        params=params | {"networks": layer_norm_networks},
    )


@pytest.mark.claim("I6")
@given(batch=BATCHES, features=FEATURES, seed=SEEDS)
def test_dlspec_normalisation_layers_match_torch_in_both_modes(
    device, seeded, evidence, batch, features, seed
):
    """dlspec only: PyTorch's layers, read from the registry, are the reference."""
    reference = REGISTRY["torch"].nn
    generator = seeded(seed, device)
    ours = normalisation.BatchNorm1d(features, device=device, dtype=F64)
    theirs = reference.BatchNorm1d(features, device=device, dtype=F64)
    for step in range(1, 4):
        x = torch.randn(batch, features, generator=generator, device=device, dtype=F64) * 2 + 1
        torch.testing.assert_close(
            ours(x),
            theirs(x),
            rtol=1e-12,
            atol=1e-12,
            msg=lambda m, step=step: f"BatchNorm1d (train), batch {step}, dlspec vs torch: {m}",
        )
    ours.eval()
    theirs.eval()
    torch.testing.assert_close(
        ours(x),
        theirs(x),
        rtol=1e-12,
        atol=1e-12,
        msg=lambda m: f"BatchNorm1d (eval) after 3 batches, dlspec vs torch: {m}",
    )
    layer_ours, layer_theirs = (
        normalisation.LayerNorm(features, device=device, dtype=F64),
        reference.LayerNorm(features, device=device, dtype=F64),
    )
    torch.testing.assert_close(
        layer_ours(x),
        layer_theirs(x),
        rtol=1e-12,
        atol=1e-12,
        msg=lambda m: f"LayerNorm({features}), dlspec vs torch: {m}",
    )
    evidence.record(
        Both(
            "max |dlspec's BatchNorm1d - PyTorch's|, eval mode",
            "max |dlspec 的 BatchNorm1d - PyTorch 的|，评估模式",
        ),
        (ours(x) - theirs(x)).abs().max(),
        0.0,
        1e-12,
        params={"batch": batch, "features": features},
    )
