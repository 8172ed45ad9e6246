"""Placeholder manifests for the module categories base's data expects.

Odoo creates a module category (``base.module_category_<path>``) for the category of
every manifest it finds, and ``base/data/ir_module_module.xml`` refers to some of them
(Services/Timesheets…). A full Odoo source has the addons that declare them; a slim one
(such as the offline archive in ../shared/vendor) does not, and installing ``base`` then
fails with "External ID not found: base.module_category_…". For each category that
base refers to and nothing declares, this writes an uninstallable manifest that only
declares it, into the given addons directory. With a full Odoo it writes nothing.

Usage: python category_stubs.py ADDONS_DIR   (run with Odoo's interpreter)
"""

import logging
import re
import sys
from pathlib import Path

from odoo.modules.module import get_manifest, get_modules, initialize_sys_path
from odoo.tools import config

import odoo.addons.base


def category_xmlid(path):
    # The same derivation as odoo.modules.db.create_categories.
    return "module_category_" + "_".join(path.lower().split("/")).replace(
        "&", "and"
    ).replace(" ", "_")


def main(addons_dir):
    logging.disable(logging.WARNING)  # config warnings meant for a server start
    base_dir = Path(odoo.addons.base.__path__[0]) / "data"
    wanted = set(
        re.findall(
            r'ref="base\.(module_category_[a-z0-9_]+)"',
            (base_dir / "ir_module_module.xml").read_text(),
        )
    )
    declared = set(
        re.findall(
            r'id="(module_category_[a-z0-9_]+)"',
            (base_dir / "ir_module_category_data.xml").read_text(),
        )
    )
    config.parse_config([f"--addons-path={addons_dir}"])
    initialize_sys_path()
    for module in get_modules():
        category = get_manifest(module).get("category") or ""
        parts = category.split("/")
        for depth in range(1, len(parts) + 1):
            declared.add(category_xmlid("/".join(parts[:depth])))
    for xmlid in sorted(wanted - declared):
        # "module_category_services_timesheets" -> "Services/Timesheets": the first
        # word is the parent; the rest, spaced, the child.
        words = xmlid.removeprefix("module_category_").split("_")
        category = words[0].title() + "/" + " ".join(w.title() for w in words[1:])
        stub = Path(addons_dir) / f"category_stub_{'_'.join(words)}"
        stub.mkdir(exist_ok=True)
        (stub / "__init__.py").write_text("")
        (stub / "__manifest__.py").write_text(
            repr(
                {
                    "name": f"Module category placeholder ({category})",
                    "category": category,
                    "author": "partner_dossier tooling",
                    "license": "LGPL-3",
                    "installable": False,
                }
            )
            + "\n"
        )
        if category_xmlid(category) != xmlid:
            sys.exit(f"cannot name the category of base.{xmlid}")


if __name__ == "__main__":
    main(sys.argv[1])
