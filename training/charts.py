"""A cohort's progress over time as a small SVG line chart, drawn on the
server: no JavaScript, a few kilobytes, sharp on a projector and a phone.

One line (a <path>) per checklist step, the number of trainees who had
reached it by each day; the axes say what they count and the chart has a
title and description for screen readers. The page embeds it with <img>,
and the table next to it carries the same facts as text.
"""

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _

# Okabe-Ito colours: told apart with the common colour blindnesses.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "", "6 3", "2 3")

WIDTH, HEIGHT = 640, 360
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 40, 48  # margins around the plot
LEGEND_ROW = 18


def _ticks(top, most=5):
    """Whole-number ticks from 0 to at least ``top`` (1 or more), at most
    ``most`` steps of 1, 2, 5, 10... trainees."""
    sizes = (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000)
    step = next((size for size in sizes if -(-top // size) <= most), sizes[-1])
    return list(range(0, -(-top // step) * step + 1, step))


def _x_labels(days, most=6):
    if len(days) <= most:
        return list(range(len(days)))
    gap = (len(days) - 1) / (most - 1)
    return sorted({round(index * gap) for index in range(most)})


def progress_svg(title, days, series, steps, total):
    """The chart as SVG text.

    ``days``: the dates on the x axis; ``series``: step key -> cumulative
    counts, one per day; ``steps``: the checklist steps (key, label) in
    order; ``total``: trainees in the cohort (the top of the y axis)."""
    legend_height = LEGEND_ROW * ((len(steps) + 1) // 2)
    height = HEIGHT + legend_height
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    ticks = _ticks(max(total, *(max(counts, default=0) for counts in series.values()), 1))
    top = ticks[-1]

    def x(index):
        return LEFT + (plot_w * index / (len(days) - 1) if len(days) > 1 else plot_w / 2)

    def y(count):
        return TOP + plot_h - plot_h * count / top

    description = _(
        "Trainees who had reached each step, day by day, from %(start)s to %(end)s."
    ) % {
        "start": date_format(days[0], "j F Y"),
        "end": date_format(days[-1], "j F Y"),
    }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" '
        'aria-labelledby="chart-title chart-desc" font-family="system-ui,sans-serif" '
        'font-size="12">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(description)}</desc>',
        f'<rect width="{WIDTH}" height="{height}" fill="#fff"/>',
        f'<text x="{LEFT}" y="20" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    # y axis: grid lines with counts, and what they count
    for tick in ticks:
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            'stroke="#e5dfd2"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}</text>'
        )
    parts.append(
        f'<text transform="translate(12 {TOP + plot_h / 2:.1f}) rotate(-90)" '
        f'text-anchor="middle">{escape(_("Trainees"))}</text>'
    )
    # x axis: a few dates, and what they are
    base = TOP + plot_h
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}" stroke="#555"/>')
    for index in _x_labels(days):
        # The last date ends at the edge rather than running off it.
        anchor = "end" if index == len(days) - 1 and index else "middle"
        parts.append(
            f'<text x="{x(index):.1f}" y="{base + 16}" text-anchor="{anchor}">'
            f"{escape(date_format(days[index], 'j M'))}</text>"
        )
    parts.append(
        f'<text x="{LEFT + plot_w / 2:.1f}" y="{base + 36}" text-anchor="middle">'
        f"{escape(_('Day'))}</text>"
    )
    # one line per step, then its legend entry
    for number, (key, label) in enumerate(steps):
        colour, dash = COLOURS[number % len(COLOURS)], DASHES[number % len(DASHES)]
        counts = series.get(key) or [0] * len(days)
        points = " L".join(f"{x(i):.1f} {y(count):.1f}" for i, count in enumerate(counts))
        if len(counts) == 1:  # a single day: a short flat line, still visible
            points = f"{x(0) - 6:.1f} {y(counts[0]):.1f} L{x(0) + 6:.1f} {y(counts[0]):.1f}"
        dash_attribute = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<path d="M{points}" fill="none" stroke="{colour}" stroke-width="2.5"'
            f"{dash_attribute}><title>{escape(label)}: {counts[-1]}</title></path>"
        )
        column, row = number % 2, number // 2
        lx, ly = LEFT + column * (plot_w / 2), HEIGHT + row * LEGEND_ROW
        parts.append(
            f'<line x1="{lx:.1f}" x2="{lx + 24:.1f}" y1="{ly - 4}" y2="{ly - 4}" '
            f'stroke="{colour}" stroke-width="2.5"{dash_attribute}/>'
            f'<text x="{lx + 30:.1f}" y="{ly}">{escape(label)} ({counts[-1]})</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
