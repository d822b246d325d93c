"""scripts/lint passes on the project, and each of its checks can fail.

The unit tests give scripts/lint_data.py (the project's own policy checks) a
small valid addon and then break it one way at a time: every check must
report its own kind of mistake, so the lint cannot pass silently. One
end-to-end test runs scripts/lint itself (OCA's gates through pre-commit,
then lint_data.py) on a scratch git project, clean and then with mistakes
each gate must catch.
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
LINT_CONFIG = (
    "scripts/lint",
    "scripts/lint_data.py",
    ".pre-commit-config.yaml",
    ".pylintrc",
    ".pylintrc-mandatory",
    ".prettierrc.cjs",
    ".editorconfig",
    "eslint.config.cjs",
    "ruff.toml",
)


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
    sys.stdout.write(output)
    assert result.returncode == 0, f"scripts/lint failed:\n{output}"
    assert "Lint passed." in result.stdout
    for gate in (
        "Checks for Odoo modules",  # oca-checks-odoo-module
        "Checks for .po[t] files",  # oca-checks-po
        "prettier (with plugin-xml)",
        "eslint",
        "pylint with mandatory checks",
        "ruff-format",
    ):
        assert f"{gate}..." in output, f"pre-commit did not run {gate}"


# --- a small valid addon ------------------------------------------------------

MANIFEST = """\
{
    "name": "Scratch",
    "summary": "A scratch addon for the lint tests",
    "version": "19.0.1.0.0",
    "category": "Productivity",
    "website": "https://example.com/scratch",
    "author": "Kumppanuuspoyta contributors",
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
<?xml version="1.0" encoding="UTF-8" ?>
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
<?xml version="1.0" encoding="UTF-8" ?>
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

SV_PO = """\
# Swedish translation of kumppanuuspoyta.
msgid ""
msgstr ""
"Language: sv\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#. module: kumppanuuspoyta
#: model:ir.actions.act_window,name:kumppanuuspoyta.kp_thing_action
msgid "Things"
msgstr "Saker"

#. module: kumppanuuspoyta
#. odoo-python
#: code:addons/kumppanuuspoyta/models/kp_thing.py:0
msgid "%(table)s needs a %(role)s."
msgstr "%(table)s behöver en %(role)s."

#. module: kumppanuuspoyta
#. odoo-python
#: code:addons/kumppanuuspoyta/models/kp_thing.py:0
#, python-format
msgid "%s of %d seats, 100%% sure"
msgstr "%s av %d platser, 100 %% säkert"

#. module: kumppanuuspoyta
#: model:mail.template,subject:kumppanuuspoyta.mail_template_agenda
msgid "Agenda: {{ object.name }}"
msgstr "Föredragningslista: {{ object.name }}"
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
    "i18n/sv.po": SV_PO,
    "static/src/scss/kp_thing.scss": ".o_kp_thing {\n    color: red;\n}\n",
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


BREAKAGES = {
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
    "missing fi.po": (
        lambda r: (r / ADDON / "i18n" / "fi.po").unlink(),
        "i18n/fi.po: missing translation file",
    ),
    "missing pot": (
        lambda r: (r / ADDON / "i18n" / "kumppanuuspoyta.pot").unlink(),
        "i18n/kumppanuuspoyta.pot: missing translation file",
    ),
    "asset matches nothing": (
        lambda r: replace(r, "__manifest__.py", "src/**/*.scss", "src/**/*.js"),
        "asset 'kumppanuuspoyta/static/src/**/*.js' (web.assets_backend) matches no",
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


def git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_scripts_lint_end_to_end(project):
    """scripts/lint itself, copied next to a scratch addon in a git
    repository: clean, then with a mistake for each gate."""
    for rel in LINT_CONFIG:
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, project / rel)
    (project / "tests").mkdir()
    (project / "tests" / "test_nothing.py").write_text(
        '"""Scratch."""\n\n\ndef test_nothing():\n    assert True\n', encoding="utf-8"
    )
    git(project, "init", "-q")
    git(project, "add", "-A")

    clean = run_lint(project)
    assert clean.returncode == 0, clean.stdout + clean.stderr

    write(project, "models/kp_bad.py", "import os\n\n\ndef f(x = 1):\n    print(x)\n")
    replace(project, "models/__init__.py", "kp_thing\n", "kp_thing, kp_bad\n")
    replace(project, "views/kp_thing_views.xml", "<list>", "<list >  ")
    replace(
        project,
        "demo/kp_thing_demo.xml",
        "</field>",
        '</field>\n        <field name="sequence">10</field>',
    )
    replace(project, "security/ir.model.access.csv", "perm_unlink", "perm_unlink  ")
    replace(project, "i18n/fi.po", 'msgstr "Asiat"', 'msgstr ""')
    git(project, "add", "-A")
    broken = run_lint(project)
    output = broken.stdout + broken.stderr
    assert broken.returncode == 1, output
    for hook in (
        "ruff",  # F401: unused import
        "ruff-format",
        "pylint_odoo-mandatory",
        "oca-checks-odoo-module",
        "prettier",
        "trailing-whitespace",
    ):
        assert f"- hook id: {hook}\n" in output, f"{hook} did not fail:\n{output}"
    # ruff fixed the unused import (F401) and said so
    assert "1 fixed" in output
    assert "import os" not in (project / ADDON / "models" / "kp_bad.py").read_text()
    assert "print-used" in output
    assert "xml-field-numeric-without-eval" in output
    assert "untranslated msgid 'Things'" in output  # lint_data.py
    assert "Lint FAILED: pre-commit lint_data.py" in output
