from datetime import timedelta

from odoo import fields

from .common import KpFixtures


class KpPublicationFixtures(KpFixtures):
    """A regional table with an official (chair), a coordinator (secretary),
    a participant, a portal participant and a resident with contact
    details, and approved minutes of a held meeting where the resident took
    a commitment."""

    @classmethod
    def _setup_publication_fixtures(cls):
        cls._setup_municipalities()
        # a Finnish municipality: its memos speak Finnish (a database without
        # demo data has neither the language nor the municipality's setting)
        cls._load_finnish()
        cls.env.company.partner_id.lang = "fi_FI"
        users = cls._role_users("kp_pub")
        cls.user_participant = users["participant"]
        cls.user_coordinator = users["coordinator"]
        cls.user_manager = users["manager"]
        cls.user_portal = users["portal"]
        cls.company.kp_registry_email = "kirjaamo@example.org"
        cls.table = cls._table(
            "Virtasalmen aluepöytä", state="active", residents_participate=True
        )
        cls.seat_official = cls._seat(cls.table, cls.person_official, [cls.role_chair])
        cls.seat_coordinator = cls._seat(
            cls.table, cls.user_coordinator.partner_id, [cls.role_secretary]
        )
        cls._seat(cls.table, cls.user_participant.partner_id, [cls.role_member])
        cls._seat(cls.table, cls.user_portal.partner_id, [cls.role_member])
        cls.resident = cls.person_resident
        cls.resident.write(
            {
                "email": "riitta.asukas@example.com",
                "phone": "040 123 4567",
                "street": "Kylätie 5",
            }
        )
        cls._seat(cls.table, cls.resident, [cls.role_member])
        cls.minutes = cls._approved_minutes_of(cls.table)

    @classmethod
    def _approved_minutes_of(cls, table):
        env = cls.env
        start = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        meeting = env["kp.meeting"].create(
            {
                "table_id": table.id,
                "start": start - timedelta(hours=3),
                "chair_id": cls.seat_official.id,
                "secretary_id": cls.seat_coordinator.id,
                "location": "Kylätalo, Kylätie 1",
            }
        )
        school, support = env["kp.agenda.item"].create(
            [
                {"meeting_id": meeting.id, "name": "Kyläkoulun tilat", "sequence": 1},
                {"meeting_id": meeting.id, "name": "Asukkaan tukiasia", "sequence": 2},
            ]
        )
        meeting.action_held()
        school.discussion = "Tilat sopivat iltakäyttöön."
        agreement = env["kp.agreement"].create(
            {
                "meeting_id": meeting.id,
                "agenda_item_id": school.id,
                "name": "Koulu avataan kylän käyttöön syksyllä.",
            }
        )
        env["kp.commitment"].create(
            [
                {
                    "agreement_id": agreement.id,
                    "name": "Selvitä avainten jako",
                    "organisation_id": cls.org_city.id,
                    "responsible_partner_id": cls.person_official.id,
                },
                {
                    "agreement_id": agreement.id,
                    "name": "Kysy kyläläisten toiveet",
                    "organisation_id": cls.org_assoc.id,
                    "responsible_partner_id": cls.resident.id,
                },
            ]
        )
        support.discussion = "Keskusteltiin yhden perheen tilanteesta."
        meeting.action_draft_minutes()
        meeting.with_user(cls.user_coordinator).action_approve_minutes()
        return meeting.minutes_ids

    @classmethod
    def _publication(cls, minutes=None, user=None, **vals):
        Publication = cls.env["kp.publication"].with_user(user or cls.user_coordinator)
        return Publication.create({"minutes_id": (minutes or cls.minutes).id, **vals})

    @classmethod
    def _published(cls, **vals):
        publication = cls._publication(**vals)
        publication.action_publish()
        return publication
