"""Keras 3, on its PyTorch backend, behind the implementation contract.

    pip install -e '.[keras]'
    python -m pytest spec/ --impl keras

The adapter's rule: **translate signatures and layouts, never semantics.** Every layer,
optimiser and initialiser here is Keras's own object doing Keras's own arithmetic with
Keras's own defaults; the adapter only changes how it is called and where its numbers are
kept. Where the spec then measures something other than PyTorch's behaviour, that is a
finding about Keras, declared in ``DEVIATIONS`` with the measured value.

The translations, each of which could touch a verdict:

* **Weight layout.** Keras keeps a Dense kernel as (in, out); torch's ``Linear.weight`` is
  (out, in). A layer here owns torch-shaped parameters and runs the Keras layer with
  ``stateless_call`` on their transposes, so gradients, optimisers and ``torch.func`` see
  ordinary parameters. Keras initialises them: the Keras layer is built, its initial
  values are copied out in torch's layout, and its own variables are never used again.
* **Initialiser layout.** A torch tensor (out, in, *kernel) is filled by calling the Keras
  initialiser with Keras's shape (*kernel, in, out), so Keras computes the same fans.
* **train()/eval()** become Keras's ``training=`` call argument.
* **Arguments with another name or parametrisation** are renamed only when the caller
  passes them: ``p`` → ``rate``, ``eps`` → ``epsilon``, ``bias`` → ``use_bias``/``center``,
  torch's BatchNorm ``momentum`` m → Keras's 1 − m (the weight of the new batch), ``gain``
  → ``scale = gain²``, ``a`` and ``nonlinearity`` of He initialisation → ``scale = 2/(1 + a²)``
  (He et al. 2015, the formula behind Keras's HeNormal), ``mode``, ``betas`` → ``beta_1``,
  ``beta_2``, parameter groups → one Keras optimiser per group. A left-out argument stays
  left out, so Keras's default applies.
* **generator=** becomes the Keras ``seed``: an integer drawn from that generator. Without
  one, Keras seeds itself as it always does (from Python's ``random``), not from
  ``torch.manual_seed``: that difference is one of the findings.
* **Precision.** Three things made float64 work float32 in Keras, measured:
  (1) a layer casts its inputs to its dtype policy (float32 by default); (2) an optimiser
  turns its Python hyperparameters into tensors of ``keras.config.floatx()`` (float32), so
  lr 0.1 became 0.100000001; (3) Keras's type promotion maps 64-bit types to 32-bit ones,
  as JAX does by default, so ``keras.ops.matmul`` of two float64 tensors is computed in
  float32. Keras settings undo the first two: every layer is built with
  ``autocast=False`` (it computes in the dtype of what it is given, as torch's do; after
  ``.double()`` the Keras layer is rebuilt from its config for float64), and an optimiser
  is built and stepped while ``floatx()`` is its parameters' dtype. Nothing undoes the
  third, so the implementation declares ``Capabilities(float64_arithmetic=False)`` and the
  spec checks its float64 work to float32 tolerances. ``tests/test_keras.py`` measures
  each effect, with and without the setting.
* **Sequential** is ``torch.nn.Sequential``: Keras's Sequential takes Keras layers, these
  are torch modules that run Keras layers, and both mean composition in order.
"""

from __future__ import annotations

import os

os.environ.setdefault("KERAS_BACKEND", "torch")  # must precede the first import of keras

import contextlib
import copy
import inspect
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import SimpleNamespace
from typing import Any

import keras
import numpy as np
import torch

from dlspec.harness.contract import Absent, Capabilities, Implementation

if keras.backend.backend() != "torch":
    raise ImportError(
        f"the Keras adapter needs KERAS_BACKEND=torch; keras was loaded with the "
        f"{keras.backend.backend()!r} backend"
    )

__all__ = ["IMPLEMENTATION"]


def _dtype(dtype: torch.dtype | None) -> dict[str, str]:
    return {} if dtype is None else {"dtype": str(dtype).removeprefix("torch.")}


def _device(device: torch.device | str | None) -> contextlib.AbstractContextManager[Any]:
    """Keras's scope for where it creates variables and random numbers."""
    return contextlib.nullcontext() if device is None else keras.device(str(device))


def _seed(generator: torch.Generator | None) -> dict[str, int]:
    """``generator=`` as a Keras ``seed``; without a generator, Keras's own seeding."""
    if generator is None:
        return {}
    return {"seed": int(torch.randint(2**31 - 1, (), generator=generator, device=generator.device))}


class _HoldsKerasLayer(torch.nn.Module):
    """A torch module holding a Keras layer outside its module tree (``self.keras``)."""

    keras: Any

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        """A copy sharing the Keras layer: Keras deep-copies a layer by saving it to HDF5,
        and the layer holds none of the copy's parameters, only how to compute."""
        for layer in [self.keras, *self.__dict__.get("_rebuilt", {}).values()]:
            memo[id(layer)] = layer
        copied = type(self).__new__(type(self))
        memo[id(self)] = copied
        for name, value in self.__dict__.items():
            copied.__dict__[name] = copy.deepcopy(value, memo)
        return copied


class _KerasLayer(_HoldsKerasLayer):
    """A torch module running ``self.keras``, a built Keras layer, on parameters it owns.

    ``layout`` names, for each of the Keras layer's trainable variables in order, the torch
    parameter that replaces it and whether it is stored transposed. Non-trainable Keras
    variables (BatchNorm's moving statistics) become the buffers ``buffers``, updated from
    what ``stateless_call`` returns. Built with ``autocast=False``, the Keras layer computes
    in the dtype of the values it is given, and :meth:`_keras_for` follows ``.double()``.
    """

    def __init__(
        self,
        layer: keras.layers.Layer,
        input_shape: tuple[int | None, ...],
        device: torch.device | str | None,
        layout: Sequence[tuple[str, bool]],
        buffers: Sequence[str] = (),
    ) -> None:
        super().__init__()
        with _device(device):
            layer.build(input_shape)
        self.__dict__["keras"] = layer  # not a submodule: its own variables stay out of sight
        self._layout = list(layout)
        for (name, transposed), variable in zip(layout, layer.trainable_variables, strict=True):
            value = variable.value.detach()
            value = value.transpose(0, 1) if transposed else value
            self.register_parameter(name, torch.nn.Parameter(value.clone().to(device)))
        self._buffer_names = list(buffers)
        for name, variable in zip(buffers, layer.non_trainable_variables, strict=True):
            self.register_buffer(name, variable.value.detach().clone().to(device))
        self._takes_training = "training" in inspect.signature(layer.call).parameters
        self._input_shape = input_shape

    def _keras_for(self, dtype: torch.dtype) -> Any:
        """The Keras layer with variables of ``dtype``. ``stateless_call`` casts the values
        it is given to its variables' dtype, so after ``.double()`` the layer is rebuilt from
        its config for float64 (on ``meta``: only its structure is used)."""
        name = str(dtype).removeprefix("torch.")
        if self.keras.dtype_policy.variable_dtype == name:
            return self.keras
        rebuilt = self.__dict__.setdefault("_rebuilt", {})
        if name not in rebuilt:
            layer = type(self.keras).from_config({**self.keras.get_config(), "dtype": name})
            with _device("meta"):
                layer.build(self._input_shape)
            rebuilt[name] = layer
        return rebuilt[name]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        trainable = [
            getattr(self, name).transpose(0, 1) if transposed else getattr(self, name)
            for name, transposed in self._layout
        ]
        state = [getattr(self, name) for name in self._buffer_names]
        mode = {"training": self.training} if self._takes_training else {}
        layer = self._keras_for(trainable[0].dtype if trainable else x.dtype)
        with _device(x.device):
            out, new_state = layer.stateless_call(trainable, state, x, **mode)
        with torch.no_grad():
            for name, value in zip(self._buffer_names, new_state, strict=True):
                getattr(self, name).copy_(value)
        return out  # type: ignore[no-any-return]


class Linear(_KerasLayer):
    """``torch.nn.Linear(in_features, out_features, bias=True, device=None, dtype=None)`` as
    ``keras.layers.Dense(out_features, use_bias=bias, dtype=dtype)``: Keras's glorot_uniform
    kernel and zero bias; ``weight`` is the kernel transposed to (out, in)."""

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        device: torch.device | str | None = None,
        dtype: torch.dtype | None = None,
    ) -> None:
        dense = keras.layers.Dense(out_features, use_bias=bias, autocast=False, **_dtype(dtype))
        layout = [("weight", True), ("bias", False)][: 1 + bias]
        super().__init__(dense, (None, in_features), device, layout)
        if not bias:
            self.register_parameter("bias", None)
        self.in_features, self.out_features = in_features, out_features


def _positional(names: Sequence[str], args: Sequence[Any]) -> dict[str, Any]:
    """torch's positional arguments by name, so they are translated like keywords."""
    if len(args) > len(names):
        raise TypeError(f"takes at most {len(names)} positional arguments, got {len(args)}")
    return dict(zip(names, args, strict=False))


def _translated(
    **torch_to_keras: tuple[str, Callable[[Any], Any]],
) -> Callable[..., dict[str, Any]]:
    """Renames the keyword arguments a caller passed; those left out stay left out. A
    target name "" marks an argument whose only accepted value is what Keras always does."""

    def translate(**given: Any) -> dict[str, Any]:
        unknown = set(given) - set(torch_to_keras)
        if unknown:
            raise TypeError(f"no Keras counterpart for the argument(s) {sorted(unknown)}")
        translated = {}
        for name, value in given.items():
            keras_name, convert = torch_to_keras[name]
            if keras_name:
                translated[keras_name] = convert(value)
            elif not convert(value):
                raise Absent(f"Keras has no counterpart for {name}={value!r}")
        return translated

    return translate


def _cumulative_refused(momentum: float | None) -> float:
    if momentum is None:
        raise Absent("Keras's BatchNormalization has no cumulative average (momentum=None)")
    return float(momentum)


_leaky_relu_arguments = _translated(negative_slope=("negative_slope", float))
_dropout_arguments = _translated(p=("rate", float), inplace=("", lambda v: not v))
_batchnorm_arguments = _translated(
    eps=("epsilon", float),
    momentum=("momentum", lambda m: 1 - _cumulative_refused(m)),  # new batch's weight -> old's
    affine=("affine", bool),
    track_running_stats=("", bool),  # Keras always keeps moving statistics
)
_layernorm_arguments = _translated(
    eps=("epsilon", float), elementwise_affine=("scale", bool), bias=("center", bool)
)


class _Stateless(_HoldsKerasLayer):
    """A Keras layer without parameters, computing in its input's dtype (``autocast=False``)
    and told ``training=`` from ``train()``/``eval()``."""

    def __init__(self, layer: keras.layers.Layer) -> None:
        super().__init__()
        self.__dict__["keras"] = layer

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        with _device(x.device):
            return self.keras(x, training=self.training)  # type: ignore[no-any-return]


class ReLU(_Stateless):
    def __init__(self) -> None:
        super().__init__(keras.layers.ReLU(autocast=False))


class Sigmoid(_Stateless):
    def __init__(self) -> None:
        super().__init__(keras.layers.Activation("sigmoid", autocast=False))


class Tanh(_Stateless):
    def __init__(self) -> None:
        super().__init__(keras.layers.Activation("tanh", autocast=False))


class LeakyReLU(_Stateless):
    """``LeakyReLU(negative_slope)``; left out, Keras's default slope applies."""

    def __init__(self, *args: float, **options: float) -> None:
        arguments = _leaky_relu_arguments(**_positional(("negative_slope",), args), **options)
        super().__init__(keras.layers.LeakyReLU(**arguments, autocast=False))


class Dropout(_Stateless):
    """``Dropout(p)`` as ``keras.layers.Dropout(rate=p)``, seeded the Keras way (Keras has
    no default rate, so ``p`` is required)."""

    def __init__(self, *args: float, **options: Any) -> None:
        arguments = _dropout_arguments(**_positional(("p", "inplace"), args), **options)
        super().__init__(keras.layers.Dropout(**arguments, autocast=False))

    @property
    def p(self) -> float:
        """torch's name for Keras's ``rate``."""
        return float(self.keras.rate)


class PReLU(_KerasLayer):
    """``PReLU(num_parameters=1, device=None, dtype=None)`` as ``keras.layers.PReLU``: one
    slope shared over all features, or one per feature (the input's dimension 1, which is
    moved to Keras's last axis). Keras's alpha initialiser applies."""

    def __init__(
        self,
        num_parameters: int = 1,
        device: torch.device | str | None = None,
        dtype: torch.dtype | None = None,
    ) -> None:
        shared = {"shared_axes": [1]} if num_parameters == 1 else {}
        layer = keras.layers.PReLU(**shared, autocast=False, **_dtype(dtype))
        super().__init__(layer, (None, num_parameters), device, [("weight", False)])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() < 2:
            return super().forward(x.unsqueeze(-1)).squeeze(-1)
        return super().forward(x.movedim(1, -1)).movedim(-1, 1)


class BatchNorm1d(_KerasLayer):
    """``BatchNorm1d(num_features, eps, momentum, affine, track_running_stats, device,
    dtype)`` as ``keras.layers.BatchNormalization`` over the features; an (N, C, L) input is
    normalised as the N·L rows of C features it is. The moving statistics are the buffers
    ``running_mean`` and ``running_var``."""

    def __init__(
        self,
        num_features: int,
        *args: Any,
        device: torch.device | str | None = None,
        dtype: torch.dtype | None = None,
        **options: Any,
    ) -> None:
        names = ("eps", "momentum", "affine", "track_running_stats")
        arguments = _batchnorm_arguments(**_positional(names, args), **options)
        if "affine" in arguments:
            arguments["center"] = arguments["scale"] = arguments.pop("affine")
        layer = keras.layers.BatchNormalization(**arguments, autocast=False, **_dtype(dtype))
        layout = [("weight", False), ("bias", False)] if layer.center else []
        running = ("running_mean", "running_var")
        super().__init__(layer, (None, num_features), device, layout, running)
        self.num_features = num_features

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() != 3:
            return super().forward(x)
        rows = x.movedim(1, -1)
        return super().forward(rows.reshape(-1, x.shape[1])).reshape(rows.shape).movedim(-1, 1)


class LayerNorm(_KerasLayer):
    """``LayerNorm(normalized_shape, eps, elementwise_affine, bias, device, dtype)`` as
    ``keras.layers.LayerNormalization`` over the last ``len(normalized_shape)`` axes."""

    def __init__(
        self,
        normalized_shape: int | Sequence[int],
        *args: Any,
        device: torch.device | str | None = None,
        dtype: torch.dtype | None = None,
        **options: Any,
    ) -> None:
        shape = (
            (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        )
        names = ("eps", "elementwise_affine", "bias")
        arguments = _layernorm_arguments(**_positional(names, args), **options)
        if not arguments.get("scale", True):
            arguments["center"] = False  # torch: no elementwise affine, no bias either
        axes = list(range(-len(shape), 0))
        layer = keras.layers.LayerNormalization(
            axis=axes, **arguments, autocast=False, **_dtype(dtype)
        )
        layout = [("weight", False)] * layer.scale + [("bias", False)] * layer.center
        super().__init__(layer, (None, *shape), device, layout)
        self.normalized_shape = shape


nn = SimpleNamespace(
    Linear=Linear,
    ReLU=ReLU,
    Sigmoid=Sigmoid,
    Tanh=Tanh,
    LeakyReLU=LeakyReLU,
    PReLU=PReLU,
    Dropout=Dropout,
    BatchNorm1d=BatchNorm1d,
    LayerNorm=LayerNorm,
    Sequential=torch.nn.Sequential,
)


class _Optimiser:
    """``step()``/``zero_grad()`` over torch parameters, computed by Keras optimisers.

    Each parameter group gets its own Keras optimiser over stand-in Keras variables. It is
    built, and it steps, while ``keras.config.floatx()`` is the group's dtype: Keras turns
    its Python hyperparameters into tensors of that dtype, so float64 parameters are updated
    with float64 hyperparameters. A step copies the parameters into the stand-ins, lets
    Keras apply the gradients of those that have one, and copies the results back.
    """

    def __init__(
        self,
        make: Callable[..., keras.optimizers.Optimizer],
        translate: Callable[..., dict[str, Any]],
        params: Iterable[torch.Tensor] | Iterable[dict[str, Any]],
        defaults: dict[str, Any],
    ) -> None:
        given: list[Any] = list(params)
        groups = given if given and isinstance(given[0], dict) else [{"params": given}]
        self.groups: list[tuple[list[torch.Tensor], list[Any], Any, str | None]] = []
        for group in groups:
            options = {**defaults, **{k: v for k, v in group.items() if k != "params"}}
            parameters = list(group["params"])
            dtypes = {str(p.dtype).removeprefix("torch.") for p in parameters}
            floatx = dtypes.pop() if len(dtypes) == 1 else None
            with _floatx(floatx):
                optimiser = make(**translate(**options))
                stand_ins = [keras.Variable(p.detach().clone()) for p in parameters]
                optimiser.build(stand_ins)
            self.groups.append((parameters, stand_ins, optimiser, floatx))

    @torch.no_grad()
    def step(self) -> None:
        for parameters, stand_ins, optimiser, floatx in self.groups:
            pairs = zip(parameters, stand_ins, strict=True)
            live = [(p, v) for p, v in pairs if p.grad is not None]
            if not live:
                continue
            for p, v in live:
                v.assign(p)
            with _device(live[0][0].device), _floatx(floatx):
                optimiser.apply([p.grad for p, _ in live], [v for _, v in live])
            for p, v in live:
                p.copy_(v.value)

    def zero_grad(self, set_to_none: bool = True) -> None:
        for parameters, *_ in self.groups:
            for p in parameters:
                if p.grad is not None and not set_to_none:
                    p.grad.zero_()
                else:
                    p.grad = None


@contextlib.contextmanager
def _floatx(dtype: str | None) -> Iterator[None]:
    before = keras.config.floatx()
    if dtype is not None:
        keras.config.set_floatx(dtype)
    try:
        yield
    finally:
        keras.config.set_floatx(before)


def _betas(betas: tuple[float, float]) -> tuple[float, float]:
    return float(betas[0]), float(betas[1])


_common = {"lr": ("learning_rate", float), "weight_decay": ("weight_decay", float)}
_sgd_arguments = _translated(**_common, momentum=("momentum", float), nesterov=("nesterov", bool))
_adam_arguments = _translated(
    **_common, eps=("epsilon", float), betas=("betas", _betas), amsgrad=("amsgrad", bool)
)


def _adam_like(
    make: Callable[..., keras.optimizers.Optimizer],
) -> Callable[..., keras.optimizers.Optimizer]:
    def build(**arguments: Any) -> keras.optimizers.Optimizer:
        if "betas" in arguments:
            arguments["beta_1"], arguments["beta_2"] = arguments.pop("betas")
        return make(**arguments)

    return build


class _KerasDefault:
    """The default of an argument the caller left out: Keras's own applies."""

    def __repr__(self) -> str:
        return "<Keras's default>"


KERAS_DEFAULT: Any = _KerasDefault()


def _given(**arguments: Any) -> dict[str, Any]:
    return {name: value for name, value in arguments.items() if value is not KERAS_DEFAULT}


def SGD(
    params: Iterable[Any],
    lr: float = KERAS_DEFAULT,
    momentum: float = KERAS_DEFAULT,
    weight_decay: float = KERAS_DEFAULT,
    nesterov: bool = KERAS_DEFAULT,
) -> _Optimiser:
    """``SGD(params, lr, momentum, weight_decay, nesterov)`` as ``keras.optimizers.SGD``."""
    options = _given(lr=lr, momentum=momentum, weight_decay=weight_decay, nesterov=nesterov)
    return _Optimiser(keras.optimizers.SGD, _sgd_arguments, params, options)


def _adam_family(make: Callable[..., Any]) -> Callable[..., _Optimiser]:
    """torch's ``Adam``/``AdamW`` signature over Keras's optimiser ``make``."""

    def optimiser(
        params: Iterable[Any],
        lr: float = KERAS_DEFAULT,
        betas: tuple[float, float] = KERAS_DEFAULT,
        eps: float = KERAS_DEFAULT,
        weight_decay: float = KERAS_DEFAULT,
        amsgrad: bool = KERAS_DEFAULT,
    ) -> _Optimiser:
        options = _given(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad)
        return _Optimiser(_adam_like(make), _adam_arguments, params, options)

    optimiser.__name__ = optimiser.__qualname__ = make.__name__
    optimiser.__doc__ = (
        f"``{make.__name__}(params, lr, betas, eps, weight_decay, amsgrad)`` as "
        f"``keras.optimizers.{make.__name__}``."
    )
    return optimiser


Adam = _adam_family(keras.optimizers.Adam)
AdamW = _adam_family(keras.optimizers.AdamW)


optim = SimpleNamespace(SGD=SGD, Adam=Adam, AdamW=AdamW)


def _fill(tensor: torch.Tensor, initialiser: keras.initializers.Initializer) -> torch.Tensor:
    """Fills a torch-layout tensor (out, in, *kernel) from Keras's layout (*kernel, in, out),
    so Keras computes the same fans; other ranks keep their shape."""
    order = (*range(2, tensor.dim()), 1, 0) if tensor.dim() >= 2 else tuple(range(tensor.dim()))
    shape = tuple(tensor.shape[i] for i in order)
    with _device(tensor.device), torch.no_grad():
        values = initialiser(shape, dtype=str(tensor.dtype).removeprefix("torch."))
        tensor.copy_(values.permute(*np.argsort(order)))
    return tensor


def _initialiser(
    named: Callable[..., keras.initializers.Initializer],
    distribution: str,
    mode: str,
    scale: float | None,
    generator: torch.Generator | None,
) -> keras.initializers.Initializer:
    """Keras's named initialiser when the caller asked for nothing else, otherwise the
    ``VarianceScaling`` it is a case of, with the caller's scale and mode."""
    if scale is None:
        return named(**_seed(generator))
    return keras.initializers.VarianceScaling(
        scale=scale, mode=mode, distribution=distribution, **_seed(generator)
    )


def _named(function: Callable[..., torch.Tensor], name: str, doc: str) -> Any:
    function.__name__ = function.__qualname__ = name
    function.__doc__ = doc
    return function


def _xavier(named: Callable[..., Any], distribution: str) -> Callable[..., torch.Tensor]:
    """torch's ``xavier_*_`` over Keras's Glorot initialiser ``named``."""

    def initialise(
        tensor: torch.Tensor, gain: float = 1.0, generator: torch.Generator | None = None
    ) -> torch.Tensor:
        scale = None if gain == 1.0 else float(gain) ** 2
        return _fill(tensor, _initialiser(named, distribution, "fan_avg", scale, generator))

    kind = "normal" if distribution == "truncated_normal" else distribution
    doc = f"``xavier_{kind}_`` as ``keras.initializers.{named.__name__}`` (``scale = gain²``)."
    return _named(initialise, f"xavier_{kind}_", doc)  # type: ignore[no-any-return]


xavier_normal_ = _xavier(keras.initializers.GlorotNormal, "truncated_normal")
xavier_uniform_ = _xavier(keras.initializers.GlorotUniform, "uniform")


def _he_scale(a: float, mode: str, nonlinearity: str) -> float | None:
    """Keras's He initialisers are for (leaky) ReLU: scale 2/(1 + a²), None for HeNormal's
    own 2 on fan_in."""
    if nonlinearity not in ("relu", "leaky_relu"):
        raise Absent(
            f"Keras's He initialisers have no gain for {nonlinearity!r}: HeNormal and "
            f"HeUniform are for ReLU (VarianceScaling takes a scale instead of a nonlinearity)"
        )
    slope = 0.0 if nonlinearity == "relu" else float(a)
    return None if slope == 0.0 and mode == "fan_in" else 2 / (1 + slope**2)


def _kaiming(named: Callable[..., Any], distribution: str) -> Callable[..., torch.Tensor]:
    """torch's ``kaiming_*_`` over Keras's He initialiser ``named``; the defaults are
    torch's names for what ``named`` does: slope 0, fan_in."""

    def initialise(
        tensor: torch.Tensor,
        a: float = 0,
        mode: str = "fan_in",
        nonlinearity: str = "leaky_relu",
        generator: torch.Generator | None = None,
    ) -> torch.Tensor:
        scale = _he_scale(a, mode, nonlinearity)
        return _fill(tensor, _initialiser(named, distribution, mode, scale, generator))

    kind = "normal" if distribution == "truncated_normal" else distribution
    doc = (
        f"``kaiming_{kind}_`` as ``keras.initializers.{named.__name__}`` (``scale = 2/(1 + a²)``)."
    )
    return _named(initialise, f"kaiming_{kind}_", doc)  # type: ignore[no-any-return]


kaiming_normal_ = _kaiming(keras.initializers.HeNormal, "truncated_normal")
kaiming_uniform_ = _kaiming(keras.initializers.HeUniform, "uniform")


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """Keras has no gain table: its initialisers take the squared gain as ``scale``."""
    raise Absent("Keras 3 has no calculate_gain: its initialisers take a scale (the gain squared)")


init = SimpleNamespace(
    calculate_gain=calculate_gain,
    xavier_normal_=xavier_normal_,
    xavier_uniform_=xavier_uniform_,
    kaiming_normal_=kaiming_normal_,
    kaiming_uniform_=kaiming_uniform_,
)


def _prelu(x: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
    """Functional PReLU: Keras has none, so a Keras PReLU layer runs with ``weight``."""
    layer = PReLU(weight.numel(), device="meta", dtype=weight.dtype)
    out: torch.Tensor = torch.func.functional_call(layer, {"weight": weight}, (x,))
    return out


def _to_numpy(tensor: torch.Tensor) -> np.ndarray:
    """``keras.ops.convert_to_numpy``: Keras's crossing, which copies."""
    with warnings.catch_warnings():
        # NumPy 2 warns that torch's __array__ takes no copy argument; Keras calls np.array
        warnings.simplefilter("ignore", DeprecationWarning)
        return keras.ops.convert_to_numpy(tensor)  # type: ignore[no-any-return]


def _leaky_relu(x: torch.Tensor, *negative_slope: float) -> torch.Tensor:
    slope = {"negative_slope": negative_slope[0]} if negative_slope else {}
    out: torch.Tensor = keras.ops.leaky_relu(x, **slope)
    return out


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
    "test_normal_initialisers_draw_zero_mean_gaussians_with_the_variance_of_their_formula": (
        _TRUNCATED
    ),
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

IMPLEMENTATION = Implementation(
    name="keras",
    nn=nn,
    optim=optim,
    init=init,
    sigmoid=keras.ops.sigmoid,
    tanh=keras.ops.tanh,
    relu=keras.ops.relu,
    leaky_relu=_leaky_relu,
    prelu=_prelu,
    scaled_sigmoid=lambda x: 4 * keras.ops.sigmoid(x) - 2,
    to_numpy=_to_numpy,
    capabilities=Capabilities(float64_arithmetic=False),
    deviations=DEVIATIONS,
)
