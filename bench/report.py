"""bench/results.md: each benchmark script owns one section of it."""

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.md"


def write_section(title, text):
    """Replace the section whose "## " heading starts with `title` by
    `text` (which begins with that heading), keeping the others in their
    order; a new section goes at the end."""
    old = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    head, *sections = old.split("\n## ")
    sections = [f"## {section.strip()}\n" for section in sections]
    new = text.strip() + "\n"
    for index, section in enumerate(sections):
        if section.startswith(f"## {title}"):
            sections[index] = new
            break
    else:
        sections.append(new)
    RESULTS.write_text("\n".join([head.strip() + "\n", *sections]))
    print(f"Written to bench/results.md, section {title!r}")
