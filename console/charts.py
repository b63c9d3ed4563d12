"""Charts drawn on the server as SVG: no script, no third-party asset, and they print."""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from html import escape

from markupsafe import Markup

WIDTH, HEIGHT = 720, 220
LEFT, BOTTOM, TOP = 44, 28, 10
# Told apart by people with the common colour-vision deficiencies (Okabe and Ito's palette).
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


def stacked_bars(
    labels: Sequence[str],
    series: Mapping[str, Sequence[float]],
    title: str,
    names: Mapping[str, str],
) -> Markup:
    """One bar per label, each series stacked in its colour, with a legend of `names`."""
    totals = [sum(values[i] for values in series.values()) for i in range(len(labels))]
    top = max(totals, default=0) or 1
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    step = plot_w / max(1, len(labels))
    shapes = []
    for i, label in enumerate(labels):
        base = 0.0
        for colour, (key, values) in zip(COLOURS * 4, series.items(), strict=False):
            value = float(values[i])
            if not value:
                continue
            height = value / top * plot_h
            y = TOP + plot_h - base - height
            shapes.append(
                f'<rect x="{LEFT + i * step + 1:.1f}" y="{y:.1f}" width="{max(1.0, step - 2):.1f}" '
                f'height="{height:.1f}" fill="{colour}"><title>{escape(label)} · '
                f"{escape(names.get(key, key))}: {_number(value)}</title></rect>"
            )
            base += height
        if i % max(1, len(labels) // 6) == 0:
            x = LEFT + i * step
            shapes.append(f'<text x="{x:.1f}" y="{HEIGHT - 8}" class="tick">{escape(label)}</text>')
    legend = "".join(
        f'<span class="key"><i class="swatch" data-colour="{n % len(COLOURS)}"></i>'
        f"{escape(names.get(key, key))}</span>"
        for n, key in enumerate(series)
    )
    return _figure(title, top, shapes, legend)


def _figure(title: str, top: float, shapes: list[str], legend: str) -> Markup:
    axis = (
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - 8}" y2="{HEIGHT - BOTTOM}" '
        f'class="axis"/><text x="4" y="{TOP + 10}" class="tick">{_number(top)}</text>'
        f'<text x="4" y="{HEIGHT - BOTTOM}" class="tick">0</text>'
    )
    svg = (
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{axis}{''.join(shapes)}</svg>"
    )
    return Markup(
        f'<figure class="chart"><figcaption>{escape(title)}</figcaption>{svg}'
        f'<div class="legend">{legend}</div></figure>'
    )


def _number(value: float | Decimal) -> str:
    return f"{value:,.0f}"
