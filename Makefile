# partner_dossier — see README.md. Odoo 19.0 and PostgreSQL must be installed;
# everything else these targets need they install themselves.
.PHONY: help run test lint drop-demo i18n bench load screenshots check-uninstall odoo-tests

help:
	@echo "make run        serve the demo database on http://localhost:8069 (admin/admin)"
	@echo "make test       run the addon's tests in a fresh database (pytest-odoo)"
	@echo "make lint       ruff, pylint-odoo mandatory checks, XML well-formed"
	@echo "make drop-demo  drop the demo database and its filestore"
	@echo "make i18n       refresh i18n/partner_dossier.pot and merge it into zh_CN.po"
	@echo "make check-uninstall  install (demo), upgrade, use, uninstall: nothing may be left"
	@echo "make odoo-tests       Odoo's own partner, rule, contacts and mail tests, without vs with the addon"
	@echo "                      (MAIL=all: the whole mail suite instead of its partner/chatter subset)"

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh $(PYTEST_ARGS)

lint:
	@bash scripts/lint.sh

drop-demo:
	@bash scripts/drop_demo.sh

i18n:
	@bash scripts/i18n.sh

bench:
	@bash scripts/bench.sh

load:
	@bash scripts/load.sh

screenshots:
	@bash scripts/screenshots.sh

check-uninstall:
	@bash scripts/check_install_cycle.sh

MAIL ?= subset
odoo-tests:
	@bash scripts/odoo_tests.sh --mail=$(MAIL)
