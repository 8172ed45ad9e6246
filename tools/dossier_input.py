"""Bounds on what a client may send, checked before the database sees it: a
300,000-character barcode would fail on its index, 3e9 pages on the integer column,
each with a raw database error instead of a sentence."""

from odoo.exceptions import UserError, ValidationError


def check_signature(env, signature):
    """A signature given to a procedure (check-out, copies returned, opening) is
    an image in base64, as Odoo's signature widget sends it: anything else from a
    client gets a sentence, not Python's error."""
    if signature and not isinstance(signature, (str, bytes)):
        raise UserError(
            env._(
                "A signature is an image, as the signature pad sends it: sign on "
                "the screen again."
            )
        )


def check_bounds(model, vals_list, lengths=None, maxima=None):
    """Refuse, with a sentence naming the field, a text of ``vals_list`` longer
    than ``lengths[field]`` characters or a number above ``maxima[field]`` (the
    lower bounds are the database's CHECK constraints, which answer with their
    own sentence)."""
    for vals in vals_list:
        for fname, limit in (lengths or {}).items():
            value = vals.get(fname)
            if isinstance(value, str) and len(value) > limit:
                raise ValidationError(
                    model.env._(
                        "“%(field)s” is too long: at most %(limit)s characters.",
                        field=model._fields[fname]._description_string(model.env),
                        limit=limit,
                    )
                )
        for fname, limit in (maxima or {}).items():
            value = vals.get(fname)
            if (
                isinstance(value, (int, float))
                and not isinstance(value, bool)
                and value > limit
            ):
                raise ValidationError(
                    model.env._(
                        "“%(field)s” cannot be more than %(limit)s.",
                        field=model._fields[fname]._description_string(model.env),
                        limit=limit,
                    )
                )
