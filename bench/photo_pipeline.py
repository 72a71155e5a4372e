"""Benchmark the product photo pipeline (vendors.photos) and renditions (catalog.renditions).

    .venv/bin/python bench/photo_pipeline.py [--runs 5] [--worst-case]

Targets: process_upload of a 12 MP phone JPEG well under 2 s and under
300 MB peak RSS. Memory is measured in a fresh subprocess per case, so the
numbers are not polluted by generating the test photo.
"""

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storefront.settings")


# What the parent prints, also written to bench/results.md.
LINES = []


def say(text=""):
    print(text)
    LINES.extend(text.splitlines() or [""])


def setup_django():
    import django

    django.setup()


def current_rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb():
    """Peak RSS of this process image.

    ru_maxrss survives fork + exec on Linux, so in a subprocess it reports at
    least the parent's RSS at fork time; VmHWM starts afresh at exec.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def phone_photo(width=4000, height=3000, quality=90):
    """A JPEG that compresses like a phone photo, sideways, with GPS and a comment."""
    from PIL import Image

    gradient = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 24)
    mandel = Image.effect_mandelbrot((width, height), (-2.2, -1.2, 1.0, 1.2), 60)
    img = Image.merge("RGB", (gradient, Image.blend(noise, mandel, 0.5), mandel))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° to display
    exif[0x010F] = "Samsung"
    exif.get_ifd(0x8825).update({1: "S", 2: (7.0, 6.0, 0.0), 3: "E", 4: (107.0, 45.0, 0.0)})
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, exif=exif.tobytes(), comment=b"Rumah Bu Siti")
    return buf.getvalue()


def flat_png(side):
    """Worst case within the pixel limit: a tiny PNG that decodes to side x side RGBA."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGBA", (side, side), (200, 120, 40, 128)).save(buf, "PNG")
    return buf.getvalue()


def heic_photo(width=4000, height=3000):
    import pillow_heif
    from PIL import Image

    img = Image.open(io.BytesIO(phone_photo(width, height)))
    buf = io.BytesIO()
    pillow_heif.from_pillow(img.convert("RGB")).save(buf, quality=60)
    return buf.getvalue()


def child(path):
    """One measurement in this fresh process: print JSON for the parent."""
    setup_django()
    from vendors.photos import process_upload

    data = Path(path).read_bytes()
    rss_before = current_rss_mb()
    tracemalloc.start()
    started = time.perf_counter()
    photo = process_upload(io.BytesIO(data))
    seconds = time.perf_counter() - started
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rss_before_mb": rss_before,
                "peak_rss_mb": peak_rss_mb(),
                "python_peak_mb": traced_peak / 2**20,
                "out_bytes": len(photo.content),
                "out_size": [photo.width, photo.height],
            }
        )
    )


def measure_in_subprocess(data):
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        f.write(data)
        f.flush()
        result = subprocess.run(
            [sys.executable, __file__, "--child", f.name],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
    return json.loads(result.stdout.strip().splitlines()[-1])


def print_memory(label, m):
    say(
        f"  {label}: {m['seconds']:.2f} s, peak RSS {m['peak_rss_mb']:.0f} MB "
        f"(RSS before {m['rss_before_mb']:.0f} MB, delta "
        f"{m['peak_rss_mb'] - m['rss_before_mb']:.0f} MB), "
        f"Python allocations peak {m['python_peak_mb']:.1f} MB, "
        f"-> {m['out_size'][0]}x{m['out_size'][1]} {m['out_bytes'] / 1024:.0f} KB"
    )


def bench_upload(data, runs):
    from vendors.photos import process_upload

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        photo = process_upload(io.BytesIO(data))
        times.append(time.perf_counter() - started)
    per_run = ", ".join(f"{t:.3f}" for t in times)
    say(f"  wall per run (s): {per_run}")
    say(f"  min {min(times):.3f} s, median {statistics.median(times):.3f} s")
    return photo


def bench_renditions(photo, runs=3, width=480):
    from django.core.files.storage import FileSystemStorage

    from catalog import renditions

    with tempfile.TemporaryDirectory() as tmp:
        storage = FileSystemStorage(location=tmp)
        name = storage.save("products/2026/11/bench.jpg", photo)
        for fmt in renditions.FORMATS:
            times = []
            for _ in range(runs):
                path = renditions.rendition_path(name, width, fmt)
                storage.delete(path)
                started = time.perf_counter()
                renditions.render(name, width, fmt, storage=storage)
                times.append(time.perf_counter() - started)
            size = storage.size(path)
            note = "" if renditions.effective_format(fmt) == fmt else " (fell back to webp)"
            say(
                f"  {fmt:>4} {width} px: min {min(times) * 1000:.0f} ms, "
                f"median {statistics.median(times) * 1000:.0f} ms, {size / 1024:.1f} KB{note}"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--worst-case", action="store_true", help="also 30 MP PNG and HEIC")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child)

    setup_django()
    from PIL import Image, features

    say(f"Pillow {Image.__version__}, AVIF {'yes' if features.check('avif') else 'no'}")
    data = phone_photo()
    say(f"\n12 MP phone JPEG (4000x3000, EXIF orientation 6 + GPS): {len(data) / 2**20:.1f} MB")
    photo = bench_upload(data, args.runs)
    print_memory("fresh process", measure_in_subprocess(data))

    say("\nRenditions from the processed photo (render() of a missing rendition):")
    bench_renditions(photo)

    if args.worst_case:
        side = 5470  # 29.9 MP, just under the 30 MP limit for PNG, WebP and HEIF
        png = flat_png(side)
        say(f"\nWorst case: {side}x{side} RGBA PNG ({len(png) / 1024:.0f} KB on disk)")
        print_memory("fresh process", measure_in_subprocess(png))
        heic = heic_photo()
        say(f"\n12 MP HEIC: {len(heic) / 2**20:.1f} MB")
        print_memory("fresh process", measure_in_subprocess(heic))
    say("\nTargets: 12 MP JPEG well under 2 s, peak RSS under 300 MB.")
    write_results()


def write_results():
    from bench import report

    heading = f"## Photo upload pipeline (bench/photo_pipeline.py, {time.strftime('%Y-%m-%d')})"
    report.write_section("Photo upload pipeline", "\n".join([heading, "", "```", *LINES, "```"]))


if __name__ == "__main__":
    main()
