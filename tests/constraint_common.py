import psycopg2

from odoo.exceptions import UserError
from odoo.tools import mute_logger

# What a database error looks like to the user who receives it raw.
DATABASE_TEXTS = ("violates", "psycopg2", "CHECK (", "duplicate key", "constraint")
# How Odoo's RPC layer introduces a constraint's message (odoo/service/model.py,
# retrying()); Odoo's own term, translated by Odoo, so not called with _() here.
RPC_REFUSAL = "The operation cannot be completed: %s"


def user_message(env, trip):
    """What the user reads when ``trip`` is refused, or None when it goes through.

    ``trip`` runs in a savepoint, its changes flushed. A UserError is read as it
    is; a database error (a CHECK or UNIQUE constraint) is turned into the
    constraint's message as Odoo's RPC layer does (``retrying()`` in
    odoo/service/model.py): the model whose table the error names says it."""
    try:
        with mute_logger("odoo.sql_db"), env.cr.savepoint():
            trip()
            env.flush_all()
    except UserError as exc:
        return str(exc)
    except psycopg2.IntegrityError as exc:
        model = env["base"]
        for rclass in env.registry.values():
            if exc.diag.table_name == rclass._table:
                model = env[rclass._name]
                break
        return RPC_REFUSAL % model._sql_error_to_message(exc)
    return None
