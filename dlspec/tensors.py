"""Tensor shapes for linear layers and the crossing to NumPy (claims T1, T2, T3)."""

from __future__ import annotations

import numpy as np
import torch

from dlspec._checks import float_tensor

# the element types NumPy stores natively; ``Tensor.numpy()`` refuses every other dtype
_NUMPY_DTYPES = frozenset(
    {
        torch.bool,
        torch.uint8,
        torch.int8,
        torch.int16,
        torch.int32,
        torch.int64,
        torch.uint16,
        torch.uint32,
        torch.uint64,
        torch.float16,
        torch.float32,
        torch.float64,
        torch.complex64,
        torch.complex128,
    }
)


def _dtype_name(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")


def as_feature_table(samples: torch.Tensor) -> torch.Tensor:
    """Turn N samples of one feature, shape [N], into the [N, 1] table a Linear(1, k) reads.

    A 1-D tensor is ambiguous to ``nn.Linear``: it is read as *one* sample whose features
    are the entries. ``samples.unsqueeze(1)`` states the intended reading, N rows of one
    column; ``unsqueeze(0)`` would instead give [1, N], one sample with N features (T1).

    Args:
        samples: a 1-D floating-point tensor of N >= 1 scalar samples.
    """
    samples = float_tensor(samples, "as_feature_table")
    if samples.dim() != 1 or samples.shape[0] == 0:
        raise ValueError(
            f"as_feature_table expects a non-empty 1-D tensor of samples, got shape "
            f"{list(samples.shape)}"
        )
    return samples.unsqueeze(1)


def to_numpy(tensor: torch.Tensor, *, copy: bool) -> np.ndarray:
    """Hand a tensor's values to NumPy, stating whether the array may share its memory (T3).

    The knowledge base's chain ``tensor.cpu().detach().numpy()`` does three things: leave
    the GPU (``.numpy()`` refuses CUDA tensors), leave the autograd graph (``.numpy()``
    refuses tensors that require grad) and convert. On the CPU the result *aliases* the
    tensor: ``.cpu()`` returns the same tensor and ``.numpy()`` wraps its storage. Here the
    caller decides:

    Args:
        tensor: any tensor, on any device, with or without autograd history.
        copy: ``True`` returns an array that owns its memory. ``False`` returns a view of
            the tensor's memory and raises ``ValueError`` where no view can exist (a CUDA
            tensor, or a dtype NumPy lacks such as bfloat16 or float8). With ``True``, such
            dtypes are widened exactly (to float32, or complex64 for complex32).
    """
    if not isinstance(tensor, torch.Tensor):
        raise TypeError(f"to_numpy expects a torch.Tensor, got {type(tensor).__name__}")
    if not copy and (tensor.is_conj() or tensor.is_neg()):
        raise ValueError(
            "to_numpy(copy=False): a lazily conjugated/negated view has no memory "
            "of its own values to share; use copy=True"
        )
    # detach before moving so the device copy is not recorded in the autograd graph
    values = tensor.detach().resolve_conj().resolve_neg()
    if not copy:
        if values.device.type != "cpu":
            raise ValueError(
                f"to_numpy(copy=False): a tensor on {values.device} cannot share memory with "
                "a NumPy array; use copy=True"
            )
        if values.dtype not in _NUMPY_DTYPES:
            raise ValueError(
                f"to_numpy(copy=False): NumPy has no {_dtype_name(values.dtype)}; use copy=True"
            )
        return values.numpy()
    if values.dtype not in _NUMPY_DTYPES:
        # exact widening: every bfloat16 and float8 value is a float32 value, every
        # complex32 value a complex64 value
        if values.is_complex():
            values = values.to(torch.complex64)
        elif values.is_floating_point():
            values = values.float()
        else:
            raise TypeError(f"to_numpy: NumPy has no counterpart of {_dtype_name(values.dtype)}")
    array: np.ndarray = values.cpu().numpy().copy()
    return array
