"""torch.nn's layers as torch modules that run Keras layers (the adapter's ``nn``)."""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import keras
import torch

from dlspec.adapters import copy_sharing, positional
from dlspec.adapters.keras.translate import device_scope, dtype_name, keras_dtype, translated
from dlspec.harness.contract import Absent


class _HoldsKerasLayer(torch.nn.Module):
    """A torch module holding a Keras layer outside its module tree (``self.keras``)."""

    keras: Any

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        """A copy sharing the Keras layer: Keras deep-copies a layer by saving it to HDF5,
        and the layer holds none of the copy's parameters, only how to compute."""
        return copy_sharing(self, memo, [self.keras, *self.__dict__.get("_rebuilt", {}).values()])


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
        with device_scope(device):
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
        name = dtype_name(dtype)
        if self.keras.dtype_policy.variable_dtype == name:
            return self.keras
        rebuilt = self.__dict__.setdefault("_rebuilt", {})
        if name not in rebuilt:
            layer = type(self.keras).from_config({**self.keras.get_config(), "dtype": name})
            with device_scope("meta"):
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
        with device_scope(x.device):
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
        dense = keras.layers.Dense(
            out_features, use_bias=bias, autocast=False, **keras_dtype(dtype)
        )
        layout = [("weight", True), ("bias", False)][: 1 + bias]
        super().__init__(dense, (None, in_features), device, layout)
        if not bias:
            self.register_parameter("bias", None)
        self.in_features, self.out_features = in_features, out_features


def _cumulative_refused(momentum: float | None) -> float:
    if momentum is None:
        raise Absent("Keras's BatchNormalization has no cumulative average (momentum=None)")
    return float(momentum)


_leaky_relu_arguments = translated(negative_slope=("negative_slope", float))
_dropout_arguments = translated(p=("rate", float), inplace=("", lambda v: not v))
_batchnorm_arguments = translated(
    eps=("epsilon", float),
    momentum=("momentum", lambda m: 1 - _cumulative_refused(m)),  # new batch's weight -> old's
    affine=("affine", bool),
    track_running_stats=("", bool),  # Keras always keeps moving statistics
)
_layernorm_arguments = translated(
    eps=("epsilon", float), elementwise_affine=("scale", bool), bias=("center", bool)
)


class _Stateless(_HoldsKerasLayer):
    """A Keras layer without parameters, computing in its input's dtype (``autocast=False``)
    and told ``training=`` from ``train()``/``eval()``."""

    def __init__(self, layer: keras.layers.Layer) -> None:
        super().__init__()
        self.__dict__["keras"] = layer

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        with device_scope(x.device):
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
        arguments = _leaky_relu_arguments(**positional(("negative_slope",), args), **options)
        super().__init__(keras.layers.LeakyReLU(**arguments, autocast=False))


class Dropout(_Stateless):
    """``Dropout(p)`` as ``keras.layers.Dropout(rate=p)``, seeded the Keras way (Keras has
    no default rate, so ``p`` is required)."""

    def __init__(self, *args: float, **options: Any) -> None:
        arguments = _dropout_arguments(**positional(("p", "inplace"), args), **options)
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
        layer = keras.layers.PReLU(**shared, autocast=False, **keras_dtype(dtype))
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
        arguments = _batchnorm_arguments(**positional(names, args), **options)
        if "affine" in arguments:
            arguments["center"] = arguments["scale"] = arguments.pop("affine")
        layer = keras.layers.BatchNormalization(**arguments, autocast=False, **keras_dtype(dtype))
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
        arguments = _layernorm_arguments(**positional(names, args), **options)
        if not arguments.get("scale", True):
            arguments["center"] = False  # torch: no elementwise affine, no bias either
        axes = list(range(-len(shape), 0))
        layer = keras.layers.LayerNormalization(
            axis=axes, **arguments, autocast=False, **keras_dtype(dtype)
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
