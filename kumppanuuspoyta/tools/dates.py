"""Dates and times in the reader's language conventions (portal pages, the
minutes)."""

# Babel patterns; Finnish writes "ti 12.3.2027 klo 10.00"
DATETIME_FORMATS = {
    "fi": "EEE d.M.yyyy 'klo' H.mm",
}
DATETIME_FORMAT = "EEEE d.M.yyyy HH:mm"

# One set of patterns for a document (the minutes): a date, a date with its
# time and a time alone always look alike, whichever line prints them.
DOCUMENT_PATTERNS = {
    "fi": {"date": "d.M.yyyy", "datetime": "EEEE d.M.yyyy 'klo' H.mm", "time": "H.mm"},
    "sv": {"date": "d.M.yyyy", "datetime": "EEEE d.M.yyyy 'kl.' H.mm", "time": "H.mm"},
}
DOCUMENT_PATTERN = {
    "date": "MMM d, yyyy",
    "datetime": "EEEE, MMM d, yyyy, HH:mm",
    "time": "HH:mm",
}


def datetime_format(lang):
    """The pattern of a date and time for the language code (e.g. fi_FI)."""
    return DATETIME_FORMATS.get((lang or "").split("_")[0], DATETIME_FORMAT)


def document_patterns(lang):
    """The patterns of a date, a date and time and a time alone in a
    document for the language code (e.g. fi_FI)."""
    return DOCUMENT_PATTERNS.get((lang or "").split("_")[0], DOCUMENT_PATTERN)
