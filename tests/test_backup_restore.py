"""`make backup` and `make restore-check` (scripts/backup.py), run as the operator
runs them, on a real database with scans: a copy of the test database (its
committed state: the addon installed) filled with a dossier and its scanned
documents, backed up, then restored and compared: PASS; one scan damaged in the
backup: FAIL naming it. Each run recorded in the database backed up."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import odoo.sql_db
from odoo.tests import tagged
from odoo.tests.common import BaseCase, get_db_name
from odoo.tools import config
from odoo.tools.misc import exec_pg_environ, find_pg_tool

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "backup.py"

# Fill the copy through Odoo, as a user would have, then back it up with the
# script's own entry point in the same process (its registry already loaded: one
# Odoo start less for the test).
SEED = """
import base64, runpy, sys
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config
config.parse_config([f"--addons-path={sys.argv[1]}", f"--data-dir={sys.argv[2]}",
                     "--no-http", "--log-level=warn"])
with Registry(sys.argv[3]).cursor() as cr:
    env = api.Environment(cr, SUPERUSER_ID, {})
    partner = env["res.partner"].create({"name": "Backup Customer", "is_company": True})
    category = env["dossier.category"].create({"name": "Backup Category"})
    dossier = env["dossier.dossier"].create(
        {"partner_id": partner.id, "category_id": category.id}
    )
    env["dossier.document"].create([
        {
            "dossier_id": dossier.id,
            "document_type_id": env.ref("partner_dossier.document_type_contract").id,
            "name": f"Contract page {page}",
            "scan": base64.b64encode(b"%%PDF-1.4 backup scan %d" % page),
            "scan_filename": f"contract-{page}.pdf",
        }
        for page in (1, 2)
    ])
sys.argv = [sys.argv[4], f"--addons-path={sys.argv[1]}", f"--data-dir={sys.argv[2]}",
            "backup", sys.argv[3], sys.argv[5]]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def pg(name, *args, stdin=None):
    return subprocess.run(
        [find_pg_tool(name), *args],
        env=exec_pg_environ(),
        stdin=stdin,
        capture_output=True,
        check=True,
    )


@tagged("post_install", "-at_install")
class TestBackupRestoreCheck(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Its own name: test databases of runs started the same minute share their
        # first 30 characters, which the restore check's scratch names keep.
        cls.source = f"pd_bk_{os.getpid()}_{int(time.time())}"
        cls.folder = Path(tempfile.mkdtemp(prefix="partner_dossier_backups_"))
        cls.addClassCleanup(cls._drop_source)
        cls.addClassCleanup(shutil.rmtree, cls.folder, True)
        cls.addons_path = ",".join(config["addons_path"])
        # The copy: the test database's committed state (the addon installed) and
        # its filestore.
        pg("createdb", "--template=template0", cls.source)
        dump = subprocess.Popen(
            [find_pg_tool("pg_dump"), "--format=custom", get_db_name()],
            env=exec_pg_environ(),
            stdout=subprocess.PIPE,
        )
        pg(
            "pg_restore",
            "--no-owner",
            "--single-transaction",
            "-d",
            cls.source,
            stdin=dump.stdout,
        )
        dump.wait()
        shutil.copytree(
            config.filestore(get_db_name()),
            config.filestore(cls.source),
            dirs_exist_ok=True,
        )
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                SEED,
                cls.addons_path,
                config["data_dir"],
                cls.source,
                str(SCRIPT),
                str(cls.folder),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        (cls.run_folder,) = cls.folder.iterdir()

    @classmethod
    def _drop_source(cls):
        odoo.sql_db.close_db(cls.source)
        pg("dropdb", "--if-exists", cls.source)
        shutil.rmtree(config.filestore(cls.source), ignore_errors=True)

    @classmethod
    def _script(cls, *args):
        return subprocess.run(
            [
                sys.executable,
                str(SCRIPT),
                f"--addons-path={cls.addons_path}",
                f"--data-dir={config['data_dir']}",
                *args,
            ],
            capture_output=True,
            text=True,
            check=False,
        )

    def _query(self, query, params=()):
        with odoo.sql_db.db_connect(self.source).cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall()

    def _scans(self):
        return self._query(
            "SELECT store_fname FROM ir_attachment "
            "WHERE res_model = 'dossier.document' ORDER BY id"
        )

    def _scratch_databases(self):
        with odoo.sql_db.db_connect("postgres").cursor() as cr:
            cr.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s",
                [f"{self.source[:30]}_restorecheck_%"],
            )
            return cr.fetchall()

    def test_backup_holds_the_scans_and_counts(self):
        manifest = json.loads((self.run_folder / "manifest.json").read_text())
        self.assertEqual(manifest["registers"]["dossier.document"]["rows"], 2)
        self.assertEqual(manifest["registers"]["dossier.dossier"]["rows"], 1)
        self.assertIn("dossier.access.log", manifest["registers"])
        self.assertIn("database.dump", manifest["files"])
        for (store_fname,) in self._scans():
            self.assertTrue((self.run_folder / "filestore" / store_fname).is_file())
            self.assertIn(f"filestore/{store_fname}", manifest["files"])
        recorded = self._query(
            "SELECT size, manifest_checksum, attachment_count FROM dossier_backup "
            "WHERE name = %s",
            [self.run_folder.name],
        )
        self.assertEqual(len(recorded), 1)
        self.assertGreater(recorded[0][0], 0)
        self.assertEqual(len(recorded[0][1]), 64)
        # sha256sum -c reads the same checksums without Odoo.
        sums = subprocess.run(
            ["sha256sum", "--quiet", "-c", "SHA256SUMS"],
            cwd=self.run_folder,
            capture_output=True,
            check=False,
        )
        self.assertEqual(sums.returncode, 0, sums.stdout)

    def test_restore_check_passes_then_fails_on_a_damaged_scan(self):
        done = self._script("restore-check", str(self.run_folder))
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertIn(f"PASS {self.run_folder.name}", done.stdout)
        self.assertNotIn("FAIL", done.stdout)
        self.assertEqual(self._scratch_databases(), [], "scratch copy left behind")

        damaged = self.folder / "damaged"
        shutil.copytree(self.run_folder, damaged)
        store_fname = self._scans()[1][0]
        scan = damaged / "filestore" / store_fname
        scan.write_bytes(scan.read_bytes().replace(b"scan", b"scam"))
        done = self._script("restore-check", str(damaged))
        self.assertEqual(done.returncode, 1, done.stdout + done.stderr)
        self.assertIn(f"FAIL {self.run_folder.name}", done.stdout)
        # That file, named with the document it is the scan of, and only that one.
        failed = [line for line in done.stdout.splitlines() if "  FAIL " in line]
        self.assertEqual(len(failed), 1, done.stdout)
        self.assertIn(f"FAIL filestore/{store_fname} (attachment ", failed[0])
        self.assertIn("of dossier.document", failed[0])
        self.assertIn("SHA-256 differs from the manifest", failed[0])
        self.assertEqual(self._scratch_databases(), [], "scratch copy left behind")

        checks = self._query(
            "SELECT c.result, c.detail FROM dossier_backup_check c "
            "JOIN dossier_backup b ON b.id = c.backup_id "
            "WHERE b.name = %s ORDER BY c.id",
            [self.run_folder.name],
        )
        self.assertEqual([result for result, _detail in checks], ["pass", "fail"])
        self.assertIn(store_fname, checks[1][1])
