"""The addon's README.rst and static/description/index.html (what Odoo's Apps
screen shows) are generated from readme/*.md by scripts/gen_readme.py, and
the committed files are what it generates now."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ADDON = ROOT / "kumppanuuspoyta"
SCRIPT = ROOT / "scripts" / "gen_readme.py"
GENERATED = ("README.rst", "static/description/index.html")
# every capability the addon has, as DESCRIPTION.md must name it
CAPABILITIES = (
    "Tables",
    "Participants",
    "sector",
    "sector map",
    "calendar",
    "Agendas set together",
    "Minutes",
    "agreements",
    "commitments",
    "Reminders",
    "portal",
)


def load_gen_readme():
    spec = importlib.util.spec_from_file_location("kp_gen_readme", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generate(addon_dir, out):
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--output-dir", str(out), str(addon_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result


@pytest.mark.parametrize(
    "addon",
    [ADDON, ROOT / "kumppanuuspoyta_dashboard", ROOT / "kumppanuuspoyta_ahjo"],
)
def test_generated_files_are_in_sync(addon, tmp_path):
    result = generate(addon, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    for rel in GENERATED:
        committed = (addon / rel).read_text(encoding="utf-8")
        fresh = (tmp_path / rel).read_text(encoding="utf-8")
        assert committed == fresh, (
            f"{addon.name}/{rel} is not what readme/ gives: "
            f"run scripts/gen_readme.py {addon.name} and commit"
        )


@pytest.mark.parametrize(
    "fragment", ["DESCRIPTION", "CONFIGURE", "USAGE", "CONTRIBUTORS", "ROADMAP"]
)
def test_fragment_exists(fragment):
    path = ADDON / "readme" / f"{fragment}.md"
    assert path.is_file() and path.read_text(encoding="utf-8").strip(), path


def test_description_names_every_capability():
    text = (ADDON / "readme" / "DESCRIPTION.md").read_text(encoding="utf-8")
    missing = [c for c in CAPABILITIES if c.lower() not in text.lower()]
    assert not missing, f"readme/DESCRIPTION.md does not mention {missing}"


def test_apps_screen_shows_the_description():
    html = (ADDON / "static" / "description" / "index.html").read_text("utf-8")
    for needle in (
        "Meetings on Odoo",
        "Portal for external participants",
        "Replies by e-mail",
        "Configuration",
        "Usage",
    ):
        assert needle in html


def test_a_change_of_a_fragment_shows(tmp_path):
    gen_readme = load_gen_readme()
    addon = tmp_path / "addon"
    (addon / "readme").mkdir(parents=True)
    (addon / "__manifest__.py").write_text(
        (ADDON / "__manifest__.py").read_text("utf-8"), encoding="utf-8"
    )
    (addon / "readme" / "DESCRIPTION.md").write_text(
        "See `/my` and [Odoo](https://www.odoo.com).\n", encoding="utf-8"
    )
    rst = gen_readme.readme_rst(addon)
    assert "See ``/my`` and `Odoo <https://www.odoo.com>`_." in rst
    assert "* Kumppanuuspoyta contributors" in rst


def test_invalid_markup_fails(tmp_path):
    addon = tmp_path / "kumppanuuspoyta"
    (addon / "readme").mkdir(parents=True)
    (addon / "__manifest__.py").write_text(
        (ADDON / "__manifest__.py").read_text("utf-8"), encoding="utf-8"
    )
    # a list glued to its paragraph: docutils warns, the generator refuses
    (addon / "readme" / "DESCRIPTION.md").write_text(
        "A paragraph\n  indented wrongly\n- and a list\n", encoding="utf-8"
    )
    result = generate(addon, tmp_path / "out")
    assert result.returncode != 0
    assert "not valid reStructuredText" in result.stdout + result.stderr
