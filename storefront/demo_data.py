"""The demo's invented shops, producers and products, as plain data.

Kept apart from the `seed_demo` command so that editing the demo (a new
producer, a price) never means touching loading logic. Every name, story and
phone number here is invented: no real people, no real home addresses.
"""

PROVINCE = "Jawa Barat"
REGENCY = "Kabupaten Bandung"
DISTRICTS = {
    "Ibun": [
        "Ibun",
        "Lampegan",
        "Laksana",
        "Mekarwangi",
        "Talun",
        "Neglasari",
        "Dukuh",
        "Pangguh",
        "Karyalaksana",
        "Cibeet",
        "Tanggulun",
        "Sudi",
    ],
    "Pangalengan": ["Pangalengan", "Margamekar", "Sukamanah", "Lamajang"],
}

# The portal comes first: it is the default site. Every shop pays into a BJB
# account and delivers everywhere in the province (fee_outside_province empty).
BANK_NAME = "BJB"
DELIVERY_FEES = {
    "fee_village": 5000,
    "fee_outside_village": 10000,
    "fee_outside_district": 20000,
    "fee_outside_regency": 35000,
    "fee_outside_province": None,
}

# Ibun Store's static QRIS merchant code, as an invented bank would issue it
# (invented acquirer ID.CO.BANKDESA.WWW and merchant ids); its CRC is right,
# so every order gets a scannable code with its amount.
IBUN_QRIS = (
    "00020101021126630018ID.CO.BANKDESA.WWW0118936009990000012345"
    "0208IBUN00010303UMI51440014ID.CO.QRIS.WWW0215ID12345678901230303UMI"
    "520454995303360"
    "5802ID5915TOKO IBUN STORE6012KAB. BANDUNG61054037662070703A0163045011"
)

SHOPS = [
    {
        "key": "portal",
        "hostname": "localhost",
        "name": "Pasar Desa",
        "district": None,
        "tagline": "Produk rumahan dari desa-desa di Jawa Barat",
        "collection_point": "PKBM An-Nur, Ibun",
        "holder": "Koperasi Pasar Desa",
        "whatsapp": "0812-0000-0001",
        "account_number": "0012-0100-0001",
    },
    {
        "key": "ibun",
        "hostname": "ibun.localhost",
        "name": "Ibun Store",
        "district": "Ibun",
        "tagline": "Camilan, batik dan kerajinan ibu-ibu Kecamatan Ibun",
        "collection_point": "Balai Desa Ibun, Jl. Raya Ibun",
        "holder": "Koperasi Wanita Ibun Sejahtera",
        "whatsapp": "0812-0000-0002",
        "account_number": "0012-0100-0002",
    },
    {
        "key": "pangalengan",
        "hostname": "pangalengan.localhost",
        "name": "Toko Pangalengan",
        "district": "Pangalengan",
        "tagline": "Kopi, susu dan hasil kebun dari Pangalengan",
        "collection_point": "Balai Desa Margamekar",
        "holder": "Koperasi Wanita Pangalengan",
        "whatsapp": "0812-0000-0003",
        "account_number": "0012-0100-0003",
    },
]

GROUPS = [
    ("KWT Mawar Ibun", "kelompok", "Ibun"),
    ("Paguyuban Batik Ibun", "paguyuban", "Lampegan"),
    ("Koperasi Wanita Pangalengan", "koperasi", "Margamekar"),
]

CATEGORIES = {
    "Makanan": "Makanan & Camilan",
    "Kerajinan": "Kerajinan",
    "Busana": "Busana & Batik",
    "Pertanian": "Hasil Pertanian",
    "Perikanan": "Hasil Perikanan",
    "Peternakan": "Hasil Peternakan",
}

# (name, shop, village, group, whatsapp, whatsapp public, instagram, instagram public, story)
PRODUCERS = [
    (
        "Keripik Ceu Enok",
        "ibun",
        "Lampegan",
        "KWT Mawar Ibun",
        "0812-0000-0101",
        True,
        "keripikceuenok",
        True,
        "Ceu Enok menggoreng keripik singkong sejak 2012 dari dapur rumahnya di Lampegan. "
        "Singkongnya dari kebun tetangga, bumbunya resep keluarga.",
    ),
    (
        "Batik Tulis Bu Imas",
        "ibun",
        "Lampegan",
        "Paguyuban Batik Ibun",
        "0812-0000-0102",
        True,
        "batikbuimas",
        False,
        "Bu Imas belajar membatik dari ibunya. Motifnya terinspirasi kebun teh dan sungai "
        "Citarum di sekitar Ibun.",
    ),
    (
        "Rajut Teh Ani",
        "ibun",
        "Laksana",
        None,
        "0812-0000-0103",
        False,
        "rajuttehani",
        True,
        "Teh Ani merajut tas dan dompet di sela mengasuh anak. Setiap tas dibuat satu per satu.",
    ),
    (
        "Dodol Ibu Euis",
        "ibun",
        "Ibun",
        "KWT Mawar Ibun",
        "0812-0000-0104",
        True,
        "",
        False,
        "Dodol ketan Ibu Euis diaduk delapan jam di atas tungku kayu, seperti dulu.",
    ),
    (
        "Sulam Neng Rina",
        "ibun",
        "Mekarwangi",
        "Paguyuban Batik Ibun",
        "0812-0000-0105",
        True,
        "sulamnengrina",
        True,
        "Neng Rina menyulam kerudung dan taplak dengan benang warna-warni. Pesanan khusus "
        "diterima.",
    ),
    (
        "Sabun Sereh Bu Yati",
        "ibun",
        "Talun",
        None,
        "0812-0000-0106",
        True,
        "",
        False,
        "Sabun sereh dan kopi buatan Bu Yati memakai minyak kelapa dan sereh dari pekarangan.",
    ),
    (
        "Kebun Bu Dedeh",
        "ibun",
        "Neglasari",
        "KWT Mawar Ibun",
        "0812-0000-0107",
        True,
        "",
        False,
        "Bu Dedeh dan kelompok tani wanita menanam sayur tanpa pestisida kimia.",
    ),
    (
        "Kue Kering Teh Lilis",
        "ibun",
        "Dukuh",
        None,
        "0812-0000-0108",
        False,
        "kuelilis",
        True,
        "Teh Lilis membuat kue kering untuk lebaran dan hajatan. Pesan paling lambat "
        "seminggu sebelumnya.",
    ),
    (
        "Ikan Mas Bu Nining",
        "ibun",
        "Pangguh",
        None,
        "0812-0000-0109",
        True,
        "",
        False,
        "Bu Nining memelihara ikan mas dan nila di kolam belakang rumah.",
    ),
    (
        "Kopi Bu Ratna",
        "pangalengan",
        "Margamekar",
        "Koperasi Wanita Pangalengan",
        "0812-0000-0201",
        True,
        "kopiburatna",
        True,
        "Kopi arabika dari lereng Gunung Malabar, dipetik dan disangrai sendiri oleh Bu Ratna.",
    ),
    (
        "Susu Olahan Teh Wiwin",
        "pangalengan",
        "Pangalengan",
        "Koperasi Wanita Pangalengan",
        "0812-0000-0202",
        True,
        "",
        False,
        "Teh Wiwin mengolah susu sapi peternak Pangalengan menjadi dodol susu dan karamel.",
    ),
    (
        "Madu Bu Cucu",
        "pangalengan",
        "Lamajang",
        None,
        "0812-0000-0203",
        False,
        "",
        False,
        "Bu Cucu beternak lebah di kebun kopi. Madunya panen dua kali setahun.",
    ),
]

# (upc, producer, title, class, price, stock (None = made to order), lead days, weight g,
#  description)
PRODUCTS = [
    (
        "PD-001",
        "Keripik Ceu Enok",
        "Keripik Singkong Pedas",
        "Makanan",
        15000,
        30,
        0,
        250,
        "Keripik singkong renyah dengan bumbu cabai pedas manis.",
    ),
    (
        "PD-002",
        "Keripik Ceu Enok",
        "Keripik Singkong Original",
        "Makanan",
        14000,
        30,
        0,
        250,
        "Keripik singkong gurih tanpa penyedap buatan.",
    ),
    (
        "PD-003",
        "Keripik Ceu Enok",
        "Rengginang Ketan",
        "Makanan",
        18000,
        20,
        0,
        300,
        "Rengginang ketan putih siap goreng, dijemur di bawah matahari.",
    ),
    (
        "PD-004",
        "Keripik Ceu Enok",
        "Opak Bakar",
        "Makanan",
        12000,
        25,
        0,
        200,
        "Opak singkong dibakar di atas arang, gurih dan renyah.",
    ),
    (
        "PD-005",
        "Keripik Ceu Enok",
        "Keripik Pisang Manis",
        "Makanan",
        16000,
        15,
        0,
        250,
        "Keripik pisang kepok dengan lapisan gula aren.",
    ),
    (
        "PD-006",
        "Batik Tulis Bu Imas",
        "Kain Batik Tulis Motif Kebun Teh",
        "Busana",
        350000,
        None,
        14,
        400,
        "Kain batik tulis 2 meter, pewarna alam, motif daun teh.",
    ),
    (
        "PD-007",
        "Batik Tulis Bu Imas",
        "Kemeja Batik Cap Pria",
        "Busana",
        185000,
        6,
        0,
        300,
        "Kemeja batik cap lengan pendek, katun primisima.",
    ),
    (
        "PD-008",
        "Batik Tulis Bu Imas",
        "Selendang Batik Citarum",
        "Busana",
        120000,
        8,
        0,
        150,
        "Selendang batik tulis motif aliran sungai.",
    ),
    (
        "PD-009",
        "Batik Tulis Bu Imas",
        "Masker Kain Batik",
        "Busana",
        15000,
        40,
        0,
        20,
        "Masker kain tiga lapis dari sisa kain batik.",
    ),
    (
        "PD-010",
        "Batik Tulis Bu Imas",
        "Sarung Batik Tulis",
        "Busana",
        275000,
        None,
        10,
        450,
        "Sarung batik tulis, dibuat sesuai pesanan.",
    ),
    (
        "PD-011",
        "Rajut Teh Ani",
        "Tas Rajut Serut",
        "Kerajinan",
        95000,
        None,
        5,
        200,
        "Tas rajut benang katun dengan tali serut.",
    ),
    (
        "PD-012",
        "Rajut Teh Ani",
        "Dompet Rajut Kecil",
        "Kerajinan",
        35000,
        10,
        0,
        60,
        "Dompet koin rajut dengan resleting.",
    ),
    (
        "PD-013",
        "Rajut Teh Ani",
        "Topi Rajut Bayi",
        "Kerajinan",
        45000,
        None,
        3,
        80,
        "Topi rajut lembut untuk bayi 0-12 bulan.",
    ),
    (
        "PD-014",
        "Rajut Teh Ani",
        "Tatakan Gelas Rajut (6 buah)",
        "Kerajinan",
        40000,
        12,
        0,
        90,
        "Enam tatakan gelas rajut warna pastel.",
    ),
    (
        "PD-015",
        "Rajut Teh Ani",
        "Gantungan Kunci Rajut",
        "Kerajinan",
        10000,
        50,
        0,
        15,
        "Gantungan kunci rajut bentuk buah-buahan.",
    ),
    (
        "PD-016",
        "Dodol Ibu Euis",
        "Dodol Ketan Hitam",
        "Makanan",
        25000,
        20,
        0,
        500,
        "Dodol ketan hitam legit, tahan dua minggu.",
    ),
    (
        "PD-017",
        "Dodol Ibu Euis",
        "Dodol Nangka",
        "Makanan",
        27000,
        15,
        0,
        500,
        "Dodol dengan buah nangka asli.",
    ),
    (
        "PD-018",
        "Dodol Ibu Euis",
        "Wajit Daun Jagung",
        "Makanan",
        20000,
        20,
        0,
        400,
        "Wajit ketan dibungkus daun jagung kering.",
    ),
    (
        "PD-019",
        "Dodol Ibu Euis",
        "Ranginang Hajat (pesanan)",
        "Makanan",
        150000,
        None,
        7,
        2000,
        "Ranginang untuk hajatan, pesanan minimal 2 kg.",
    ),
    (
        "PD-020",
        "Sulam Neng Rina",
        "Kerudung Sulam Bunga",
        "Busana",
        85000,
        10,
        0,
        150,
        "Kerudung voal dengan sulaman bunga di tepi.",
    ),
    (
        "PD-021",
        "Sulam Neng Rina",
        "Taplak Meja Sulam",
        "Kerajinan",
        110000,
        None,
        7,
        300,
        "Taplak meja katun dengan sulam tangan.",
    ),
    (
        "PD-022",
        "Sulam Neng Rina",
        "Sapu Tangan Sulam Nama",
        "Kerajinan",
        25000,
        None,
        4,
        30,
        "Sapu tangan dengan sulaman nama pesanan Anda.",
    ),
    (
        "PD-023",
        "Sulam Neng Rina",
        "Bros Sulam",
        "Kerajinan",
        15000,
        30,
        0,
        10,
        "Bros kain dengan sulaman bunga kecil.",
    ),
    (
        "PD-024",
        "Sulam Neng Rina",
        "Mukena Sulam Anak",
        "Busana",
        135000,
        None,
        10,
        350,
        "Mukena anak dengan sulaman di tepi, dibuat sesuai ukuran.",
    ),
    (
        "PD-025",
        "Sabun Sereh Bu Yati",
        "Sabun Sereh Batang",
        "Kerajinan",
        12000,
        40,
        0,
        100,
        "Sabun mandi minyak kelapa dengan sereh wangi.",
    ),
    (
        "PD-026",
        "Sabun Sereh Bu Yati",
        "Sabun Kopi Scrub",
        "Kerajinan",
        15000,
        30,
        0,
        100,
        "Sabun dengan ampas kopi untuk lulur.",
    ),
    (
        "PD-027",
        "Sabun Sereh Bu Yati",
        "Minyak Sereh Wangi",
        "Kerajinan",
        30000,
        20,
        0,
        60,
        "Minyak sereh untuk pijat dan pengusir nyamuk.",
    ),
    (
        "PD-028",
        "Sabun Sereh Bu Yati",
        "Paket Sabun Hantaran",
        "Kerajinan",
        95000,
        None,
        5,
        600,
        "Paket enam sabun dalam kotak anyaman untuk hantaran.",
    ),
    (
        "PD-029",
        "Kebun Bu Dedeh",
        "Sayur Sop Segar (paket)",
        "Pertanian",
        15000,
        20,
        0,
        1000,
        "Wortel, kentang, kol dan daun bawang dari kebun.",
    ),
    (
        "PD-030",
        "Kebun Bu Dedeh",
        "Cabai Rawit 250 g",
        "Pertanian",
        12000,
        15,
        0,
        250,
        "Cabai rawit merah segar dipetik pagi hari.",
    ),
    (
        "PD-031",
        "Kebun Bu Dedeh",
        "Tomat 1 kg",
        "Pertanian",
        10000,
        25,
        0,
        1000,
        "Tomat merah segar tanpa pestisida kimia.",
    ),
    (
        "PD-032",
        "Kebun Bu Dedeh",
        "Bibit Cabai (10 polybag)",
        "Pertanian",
        20000,
        10,
        0,
        1500,
        "Bibit cabai siap tanam dalam polybag.",
    ),
    (
        "PD-033",
        "Kue Kering Teh Lilis",
        "Nastar Nanas",
        "Makanan",
        85000,
        None,
        5,
        500,
        "Nastar isi selai nanas buatan sendiri, toples 500 g.",
    ),
    (
        "PD-034",
        "Kue Kering Teh Lilis",
        "Kastengel Keju",
        "Makanan",
        90000,
        None,
        5,
        500,
        "Kastengel keju edam, toples 500 g.",
    ),
    (
        "PD-035",
        "Kue Kering Teh Lilis",
        "Putri Salju",
        "Makanan",
        75000,
        None,
        5,
        500,
        "Kue putri salju lembut, toples 500 g.",
    ),
    (
        "PD-036",
        "Kue Kering Teh Lilis",
        "Kue Semprit",
        "Makanan",
        60000,
        8,
        0,
        500,
        "Kue semprit mentega, toples 500 g.",
    ),
    (
        "PD-037",
        "Ikan Mas Bu Nining",
        "Ikan Mas Segar 1 kg",
        "Perikanan",
        38000,
        20,
        0,
        1000,
        "Ikan mas segar dari kolam, dibersihkan saat dipesan.",
    ),
    (
        "PD-038",
        "Ikan Mas Bu Nining",
        "Pepes Ikan Mas",
        "Perikanan",
        25000,
        None,
        2,
        400,
        "Pepes ikan mas bumbu kuning dibungkus daun pisang.",
    ),
    (
        "PD-039",
        "Ikan Mas Bu Nining",
        "Ikan Nila Segar 1 kg",
        "Perikanan",
        35000,
        15,
        0,
        1000,
        "Ikan nila segar dari kolam sendiri.",
    ),
    (
        "PD-040",
        "Ikan Mas Bu Nining",
        "Telur Bebek (10 butir)",
        "Peternakan",
        30000,
        12,
        0,
        700,
        "Telur bebek dari peternakan kecil di pinggir kolam.",
    ),
    (
        "PD-041",
        "Ikan Mas Bu Nining",
        "Telur Asin (10 butir)",
        "Peternakan",
        40000,
        10,
        0,
        700,
        "Telur bebek asin, diasinkan dengan abu gosok selama dua minggu.",
    ),
    (
        "PD-042",
        "Keripik Ceu Enok",
        "Kerupuk Kulit Singkong",
        "Makanan",
        13000,
        20,
        0,
        200,
        "Kerupuk dari kulit singkong, renyah dan gurih.",
    ),
    (
        "PD-043",
        "Kopi Bu Ratna",
        "Kopi Arabika Malabar 250 g",
        "Pertanian",
        75000,
        20,
        0,
        250,
        "Biji kopi arabika sangrai sedang dari Gunung Malabar.",
    ),
    (
        "PD-044",
        "Kopi Bu Ratna",
        "Kopi Bubuk Robusta 250 g",
        "Pertanian",
        45000,
        25,
        0,
        250,
        "Kopi bubuk robusta untuk kopi tubruk.",
    ),
    (
        "PD-045",
        "Susu Olahan Teh Wiwin",
        "Dodol Susu",
        "Peternakan",
        25000,
        30,
        0,
        250,
        "Dodol susu sapi murni khas Pangalengan.",
    ),
    (
        "PD-046",
        "Susu Olahan Teh Wiwin",
        "Karamel Susu",
        "Peternakan",
        20000,
        30,
        0,
        200,
        "Permen karamel susu lembut.",
    ),
    (
        "PD-047",
        "Madu Bu Cucu",
        "Madu Kopi 500 ml",
        "Peternakan",
        95000,
        10,
        0,
        700,
        "Madu dari lebah yang mengisap bunga kopi.",
    ),
    (
        "PD-048",
        "Madu Bu Cucu",
        "Madu Hutan 250 ml",
        "Peternakan",
        60000,
        10,
        0,
        350,
        "Madu hutan murni, panen dari kebun sendiri.",
    ),
]

STORIES = {
    "ibun": [
        (
            "Dari dapur Lampegan ke seluruh Jawa Barat",
            "Keripik Ceu Enok",
            "Ceu Enok mulai berjualan keripik dari warung kecil. Kini pesanannya datang lewat "
            "Ibun Store dari Bandung, Garut, bahkan Jakarta.",
        ),
        (
            "Batik yang bercerita tentang kebun teh",
            "Batik Tulis Bu Imas",
            "Setiap helai batik Bu Imas dikerjakan dua minggu. Ia memakai pewarna dari kulit "
            "kayu dan daun yang tumbuh di sekitar rumah.",
        ),
    ],
    "pangalengan": [
        (
            "Kopi dari lereng Malabar",
            "Kopi Bu Ratna",
            "Bu Ratna dan kelompoknya memetik kopi merah saja, lalu menjemurnya di para-para "
            "bambu sebelum disangrai.",
        ),
        (
            "Dodol susu dari kandang tetangga",
            "Susu Olahan Teh Wiwin",
            "Teh Wiwin membeli susu segar dari peternak di Pangalengan setiap pagi. Susu itu "
            "diaduk berjam-jam sampai menjadi dodol dan karamel yang legit.",
        ),
    ],
}

USERS = [
    # (username, email, password, is_staff, is_superuser, group)
    ("operator", "operator@pasardesa.test", "pasardesa-operator", True, True, None),
    (
        "fasilitator",
        "fasilitator@pasardesa.test",
        "pasardesa-fasilitator",
        False,
        False,
        "Fasilitator",
    ),
    ("produsen", "produsen@pasardesa.test", "pasardesa-produsen", False, False, None),
    # A programme partner (programme.access.PARTNER_GROUP): reads the reports, no contacts.
    ("mitra", "mitra@pasardesa.test", "pasardesa-mitra", False, False, "Mitra Program"),
]
PRODUCER_LOGIN = ("produsen", "Keripik Ceu Enok")
# Producers sign in with their phone number too (vendors.Account).
PHONES = {"produsen": "+6281200000101", "fasilitator": "+6281200000999"}
# The instructor of the training demo (training.demo): her class at PKBM
# An-Nur learns in Talun; its trainees get first-login codes, no password.
INSTRUCTOR_PASSWORD = "pasardesa-instruktur"
TRAINING_VILLAGE = "Talun"
# The facilitator helps every producer of these groups.
FACILITATOR_GROUPS = {"fasilitator": ["KWT Mawar Ibun", "Paguyuban Batik Ibun"]}

# Product attributes beyond weight, by product class: (code, label, type).
# Weight (grams, integer) is added to every class.
CLASS_ATTRIBUTES = {
    "Makanan": [("shelf_life_days", "Masa simpan (hari)", "integer")],
    "Kerajinan": [("material", "Bahan", "text")],
    "Busana": [("material", "Bahan", "text"), ("size", "Ukuran", "text")],
}
# Shelf life of food, by producer (days); fried snacks keep longer than cakes.
SHELF_LIFE_DAYS = {
    "Keripik Ceu Enok": 60,
    "Dodol Ibu Euis": 14,
    "Kue Kering Teh Lilis": 30,
}
DEFAULT_SHELF_LIFE_DAYS = 30
# Material of crafts and clothes, by producer.
MATERIALS = {
    "Batik Tulis Bu Imas": "Katun primisima, pewarna alam",
    "Rajut Teh Ani": "Benang katun",
    "Sulam Neng Rina": "Katun dan benang sulam",
    "Sabun Sereh Bu Yati": "Minyak kelapa dan sereh",
}
DEFAULT_MATERIAL = "Bahan lokal"
# Clothing sizes, by upc; clothes not listed are one size.
SIZES = {
    "PD-006": "200 x 115 cm",
    "PD-007": "M, L, XL",
    "PD-008": "180 x 50 cm",
    "PD-010": "200 x 110 cm",
    "PD-020": "115 x 115 cm",
    "PD-024": "Anak 4-10 tahun",
}
DEFAULT_SIZE = "Satu ukuran"
# Made-to-order products: how many the producer can make in a week.
WEEKLY_CAPACITY = 10

# A few weeks of the demo producer's sales (storefront.demo_sales), so her
# statement shows figures: (days ago, [(upc, quantity)], payment method, who
# holds the cash of a cash-on-delivery order). Then half her balance is paid
# out in cash at the learning centre.
DEMO_SALES = [
    (24, [("PD-001", 2), ("PD-003", 1)], "bank-transfer", ""),
    (15, [("PD-002", 3)], "qris", ""),
    (6, [("PD-005", 2)], "cod", "producers"),
]
# Categories whose commission differs from the shops' own 10%: clothes and
# batik take long to make, so the shop keeps less of them.
COMMISSION_BY_CATEGORY = {"Busana": 5}

# Each village shop's home page, built from blocks (storefront.blocks), and
# its other pages: (spotlight producer, about page title, about text).
HOME_PAGES = {
    "ibun": (
        "Keripik Ceu Enok",
        "Tentang Ibun Store",
        "<p>Ibun Store adalah toko bersama ibu-ibu pelaku usaha rumahan di Kecamatan Ibun. "
        "Koperasi Wanita Ibun Sejahtera mengelola toko ini bersama PKBM An-Nur: kami memotret "
        "produk, menerima pesanan dan pembayaran, lalu menyerahkan hasil penjualan kepada "
        "setiap produsen.</p><p>Pesanan bisa diambil di Balai Desa Ibun atau dikirim ke "
        "alamat Anda.</p>",
    ),
    "pangalengan": (
        "Kopi Bu Ratna",
        "Tentang Toko Pangalengan",
        "<p>Toko Pangalengan menjual kopi, susu olahan dan hasil kebun dari kelompok wanita "
        "tani di Pangalengan.</p>",
    ),
}


def attribute_values(upc, weight, producer_name, class_name):
    """The attribute values the demo gives a product, by attribute code."""
    values = {"weight": weight}
    if class_name == "Makanan":
        values["shelf_life_days"] = SHELF_LIFE_DAYS.get(producer_name, DEFAULT_SHELF_LIFE_DAYS)
    if class_name in ("Kerajinan", "Busana"):
        values["material"] = MATERIALS.get(producer_name, DEFAULT_MATERIAL)
    if class_name == "Busana":
        values["size"] = SIZES.get(upc, DEFAULT_SIZE)
    return values
