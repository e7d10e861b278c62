"""The report's figures, drawn with matplotlib from the series tests recorded with
``evidence.plot``, with the words that go with them: alt text and a caption that says which
series are measured and what each predicted one is (its evidence role)."""

from __future__ import annotations

import io
from typing import Any

from matplotlib.figure import Figure

from dlspec.harness.translations import ROLES

# a prediction's line says how far to trust it: solid if asserted, dashed for the claim's
# wording, dotted if only informative
LINESTYLES = {"measured": "-", "precise": "-", "claim": "--", "informative": ":"}
# drawn at the report's full width (60rem, about 900 px) so that its text reads at 100 %
SIZE, DPI = (8.4, 4.6), 100


def render(title: str, series: list[dict[str, Any]]) -> bytes:
    """One figure as PNG bytes (see :func:`draw`)."""
    buffer = io.BytesIO()
    draw(title, series).savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


def draw(title: str, series: list[dict[str, Any]]) -> Figure:
    """One figure from the recorded series (line, points or bars). The legend sits below
    the axes, where it covers no data; a predicted series' entry names its evidence role
    (in English, like the series' labels)."""
    figure = Figure(figsize=SIZE, dpi=DPI)
    axes = figure.subplots()
    for s in series:
        label = _named(s)
        if s["kind"] == "points":
            axes.scatter(s["x"], s["y"], s=14, label=label)
        elif s["kind"] == "bars":
            width = (s["x"][1] - s["x"][0]) if len(s["x"]) > 1 else 0.8
            axes.bar(s["x"], s["y"], width=width, alpha=0.45, label=label)
        else:
            axes.plot(s["x"], s["y"], label=label, linewidth=1.6, linestyle=LINESTYLES[s["role"]])
    if any(s["log_y"] for s in series):
        axes.set_yscale("log")
    axes.set_xlabel(series[0]["axes"][0], fontsize=11)
    axes.set_ylabel(series[0]["axes"][1], fontsize=11)
    axes.set_title(title, fontsize=12)
    axes.tick_params(labelsize=10)
    axes.grid(alpha=0.3)
    axes.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        ncol=2 if len(series) > 3 else 1,
        fontsize=10,
        frameon=False,
    )
    return figure


def _named(s: dict[str, Any]) -> str:
    """A series' label, with its evidence role unless it is measured."""
    return s["label"] if s["role"] == "measured" else f"{s['label']} ({ROLES['en'][s['role']]})"


def alt_text(title: str, series: list[dict[str, Any]]) -> str:
    """What the figure shows, for a reader who cannot see it."""
    x_axis, y_axis = series[0]["axes"]
    kinds = {"points": "points", "bars": "a histogram", "line": "a curve"}
    drawn = "; ".join(f"{kinds.get(s['kind'], 'a curve')} for {_named(s)}" for s in series)
    return f"{title}. Plotted against {x_axis or 'x'}, {y_axis or 'y'} upwards: {drawn}."


def caption(title: str, series: list[dict[str, Any]]) -> str:
    """The title, and for a figure that sets measurements against predictions, which is
    which, each prediction with its evidence role."""
    measured = [s["label"] for s in series if s["role"] == "measured"]
    predicted = [_named(s) for s in series if s["role"] != "measured"]
    if not (measured and predicted):
        return title
    return f"{title}. Measured: {', '.join(measured)}; against: {', '.join(predicted)}."
