#!/usr/bin/env python3
"""Data checks for the addon: what OCA's odoo-pre-commit-hooks and pre-commit
hooks check, for Odoo 19.0 (odoo-pre-commit-hooks itself is not installable
here).

Usage: lint_data.py [PROJECT_ROOT]   (default: this script's project)

Checks:
- every XML file is well-formed; no XML id is defined twice in the addon
  (XML and CSV together); no redundant own module prefix on an id; no field
  set twice in one record;
- views are Odoo 19 views: no <tree>, no attrs= or states=, no "tree" view
  mode (XML and Python), no kanban-box template;
- CSV files parse with rows as wide as their header; ir.model.access.csv has
  the header id,name,model_id:id,group_id:id,perm_read,perm_write,
  perm_create,perm_unlink, 0/1 permissions and no duplicate ids;
- every .po/.pot file parses with polib (duplicates are errors); no en.po;
  i18n/<addon>.pot and i18n/fi.po exist; every fi.po entry is translated
  (non-empty msgstr, not fuzzy) and keeps the placeholders of its msgid;
- manifest: a dict with the required keys, version 19.0.x.y.z, an allowed
  license, an author string, no description key and no key set to its
  default; every data/demo file exists and is listed once; every data file
  of the addon is listed; every asset path matches a file;
- project text files: no trailing whitespace, a final newline, LF line
  endings, no merge-conflict markers; executables start with #! and scripts
  with #! are executable.

Prints one line per finding ("path:line: message") and exits 1 when there is
any.
"""

import ast
import csv
import fnmatch
import os
import re
import subprocess
import sys
from pathlib import Path

import polib
from lxml import etree

ADDON = "kumppanuuspoyta"
PROJECT_PATHS = (
    ADDON,
    "scripts",
    "tests",
    ".ci",
    "conftest.py",
    "README.md",
    "ruff.toml",
    ".pylintrc",
    ".gitignore",
)
ACCESS_HEADER = [
    "id",
    "name",
    "model_id:id",
    "group_id:id",
    "perm_read",
    "perm_write",
    "perm_create",
    "perm_unlink",
]
REQUIRED_MANIFEST_KEYS = (
    "name",
    "summary",
    "version",
    "category",
    "license",
    "author",
    "website",
    "depends",
)
ALLOWED_LICENSES = {
    "AGPL-3",
    "GPL-2",
    "GPL-2 or any later version",
    "GPL-3",
    "GPL-3 or any later version",
    "LGPL-3",
}
MANIFEST_DEFAULTS = {"installable": True, "auto_install": False, "application": False}
DATA_DIRS = ("data", "security", "views", "report", "wizards", "wizard", "demo")
ID_TAGS = {"record", "template", "menuitem", "report", "act_window", "asset"}
TEXT_SUFFIXES = {
    ".py",
    ".xml",
    ".csv",
    ".po",
    ".pot",
    ".md",
    ".rst",
    ".txt",
    ".js",
    ".scss",
    ".css",
    ".toml",
    ".cfg",
    ".sh",
    ".json",
    ".yml",
    ".yaml",
}
VERSION = re.compile(r"^19\.0\.\d+\.\d+\.\d+$")
NAMED_PLACEHOLDER = re.compile(r"%\((\w+)\)([-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa])")
ANY_PLACEHOLDER = re.compile(
    r"%(?:\(\w+\))?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa]"
)
PO_LINE = re.compile(
    r"^(?:\s*|#.*|(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+"
    r'"(?:[^"\\]|\\.)*"\s*|"(?:[^"\\]|\\.)*"\s*)$'
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

    def data_xml_files(self):
        return [
            p
            for p in self.addon_files(".xml")
            if p.relative_to(self.addon).parts[0] != "static"
        ]

    def parse_xml(self, path):
        try:
            return etree.parse(str(path))
        except etree.XMLSyntaxError as exc:
            self.report(path, exc.lineno, f"XML is not well-formed: {exc.msg}")
        except OSError as exc:
            self.report(path, None, f"XML cannot be read: {exc}")
        return None

    def normalize_id(self, xmlid):
        module, dot, name = xmlid.partition(".")
        return name if dot and module == self.addon_name else xmlid

    # --- XML ---------------------------------------------------------------

    def check_xml(self):
        """Well-formed XML everywhere; ids, fields and views in data files."""
        data_files = set(self.data_xml_files())
        seen = {}
        for path in self.addon_files(".xml"):
            tree = self.parse_xml(path)
            if tree is None or path not in data_files:
                continue
            self.check_xml_ids(path, tree, seen)
            self.check_views(path, tree)
        for path in self.addon_files(".csv"):
            for line, xmlid in self.csv_ids(path):
                self.record_id(seen, path, line, xmlid)

    def record_id(self, seen, path, line, xmlid):
        key = self.normalize_id(xmlid)
        if key in seen:
            first_path, first_line = seen[key]
            self.report(
                path,
                line,
                f"duplicate XML id '{xmlid}' (first defined at "
                f"{self.rel(first_path)}:{first_line})",
            )
        else:
            seen[key] = (path, line)

    @staticmethod
    def in_arch_or_template(element):
        for ancestor in element.iterancestors():
            if ancestor.tag == "template":
                return True
            if ancestor.tag == "field" and ancestor.get("type") in ("xml", "html"):
                return True
        return False

    def check_xml_ids(self, path, tree, seen):
        for element in tree.iter(*ID_TAGS):
            xmlid = element.get("id")
            if not xmlid or self.in_arch_or_template(element):
                continue
            if xmlid.startswith(self.addon_name + "."):
                self.report(
                    path,
                    element.sourceline,
                    f"redundant module name in id '{xmlid}'",
                )
            self.record_id(seen, path, element.sourceline, xmlid)
            if element.tag == "record":
                names = {}
                for field in element.findall("field"):
                    name = field.get("name")
                    if name in names:
                        self.report(
                            path,
                            field.sourceline,
                            f"field '{name}' set twice in record '{xmlid}'",
                        )
                    names[name] = True

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

    # --- CSV ---------------------------------------------------------------

    def read_csv(self, path):
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                return list(csv.reader(handle, strict=True))
        except (csv.Error, UnicodeDecodeError, OSError) as exc:
            self.report(path, None, f"CSV does not parse: {exc}")
            return None

    def csv_ids(self, path):
        rows = self.read_csv(path) or []
        if not rows or "id" not in rows[0]:
            return []
        column = rows[0].index("id")
        return [
            (lineno, row[column])
            for lineno, row in enumerate(rows[1:], start=2)
            if len(row) > column and row[column]
        ]

    def check_csv(self):
        for path in self.addon_files(".csv"):
            rows = self.read_csv(path)
            if rows is None:
                continue
            if not rows:
                self.report(path, None, "empty CSV file")
                continue
            header = rows[0]
            for lineno, row in enumerate(rows[1:], start=2):
                if len(row) != len(header):
                    self.report(
                        path,
                        lineno,
                        f"{len(row)} columns where the header has {len(header)}",
                    )
            if path.name == "ir.model.access.csv":
                self.check_access_csv(path, rows)

    def check_access_csv(self, path, rows):
        if rows[0] != ACCESS_HEADER:
            self.report(path, 1, f"header must be {','.join(ACCESS_HEADER)}")
            return
        for lineno, row in enumerate(rows[1:], start=2):
            if len(row) != len(ACCESS_HEADER):
                continue
            record = dict(zip(ACCESS_HEADER, row, strict=True))
            if not record["id"]:
                self.report(path, lineno, "access rule without id")
            if not record["model_id:id"]:
                self.report(path, lineno, "access rule without model_id:id")
            for perm in ACCESS_HEADER[4:]:
                if record[perm] not in ("0", "1"):
                    self.report(path, lineno, f"{perm} must be 0 or 1")

    # --- translations -------------------------------------------------------

    def check_po(self):
        i18n = self.addon / "i18n"
        if self.addon.is_dir():
            for required in (f"{self.addon_name}.pot", "fi.po"):
                if not (i18n / required).is_file():
                    self.report(i18n / required, None, "missing translation file")
        for path in self.addon_files(".po", ".pot"):
            if path.name == "en.po":
                self.report(path, None, "no en.po: English is the source language")
            try:
                catalog = polib.pofile(str(path), check_for_duplicates=True)
            except (OSError, ValueError) as exc:
                self.report(path, None, f"does not parse: {exc}")
                continue
            # polib forgives unquoted or unterminated strings; msgfmt does not
            text = path.read_text(encoding="utf-8", errors="replace")
            for lineno, line in enumerate(text.splitlines(), start=1):
                if not PO_LINE.match(line):
                    self.report(path, lineno, f"does not parse: {line[:60]!r}")
            if path.suffix == ".po" and path.stem in ("fi", "fi_FI"):
                self.check_translated(path, catalog)

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

    # --- manifest ------------------------------------------------------------

    def check_manifest(self):
        path = self.addon / "__manifest__.py"
        try:
            manifest = ast.literal_eval(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.report(path, None, "missing manifest")
            return
        except (SyntaxError, ValueError) as exc:
            self.report(path, None, f"manifest is not a literal dict: {exc}")
            return
        if not isinstance(manifest, dict):
            self.report(path, None, "manifest is not a dict")
            return
        for key in REQUIRED_MANIFEST_KEYS:
            if not manifest.get(key):
                self.report(path, None, f"manifest key '{key}' is missing or empty")
        version = manifest.get("version", "")
        if version and not VERSION.match(str(version)):
            self.report(path, None, f"version '{version}' is not 19.0.x.y.z")
        license_ = manifest.get("license")
        if license_ and license_ not in ALLOWED_LICENSES:
            self.report(path, None, f"license '{license_}' is not allowed")
        if "author" in manifest and not isinstance(manifest["author"], str):
            self.report(path, None, "author must be a string")
        if "\n" in str(manifest.get("summary", "")):
            self.report(path, None, "summary must be one line")
        if "description" in manifest:
            self.report(path, None, "no 'description' key: use readme/*.md")
        for key, default in MANIFEST_DEFAULTS.items():
            if key in manifest and manifest[key] == default:
                self.report(path, None, f"'{key}: {default}' is the default")
        for key in ("depends", "maintainers"):
            value = manifest.get(key, [])
            if not isinstance(value, list) or not all(
                isinstance(v, str) for v in value
            ):
                self.report(path, None, f"'{key}' must be a list of strings")
        self.check_manifest_files(path, manifest)
        self.check_manifest_assets(path, manifest.get("assets", {}))

    def check_manifest_files(self, path, manifest):
        listed = set()
        for key in ("data", "demo"):
            for rel in manifest.get(key, []):
                if rel in listed:
                    self.report(path, None, f"'{rel}' is listed twice")
                listed.add(rel)
                if not (self.addon / rel).is_file():
                    self.report(path, None, f"{key} file '{rel}' does not exist")
        for directory in DATA_DIRS:
            for file in sorted((self.addon / directory).glob("**/*")):
                if file.suffix in (".xml", ".csv") and file.is_file():
                    rel = file.relative_to(self.addon).as_posix()
                    if rel not in listed:
                        self.report(file, None, "file is not listed in the manifest")

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

    # --- project files ------------------------------------------------------

    def project_files(self):
        paths = [p for p in PROJECT_PATHS if (self.root / p).exists()]
        if not paths:
            return []
        try:
            out = subprocess.run(
                [
                    "git",
                    "ls-files",
                    "-z",
                    "--cached",
                    "--others",
                    "--exclude-standard",
                    "--",
                    *paths,
                ],
                cwd=self.root,
                capture_output=True,
                check=True,
            ).stdout.decode()
            files = [self.root / f for f in out.split("\0") if f]
        except (OSError, subprocess.CalledProcessError):
            files = []
            for p in paths:
                base = self.root / p
                files.extend([base] if base.is_file() else base.rglob("*"))
        return sorted(
            f
            for f in files
            if f.is_file() and not {"__pycache__", ".local", ".venv"} & set(f.parts)
        )

    def check_text_files(self):
        for path in self.project_files():
            is_text = path.suffix in TEXT_SUFFIXES or path.name in (
                ".pylintrc",
                ".gitignore",
            )
            head = path.read_bytes()[:2]
            executable = os.access(path, os.X_OK)
            if executable and head != b"#!":
                self.report(path, 1, "executable without a #! line")
            if head == b"#!" and not executable:
                self.report(path, 1, "has a #! line but is not executable")
            if not (is_text or head == b"#!"):
                continue
            self.check_text(path)

    def check_text(self, path):
        data = path.read_bytes()
        if not data:
            return
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.report(path, None, f"not UTF-8: {exc}")
            return
        if "\r" in text:
            self.report(path, None, "CR line endings: use LF")
        if not text.endswith("\n"):
            self.report(path, None, "no newline at end of file")
        elif text.endswith("\n\n"):
            self.report(path, None, "blank lines at end of file")
        for lineno, line in enumerate(text.split("\n"), start=1):
            if line != line.rstrip():
                self.report(path, lineno, "trailing whitespace")
            if line.startswith(("<<<<<<< ", ">>>>>>> ")) or line == "<<<<<<<":
                self.report(path, lineno, "merge conflict marker")

    # --- all ---------------------------------------------------------------

    def run(self):
        if not self.addon.is_dir():
            self.report(self.addon, None, "addon directory is missing")
        else:
            self.check_manifest()
            self.check_xml()
            self.check_python_views()
            self.check_csv()
            self.check_po()
        self.check_text_files()
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
    findings = Linter(root).run()
    for finding in findings:
        print(finding)
    if findings:
        print(f"lint_data: {len(findings)} finding(s)", file=sys.stderr)
        return 1
    print("lint_data: clean", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
