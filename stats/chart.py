"""A small chart of a report's days, drawn on the server as inline SVG.

Why SVG in the page: no JavaScript, no extra request, a few KB for 90
days, sharp on any screen, and screen readers get its title and a one-line
description. One small panel per figure, each on its own scale: orders are
a handful where views are hundreds, and on one scale they would be a flat
line.
"""

from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH = 320
PANEL = 58  # height of one figure's panel
LABEL = 16  # the panel's label above its plot
AXIS = 16  # dates under the last panel


def series():
    return [
        ("views", _("Views"), "#1b5e3b"),
        ("shares", _("Shares"), "#2563a8"),
        ("basket_adds", _("Basket additions"), "#9a6700"),
        ("orders", _("Orders"), "#a3262a"),
    ]


def _number(value):
    return number_format(value, force_grouping=True)


def _coordinate(value):
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _panel(index, values, label, colour):
    top = index * PANEL
    base = top + PANEL - 6
    height = PANEL - LABEL - 10
    peak = max(values) or 1
    step = WIDTH / max(len(values) - 1, 1)
    points = " ".join(
        f"{_coordinate(i * step)},{_coordinate(base - value * height / peak)}"
        for i, value in enumerate(values)
    )
    if any(values):
        caption = _("%(figure)s: %(total)s, at most %(peak)s a day") % {
            "figure": label,
            "total": _number(sum(values)),
            "peak": _number(max(values)),
        }
    else:
        caption = _("%(figure)s: none") % {"figure": label}
    return (
        f'<text x="0" y="{top + 12}" font-size="12" fill="#1d1d1b">{escape(caption)}</text>'
        f'<line x1="0" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="#ddd6c8"/>'
        f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2" '
        f'stroke-linejoin="round"/>'
    )


def chart(report, title, chart_id="stats-chart"):
    """Inline <svg> of a stats.report.Report's days: views, shares, basket
    additions and orders per day."""
    figures = series()
    totals = report.totals
    description = _(
        "From %(start)s to %(end)s: %(views)s views, %(shares)s shares, "
        "%(basket_adds)s basket additions and %(orders)s orders."
    ) % {
        "start": date_format(report.start, "j F Y"),
        "end": date_format(report.end, "j F Y"),
        "views": _number(totals.views),
        "shares": _number(totals.shares),
        "basket_adds": _number(totals.basket_adds),
        "orders": _number(totals.orders),
    }
    panels = "".join(
        _panel(index, [getattr(day, key) for _date, day in report.daily], label, colour)
        for index, (key, label, colour) in enumerate(figures)
    )
    height = len(figures) * PANEL + AXIS
    dates = (
        f'<text x="0" y="{height - 3}" font-size="11" fill="#5b574f">'
        f"{escape(date_format(report.start, 'j M'))}</text>"
        f'<text x="{WIDTH}" y="{height - 3}" font-size="11" fill="#5b574f" '
        f'text-anchor="end">{escape(date_format(report.end, "j M"))}</text>'
    )
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="system-ui,sans-serif" style="max-width:{WIDTH * 2}px;overflow:visible">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        f"{panels}{dates}</svg>"
    )
