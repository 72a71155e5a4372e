"""Find English text left in a page rendered in Bahasa Indonesia.

Every msgid of the project's catalogue whose Indonesian translation differs
from it must not appear as a text node (or a button/label value) of a page
rendered in `id`: if it does, a string escaped translation.
"""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings

CATALOG = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"


@cache
def english_only_msgids():
    """msgids whose Indonesian text is different (so seeing them means a miss)."""
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="id")
    found = set()
    for message in catalog:
        if not message.id or isinstance(message.id, tuple | list):
            continue
        if "%(" in message.id or "<" in message.id:
            continue  # templates fill these in; their pieces are checked elsewhere
        translated = message.string if isinstance(message.string, str) else ""
        if translated and translated != message.id:
            found.add(message.id)
    return frozenset(found)


VALUE_SHOWN = ("submit", "button", "reset")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.chunks = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        attributes = dict(attrs)
        # A value is read only on an input drawn as a button; elsewhere (hidden
        # inputs, <button value>, <option value>) it is data sent back, such as
        # the English status names that order lines store.
        shows_value = tag == "input" and (attributes.get("type") or "").lower() in VALUE_SHOWN
        for name, value in attrs:
            if name in ("placeholder", "aria-label", "title", "alt") and value:
                self.chunks.append(value)
            elif name == "value" and shows_value and value:
                self.chunks.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.chunks.append(data)


def untranslated_strings(html):
    parser = _Text()
    parser.feed(html)
    texts = {re.sub(r"\s+", " ", chunk).strip() for chunk in parser.chunks}
    return sorted(texts & english_only_msgids())
