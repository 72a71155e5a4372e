"""The rubric every installation starts with: the field study's four
variables (institutions, activity, business performance, connectivity),
their indicators and answers, and the bands 0-6 / 7-12 / 13-18 ->
IR1 Pemula / IR2 Berkembang / IR3 Maju.

The study gives no points per answer. These are ours: each indicator is
worth at most one point, except marketing zone (two: selling beyond the
regency counts double) and category (none: it describes, it does not rank),
so the highest score is 18. Labels are in Bahasa Indonesia, the language
facilitators assess in; the operator edits all of it in /cms/.
"""

import uuid

NAME = "Klaster industri rumahan (IR1-IR3)"
DESCRIPTION = (
    "Penilaian kelembagaan, aktivitas, kinerja usaha dan konektivitas industri rumahan, "
    "dari studi lapangan 101 industri rumahan."
)

# (variable key, label, [(indicator key, label, prefill source, [(value, label, points)])])
VARIABLES = [
    (
        "institutions",
        "Kelembagaan",
        [
            (
                "initiator",
                "Pemrakarsa usaha",
                "",
                [
                    ("government", "Pemerintah", 0),
                    ("private", "Swasta", 1),
                    ("community", "Masyarakat", 1),
                ],
            ),
            (
                "institutional_form",
                "Bentuk kelembagaan",
                "institutional_form",
                [
                    ("group", "Sentra atau kelompok alami", 0),
                    ("association", "Paguyuban atau Gapoktan", 1),
                    ("forum", "Forum atau klaster", 1),
                    ("cooperative", "Koperasi berbadan hukum", 1),
                ],
            ),
            (
                "institutional_support",
                "Dukungan kelembagaan",
                "institutional_support",
                [
                    ("none", "Tidak ada", 0),
                    ("little", "Sedikit", 0),
                    ("supportive", "Mendukung", 1),
                ],
            ),
        ],
    ),
    (
        "activity",
        "Aktivitas usaha",
        [
            (
                "business_permit",
                "Izin usaha",
                "business_permit",
                [
                    ("no", "Belum ada", 0),
                    ("yes", "Ada", 1),
                ],
            ),
            (
                "business_age",
                "Umur usaha",
                "business_age",
                [
                    ("under_1", "Kurang dari 1 tahun", 0),
                    ("1_2", "1-2 tahun", 0),
                    ("over_2", "Lebih dari 2 tahun", 1),
                ],
            ),
            (
                "production_pattern",
                "Pola produksi",
                "",
                [
                    ("not_continuous", "Tidak kontinu", 0),
                    ("semi_continuous", "Semi kontinu", 0),
                    ("continuous", "Kontinu", 1),
                ],
            ),
            (
                "place",
                "Tempat usaha",
                "",
                [
                    ("shared", "Bersama", 0),
                    ("rented", "Sewa", 0),
                    ("own", "Milik sendiri", 1),
                ],
            ),
            (
                "category",
                "Jenis usaha",
                "",
                [
                    ("food", "Makanan", 0),
                    ("craft", "Kerajinan", 0),
                    ("tailoring", "Konveksi atau jahit", 0),
                    ("agriculture", "Pertanian", 0),
                    ("fishery", "Perikanan", 0),
                    ("ranch", "Peternakan", 0),
                ],
            ),
            (
                "how_sold",
                "Cara penjualan",
                "",
                [
                    ("direct", "Langsung", 0),
                    ("travelling_traders", "Pedagang keliling", 0),
                    ("consignment", "Titip jual", 1),
                    ("regular_customers", "Pelanggan tetap", 1),
                ],
            ),
            (
                "marketing_zone",
                "Wilayah pemasaran",
                "marketing_zone",
                [
                    ("village", "Dalam desa", 0),
                    ("outside_village", "Luar desa", 1),
                    ("outside_district", "Luar kecamatan", 1),
                    ("outside_regency", "Luar kabupaten", 2),
                    ("outside_province", "Luar provinsi", 2),
                ],
            ),
            (
                "payment",
                "Cara pembayaran",
                "payment",
                [
                    ("cash", "Tunai", 0),
                    ("non_cash", "Non-tunai", 1),
                ],
            ),
        ],
    ),
    (
        "performance",
        "Kinerja usaha",
        [
            (
                "value_added",
                "Nilai tambah",
                "value_added",
                [
                    ("under_25", "Kurang dari 25%", 0),
                    ("25_50", "25-50%", 0),
                    ("50_75", "50-75%", 1),
                    ("over_75", "Lebih dari 75%", 1),
                ],
            ),
            (
                "profit_trend",
                "Tren keuntungan 3 tahun",
                "profit_trend",
                [
                    ("down", "Menurun", 0),
                    ("stable", "Tetap", 0),
                    ("up", "Meningkat", 1),
                ],
            ),
            (
                "market_reach",
                "Jangkauan pasar",
                "market_reach",
                [
                    ("local", "Lokal", 0),
                    ("out_of_town", "Luar kota", 1),
                    ("national", "Provinsi atau nasional", 1),
                    ("export", "Ekspor", 1),
                ],
            ),
        ],
    ),
    (
        "connectivity",
        "Konektivitas",
        [
            (
                "business_links",
                "Keterkaitan usaha",
                "",
                [
                    ("producer_only", "Hanya produsen", 0),
                    ("with_suppliers", "Dengan pemasok", 0),
                    ("core", "Inti dengan pemasok, jasa dan perdagangan", 1),
                ],
            ),
            (
                "cooperation",
                "Kerja sama",
                "",
                [
                    ("none", "Tidak ada", 0),
                    ("some", "Ada", 1),
                ],
            ),
            (
                "specialisation",
                "Spesialisasi",
                "",
                [
                    ("none", "Tidak ada", 0),
                    ("some", "Ada", 1),
                ],
            ),
            (
                "supporting_institutions",
                "Lembaga pendukung",
                "supporting_institutions",
                [
                    ("none", "Tidak ada", 0),
                    ("government", "Pemerintah", 1),
                    ("university", "Perguruan tinggi", 1),
                    ("bank", "Bank", 1),
                    ("business", "Dunia usaha", 1),
                    ("other", "Lainnya (LSM, koperasi)", 1),
                    ("combination", "Gabungan beberapa lembaga", 1),
                ],
            ),
        ],
    ),
]

BANDS = [
    ("IR1", "Pemula", 0, 6),
    ("IR2", "Berkembang", 7, 12),
    ("IR3", "Maju", 13, 18),
]


def _item(value):
    return {"type": "item", "value": value, "id": str(uuid.uuid4())}


def raw_variables():
    """Rubric.variables as Wagtail stores it."""
    return [
        {
            "type": "variable",
            "id": str(uuid.uuid4()),
            "value": {
                "label": label,
                "key": key,
                "indicators": [
                    _item(
                        {
                            "label": indicator_label,
                            "key": indicator_key,
                            "prefill": prefill,
                            "options": [
                                _item({"label": text, "value": value, "points": points})
                                for value, text, points in options
                            ],
                        }
                    )
                    for indicator_key, indicator_label, prefill, options in indicators
                ],
            },
        }
        for key, label, indicators in VARIABLES
    ]


def raw_bands():
    return [
        {
            "type": "band",
            "id": str(uuid.uuid4()),
            "value": {"code": code, "label": label, "min_score": low, "max_score": high},
        }
        for code, label, low, high in BANDS
    ]
