"""The overfitting experiment: memorising noise (R1), smoother fits under weight decay (R3),
and whether dropout and weight decay lower the held-out error (R4).

Each comparison is paired: the arms share their data sets and initial weights, so the
difference between them is the regulariser's. The t-test's significance is 1e-3 and the
number of data sets is the smallest that misses a true effect of DESIGN_EFFECT standard
deviations with probability below 1e-6; the slow test confirms that the true effects are at
least that large on ten times as many data sets.

The experiment itself (dlspec.experiments: the data, the training loop, the measurements) is
a measuring instrument, the same for every implementation; it trains impl.nn's layers with
impl.optim's optimisers, and the tests after "The instrument itself" below check it.
"""

from __future__ import annotations

import inspect
import math
from types import SimpleNamespace

import pytest
import torch
from scipy import stats

from dlspec import experiments, testing
from dlspec.harness.contract import Absent

from .support import F64, Both, tolerance, unit_roundoff

DESIGN_EFFECT = 1.0
COPIES = testing.paired_samples(DESIGN_EFFECT)
NOISY = {}  # the experiment's defaults: 12 points, noise standard deviation 0.5
QUIET = {"noise": 0.05}
LOWERS = {"dropout 0.2": {"dropout": 0.2}, "weight_decay 0.01": {"weight_decay": 0.01}}
RAISES = {"dropout 0.5": {"dropout": 0.5}, "weight_decay 0.01": {"weight_decay": 0.01}}
# the regularisers' names on the report's Chinese page
CHINESE = {
    "dropout 0.2": "丢弃法 0.2",
    "dropout 0.5": "丢弃法 0.5",
    "weight_decay 0.01": "权重衰减 0.01",
}
MEASURES = {"weight_norm": "权重范数", "roughness": "粗糙度"}
NOT_ASSERTED = Both(
    "informative: the paired t-test on the mean log ratio above is the assertion",
    "仅供参考：断言的是上面对数比均值的配对 t 检验",
)


def log_ratio(numerator, denominator):
    return torch.log(numerator.double() / denominator.double())


def arm(copies=COPIES, **change):
    """The parameters of an arm of the experiment, for a learner's record."""
    setting = experiments.Setting(**change)
    params = {"noise sd": setting.noise, "points": setting.points, "steps": setting.steps}
    if setting.dropout is not None:
        params["p"] = setting.dropout
    if setting.weight_decay:
        params["weight_decay"] = setting.weight_decay
    return params | {"data sets": copies}


def improves(evidence, differences, what, claim, zh, params, learner=True):
    check = testing.paired_improvement(differences.cpu(), DESIGN_EFFECT, what=what)
    evidence.check(check, claim=claim, zh=zh, learner=learner, params=params)
    # negative control: the same test must reject the opposite direction
    reversed_check = testing.paired_improvement(-differences.cpu(), DESIGN_EFFECT)
    assert not reversed_check.ok, (
        f"negative control: the t-test also accepted the reversed {what}: "
        f"{reversed_check.explain()}"
    )


@pytest.mark.relies_on("optim.Adam")
@pytest.mark.claim("R1")
@pytest.mark.statistical
def test_the_unregularised_network_fits_the_noise_of_its_training_points(
    impl, device, experiment, evidence
):
    """The experiment is a fixed instrument, checked by the tests after "The instrument
    itself" below."""
    base = experiment(impl, device, COPIES, **NOISY)
    noise_variance = experiments.Setting().noise ** 2
    improves(
        evidence,
        log_ratio(torch.full_like(base.train_error, noise_variance), base.train_error),
        "mean log(noise variance / training error)",
        "R1",
        "log(噪声方差 / 训练误差) 的均值",
        arm(**NOISY),
    )
    evidence.record(
        Both(
            "median training error, against the noise variance",
            "训练误差的中位数，对照噪声方差",
        ),
        base.train_error.median(),
        f"< {noise_variance}",
        Both(
            "informative: the t-test on the mean log ratio above is the assertion",
            "仅供参考：断言的是上面对数比均值的 t 检验",
        ),
        role="informative",
        params=arm(**NOISY),
    )
    evidence.record(
        Both(
            "median held-out error of the same fits, against their median training error",
            "同一批拟合的留出误差中位数，对照其训练误差中位数",
        ),
        base.held_out_error.median(),
        f"> {base.train_error.median().item():.4g}",
        Both("informative: shown for scale, not asserted", "仅供参考：用来对照量级，不作断言"),
        role="informative",
        params=arm(**NOISY),
    )


@pytest.mark.relies_on("optim.Adam")
@pytest.mark.claim("R4")
@pytest.mark.statistical
@pytest.mark.parametrize("regulariser", LOWERS, ids=list(LOWERS))
def test_on_noisy_data_each_regulariser_lowers_the_held_out_error(
    impl, device, experiment, evidence, regulariser
):
    """The experiment is a fixed instrument, checked by the tests after "The instrument
    itself" below."""
    base = experiment(impl, device, COPIES, **NOISY)
    regularised = experiment(impl, device, COPIES, **NOISY, **LOWERS[regulariser])
    zh = CHINESE[regulariser]
    params = arm(**NOISY, **LOWERS[regulariser])
    improves(
        evidence,
        log_ratio(base.held_out_error, regularised.held_out_error),
        f"mean log(held-out error without / with {regulariser}), noise sd 0.5",
        "R4",
        f"留出误差之比 log(不加正则 / 加{zh}) 的均值，噪声标准差 0.5",
        params,
    )
    fits = Both(
        f"fits to one noisy data set: without and with {regulariser}",
        f"对同一个带噪数据集的拟合：不加正则与加{zh}",
    )
    axes = (
        Both("x (input, dimensionless)", "x（输入，无量纲）"),
        Both("y (target, dimensionless)", "y（目标值，无量纲）"),
    )
    before, after = base.held_out_error[0].item(), regularised.held_out_error[0].item()
    fitted, noise = base.train_error[0].item(), experiments.Setting(**NOISY).noise ** 2
    evidence.plot(
        fits,
        Both("training points", "训练点"),
        base.x_train,
        base.y_train[0],
        kind="points",
        axes=axes,
        role="measured",
        notice=Both(
            f"The unregularised curve bends towards the noisy training points instead of "
            f"following x^2 (training error {fitted:.3g}, against a noise variance of "
            f"{noise:.3g}): it fits the noise. Held-out error on this data set: {before:.3g} "
            f"without, {after:.3g} with {regulariser}.",
            f"不加正则的曲线偏向带噪的训练点，而不是沿着 x^2 走（训练误差 {fitted:.3g}，噪声方差 "
            f"{noise:.3g}）：它拟合了噪声。这个数据集上的留出误差：不加正则为 {before:.3g}，加{zh} "
            f"后为 {after:.3g}。",
        ),
    )
    evidence.plot(
        fits, Both("true curve x^2", "真实曲线 x^2"), base.x_grid, base.x_grid**2, role="precise"
    )
    evidence.plot(
        fits, Both("unregularised", "不加正则"), base.x_grid, base.curves[0], role="measured"
    )
    evidence.plot(fits, Both(regulariser, zh), base.x_grid, regularised.curves[0], role="measured")
    errors = Both(
        f"held-out error per data set, without and with {regulariser}",
        f"每个数据集的留出误差：不加正则与加{zh}",
    )
    below = int((regularised.held_out_error < base.held_out_error).sum())
    evidence.plot(
        errors,
        Both("one data set", "一个数据集"),
        base.held_out_error,
        regularised.held_out_error,
        kind="points",
        axes=(
            Both(
                "held-out MSE without (squared target units)",
                "不加正则的留出均方误差（目标值单位的平方）",
            ),
            Both("held-out MSE with (same units)", "加正则的留出均方误差（单位同左）"),
        ),
        role="measured",
        notice=Both(
            f"A point below the diagonal is a data set on which {regulariser} lowered the "
            f"held-out error: {below} of {len(base.held_out_error)} here. The test asserts the "
            f"average over data sets (a paired t-test), not every data set.",
            f"落在对角线下方的点，是加{zh} 后留出误差降低的数据集：这里是 "
            f"{len(base.held_out_error)} 个中的 {below} 个。测试断言的是对数据集的平均（配对 t "
            f"检验），不是每一个数据集。",
        ),
    )
    diagonal = [0.0, base.held_out_error.max().item()]
    evidence.plot(errors, Both("equal errors", "误差相等"), diagonal, diagonal, role="informative")
    evidence.record(
        Both(
            f"median held-out error with {regulariser}, noise sd 0.5, against the unregularised "
            f"median",
            f"加{zh} 的留出误差中位数，噪声标准差 0.5，对照不加正则的中位数",
        ),
        regularised.held_out_error.median(),
        f"< {base.held_out_error.median().item():.4g}",
        NOT_ASSERTED,
        role="informative",
        params=params,
    )


@pytest.mark.relies_on("optim.Adam")
@pytest.mark.claim("R4", counterexample=True)
@pytest.mark.statistical
@pytest.mark.parametrize("regulariser", RAISES, ids=list(RAISES))
def test_on_nearly_noiseless_data_a_regulariser_raises_the_held_out_error(
    impl, device, experiment, evidence, regulariser
):
    """The experiment is a fixed instrument, checked by the tests after "The instrument
    itself" below."""
    base = experiment(impl, device, COPIES, **QUIET)
    regularised = experiment(impl, device, COPIES, **QUIET, **RAISES[regulariser])
    improves(
        evidence,
        log_ratio(regularised.held_out_error, base.held_out_error),
        f"mean log(held-out error with / without {regulariser}), noise sd 0.05",
        "R4",
        f"留出误差之比 log(加{CHINESE[regulariser]} / 不加正则) 的均值，噪声标准差 0.05",
        arm(**QUIET, **RAISES[regulariser]),
    )


@pytest.mark.claim("R3")
@pytest.mark.statistical
@pytest.mark.parametrize("measure", ["weight_norm", "roughness"])
def test_weight_decay_gives_smaller_weights_and_a_smoother_curve(
    impl, device, experiment, evidence, measure
):
    """The experiment is a fixed instrument, checked by the tests after "The instrument
    itself" below."""
    base = experiment(impl, device, COPIES, **NOISY)
    decayed = experiment(impl, device, COPIES, **NOISY, weight_decay=0.01)
    params = arm(**NOISY, weight_decay=0.01)
    # the roughness is the learner's record: the figure below shows it
    improves(
        evidence,
        log_ratio(getattr(base, measure), getattr(decayed, measure)),
        f"mean log({measure} without / with weight_decay 0.01)",
        "R3",
        f"{MEASURES[measure]}之比 log(不加 / 加权重衰减 0.01) 的均值",
        params,
        learner=measure == "roughness",
    )
    figure = Both(
        "fitted curves without and with weight decay (four data sets)",
        "不加与加权重衰减的拟合曲线（四个数据集）",
    )
    rough, smooth = base.roughness.median().item(), decayed.roughness.median().item()
    flatter = int((decayed.roughness[:4] < base.roughness[:4]).sum())
    notice = Both(
        f"Weight decay flattens the fits: over the {len(base.roughness)} data sets the median "
        f"roughness (the total variation of the curve's slope) falls from {rough:.3g} to "
        f"{smooth:.3g}, and here {flatter} of the 4 dashed curves bend less than the solid "
        f"curve of their data set.",
        f"权重衰减让拟合曲线变平：在 {len(base.roughness)} 个数据集上，粗糙度（曲线斜率的总变差）"
        f"的中位数从 {rough:.3g} 降到 {smooth:.3g}；图中 4 条虚线里有 {flatter} 条比同一数据集的"
        f"实线弯得少。",
    )
    for k in range(4):
        evidence.plot(
            figure,
            Both(f"data set {k + 1}, without weight decay", f"数据集 {k + 1}，不加权重衰减"),
            base.x_grid,
            base.curves[k],
            axes=(
                Both("x (input, dimensionless)", "x（输入，无量纲）"),
                Both("y (fitted, dimensionless)", "y（拟合值，无量纲）"),
            ),
            role="measured",
            notice=notice if k == 0 else None,
            group=f"set {k}",
        )
        evidence.plot(
            figure,
            Both(f"data set {k + 1}, weight_decay 0.01", f"数据集 {k + 1}，权重衰减 0.01"),
            base.x_grid,
            decayed.curves[k],
            role="measured",
            group=f"set {k}",
            dashed=True,
        )
    evidence.record(
        Both(
            f"median {measure} with weight_decay 0.01, against the median without",
            f"加权重衰减 0.01 时{MEASURES[measure]}的中位数，对照不加时的中位数",
        ),
        getattr(decayed, measure).median(),
        f"< {getattr(base, measure).median().item():.4g}",
        NOT_ASSERTED,
        role="informative",
        params=params,
    )


@pytest.mark.claim("R4")
def test_training_the_copies_together_is_training_each_alone(impl, device, derive_seed):
    setting = experiments.Setting(steps=40, weight_decay=0.01, dtype=F64)
    data_seeds = [derive_seed("alone", k) for k in range(3)]
    init_seeds = [derive_seed("alone init", k) for k in range(3)]
    together = experiments.run(
        setting,
        data_seeds,
        init_seeds,
        nn=impl.nn,
        optim=impl.optim,
        vectorised=impl.capabilities.runs_under_torch_func,
        device=device,
    )
    alone = experiments.run(
        setting,
        data_seeds[1:2],
        init_seeds[1:2],
        nn=impl.nn,
        optim=impl.optim,
        vectorised=impl.capabilities.runs_under_torch_func,
        device=device,
    )
    torch.testing.assert_close(
        together.curves[1:2],
        alone.curves,
        rtol=tolerance(impl, 1e-9, 1e-5),
        atol=tolerance(impl, 1e-12, 1e-6),
        msg=lambda m: f"curve of copy 1 trained with two others vs trained alone: {m}",
    )


TRAINING = {"together": True, "one at a time": False}  # experiments.run(vectorised=...)


def vectorised(impl, training: str) -> bool:
    """Whether ``training`` ("together" or "one at a time") is vectorised; Absent where
    the implementation's layers cannot train together (they do not run under torch.func)."""
    if TRAINING[training] and not impl.capabilities.runs_under_torch_func:
        raise Absent(f"{impl.name}'s layers do not run under torch.func: one copy at a time only")
    return TRAINING[training]


@pytest.mark.claim("R4")
@pytest.mark.parametrize("optimiser", ["SGD", "Adam", "AdamW"])
def test_one_copy_at_a_time_gives_the_fits_of_the_copies_trained_together(
    impl, device, derive_seed, optimiser
):
    """The experiment's fallback for layers torch.func cannot run: each copy trained alone,
    with an optimiser of its own, fits what the copies trained together under vmap fit."""
    vectorised(impl, "together")
    setting = experiments.Setting(steps=40, weight_decay=0.01, optimiser=optimiser, dtype=F64)
    seeds = {
        "data_seeds": [derive_seed("fallback", k) for k in range(3)],
        "init_seeds": [derive_seed("fallback init", k) for k in range(3)],
    }
    fits = {
        training: experiments.run(
            setting, **seeds, nn=impl.nn, optim=impl.optim, device=device, vectorised=flag
        )
        for training, flag in TRAINING.items()
    }
    together, alone = fits["together"], fits["one at a time"]
    # roughness is computed from the curves by the same code either way; as a sum of second
    # differences it magnifies their rounding, which float32 arithmetic (Keras) makes visible
    measured = ["train_error", "held_out_error", "weight_norm", "curves"]
    for name, one, other in [
        *[(field, getattr(alone, field), getattr(together, field)) for field in measured],
        *[(f"final {key}", alone.final[key], together.final[key]) for key in together.final],
    ]:
        torch.testing.assert_close(
            one,
            other,
            rtol=tolerance(impl, 1e-9, 1e-5),
            atol=tolerance(impl, 1e-12, 1e-6),
            msg=lambda m, name=name: f"{name}, one copy at a time vs together ({optimiser}): {m}",
        )
    for key, start in together.initial.items():
        assert torch.equal(alone.initial[key], start), f"initial {key} differs between the two"


@pytest.mark.claim("R4")
@pytest.mark.parametrize("training", TRAINING)
def test_each_copy_draws_its_own_dropout_masks(impl, device, evidence, training):
    # two copies with the same data and initial weights differ only through their masks;
    # equal curves would mean shared masks, and correlated copies would void the t-test
    flag = vectorised(impl, training)
    setting = experiments.Setting(steps=20, dropout=0.5, dtype=F64)
    fits = experiments.run(
        setting, [1, 1], [2, 2], nn=impl.nn, optim=impl.optim, device=device, vectorised=flag
    )
    spread = (fits.curves[0] - fits.curves[1]).abs().max().item()
    assert spread > 1e-3, (
        f"max |curve of copy 1 - copy 2|, same data and start, dropout 0.5 = {spread:.3g}, "
        f"expected > 1e-3 (shared masks give 0)"
    )
    unregularised = experiments.run(
        experiments.Setting(steps=20, dtype=F64),
        [1, 1],
        [2, 2],
        nn=impl.nn,
        optim=impl.optim,
        device=device,
        vectorised=flag,
    )
    identical = (unregularised.curves[0] - unregularised.curves[1]).abs().max().item()
    assert torch.equal(unregularised.curves[0], unregularised.curves[1]), (
        f"max |curve of copy 1 - copy 2|, same data and start, no dropout = {identical:.3g}, "
        f"expected 0"
    )
    evidence.record(
        Both(
            "max |curve of copy 1 - copy 2|, same data and start",
            "max |副本 1 的曲线 - 副本 2 的曲线|，数据与初始权重相同",
        ),
        spread,
        "> 0.001",
        Both("shared masks would give exactly 0", "共用掩码会恰好得到 0"),
        params={"p": 0.5, "steps": 20, "vectorised": flag},
    )


@pytest.mark.relies_on("optim.Adam")
@pytest.mark.slow
@pytest.mark.statistical
@pytest.mark.claim("R1", "R3", "R4")
def test_every_comparison_has_at_least_the_design_effect_on_ten_times_more_data(
    impl, device, experiment, evidence
):
    """The experiment is a fixed instrument, checked by the tests after "The instrument
    itself" below."""
    copies = 10 * COPIES
    noise_variance = experiments.Setting().noise ** 2

    def fits(setting, **change):
        return experiment(impl, device, copies, **setting, **change)

    chinese = {
        "R1 log(noise variance / training error)": "R1 log(噪声方差 / 训练误差)",
        "R3 log weight norm ratio": "R3 权重范数之比的 log",
        "R3 log roughness ratio": "R3 粗糙度之比的 log",
    }
    chinese |= {f"R4 noisy, {name}": f"R4 带噪，{CHINESE[name]}" for name in LOWERS}
    chinese |= {f"R4 quiet, {name}": f"R4 低噪，{CHINESE[name]}" for name in RAISES}
    differences = {
        "R1 log(noise variance / training error)": log_ratio(
            torch.full((copies,), noise_variance), fits(NOISY).train_error.cpu()
        ),
        "R3 log weight norm ratio": log_ratio(
            fits(NOISY).weight_norm, fits(NOISY, weight_decay=0.01).weight_norm
        ),
        "R3 log roughness ratio": log_ratio(
            fits(NOISY).roughness, fits(NOISY, weight_decay=0.01).roughness
        ),
    }
    for name, change in LOWERS.items():
        differences[f"R4 noisy, {name}"] = log_ratio(
            fits(NOISY).held_out_error, fits(NOISY, **change).held_out_error
        )
    for name, change in RAISES.items():
        differences[f"R4 quiet, {name}"] = log_ratio(
            fits(QUIET, **change).held_out_error, fits(QUIET).held_out_error
        )
    bounds = {name: testing.effect_lower_bound(d.cpu()) for name, d in differences.items()}
    for name, bound in bounds.items():
        evidence.record(
            Both(
                f"{name}: effect lower bound (sd), {copies} data sets",
                f"{chinese[name]}：效应下界（以标准差计），{copies} 个数据集",
            ),
            bound,
            f">= {DESIGN_EFFECT}",
            Both("one-sided, false failure 1e-06", "单侧，误报概率 1e-06"),
            claim=name[:2],
            params={"data sets": copies},
        )
    assert min(bounds.values()) >= DESIGN_EFFECT, (
        f"effect lower bounds (sd) {bounds}, expected each >= {DESIGN_EFFECT}"
    )


# The instrument itself: the data, the measurements, the seeds and the training loop that the
# verdicts above rest on.

SD_ERROR = 0.03  # a noise standard deviation or an init bound off by this much must be caught


def network_of(impl, device, setting, parameters, k):
    """Copy k of the stacked ``parameters`` (Fits.initial or Fits.final) as an ordinary network."""
    network = experiments.build(setting, 0, impl.nn, device)
    network.load_state_dict({name: p[k] for name, p in parameters.items()})
    return network


def rounding_bound(impl, network, x):
    """How far two evaluations of a one-hidden-layer ReLU network f(x) = sum_i v_i relu(w_i x +
    b_i) + c, in any summation order, can differ: 2 gamma_{n+3} S with S = sum_i |v_i| (|w_i x|
    + |b_i|) + |c| and gamma_m = m u / (1 - m u) (Higham's dot-product bound: a hidden unit is
    off by gamma_2 (|w_i x| + |b_i|), relu passes that on, and the output's n + 1 terms add
    gamma_{n+1}). S is itself computed to within a factor 1 + gamma_{n+3}, hence 3 gamma.
    Where the arithmetic rounds to a narrower type (``Capabilities.float64_arithmetic``),
    u is that type's and rounding the two operands of each product adds 2 to m."""
    first, last = [module for module in network.modules() if hasattr(module, "in_features")]
    u = unit_roundoff(impl, x.dtype)
    m = first.out_features + 3 + (2 if u > torch.finfo(x.dtype).eps / 2 else 0)
    size = (x.abs() @ first.weight.abs().T + first.bias.abs()) @ last.weight.abs().T
    return 3 * m * u / (1 - m * u) * (size + last.bias.abs())


def spying(family):
    """An optimiser family like ``family`` whose optimisers report to the returned list: the
    optimiser's name, the arguments it received (defaults filled in) and its number of steps."""
    calls = []

    def wrap(name):
        real = getattr(family, name)

        def make(*args, **kwargs):
            arguments = inspect.signature(real).bind(*args, **kwargs)
            arguments.apply_defaults()
            call = {"name": name, "arguments": arguments.arguments, "steps": 0}
            calls.append(call)
            optimiser = real(*args, **kwargs)
            step = optimiser.step

            def counted():
                call["steps"] += 1
                step()

            optimiser.step = counted
            return optimiser

        return make

    return SimpleNamespace(**{name: wrap(name) for name in ("SGD", "Adam", "AdamW")}), calls


@pytest.mark.claim("R1", "R4")
def test_the_training_inputs_and_the_held_out_grid_are_evenly_spaced_from_minus_one_to_one(
    device, derive_seed, evidence
):
    """The inputs do not depend on the layers or the optimiser, so one run with the
    experiment's default families serves every implementation."""
    setting = experiments.Setting(steps=1)  # float32, as the experiment runs
    fits = experiments.run(
        setting, [derive_seed("grid data")], [derive_seed("grid init")], device=device
    )
    # linspace rounds the step, its multiple (|k step| <= 2) and the sum: within 5u (1 + u)
    bound = 6 * torch.finfo(setting.dtype).eps / 2
    for what, chinese, x, n in (
        ("training", "训练", fits.x_train, setting.points),
        ("grid", "网格", fits.x_grid, setting.grid),
    ):
        exact = -1 + 2 * torch.arange(n, dtype=F64) / (n - 1)
        assert x.shape == (n,), f"{what} inputs: shape {tuple(x.shape)}, expected ({n},)"
        gap = (x.cpu().double() - exact).abs().max().item()
        assert gap <= bound, f"{what}: max |x - (-1 + 2k/(n-1))| = {gap:.3g} > {bound:.3g}"
        evidence.record(
            Both(
                f"max |{what} input - (-1 + 2k/(n-1))|, n = {n}",
                f"max |{chinese}输入 - (-1 + 2k/(n-1))|，n = {n}",
            ),
            gap,
            0.0,
            Both(f"<= {bound:.3g} (6 unit roundoffs)", f"<= {bound:.3g}（6 个单位舍入误差）"),
            claim="R4",
            params={"dtype": "float32"},
        )


@pytest.mark.claim("R1", "R4")
@pytest.mark.statistical
def test_the_training_targets_carry_exactly_the_declared_gaussian_noise(
    device, derive_seed, evidence
):
    setting = experiments.Setting()  # the experiment's 12 points and noise sd 0.5
    variance = setting.noise**2
    copies = math.ceil(testing.chi_square_samples(1 - (1 - SD_ERROR) ** 2) / setting.points)
    seeds = [derive_seed("noise", k) for k in range(copies)]
    x, y = experiments.training_data(setting, seeds, device)
    # float32 rounding moves a residual by at most ~2u (x^2 + |noise|) < 1e-6, a relative
    # change of the mean square below 1e-5: far inside the tolerance of a few percent
    residuals = (y - x**2).squeeze(2).cpu().double()  # (data sets, points)
    pooled = testing.variance(
        residuals, variance, known_mean=0, what="mean square of y_train - x^2 (noise variance)"
    )
    for factor in (1 - SD_ERROR, 1 + SD_ERROR):
        power = pooled.power(variance * factor**2)
        assert power > 1 - 1e-6, (
            f"power against a noise sd {factor} times the declared one = {power!r}, "
            f"expected > 1 - 1e-6"
        )
    evidence.check(pooled, claim="R1", zh="y_train - x^2 的均方（噪声方差）")
    gaussian_tail = 2 * stats.norm.sf(1)
    outside = int((residuals.abs() > setting.noise).sum())
    evidence.check(
        testing.proportion(
            outside, residuals.numel(), gaussian_tail, "fraction of |y_train - x^2| > noise sd"
        ),
        claim="R4",
        zh="|y_train - x^2| 超过噪声标准差的比例",
    )
    # independence: a draw shared by a data set's points, or by all data sets, inflates these
    evidence.check(
        testing.variance(
            residuals.mean(dim=1),
            variance / setting.points,
            known_mean=0,
            what="variance of a data set's mean residual (noise variance / points)",
        ),
        claim="R4",
        zh="一个数据集平均残差的方差（噪声方差 / 点数）",
    )
    evidence.check(
        testing.variance(
            residuals.mean(dim=0),
            variance / copies,
            known_mean=0,
            what="variance of a point's mean residual over data sets (noise variance / sets)",
        ),
        claim="R4",
        zh="一个点跨数据集平均残差的方差（噪声方差 / 数据集数）",
    )
    # negative controls: another curve, or a noise sd off by SD_ERROR, fails the same check
    against_a_line = (y - x).squeeze(2).cpu().double()
    line = testing.variance(against_a_line, variance, known_mean=0)
    assert not line.ok, f"negative control: y_train - x accepted: {line.explain()}"
    for factor in (1 - SD_ERROR, 1 + SD_ERROR):
        scaled = testing.variance(residuals * factor, variance, known_mean=0)
        assert not scaled.ok, (
            f"negative control: residuals scaled by {factor} accepted: {scaled.explain()}"
        )


@pytest.mark.claim("R1", "R4")
def test_the_errors_are_those_of_the_trained_network_in_eval_mode_and_repeat_bit_for_bit(
    impl, device, derive_seed, evidence
):
    # grid = points puts the held-out grid on the training inputs, so one set of curves gives
    # both errors; dropout 0.5 makes a measurement in train mode visible
    setting = experiments.Setting(steps=10, dropout=0.5, grid=12, dtype=F64)
    seeds = {
        "data_seeds": [derive_seed("eval data", k) for k in range(3)],
        "init_seeds": [derive_seed("eval init", k) for k in range(3)],
        "dropout_seed": derive_seed("eval masks"),
    }
    first, second = (
        experiments.run(
            setting,
            **seeds,
            nn=impl.nn,
            optim=impl.optim,
            vectorised=impl.capabilities.runs_under_torch_func,
            device=device,
        )
        for _ in range(2)
    )
    fields = ("train_error", "held_out_error", "weight_norm", "roughness", "curves")
    differing = {f: int((getattr(first, f) != getattr(second, f)).sum()) for f in fields}
    assert not any(differing.values()), f"values that differ between two runs: {differing}"
    assert torch.equal(first.x_grid, first.x_train), (
        f"grid {first.x_grid.tolist()}, expected the training inputs {first.x_train.tolist()}"
    )
    held_out = ((first.curves - first.x_grid**2) ** 2).mean(dim=1)
    assert torch.equal(first.held_out_error, held_out), (
        f"held-out error {first.held_out_error.tolist()}, expected mean (curve - x^2)^2 = "
        f"{held_out.tolist()}"
    )
    train = ((first.curves - first.y_train) ** 2).mean(dim=1)
    assert torch.equal(first.train_error, train), (
        f"training error {first.train_error.tolist()}, expected mean (curve - y)^2 = "
        f"{train.tolist()}"
    )
    x = first.x_grid.unsqueeze(1)
    worst = 0.0
    for k in range(3):
        network = network_of(impl, device, setting, first.final, k)
        with torch.no_grad():
            bound = rounding_bound(impl, network, x).squeeze(1)
            predicted = network.eval()(x).squeeze(1)
            gap = (first.curves[k] - predicted).abs()
            assert (gap <= bound).all(), (
                f"copy {k}: max |curve - eval-mode forward| / rounding bound = "
                f"{(gap / bound).max():.3g}, expected <= 1"
            )
            worst = max(worst, (gap / bound).max().item())
            # negative control: the same network with its masks on is far outside the bound
            # (the autouse fixture restores the global generator the masks come from)
            torch.manual_seed(derive_seed("eval control", k))
            masked = network.train()(x).squeeze(1)
            assert ((first.curves[k] - masked).abs() > bound).any(), (
                f"negative control, copy {k}: the train-mode forward (masks on) is within the "
                f"rounding bound of the curve everywhere, expected outside somewhere"
            )
    evidence.record(
        Both(
            "max |curve - eval-mode forward of the trained weights| / rounding bound",
            "max |曲线 - 训练后权重在评估模式下的前向| / 舍入误差界",
        ),
        worst,
        "<= 1",
        Both(
            "bound 3 gamma_{n+3} (sum |v| (|w x| + |b|) + |c|), Higham's dot-product analysis",
            "误差界 `3 gamma_{n+3} (sum |v| (|w x| + |b|) + |c|)`，由点积的舍入误差分析得出",
        ),
        claim="R4",
        params={"p": 0.5, "steps": 10},
    )
    evidence.record(
        Both(
            "measured values that differ between two runs with the same seeds",
            "种子相同的两次运行之间不同的测量值个数",
        ),
        sum(differing.values()),
        0,
        claim="R1",
        params={"p": 0.5, "steps": 10},
    )


@pytest.mark.claim("R5")
def test_each_seed_changes_only_its_own_source_of_randomness(impl, device, derive_seed, evidence):
    def fits(dropout=0.5, data="data", init="init", masks="masks"):
        return experiments.run(
            experiments.Setting(steps=5, dropout=dropout, dtype=F64),
            [derive_seed("sources", data, k) for k in range(2)],
            [derive_seed("sources", init, k) for k in range(2)],
            derive_seed("sources", masks),
            nn=impl.nn,
            optim=impl.optim,
            vectorised=impl.capabilities.runs_under_torch_func,
            device=device,
        )

    def every_copy_differs(a, b):
        return bool((a != b).flatten(1).any(dim=1).all())

    def changed(a, b):
        """What differs between two runs: for each source, in every copy or in none."""
        sources = {"data": (a.y_train, b.y_train), "curves": (a.curves, b.curves)}
        sources |= {f"initial {name}": (a.initial[name], b.initial[name]) for name in a.initial}
        for name, (one, other) in sources.items():
            assert torch.equal(one, other) or every_copy_differs(one, other), (
                f"{name}: differs in some copies only, expected in every copy or in none"
            )
        return [name for name, (one, other) in sources.items() if not torch.equal(one, other)]

    base = fits()
    initial = [f"initial {name}" for name in base.initial]
    expected = {
        "data_seeds": ["data", "curves"],
        "init_seeds": ["curves", *initial],
        "dropout_seed, dropout 0.5": ["curves"],
        "dropout_seed, no dropout": [],
    }
    measured = {
        "data_seeds": changed(base, fits(data="other data")),
        "init_seeds": changed(base, fits(init="other init")),
        "dropout_seed, dropout 0.5": changed(base, fits(masks="other masks")),
    }
    plain, reseeded = fits(dropout=None), fits(dropout=None, masks="other masks")
    measured["dropout_seed, no dropout"] = changed(plain, reseeded)
    for field in ("train_error", "held_out_error", "weight_norm", "roughness"):
        assert torch.equal(getattr(plain, field), getattr(reseeded, field)), (
            f"{field} without dropout changed with the dropout seed, expected unchanged"
        )
    assert measured == expected, f"what each seed changes: {measured}, expected {expected}"
    chinese = {
        "data_seeds": "只改变 data_seeds 时改变的量",
        "init_seeds": "只改变 init_seeds 时改变的量",
        "dropout_seed, dropout 0.5": "只改变 dropout_seed 时改变的量，丢弃法 0.5",
        "dropout_seed, no dropout": "只改变 dropout_seed 时改变的量，不用丢弃法",
    }

    def shown(sources):
        """The sources as the fields of the experiment's result, code on both pages."""
        fields = {"data": "y_train", "curves": "curves"}
        return (
            ", ".join(
                f"fits.{fields[s]}" if s in fields else f"fits.initial['{s.split(' ', 1)[1]}']"
                for s in sources
            )
            or "∅"
        )

    for seed, sources in measured.items():
        evidence.record(
            Both(f"what changing only {seed} changes", chinese[seed]),
            shown(sources),
            shown(expected[seed]),
        )


@pytest.mark.claim("R4", "R5")
@pytest.mark.statistical
def test_the_initial_weights_and_biases_are_uniform_on_plus_minus_one_over_root_fan_in(
    impl, device, derive_seed, evidence
):
    # w / bound is uniform on [-1, 1]: its mean is 0 (variance 1/3), its square's mean 1/3
    # (variance 1/5 - 1/9 = 4/45). A wide hidden layer gives each weight tensor, and the
    # hidden biases, enough values that a bound off by SD_ERROR is caught; the output bias
    # (one value per network) is held to the bound only
    shift = (1 - (1 - SD_ERROR) ** 2) / 3
    z = stats.norm.isf(testing.FALSE_FAILURE / 2) + stats.norm.isf(testing.FALSE_FAILURE)
    needed = (z * math.sqrt(4 / 45) / shift) ** 2
    copies = 4
    setting = experiments.Setting(hidden=(math.ceil(needed / copies),), steps=1, dtype=F64)
    fits = experiments.run(
        setting,
        [derive_seed("uniform data", k) for k in range(copies)],
        [derive_seed("uniform init", k) for k in range(copies)],
        nn=impl.nn,
        optim=impl.optim,
        vectorised=impl.capabilities.runs_under_torch_func,
        device=device,
    )
    for name, values in fits.initial.items():
        fan_out, fan_in = fits.initial[name.rsplit(".", 1)[0] + ".weight"].shape[1:]
        bound = fan_in**-0.5
        scaled = values.cpu() / bound
        largest = scaled.abs().max().item()
        assert largest <= 1, f"max |{name}| / bound = {largest!r}, expected <= 1"
        if scaled.numel() < needed:
            continue
        evidence.check(
            testing.mean(scaled, 0.0, 1 / 3, f"mean of {name} / bound"),
            claim="R5",
            zh=f"{name} / 界 的均值",
        )
        square = testing.mean(scaled**2, 1 / 3, 4 / 45, f"mean of ({name} / bound)^2")
        evidence.check(square, claim="R5", zh=f"({name} / 界)^2 的均值")
        for factor in (1 - SD_ERROR, 1 + SD_ERROR):
            power = square.power(factor**2 / 3)
            assert power > 1 - 1e-6, (
                f"{name}: power against a bound {factor} times 1/sqrt(fan_in) = {power!r}, "
                f"expected > 1 - 1e-6"
            )
        # negative control: the same draws read against Xavier's bound fail
        xavier = math.sqrt(6 / (fan_in + fan_out))
        against_xavier = testing.mean((values.cpu() / xavier) ** 2, 1 / 3, 4 / 45)
        assert not against_xavier.ok, (
            f"negative control: {name} read against Xavier's bound accepted: "
            f"{against_xavier.explain()}"
        )


@pytest.mark.claim("R3", "R4")
@pytest.mark.parametrize("optimiser", ["SGD", "Adam", "AdamW"])
def test_training_takes_the_declared_steps_with_the_named_optimiser_and_arguments(
    impl, device, derive_seed, evidence, optimiser
):
    setting = experiments.Setting(
        optimiser=optimiser, lr=0.013, weight_decay=0.007, steps=5, dtype=F64
    )
    family, calls = spying(impl.optim)
    fits = experiments.run(
        setting,
        [derive_seed("spy data")],
        [derive_seed("spy init")],
        nn=impl.nn,
        optim=family,
        device=device,
        vectorised=impl.capabilities.runs_under_torch_func,
    )
    assert len(calls) == 1, f"optimisers built: {calls}, expected one"
    (call,) = calls
    arguments = call["arguments"]
    measured = (call["name"], arguments["lr"], arguments["weight_decay"], call["steps"])
    expected = (setting.optimiser, setting.lr, setting.weight_decay, setting.steps)
    assert measured == expected, f"(optimiser, lr, weight_decay, steps): {measured} != {expected}"
    handed = list(arguments["params"])
    assert len(handed) == len(fits.final), (
        f"{len(handed)} tensors handed to the optimiser, expected the {len(fits.final)} "
        f"parameters {list(fits.final)}"
    )
    # fits.final stacks the copies; trained one at a time, the one copy's optimiser got
    # its parameters without that leading dimension of one
    same = [
        p.numel() == q.numel() and torch.equal(p.reshape(q.shape), q)
        for p, q in zip(handed, fits.final.values(), strict=True)
    ]
    assert all(same), (
        f"tensors handed to the optimiser equal to the trained parameters {list(fits.final)}: "
        f"{same}, expected all"
    )
    evidence.record(
        Both(
            "optimiser, lr, weight_decay and steps the optimiser received",
            "优化器收到的名称、`lr`、`weight_decay` 与步数",
        ),
        str(measured),
        str(expected),
        claim="R4",
    )


@pytest.mark.relies_on("optim.Adam")
@pytest.mark.claim("R1", "R4")
def test_training_cuts_the_loss_on_noise_free_points_at_least_fourfold(
    impl, device, derive_seed, evidence
):
    # in 2000 copies the largest final / initial loss ratio was 0.05: 5x inside the bound
    setting = experiments.Setting(noise=0.0, steps=50, dtype=F64)
    copies = 8
    fits = experiments.run(
        setting,
        [derive_seed("loss data", k) for k in range(copies)],
        [derive_seed("loss init", k) for k in range(copies)],
        nn=impl.nn,
        optim=impl.optim,
        vectorised=impl.capabilities.runs_under_torch_func,
        device=device,
    )
    x = fits.x_train.unsqueeze(1)

    def initial_loss(k):
        network = network_of(impl, device, setting, fits.initial, k).eval()
        return ((network(x).squeeze(1) - fits.y_train[k]) ** 2).mean()

    with torch.no_grad():
        initial = torch.stack([initial_loss(k) for k in range(copies)])
    ratio = fits.train_error / initial
    assert (ratio < 1 / 4).all(), (
        f"final / initial training loss per copy {ratio.tolist()}, expected each < 0.25"
    )
    evidence.record(
        Both(
            "max final / initial training loss, noise-free points",
            "max 最终 / 初始训练损失，无噪声的点",
        ),
        ratio.max(),
        "< 0.25",
        claim="R4",
        params={"optimiser": "Adam", "steps": 50, "data sets": copies},
    )
