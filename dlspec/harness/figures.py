"""The report's figures, drawn with matplotlib from the series tests recorded with
``evidence.plot``, with the words that go with them in the page's language: the alt text,
and a caption that says what to notice (the test's own sentence) and which
implementations' curves coincide.

Where every implementation recorded a series under one label and the curves agree to a
fraction :data:`COINCIDE` of the plot's height, one line is drawn and the caption says that
the others lie on it, with the largest difference; otherwise each is drawn and named.
"""

from __future__ import annotations

import functools
import io
import math
import zlib
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure
from PIL import Image

from dlspec.harness.translations import ROLES, UI

# a prediction's line says how far to trust it: solid if asserted, dashed for the claim's
# wording, dotted if only informative; a series marked dashed is a variant of its group
LINESTYLES = {"measured": "-", "precise": "-", "claim": "--", "informative": ":"}
# drawn at the report's full width (60rem, about 900 px) so that its text reads at 100 %:
# the axes' size and the margins for ticks, labels and title, in inches, and the height of
# one row of the legend below; a fixed layout draws each figure once
AXES, DPI = (7.3, 3.5), 100
LEFT, RIGHT, TOP, BOTTOM, LEGEND_ROW = 1.1, 0.2, 0.4, 0.75, 0.24
LEGEND_COLUMN = 50  # characters
# curves closer than this fraction of the plot's height cannot be told apart when drawn
COINCIDE = 1e-3
# a figure's colours fit a palette this size, which keeps the page small (PNG of 8-bit
# colour indices, not 32-bit pixels) without visible banding on lines and text
PALETTE = 128
# fonts with Chinese glyphs, the first one installed draws the Chinese page's figures
CHINESE_FONTS = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "SimHei")
CHINESE_FONT_FILES = ("wqy", "notosanscjk", "sourcehansans", "simhei")


@functools.lru_cache(maxsize=1)
def chinese_font() -> str | None:
    """The first installed font of :data:`CHINESE_FONTS`; matplotlib's font list is cached
    on disk, so a font installed after it was written is looked for among the system's
    font files too."""
    for _ in range(2):
        installed = {font.name for font in font_manager.fontManager.ttflist}
        found = next((name for name in CHINESE_FONTS if name in installed), None)
        if found:
            return found
        for path in font_manager.findSystemFonts():
            if any(hint in Path(path).name.lower() for hint in CHINESE_FONT_FILES):
                font_manager.fontManager.addfont(path)
    return None


def words(lang: str) -> str:
    """The language a figure's own text can be drawn in: Chinese needs a Chinese font."""
    return "zh" if lang == "zh" and chinese_font() else "en"


def _text(series: dict[str, Any], key: str, lang: str) -> Any:
    return series.get(f"{key}_zh") or series[key] if lang == "zh" else series[key]


def merged(
    series: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[tuple[str, str, float]]]:
    """The series to draw, and for each label whose implementations coincide, (the drawn
    implementation, the others, their largest difference)."""
    ys = [y for s in series if s["kind"] != "mark" for y in s["y"]]
    height = (max(ys) - min(ys)) if ys else 0.0
    labels: dict[str, list[dict[str, Any]]] = {}
    for s in series:
        labels.setdefault(s["label"], []).append(s)
    drawn, coincide = [], []
    for same in labels.values():
        first, others = same[0], same[1:]
        if not others:
            drawn.append({**first, "named": None})
            continue
        differences = [
            max(abs(a - b) for a, b in zip(first["y"], other["y"], strict=True))
            if other["x"] == first["x"]
            else float("inf")
            for other in others
        ]
        if max(differences) <= COINCIDE * height:
            drawn.append({**first, "named": None})
            names = ", ".join(str(o["implementation"]) for o in others)
            coincide.append((str(first["implementation"]), names, max(differences)))
        else:
            drawn += [{**s, "named": s["implementation"]} for s in same]
    return drawn, coincide


def render(title: str, series: list[dict[str, Any]], lang: str = "en") -> bytes:
    """One figure as PNG bytes (see :func:`draw`), its colours in a palette of
    :data:`PALETTE` (drawn once, to pixels, then encoded once)."""
    font = chinese_font() if lang == "zh" else None
    with matplotlib.rc_context({"font.family": ["DejaVu Sans", font]}) if font else nullcontext():
        figure = draw(title, series, lang)
        raw = io.BytesIO()
        figure.savefig(raw, format="rgba")
    size = figure.canvas.get_width_height()
    pixels = Image.frombuffer("RGBA", size, raw.getvalue(), "raw", "RGBA", 0, 1)
    image = pixels.convert("RGB").quantize(colors=PALETTE, method=Image.Quantize.FASTOCTREE)
    png = io.BytesIO()
    image.save(png, format="PNG")
    return png.getvalue()


def draw(title: str, series: list[dict[str, Any]], lang: str = "en") -> Figure:
    """One figure from the recorded series (line, points, bars or marks), with one colour
    per group where the test gave groups. The legend sits below the axes, where it covers
    no data (the figure grows by a row for every row of the legend); a predicted series'
    entry names its evidence role."""
    lang = words(lang)
    drawn, _ = merged(series)
    labels = [_named(s, lang) for s in drawn]
    # two columns of the legend fit the width only for short labels
    columns = 2 if len(drawn) > 3 and max(map(len, labels)) <= LEGEND_COLUMN else 1
    legend = math.ceil(len(drawn) / columns) * LEGEND_ROW
    width, height = LEFT + AXES[0] + RIGHT, TOP + AXES[1] + BOTTOM + legend
    figure = Figure(figsize=(width, height), dpi=DPI)
    axes = figure.add_axes(
        (LEFT / width, (BOTTOM + legend) / height, AXES[0] / width, AXES[1] / height)
    )
    palette = [matplotlib.colormaps["tab10"](k) for k in range(10)]
    colours = group_colours([s["group"] for s in drawn if s.get("group")], len(palette))
    for index, (s, label) in enumerate(zip(drawn, labels, strict=True)):
        colour = palette[colours[s["group"]] if s.get("group") else index % len(palette)]
        style = "--" if s.get("dashed") else LINESTYLES[s["role"]]
        if s["kind"] == "points":
            axes.scatter(s["x"], s["y"], s=14, label=label, color=colour)
        elif s["kind"] == "bars":
            width = (s["x"][1] - s["x"][0]) if len(s["x"]) > 1 else 0.8
            axes.bar(s["x"], s["y"], width=width, alpha=0.45, label=label, color=colour)
        elif s["kind"] == "mark":
            for k, x in enumerate(s["x"]):
                axes.axvline(
                    x, color=colour, linestyle=style, linewidth=1.6, label=label if k == 0 else None
                )
        else:
            axes.plot(s["x"], s["y"], label=label, linewidth=1.6, linestyle=style, color=colour)
    if any(s["log_y"] for s in series):
        axes.set_yscale("log")
    x_axis, y_axis = _text(series[0], "axes", lang)
    axes.set_xlabel(x_axis, fontsize=11)
    axes.set_ylabel(y_axis, fontsize=10, wrap=True)
    axes.set_title((series[0].get("figure_zh") or title) if lang == "zh" else title, fontsize=12)
    axes.tick_params(labelsize=10)
    axes.grid(alpha=0.3)
    figure.legend(loc="lower center", ncol=columns, fontsize=10, frameon=False)
    return figure


def group_colours(groups: list[str], size: int) -> dict[str, int]:
    """A palette index per group, the same in every figure (from the group's name), a
    neighbouring one where two groups of a figure would share it."""
    taken: dict[str, int] = {}
    for group in dict.fromkeys(groups):
        index = zlib.crc32(group.encode()) % size
        while index in taken.values() and len(taken) < size:
            index = (index + 1) % size
        taken[group] = index
    return taken


def _named(s: dict[str, Any], lang: str) -> str:
    """A series' label, with its implementation where the implementations differ and its
    evidence role unless it is measured."""
    label = str(_text(s, "label", lang))
    if s.get("named"):
        label += f" ({s['named']})"
    return label if s["role"] == "measured" else f"{label} ({ROLES[lang][s['role']]})"


def notice(series: list[dict[str, Any]], lang: str) -> str:
    """The figure's what-to-notice sentence in ``lang``, as its test stated it."""
    found = next((s["notice"] for s in series if s.get("notice")), None)
    return "" if found is None else found[1 if lang == "zh" else 0]


def alt_text(title: str, series: list[dict[str, Any]], lang: str = "en") -> str:
    """What the figure shows, for a reader who cannot see it."""
    x_axis, y_axis = _text(series[0], "axes", lang)
    name = (series[0].get("figure_zh") or title) if lang == "zh" else title
    drawn, _ = merged(series)
    labels = "; ".join(_named({**s, "role": "measured"}, lang) for s in drawn)
    if lang == "zh":
        return f"{name}。横轴：{x_axis or 'x'}，纵轴：{y_axis or 'y'}。曲线与数据：{labels}。"
    return f"{name}. Plotted against {x_axis or 'x'}, {y_axis or 'y'} upwards: {labels}."


def caption(series: list[dict[str, Any]], lang: str = "en") -> str:
    """What to notice, then which implementations' curves lie on the drawn one."""
    _, coincide = merged(series)
    parts = [notice(series, lang)] + [
        UI[lang]["coincide"].format(first=first, others=others, difference=f"{difference:.2g}")
        for first, others, difference in coincide
    ]
    if lang == "zh" and not chinese_font():
        parts.append(UI["zh"]["no_chinese_font"])
    return ("" if lang == "zh" else " ").join(p for p in parts if p)
