from collections import namedtuple

from odoo import api, models
from odoo.exceptions import ValidationError

# One rule of _database_checks(). Named, so that each rule starts with a name and
# the translation extractor does not take the next tuple for a call to _().
DatabaseCheck = namedtuple(
    "DatabaseCheck", ["fields", "test", "message", "unique"], defaults=[False]
)


class DossierCheckMixin(models.AbstractModel):
    """The CHECK and UNIQUE constraints of a model, said first in Python.

    The database constraints stay the guarantee (two users at the same moment);
    these checks give the user the same rule as a sentence in their language
    instead of a database error. Each model lists them in ``_database_checks()``
    (in a file of its own): they run on create before the INSERT, once defaults
    and computed values are known, and on write as ``@api.constrains`` (before
    the values are flushed). A UNIQUE rule runs on write before the values
    reach the cache too: it searches, and a search would first flush the new
    value into the database, where the constraint would raise its own error."""

    _name = "dossier.check.mixin"
    _description = "Database Constraints Checked First"

    def _database_checks(self):
        """[(field names, test, message)]: ``test(get, record)`` is true when the
        values read by ``get(field name)`` pass; ``record`` is the record written,
        or an empty recordset on create. A NULL passes, as in SQL."""
        return []

    @api.model
    def _create(self, data_list):
        for data in data_list:
            stored = data["stored"]
            self._run_database_checks(stored.get, self.browse(), set(stored))
        return super()._create(data_list)

    def write(self, vals):
        checks = [
            check
            for check in self._database_checks()
            if check.unique and not vals.keys().isdisjoint(check.fields)
        ]
        for record in self if checks else ():

            def get(fname, record=record):
                if fname not in vals:
                    return record[fname]
                field = record._fields[fname]
                value = field.convert_to_cache(vals[fname], record)
                return field.convert_to_record(value, record)

            for _fnames, test, message, _unique in checks:
                if not test(get, record):
                    raise ValidationError(message)
        return super().write(vals)

    @api.constrains(
        lambda self: {
            fname
            for fnames, _test, _message, _unique in self._database_checks()
            for fname in fnames
        }
    )
    def _check_database_rules(self):
        for record in self:
            record._run_database_checks(
                lambda fname, record=record: record[fname], record, None
            )

    def _run_database_checks(self, get, record, present):
        for fnames, test, message, _unique in self._database_checks():
            if present is not None and present.isdisjoint(fnames):
                continue
            if not test(get, record):
                raise ValidationError(message)

    @api.model
    def _null(self, value):
        """Whether a value is NULL (0 is not)."""
        return value is None or value is False

    @api.model
    def _id(self, value):
        """The id of a many2one value, as stored or as read."""
        return value.id if isinstance(value, models.BaseModel) else value or False

    def _unique_check(self, fnames, message):
        """The rule of a UNIQUE (fnames) constraint: an empty value never
        collides, as NULL in SQL."""

        def test(get, record):
            values = [self._id(get(fname)) for fname in fnames]
            return not all(values) or not self._taken(
                [
                    (fname, "=", value)
                    for fname, value in zip(fnames, values, strict=True)
                ],
                record,
            )

        return DatabaseCheck(tuple(fnames), test, message, unique=True)

    def _taken(self, domain, record):
        """Whether another record than ``record`` matches ``domain``."""
        if record:
            domain = [*domain, ("id", "!=", record.id)]
        # sudo: the rule holds for records the user cannot see, and the answer
        # names none of them.
        return bool(
            self.sudo().with_context(active_test=False).search_count(domain, limit=1)
        )
