"""Report charts drawn on the server as inline SVG: no JavaScript, no
extra request, a few kilobytes, readable on a phone and a projector.

Same house style as training.charts and stats.chart: Okabe-Ito colours
(told apart with the common colour blindnesses), a <title> and <desc> for
screen readers, and each bar's number in its own <title>. The page always
shows the same numbers as a table next to the chart.
"""

from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from storefront.money import format_rupiah
from training.charts import COLOURS

# Bands lowest first: orange for starting, blue, then green for advanced.
BAND_COLOURS = ("#E69F00", "#0072B2", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000")
WIDTH = 320
ROW = 34  # one area: its name, then its bar
BAR = 14


def _number(value):
    return number_format(value, force_grouping=True)


def _svg(chart_id, title, description, height, body):
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        'font-family="system-ui,sans-serif" font-size="11" '
        f'style="max-width:{WIDTH * 2}px;overflow:visible">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>{body}</svg>'
    )


def _legend(entries, top):
    """Colour keys, two to a row; returns (svg, height)."""
    parts = []
    for index, (label, colour) in enumerate(entries):
        x, y = (index % 2) * (WIDTH / 2), top + (index // 2) * 16
        parts.append(
            f'<rect x="{x:.0f}" y="{y}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14:.0f}" y="{y + 9}">{escape(label)}</text>'
        )
    return "".join(parts), 16 * (-(-len(entries) // 2))


def stacked_bars(chart_id, title, description, rows, series, legend=True):
    """Horizontal stacked bars, one per row.

    ``rows``: [(label, [count per series])]; ``series``: [(label, colour)].
    Each bar is scaled to the largest row total, so areas compare. Without
    ``legend`` (each row its own series), the row labels say it all."""
    legend, legend_height = _legend(series, 0) if legend else ("", 0)
    top = legend_height + 8 if legend_height else 0
    peak = max((sum(counts) for _label, counts in rows), default=0) or 1
    parts = [legend]
    for index, (label, counts) in enumerate(rows):
        y = top + index * ROW
        total = sum(counts)
        parts.append(f'<text x="0" y="{y + 11}" fill="#1d1d1b">{escape(label)}</text>')
        x = 0.0
        for (name, colour), count in zip(series, counts, strict=False):
            if not count:
                continue
            width = (WIDTH - 40) * count / peak
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 15}" width="{width:.1f}" height="{BAR}" '
                f'fill="{colour}"><title>{escape(label)}: {escape(name)} {_number(count)}'
                "</title></rect>"
            )
            x += width
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 26}" fill="#5b574f">{_number(total)}</text>')
    height = top + max(len(rows), 1) * ROW
    return _svg(chart_id, title, description, height, "".join(parts))


def clusters_chart(report, title):
    """A programme.reports.ClusterReport: one stacked bar per area."""
    series = [
        (f"{band.code} {band.label}", BAND_COLOURS[index % len(BAND_COLOURS)])
        for index, band in enumerate(report.bands)
    ]
    rows = [(row.name, [row.counts[band.code] for band in report.bands]) for row in report.rows]
    totals = ", ".join(
        f"{band.code} {_number(report.totals.counts[band.code])}" for band in report.bands
    )
    description = _("Assessed subjects per cluster on %(date)s: %(totals)s.") % {
        "date": date_format(report.on_date, "j F Y"),
        "totals": totals or _("none"),
    }
    return stacked_bars("clusters-chart", title, description, rows, series)


def movement_chart(report, title):
    """A programme.reports.TransitionReport's summary as one bar per movement."""
    words = [
        ("up", _("Moved up"), COLOURS[2]),
        ("same", _("Stayed"), COLOURS[0]),
        ("down", _("Moved down"), COLOURS[4]),
        ("new", _("Newly assessed"), COLOURS[1]),
    ]
    summary = report.summary
    rows = [
        (label, [summary[key] if other == key else 0 for other, _label, _colour in words])
        for key, label, _colour in words
    ]
    description = ", ".join(f"{label}: {_number(summary[key])}" for key, label, _c in words)
    series = [(label, colour) for _key, label, colour in words]
    return stacked_bars("movement-chart", title, description, rows, series, legend=False)


def _panel(index, months, values, caption, colour):
    top = index * 92
    base = top + 80
    height = 56
    peak = max(values, default=0) or 1
    step = WIDTH / max(len(values), 1)
    parts = [f'<text x="0" y="{top + 12}" font-size="12" fill="#1d1d1b">{escape(caption)}</text>']
    parts.append(f'<line x1="0" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="#ddd6c8"/>')
    for i, (month, value) in enumerate(zip(months, values, strict=False)):
        bar = height * float(value) / float(peak)
        label = date_format(month, "M Y")
        shown = format_rupiah(value) if index == 0 else _number(value)
        parts.append(
            f'<rect x="{i * step + step * 0.15:.1f}" y="{base - bar:.1f}" '
            f'width="{step * 0.7:.1f}" height="{bar:.1f}" fill="{colour}">'
            f"<title>{escape(label)}: {escape(shown)}</title></rect>"
        )
    return "".join(parts)


def sales_chart(report, title):
    """A programme.sales_report.SalesReport: sales value and orders per month,
    each on its own scale (a few orders next to millions of rupiah would
    be a flat line)."""
    months = [month.month for month in report.months]
    sales = [month.sales for month in report.months]
    orders = [len(month.orders) for month in report.months]
    description = _("From %(start)s to %(end)s: sales %(sales)s in %(orders)s orders.") % {
        "start": date_format(report.start, "j F Y"),
        "end": date_format(report.end, "j F Y"),
        "sales": format_rupiah(report.totals.sales),
        "orders": _number(len(report.totals.orders)),
    }
    body = _panel(
        0, months, sales, _("Sales: %(total)s") % {"total": format_rupiah(sum(sales))}, COLOURS[0]
    ) + _panel(
        1, months, orders, _("Orders: %(total)s") % {"total": _number(sum(orders))}, COLOURS[1]
    )
    if months:
        body += (
            f'<text x="0" y="{92 * 2 + 4}" fill="#5b574f">'
            f"{escape(date_format(months[0], 'M Y'))}</text>"
            f'<text x="{WIDTH}" y="{92 * 2 + 4}" fill="#5b574f" text-anchor="end">'
            f"{escape(date_format(months[-1], 'M Y'))}</text>"
        )
    return _svg("sales-chart", title, description, 92 * 2 + 8, body)
