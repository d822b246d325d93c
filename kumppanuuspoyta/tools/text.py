"""Checks shared by the models on what people type and pick.

Titles (names of tables, meetings, agenda items, agreements, commitments, ...)
are plain text: they are shown in lists, e-mail subjects, calendars and PDFs,
so markup in them is refused rather than escaped here and rendered there.
"""

import re

from odoo.exceptions import ValidationError
from odoo.tools.mail import email_normalize, email_split

MAX_TITLE_LENGTH = 200
# an agenda item's time estimate: at most a (long) working day
MAX_ITEM_MINUTES = 8 * 60
# the start of a tag, an end tag, a comment or a declaration: <b>, </p>,
# <script>, <img src=x onerror=...>, <!-- ... -->; not "a < b" or "<3"
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]")
# line breaks, NUL and other control characters
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# characters that show nothing: a title of only these is empty
INVISIBLE = re.compile(r"[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")


def check_titles(records, field_name="name", max_length=MAX_TITLE_LENGTH):
    """Refuse blank titles, titles with HTML and, unless max_length is None,
    titles longer than max_length characters."""
    env = records.env
    for record in records:
        title = record[field_name]
        if not title:
            # a missing required title is the ORM's to refuse
            continue
        label = records._fields[field_name]._description_string(env)
        if not INVISIBLE.sub("", title).strip():
            raise ValidationError(env._("%(field)s cannot be empty.", field=label))
        if MARKUP.search(title):
            raise ValidationError(
                env._(
                    "Titles are plain text: remove the HTML tags from %(field)s.",
                    field=label,
                )
            )
        if max_length is not None and len(title) > max_length:
            raise ValidationError(
                env._(
                    "%(field)s is too long: at most %(max)s characters, "
                    "now %(length)s.",
                    field=label,
                    max=env["kp.table"]._format_number(max_length),
                    length=env["kp.table"]._format_number(len(title)),
                )
            )


def check_references(model, vals_list):
    """Refuse ids of records that do not exist with a clear message, before
    the database refuses them with a misleading one. One query per related
    model, whatever the number of records created."""
    env = model.env
    wanted = {}  # comodel -> {id: field}
    for vals in vals_list:
        for name, value in vals.items():
            field = model._fields.get(name)
            if field is not None and field.type == "many2one" and value:
                if isinstance(value, int):
                    wanted.setdefault(field.comodel_name, {})[value] = field
    for comodel, fields_by_id in wanted.items():
        missing = set(fields_by_id) - set(
            env[comodel].browse(fields_by_id).exists().ids
        )
        if missing:
            value = min(missing)
            raise ValidationError(
                env._(
                    "%(field)s: the record with id %(id)s does not exist.",
                    field=fields_by_id[value]._description_string(env),
                    id=value,
                )
            )


def check_time_estimates(records):
    """Refuse time estimates (field duration, minutes) outside 0 to
    MAX_ITEM_MINUTES: agenda items and the standing items that become them."""
    for record in records:
        if not 0 <= record.duration <= MAX_ITEM_MINUTES:
            raise ValidationError(
                records.env._(
                    "The time estimate of %(item)s must be between 0 and "
                    "%(max)s minutes.",
                    item=record.name,
                    max=MAX_ITEM_MINUTES,
                )
            )


def check_email_addresses(partners):
    """Refuse e-mail addresses that Odoo would read as another address than
    the one typed (``space in@example.com`` goes to in@example.com), several
    addresses, or header text (a newline sends mail to an extra address).
    A plain address or ``Name <address>`` passes; no address passes too."""
    env = partners.env
    for partner in partners:
        typed = (partner.email or "").strip()
        if not typed:
            continue
        normalized = email_normalize(typed)
        if "<" in typed:
            _name, _sep, address = typed.rpartition("<")
            plain = address.rstrip(">").strip()
        else:
            plain = typed
        if (
            not normalized
            or CONTROL.search(typed)
            or len(email_split(typed)) != 1
            or normalized != plain.lower()
        ):
            raise ValidationError(
                env._(
                    "The e-mail address of %(person)s is not valid: %(email)s. "
                    "Give one address, such as name@example.com.",
                    person=partner.display_name,
                    email=repr(partner.email),
                )
            )


def check_agenda_entries(records):
    """The checks of an agenda item and of the standing items that become
    agenda items: a plain-text title and a sensible time estimate."""
    check_titles(records)
    check_time_estimates(records)
