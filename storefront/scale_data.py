"""Invented but plausible names and figures for `seed_scale`.

Everything here is a pure function of an index (the n-th village, producer
or product), so running the command again computes the same natural keys
(hostnames, producer codes, upcs) and finds what already exists instead of
making duplicates. Names are Sundanese/Indonesian-sounding combinations;
none is meant to be a real person or place.
"""

import functools
import random
from decimal import Decimal

from django.utils.text import slugify

from storefront import demo_data

# Products of the scale set carry this upc prefix; demo products use "PD-".
UPC_PREFIX = "SKALA-"
VILLAGES_PER_DISTRICT = 10
DISTRICTS_PER_REGENCY = 5
IMAGES_PER_CLASS = 4
MADE_TO_ORDER_SHARE = 0.2

_VILLAGE_HEADS = [
    "Suka", "Mekar", "Sindang", "Karya", "Marga", "Tanjung", "Giri", "Cipta", "Bina",
    "Sari", "Jaya", "Mulya", "Wangi", "Tunas", "Harja", "Bojong", "Pasir", "Rawa",
    "Citra", "Gunung",
]  # fmt: skip
_VILLAGE_TAILS = [
    "mulya", "jaya", "asih", "rahayu", "sari", "mukti", "wangi", "laksana", "makmur",
    "raharja", "galih", "sejati", "harja", "kerta", "mekar", "sentosa", "indah", "pura",
    "tani", "wargi",
]  # fmt: skip
_DISTRICT_NAMES = [
    "Cikaret", "Cisalak", "Cibeureum", "Cipanas", "Cikadu", "Cimanggu", "Cisaat", "Cileunyi",
    "Cibodas", "Cikalong", "Cipeundeuy", "Cisompet", "Cikajang", "Cidaun", "Cibinong",
    "Ciranjang", "Cibatu", "Cigugur", "Cikelet", "Cimerak",
]  # fmt: skip
_REGENCY_NAMES = [
    "Kabupaten Sukaraja", "Kabupaten Girimukti", "Kabupaten Tirtamaya", "Kabupaten Panyileukan",
    "Kabupaten Wanasari", "Kabupaten Cipancar", "Kabupaten Sagaranten", "Kabupaten Rancabuaya",
]  # fmt: skip
_GROUP_KINDS = ["kelompok", "paguyuban", "koperasi", "credit_union"]
_GROUP_PREFIXES = {
    "kelompok": "KWT",
    "paguyuban": "Paguyuban Perajin",
    "koperasi": "Koperasi Wanita",
    "credit_union": "CU Wanita",
}
_FIRST_NAMES = [
    "Siti", "Euis", "Imas", "Lilis", "Yati", "Enok", "Ani", "Rina", "Dedeh", "Nining", "Tati",
    "Cucu", "Iis", "Neneng", "Popon", "Entin", "Yayah", "Oneng", "Wati", "Nur", "Dewi", "Sri",
    "Ratna", "Yuyun", "Elis", "Atikah", "Nani", "Eha", "Komalasari", "Ida", "Heni", "Rosita",
]  # fmt: skip
_HONORIFICS = ["Bu", "Ibu", "Teh", "Ceu", "Mak", "Neng"]

# Per product class: (business words for a producer's name, product kinds
# with their variants, price range in rupiah, weight range in grams).
CLASSES = {
    "Makanan": (
        ["Dapur", "Camilan", "Keripik", "Kue"],
        {
            "Keripik": ["Singkong Pedas", "Pisang Manis", "Tempe", "Talas", "Bayam"],
            "Kue": ["Kering Nastar", "Putri Salju", "Bolu Pandan", "Lapis Legit", "Semprit"],
            "Sambal": ["Terasi", "Bawang", "Cumi", "Ijo", "Roa"],
        },
        (8_000, 85_000),
        (100, 1_000),
    ),
    "Kerajinan": (
        ["Anyaman", "Rajut", "Kriya", "Sabun"],
        {
            "Anyaman": ["Tas Pandan", "Tikar Mendong", "Bakul Bambu", "Topi Purun"],
            "Rajut": ["Tas Benang Katun", "Syal", "Boneka", "Tatakan Gelas"],
            "Sabun": ["Sereh", "Kopi", "Susu Kambing", "Kunyit"],
        },
        (15_000, 250_000),
        (100, 1_500),
    ),
    "Busana": (
        ["Batik", "Sulam", "Bordir", "Busana"],
        {
            "Batik": ["Tulis Kain Panjang", "Cap Kemeja", "Selendang", "Sarung"],
            "Sulam": ["Kerudung Pita", "Taplak Meja", "Mukena"],
            "Bordir": ["Kebaya", "Gamis Anak", "Sapu Tangan"],
        },
        (45_000, 750_000),
        (150, 800),
    ),
    "Pertanian": (
        ["Kebun", "Tani", "Kopi"],
        {
            "Kopi": ["Arabika Bubuk", "Robusta Biji", "Arabika Biji Sangrai"],
            "Sayur": ["Kentang Granola", "Kol", "Wortel", "Tomat"],
            "Madu": ["Hutan", "Kaliandra", "Randu"],
        },
        (10_000, 150_000),
        (250, 5_000),
    ),
    "Perikanan": (
        ["Kolam", "Ikan"],
        {
            "Ikan": ["Nila Segar", "Mas Presto", "Lele Asap", "Gurame"],
            "Olahan": ["Abon Ikan", "Kerupuk Kulit Ikan", "Pepes Ikan Beku"],
        },
        (15_000, 120_000),
        (250, 2_000),
    ),
    "Peternakan": (
        ["Ternak", "Susu"],
        {
            "Susu": ["Sapi Segar", "Yoghurt", "Kerupuk Susu", "Dodol Susu"],
            "Telur": ["Ayam Kampung", "Bebek Asin", "Puyuh"],
        },
        (12_000, 100_000),
        (200, 2_000),
    ),
}
CLASS_NAMES = list(CLASSES)
# Food and crafts are what most home industries make (DESIGN.md).
CLASS_WEIGHTS = [40, 20, 15, 12, 6, 7]
_DEMO_VILLAGES = {name for names in demo_data.DISTRICTS.values() for name in names}


@functools.cache
def _village_names():
    return [
        head + tail
        for tail_shift in range(len(_VILLAGE_TAILS))
        for offset, head in enumerate(_VILLAGE_HEADS)
        for tail in [_VILLAGE_TAILS[(offset + tail_shift) % len(_VILLAGE_TAILS)]]
        if head.lower() != tail and head + tail not in _DEMO_VILLAGES
    ]


def village_name(index):
    """The index-th invented village name; never one of the demo's."""
    names = _village_names()
    base = names[index % len(names)]
    rounds = index // len(names)
    return base if rounds == 0 else f"{base} {rounds + 1}"


def village_hostname(index):
    return f"{slugify(village_name(index))}.localhost"


def district_name(index):
    """District of the index-th district (ten villages each)."""
    base = _DISTRICT_NAMES[index % len(_DISTRICT_NAMES)]
    rounds = index // len(_DISTRICT_NAMES)
    return base if rounds == 0 else f"{base} {rounds + 1}"


def regency_name(index):
    base = _REGENCY_NAMES[index % len(_REGENCY_NAMES)]
    rounds = index // len(_REGENCY_NAMES)
    return base if rounds == 0 else f"{base} {rounds + 1}"


def group_for_village(index):
    """(name, kind) of the one producer group of the index-th village."""
    kind = _GROUP_KINDS[index % len(_GROUP_KINDS)]
    return f"{_GROUP_PREFIXES[kind]} {village_name(index)}", kind


def producer_class(index):
    """The product class the index-th producer makes."""
    return random.Random(f"class-{index}").choices(CLASS_NAMES, CLASS_WEIGHTS)[0]


def producer(index):
    """(name, code, class name, whatsapp, story) of the index-th producer;
    the code ends with the index so it is unique without a lookup."""
    rng = random.Random(f"producer-{index}")
    class_name = producer_class(index)
    business = rng.choice(CLASSES[class_name][0])
    first = rng.choice(_FIRST_NAMES)
    name = f"{business} {rng.choice(_HONORIFICS)} {first}"
    code = f"{slugify(name)}-{index + 1:05d}"
    whatsapp = f"0813{index:08d}"
    story = (
        f"{first} memulai usaha {business.lower()} di rumah sejak {rng.randint(2005, 2023)} "
        f"bersama {rng.randint(1, 6)} tetangganya."
    )
    return name, code, class_name, whatsapp, story


def product(index, class_name):
    """Fields of the index-th product, made by a producer of class_name."""
    rng = random.Random(f"product-{index}")
    _words, kinds, (low, high), (light, heavy) = CLASSES[class_name]
    kind = rng.choice(list(kinds))
    variant = rng.choice(kinds[kind])
    title = f"{kind} {variant}"
    made_to_order = rng.random() < MADE_TO_ORDER_SHARE
    return {
        "upc": f"{UPC_PREFIX}{index + 1:06d}",
        "title": title,
        "slug": slugify(title),
        "kind": kind,
        "description": f"<p>{title} buatan rumahan, dibuat dengan bahan pilihan dari desa.</p>",
        "price": Decimal(rng.randrange(low, high, 500)),
        "stock": None if made_to_order else rng.randint(0, 60),
        "lead_time_days": rng.randint(2, 10) if made_to_order else 0,
        "weight": rng.randrange(light, heavy, 50),
        "image": rng.randrange(IMAGES_PER_CLASS),
    }


def attribute_values(class_name, item):
    """Attribute values by code for a product, as seed_demo gives them."""
    values = {"weight": item["weight"]}
    if class_name == "Makanan":
        values["shelf_life_days"] = 14 if item["kind"] == "Kue" else 60
    if class_name in ("Kerajinan", "Busana"):
        values["material"] = demo_data.DEFAULT_MATERIAL
    if class_name == "Busana":
        values["size"] = demo_data.DEFAULT_SIZE
    return values


def image_name(class_name, number):
    """Storage name of one of the few shared pictures of a class."""
    return f"products/skala/{slugify(class_name)}-{number + 1}.jpg"
