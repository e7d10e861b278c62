"""The knowledge base's overfitting experiment, with every source of randomness explicit
(claims R1, R3, R4, R5).

A handful of noisy samples of a known curve (y = x^2 + noise, x evenly spaced on [-1, 1]) is
fitted full-batch by the network the builder makes (Linear(1, 100), ReLU, [Dropout],
Linear(100, 1)). The held-out error is measured against the noise-free curve on a fine grid,
so it says how far the fit strays from the truth, noise excluded.

Three seeds, one per source of randomness, so two arms of a comparison can share exactly
what they should (R5): ``data_seeds`` (the noise), ``init_seeds`` (the initial weights, drawn
from PyTorch's default distribution with a private generator) and ``dropout_seed`` (the
masks, drawn from PyTorch's global generator inside ``torch.random.fork_rng``, which restores
it afterwards, because ``torch.nn.Dropout`` has no generator argument).

:func:`run` trains one copy per (data seed, init seed) pair at once with ``torch.func.vmap``.
Every optimiser here updates each number on its own, so training the stacked copies is the
same as training each alone; the spec checks that. Layers that ``torch.func`` cannot run (a
framework whose tensors cross through the DLPack bridge) train one copy at a time instead
(``vectorised=False``), with the same results; the spec checks that too.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import torch
from torch.func import functional_call, stack_module_state, vmap

import dlspec.nn
import dlspec.optim
from dlspec._checks import finite_real, positive_int

Tensor = torch.Tensor


def target(x: Tensor) -> Tensor:
    """The noise-free curve the experiment samples: y = x^2."""
    return x**2


@dataclass(frozen=True)
class Setting:
    """One arm of the experiment. The defaults are the unregularised model; the knowledge
    base's regularisers are ``dropout=0.2`` and ``weight_decay=0.01`` (with Adam).

    Args:
        points: number of training inputs, evenly spaced on [-1, 1].
        noise: standard deviation of the Gaussian noise added to the training targets.
        hidden: widths of the hidden ReLU layers.
        dropout: if not None, the probability of the Dropout after each ReLU.
        optimiser: ``SGD``, ``Adam`` or ``AdamW``, from the optimiser family passed to run.
        lr: learning rate.
        weight_decay: the optimiser's weight_decay.
        steps: number of full-batch gradient steps on the mean squared error.
        grid: number of held-out points, evenly spaced on [-1, 1].
        dtype: floating-point type of data and parameters.
    """

    points: int = 12
    noise: float = 0.5
    hidden: tuple[int, ...] = (100,)
    dropout: float | None = None
    optimiser: str = "Adam"
    lr: float = 0.04
    weight_decay: float = 0.0
    steps: int = 500
    grid: int = 401
    dtype: torch.dtype = torch.float32

    def __post_init__(self) -> None:
        positive_int(self.points, "Setting points")
        positive_int(self.steps, "Setting steps")
        if positive_int(self.grid, "Setting grid") < 3:
            raise ValueError(f"Setting grid must be >= 3 to measure curvature, got {self.grid}")
        if finite_real(self.noise, "Setting noise") < 0:
            raise ValueError(f"Setting noise must be >= 0, got {self.noise}")
        if self.dropout is not None and not 0 <= finite_real(self.dropout, "Setting dropout") <= 1:
            raise ValueError(f"Setting dropout must be a probability in [0, 1], got {self.dropout}")
        for width in self.hidden:
            positive_int(width, "Setting hidden width")
        if self.optimiser not in ("SGD", "Adam", "AdamW"):
            raise ValueError(f"Setting optimiser must be SGD, Adam or AdamW, got {self.optimiser}")
        if not self.dtype.is_floating_point:
            raise TypeError(f"Setting dtype must be floating, got {self.dtype}")


@dataclass(frozen=True)
class Fits:
    """What :func:`run` measured, one entry per trained copy (leading dimension K).

    ``train_error`` and ``held_out_error`` are mean squared errors of the trained network in
    eval mode (dropout off): on the noisy training targets, and against the noise-free curve
    on the grid (``curves`` are its predictions there).
    ``weight_norm`` is the Euclidean norm of all weight matrices together (biases excluded);
    ``roughness`` is the total variation of the fitted curve's slope on the grid,
    sum |f(x+h) - 2 f(x) + f(x-h)| / h, an estimate of the integral of |f''|.
    ``initial`` and ``final`` are the parameters before and after training, by the names of
    the network's ``state_dict``, each stacked over the copies (leading dimension K).
    """

    train_error: Tensor
    held_out_error: Tensor
    weight_norm: Tensor
    roughness: Tensor
    x_train: Tensor
    y_train: Tensor
    x_grid: Tensor
    curves: Tensor
    initial: dict[str, Tensor]
    final: dict[str, Tensor]


def training_data(
    setting: Setting, data_seeds: Sequence[int], device: torch.device | str = "cpu"
) -> tuple[Tensor, Tensor]:
    """The inputs, shape (points, 1), and one noisy target column per data seed, (K, points, 1)."""
    x = torch.linspace(-1, 1, setting.points, device=device, dtype=setting.dtype).unsqueeze(1)
    noises = []
    for seed in data_seeds:
        generator = torch.Generator(device=device).manual_seed(seed)
        noises.append(torch.randn(x.shape, generator=generator, device=device, dtype=setting.dtype))
    return x, target(x) + setting.noise * torch.stack(noises)


def build(
    setting: Setting,
    init_seed: int,
    nn: ModuleType | Any = None,
    device: torch.device | str = "cpu",
) -> torch.nn.Module:
    """The builder's network for this setting, every Linear initialised as PyTorch does by
    default (weight and bias uniform on +-1/sqrt(in_features)) from a private generator."""
    family = nn if nn is not None else dlspec.nn
    widths = [1, *setting.hidden, 1]
    model = dlspec.nn.mlp(widths, "relu", setting.dropout, family=family)
    model = model.to(device=device, dtype=setting.dtype)
    generator = torch.Generator(device=device).manual_seed(init_seed)
    with torch.no_grad():
        for module in model.modules():
            if hasattr(module, "in_features"):  # a Linear of either family
                layer: Any = module
                bound = layer.in_features**-0.5
                for parameter in (layer.weight, layer.bias):
                    u = torch.rand(
                        parameter.shape, generator=generator, device=device, dtype=setting.dtype
                    )
                    parameter.copy_((2 * u - 1) * bound)
    return model


def run(
    setting: Setting,
    data_seeds: Sequence[int],
    init_seeds: Sequence[int],
    dropout_seed: int = 0,
    nn: ModuleType | Any = None,
    optim: ModuleType | Any = None,
    device: torch.device | str = "cpu",
    vectorised: bool = True,
) -> Fits:
    """Train one copy of the network per (data seed, init seed) pair and measure each.

    Args:
        setting: the arm of the experiment.
        data_seeds, init_seeds: equally long; copy k fits data_seeds[k] from init_seeds[k].
        dropout_seed: seeds the masks of all copies together.
        nn, optim: layer and optimiser families, ``dlspec.nn``/``dlspec.optim`` (default) or
            ``torch.nn``/``torch.optim``.
        device: where to train.
        vectorised: train the copies at once under ``torch.func.vmap`` (the default), or one
            at a time, each with its own optimiser, for layers that ``torch.func`` cannot
            run (``Capabilities.runs_under_torch_func``). Without dropout the two give the
            same fits up to rounding. With dropout each copy draws its own masks either way,
            from the one stream ``dropout_seed`` seeds, but not the same masks: vmap draws
            all copies' masks of a step in one call.
    """
    if len(data_seeds) != len(init_seeds) or not data_seeds:
        raise ValueError(
            f"run needs as many init seeds as data seeds, at least one; got "
            f"{len(data_seeds)} data seeds and {len(init_seeds)} init seeds"
        )
    optim = optim if optim is not None else dlspec.optim
    x, y = training_data(setting, data_seeds, device)
    models = [build(setting, seed, nn, device) for seed in init_seeds]
    initial = {name: p.detach().clone() for name, p in stack_module_state(models)[0].items()}
    train = _trained_together if vectorised else _trained_one_at_a_time
    devices = [torch.device(device).index or 0] if torch.device(device).type == "cuda" else []
    with torch.random.fork_rng(devices=devices):
        torch.manual_seed(dropout_seed)
        predict, params = train(models, x, y, setting, optim)
    with torch.no_grad():
        x_grid = torch.linspace(-1, 1, setting.grid, device=device, dtype=setting.dtype)
        curves = predict(x_grid.unsqueeze(1)).squeeze(2)
        spacing = 2 / (setting.grid - 1)
        bends = curves[:, 2:] - 2 * curves[:, 1:-1] + curves[:, :-2]
        weights = [p.flatten(1) for name, p in params.items() if name.endswith("weight")]
        return Fits(
            train_error=((predict(x) - y) ** 2).mean(dim=(1, 2)),
            held_out_error=((curves - target(x_grid)) ** 2).mean(dim=1),
            weight_norm=torch.cat(weights, dim=1).norm(dim=1),
            roughness=bends.abs().sum(dim=1) / spacing,
            x_train=x.squeeze(1),
            y_train=y.squeeze(2),
            x_grid=x_grid,
            curves=curves,
            initial=initial,
            final={name: p.detach().clone() for name, p in params.items()},
        )


Trained = tuple[Callable[[Tensor], Tensor], dict[str, Tensor]]
"""The trained copies in eval mode: inputs -> predictions (K, points, 1), and the
parameters by name, stacked over the copies."""


def _optimiser(optim: Any, setting: Setting, parameters: list[Tensor]) -> Any:
    """The setting's optimiser from the family ``optim``, over ``parameters``."""
    return getattr(optim, setting.optimiser)(
        parameters, lr=setting.lr, weight_decay=setting.weight_decay
    )


def _trained_together(
    models: list[torch.nn.Module], x: Tensor, y: Tensor, setting: Setting, optim: Any
) -> Trained:
    params, buffers = stack_module_state(models)
    template = copy.deepcopy(models[0]).to("meta")

    def predict(parameters: dict[str, Tensor], inputs: Tensor) -> Tensor:
        return functional_call(template, (parameters, buffers), (inputs,))  # type: ignore[no-any-return]

    # the same inputs for every copy; "different" gives each copy its own dropout masks
    forward = vmap(predict, in_dims=(0, None), randomness="different")
    optimiser = _optimiser(optim, setting, list(params.values()))
    template.train()
    for _ in range(setting.steps):
        optimiser.zero_grad()
        # summing the copies' losses leaves each copy's gradient its own
        loss = ((forward(params, x) - y) ** 2).mean(dim=(1, 2)).sum()
        loss.backward()  # type: ignore[no-untyped-call]
        optimiser.step()
    template.eval()
    return (lambda inputs: forward(params, inputs)), params


def _trained_one_at_a_time(
    models: list[torch.nn.Module], x: Tensor, y: Tensor, setting: Setting, optim: Any
) -> Trained:
    for model, targets in zip(models, y, strict=True):
        optimiser = _optimiser(optim, setting, list(model.parameters()))
        model.train()
        for _ in range(setting.steps):
            optimiser.zero_grad()
            loss = ((model(x) - targets) ** 2).mean()
            loss.backward()
            optimiser.step()
        model.eval()
    params = {name: p.detach() for name, p in stack_module_state(models)[0].items()}
    return (lambda inputs: torch.stack([model(inputs) for model in models])), params
