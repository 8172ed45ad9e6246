# partner_dossier — see README.md. The targets install what they need themselves:
# Odoo 19.0 (when none is found), Debian packages (as root), a private PostgreSQL
# (when none answers). `make clean-cache` removes what they put in the user's cache.
.PHONY: help run test lint drop-demo i18n bench load screenshots check-uninstall \
	odoo-tests odoo-test-runner backup restore-check check-websocket clean-cache report-screenshots replica-check check-upgrade

help:
	@echo "make run        serve the demo database on http://127.0.0.1:8069 (admin/admin)"
	@echo "make test       run the addon's tests in a fresh database (pytest-odoo)"
	@echo "make odoo-test-runner  the same tests run by Odoo's own runner (odoo -i --test-enable)"
	@echo "make lint       ruff, pylint-odoo mandatory checks, XML well-formed"
	@echo "make drop-demo  drop the demo database and its filestore"
	@echo "make clean-cache  remove the Odoo install, private PostgreSQL and venvs from the cache"
	@echo "make replica-check  a real primary and hot standby, Odoo with --db_replica_host: where reports run"
	@echo "make check-websocket  Odoo with 2 workers: the gevent process lives, /websocket connects"
	@echo "make backup DEST=<folder> [DB=…]  database + filestore + SHA-256 manifest, in a new folder"
	@echo "make restore-check BACKUP=<run folder> [DB=…]  restore into a scratch copy, compare: PASS/FAIL"
	@echo "make i18n       refresh i18n/partner_dossier.pot and merge it into zh_CN.po"
	@echo "make check-uninstall  install (demo), upgrade, use, uninstall: nothing may be left"
	@echo "make check-upgrade    an earlier version (FROM=<git ref>) with demo data, upgraded to this tree"
	@echo "                      (SEED=scripts/upgrade_seeds/<file>: rows a migration needs, checked after)"
	@echo "make odoo-tests       Odoo's own partner, rule, contacts and mail tests, without vs with the addon"
	@echo "                      (MAIL=all: the whole mail suite instead of its partner/chatter subset)"

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh $(PYTEST_ARGS)

odoo-test-runner:
	@bash scripts/odoo_test_runner.sh $(ODOO_ARGS)

lint:
	@bash scripts/lint.sh

drop-demo:
	@bash scripts/drop_demo.sh

i18n:
	@bash scripts/i18n.sh

backup:
	@DEST="$(DEST)" DB="$(DB)" bash scripts/backup.sh

restore-check:
	@BACKUP="$(BACKUP)" DB="$(DB)" bash scripts/restore_check.sh

bench:
	@bash scripts/bench.sh

load:
	@bash scripts/load.sh

replica-check:
	@bash scripts/replica_check.sh

check-websocket:
	@bash scripts/check_websocket.sh

clean-cache:
	@bash scripts/clean_cache.sh

screenshots:
	@bash scripts/screenshots.sh

report-screenshots:
	@bash scripts/report_screenshots.sh

check-uninstall:
	@bash scripts/check_install_cycle.sh

check-upgrade:
	@bash scripts/check_upgrade.sh

MAIL ?= subset
odoo-tests:
	@bash scripts/odoo_tests.sh --mail=$(MAIL)
