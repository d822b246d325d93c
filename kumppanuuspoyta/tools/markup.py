"""The markup of an HTML fragment without its text: how a translated mail
template body is checked to be the source's markup with only its words
translated (scripts/lint_data.py and the addon's tests). Imports lxml only,
so that the lint loads it without Odoo."""

from lxml import etree
from lxml import html as lxml_html


def html_markup(text):
    """The element tree of an HTML fragment without its text (tags,
    attributes, nesting), parsed as Odoo parses a mail template's body; a
    fragment that does not parse gives the reason, which equals no tree."""

    def tree(element):
        return (
            element.tag,
            tuple(sorted(element.attrib.items())),
            tuple(tree(child) for child in element),
        )

    try:
        return tree(lxml_html.fragment_fromstring(text, create_parent="div"))
    except (etree.ParserError, ValueError) as exc:
        return f"unparsable: {exc}"
