"""The report's figures, drawn with matplotlib from the series tests recorded with
``evidence.plot``."""

from __future__ import annotations

import io
from typing import Any

from matplotlib.figure import Figure

from dlspec.harness.translations import ROLES

# a prediction's line says how far to trust it: solid if asserted, dashed for the claim's
# wording, dotted if only informative
LINESTYLES = {"measured": "-", "precise": "-", "claim": "--", "informative": ":"}


def render(title: str, series: list[dict[str, Any]]) -> bytes:
    """One figure as PNG bytes, from the recorded series (line, points or bars); a predicted
    series' legend entry names its evidence role (in English, like the series' labels)."""
    figure = Figure(figsize=(5.4, 3.3), dpi=90)
    axes = figure.subplots()
    for s in series:
        label = s["label"]
        if s["role"] != "measured":
            label = f"{label} ({ROLES['en'][s['role']]})"
        if s["kind"] == "points":
            axes.scatter(s["x"], s["y"], s=10, label=label)
        elif s["kind"] == "bars":
            width = (s["x"][1] - s["x"][0]) if len(s["x"]) > 1 else 0.8
            axes.bar(s["x"], s["y"], width=width, alpha=0.45, label=label)
        else:
            axes.plot(s["x"], s["y"], label=label, linewidth=1.3, linestyle=LINESTYLES[s["role"]])
    if any(s["log_y"] for s in series):
        axes.set_yscale("log")
    axes.set_xlabel(series[0]["axes"][0])
    axes.set_ylabel(series[0]["axes"][1])
    axes.set_title(title, fontsize=9)
    axes.legend(fontsize=7)
    axes.grid(alpha=0.3)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
