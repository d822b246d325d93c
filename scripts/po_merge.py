"""Keeps existing translations after `odoo-bin i18n export`.

Usage: po_merge.py NEW_PO OLD_PO

Odoo's export writes the Python strings (`_()`, `env._()`) with empty
translations; every entry of NEW_PO that is untranslated gets the translation
OLD_PO has for the same msgid (and context). Prints what is still untranslated.
"""

import sys

import polib


def main(new_path, old_path):
    new, old = polib.pofile(new_path), polib.pofile(old_path)
    known = {(e.msgctxt, e.msgid): e.msgstr for e in old if e.msgstr}
    for entry in new:
        if not entry.msgstr and (entry.msgctxt, entry.msgid) in known:
            entry.msgstr = known[(entry.msgctxt, entry.msgid)]
    new.save(new_path)
    missing = new.untranslated_entries()
    for entry in missing:
        print(f"untranslated: {entry.msgid!r}")
    print(f"{len(missing)} untranslated entries in {new_path}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
