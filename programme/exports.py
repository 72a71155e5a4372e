"""A report table (headers and rows) as a download: CSV or Excel (XLSX).

One table feeds the page, the CSV and the XLSX, so the three always hold
the same columns; a column that must not leave (phone numbers for a
partner without programme.view_producer_contacts) is simply not in the
table. CSV is UTF-8 with a BOM so Excel shows names with accents right;
XLSX keeps numbers as numbers and dates as dates so partners can sum and
sort them. A text cell that a spreadsheet would run as a formula ("=...")
stays text in both.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    headers: list
    rows: list = field(default_factory=list)
    title: str = ""


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else str(value)
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_bytes(table):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_csv_cell(header) for header in table.headers])
    for row in table.rows:
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _sheet_title(title):
    cleaned = "".join(ch for ch in str(title or "") if ch not in "[]:*?/\\")
    return cleaned[:31] or "Laporan"


def _xlsx_text(value):
    """Text a spreadsheet keeps as text: without the control characters
    XLSX cannot hold (a name pasted from a phone may carry one)."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value)) or None  # empty: an empty cell


def xlsx_bytes(table):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(table.title)
    sheet.append([_xlsx_text(header) for header in table.headers])
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.data_type = "s"  # never a formula, whatever it starts with
    widths = [len(str(header)) for header in table.headers]
    for row in table.rows:
        values = []
        for value in row:
            if isinstance(value, Decimal) and value == value.to_integral_value():
                value = int(value)
            elif not isinstance(value, (int, float, Decimal, datetime.date, type(None))):
                value = _xlsx_text(value)
            values.append(value)
        sheet.append(values)
        for cell, value in zip(sheet[sheet.max_row], values, strict=False):
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever it starts with
            elif isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
        for index, value in enumerate(values[: len(widths)]):
            widths[index] = max(widths[index], len(str(value if value is not None else "")))
    for index, width in enumerate(widths):
        sheet.column_dimensions[sheet.cell(1, index + 1).column_letter].width = min(width + 2, 50)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def download(table, file_format, basename):
    """The table as an attachment named `basename`.csv or .xlsx."""
    body = csv_bytes(table) if file_format == "csv" else xlsx_bytes(table)
    response = HttpResponse(body, content_type=FORMATS[file_format])
    response["Content-Disposition"] = content_disposition_header(True, f"{basename}.{file_format}")
    response["Cache-Control"] = "private, no-store"  # names, and phone numbers for some
    return response
