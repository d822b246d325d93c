"""scripts/lint passes on the project, and each of its checks can fail.

The unit tests give scripts/lint_data.py a small valid addon and then break
it one way at a time: every check must report its own kind of mistake, so
the lint cannot pass silently. One end-to-end test runs scripts/lint itself
on a scratch project, clean and then with a bad line.
"""

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ADDON = "kumppanuuspoyta"


def load_lint_data():
    spec = importlib.util.spec_from_file_location(
        "kp_lint_data", ROOT / "scripts" / "lint_data.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


lint_data = load_lint_data()


def tool_env():
    """The environment for scripts/lint: this Python's tools come first."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]])
    return env


def run_lint(root):
    return subprocess.run(
        ["bash", str(root / "scripts" / "lint")],
        cwd=root,
        env=tool_env(),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_lint_passes_on_the_project():
    result = run_lint(ROOT)
    output = result.stdout + result.stderr
    print(output)
    assert result.returncode == 0, f"scripts/lint failed:\n{output}"
    assert "Lint passed." in result.stdout


# --- a small valid addon ------------------------------------------------------

MANIFEST = """\
{
    "name": "Scratch",
    "summary": "A scratch addon for the lint tests",
    "version": "19.0.1.0.0",
    "category": "Productivity",
    "website": "https://example.com/scratch",
    "author": "Kumppanuuspöytä contributors",
    "maintainers": ["kumppanuuspoyta"],
    "license": "LGPL-3",
    "depends": ["mail"],
    "data": [
        "security/ir.model.access.csv",
        "views/kp_thing_views.xml",
    ],
    "demo": ["demo/kp_thing_demo.xml"],
    "assets": {
        "web.assets_backend": ["kumppanuuspoyta/static/src/**/*.scss"],
    },
}
"""

ACCESS = """\
id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink
access_kp_thing_user,kp.thing user,model_kp_thing,base.group_user,1,1,1,0
"""

VIEWS = """\
<?xml version="1.0" encoding="utf-8" ?>
<odoo>
    <record id="kp_thing_view_list" model="ir.ui.view">
        <field name="name">kp.thing.list</field>
        <field name="model">kp.thing</field>
        <field name="arch" type="xml">
            <list>
                <field name="name" />
                <field name="state" invisible="state == 'done'" />
            </list>
        </field>
    </record>
    <record id="kp_thing_action" model="ir.actions.act_window">
        <field name="name">Things</field>
        <field name="res_model">kp.thing</field>
        <field name="view_mode">list,form</field>
    </record>
    <menuitem id="kp_thing_menu" name="Things" action="kp_thing_action" />
</odoo>
"""

DEMO = """\
<?xml version="1.0" encoding="utf-8" ?>
<odoo>
    <record id="kp_thing_demo_1" model="kp.thing">
        <field name="name">Kahvia ja kohtaamisia</field>
    </record>
</odoo>
"""

MODEL = """\
from odoo import fields, models


class KpThing(models.Model):
    _name = "kp.thing"
    _description = "Thing"

    name = fields.Char(required=True)

    def action_open(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "kp.thing",
            "view_mode": "list,form",
        }
"""

POT = """\
# Translation of Odoo Server.
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#. module: kumppanuuspoyta
#: model:ir.actions.act_window,name:kumppanuuspoyta.kp_thing_action
msgid "Things"
msgstr ""

#. module: kumppanuuspoyta
#. odoo-python
#: code:addons/kumppanuuspoyta/models/kp_thing.py:0
msgid "%(table)s needs a %(role)s."
msgstr ""

#. module: kumppanuuspoyta
#. odoo-python
#: code:addons/kumppanuuspoyta/models/kp_thing.py:0
#, python-format
msgid "%s of %d seats, 100%% sure"
msgstr ""

#. module: kumppanuuspoyta
#: model:mail.template,subject:kumppanuuspoyta.mail_template_agenda
msgid "Agenda: {{ object.name }}"
msgstr ""
"""

FI_PO = """\
# Finnish translation of kumppanuuspoyta.
msgid ""
msgstr ""
"Language: fi\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#. module: kumppanuuspoyta
#: model:ir.actions.act_window,name:kumppanuuspoyta.kp_thing_action
msgid "Things"
msgstr "Asiat"

#. module: kumppanuuspoyta
#. odoo-python
#: code:addons/kumppanuuspoyta/models/kp_thing.py:0
msgid "%(table)s needs a %(role)s."
msgstr "%(table)s tarvitsee roolin %(role)s."

#. module: kumppanuuspoyta
#. odoo-python
#: code:addons/kumppanuuspoyta/models/kp_thing.py:0
#, python-format
msgid "%s of %d seats, 100%% sure"
msgstr "%s / %d paikkaa, 100 %% varma"

#. module: kumppanuuspoyta
#: model:mail.template,subject:kumppanuuspoyta.mail_template_agenda
msgid "Agenda: {{ object.name }}"
msgstr "Esityslista: {{ object.name }}"
"""

FILES = {
    "__init__.py": "from . import models\n",
    "__manifest__.py": MANIFEST,
    "README.rst": "Scratch\n=======\n\nA scratch addon.\n",
    "models/__init__.py": "from . import kp_thing\n",
    "models/kp_thing.py": MODEL,
    "security/ir.model.access.csv": ACCESS,
    "views/kp_thing_views.xml": VIEWS,
    "demo/kp_thing_demo.xml": DEMO,
    "i18n/kumppanuuspoyta.pot": POT,
    "i18n/fi.po": FI_PO,
    "static/src/scss/kp_thing.scss": ".o_kp_thing {\n    color: red;\n}\n",
    "static/src/xml/kp_thing.xml": '<templates><t t-name="x"><div id="a"/></t>'
    "</templates>\n",
}


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    for rel, content in FILES.items():
        path = root / ADDON / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


def findings(root):
    return lint_data.Linter(root).run()


def write(root, rel, content):
    path = root / ADDON / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def replace(root, rel, old, new):
    path = root / ADDON / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_valid_sample_is_clean(project):
    assert findings(project) == []


def _second_view_file(root):
    write(root, "views/kp_other_views.xml", DEMO.replace("kp_thing_demo_1", "kp_x"))
    replace(
        root,
        "__manifest__.py",
        '"views/kp_thing_views.xml",',
        '"views/kp_thing_views.xml",\n        "views/kp_other_views.xml",',
    )


BREAKAGES = {
    "xml not well-formed": (
        lambda r: replace(r, "views/kp_thing_views.xml", "</list>", "</lst>"),
        "XML is not well-formed",
    ),
    "static xml not well-formed": (
        lambda r: write(r, "static/src/xml/kp_thing.xml", "<templates><t>\n"),
        "static/src/xml/kp_thing.xml:2: XML is not well-formed",
    ),
    "duplicate xml id across files": (
        lambda r: replace(
            r, "demo/kp_thing_demo.xml", "kp_thing_demo_1", "kp_thing_menu"
        ),
        "duplicate XML id 'kp_thing_menu'",
    ),
    "duplicate xml id with module prefix": (
        lambda r: replace(
            r,
            "demo/kp_thing_demo.xml",
            'id="kp_thing_demo_1"',
            'id="kumppanuuspoyta.kp_thing_action"',
        ),
        "duplicate XML id 'kp_thing_action'",
    ),
    "redundant module name": (
        lambda r: replace(
            r,
            "demo/kp_thing_demo.xml",
            'id="kp_thing_demo_1"',
            'id="kumppanuuspoyta.kp_thing_demo_1"',
        ),
        "redundant module name",
    ),
    "duplicate id between csv and xml": (
        lambda r: replace(
            r, "demo/kp_thing_demo.xml", "kp_thing_demo_1", "access_kp_thing_user"
        ),
        "duplicate XML id 'access_kp_thing_user'",
    ),
    "field set twice": (
        lambda r: replace(
            r,
            "demo/kp_thing_demo.xml",
            "</record>",
            '    <field name="name">Toinen</field>\n    </record>',
        ),
        "field 'name' set twice",
    ),
    "tree view": (
        lambda r: (
            replace(r, "views/kp_thing_views.xml", "<list>", "<tree>")
            or replace(r, "views/kp_thing_views.xml", "</list>", "</tree>")
        ),
        "<tree> is gone",
    ),
    "attrs": (
        lambda r: replace(
            r,
            "views/kp_thing_views.xml",
            "invisible=\"state == 'done'\"",
            "attrs=\"{'invisible': [('state', '=', 'done')]}\"",
        ),
        "attrs= is gone",
    ),
    "states": (
        lambda r: replace(
            r,
            "views/kp_thing_views.xml",
            "invisible=\"state == 'done'\"",
            'states="draft"',
        ),
        "states= is gone",
    ),
    "tree view mode in xml": (
        lambda r: replace(r, "views/kp_thing_views.xml", "list,form", "tree,form"),
        "view mode 'tree'",
    ),
    "tree view mode in python": (
        lambda r: replace(r, "models/kp_thing.py", '"list,form"', '"tree,form"'),
        "models/kp_thing.py:14: view type 'tree'",
    ),
    "kanban-box": (
        lambda r: replace(
            r,
            "views/kp_thing_views.xml",
            "<list>",
            '<list><templates><t t-name="kanban-box"/></templates>',
        ),
        "kanban-box is gone",
    ),
    "access csv header": (
        lambda r: replace(
            r, "security/ir.model.access.csv", "perm_unlink", "perm_delete"
        ),
        "header must be id,name,model_id:id,group_id:id,perm_read",
    ),
    "access csv duplicate id": (
        lambda r: write(
            r, "security/ir.model.access.csv", ACCESS + ACCESS.split("\n")[1] + "\n"
        ),
        "ir.model.access.csv:3: duplicate XML id 'access_kp_thing_user'",
    ),
    "access csv permission": (
        lambda r: replace(r, "security/ir.model.access.csv", ",1,1,1,0", ",1,1,2,0"),
        "perm_create must be 0 or 1",
    ),
    "csv row width": (
        lambda r: replace(r, "security/ir.model.access.csv", ",1,1,1,0", ",1,1,1"),
        "7 columns where the header has 8",
    ),
    "csv does not parse": (
        lambda r: replace(
            r, "security/ir.model.access.csv", "kp.thing user", '"kp.thing" user'
        ),
        "CSV does not parse",
    ),
    "po syntax error": (
        lambda r: replace(r, "i18n/fi.po", 'msgstr "Asiat"', 'msgstr "Asiat'),
        "fi.po:10: does not parse",
    ),
    "pot syntax error": (
        lambda r: replace(
            r, "i18n/kumppanuuspoyta.pot", 'msgid "Things"', "msgid Things"
        ),
        "kumppanuuspoyta.pot:8: does not parse",
    ),
    "po duplicate entry": (
        lambda r: write(
            r,
            "i18n/fi.po",
            FI_PO + '\nmsgid "Things"\nmsgstr "Asiat taas"\n',
        ),
        "already exists",
    ),
    "untranslated": (
        lambda r: replace(r, "i18n/fi.po", 'msgstr "Asiat"', 'msgstr ""'),
        "untranslated msgid 'Things'",
    ),
    "fuzzy": (
        lambda r: replace(
            r, "i18n/fi.po", "#: model:ir.actions", "#, fuzzy\n#: model:ir.actions"
        ),
        "fuzzy translation of msgid 'Things'",
    ),
    "named placeholder changed": (
        lambda r: replace(r, "i18n/fi.po", "roolin %(role)s", "roolin %(rooli)s"),
        "placeholders ['%(rooli)s', '%(table)s'] instead of ['%(role)s', '%(table)s']",
    ),
    "named placeholder dropped": (
        lambda r: replace(r, "i18n/fi.po", " tarvitsee roolin %(role)s.", "."),
        "placeholders",
    ),
    "positional placeholder changed": (
        lambda r: replace(r, "i18n/fi.po", "%s / %d paikkaa", "%d / %s paikkaa"),
        "format ['%d', '%s'] instead of ['%s', '%d']",
    ),
    "template expression changed": (
        lambda r: replace(r, "i18n/fi.po", "Esityslista: {{ object.name }}", "Lista"),
        "template expressions",
    ),
    "en.po": (
        lambda r: write(r, "i18n/en.po", FI_PO),
        "no en.po",
    ),
    "missing fi.po": (
        lambda r: (r / ADDON / "i18n" / "fi.po").unlink(),
        "i18n/fi.po: missing translation file",
    ),
    "missing pot": (
        lambda r: (r / ADDON / "i18n" / "kumppanuuspoyta.pot").unlink(),
        "i18n/kumppanuuspoyta.pot: missing translation file",
    ),
    "manifest version": (
        lambda r: replace(r, "__manifest__.py", "19.0.1.0.0", "18.0.1.0.0"),
        "version '18.0.1.0.0' is not 19.0.x.y.z",
    ),
    "manifest short version": (
        lambda r: replace(r, "__manifest__.py", "19.0.1.0.0", "1.0"),
        "version '1.0' is not 19.0.x.y.z",
    ),
    "manifest license": (
        lambda r: replace(r, "__manifest__.py", "LGPL-3", "Proprietary"),
        "license 'Proprietary' is not allowed",
    ),
    "manifest author": (
        lambda r: replace(r, "__manifest__.py", '"author"', '"authors"'),
        "manifest key 'author' is missing",
    ),
    "manifest author not a string": (
        lambda r: replace(
            r,
            "__manifest__.py",
            '"Kumppanuuspöytä contributors"',
            '["Kumppanuuspöytä contributors"]',
        ),
        "author must be a string",
    ),
    "manifest description": (
        lambda r: replace(
            r, "__manifest__.py", '"depends"', '"description": "x",\n    "depends"'
        ),
        "no 'description' key",
    ),
    "manifest default key": (
        lambda r: replace(
            r, "__manifest__.py", '"depends"', '"installable": True,\n    "depends"'
        ),
        "'installable: True' is the default",
    ),
    "manifest not literal": (
        lambda r: replace(r, "__manifest__.py", '"LGPL-3"', 'str("LGPL-3")'),
        "manifest is not a literal dict",
    ),
    "manifest data file missing": (
        lambda r: (r / ADDON / "views" / "kp_thing_views.xml").unlink(),
        "data file 'views/kp_thing_views.xml' does not exist",
    ),
    "manifest demo file missing": (
        lambda r: (r / ADDON / "demo" / "kp_thing_demo.xml").unlink(),
        "demo file 'demo/kp_thing_demo.xml' does not exist",
    ),
    "manifest lists a file twice": (
        lambda r: replace(
            r,
            "__manifest__.py",
            '"demo": ["demo/kp_thing_demo.xml"]',
            '"demo": ["demo/kp_thing_demo.xml", "demo/kp_thing_demo.xml"]',
        ),
        "'demo/kp_thing_demo.xml' is listed twice",
    ),
    "data file not listed": (
        lambda r: write(r, "views/kp_unused_views.xml", "<odoo/>\n"),
        "views/kp_unused_views.xml: file is not listed in the manifest",
    ),
    "asset matches nothing": (
        lambda r: replace(r, "__manifest__.py", "src/**/*.scss", "src/**/*.js"),
        "asset 'kumppanuuspoyta/static/src/**/*.js' (web.assets_backend) matches no",
    ),
    "trailing whitespace": (
        lambda r: replace(r, "models/kp_thing.py", 'Thing"\n', 'Thing" \n'),
        "models/kp_thing.py:6: trailing whitespace",
    ),
    "no final newline": (
        lambda r: write(r, "models/__init__.py", "from . import kp_thing"),
        "models/__init__.py: no newline at end of file",
    ),
    "crlf": (
        lambda r: write(r, "models/__init__.py", "from . import kp_thing\r\n"),
        "CR line endings",
    ),
    "merge conflict marker": (
        lambda r: replace(r, "__manifest__.py", "{\n", "{\n<<<<<<< HEAD\n"),
        "__manifest__.py:2: merge conflict marker",
    ),
    "executable without shebang": (
        lambda r: (r / ADDON / "models" / "kp_thing.py").chmod(0o755),
        "executable without a #! line",
    ),
    "shebang without executable bit": (
        lambda r: write(r, "models/tool.py", "#!/usr/bin/env python3\n"),
        "has a #! line but is not executable",
    ),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_each_check_catches_its_mistake(project, name):
    breakage, expected = BREAKAGES[name]
    breakage(project)
    found = findings(project)
    assert any(expected in finding for finding in found), (
        f"{name}: expected a finding containing {expected!r}, got {found}"
    )


def test_cli_exit_status(project):
    script = ROOT / "scripts" / "lint_data.py"

    def run():
        return subprocess.run(
            [sys.executable, str(script), str(project)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    clean = run()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    replace(project, "views/kp_thing_views.xml", "list,form", "tree,form")
    broken = run()
    assert broken.returncode == 1
    assert "view mode 'tree'" in broken.stdout


def test_placeholder_mismatch_accepts_reordered_named_placeholders():
    check = lint_data.placeholder_mismatch
    assert check("%(a)s and %(b)s", "%(b)s ja %(a)s", True) is None
    assert check("100%", "100 %", False) is None
    assert check("%s of %s", "%s / %s", True) is None
    assert check("%s of %s", "%s", True)
    assert check("%(a)s", "%(a)d", False)


def test_scripts_lint_end_to_end(project, tmp_path):
    """scripts/lint itself, copied next to a scratch addon: clean, then not."""
    for rel in ("scripts/lint", "scripts/lint_data.py", "ruff.toml", ".pylintrc"):
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, project / rel)
    (project / "tests").mkdir()
    (project / "tests" / "test_nothing.py").write_text(
        "def test_nothing():\n    assert True\n", encoding="utf-8"
    )
    (project / "conftest.py").write_text('"""Scratch."""\n', encoding="utf-8")

    clean = run_lint(project)
    assert clean.returncode == 0, clean.stdout + clean.stderr

    write(project, "models/kp_bad.py", "import os\n\n\ndef f(x = 1):\n    print(x)\n")
    replace(project, "models/__init__.py", "kp_thing\n", "kp_thing, kp_bad\n")
    broken = run_lint(project)
    output = broken.stdout + broken.stderr
    assert broken.returncode == 1, output
    assert "F401" in output  # ruff check: unused import
    assert "Would reformat" in output or "would be reformatted" in output
    assert "print-used" in output  # pylint-odoo
    assert "Lint FAILED: ruff check ruff format --check pylint-odoo" in output
