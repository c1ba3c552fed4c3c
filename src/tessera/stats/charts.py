"""Bar charts drawn on the server as SVG: plain geometry from plain data (no JavaScript).

The page shows the same figures in a table beside the chart, for screen readers and for
copying; the chart is a picture of that table.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 720
HEIGHT = 200
MARGIN_BOTTOM = 20
MARGIN_TOP = 16


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    maximum: int
    baseline: float
    first_label: str
    last_label: str


def bar_chart(points: list[tuple[str, int]], width: int = WIDTH, height: int = HEIGHT) -> BarChart:
    """Bars for (label, value) points, scaled to the largest value."""
    maximum = max((value for _label, value in points), default=0)
    baseline = height - MARGIN_BOTTOM
    usable = baseline - MARGIN_TOP
    step = width / max(len(points), 1)
    bars = []
    for index, (label, value) in enumerate(points):
        bar_height = usable * value / maximum if maximum else 0
        bars.append(
            Bar(
                x=round(index * step + step * 0.1, 2),
                y=round(baseline - bar_height, 2),
                width=round(step * 0.8, 2),
                height=round(bar_height, 2),
                label=label,
                value=value,
            )
        )
    return BarChart(
        bars=bars,
        width=width,
        height=height,
        maximum=maximum,
        baseline=baseline,
        first_label=points[0][0] if points else "",
        last_label=points[-1][0] if points else "",
    )
