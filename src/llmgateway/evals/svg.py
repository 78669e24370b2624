"""Small inline SVG charts for the HTML reports (no scripts, no network)."""

from __future__ import annotations

from html import escape

PALETTE = ["#2f6db5", "#d9822b", "#3a9a5b", "#9b4dca", "#c23b3b", "#6b7785"]


def bars(labels: list[str], values: list[float | None], *, maximum: float | None = None, width: int = 260) -> str:
    """Horizontal bars, one per label; a missing value is drawn as the word 'missing'."""
    row = 18
    height = row * len(labels) + 4
    top = maximum or max([v for v in values if v is not None] or [1.0]) or 1.0
    parts = [f'<svg class="chart" width="{width}" height="{height}" role="img">']
    for i, (label, value) in enumerate(zip(labels, values)):
        y = i * row + 2
        color = PALETTE[i % len(PALETTE)]
        if value is None:
            parts.append(f'<text x="2" y="{y + 12}" font-size="11" fill="#888">{escape(label)}: missing</text>')
            continue
        w = max(1, int((width - 70) * min(value / top, 1.0)))
        parts.append(
            f'<rect x="0" y="{y}" width="{w}" height="{row - 5}" fill="{color}"><title>{escape(label)}</title></rect>'
        )
        parts.append(f'<text x="{w + 4}" y="{y + 11}" font-size="11">{value:.3g}</text>')
    parts.append("</svg>")
    return "".join(parts)


def interval(
    delta: float | None, ci: list[float] | None, *, span: float = 1.0, width: int = 180, higher_is_better: bool = True
) -> str:
    """A confidence interval around 0: the bar is the CI, the dot the mean difference; green when the
    whole interval is on the better side, red when it is on the worse side."""
    height = 16
    mid = width / 2

    def x(v: float) -> float:
        return mid + max(-1.0, min(1.0, v / span)) * (width / 2 - 4)

    parts = [f'<svg class="ci" width="{width}" height="{height}">']
    parts.append(f'<line x1="{mid}" y1="0" x2="{mid}" y2="{height}" stroke="#aaa" stroke-dasharray="2,2"/>')
    if ci is not None and delta is not None:
        up, down = ("#3a9a5b", "#c23b3b") if higher_is_better else ("#c23b3b", "#3a9a5b")
        color = up if ci[0] > 0 else down if ci[1] < 0 else "#6b7785"
        parts.append(f'<line x1="{x(ci[0]):.1f}" y1="8" x2="{x(ci[1]):.1f}" y2="8" stroke="{color}" stroke-width="3"/>')
        parts.append(f'<circle cx="{x(delta):.1f}" cy="8" r="4" fill="{color}"/>')
    parts.append("</svg>")
    return "".join(parts)


def trend(points: list[tuple[str, float | None]], *, width: int = 320, height: int = 90) -> str:
    """A line over experiments in time order (0..1 scale); missing points are skipped."""
    pts = [(i, v) for i, (_label, v) in enumerate(points) if v is not None]
    parts = [f'<svg class="trend" width="{width}" height="{height}">']
    parts.append(f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fafbfc" stroke="#dde"/>')
    if pts:
        n = max(1, len(points) - 1)

        def xy(i: int, v: float) -> tuple[float, float]:
            return 8 + (width - 16) * i / n, height - 8 - (height - 16) * max(0.0, min(1.0, v))

        line = " ".join(f"{xy(i, v)[0]:.1f},{xy(i, v)[1]:.1f}" for i, v in pts)
        parts.append(f'<polyline points="{line}" fill="none" stroke="#2f6db5" stroke-width="2"/>')
        for i, v in pts:
            cx, cy = xy(i, v)
            parts.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3" fill="#2f6db5"><title>{escape(points[i][0])}: {v:.3f}</title></circle>'
            )
    parts.append("</svg>")
    return "".join(parts)
