"""Strict parsing of what the portal's forms post: whole numbers in ASCII
digits within bounds, text without NUL characters and within a length.

``str.isdigit()`` is true for "²" and "٣", which ``int()`` then refuses
or reads as another number; a NUL byte cannot be stored by PostgreSQL.
Each helper returns the value or None, so the caller words the refusal.
"""

import re

ASCII_NUMBER = re.compile(r"[0-9]{1,9}")
# what a portal form's free text may hold at the most
MAX_TEXT_LENGTH = 10_000


def parse_id(value):
    """A record id from a form or URL parameter, or None."""
    value = value if isinstance(value, str) else ""
    return int(value) if ASCII_NUMBER.fullmatch(value) else None


def clean_text(value, max_length=MAX_TEXT_LENGTH):
    """Text without NUL characters and at most max_length long, or None."""
    value = value if isinstance(value, str) else ""
    if "\x00" in value or len(value) > max_length:
        return None
    return value
