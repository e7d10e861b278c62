"""torch.nn's layers as torch modules that run Paddle layers (the adapter's ``nn``).

Each module holds a Paddle layer built with Paddle's defaults, and torch parameters with
that layer's initial values in torch's layout. A forward call crosses the bridge: inside
it the Paddle layer's parameters are, for that call, Paddle's views of the torch
parameters (in Paddle's layout), and the Paddle layer's own ``forward`` computes. So the
arithmetic and the gradients are Paddle's, and torch's optimisers, ``state_dict`` and
``.double()`` see ordinary parameters.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, cast

import torch

from dlspec.adapters import copy_sharing, positional, translator
from dlspec.adapters.bridge import bridged, to_framework, to_torch
from dlspec.adapters.paddle.framework import PADDLE, paddle
from dlspec.harness.contract import Absent

translated = translator("PaddlePaddle")


@dataclass(frozen=True)
class Slot:
    """A Paddle layer's parameter ``paddle_name`` held as the torch parameter ``torch_name``.
    ``layout`` is how the two are laid out: "same", "transposed" (Paddle's Linear weight is
    (in, out), torch's (out, in)) or "flattened" (Paddle's LayerNorm keeps its weight flat,
    torch in the normalised shape)."""

    torch_name: str
    paddle_name: str
    layout: str = "same"


def _to_paddle_layout(value: Any, slot: Slot) -> Any:
    if slot.layout == "transposed":
        return paddle.transpose(value, [1, 0])
    if slot.layout == "flattened":
        return paddle.flatten(value)
    return value


def _to_torch_layout(value: torch.Tensor, slot: Slot, shape: Sequence[int]) -> torch.Tensor:
    if slot.layout == "transposed":
        return value.t()
    if slot.layout == "flattened":
        return value.reshape(tuple(shape))
    return value


@contextmanager
def _default_dtype(dtype: torch.dtype | None) -> Iterator[None]:
    """Paddle creates a layer's parameters in its default dtype; ``dtype=`` sets it for the
    build, so Paddle draws the initial values in that dtype."""
    before = paddle.get_default_dtype()
    if dtype is not None:
        paddle.set_default_dtype(cast(Any, str(dtype).removeprefix("torch.")))
    try:
        yield
    finally:
        paddle.set_default_dtype(before)


def _trainable(parameter: Any) -> bool:
    """A parameter Paddle trains; ``weight_attr=False`` leaves none or a fixed one."""
    return parameter is not None and not parameter.stop_gradient


class _PaddleLayer(torch.nn.Module):
    """A torch module running ``self.paddle``, a Paddle layer, on parameters it owns.

    ``slots`` are its trainable parameters; ``buffers`` maps torch buffer names to Paddle's
    non-trainable ones (BatchNorm's running statistics), which Paddle updates in place
    through the shared memory.
    """

    paddle: Any

    def __init__(
        self,
        build: Callable[[], Any],
        slots: Sequence[Slot] = (),
        buffers: Sequence[Slot] = (),
        device: torch.device | str | None = None,
        dtype: torch.dtype | None = None,
        torch_shape: Sequence[int] = (),
    ) -> None:
        super().__init__()
        with _default_dtype(dtype):
            layer = build()
        self.__dict__["paddle"] = layer  # not a submodule: it is Paddle's, not torch's
        self._slots = [s for s in slots if _trainable(getattr(layer, s.paddle_name, None))]
        self._buffer_slots = list(buffers)
        for slot in set(slots) - set(self._slots):  # bias=False, affine=False: None, as torch
            self.register_parameter(slot.torch_name, None)
        for slot in self._slots:
            value = to_torch(PADDLE, getattr(layer, slot.paddle_name))
            value = _to_torch_layout(value, slot, torch_shape).clone().to(device)
            self.register_parameter(slot.torch_name, torch.nn.Parameter(value))
        for slot in self._buffer_slots:
            value = to_torch(PADDLE, getattr(layer, slot.paddle_name)).clone().to(device)
            self.register_buffer(slot.torch_name, value)

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        """A copy sharing the Paddle layer, which holds none of the copy's numbers between
        calls, only how to compute."""
        return copy_sharing(self, memo, [self.paddle])

    def _run_paddle(self, x: Any, *parameters: Any) -> Any:
        layer = self.paddle
        held = dict(layer._parameters)
        try:
            for slot, value in zip(self._slots, parameters, strict=True):
                layer._parameters[slot.paddle_name] = _to_paddle_layout(value, slot)
            for slot in self._buffer_slots:
                buffer = getattr(self, slot.torch_name)
                layer._parameters[slot.paddle_name] = to_framework(PADDLE, buffer)
            layer.train() if self.training else layer.eval()
            with warnings.catch_warnings():
                # Paddle's BatchNorm warns on every call in training that it tracks running
                # statistics, which it does as torch's does; the spec makes warnings errors
                warnings.filterwarnings("ignore", "When training, we now always track global")
                return layer(x)
        finally:
            layer._parameters.update(held)  # the views must not outlive the call

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        parameters = [getattr(self, slot.torch_name) for slot in self._slots]
        run = bridged(PADDLE, self._run_paddle)
        return run(x, *parameters)


class Linear(_PaddleLayer):
    """``Linear(in_features, out_features, bias=True, device=None, dtype=None)`` as
    ``paddle.nn.Linear(in_features, out_features, bias_attr=bias or False)``: Paddle's
    initial weight and bias; ``weight`` is Paddle's (in, out) weight shown as (out, in)."""

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        device: torch.device | str | None = None,
        dtype: torch.dtype | None = None,
    ) -> None:
        no_bias: dict[str, Any] = {} if bias else {"bias_attr": False}
        slots = [Slot("weight", "weight", "transposed"), Slot("bias", "bias")]

        def build() -> Any:
            return paddle.nn.Linear(in_features, out_features, **no_bias)

        super().__init__(build, slots, device=device, dtype=dtype)
        self.in_features, self.out_features = in_features, out_features


class _Activation(_PaddleLayer):
    def __init__(self, make: Callable[[], Any]) -> None:
        super().__init__(make)


class ReLU(_Activation):
    def __init__(self) -> None:
        super().__init__(paddle.nn.ReLU)


class Sigmoid(_Activation):
    def __init__(self) -> None:
        super().__init__(paddle.nn.Sigmoid)


class Tanh(_Activation):
    def __init__(self) -> None:
        super().__init__(paddle.nn.Tanh)


_leaky_relu_arguments = translated(negative_slope=("negative_slope", float))


class LeakyReLU(_Activation):
    """``LeakyReLU(negative_slope)``; left out, Paddle's default slope applies."""

    def __init__(self, *args: float, **options: float) -> None:
        arguments = _leaky_relu_arguments(**positional(("negative_slope",), args), **options)
        super().__init__(lambda: paddle.nn.LeakyReLU(**arguments))


_dropout_arguments = translated(p=("p", float), inplace=("inplace", bool))


class Dropout(_Activation):
    """``Dropout(p, inplace)`` as ``paddle.nn.Dropout``: Paddle's masks, drawn from Paddle's
    generator, scaled by 1/(1 - p) in training ("upscale_in_train")."""

    def __init__(self, *args: Any, **options: Any) -> None:
        arguments = _dropout_arguments(**positional(("p", "inplace"), args), **options)
        super().__init__(lambda: paddle.nn.Dropout(**arguments))

    @property
    def p(self) -> float:
        return float(self.paddle.p)


_prelu_arguments = translated(num_parameters=("num_parameters", int), init=("init", float))


class PReLU(_PaddleLayer):
    """``PReLU(num_parameters=1, init=0.25, device=None, dtype=None)`` as
    ``paddle.nn.PReLU``: the slope, Paddle's ``_weight``, is ``weight``; one slope, or one
    per channel (dimension 1)."""

    weight: torch.nn.Parameter

    def __init__(
        self,
        *args: Any,
        device: torch.device | str | None = None,
        dtype: torch.dtype | None = None,
        **options: Any,
    ) -> None:
        arguments = _prelu_arguments(**positional(("num_parameters", "init"), args), **options)
        slots = [Slot("weight", "_weight")]
        super().__init__(lambda: paddle.nn.PReLU(**arguments), slots, device=device, dtype=dtype)
        self.num_parameters = int(self.weight.numel())


def _weight_of_old(momentum: float | None) -> float:
    """torch's BatchNorm momentum m weights the new batch; Paddle's weights the running
    value, so torch's m is Paddle's 1 - m."""
    if momentum is None:
        raise Absent("Paddle's BatchNorm has no cumulative average (momentum=None)")
    return 1 - float(momentum)


_batchnorm_arguments = translated(
    eps=("epsilon", float),
    momentum=("momentum", _weight_of_old),
    affine=("affine", bool),
    track_running_stats=("use_global_stats", lambda track: None if track else False),
)


class BatchNorm1d(_PaddleLayer):
    """``BatchNorm1d(num_features, eps, momentum, affine, track_running_stats, device,
    dtype)`` as ``paddle.nn.BatchNorm1D`` on (N, C) or (N, C, L) inputs. ``affine=False``
    is Paddle's ``weight_attr=bias_attr=False``; ``track_running_stats=False`` is Paddle's
    ``use_global_stats=False`` (batch statistics in eval too), and then there are no
    running buffers, as in torch."""

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
        affine = arguments.pop("affine", True)
        if not affine:
            arguments["weight_attr"] = arguments["bias_attr"] = False
        tracks = arguments.get("use_global_stats") is not False
        slots = [Slot("weight", "weight"), Slot("bias", "bias")]
        buffers = [Slot("running_mean", "_mean"), Slot("running_var", "_variance")] * tracks

        def build() -> Any:
            return paddle.nn.BatchNorm1D(num_features, **arguments)

        super().__init__(build, slots, buffers, device=device, dtype=dtype)
        if not tracks:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
        self.num_features = num_features


_layernorm_arguments = translated(
    eps=("epsilon", float), elementwise_affine=("elementwise_affine", bool), bias=("bias", bool)
)


class LayerNorm(_PaddleLayer):
    """``LayerNorm(normalized_shape, eps, elementwise_affine, bias, device, dtype)`` as
    ``paddle.nn.LayerNorm``; Paddle keeps weight and bias flat, shown here in the
    normalised shape."""

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

        def build() -> Any:
            return paddle.nn.LayerNorm(list(shape), **arguments)

        slots = [Slot("weight", "weight", "flattened"), Slot("bias", "bias", "flattened")]
        super().__init__(build, slots, device=device, dtype=dtype, torch_shape=shape)
        self.normalized_shape = shape


def _hooked(module: torch.nn.Module) -> bool:
    return bool(module._forward_hooks or module._forward_pre_hooks)


class Sequential(torch.nn.Sequential):
    """``torch.nn.Sequential`` whose Paddle layers cross the bridge together: one crossing
    runs them in order in Paddle, as ``paddle.nn.Sequential`` would (measured on a CPU: a
    training step of Linear, ReLU, Linear took 2.8 ms with a crossing per layer, 1.6 ms with
    one for all). A container holding other torch modules, or a layer with a forward hook
    (it must see its own output), runs one module at a time instead, as torch's does."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        modules: list[Any] = list(self)
        together = all(isinstance(m, _PaddleLayer) and not _hooked(m) for m in modules)
        if not modules or not together or _hooked_globally():
            return cast(torch.Tensor, super().forward(x))  # type: ignore[no-untyped-call]
        parameters = [getattr(m, slot.torch_name) for m in modules for slot in m._slots]

        def run_in_paddle(value: Any, *leaves: Any) -> Any:
            given = iter(leaves)
            for module in modules:
                own = [next(given) for _ in module._slots]
                value = module._run_paddle(value, *own)
            return value

        return bridged(PADDLE, run_in_paddle)(x, *parameters)


def _hooked_globally() -> bool:
    hooks = torch.nn.modules.module
    return bool(hooks._global_forward_hooks or hooks._global_forward_pre_hooks)


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
    Sequential=Sequential,
)
