"""Install an Odoo source tree into the running Python environment the way
`pip install --no-deps -e ODOO_SRC` does, for copies of Odoo that setuptools
cannot build (published archives without the setup/odoo script their
setup.py names). Writes what an editable install consists of: a .pth file
naming a folder whose only entry is a link to the source's odoo package, so
`import odoo` finds it (and nothing else of the source tree, as setuptools'
editable finder maps only the package), and an `odoo` dist-info with
the version of odoo/release.py, so pip sees odoo 19.0 installed (the addon
wheel's dependency odoo==19.0.*) and `pip uninstall odoo` removes both.

Usage: python odoo_editable.py ODOO_SRC   (with the environment's python)
"""

import json
import sys
import sysconfig
from pathlib import Path


def release_version(src):
    values = {}
    exec((src / "odoo" / "release.py").read_text("utf-8"), values)  # noqa: S102 - Odoo's own release file, as setup.py reads it
    return values["version"]


def main(argv):
    if len(argv) != 2:
        raise SystemExit(__doc__)
    src = Path(argv[1]).resolve()
    version = release_version(src)
    site = Path(sysconfig.get_paths()["purelib"])
    pth = site / "__editable__.odoo.pth"
    folder = site / "__editable__.odoo"
    link = folder / "odoo"
    folder.mkdir(exist_ok=True)
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(src / "odoo", target_is_directory=True)
    dist = site / f"odoo-{version}.dist-info"
    dist.mkdir(exist_ok=True)
    files = {
        pth: f"{folder}\n",
        dist / "METADATA": (
            "Metadata-Version: 2.1\n"
            "Name: odoo\n"
            f"Version: {version}\n"
            "Summary: Odoo Server\n"
            "License: LGPL-3\n"
        ),
        dist / "INSTALLER": "kumppanuuspoyta\n",
        dist / "direct_url.json": json.dumps(
            {"url": src.as_uri(), "dir_info": {"editable": True}}
        )
        + "\n",
    }
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    record = dist / "RECORD"
    rows = [f"{path.relative_to(site).as_posix()},," for path in [link, *files, record]]
    record.write_text("\n".join(rows) + "\n", encoding="utf-8")
    sys.stderr.write(f"odoo {version} from {src} installed into {site}\n")


if __name__ == "__main__":
    main(sys.argv)
