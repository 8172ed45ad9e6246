from odoo.tools import SQL
from odoo.tools.sql import column_exists, rename_column

# A consultation's decision is named as a share's (dossier.request.mixin): the
# refusal, its reason and the decision's date.
MODEL = "dossier.consultation"
TABLE = "dossier_consultation"
RENAMED_FIELDS = {"reject_reason": "refuse_reason", "date_approved": "date_decided"}
RENAMED_STATES = {"rejected": "refused"}


def migrate(cr, version):
    for old, new in RENAMED_FIELDS.items():
        if column_exists(cr, TABLE, old) and not column_exists(cr, TABLE, new):
            rename_column(cr, TABLE, old, new)
        _rename_field(cr, old, new)
    for old, new in RENAMED_STATES.items():
        cr.execute(
            SQL(
                "UPDATE %s SET state = %s WHERE state = %s",
                SQL.identifier(TABLE),
                new,
                old,
            )
        )
        _rename_state(cr, old, new)


def _rename_field(cr, old, new):
    """The field's row keeps its id under its new name: its tracked changes
    (mail.tracking.value.field_id) stay linked to it. Odoo would otherwise drop
    the old row at the end of the upgrade, with its xml id."""
    cr.execute(
        SQL(
            """
            UPDATE ir_model_fields SET name = %(new)s
             WHERE model = %(model)s AND name = %(old)s
               AND NOT EXISTS (SELECT 1 FROM ir_model_fields
                                WHERE model = %(model)s AND name = %(new)s)
            """,
            model=MODEL,
            old=old,
            new=new,
        )
    )
    _rename_xmlid(cr, _field_xmlid(old), _field_xmlid(new))


def _rename_state(cr, old, new):
    """The same for the state's selection value."""
    cr.execute(
        SQL(
            """
            UPDATE ir_model_fields_selection SET value = %(new)s
             WHERE value = %(old)s
               AND field_id = (SELECT id FROM ir_model_fields
                                WHERE model = %(model)s AND name = 'state')
               AND NOT EXISTS (SELECT 1 FROM ir_model_fields_selection s
                                 JOIN ir_model_fields f ON f.id = s.field_id
                                WHERE f.model = %(model)s AND f.name = 'state'
                                  AND s.value = %(new)s)
            """,
            model=MODEL,
            old=old,
            new=new,
        )
    )
    prefix = f"selection__{TABLE}__state__"
    _rename_xmlid(cr, prefix + old, prefix + new)


def _field_xmlid(fname):
    return f"field_{TABLE}__{fname}"


def _rename_xmlid(cr, old, new):
    cr.execute(
        SQL(
            """
            UPDATE ir_model_data SET name = %(new)s
             WHERE module = 'partner_dossier' AND name = %(old)s
               AND NOT EXISTS (SELECT 1 FROM ir_model_data
                                WHERE module = 'partner_dossier' AND name = %(new)s)
            """,
            old=old,
            new=new,
        )
    )
