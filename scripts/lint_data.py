#!/usr/bin/env python3
"""The project's own policy checks: what OCA's gates (.pre-commit-config.yaml:
oca-odoo-pre-commit-hooks, pre-commit-hooks, pylint-odoo, ruff, prettier,
eslint) do not check.

Usage: lint_data.py [PROJECT_ROOT]   (default: this script's project)

Checks:
- views are Odoo 19 views: no <tree>, no attrs= or states=, no "tree" view
  mode (XML and Python), no kanban-box template;
- i18n/<addon>.pot, i18n/fi.po and i18n/sv.po exist, and every entry of
  each language (LANGUAGES) is translated (non-empty msgstr, not fuzzy) and
  keeps the placeholders (%s, %(name)s) and template expressions
  ({{ ... }}) of its msgid;
- i18n_extra/<lang>.po (translations of other modules' records that their
  own .po leaves empty, e.g. Odoo's Swedish calendar e-mails) parses, is
  translated with the same placeholders, names only other modules, and every
  HTML msgstr is the msgid's markup (tags, attributes, nesting) with only
  its text translated;
- every asset path of the manifest matches a file.

Prints one line per finding ("path:line: message") and exits 1 when there is
any.
"""

import ast
import fnmatch
import importlib.util
import re
import sys
from pathlib import Path

import polib
from lxml import etree

ADDON = "kumppanuuspoyta"
# every module of the project: the addon and its bridges (dashboard, Ahjo)
ADDONS = (ADDON, "kumppanuuspoyta_dashboard", "kumppanuuspoyta_ahjo")
# the languages the addon ships complete: Finnish and Swedish, as a
# bilingual Finnish municipality serves its residents
LANGUAGES = ("fi", "sv")
NAMED_PLACEHOLDER = re.compile(r"%\((\w+)\)([-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa])")
ANY_PLACEHOLDER = re.compile(
    r"%(?:\(\w+\))?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa]"
)
INLINE_TEMPLATE = re.compile(r"\{\{\s*(.*?)\s*\}\}")
PY_TREE_VIEW_MODE = re.compile(
    r"""["']view_mode["']\s*[:=]\s*["'][^"']*\btree\b"""
    r"""|view_mode\s*=\s*["'][^"']*\btree\b"""
    r"""|\(\s*(?:False|None|[\w.]+)\s*,\s*["']tree["']\s*\)"""
)


class Linter:
    def __init__(self, root, addon=ADDON):
        self.root = Path(root).resolve()
        self.addon = self.root / addon
        self.addon_name = addon
        self.findings = []
        self._html_markup = None

    # --- helpers -----------------------------------------------------------

    def rel(self, path):
        path = Path(path)
        try:
            return str(path.resolve().relative_to(self.root))
        except ValueError:
            return str(path)

    def report(self, path, line, message):
        where = f"{self.rel(path)}:{line}" if line else self.rel(path)
        self.findings.append(f"{where}: {message}")

    def addon_files(self, *suffixes):
        if not self.addon.is_dir():
            return []
        return sorted(
            path
            for path in self.addon.rglob("*")
            if path.is_file()
            and path.suffix in suffixes
            and "__pycache__" not in path.parts
        )

    # --- Odoo 19 views -------------------------------------------------------

    def check_xml_views(self):
        for path in self.addon_files(".xml"):
            if path.relative_to(self.addon).parts[0] == "static":
                continue
            try:
                tree = etree.parse(str(path))
            except etree.XMLSyntaxError:
                continue  # check-xml and oca-checks-odoo-module report it
            self.check_views(path, tree)

    def check_views(self, path, tree):
        for element in tree.iter(etree.Element):
            if element.tag == "tree":
                self.report(path, element.sourceline, "<tree> is gone in 19: <list>")
            for attribute in ("attrs", "states"):
                if attribute in element.attrib:
                    self.report(
                        path,
                        element.sourceline,
                        f"{attribute}= is gone in 19: use invisible/readonly/"
                        "required expressions",
                    )
            if (
                element.tag == "field"
                and element.get("name") == "view_mode"
                and re.search(r"\btree\b", element.text or "")
            ):
                self.report(
                    path, element.sourceline, "view mode 'tree' is gone in 19: 'list'"
                )
            if element.get("t-name") == "kanban-box":
                self.report(
                    path,
                    element.sourceline,
                    'kanban-box is gone in 19: <t t-name="card">',
                )

    def check_python_views(self):
        for path in self.addon_files(".py"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for lineno, line in enumerate(text.splitlines(), start=1):
                if PY_TREE_VIEW_MODE.search(line):
                    self.report(path, lineno, "view type 'tree' is gone in 19: 'list'")

    # --- translations -------------------------------------------------------

    def check_po(self):
        i18n = self.addon / "i18n"
        pot = i18n / f"{self.addon_name}.pot"
        if not pot.is_file():
            self.report(pot, None, "missing translation file")
        for lang in LANGUAGES:
            po = i18n / f"{lang}.po"
            if not po.is_file():
                self.report(po, None, "missing translation file")
                continue
            self.load_translated(po)
        self.check_po_extra()

    def load_translated(self, po):
        """The catalog of a .po file checked as translated, or None (and a
        finding) when it does not parse."""
        try:
            catalog = polib.pofile(str(po))
        except (OSError, ValueError) as exc:
            self.report(po, None, f"does not parse: {exc}")
            return None
        self.check_translated(po, catalog)
        return catalog

    def html_markup(self, text):
        """The addon's own markup check of a translated mail body
        (tools/markup.py, also used by its tests), loaded without Odoo."""
        if self._html_markup is None:
            path = self.addon / "tools" / "markup.py"
            spec = importlib.util.spec_from_file_location("kp_markup", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            self._html_markup = module.html_markup
        return self._html_markup(text)

    def check_po_extra(self):
        for po in sorted((self.addon / "i18n_extra").glob("*.po")):
            catalog = self.load_translated(po)
            if catalog is None:
                continue
            for entry in catalog:
                if entry.obsolete or not entry.msgid:
                    continue
                where = ", ".join(ref for ref, _line in entry.occurrences) or (
                    f"msgid {entry.msgid[:60]!r}"
                )
                modules = re.findall(r"module: (\w+)", entry.comment)
                if not modules or self.addon_name in modules:
                    self.report(
                        po,
                        entry.linenum,
                        f"{where}: i18n_extra is for other modules' records "
                        f"('#. module: <theirs>'); the addon's own go to i18n/",
                    )
                if entry.msgid.lstrip().startswith("<") and entry.msgstr:
                    if self.html_markup(entry.msgstr) != self.html_markup(entry.msgid):
                        self.report(
                            po,
                            entry.linenum,
                            f"{where}: the markup differs from the msgid's",
                        )

    def check_translated(self, path, catalog):
        for entry in catalog:
            if entry.obsolete or not entry.msgid:
                continue
            where = f"msgid {entry.msgid[:60]!r}"
            translations = (
                list(entry.msgstr_plural.values())
                if entry.msgid_plural
                else [entry.msgstr]
            )
            if not translations or not all(t.strip() for t in translations):
                self.report(path, entry.linenum, f"untranslated {where}")
                continue
            if "fuzzy" in entry.flags:
                self.report(path, entry.linenum, f"fuzzy translation of {where}")
            python_format = "python-format" in entry.flags
            for translation in translations:
                problem = placeholder_mismatch(entry.msgid, translation, python_format)
                if problem:
                    self.report(path, entry.linenum, f"{problem} in {where}")

    # --- manifest assets ----------------------------------------------------

    def check_manifest(self):
        path = self.addon / "__manifest__.py"
        try:
            manifest = ast.literal_eval(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, ValueError) as exc:
            self.report(path, None, f"manifest cannot be read: {exc}")
            return
        self.check_manifest_assets(path, manifest.get("assets", {}))

    def check_manifest_assets(self, path, assets):
        if not isinstance(assets, dict):
            self.report(path, None, "'assets' must be a dict")
            return
        addons_root = self.addon.parent
        for bundle, entries in assets.items():
            for entry in entries:
                if isinstance(entry, (list, tuple)):
                    if len(entry) != 2 or entry[0] not in ("prepend", "remove"):
                        continue
                    entry = entry[1]
                if not isinstance(entry, str) or not entry.startswith(
                    self.addon_name + "/"
                ):
                    continue
                # Odoo globs recursively: "**/" also matches no folder at all
                patterns = {entry, entry.replace("**/", "")}
                matches = [
                    f
                    for f in self.addon.rglob("*")
                    if f.is_file()
                    and any(
                        fnmatch.fnmatch(f.relative_to(addons_root).as_posix(), p)
                        for p in patterns
                    )
                ]
                if not matches:
                    self.report(
                        path, None, f"asset '{entry}' ({bundle}) matches no file"
                    )

    # --- all ---------------------------------------------------------------

    def run(self):
        if not self.addon.is_dir():
            self.report(self.addon, None, "addon directory is missing")
            return self.findings
        self.check_manifest()
        self.check_xml_views()
        self.check_python_views()
        self.check_po()
        return self.findings


def placeholder_mismatch(msgid, msgstr, python_format):
    """Why msgstr does not keep msgid's placeholders, or None."""
    named_id = sorted(f"%({n}){c}" for n, c in NAMED_PLACEHOLDER.findall(msgid))
    named_str = sorted(f"%({n}){c}" for n, c in NAMED_PLACEHOLDER.findall(msgstr))
    if named_id != named_str:
        return f"placeholders {named_str} instead of {named_id}"
    if python_format:
        spec_id = ANY_PLACEHOLDER.findall(msgid.replace("%%", ""))
        spec_str = ANY_PLACEHOLDER.findall(msgstr.replace("%%", ""))
        positional_id = [s for s in spec_id if not s.startswith("%(")]
        positional_str = [s for s in spec_str if not s.startswith("%(")]
        if positional_id != positional_str:
            return f"format {positional_str} instead of {positional_id}"
    inline_id = sorted(INLINE_TEMPLATE.findall(msgid))
    inline_str = sorted(INLINE_TEMPLATE.findall(msgstr))
    if inline_id != inline_str:
        return f"template expressions {inline_str} instead of {inline_id}"
    return None


def main(argv):
    root = Path(argv[0]) if argv else Path(__file__).resolve().parents[1]
    findings = []
    for addon in ADDONS:
        # the bridge is checked where it is (a scratch copy may lack it)
        if addon == ADDON or (root / addon).is_dir():
            findings.extend(Linter(root, addon).run())
    for finding in findings:
        sys.stdout.write(f"{finding}\n")
    if findings:
        sys.stderr.write(f"lint_data: {len(findings)} finding(s)\n")
        return 1
    sys.stderr.write("lint_data: clean\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
