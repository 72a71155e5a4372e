"""The programme demo's invented partner institutions, business papers and
a year of cluster assessments of Ibun Store's producers, as plain data.

Every name and number is invented. Dates are "days ago" or "months ago", so
the demo is always a recent year. Answers use the keys of the seeded rubric
(programme.default_rubric); programme.demo derives four of them from the
platform's own data (category, institutional form, business age and
supporting institutions), so the assessments agree with the products,
groups, profiles and supports the demo shows.
"""

# Quarterly, from just over a year ago (before the start of the reports'
# default period, one year back) to about six weeks ago.
ASSESSMENT_DAYS_AGO = [380, 270, 160, 45]

# (name, kind, notes)
INSTITUTIONS = [
    (
        "Dinas PPPA Kabupaten Bandung",
        "government",
        "Pelatihan kewirausahaan perempuan dan pendampingan izin usaha.",
    ),
    (
        "Bank Desa Sejahtera, Kantor Cabang Majalaya",
        "bank",
        "Kredit usaha mikro dan tabungan untuk pelaku usaha desa.",
    ),
    (
        "Pengabdian Masyarakat Universitas Citarum Raya",
        "university",
        "Mahasiswa membantu foto produk, pencatatan keuangan dan pemasaran daring.",
    ),
    (
        "Yayasan Sekar Desa",
        "ngo",
        "Pendampingan kelompok perempuan dan akses ke pasar di luar desa.",
    ),
    (
        "Koperasi Wanita Ibun Sejahtera",
        "cooperative",
        "Pembelian bahan baku bersama dan simpan pinjam anggota.",
    ),
]

# (institution, producer, since (days ago), what support)
SUPPORTS = [
    ("Dinas PPPA Kabupaten Bandung", "Keripik Ceu Enok", 300, "Pelatihan pengemasan dan P-IRT"),
    ("Dinas PPPA Kabupaten Bandung", "Dodol Ibu Euis", 170, "Pendampingan SKU desa"),
    ("Dinas PPPA Kabupaten Bandung", "Kebun Bu Dedeh", 900, "Pelatihan KWT"),
    ("Bank Desa Sejahtera, Kantor Cabang Majalaya", "Keripik Ceu Enok", 80, "Kredit usaha mikro"),
    (
        "Pengabdian Masyarakat Universitas Citarum Raya",
        "Batik Tulis Bu Imas",
        280,
        "Foto produk dan katalog daring",
    ),
    (
        "Pengabdian Masyarakat Universitas Citarum Raya",
        "Sulam Neng Rina",
        270,
        "Pencatatan keuangan sederhana",
    ),
    ("Yayasan Sekar Desa", "Rajut Teh Ani", 70, "Pameran kerajinan di Bandung"),
    ("Koperasi Wanita Ibun Sejahtera", "Kue Kering Teh Lilis", 60, "Pembelian bahan bersama"),
]

# Business papers, set only where the field is still empty.
# business_started is "months ago" (the first day of that month).
PAPERS = {
    "Keripik Ceu Enok": {
        "business_started": 156,
        "business_permit": "SKU Desa Lampegan No. 517/045",
        "pirt_number": "2063204010123-29",
        "legal_form": "sole",
    },
    "Batik Tulis Bu Imas": {"business_started": 190, "nib": "9120208765432", "legal_form": "sole"},
    "Rajut Teh Ani": {"business_started": 30},
    "Dodol Ibu Euis": {"business_started": 180, "business_permit": "SKU Desa Ibun No. 517/008"},
    "Sulam Neng Rina": {
        "business_started": 72,
        "business_permit": "SKU Desa Mekarwangi No. 517/021",
    },
    "Sabun Sereh Bu Yati": {"business_started": 48},
    "Kebun Bu Dedeh": {"business_started": 96},
    "Kue Kering Teh Lilis": {"business_started": 42},
    "Ikan Mas Bu Nining": {"business_started": 60},
}

# A home industry that has just started: the answers nobody's script changes.
DEFAULT_ANSWERS = {
    "initiator": "community",
    "institutional_support": "none",
    "business_permit": "no",
    "production_pattern": "semi_continuous",
    "place": "own",
    "how_sold": "direct",
    "marketing_zone": "village",
    "payment": "cash",
    "value_added": "25_50",
    "profit_trend": "stable",
    "market_reach": "local",
    "business_links": "producer_only",
    "cooperation": "none",
    "specialisation": "none",
}

# Per producer: her first assessment's answers (over DEFAULT_ANSWERS), then
# what changed at each later one, and the assessor's notes.
# The cluster each reaches is in the comments (seeded rubric).
JOURNEYS = {
    # IR1 -> IR2 -> IR2 -> IR3: training, then permits, then credit.
    "Keripik Ceu Enok": {
        "first": {
            "institutional_support": "little",
            "marketing_zone": "outside_village",
            "business_links": "with_suppliers",
            "specialisation": "some",
        },
        "changes": [
            {"institutional_support": "supportive", "payment": "non_cash"},
            {
                "business_permit": "yes",
                "profit_trend": "up",
                "market_reach": "out_of_town",
                "marketing_zone": "outside_district",
            },
            {
                "marketing_zone": "outside_regency",
                "production_pattern": "continuous",
                "cooperation": "some",
            },
        ],
        "notes": [
            "Penilaian awal. Keripik dijual di warung dan ke tetangga.",
            "Ikut pelatihan Dinas PPPA; mulai menerima transfer dan QRIS lewat Ibun Store.",
            "Sudah punya SKU desa dan P-IRT. Pesanan datang dari Bandung.",
            "Dapat kredit usaha mikro; produksi setiap hari, pesanan sampai Jakarta.",
        ],
    },
    # IR2 -> IR2 -> IR2 -> IR3: an NIB and non-cash payments.
    "Batik Tulis Bu Imas": {
        "first": {
            "how_sold": "consignment",
            "marketing_zone": "outside_district",
            "value_added": "over_75",
            "market_reach": "out_of_town",
            "cooperation": "some",
            "specialisation": "some",
            "institutional_support": "little",
            "business_links": "with_suppliers",
        },
        "changes": [
            {"institutional_support": "supportive"},
            {"how_sold": "regular_customers"},
            {"business_permit": "yes", "payment": "non_cash"},
        ],
        "notes": [
            "Batik dititipkan di galeri Bandung.",
            "Mahasiswa membantu foto produk dan katalog.",
            "",
            "NIB sudah terbit dari OSS; pembeli membayar lewat transfer.",
        ],
    },
    # IR1 -> IR1 -> IR2 -> IR2: her business passes two years, sales grow.
    "Rajut Teh Ani": {
        "first": {
            "value_added": "50_75",
            "specialisation": "some",
            "production_pattern": "not_continuous",
        },
        "changes": [
            {"marketing_zone": "outside_village", "payment": "non_cash"},
            {"profit_trend": "up"},
            {"market_reach": "out_of_town", "institutional_support": "little"},
        ],
        "notes": ["Merajut di sela mengasuh anak.", "", "", "Ikut pameran kerajinan di Bandung."],
    },
    # IR1 -> IR1 -> IR2 -> IR2: a village permit and Dinas support.
    "Dodol Ibu Euis": {
        "first": {
            "how_sold": "regular_customers",
            "specialisation": "some",
            "institutional_support": "little",
        },
        "changes": [
            {"marketing_zone": "outside_village"},
            {"business_permit": "yes", "institutional_support": "supportive"},
            {"payment": "non_cash"},
        ],
        "notes": ["Pesanan dodol untuk hajatan.", "", "SKU dari desa sudah keluar.", ""],
    },
    # IR1 -> IR2 -> IR2 -> IR2.
    "Sulam Neng Rina": {
        "first": {
            "marketing_zone": "outside_village",
            "value_added": "50_75",
            "production_pattern": "not_continuous",
            "institutional_support": "little",
        },
        "changes": [
            {"payment": "non_cash"},
            {"profit_trend": "up"},
            {"business_permit": "yes", "cooperation": "some"},
        ],
        "notes": ["", "Mulai mencatat keuangan bersama mahasiswa.", "", ""],
    },
    # IR1 throughout, slowly growing.
    "Sabun Sereh Bu Yati": {
        "first": {
            "place": "shared",
            "value_added": "over_75",
            "specialisation": "some",
            "business_links": "with_suppliers",
        },
        "changes": [
            {"marketing_zone": "outside_village"},
            {"payment": "non_cash"},
            {},
        ],
        "notes": ["Membuat sabun di dapur bersama.", "", "", "Menunggu cetakan sabun baru."],
    },
    # IR2 -> IR2 -> IR1 -> IR1: a dry season and a failed harvest.
    "Kebun Bu Dedeh": {
        "first": {
            "institutional_support": "supportive",
            "production_pattern": "continuous",
            "how_sold": "travelling_traders",
            "marketing_zone": "outside_district",
            "value_added": "under_25",
            "profit_trend": "up",
            "market_reach": "out_of_town",
            "business_links": "with_suppliers",
            "cooperation": "some",
        },
        "changes": [
            {"profit_trend": "stable"},
            {
                "production_pattern": "semi_continuous",
                "marketing_zone": "village",
                "market_reach": "local",
                "profit_trend": "down",
            },
            {"institutional_support": "little"},
        ],
        "notes": [
            "Sayur dijual ke bandar dari Majalaya.",
            "",
            "Gagal panen karena kemarau panjang; hanya menjual di desa.",
            "Mulai menanam lagi; kelompok jarang bertemu.",
        ],
    },
    # IR1 -> IR1 -> IR1 -> IR2: orders beyond Lebaran.
    "Kue Kering Teh Lilis": {
        "first": {
            "production_pattern": "not_continuous",
            "marketing_zone": "outside_village",
            "specialisation": "some",
        },
        "changes": [
            {"payment": "non_cash"},
            {"production_pattern": "semi_continuous"},
            {"profit_trend": "up"},
        ],
        "notes": ["Kue kering hanya menjelang Lebaran.", "", "Ada pesanan arisan.", ""],
    },
    # IR1 throughout.
    "Ikan Mas Bu Nining": {
        "first": {
            "production_pattern": "continuous",
            "how_sold": "travelling_traders",
            "value_added": "under_25",
            "business_links": "with_suppliers",
        },
        "changes": [{}, {"marketing_zone": "outside_village"}, {"payment": "non_cash"}],
        "notes": ["", "", "", ""],
    },
}

# One group assessment (IR2), about two months ago.
GROUP_ASSESSMENT = (
    "KWT Mawar Ibun",
    60,
    {
        "initiator": "government",
        "institutional_form": "group",
        "institutional_support": "supportive",
        "business_permit": "no",
        "business_age": "over_2",
        "production_pattern": "semi_continuous",
        "place": "shared",
        "category": "food",
        "how_sold": "consignment",
        "marketing_zone": "outside_district",
        "payment": "cash",
        "value_added": "25_50",
        "profit_trend": "up",
        "market_reach": "out_of_town",
        "business_links": "with_suppliers",
        "cooperation": "some",
        "specialisation": "none",
        "supporting_institutions": "government",
    },
    "Kelompok bertemu setiap bulan; keripik dan dodol anggota dititipkan di warung Majalaya.",
)

# Product class -> the rubric's category answer.
CATEGORY_OF_CLASS = {
    "Makanan": "food",
    "Kerajinan": "craft",
    "Busana": "tailoring",
    "Pertanian": "agriculture",
    "Perikanan": "fishery",
    "Peternakan": "ranch",
}
# ProducerGroup.kind -> the rubric's institutional form answer.
FORM_OF_GROUP_KIND = {
    "kelompok": "group",
    "paguyuban": "association",
    "koperasi": "cooperative",
    "credit_union": "cooperative",
}
# Institution.kind -> the rubric's supporting institutions answer.
SUPPORTING_OF_KIND = {
    "government": "government",
    "university": "university",
    "bank": "bank",
    "business": "business",
    "ngo": "other",
    "cooperative": "other",
}
