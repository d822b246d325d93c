"""The code map (docs/code-map.md) stays true: every file, model, method and
field it names in `code` exists in the addons.

Read statically (no Odoo needed): the addons' Python is parsed with ``ast``;
a model is a class with ``_name`` or ``_inherit``, its members the methods
and attributes its classes define, a file a path that exists in the
repository (relative to the root, to an addon or to an addon's folder).
"""

import ast
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ADDONS = ("kumppanuuspoyta", "kumppanuuspoyta_dashboard", "kumppanuuspoyta_ahjo")
CODE_MAP = ROOT / "docs" / "code-map.md"
# `kp.table`, `res.partner`, `calendar.attendee`, ...
MODEL = re.compile(
    r"^(?:kp|res|calendar|mail|ir|base|privacy|spreadsheet)(?:\.[a-z][a-z_]*)+$"
)
# `kp.table._today()`, `kp.meeting._transition_error(state)`
MODEL_MEMBER = re.compile(
    r"^(?P<model>[a-z][a-z_]*(?:\.[a-z][a-z_]*)+)\.(?P<member>_?[A-Za-z]\w*)(?:\(.*\))?$"
)
# `_current()`, `is_own`, `LOCKED_STATES`
NAME = re.compile(r"^(?P<name>_?[A-Za-z]\w*)(?:\(.*\))?$")
# Odoo's own words the map uses in passing (field attributes, ...)
ODOO_TERMS = {"group_expand", "precompute", "readonly", "_table_query", "_auto"}
FILE = re.compile(
    r"^[\w./*-]+\.(?:py|xml|csv|json|js|scss|md|cfg|toml|po|pot)$|^[\w.-]+/[\w./-]*$"
)


def _string_values(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.List | ast.Tuple):
        return [e.value for e in node.elts if isinstance(e, ast.Constant)]
    return []


def _class_models(node):
    """(model names, members) of a class of the addons."""
    members, model_names = set(), []
    for item in node.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
            members.add(item.name)
        elif isinstance(item, ast.Assign):
            for target in item.targets:
                if not isinstance(target, ast.Name):
                    continue
                members.add(target.id)
                if target.id == "_name":
                    model_names = _string_values(item.value)
                elif target.id == "_inherit" and not model_names:
                    model_names = _string_values(item.value)
    return model_names, members


def _index():
    """(models: {model: set of members}, names: every def, class attribute,
    module constant and XML id of the addons)."""
    models, names = {}, set()
    for addon in ADDONS:
        for path in (ROOT / addon).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    names.add(node.name)
                elif isinstance(node, ast.Assign):
                    names.update(t.id for t in node.targets if isinstance(t, ast.Name))
                elif isinstance(node, ast.ClassDef):
                    model_names, members = _class_models(node)
                    for model in model_names:
                        models.setdefault(model, set()).update(members)
        for path in (ROOT / addon).rglob("*.xml"):
            text = path.read_text(encoding="utf-8")
            names.update(re.findall(r'\bid="([\w.]+)"', text))
    return models, names


def _references():
    text = CODE_MAP.read_text(encoding="utf-8")
    # code spans only, not fenced blocks (the layout tree is checked apart)
    text = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
    return sorted(set(re.findall(r"`([^`\n]+)`", text)))


def _file_exists(ref):
    ref = ref.rstrip("/")
    if "*" in ref:
        return (
            any(ROOT.glob(ref))
            or any((ROOT / addon).glob(ref) for addon in ADDONS)
            or any(ROOT.glob(f"*/**/{ref}"))
        )
    candidates = [ROOT / ref] + [ROOT / addon / ref for addon in ADDONS]
    # Odoo's own files the map points at as the model to follow
    candidates += [Path(os.environ.get("ODOO_SRC", "/opt/odoo19")) / "addons" / ref]
    if any(c.exists() for c in candidates):
        return True
    # a file named with its folder left out (`kp_meeting_agenda.py` beside
    # `models/kp_meeting.py`)
    return any(ROOT.glob(f"*/**/{ref}"))


def test_code_map_exists_and_names_things():
    assert CODE_MAP.exists(), "docs/code-map.md is missing"
    assert len(_references()) > 30


def test_every_name_in_the_code_map_exists():
    models, names = _index()
    missing = []
    for ref in _references():
        if " " in ref or ref.startswith(("[", "/", "(", "'", '"')):
            continue  # a domain, a route, an expression: prose, not a name
        member = MODEL_MEMBER.match(ref)
        if member and member["model"] in models and ref not in models:
            if member["member"] not in models[member["model"]]:
                missing.append(f"{member['model']} has no {member['member']}")
            continue
        if MODEL.match(ref):
            if ref not in models:
                missing.append(f"model {ref}")
            continue
        if FILE.match(ref):
            if not _file_exists(ref):
                missing.append(f"file {ref}")
            continue
        name = NAME.match(ref)
        if (
            name
            and "_" in name["name"]
            and name["name"] not in names
            and name["name"] not in ODOO_TERMS
        ):
            missing.append(f"name {ref}")
    assert not missing, "docs/code-map.md names what does not exist:\n" + "\n".join(
        missing
    )


def test_layout_names_existing_folders():
    text = CODE_MAP.read_text(encoding="utf-8")
    blocks = re.findall(r"^```text\n(.*?)^```", text, flags=re.M | re.S)
    assert blocks, "docs/code-map.md has no layout block"
    missing = []
    addon = None
    for line in blocks[0].splitlines():
        if not line.strip():
            continue
        first = line.split()[0]
        if not line.startswith(" "):
            addon = first.rstrip("/") if first.endswith("/") else None
            paths = [first]
        else:
            paths = [
                w for w in line.split("  ")[0].split() if w.endswith("/") or "." in w
            ]
        for path in paths:
            path = path.rstrip("/")
            if path in ("", "..."):
                continue
            where = [ROOT / path] + ([ROOT / addon / path] if addon else [])
            where += [ROOT / "scripts" / path]
            if not any(p.exists() or list(p.parent.glob(p.name)) for p in where):
                missing.append(path)
    assert not missing, f"the layout names what does not exist: {missing}"


@pytest.mark.parametrize("ref", ["kp.table", "kp.participant._current()"])
def test_the_checker_knows_the_models(ref):
    """The checker itself: a real model and method are found, a made-up
    one is not (so the test above can fail)."""
    models, _names = _index()
    member = MODEL_MEMBER.match(ref)
    if member:
        assert member["member"] in models[member["model"]]
        assert "_no_such_method" not in models[member["model"]]
    else:
        assert ref in models
        assert "kp.no.such.model" not in models
