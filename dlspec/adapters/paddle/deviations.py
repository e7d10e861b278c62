"""What PaddlePaddle does where PyTorch does otherwise, as the spec measured it (paddlepaddle
3.3.1, CPU): each entry a test pattern and the measured reason."""

from __future__ import annotations

DEVIATIONS: dict[str, str] = {}
