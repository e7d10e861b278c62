"""A student's inverted dropout, with torch.nn.Dropout's signature."""

import torch


class Dropout(torch.nn.Module):
    def __init__(self, p: float = 0.5) -> None:
        super().__init__()
        if not 0 <= p <= 1:
            raise ValueError(f"Dropout p must be in [0, 1], got {p}")
        self.p = p

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0:
            return x
        keep = torch.rand_like(x) >= self.p
        return torch.where(keep, x / (1 - self.p), torch.zeros_like(x))
