"""The shape of the addons' production code (issue #19): no file over 450
lines, one model per file, an _inherit of a core model in a file named after
it. Read statically, without Odoo."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ADDONS = ("kumppanuuspoyta", "kumppanuuspoyta_dashboard", "kumppanuuspoyta_ahjo")
MAX_LINES = 450


def production_files():
    for addon in ADDONS:
        for path in sorted((ROOT / addon).rglob("*.py")):
            if "tests" not in path.relative_to(ROOT / addon).parts:
                yield path


def models_of(path):
    """The models each class of the file defines or extends: (class, name,
    defines) with defines True for _name, False for a plain _inherit."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        values = {}
        for item in node.body:
            if isinstance(item, ast.Assign) and len(item.targets) == 1:
                target = item.targets[0]
                if isinstance(target, ast.Name) and target.id in ("_name", "_inherit"):
                    values[target.id] = item.value
        if "_name" in values and isinstance(values["_name"], ast.Constant):
            found.append((node.name, values["_name"].value, True))
        elif "_inherit" in values and isinstance(values["_inherit"], ast.Constant):
            found.append((node.name, values["_inherit"].value, False))
    return found


@pytest.mark.parametrize(
    "path", list(production_files()), ids=lambda p: str(p.relative_to(ROOT))
)
def test_no_file_over_450_lines(path):
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines"


def test_one_model_per_file():
    crowded = {}
    for path in production_files():
        models = {name for _cls, name, _defines in models_of(path)}
        if len(models) > 1:
            crowded[str(path.relative_to(ROOT))] = sorted(models)
    assert not crowded, f"files with more than one model: {crowded}"


def test_core_models_extended_in_files_named_after_them():
    """``_inherit = "res.partner"`` lives in res_partner.py (or a file that
    starts with its name and says its concern, res_partner_*.py)."""
    misplaced = []
    for path in production_files():
        for _cls, name, defines in models_of(path):
            if defines or name.startswith("kp."):
                continue
            expected = name.replace(".", "_")
            if not path.stem.startswith(expected):
                misplaced.append(f"{path.relative_to(ROOT)}: {name}")
    assert not misplaced, misplaced


def test_the_checks_see_the_models():
    """The checks above read real files: the table is found as a model."""
    table = ROOT / "kumppanuuspoyta" / "models" / "kp_table.py"
    assert ("KpTable", "kp.table", True) in models_of(table)


def test_base_classes_of_tests_live_outside_test_modules():
    """A class other tests build on lives in tests/common.py or a module of
    its own (event/tests/common.py), not inside a test module: a test module
    imported for its base class runs its tests twice under pytest."""
    misplaced = []
    for addon in ADDONS:
        folder = ROOT / addon / "tests"
        defined, bases = {}, set()
        for path in folder.glob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef):
                    defined.setdefault(node.name, path.name)
                    bases.update(b.id for b in node.bases if isinstance(b, ast.Name))
        misplaced += [
            f"{addon}/tests/{module}: {name}"
            for name, module in defined.items()
            if name in bases and module.startswith("test_")
        ]
    assert not misplaced, misplaced


def test_odoos_runner_imports_every_test_module():
    """Odoo's runner runs only the test modules tests/__init__.py imports
    (pytest finds the files): a module left out there is tested by one of
    the two runners only."""
    missing = []
    for addon in ADDONS:
        folder = ROOT / addon / "tests"
        tree = ast.parse((folder / "__init__.py").read_text(encoding="utf-8"))
        imported = {
            alias.name
            for node in tree.body
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        missing += [
            f"{addon}/tests/{path.name}"
            for path in sorted(folder.glob("test_*.py"))
            if path.stem not in imported
        ]
    assert not missing, missing
