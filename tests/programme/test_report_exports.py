"""Report downloads through the views, read back with csv and openpyxl:
the same numbers as the report, numbers and dates typed in Excel, and no
phone number for a partner who may not see contacts, in any cell."""

import csv
import datetime
import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from programme import exports
from tests.programme import world
from tests.programme.test_report_views import PERIOD, PHONE, PHONE_DIGITS, WHATSAPP, Scene

pytestmark = pytest.mark.django_db

CLUSTERS = reverse("programme:report-clusters")
LIST = reverse("programme:report-transition-list")
TRANSITIONS = reverse("programme:report-transitions")
SALES = reverse("programme:report-sales")


@pytest.fixture
def scene():
    return Scene()


@pytest.fixture
def client(client, settings):
    """In English (the language switcher's cookie), so headers read as the
    code writes them."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def download(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    return response


def read_csv(response):
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response):
    assert response["Content-Type"] == exports.FORMATS["xlsx"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return sheet, [list(row) for row in sheet.iter_rows(values_only=True)]


def xlsx_text(response):
    """Every XML part of the workbook, to look for a number anywhere."""
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist())


def test_clusters_as_csv_and_xlsx(client, scene):
    operator = world.make_operator()
    url = f"{CLUSTERS}?date=2025-12-31&level=village"
    response = download(client, operator, url + "&format=csv")
    assert 'filename="klaster-2025-12-31.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == [
        "Village",
        "District",
        "IR1 Pemula",
        "IR2 Berkembang",
        "IR3 Maju",
        "Assessed",
        "Not assessed yet",
    ]
    assert rows[1:] == [
        ["Cipedes", "Paseh", "1", "0", "0", "1", "0"],
        ["Lampegan", "Ibun", "0", "1", "0", "1", "0"],
        ["Total", "", "1", "1", "0", "2", "0"],
    ]

    response = download(client, operator, url + "&format=xlsx")
    assert 'filename="klaster-2025-12-31.xlsx"' in response["Content-Disposition"]
    sheet, cells = read_xlsx(response)
    assert cells[0] == rows[0]
    assert cells[2] == ["Lampegan", "Ibun", 0, 1, 0, 1, 0]
    assert all(cell.font.bold for cell in sheet[1])
    # earlier in the year Ani was still IR1
    _sheet, march = read_xlsx(download(client, operator, f"{CLUSTERS}?date=2025-03-01&format=xlsx"))
    assert march[-1] == ["Total", None, 1, 0, 0, 1, 1]  # an empty cell


def test_sales_xlsx_keeps_numbers_and_dates(client, scene):
    partner = world.make_partner_user()
    response = download(client, partner, f"{SALES}?{PERIOD}&format=xlsx")
    assert 'filename="penjualan-2025-12-31.xlsx"' in response["Content-Disposition"]
    sheet, cells = read_xlsx(response)
    assert cells[0][:5] == ["Month", "Orders", "Items", "Sales (Rp)", "Selling producers"]
    march = cells[3]
    assert march[0] == datetime.datetime(2025, 3, 1)
    assert sheet.cell(4, 1).is_date
    assert march[1:5] == [1, 2, 30000, 1]
    assert cells[-1][0] == "Total" and cells[-1][1:5] == [2, 3, 70000, 2]
    assert cells[-1][-1] == 50.0  # one of the two orders went outside the village
    rows = read_csv(download(client, partner, f"{SALES}?{PERIOD}&format=csv"))
    assert rows[3][:5] == ["2025-03-01", "1", "2", "30000", "1"]
    assert len(rows) == 1 + 12 + 1


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_partner_list_download_has_no_phone_column_and_no_phone_digits(
    client, scene, file_format
):
    partner = world.make_partner_user()
    url = f"{LIST}?{PERIOD}&pair=IR1-IR2&format={file_format}"
    response = download(client, partner, url)
    assert f'filename="daftar-IR1-IR2-2025-12-31.{file_format}"' in response["Content-Disposition"]
    if file_format == "csv":
        rows = read_csv(response)
        text = response.content.decode("utf-8-sig")
    else:
        rows = read_xlsx(response)[1]
        text = xlsx_text(response)
    assert "Phone" not in rows[0]
    assert rows[1][:3] == ["Bu Ani", "Lampegan", "Ibun"]
    assert rows[1][4:6] in (["3", "IR1"], [3, "IR1"])
    for digits in PHONE_DIGITS:
        assert digits not in text
    everything = download(client, partner, f"{TRANSITIONS}?{PERIOD}&format={file_format}")
    body = everything.content.decode("utf-8-sig") if file_format == "csv" else xlsx_text(everything)
    for digits in PHONE_DIGITS:
        assert digits not in body


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_contacts_reader_gets_the_phone_column(client, scene, file_format):
    partner = world.make_partner_user(contacts=True)
    url = f"{LIST}?{PERIOD}&pair=IR1-IR2&format={file_format}"
    response = download(client, partner, url)
    rows = read_csv(response) if file_format == "csv" else read_xlsx(response)[1]
    assert rows[0][-1] == "Phone"
    # a CSV cell starting with "+" gets a quote, so a spreadsheet keeps it text
    quote = "'" if file_format == "csv" else ""
    assert rows[1][-1] == f"{quote}{PHONE}, {WHATSAPP}"
    scores = rows[1][4:10]
    if file_format == "csv":
        assert scores == ["3", "IR1", "2024-10-01", "10", "IR2", "2025-09-01"]
    else:
        assert scores == [
            3,
            "IR1",
            datetime.datetime(2024, 10, 1),
            10,
            "IR2",
            datetime.datetime(2025, 9, 1),
        ]


def test_a_name_that_looks_like_a_formula_stays_text():
    table = exports.Table(["Name", "Score"], [["=HYPERLINK(1)", 3], ["+62 812", None]])
    rows = list(csv.reader(io.StringIO(exports.csv_bytes(table).decode("utf-8-sig"))))
    assert rows[1] == ["'=HYPERLINK(1)", "3"] and rows[2] == ["'+62 812", ""]
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(table))).active
    assert sheet["A2"].value == "=HYPERLINK(1)" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 3 and sheet["B3"].value is None


def test_xlsx_keeps_names_with_control_characters_and_headers_as_text():
    table = exports.Table(["=SUM(A1)", "Nama"], [["Bu\x0bAni", 3]], title="Uji")
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(table))).active
    assert [cell.value for cell in sheet[1]] == ["=SUM(A1)", "Nama"]
    assert sheet["A1"].data_type == "s"
    assert [cell.value for cell in sheet[2]] == ["BuAni", 3]
