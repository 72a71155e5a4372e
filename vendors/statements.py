"""A producer's statement in plain words, on screen, as CSV and as PDF.

vendors.ledger.statement() gathers the entries of a period; this module
says what each entry means to her ("Order 100012: Keripik × 2") and renders
the same rows three ways, so the screen, the spreadsheet and the printout
never disagree.
"""

import csv
import datetime
import io
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF
from oscar.core.loading import get_model

from storefront import money

LedgerEntry = get_model("partner", "LedgerEntry")
Kind = LedgerEntry.Kind


@dataclass
class Row:
    date: datetime.datetime
    description: str
    sold: Decimal
    commission: Decimal
    amount: Decimal


def describe(entry):
    """What one entry was, in the reader's language."""
    if entry.kind in (Kind.SALE, Kind.CASH_COLLECTED) and entry.line is not None:
        line = entry.line
        what = _("Order %(number)s: %(title)s × %(quantity)d") % {
            "number": line.order.number,
            "title": line.title,
            "quantity": line.quantity,
        }
        if entry.kind == Kind.CASH_COLLECTED:
            return _("Cash you collected: %(what)s") % {"what": what}
        return what
    if entry.kind == Kind.REFUND and entry.refund_line is not None:
        refund_line = entry.refund_line
        return _("Refund, order %(number)s: %(title)s × %(quantity)d (%(reason)s)") % {
            "number": refund_line.line.order.number,
            "title": refund_line.line.title,
            "quantity": refund_line.quantity,
            "reason": refund_line.refund.reason,
        }
    if entry.payout is not None:
        payout = entry.payout
        text = f"{entry.get_kind_display()}: {payout.get_method_display()}"
        return f"{text} ({payout.reference})" if payout.reference else text
    return entry.get_kind_display()


def rows(statement):
    result = []
    for entry in statement.entries:
        signed = -1 if entry.kind == Kind.REFUND else 1
        result.append(
            Row(
                date=entry.created_at,
                description=describe(entry),
                sold=signed * entry.gross if entry.kind in (Kind.SALE, Kind.REFUND) else 0,
                commission=signed * entry.commission,
                amount=entry.amount,
            )
        )
    return result


def summary(statement):
    """(label, amount) pairs she reads top to bottom, ending with her balance."""
    return [
        (_("Balance at the start"), statement.opening),
        (_("Sold"), statement.sold),
        (_("Shop commission"), -statement.commission),
        (_("Cash you collected yourself"), -statement.cash_collected),
        (_("Paid out to you"), -statement.paid_out),
        (_("You paid the shop"), statement.paid_to_shop),
        (_("Balance"), statement.closing),
    ]


def balance_sentence(amount):
    if amount > 0:
        return _("The shop owes you %(amount)s.") % {"amount": money.format_rupiah(amount)}
    if amount < 0:
        return _("You owe the shop %(amount)s (commission on cash sales).") % {
            "amount": money.format_rupiah(-amount)
        }
    return _("Nobody owes anything.")


def period_label(statement):
    if statement.start is None:
        return _("All time")
    last_day = (statement.end or timezone.now()) - datetime.timedelta(microseconds=1)
    first = date_format(timezone.localtime(statement.start), "j F Y")
    return f"{first} – {date_format(timezone.localtime(last_day), 'j F Y')}"


def filename(statement, extension):
    month = timezone.localtime(statement.start).strftime("%Y-%m") if statement.start else "semua"
    return f"saldo-{statement.producer.code}-{month}.{extension}"


# --- CSV ----------------------------------------------------------------------


def to_csv(statement):
    """UTF-8 with a BOM, so spreadsheet apps on phones and laptops open it
    with the right characters; amounts as plain whole numbers."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Date"), _("What"), _("Sold"), _("Commission"), _("Change to balance")])
    writer.writerow(["", _("Balance at the start"), "", "", _number(statement.opening)])
    for row in rows(statement):
        writer.writerow(
            [
                timezone.localtime(row.date).strftime("%Y-%m-%d %H:%M"),
                row.description,
                _number(row.sold),
                _number(row.commission),
                _number(row.amount),
            ]
        )
    writer.writerow(["", _("Balance"), "", "", _number(statement.closing)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _number(amount):
    return str(Decimal(amount).quantize(Decimal(1)))


# --- PDF ----------------------------------------------------------------------


def latin1(text):
    """fpdf's built-in fonts only know Latin-1: typographic quotes and dashes
    become their plain forms, anything else its closest letter."""
    text = str(text)
    for fancy, plain in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"), ("–", "-"), ("—", "-")):
        text = text.replace(fancy, plain)
    text = text.replace("×", "x")
    return (
        unicodedata.normalize("NFKD", text).encode("latin-1", "ignore").decode("latin-1")
        if any(ord(char) > 255 for char in text)
        else text
    )


def _amount_or_blank(amount):
    return money.format_rupiah(amount) if amount else ""


def to_pdf(statement):
    """One A4 page or more: the summary, then every entry."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_title(latin1(_("Statement")))
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, latin1(_("Statement")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    shop = statement.producer.site.site_name if statement.producer.site else "Pasar Desa"
    pdf.cell(0, 6, latin1(f"{statement.producer.name} · {shop}"), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, latin1(period_label(statement)), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    for label, amount in summary(statement):
        pdf.set_font("Helvetica", "B" if label == _("Balance") else "", 11)
        pdf.cell(110, 7, latin1(label))
        pdf.cell(0, 7, money.format_rupiah(amount), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "I", 11)
    pdf.multi_cell(0, 7, latin1(balance_sentence(statement.closing)))
    pdf.ln(4)

    # The same columns as the CSV and the screen.
    columns = [
        (24, _("Date"), lambda row: timezone.localtime(row.date).strftime("%d-%m-%Y"), "L"),
        (80, _("What"), lambda row: latin1(row.description)[:58], "L"),
        (28, _("Sold"), lambda row: money.format_rupiah(row.sold) if row.sold else "", "R"),
        (28, _("Commission"), lambda row: _amount_or_blank(row.commission), "R"),
        (30, _("Change to balance"), lambda row: money.format_rupiah(row.amount), "R"),
    ]
    pdf.set_font("Helvetica", "B", 8)
    for width, title, _value, align in columns:
        pdf.cell(width, 7, latin1(title), border="B", align=align)
    pdf.ln()
    pdf.set_font("Helvetica", size=8)
    for row in rows(statement):
        for width, _title, value, align in columns:
            pdf.cell(width, 6, value(row), align=align)
        pdf.ln()
    return bytes(pdf.output())
