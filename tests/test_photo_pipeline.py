"""Product photo pipeline: upload checks, normalisation, renditions and their view.

Every bad file is generated here; no binaries are committed.
"""

import io
import os
import struct
import zipfile
import zlib

import pillow_heif
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import override_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from catalog import renditions
from vendors.photos import PhotoRejected, ProcessedPhoto, process_upload

# What a producer reads, in Bahasa Indonesia (the default language).
NOT_A_PHOTO = "File ini bukan foto. Pilih foto JPG, PNG, WebP, atau HEIC."
DAMAGED = "Foto ini rusak atau tidak lengkap. Ambil atau pilih fotonya lagi."
EMPTY = "File ini kosong. Ambil atau pilih fotonya lagi."
TOO_BIG = "Foto ini terlalu besar. Pilih foto yang lebih kecil dari 15 MB."
TOO_MANY_PIXELS = (
    "Ukuran foto ini terlalu besar (lebih dari 30 megapiksel). Pilih foto yang lebih kecil."
)

RED = (255, 0, 0)
BLUE = (0, 0, 255)
ORIENTATION = 0x0112
GPS_IFD = 0x8825
# What undoes each EXIF orientation (exif_transpose's table): applying the
# inverse to an upright picture gives what a phone stores for that tag.
INVERSE = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


# Generated files


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def marked(width, height):
    """An upright picture: blue, with a red block in its top-left corner."""
    img = Image.new("RGB", (width, height), BLUE)
    ImageDraw.Draw(img).rectangle((0, 0, width // 3, height // 3), fill=RED)
    return img


def jpeg(img, orientation=None, gps=False, **options):
    exif = Image.Exif()
    if orientation:
        exif[ORIENTATION] = orientation
    if gps:
        # Latitude -7.1 (Ibun), as a phone writes it.
        exif.get_ifd(GPS_IFD).update({1: "S", 2: (7.0, 6.0, 0.0), 3: "E", 4: (107.0, 45.0, 0.0)})
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes(), quality=90, **options)
    return buf.getvalue()


def encoded(img, fmt, **options):
    buf = io.BytesIO()
    img.save(buf, fmt, **options)
    return buf.getvalue()


def png_bomb(width=100_000, height=100_000):
    """A tiny valid-looking PNG whose header claims width x height pixels."""
    data = bytearray(encoded(Image.new("RGB", (1, 1)), "PNG"))
    # Signature (8), IHDR length (4), b"IHDR" (4), then width and height.
    struct.pack_into(">II", data, 16, width, height)
    crc = zlib.crc32(bytes(data[12:29])) & 0xFFFFFFFF
    struct.pack_into(">I", data, 29, crc)
    return bytes(data)


def zip_file():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("photo.jpg", b"not really")
    return buf.getvalue()


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>'
)


def bad_files():
    photo = jpeg(Image.effect_noise((400, 300), 50).convert("RGB"))
    oversized = b"\xff\xd8\xff\xe0" + os.urandom(30 * 1024 * 1024)
    return {
        "truncated JPEG": (photo[: len(photo) // 2], "photo.jpg", DAMAGED),
        "text named .jpg": (b"Harga kerupuk 10.000\n" * 20, "kerupuk.jpg", NOT_A_PHOTO),
        "zip": (zip_file(), "photos.jpg", NOT_A_PHOTO),
        "SVG with script": (SVG, "logo.svg", NOT_A_PHOTO),
        "GIF": (encoded(Image.new("P", (10, 10)), "GIF"), "anim.gif", NOT_A_PHOTO),
        "PNG bomb": (png_bomb(), "bomb.png", TOO_MANY_PIXELS),
        "empty": (b"", "photo.jpg", EMPTY),
        "30 MB": (oversized, "photo.jpg", TOO_BIG),
    }


BAD_FILES = bad_files()


# Upload checks


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_file_is_rejected_with_a_clear_message(case):
    data, name, message = BAD_FILES[case]
    with pytest.raises(PhotoRejected) as rejected:
        process_upload(upload(data, name))
    assert rejected.value.message == message
    assert str(rejected.value) == message


def test_size_limit_is_checked_before_reading(monkeypatch):
    """A huge upload is refused on its size alone: Pillow never sees it."""

    def boom(*args, **kwargs):
        raise AssertionError("opened")

    monkeypatch.setattr(Image, "open", boom)
    with pytest.raises(PhotoRejected, match="15 MB"):
        process_upload(upload(BAD_FILES["30 MB"][0]))


@override_settings(PASAR_MAX_UPLOAD_BYTES=5 * 1024 * 1024)
def test_size_limit_comes_from_settings():
    with pytest.raises(PhotoRejected, match="lebih kecil dari 5 MB"):
        process_upload(upload(b"\xff\xd8" + bytes(5 * 1024 * 1024)))


def jpeg_claiming(width, height):
    """A small JPEG whose frame header (SOF0) claims width x height pixels."""
    data = bytearray(jpeg(Image.new("RGB", (8, 8))))
    sof = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, height, width)
    return bytes(data)


@pytest.mark.parametrize(
    "data, limit",
    [
        (png_bomb(6_001, 5_000), 30),  # PNG, WebP, HEIF decode at full size
        (jpeg_claiming(10_000, 6_001), 60),  # JPEGs decode scaled down
    ],
)
def test_pixel_limit_is_checked_before_decoding(data, limit, monkeypatch):
    monkeypatch.setattr(Image.Image, "load", lambda self: pytest.fail("decoded"))
    with pytest.raises(PhotoRejected) as rejected:
        process_upload(upload(data, "big.jpg"))
    assert rejected.value.code == "too_many_pixels"
    assert f"lebih dari {limit} megapiksel" in rejected.value.message


def test_jpeg_under_the_pixel_limit_is_decoded_scaled_down():
    # 40 MP declared: allowed for a JPEG and decoded at 1/4 scale. libjpeg
    # fills the missing scan data with grey (the file ends in a proper EOI).
    photo = process_upload(upload(jpeg_claiming(8_000, 5_000)))
    assert (photo.width, photo.height) == (2000, 1250)


def test_heic_is_accepted_and_becomes_jpeg():
    buf = io.BytesIO()
    pillow_heif.from_pillow(marked(300, 200)).save(buf, quality=50)
    assert buf.getvalue()[4:12] in (b"ftypheic", b"ftypmif1", b"ftypheix")

    photo = process_upload(upload(buf.getvalue(), "IMG_0001.HEIC", "image/heic"))

    out = Image.open(io.BytesIO(photo.content))
    assert out.format == "JPEG" and out.size == (300, 200)
    assert photo.format == "JPEG" and (photo.width, photo.height) == (300, 200)


def test_result_is_a_content_file_with_a_random_name():
    photo = process_upload(upload(jpeg(marked(60, 40)), "Siti Rahayu rumah.jpg"))
    assert isinstance(photo, ProcessedPhoto)
    assert photo.name.endswith(".jpg") and len(photo.name) == 36
    assert "Siti" not in photo.name
    assert photo.size == len(photo.content)
    assert process_upload(upload(jpeg(marked(60, 40)))).name != photo.name


def test_rotated_photo_with_gps_comes_out_upright_without_metadata():
    # Stored sideways (as a phone held upright writes it) with Orientation=6.
    stored = marked(200, 400).transpose(Image.Transpose.ROTATE_90)
    data = jpeg(stored, orientation=6, gps=True, comment=b"Siti, Kampung Cibeet RT 02")
    assert stored.size == (400, 200)
    assert b"Exif" in data and Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)

    photo = process_upload(upload(data))

    out = Image.open(io.BytesIO(photo.content))
    assert out.size == (200, 400)
    assert _near(out.getpixel((10, 10)), RED)
    assert _near(out.getpixel((190, 390)), BLUE)
    assert not out.getexif()
    assert "exif" not in out.info and "comment" not in out.info and "xmp" not in out.info
    for secret in (b"Exif", b"GPS", b"Cibeet", b"http://ns.adobe.com/xap"):
        assert secret not in photo.content


def test_png_with_alpha_becomes_rgb_on_white():
    img = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    ImageDraw.Draw(img).rectangle((50, 0, 99, 99), fill=(*RED, 255))

    photo = process_upload(upload(encoded(img, "PNG"), "logo.png", "image/png"))

    out = Image.open(io.BytesIO(photo.content))
    assert out.format == "JPEG" and out.mode == "RGB"
    assert _near(out.getpixel((10, 50)), (255, 255, 255))
    assert _near(out.getpixel((90, 50)), RED)


def test_palette_png_and_webp_are_accepted():
    pal = marked(90, 60).convert("P")
    for data in (encoded(pal, "PNG"), encoded(marked(90, 60), "WEBP")):
        photo = process_upload(upload(data, "x.jpg"))
        assert (photo.width, photo.height) == (90, 60)


def test_large_photo_is_scaled_to_the_long_side():
    photo = process_upload(upload(jpeg(marked(3000, 1200)), "big.jpg"))
    assert (photo.width, photo.height) == (2000, 800)
    out = Image.open(io.BytesIO(photo.content))
    assert out.size == (2000, 800) and out.info.get("progressive")


@override_settings(PASAR_PHOTO_MAX_SIDE=500)
def test_max_side_comes_from_settings():
    photo = process_upload(upload(encoded(marked(600, 1200), "PNG"), "big.png"))
    assert (photo.width, photo.height) == (250, 500)


def test_caller_file_is_left_open():
    f = upload(jpeg(marked(40, 40)))
    process_upload(f)
    assert not f.closed


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    width=st.integers(40, 240),
    height=st.integers(40, 240),
    orientation=st.integers(1, 8),
    fmt=st.sampled_from(["JPEG", "PNG", "WEBP"]),
)
def test_any_orientation_comes_out_upright_small_and_clean(width, height, orientation, fmt):
    upright = marked(width, height)
    method = INVERSE[orientation]
    stored = upright if method is None else upright.transpose(method)
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    data = encoded(stored, fmt, exif=exif.tobytes())

    with override_settings(PASAR_PHOTO_MAX_SIDE=100):
        photo = process_upload(upload(data))

    out = Image.open(io.BytesIO(photo.content))
    assert max(out.size) <= 100
    if max(width, height) <= 100:
        assert out.size == (width, height)
    else:  # same shape, give or take rounding
        assert abs(out.width / out.height - width / height) < 0.1 * max(1, width / height)
    assert _near(out.getpixel((1, 1)), RED, 60)
    assert _near(out.getpixel((out.width - 2, out.height - 2)), BLUE, 60)
    assert not out.getexif() and b"Exif" not in photo.content


def _seed_files():
    return [
        jpeg(marked(64, 48), orientation=6),
        encoded(marked(64, 48).convert("RGBA"), "PNG"),
        encoded(marked(64, 48), "WEBP"),
    ]


SEEDS = _seed_files()


@hsettings(max_examples=25, deadline=None)
@given(
    seed=st.sampled_from(SEEDS),
    edits=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=8),
    cut=st.integers(1, 10_000),
)
def test_mangled_files_are_processed_or_rejected_never_crash(seed, edits, cut):
    data = bytearray(seed)
    for position, value in edits:
        data[position % len(data)] = value
    data = bytes(data[: max(1, len(data) - cut % len(data))])
    try:
        photo = process_upload(upload(data))
    except PhotoRejected as rejected:
        assert rejected.message in (DAMAGED, NOT_A_PHOTO, TOO_MANY_PIXELS)
    else:
        assert Image.open(io.BytesIO(photo.content)).format == "JPEG"


# Renditions

ORIGINAL_NAME = "products/2026/11/kerupuk.jpg"


@pytest.fixture
def original():
    photo = process_upload(upload(jpeg(marked(1200, 900), orientation=1, gps=True)))
    default_storage.delete(ORIGINAL_NAME)
    name = default_storage.save(ORIGINAL_NAME, photo)
    assert name == ORIGINAL_NAME
    yield name
    default_storage.delete(name)
    for fmt in renditions.FORMATS:
        for width in renditions.WIDTHS:
            default_storage.delete(renditions.rendition_path(name, width, fmt))


EXPECTED_FORMAT = {"jpeg": "JPEG", "webp": "WEBP", "avif": "AVIF"}


@pytest.mark.parametrize("fmt", renditions.FORMATS)
def test_rendition_is_made_once_at_the_requested_width(original, fmt):
    path = renditions.render(original, 320, fmt)

    assert path.startswith("renditions/") and path.endswith(f"/320.{path.rsplit('.', 1)[1]}")
    with default_storage.open(path) as f:
        img = Image.open(f)
        expected = EXPECTED_FORMAT[renditions.effective_format(fmt)]
        assert img.format == expected and img.size == (320, 240)
        assert not img.getexif()
    mtime = os.stat(default_storage.path(path)).st_mtime_ns

    assert renditions.render(original, 320, fmt) == path
    assert os.stat(default_storage.path(path)).st_mtime_ns == mtime
    assert default_storage.listdir(path.rsplit("/", 1)[0])[1] == sorted(
        [f"320.{renditions.EXTENSIONS[renditions.effective_format(fmt)]}"]
    )


def test_avif_is_supported_by_this_pillow():
    assert renditions.AVIF_SUPPORTED


def test_rendition_of_portrait_photo_keeps_width(original):
    name = "products/2026/11/tall.jpg"
    default_storage.delete(name)
    default_storage.save(name, process_upload(upload(jpeg(marked(600, 900)))))
    with default_storage.open(renditions.render(name, 160, "jpeg")) as f:
        assert Image.open(f).size == (160, 240)


def test_rendition_of_missing_or_foreign_file_fails_cleanly():
    with pytest.raises(renditions.RenditionError):
        renditions.render("products/2026/11/nothing-here.jpg", 320, "webp")
    with pytest.raises(renditions.RenditionError):
        renditions.render("secret/settings.jpg", 320, "webp")
    with pytest.raises(ValueError):
        renditions.render(ORIGINAL_NAME, 321, "webp")


def test_view_redirects_to_the_stored_rendition(db, client, original):
    response = client.get(f"/r/480/webp/{original}")

    assert response.status_code == 302
    assert response["Location"] == default_storage.url(
        renditions.rendition_path(original, 480, "webp")
    )
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=86400" in cache_control
    assert default_storage.exists(renditions.rendition_path(original, 480, "webp"))


@pytest.mark.parametrize(
    "url",
    [
        f"/r/321/webp/{ORIGINAL_NAME}",
        f"/r/320/gif/{ORIGINAL_NAME}",
        f"/r/320/WEBP/{ORIGINAL_NAME}",
        "/r/320/webp/products/../kerupuk.jpg",
        "/r/320/webp/products/2026/%2e%2e/%2e%2e/kerupuk.jpg",
        "/r/320/webp/products/2026/11/..%5C..%5Csecret.jpg",
        "/r/320/webp/renditions/abc/320.webp",
        "/r/320/webp/images/products/kerupuk.jpg",
        "/r/320/webp//etc/passwd",
        "/r/320/webp/products/2026/11/missing.jpg",
    ],
)
def test_view_refuses_anything_else(db, client, original, url):
    assert client.get(url).status_code == 404


def test_rendition_url_points_at_the_lazy_view(settings):
    assert renditions.rendition_url(ORIGINAL_NAME, 320, "avif") == f"/r/320/avif/{ORIGINAL_NAME}"


@hsettings(max_examples=50, deadline=None)
@given(
    name=st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=40).map(
        lambda text: f"products/2026/11/{text}.jpg"
    ),
    fmt=st.sampled_from(renditions.FORMATS),
)
def test_rendition_urls_are_what_rendition_url_gives_for_each_width(name, fmt):
    """One reverse() for all widths gives the very URLs of one reverse()
    each, whatever the file is called (spaces, %, unicode, a stray /160/)."""
    expected = {width: renditions.rendition_url(name, width, fmt) for width in renditions.WIDTHS}
    assert renditions.rendition_urls(name, fmt) == expected
    assert renditions.rendition_urls(name, fmt, (480, 160)) == {
        480: expected[480],
        160: expected[160],
    }


# The template tag

PICTURE = Template(
    "{% load product_images %}"
    '{% product_picture image sizes="(max-width: 400px) 50vw, 240px" widths="160,320,480"'
    " alt=title %}"
)


def test_picture_needs_no_query_and_no_file(db, settings, django_assert_num_queries, monkeypatch):
    from oscar.core.loading import get_model

    monkeypatch.setattr(renditions, "render", None)  # must not generate
    image = get_model("catalogue", "ProductImage")(original="products/2026/11/not-on-disk.jpg")

    with django_assert_num_queries(0):
        html = PICTURE.render(Context({"image": image, "title": "Kerupuk <udang>"}))

    base = "/r/{}/{}/products/2026/11/not-on-disk.jpg"
    assert html.startswith("<picture>") and html.endswith("</picture>")
    assert (
        '<source type="image/avif" srcset="'
        + ", ".join(f"{base.format(w, 'avif')} {w}w" for w in (160, 320, 480))
        + '" sizes="(max-width: 400px) 50vw, 240px">'
    ) in html
    assert f'<source type="image/webp" srcset="{base.format(160, "webp")} 160w, ' in html
    assert f'<img src="{base.format(320, "jpeg")}" srcset="{base.format(160, "jpeg")} 160w' in html
    assert 'width="320" height="320" alt="Kerupuk &lt;udang&gt;"' in html
    assert 'loading="lazy" decoding="async"' in html and "class=" not in html
    assert not default_storage.exists(renditions.rendition_path(image.original.name, 320, "jpeg"))


def test_picture_of_missing_image_is_the_plain_placeholder(settings):
    missing = {"original": "image_not_found.jpg", "caption": "", "is_missing": True}

    html = PICTURE.render(Context({"image": missing}))

    assert "<picture>" not in html and "/r/" not in html
    assert html.startswith('<img src="/media/image_not_found.jpg"')
    assert PICTURE.render(Context({"image": None})) == ""


def _near(pixel, colour, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))


# Opening: whatever a parser raises on user bytes is a rejection.


@pytest.mark.parametrize("error", [RuntimeError("boom"), struct.error("bad"), MemoryError()])
def test_any_error_while_opening_is_a_rejection_never_a_crash(monkeypatch, error):
    def broken_open(*args, **kwargs):
        raise error

    monkeypatch.setattr(Image, "open", broken_open)
    with pytest.raises(PhotoRejected) as rejected:
        process_upload(upload(jpeg(marked(40, 40))))
    assert rejected.value.message == NOT_A_PHOTO


# Renditions of deleted originals


def test_delete_renditions_removes_every_width_and_format(original):
    made = [
        renditions.render(original, width, fmt) for width in (160, 640) for fmt in ("webp", "jpeg")
    ]
    default_storage.save(f"{renditions.rendition_folder(original)}/999.webp", io.BytesIO(b"old"))

    renditions.delete_renditions(original)

    assert not any(default_storage.exists(path) for path in made)
    assert not default_storage.exists(renditions.rendition_folder(original))
    assert default_storage.exists(original)  # only the renditions
    renditions.delete_renditions(original)  # nothing left: still fine


def test_a_stored_rendition_of_a_deleted_original_is_not_served(db, client, original):
    path = renditions.render(original, 320, "webp")
    default_storage.delete(original)
    assert default_storage.exists(path)  # say the clean-up never ran

    with pytest.raises(renditions.RenditionError):
        renditions.render(original, 320, "webp")
    assert client.get(f"/r/320/webp/{original}").status_code == 404


# The bad-file corpus through the portal's add-product screen


def heic(img, exif=None):
    buf = io.BytesIO()
    options = {"exif": exif.tobytes()} if exif is not None else {}
    pillow_heif.from_pillow(img).save(buf, quality=50, **options)
    return buf.getvalue()


def gps_exif(orientation=None):
    exif = Image.Exif()
    if orientation:
        exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update({1: "S", 2: (7.0, 6.0, 0.0), 3: "E", 4: (107.0, 45.0, 0.0)})
    return exif


def stored_files():
    root = default_storage.path("products")
    return {
        os.path.join(directory, name) for directory, _, names in os.walk(root) for name in names
    }


@pytest.fixture
def producer_client(ibun_client, ibun):
    from oscar.core.loading import get_model

    from tests import factories

    get_model("catalogue", "ProductClass").objects.get_or_create(name="Makanan")
    producer = factories.ProducerFactory(site=ibun, name="Keripik Bu Sari")
    user = factories.UserFactory()
    producer.users.add(user)
    ibun_client.force_login(user)
    return ibun_client, producer


PORTAL_CORPUS = [*BAD_FILES, "valid HEIC"]


@pytest.mark.django_db
@pytest.mark.parametrize("case", PORTAL_CORPUS)
def test_every_corpus_file_through_the_portal_add_screen(producer_client, case):
    from django.urls import reverse
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    ProductImage = get_model("catalogue", "ProductImage")
    client, producer = producer_client
    url = reverse("portal:product-add", kwargs={"producer": producer.code})
    before = stored_files()
    if case == "valid HEIC":
        data, name = heic(marked(300, 200), gps_exif()), "IMG_0001.HEIC"
    else:
        data, name, message = BAD_FILES[case]

    response = client.post(url, {"photos": [upload(data, name)]})

    assert response.status_code != 500
    if case != "valid HEIC":
        assert response.status_code == 200
        html = response.content.decode()
        assert message in html
        assert 'class="errorlist' in html
        assert not Product.objects.exists()
        assert not ProductImage.objects.exists()
        assert stored_files() == before
        return
    assert response.status_code == 302
    product = Product.objects.get(producer=producer)
    image = product.images.get()
    with image.original.open("rb") as f:
        content = f.read()
    out = Image.open(io.BytesIO(content))
    assert out.format in ("JPEG", "WEBP") and out.size == (300, 200)
    assert not out.getexif() and "exif" not in out.info and "icc_profile" not in out.info
    assert b"Exif" not in content and b"GPS" not in content
    assert not image.original.name.endswith((".heic", ".HEIC"))


# The Oscar dashboard's product photos go through the same pipeline


def form_data(form):
    """What a browser would send back for a rendered (unchanged) form."""
    from django import forms

    data = {}
    for field in form:
        if isinstance(field.field, forms.FileField):
            continue
        value = field.value()
        if isinstance(field.field.widget, forms.CheckboxInput):
            if value:
                data[field.html_name] = "on"
        elif isinstance(value, (list, tuple)):
            data[field.html_name] = [str(v) for v in value]
        elif value is not None:
            data[field.html_name] = str(value)
    return data


def dashboard_post_data(response):
    context = response.context
    data = form_data(context["form"])
    for name in ("category_formset", "image_formset", "recommended_formset", "stockrecord_formset"):
        formset = context[name]
        data.update(form_data(formset.management_form))
        # An extra stock record form sent back with its initial values would
        # be a new stock record: a browser user leaves it empty.
        forms = formset.initial_forms if name == "stockrecord_formset" else formset.forms
        for form in forms:
            data.update(form_data(form))
    return data


@pytest.fixture
def dashboard(ibun):
    from django.test import Client
    from oscar.core.loading import get_model

    from tests import factories

    client = Client(HTTP_HOST="ibun.localhost")
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    producer = factories.ProducerFactory(site=ibun)
    product = factories.ProductFactory(producer=producer, title="Kain Batik", stock=3)
    category = get_model("catalogue", "Category").add_root(name="Busana & Batik")
    product.categories.add(category)
    return client, product, f"/dashboard/catalogue/products/{product.pk}/"


@pytest.mark.django_db
def test_a_dashboard_photo_is_stored_upright_without_gps(dashboard):
    client, product, url = dashboard
    page = client.get(url)
    assert page.status_code == 200
    data = dashboard_post_data(page)
    prefix = page.context["image_formset"].prefix
    stored = marked(200, 400).transpose(Image.Transpose.ROTATE_90)
    photo = jpeg(stored, orientation=6, gps=True, comment=b"Siti, Kampung Cibeet RT 02")
    data[f"{prefix}-0-original"] = upload(photo, "IMG_2024.jpg")

    response = client.post(url, data)

    assert response.status_code == 302
    image = product.images.get()
    with image.original.open("rb") as f:
        content = f.read()
    out = Image.open(io.BytesIO(content))
    assert out.format == "JPEG" and out.size == (200, 400)  # upright
    assert _near(out.getpixel((10, 10)), RED)
    assert not out.getexif()
    for secret in (b"Exif", b"GPS", b"Cibeet"):
        assert secret not in content
    assert "IMG_2024" not in image.original.name


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["text named .jpg", "PNG bomb", "SVG with script"])
def test_a_bad_dashboard_photo_is_a_form_error(dashboard, case):
    client, product, url = dashboard
    page = client.get(url)
    data = dashboard_post_data(page)
    prefix = page.context["image_formset"].prefix
    content, name, message = BAD_FILES[case]
    data[f"{prefix}-0-original"] = upload(content, name)
    before = stored_files()

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["image_formset"].forms[0].errors["original"] == [message]
    assert not product.images.exists()
    assert stored_files() == before


@pytest.mark.django_db
def test_deleting_a_product_in_the_dashboard_deletes_its_photo_files(
    dashboard, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    client, product, url = dashboard
    image = product.images.create(
        original=ContentFile(jpeg(marked(300, 200)), name="kain.jpg"), display_order=0
    )
    name = image.original.name
    path = renditions.render(name, 160, "webp")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{url}delete/")

    assert response.status_code == 302
    assert not default_storage.exists(name)
    assert not default_storage.exists(path)
