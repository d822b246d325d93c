"""Before 19.0.2.0.0's data loads: the record rules follow the addon.

19.0.1.0.0 loaded its internal record rules with ``noupdate``, so ``-u``
left the rules of the first installation in force, also rules the addon no
longer ships. Their external ids become updatable here: the update then
writes every rule as the addon defines it now and deletes the ones it
dropped. The reminder cron was updatable and is ``noupdate`` from now on,
so a changed schedule or a deactivation is kept across updates.

The demo data of 19.0.2.0.0 has a Swedish-speaking participant, and the demo
activates Swedish with a record of base that an update does not write: a
demonstration database is given Swedish here, before its new demo records
load (a database without demo data keeps its languages).
"""

from odoo import SUPERUSER_ID, api

MODULE = "kumppanuuspoyta"


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "UPDATE ir_model_data SET noupdate = FALSE"
        " WHERE module = %s AND model = 'ir.rule' AND noupdate",
        (MODULE,),
    )
    cr.execute(
        "UPDATE ir_model_data SET noupdate = TRUE"
        " WHERE module = %s AND model = 'ir.cron' AND NOT noupdate",
        (MODULE,),
    )
    cr.execute("SELECT demo FROM ir_module_module WHERE name = %s", (MODULE,))
    [(demo,)] = cr.fetchall()
    if demo:
        api.Environment(cr, SUPERUSER_ID, {})["res.lang"]._activate_lang("sv_SE")
