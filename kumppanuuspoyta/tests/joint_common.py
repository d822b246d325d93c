from odoo import Command

from .common import KpFixtures

ORGS = (
    "Keurusseudun sydänyhdistys",
    "Muistiyhdistys, Keuruun alaosasto",
    "Keuruun kirjastotoimi",
    "Keuruun Ystäväntupa",
    "Keuruun Vanhusneuvosto",
    "Keuruun seurakunta",
)


class KpJointFixtures(KpFixtures):
    """Keuruu's table with six organisations in the roster of Kahvia ja
    kohtaamisia; a coordinator, a participant of the first organisation, a
    portal user of the second and another municipality."""

    @classmethod
    def _setup_joint_fixtures(cls):
        cls._setup_municipalities()
        env = cls.env
        env["res.lang"]._activate_lang("en_US")
        # Finnish municipalities count in euros
        env.ref("base.EUR").active = True
        env.company.currency_id = env.ref("base.EUR")
        users = cls._role_users("kp_ja")
        cls.user_participant = users["participant"]
        cls.user_coordinator = users["coordinator"]
        cls.user_manager = users["manager"]
        cls.user_portal = users["portal"]
        cls.table = cls._table("Keuruun kumppanuuspöytä", state="active")
        cls.orgs = env["res.partner"]
        cls.people = env["res.partner"]
        cls.seats = env["kp.participant"]
        for index, name in enumerate(ORGS):
            org = cls._organisation(name, "kp_sector_association")
            person = cls._person(
                f"Henkilö {index + 1}", org, f"h{index + 1}@example.com"
            )
            cls.orgs |= org
            cls.people |= person
            cls.seats |= cls._seat(cls.table, person, [cls.role_member])
        cls.user_participant.partner_id.parent_id = cls.orgs[0]
        cls.user_portal.partner_id.parent_id = cls.orgs[1]
        cls._seat(cls.table, cls.user_participant.partner_id, [cls.role_member])
        cls._seat(cls.table, cls.user_portal.partner_id, [cls.role_member])
        cls._seat(cls.table, cls.user_coordinator.partner_id, [cls.role_convener])
        cls.activity = env["kp.joint.activity"].create(
            {
                "name": "Kahvia ja kohtaamisia",
                "table_id": cls.table.id,
                "place": "Kirjaston Salonki",
                "roster_ids": [
                    Command.create({"organisation_id": org.id, "sequence": i})
                    for i, org in enumerate(cls.orgs)
                ],
            }
        )

    @classmethod
    def _season(cls, start, end, user=None, **vals):
        wizard = (
            cls.env["kp.activity.season.wizard"]
            .with_user(user or cls.user_coordinator)
            .create(
                {
                    "activity_id": cls.activity.id,
                    "date_from": start,
                    "date_to": end,
                    "frequency": "monthly",
                    "weekday": "TUE",
                    "week_of_month": "3",
                    **vals,
                }
            )
        )
        action = wizard.action_generate()
        return cls.env["kp.activity.occurrence"].search(action["domain"])
