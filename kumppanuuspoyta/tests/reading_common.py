from datetime import date

from odoo import fields

from .reading import ReadingChecks


class ReadingFixtures(ReadingChecks):
    """A Finnish and a Swedish participant at the minutes' table, and a
    meeting whose agenda reviews two commitments of an earlier one."""

    @classmethod
    def _setup_reading(cls):
        cls._load_swedish()
        # the table's records are made in its municipality's language
        cls.env = cls.env(context=dict(cls.env.context, lang="fi_FI"))
        cls.env.ref("base.EUR").active = True
        cls.env.company.currency_id = cls.env.ref("base.EUR")
        cls.person_official.lang = "fi_FI"
        cls.person_volunteer.lang = "sv_SE"
        cls.reader = {"fi_FI": cls.person_official, "sv_SE": cls.person_volunteer}

    @classmethod
    def _earlier_meeting(cls):
        """A held meeting with two commitments, their deadlines in
        single-digit days and months as well as double-digit ones."""
        earlier = cls._held_meeting(hours=24 * 10, items=["Lukupiiri"])
        year = fields.Date.today().year + 1
        cls._agree(
            earlier,
            "Kirjasto ja seurakunta aloittavat lukupiirin.",
            earlier.agenda_item_ids,
            [
                {
                    "name": "Varaa lukupiirille tila",
                    "organisation_id": cls.org_city.id,
                    "responsible_partner_id": cls.person_official.id,
                    "deadline": date(year, 1, 7),
                },
                {
                    "name": "Kerää lukupiirin kirjat",
                    "organisation_id": cls.org_assoc.id,
                    "responsible_partner_id": cls.person_volunteer.id,
                    "deadline": date(year, 11, 30),
                },
            ],
        )
        return earlier

    def _currency(self):
        return self.env.company.currency_id.name
