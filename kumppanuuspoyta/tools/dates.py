"""Dates and times on portal pages in the reader's language conventions."""

# Babel patterns; Finnish writes "ti 12.3.2027 klo 10.00"
DATETIME_FORMATS = {
    "fi": "EEE d.M.yyyy 'klo' H.mm",
}
DATETIME_FORMAT = "EEEE d.M.yyyy HH:mm"


def datetime_format(lang):
    """The pattern of a date and time for the language code (e.g. fi_FI)."""
    return DATETIME_FORMATS.get((lang or "").split("_")[0], DATETIME_FORMAT)
