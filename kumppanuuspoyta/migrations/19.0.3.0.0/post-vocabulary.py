"""After 19.0.3.0.0's data loads: the Business sector no longer reads as
Odoo's word for a company (fi Yritys, sv Företag: issue #19's vocabulary).

The sectors are ``noupdate`` data, so Odoo keeps their old translations at
an update; a name still as the addon shipped it takes the new one, a name a
manager changed stays theirs."""

from odoo import SUPERUSER_ID, api

RENAMED = {
    "kumppanuuspoyta.kp_sector_business": (
        ("fi_FI", "Yritys", "Elinkeinoelämä"),
        ("sv_SE", "Företag", "Näringsliv"),
    ),
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    installed = {code for code, _name in env["res.lang"].get_installed()}
    for xmlid, names in RENAMED.items():
        record = env.ref(xmlid, raise_if_not_found=False)
        if not record:
            continue
        renamed = {
            lang: new
            for lang, old, new in names
            if lang in installed and record.with_context(lang=lang).name == old
        }
        if renamed:
            # the translations only: the English source stays as it is
            record.update_field_translations("name", renamed)
