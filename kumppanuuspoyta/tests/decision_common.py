"""An agreement of approved minutes on a theme, handed off for decision and
registered, for the tests of the link back and of the theme's timeline."""

from .common import KpMinutesCommon

REGISTRY = "kirjaamo@pieksamaki.example.org"
CASE = "HEL 2024-015249"


class KpDecisionLinksCommon(KpMinutesCommon):
    """An agreement of approved minutes on a theme, handed off and
    registered; a later meeting held; a meeting to come."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_finnish()
        cls._load_swedish()
        cls._setup_other_company()
        cls.env.company.kp_registry_email = REGISTRY
        cls.person_volunteer.lang = "fi_FI"
        cls.person_official.lang = "sv_SE"
        cls.user_coordinator.lang = "fi_FI"
        cls.theme = cls.env["kp.theme"].create(
            {"table_id": cls.table.id, "name": "Kylien valaistus"}
        )
        cls.first, cls.agreement = cls._lighting_agreement(hours=50, theme=cls.theme)
        cls.item = cls.first.agenda_item_ids
        cls.handoff = cls.env["kp.decision.handoff"].create(
            {"agreement_id": cls.agreement.id, "addressee": "Kaupunginhallitus"}
        )
        cls.handoff.action_send()
        cls.handoff.case_number = CASE
        cls.handoff.action_register()
        cls.second = cls._held_meeting(hours=26, items=["Kyläkoulun tilat"])
        cls.coming = cls._meeting()
        cls.env["kp.agenda.item"].create(
            {"meeting_id": cls.coming.id, "name": "Kevään tapahtumat"}
        )

    @staticmethod
    def _item(meeting):
        """The meeting's own item (not the review of commitments)."""
        return meeting.agenda_item_ids.filtered(lambda i: i.source != "standing")

    def _decide(self):
        day = self._today(self.table)
        self.handoff.write({"decision_date": day, "decision_section": "123"})
        self.handoff.action_approve()
        return day

    @staticmethod
    def _lines(day):
        """The line of the decided matter, in Finnish and Swedish."""
        text = f"{day.day}.{day.month}.{day.year}"
        return {
            "fi_FI": f"Päätöksenteossa: {CASE} – päätetty {text} § 123",
            "sv_SE": f"I beslutsfattandet: {CASE} – beslutat {text} § 123",
        }
