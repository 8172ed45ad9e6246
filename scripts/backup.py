"""`make backup` and `make restore-check`, run with Odoo's python (scripts/backup.sh,
scripts/restore_check.sh).

backup DB DEST: one new folder DEST/<DB>-<UTC time>/ holding
  database.dump   pg_dump, custom format, taken in the snapshot the counts are read in;
  filestore/      every file an attachment of that snapshot points to;
  manifest.json   the SHA-256 and size of each file above, each register's row count
                  and each stored attachment's file, Odoo's and the addon's version;
  SHA256SUMS      the same checksums for `sha256sum -c` (no Odoo needed to check them).
The folder appears complete or not at all (written under a hidden name, renamed last).

restore-check FOLDER: every file checked against the manifest, the dump restored
into a scratch database and the files into its scratch filestore, each register's
row count and each attachment's file (its SHA-1 in the database, its SHA-256 in the
manifest) compared; PASS or FAIL naming each file or table that differs; the
scratch copy removed whatever happens. Exit code 0 on PASS, 1 on FAIL, 2 when the
check could not run.

Each run is recorded in the database (Settings › Backups) through Odoo's registry:
by default the database backed up; --record-db names another, --no-record none.
"""

import argparse
import getpass
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
DUMP = "database.dump"
FILESTORE = "filestore"
MODULE = "partner_dossier"
MIXIN = "dossier.procedure.mixin"
# Tables counted besides the registers: the chatter (a register's history) and the
# attachments (the scans).
HISTORY_MODELS = ("mail.message", "mail.tracking.value", "ir.attachment")
CHUNK = 1024 * 1024


class CheckError(Exception):
    """The command cannot run (bad arguments, no such database): exit code 2."""


def say(text=""):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def file_digest(path, algorithm="sha256"):
    digest = hashlib.new(algorithm)
    with open(path, "rb") as stream:
        while block := stream.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def run_by():
    return f"{getpass.getuser()}@{socket.gethostname()}"


# ---------------------------------------------------------------- Odoo


def odoo_config(addons_path, data_dir=None):
    from odoo.tools import config

    options = [f"--addons-path={addons_path}", "--no-http", "--log-level=warn"]
    if data_dir:
        options.append(f"--data-dir={data_dir}")
    config.parse_config(options)
    return config


def database_exists(dbname):
    import odoo.sql_db

    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname])
        return bool(cr.fetchone())


def addon_registry(dbname):
    """The registry of ``dbname``, which must have the addon installed."""
    import odoo.sql_db
    from odoo.modules.registry import Registry

    if not database_exists(dbname):
        raise CheckError(f"database {dbname!r} does not exist")
    with odoo.sql_db.db_connect(dbname).cursor() as cr:
        cr.execute("SELECT 1 FROM pg_tables WHERE tablename = 'ir_module_module'")
        installed = cr.fetchone()
        if installed:
            cr.execute(
                "SELECT 1 FROM ir_module_module WHERE name = %s AND state = 'installed'",
                [MODULE],
            )
            installed = cr.fetchone()
    if not installed:
        raise CheckError(f"database {dbname!r} has no {MODULE} installed")
    return Registry(dbname)


def register_tables(registry):
    """{model: table} of the addon's registers (the models inheriting the
    procedure mixin) and of the history tables, from the registry."""
    tables = {}
    for name, model in registry.items():
        if (
            MIXIN in model._inherit_module
            and not model._abstract
            and not model._transient
            and model._auto
        ) or name in HISTORY_MODELS:
            tables[name] = model._table
    return dict(sorted(tables.items()))


def record(dbname, model, method, values):
    """Call ``model.method(values)`` in ``dbname`` as the superuser (the scripts run
    on the server, as its administrator), committed."""
    from odoo import SUPERUSER_ID, api

    registry = addon_registry(dbname)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        getattr(env[model], method)(values)


def pg_tool(name):
    from odoo.tools.misc import exec_pg_environ, find_pg_tool

    return find_pg_tool(name), exec_pg_environ()


def run_pg(name, *args):
    """Run a PostgreSQL client tool with Odoo's connection settings; its output
    when it fails."""
    tool, environ = pg_tool(name)
    done = subprocess.run(
        [tool, *args], env=environ, capture_output=True, text=True, check=False
    )
    return done.returncode, (done.stderr or done.stdout).strip()


# ---------------------------------------------------------------- backup


def backup(dbname, dest, record_db=None, no_record=False):
    from odoo import release
    from odoo.tools import SQL, config

    registry = addon_registry(dbname)
    started = datetime.now(timezone.utc)
    name = f"{dbname}-{started:%Y%m%d-%H%M%S}Z"
    dest = Path(dest).resolve()
    dest.mkdir(parents=True, exist_ok=True)
    final = dest / name
    if final.exists():
        raise CheckError(f"{final} exists already")
    partial = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=dest))
    try:
        source_store = Path(config.filestore(dbname))
        tables = register_tables(registry)
        files = {}
        # One snapshot for the dump, the counts and the attachments: Odoo's cursors
        # are REPEATABLE READ, and pg_dump takes the snapshot the cursor exports.
        with registry.cursor() as cr:
            cr.execute("SELECT pg_export_snapshot()")
            snapshot = cr.fetchone()[0]
            code, output = run_pg(
                "pg_dump",
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={partial / DUMP}",
                dbname,
            )
            if code:
                raise CheckError(f"pg_dump failed: {output}")
            counts = {}
            for model, table in tables.items():
                cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(table)))
                counts[model] = {"table": table, "rows": cr.fetchone()[0]}
            cr.execute(
                """SELECT store_fname, min(id), min(name), min(res_model), min(res_id)
                     FROM ir_attachment
                    WHERE store_fname IS NOT NULL
                 GROUP BY store_fname ORDER BY store_fname"""
            )
            stored = cr.fetchall()
            cr.rollback()
        missing, owners = [], {}
        for store_fname, attachment_id, attachment_name, res_model, res_id in stored:
            owners[f"{FILESTORE}/{store_fname}"] = (
                f"attachment {attachment_id}, {attachment_name}"
                + (f" of {res_model} {res_id}" if res_model else "")
            )
            source = source_store / store_fname
            target = partial / FILESTORE / store_fname
            if not source.is_file():
                missing.append(store_fname)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        for path in sorted(partial.rglob("*")):
            if path.is_file():
                relative = path.relative_to(partial).as_posix()
                files[relative] = {
                    "sha256": file_digest(path),
                    "size": path.stat().st_size,
                }
                if relative in owners:
                    files[relative]["attachment"] = owners[relative]
        manifest = {
            "format": 1,
            "name": name,
            "database": dbname,
            "created": started.isoformat(timespec="seconds"),
            "run_by": run_by(),
            "odoo_version": release.version,
            "registers": counts,
            "attachments": len(stored),
            "missing_at_backup": missing,
            "files": files,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
        (partial / SUMS).write_text(
            "".join(f"{entry['sha256']}  {path}\n" for path, entry in files.items())
        )
        manifest_sum = file_digest(partial / MANIFEST)
        size = sum(entry["size"] for entry in files.values())
        partial.chmod(0o750)
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    say(
        f"backup {name}: {len(files)} files, {size} bytes, manifest SHA-256 {manifest_sum}"
    )
    say(f"  folder: {final}")
    for store_fname in missing:
        say(
            f"  WARNING: {FILESTORE}/{store_fname} is missing from the database's "
            "filestore: its attachment has no file to back up"
        )
    if not no_record:
        record(
            record_db or dbname,
            "dossier.backup",
            "_record_backup",
            {
                "name": name,
                "date": started.replace(tzinfo=None),
                "run_by": manifest["run_by"],
                "database": dbname,
                "path": str(final),
                "size": size,
                "manifest_checksum": manifest_sum,
                "file_count": len(files),
                "attachment_count": len(stored),
            },
        )
        say(f"  recorded in {record_db or dbname} (Settings › Backups)")
    return final


# ---------------------------------------------------------------- restore check


def check_files(folder, manifest):
    """The files of the folder against the manifest: what differs, by name."""
    failures = []
    for relative, entry in manifest["files"].items():
        path = folder / relative
        what = (
            f"{relative} ({entry['attachment']})" if "attachment" in entry else relative
        )
        if not path.is_file():
            failures.append(f"{what}: missing from the backup")
        elif (
            path.stat().st_size != entry["size"] or file_digest(path) != entry["sha256"]
        ):
            failures.append(f"{what}: SHA-256 differs from the manifest")
    listed = set(manifest["files"]) | {MANIFEST, SUMS}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.relative_to(folder).as_posix() not in listed:
            failures.append(
                f"{path.relative_to(folder).as_posix()}: not in the manifest"
            )
    return failures


def check_restored(scratch, scratch_store, manifest):
    """The restored database and filestore against the manifest."""
    import odoo.sql_db
    from odoo.tools import SQL

    failures = []
    with odoo.sql_db.db_connect(scratch).cursor() as cr:
        for model, entry in manifest["registers"].items():
            cr.execute(
                "SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = %s",
                [entry["table"]],
            )
            if not cr.fetchone():
                failures.append(f"table {entry['table']} ({model}): not restored")
                continue
            cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(entry["table"])))
            rows = cr.fetchone()[0]
            if rows != entry["rows"]:
                failures.append(
                    f"table {entry['table']} ({model}): {rows} rows restored, "
                    f"{entry['rows']} in the manifest"
                )
        cr.execute(
            """SELECT store_fname, min(checksum), min(id), min(name)
                 FROM ir_attachment
                WHERE store_fname IS NOT NULL
             GROUP BY store_fname ORDER BY store_fname"""
        )
        stored = cr.fetchall()
    if len(stored) != manifest["attachments"]:
        failures.append(
            f"table ir_attachment: {len(stored)} stored files restored, "
            f"{manifest['attachments']} in the manifest"
        )
    missing_at_backup = set(manifest.get("missing_at_backup", ()))
    for store_fname, checksum, attachment_id, attachment_name in stored:
        relative = f"{FILESTORE}/{store_fname}"
        what = f"{relative} (attachment {attachment_id}, {attachment_name})"
        path = scratch_store / store_fname
        if store_fname in missing_at_backup:
            continue
        if not path.is_file():
            failures.append(f"{what}: not restored")
            continue
        # Its SHA-256 was compared with the manifest before the restore.
        if relative not in manifest["files"]:
            failures.append(f"{what}: not in the manifest")
        # Odoo's own checksum of an attachment is a SHA-1.
        if checksum and file_digest(path, "sha1") != checksum:
            failures.append(f"{what}: content differs from the attachment's checksum")
    return failures


def drop_scratch(scratch, scratch_store):
    import odoo.sql_db

    # Odoo keeps its connections in a pool: closed first, or the drop waits on them.
    odoo.sql_db.close_db(scratch)
    code, output = run_pg("dropdb", "--if-exists", scratch)
    if code:
        say(f"  WARNING: could not drop the scratch database {scratch}: {output}")
    shutil.rmtree(scratch_store, ignore_errors=True)


def restore_check(folder, record_db=None, no_record=False):
    from odoo.tools import config

    started = time.monotonic()
    checked_on = datetime.now(timezone.utc).replace(tzinfo=None)
    folder = Path(folder).resolve()
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise CheckError(f"{folder / MANIFEST}: cannot be read ({error})") from error
    say(f"restore check of {manifest['name']} ({folder})")
    failures = check_files(folder, manifest)
    if failures:
        # Not what was written: FAIL whatever a restore would say, and a restore
        # of a large database takes long.
        say("  the backup's files differ from its manifest: not restored")
    else:
        scratch = (
            f"{manifest['database'][:30]}_restorecheck_{os.getpid()}_{int(time.time())}"
        )
        scratch_store = Path(config.filestore(scratch))
        try:
            code, output = run_pg("createdb", "--template=template0", scratch)
            if code:
                raise CheckError(f"createdb {scratch} failed: {output}")
            # One transaction: all or nothing, and one commit instead of thousands.
            code, output = run_pg(
                "pg_restore",
                "--no-owner",
                "--single-transaction",
                f"--dbname={scratch}",
                str(folder / DUMP),
            )
            if code:
                failures.append(f"{DUMP}: pg_restore failed: {output[-500:]}")
            else:
                if (folder / FILESTORE).is_dir():
                    shutil.copytree(folder / FILESTORE, scratch_store)
                failures += check_restored(scratch, scratch_store, manifest)
        finally:
            drop_scratch(scratch, scratch_store)
        say(
            f"  restored into {scratch}: {len(manifest['registers'])} tables and "
            f"{manifest['attachments']} stored files compared; scratch copy removed"
        )
    result = "fail" if failures else "pass"
    for failure in failures:
        say(f"  FAIL {failure}")
    duration = time.monotonic() - started
    say(f"{result.upper()} {manifest['name']} ({duration:.1f} s)")
    target = record_db or manifest["database"]
    if not no_record:
        # The verdict stands whether or not it can be recorded (a check run on
        # another machine than the database's, after a disaster...).
        try:
            record(
                target,
                "dossier.backup.check",
                "_record_check",
                {
                    "backup_name": manifest["name"],
                    "date": checked_on,
                    "run_by": run_by(),
                    "result": result,
                    "detail": "\n".join(failures),
                    "duration": duration,
                },
            )
            say(f"  recorded in {target} (Settings › Backups)")
        except CheckError as error:
            say(f"  not recorded: {error} (DB=… names the database to record in)")
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--addons-path", required=True)
    parser.add_argument(
        "--record-db", help="the database to record the run in (default: the source)"
    )
    parser.add_argument("--data-dir", help="Odoo's data directory (the filestores)")
    parser.add_argument("--no-record", action="store_true")
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup")
    make.add_argument("database")
    make.add_argument("dest")
    check = commands.add_parser("restore-check")
    check.add_argument("folder")
    args = parser.parse_args(argv)
    # A backup holds every customer's dossier: readable by its owner and group only.
    os.umask(0o027)
    odoo_config(args.addons_path, args.data_dir)
    try:
        if args.command == "backup":
            backup(args.database, args.dest, args.record_db, args.no_record)
            return 0
        result = restore_check(args.folder, args.record_db, args.no_record)
        return 0 if result == "pass" else 1
    except CheckError as error:
        sys.stderr.write(f"partner_dossier: {error}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())
