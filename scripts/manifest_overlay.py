"""Make a module's Odoo dependencies installable when the Odoo copy is flawed.

Some published copies of Odoo 19 list ``views/res_config_settings_views.xml``
in a manifest while the file is ``views/res_config_settings.xml`` (iap among
them, which mail pulls in through auto-install). Every Odoo addon whose
manifest names a missing data file that has such a twin gets a corrected copy
in an overlay folder that comes first in the addons path. The Odoo checkout
itself is never changed. A missing file without a twin in the module's own
dependency closure stops the set-up with a clear message.

Usage: manifest_overlay.py ODOO_SRC OVERLAY_DIR MODULE EXTRA_ADDONS_DIR
"""

import ast
import shutil
import sys
from pathlib import Path

DATA_KEYS = ("data", "demo")


def find_addon(name, roots):
    for root in roots:
        if (root / name / "__manifest__.py").is_file():
            return root / name
    return None


def manifest(path):
    return ast.literal_eval((path / "__manifest__.py").read_text(encoding="utf-8"))


def twin(addon_dir, rel):
    """The existing file a broken manifest entry meant, or None."""
    candidate = addon_dir / rel.replace("_views.xml", ".xml")
    return candidate if candidate != addon_dir / rel and candidate.is_file() else None


def closure(module, roots):
    seen, todo = {}, [module]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = find_addon(name, roots)
        if path is None:
            sys.exit(
                f"Odoo addon '{name}' (needed by {module}) was not found in {roots}"
            )
        seen[name] = path
        todo.extend(manifest(path).get("depends", ["base"] if name != "base" else []))
    return seen


def main(odoo_src, overlay, module, extra):
    odoo_src, overlay, extra = Path(odoo_src), Path(overlay), Path(extra)
    roots = [extra, odoo_src / "addons", odoo_src / "odoo" / "addons"]
    overlay.mkdir(parents=True, exist_ok=True)
    needed = closure(module, roots)
    addons = {
        p.parent.name: p.parent
        for root in reversed(roots[1:])
        for p in root.glob("*/__manifest__.py")
    }
    for name, path in sorted(addons.items()):
        data = manifest(path)
        fixes = {}
        for key in DATA_KEYS:
            for rel in data.get(key, []):
                if (path / rel).is_file():
                    continue
                fixed = twin(path, rel)
                if fixed is None:
                    if name in needed:
                        sys.exit(
                            f"Odoo addon '{name}' lists '{rel}', "
                            f"which does not exist in {path}"
                        )
                    continue
                fixes[rel] = str(fixed.relative_to(path))
        if fixes:
            text = (path / "__manifest__.py").read_text(encoding="utf-8")
            for wrong, right in fixes.items():
                text = text.replace(f"'{wrong}'", f"'{right}'").replace(
                    f'"{wrong}"', f'"{right}"'
                )
            target = overlay / name
            done = target / "__manifest__.py"
            if done.is_file() and done.read_text(encoding="utf-8") == text:
                continue  # already corrected by an earlier run
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(
                path, target, ignore=shutil.ignore_patterns("__manifest__.py")
            )
            done.write_text(text, encoding="utf-8")
            sys.stderr.write(f"overlay: {name}: {fixes}\n")


if __name__ == "__main__":
    main(*sys.argv[1:5])
