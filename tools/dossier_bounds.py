"""Bounds said in the user's language before the database is asked: beyond what
a column stores, PostgreSQL answers with its own error instead of the rule."""

from odoo.exceptions import ValidationError

# What an integer column stores.
INT4_MIN = -(2**31)


def check_whole_number(model, vals, fname, maximum):
    """Refuse a value of integer field ``fname`` in ``vals`` that is not a whole
    number, or is above ``maximum``. A low value is the model's own database
    constraint to refuse, with its sentence, unless it is below what the column
    stores."""
    value = vals.get(fname)
    if value is None or value is False:
        return
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        number = None
    if number is None or number != value or not INT4_MIN <= number <= maximum:
        raise ValidationError(
            model.env._(
                "“%(field)s” takes a whole number, at most %(max)s.",
                field=model._fields[fname]._description_string(model.env),
                max=maximum,
            )
        )
