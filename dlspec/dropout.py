"""Inverted dropout as a ``torch.nn.Module`` with ``torch.nn.Dropout``'s signature (R1, R2).

``dlspec.nn`` re-exports :class:`Dropout`, so it is part of the layer family there.
"""

from __future__ import annotations

import torch

from dlspec._checks import finite_real, float_tensor


class Dropout(torch.nn.Module):
    """Inverted dropout: in training, zero each element with probability p and scale the
    survivors by 1/(1 - p), so the expected output equals the input; identity in eval mode
    (Srivastava et al. 2014). It serves A11 in :func:`dlspec.nn.mlp`; its own claims are R1
    and R2.

    Args:
        p: probability of zeroing an element, 0 <= p <= 1.
        generator: random generator for the masks; it must live on the input's device.
    """

    def __init__(self, p: float = 0.5, generator: torch.Generator | None = None) -> None:
        super().__init__()
        self.p = finite_real(p, "Dropout p")
        if not 0 <= self.p <= 1:
            raise ValueError(f"Dropout p must be a probability in [0, 1], got {p}")
        self.generator = generator

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = float_tensor(x, "Dropout")
        if not self.training or self.p == 0:
            return x
        if self.p == 1:
            return x * 0.0
        if self.generator is not None and self.generator.device != x.device:
            raise ValueError(
                f"Dropout generator is on {self.generator.device} but the input is on {x.device}"
            )
        u = torch.rand(x.shape, generator=self.generator, device=x.device, dtype=x.dtype)
        return torch.where(u >= self.p, x / (1 - self.p), torch.zeros_like(x))

    def extra_repr(self) -> str:
        return f"p={self.p}"
