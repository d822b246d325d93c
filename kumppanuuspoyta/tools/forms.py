"""Strict parsing of what the portal's forms post: whole numbers in ASCII
digits within bounds, text without NUL characters and within a length.

``str.isdigit()`` is true for "²" and "٣", which ``int()`` then refuses
or reads as another number; a NUL byte cannot be stored by PostgreSQL.
``parse_id`` returns the number or None, so the caller words the refusal;
the text checks refuse with a message naming the field and the limit.
"""

import re

from odoo.exceptions import UserError
from odoo.tools import html2plaintext

ASCII_NUMBER = re.compile(r"[0-9]{1,9}")
# what a portal form's free text may hold at the most
MAX_TEXT_LENGTH = 10_000


class PortalFieldError(UserError):
    """A refusal of what one field of a portal form holds: the page shows
    the message next to that field (``field``, its name in the form)."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field


def parse_id(value):
    """A record id from a form or URL parameter, or None."""
    value = value if isinstance(value, str) else ""
    return int(value) if ASCII_NUMBER.fullmatch(value) else None


def check_portal_text(env, label, value, max_length=MAX_TEXT_LENGTH):
    """Refuse, in words the writer understands, a text posted through the
    portal that holds a NUL character or is longer than max_length."""
    value = value if isinstance(value, str) else ""
    if "\x00" in value:
        raise UserError(
            env._(
                "%(field)s holds a character that cannot be saved (a NUL "
                "character); remove it and try again.",
                field=label,
            )
        )
    if len(value) > max_length:
        raise UserError(
            env._(
                "%(field)s is too long: at most %(max)s characters, now %(length)s.",
                field=label,
                max=env["kp.table"]._format_number(max_length),
                length=env["kp.table"]._format_number(len(value)),
            )
        )


def check_portal_comment(records, kwargs):
    """The limits of a comment a portal user or a share link's holder posts
    on a table's record through the portal chatter (/mail/message/post):
    no NUL character, at most MAX_TEXT_LENGTH characters of text (and twice
    that with its markup)."""
    env = records.env
    if env.user._is_internal() or kwargs.get("message_type") != "comment":
        return
    body = str(kwargs.get("body") or "")
    if "\x00" in body:
        raise UserError(
            env._(
                "The comment holds a character that cannot be saved (a NUL "
                "character); remove it and try again."
            )
        )
    length = max(len(html2plaintext(body)), len(body) // 2)
    if length > MAX_TEXT_LENGTH:
        raise UserError(
            env._(
                "The comment is too long: at most %(max)s characters, now %(length)s.",
                max=env["kp.table"]._format_number(MAX_TEXT_LENGTH),
                length=env["kp.table"]._format_number(length),
            )
        )
