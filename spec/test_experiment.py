"""The overfitting experiment: memorising noise (R1), smoother fits under weight decay (R3),
and whether dropout and weight decay lower the held-out error (R4).

Each comparison is paired: the arms share their data sets and initial weights, so the
difference between them is the regulariser's. The t-test's significance is 1e-3 and the
number of data sets is the smallest that misses a true effect of DESIGN_EFFECT standard
deviations with probability below 1e-6; the slow test confirms that the true effects are at
least that large on ten times as many data sets.
"""

from __future__ import annotations

import pytest
import torch
from support import F64

from dlspec import experiments, testing

DESIGN_EFFECT = 1.0
COPIES = testing.paired_samples(DESIGN_EFFECT)
NOISY = {}  # the experiment's defaults: 12 points, noise standard deviation 0.5
QUIET = {"noise": 0.05}
LOWERS = {"dropout 0.2": {"dropout": 0.2}, "weight_decay 0.01": {"weight_decay": 0.01}}
RAISES = {"dropout 0.5": {"dropout": 0.5}, "weight_decay 0.01": {"weight_decay": 0.01}}


def log_ratio(numerator, denominator):
    return torch.log(numerator.double() / denominator.double())


def improves(evidence, differences, what, claim):
    check = testing.paired_improvement(differences.cpu(), DESIGN_EFFECT, what=what)
    evidence.check(check, claim=claim)
    # negative control: the same test must reject the opposite direction
    assert not testing.paired_improvement(-differences.cpu(), DESIGN_EFFECT).ok


@pytest.mark.claim("R1")
@pytest.mark.statistical
def test_the_unregularised_network_fits_the_noise_of_its_training_points(
    impl, device, experiment, evidence
):
    base = experiment(impl, device, COPIES, **NOISY)
    noise_variance = experiments.Setting().noise ** 2
    improves(
        evidence,
        log_ratio(torch.full_like(base.train_error, noise_variance), base.train_error),
        "mean log(noise variance / training error)",
        "R1",
    )
    evidence.record(
        "median training error", base.train_error.median(), f"< {noise_variance} (noise variance)"
    )
    evidence.record(
        "median held-out error of the same fits", base.held_out_error.median(), "> training"
    )


@pytest.mark.claim("R4")
@pytest.mark.statistical
@pytest.mark.parametrize("regulariser", LOWERS, ids=list(LOWERS))
def test_on_noisy_data_each_regulariser_lowers_the_held_out_error(
    impl, device, experiment, evidence, regulariser
):
    base = experiment(impl, device, COPIES, **NOISY)
    regularised = experiment(impl, device, COPIES, **NOISY, **LOWERS[regulariser])
    improves(
        evidence,
        log_ratio(base.held_out_error, regularised.held_out_error),
        f"mean log(held-out error without / with {regulariser}), noise sd 0.5",
        "R4",
    )
    fits = f"fits to one noisy data set: without and with {regulariser}"
    axes = ("x", "y")
    evidence.plot(
        fits,
        "training points",
        base.x_train,
        base.y_train[0],
        kind="points",
        axes=axes,
        role="measured",
    )
    evidence.plot(fits, "true curve x^2", base.x_grid, base.x_grid**2, role="precise")
    evidence.plot(fits, "unregularised", base.x_grid, base.curves[0], role="measured")
    evidence.plot(fits, regulariser, base.x_grid, regularised.curves[0], role="measured")
    errors = f"held-out error per data set, without and with {regulariser}"
    evidence.plot(
        errors,
        "one data set",
        base.held_out_error,
        regularised.held_out_error,
        kind="points",
        axes=("without", "with"),
        role="measured",
    )
    diagonal = [0.0, base.held_out_error.max().item()]
    evidence.plot(errors, "equal errors", diagonal, diagonal, role="informative")
    evidence.record(
        f"median held-out error with {regulariser}, noise sd 0.5",
        regularised.held_out_error.median(),
        f"< {base.held_out_error.median().item():.4g} (unregularised)",
    )


@pytest.mark.claim("R4", counterexample=True)
@pytest.mark.statistical
@pytest.mark.parametrize("regulariser", RAISES, ids=list(RAISES))
def test_on_nearly_noiseless_data_a_regulariser_raises_the_held_out_error(
    impl, device, experiment, evidence, regulariser
):
    base = experiment(impl, device, COPIES, **QUIET)
    regularised = experiment(impl, device, COPIES, **QUIET, **RAISES[regulariser])
    improves(
        evidence,
        log_ratio(regularised.held_out_error, base.held_out_error),
        f"mean log(held-out error with / without {regulariser}), noise sd 0.05",
        "R4",
    )


@pytest.mark.claim("R3")
@pytest.mark.statistical
@pytest.mark.parametrize("measure", ["weight_norm", "roughness"])
def test_weight_decay_gives_smaller_weights_and_a_smoother_curve(
    impl, device, experiment, evidence, measure
):
    base = experiment(impl, device, COPIES, **NOISY)
    decayed = experiment(impl, device, COPIES, **NOISY, weight_decay=0.01)
    improves(
        evidence,
        log_ratio(getattr(base, measure), getattr(decayed, measure)),
        f"mean log({measure} without / with weight_decay 0.01)",
        "R3",
    )
    figure = "fitted curves without and with weight decay (four data sets)"
    for k in range(4):
        evidence.plot(
            figure,
            f"set {k}, without",
            base.x_grid,
            base.curves[k],
            axes=("x", "y"),
            role="measured",
        )
        evidence.plot(
            figure, f"set {k}, weight_decay 0.01", base.x_grid, decayed.curves[k], role="measured"
        )
    evidence.record(
        f"median {measure} with weight_decay 0.01",
        getattr(decayed, measure).median(),
        f"< {getattr(base, measure).median().item():.4g} (without)",
    )


@pytest.mark.claim("R4")
def test_training_the_copies_together_is_training_each_alone(impl, device, derive_seed):
    setting = experiments.Setting(steps=40, weight_decay=0.01, dtype=F64)
    data_seeds = [derive_seed("alone", k) for k in range(3)]
    init_seeds = [derive_seed("alone init", k) for k in range(3)]
    together = experiments.run(
        setting, data_seeds, init_seeds, nn=impl.nn, optim=impl.optim, device=device
    )
    alone = experiments.run(
        setting, data_seeds[1:2], init_seeds[1:2], nn=impl.nn, optim=impl.optim, device=device
    )
    torch.testing.assert_close(together.curves[1:2], alone.curves, rtol=1e-9, atol=1e-12)


@pytest.mark.claim("R4")
def test_each_copy_draws_its_own_dropout_masks(impl, device, evidence):
    # two copies with the same data and initial weights differ only through their masks;
    # equal curves would mean shared masks, and correlated copies would void the t-test
    setting = experiments.Setting(steps=20, dropout=0.5, dtype=F64)
    fits = experiments.run(setting, [1, 1], [2, 2], nn=impl.nn, optim=impl.optim, device=device)
    spread = (fits.curves[0] - fits.curves[1]).abs().max().item()
    assert spread > 1e-3, spread
    unregularised = experiments.run(
        experiments.Setting(steps=20, dtype=F64),
        [1, 1],
        [2, 2],
        nn=impl.nn,
        optim=impl.optim,
        device=device,
    )
    assert torch.equal(unregularised.curves[0], unregularised.curves[1])
    evidence.record(
        "max |curve of copy 1 - copy 2|, same data and start, dropout 0.5", spread, "> 0"
    )


@pytest.mark.slow
@pytest.mark.statistical
@pytest.mark.claim("R1", "R3", "R4")
def test_every_comparison_has_at_least_the_design_effect_on_ten_times_more_data(
    impl, device, experiment, evidence
):
    copies = 10 * COPIES
    noise_variance = experiments.Setting().noise ** 2

    def fits(setting, **change):
        return experiment(impl, device, copies, **setting, **change)

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
            f"{name}: effect lower bound (sd), {copies} data sets",
            bound,
            f">= {DESIGN_EFFECT}",
            "one-sided, false failure 1e-06",
            claim=name[:2],
        )
    assert min(bounds.values()) >= DESIGN_EFFECT, bounds
