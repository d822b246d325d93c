"""Before 19.0.3.0.0: a contribution's unit is its kind's.

Until 19.0.3.0.0 each contribution stored a copy of its kind's unit in the
language of whoever recorded it ("times" for a Finnish reader, who should
read "kertaa"), which could also be typed over. From 19.0.3.0.0 the unit is
the kind's, translated for each reader. A unit typed on a contribution that
is none of its kind's translations (e.g. "kg" on materials counted in
pieces) moves into the contribution's note with its amount, so nothing that
was typed is lost.
"""

from odoo.tools.sql import column_exists


def migrate(cr, version):
    if not version or not column_exists(cr, "kp_contribution", "unit"):
        return
    cr.execute(
        """
        UPDATE kp_contribution c
           SET note = CONCAT_WS(E'\\n', c.quantity::text || ' ' || c.unit, c.note)
          FROM kp_contribution_kind k
         WHERE k.id = c.kind_id
           AND k.measure <> 'money'
           AND COALESCE(c.unit, '') <> ''
           AND NOT EXISTS (
               SELECT 1 FROM jsonb_each_text(k.unit) AS u(lang, value)
                WHERE u.value = c.unit
           )
        """
    )
