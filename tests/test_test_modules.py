import ast
from pathlib import Path

from odoo.tests.common import BaseCase

TESTS_DIR = Path(__file__).resolve().parent


def imported_test_modules():
    """The names `tests/__init__.py` imports with `from . import name`."""
    tree = ast.parse((TESTS_DIR / "__init__.py").read_text(encoding="utf-8"))
    return {
        alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.level == 1 and not node.module
        for alias in node.names
    }


class TestTestModules(BaseCase):
    """Odoo's own runner (`odoo --test-enable`) only runs the test modules that
    `tests/__init__.py` imports; pytest-odoo runs every `test_*.py` file. A test
    file missing from `tests/__init__.py` would run under one and not the other.
    The file is read, not the package's attributes: pytest sets those itself when
    it imports the test files."""

    def test_every_test_file_is_imported(self):
        on_disk = {path.stem for path in TESTS_DIR.glob("test_*.py")}
        imported = {
            name for name in imported_test_modules() if name.startswith("test_")
        }
        self.assertFalse(
            sorted(on_disk - imported),
            "test files not imported by tests/__init__.py: Odoo's runner skips them",
        )
        self.assertFalse(
            sorted(imported - on_disk), "tests/__init__.py imports missing files"
        )
