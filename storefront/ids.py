"""Object ids typed into URLs and forms.

str.isdigit() is not the test: "²" and "①" are digits to it but not to
int(), and a 30-digit number overflows the database's integer. Views ask
here, and a bad id finds nothing instead of raising a 500.
"""

LARGEST = 2**63 - 1  # the widest id column (bigint)


def parse_id(value):
    """The id in ``value`` ("12" -> 12), or None when it is not one."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= LARGEST else None
