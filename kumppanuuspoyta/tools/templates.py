"""The e-mail templates nobody edited follow the addon at an upgrade (used
by the migrations).

The templates are ``noupdate`` on purpose: managers edit them
(*Configuration > E-mail Templates*), and an update must keep their edits.
A template still as Odoo installed it (last written by the superuser, never
by a person) is reloaded from the addon's data file instead, so its subject
and body carry what the new version sends. Its old translations are
dropped, so Odoo's loading of the translations right after the migration
fills in the current ones."""

import io

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL, convert, file_open

MODULE = "kumppanuuspoyta"


def reload_untouched_templates(cr, data_files):
    """Reload from ``data_files`` (paths under the addons path) the addon's
    mail templates that nobody has edited."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    xmlids = env["ir.model.data"].search(
        [("module", "=", MODULE), ("model", "=", "mail.template")]
    )
    templates = env["mail.template"].browse(xmlids.mapped("res_id")).exists()
    untouched = templates.filtered(lambda t: t.write_uid.id == SUPERUSER_ID)
    names = {xmlid.name for xmlid in xmlids if xmlid.res_id in untouched.ids}
    if not names:
        return
    for data_file in data_files:
        with file_open(data_file, "rb") as data:
            doc = etree.parse(data)
        root = doc.getroot()
        for record in root.findall("record"):
            if record.get("id") not in names:
                root.remove(record)
        if not len(root):
            continue
        xml = io.BytesIO(etree.tostring(doc, encoding="UTF-8", xml_declaration=True))
        xml.name = data_file
        convert.convert_xml_import(env, MODULE, xml, mode="init", noupdate=True)
    translated = [
        name
        for name, field in env["mail.template"]._fields.items()
        if field.translate and field.store
    ]
    env.flush_all()
    for name in translated:
        column = SQL.identifier(name)
        cr.execute(
            SQL(
                "UPDATE mail_template"
                " SET %s = jsonb_build_object('en_US', %s -> 'en_US')"
                " WHERE id IN %s AND %s IS NOT NULL",
                column,
                column,
                tuple(untouched.ids),
                column,
            )
        )
    env.invalidate_all()
