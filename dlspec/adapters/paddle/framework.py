"""PaddlePaddle as the DLPack bridge sees it (:class:`dlspec.adapters.bridge.Framework`):
its tensors share memory with torch's on the CPU (and on CUDA where Paddle is built with
it), and ``paddle.grad`` is its reverse mode."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

with warnings.catch_warnings():
    # Paddle warns on import when ccache, a compiler cache for its C++ extensions, is not
    # installed; the spec builds no extension, and its tests turn warnings into errors
    warnings.filterwarnings("ignore", message="No ccache found", category=UserWarning)
    import paddle

from dlspec.adapters.bridge import Framework

# the adapter's modules import paddle from here, after its import warning is silenced
__all__ = ["PADDLE", "paddle"]


def _track(x: Any, differentiate: bool) -> Any:
    x.stop_gradient = not differentiate
    return x


def _vjp(output: Any, inputs: Sequence[Any], cotangent: Any) -> Sequence[Any | None]:
    # the graph is kept: torch may run the same backward twice (retain_graph=True), and it
    # is freed with the output that torch's graph holds
    return paddle.grad(  # type: ignore[no-any-return]
        [output], list(inputs), grad_outputs=[cotangent], retain_graph=True, allow_unused=True
    )


def _devices() -> tuple[str, ...]:
    has_cuda = paddle.device.is_compiled_with_cuda() and paddle.device.cuda.device_count() > 0
    return ("cpu", "cuda") if has_cuda else ("cpu",)


PADDLE = Framework(
    name="PaddlePaddle",
    tensor_type=paddle.Tensor,
    devices=_devices(),
    # a torch tensor speaks DLPack; Paddle's annotation types its device as an int pair
    from_dlpack=lambda tensor: paddle.from_dlpack(tensor),  # type: ignore[arg-type]
    detached=lambda x: x.detach(),
    track=_track,
    vjp=_vjp,
)
