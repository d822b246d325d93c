"""One checker of rendered text, read as a person reads it (issue #20,
"Every rendered text read as a person reads it"): an e-mail's body, a PDF's
text (``pdftotext``) or a portal page, in the reader's language and the
municipality's currency. It finds what a reader stumbles on:

- run-on lists: list entries (each with its own date, or "what — who")
  glued into one line, as newlines inside HTML render;
- raw values: ``False``, ``None``, ISO dates (2026-12-06), Python's floats
  ("-5.0"), zero-padded Finnish or Swedish dates (01.01.2020 where Finnish
  writes 1.1.2020), a dollar sign in a euro municipality;
- English in a Finnish or Swedish text: the tell-tale words of our own UI.

``ReadingChecks.assertReadsWell`` is the assertion the tests use;
``findings`` is the checker itself, tested on what main showed."""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from lxml import html as lxml_html

# block elements end a line where a reader sees one
BLOCKS = {
    "address", "article", "blockquote", "br", "dd", "div", "dl", "dt",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "ol", "option", "p", "pre", "section", "table", "td", "th", "tr",
    "ul", "title", "select", "label", "button", "tbody", "thead",
}  # fmt: skip
# never shown: a mail's preheader (display: none) is its preview line
UNREAD = {"script", "style", "head", "noscript", "template"}
BREAK = "\x00"

DAY_PATTERNS = (
    r"\b\d{1,2}\.\d{1,2}\.\d{4}\b",  # 12.3.2027
    r"\b\d{4}-\d{2}-\d{2}\b",  # 2027-03-12
    r"\b\d{1,2}/\d{1,2}/\d{4}\b",  # 03/12/2027
    r"\b[A-Z][a-z]{2} \d{1,2}, \d{4}\b",  # Mar 12, 2027
)
DAY = re.compile("|".join(DAY_PATTERNS))
ENTRY_DASH = re.compile(r"\S — \S")

RAW = (
    (re.compile(r"\bFalse\b"), "False"),
    (re.compile(r"\bNone\b"), "None"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), "an ISO date"),
    (re.compile(r"(?<![\w.,])-?\d+\.0(?![\d.])"), "a float as Python prints it"),
    (re.compile(r"(?<![\w.,])-?\d+\.\d{4,}(?![\d.])"), "a float as Python prints it"),
)
PADDED_DAY = re.compile(r"\b(?:0\d\.\d{1,2}|\d{1,2}\.0\d)\.\d{4}\b")

# the tell-tale English words of our own UI in a Finnish or Swedish text
ENGLISH = (
    "Meeting",
    "Agenda",
    "Partnership",
    "Commitment",
    "Commitments",
    "Minutes",
    "Deadline",
    "Agreement",
    "Proposal",
    "Theme",
    "Review of earlier",
    "Hello",
    "Reminder",
    "Overdue",
    "Your turn",
    "Place:",
    "Time:",
    "None",
    "the",
)
ENGLISH_WORDS = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in ENGLISH) + r")(?![\w-])"
)


def text_lines(content):
    """The lines a person reads in ``content``: HTML rendered as a browser
    lays out its text (whitespace collapsed, a line per block element),
    plain text as it is."""
    if not re.search(r"<[a-zA-Z][^>]*>", content or ""):
        return [line.strip() for line in (content or "").splitlines() if line.strip()]
    root = lxml_html.fromstring(f"<div>{content}</div>")
    parts = []

    def walk(node):
        tag = node.tag if isinstance(node.tag, str) else ""
        hidden = re.search(r"display:\s*none", node.get("style") or "") if tag else None
        if tag in UNREAD or hidden:
            if node.tail:
                parts.append(node.tail)
            return
        block = tag in BLOCKS
        if block:
            parts.append(BREAK)
        if node.text and tag:
            parts.append(node.text)
        for child in node:
            walk(child)
        if block:
            parts.append(BREAK)
        if node.tail:
            parts.append(node.tail)

    walk(root)
    text = "".join(parts)
    lines = []
    # an HTML text node's newline is a space: that is how lists run on
    for chunk in text.split(BREAK):
        line = re.sub(r"\s+", " ", chunk).strip()
        if line:
            lines.append(line)
    return lines


def findings(content, lang="fi_FI", currency="EUR"):
    """What a person reading ``content`` in ``lang`` stumbles on, one
    sentence per finding (an empty list when it reads well)."""
    found = []
    language = (lang or "en_US").split("_")[0]
    for line in text_lines(content):
        short = line if len(line) < 160 else line[:157] + "..."
        days = [m for m in DAY.finditer(line)]
        # a range (a meeting past midnight: "la 5.12.2026 klo 23.00–su
        # 6.12.2026 klo 0.30") is one entry, not two glued together
        ranged = len(days) == 2 and "–" in line[days[0].end() : days[1].start()]
        if (len({m.group(0) for m in days}) > 1 and not ranged) or len(
            ENTRY_DASH.findall(line)
        ) > 1:
            found.append(f"a run-on list: {short!r}")
        for pattern, what in RAW:
            if pattern.search(line):
                found.append(f"{what} ({pattern.search(line).group(0)!r}): {short!r}")
        if language in ("fi", "sv"):
            padded = PADDED_DAY.search(line)
            if padded:
                found.append(f"a zero-padded date ({padded.group(0)!r}): {short!r}")
            english = ENGLISH_WORDS.search(line)
            if english:
                found.append(f"English ({english.group(0)!r}): {short!r}")
        if currency and currency != "USD" and "$" in line:
            found.append(f"a dollar sign in a {currency} text: {short!r}")
    return found


def pdf_text(pdf):
    """The text of a PDF as ``pdftotext -layout`` reads it (poppler-utils)."""
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext (Debian's poppler-utils) is needed"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "document.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(
            [tool, "-layout", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            check=True,
            timeout=60,
        )
    return result.stdout.decode()


class ReadingChecks:
    """Mixed into a test case: ``assertReadsWell(content, lang, currency)``."""

    def assertReadsWell(self, content, lang, currency="EUR", where=""):  # noqa: N802
        problems = findings(content, lang=lang, currency=currency)
        self.assertFalse(
            problems,
            f"{where or 'the text'} in {lang} does not read well:\n- "
            + "\n- ".join(problems),
        )
