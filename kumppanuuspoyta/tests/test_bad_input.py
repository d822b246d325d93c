"""Nonsense is refused with a clear, translated message and nothing written.

The cases are a table: each names the bad input, does it as a given user in
a given language, and says which exception and which message (a fragment in
English and in Finnish) it must end in. The runner checks each case in both
languages and that nothing was written: the counts of the case's model and
of the mail queue and chatter are unchanged, and so is the targeted record.
More cases (e.g. the portal's forms) go through the same runner.
"""

from datetime import datetime, timedelta
from typing import NamedTuple
from urllib.parse import quote

from odoo import Command, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .bad_input_common import BadInputRunner
from .common import KpMinutesCommon, KpPortalCase

SCRIPT = "<script>alert(1)</script>"
MISSING_ID = 999999


class BadInput(NamedTuple):
    description: str
    # run(env) does the bad thing in env: the case's user, the asked language
    run: object
    exception: type
    english: str
    finnish: str
    # whose records are counted before and after
    model: str
    # the attribute of the test class holding the user; None: the superuser
    user: str | None = "user_manager"
    # the targeted records (a recordset or a tuple of them), read before and after
    record: object = ()


@tagged("post_install", "-at_install")
class TestBadInput(BadInputRunner, KpMinutesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.user_admin = env.ref("base.user_admin")
        # before any commitment, so no review item lands on their agendas
        cls.meeting = cls._meeting(
            chair_id=cls.seat_official.id, secretary_id=cls.seat_coordinator.id
        )
        cls.sent_meeting = cls._meeting(start=cls._start(days=14))
        cls.sent_item = env["kp.agenda.item"].create(
            {"meeting_id": cls.sent_meeting.id, "name": "Kevään tapahtumat"}
        )
        cls.sent_meeting.action_send_agenda()
        cls.held = cls._held_meeting(items=["Kevään vastuujärjestöt"])
        cls.drafted = cls._held_meeting(hours=30, items=["Kunnantiedote"])
        cls.agreement = cls._agree(
            cls.drafted,
            "Tiedote jaetaan jokaiseen kotiin.",
            cls.drafted.agenda_item_ids,
        )
        cls.drafted.action_draft_minutes()
        cls.approved = cls._approved_meeting()
        cls.proposal = env["kp.agenda.item"].create(
            {
                "table_id": cls.table.id,
                "name": "Kirjaston aukioloajat",
                "proposer_id": cls.seat_user.id,
            }
        )
        other_table = cls._table("Toinen pöytä")
        cls.stranger = cls._seat(other_table, cls.person_resident)
        cls.seat_left = cls._seat(
            cls.table,
            cls.person_resident,
            state="left",
            left_date=cls._today(cls.table),
        )
        cls.ended_table = cls._table("Päättynyt pöytä")
        cls.ended_table.action_end()
        Commitment = env["kp.commitment"]
        cls.commitment_city = Commitment.create(
            {
                "table_id": cls.table.id,
                "name": "Selvitä painokulut",
                "organisation_id": cls.org_city.id,
                "responsible_partner_id": cls.person_official.id,
            }
        )
        cls.commitment_own = Commitment.create(
            {
                "table_id": cls.table.id,
                "name": "Kerää yhdistysten uutiset",
                "organisation_id": cls.org_assoc.id,
                "responsible_partner_id": cls.user_participant.partner_id.id,
            }
        )
        # another municipality in the same database
        cls._setup_other_company()
        cls.meeting_other = cls._meeting(cls.table_other)
        cls.agreement_other = env["kp.agreement"].create(
            {"meeting_id": cls.meeting_other.id, "name": "Toisen kunnan asia."}
        )
        cls.seat_other = cls._seat(cls.table_other, cls.person_volunteer)

    def _cases(self):  # noqa: PLR0915 - one table of cases
        table, meeting, held = self.table, self.meeting, self.held
        proposal, drafted, approved = self.proposal, self.drafted, self.approved
        city, own = self.commitment_city, self.commitment_own
        stage_done = self.stage_done
        long_title = "Pöytä " * 40  # 240 characters
        before_drafted = (drafted.start - timedelta(days=7)).date()

        def on(records, env):
            return records.with_env(env)

        def create(model, **vals):
            return lambda env: env[model].create(vals)

        return [
            # --- meetings: dates and length ----------------------------
            BadInput(
                "meeting ends before it starts",
                lambda env: on(meeting, env).write(
                    {"stop": meeting.start - timedelta(hours=1)}
                ),
                ValidationError,
                "must last more than 0 and at most 8 hours",
                "keston on oltava yli 0 ja enintään 8 tuntia",
                "kp.meeting",
                record=(meeting, meeting.event_id),
            ),
            BadInput(
                "meeting of no length",
                create(
                    "kp.meeting",
                    table_id=table.id,
                    start=self._start(days=3),
                    duration=0,
                ),
                ValidationError,
                "must last more than 0 and at most 8 hours",
                "keston on oltava yli 0 ja enintään 8 tuntia",
                "kp.meeting",
            ),
            BadInput(
                "meeting longer than a working day",
                lambda env: on(meeting, env).write({"duration": 9}),
                ValidationError,
                "must last more than 0 and at most 8 hours",
                "keston on oltava yli 0 ja enintään 8 tuntia",
                "kp.meeting",
                record=meeting,
            ),
            BadInput(
                "meeting in the distant past",
                create("kp.meeting", table_id=table.id, start=datetime(1925, 6, 1, 9)),
                ValidationError,
                "is not plausible",
                "ei ole mahdollinen",
                "kp.meeting",
            ),
            BadInput(
                "meeting moved centuries ahead",
                lambda env: on(meeting, env).write({"start": datetime(2325, 6, 1, 9)}),
                ValidationError,
                "is not plausible",
                "ei ole mahdollinen",
                "kp.meeting",
                record=(meeting, meeting.event_id),
            ),
            BadInput(
                "meeting without a start",
                create("kp.meeting", table_id=table.id),
                ValidationError,
                "A meeting needs a start time.",
                "Tapaamiselle tarvitaan alkamisaika.",
                "kp.meeting",
            ),
            BadInput(
                "meeting at a table that does not exist",
                create("kp.meeting", table_id=MISSING_ID, start=self._start()),
                MissingError,
                "Record does not exist or has been deleted.",
                "Tietuetta ei ole olemassa tai se on poistettu.",
                "kp.meeting",
            ),
            BadInput(
                "meeting of an ended table",
                create("kp.meeting", table_id=self.ended_table.id, start=self._start()),
                ValidationError,
                "has ended or is archived",
                "on päättynyt tai arkistoitu",
                "kp.meeting",
            ),
            BadInput(
                "meeting moved to another table",
                lambda env: on(meeting, env).write(
                    {"table_id": self.stranger.table_id.id}
                ),
                UserError,
                "A meeting cannot move to another table.",
                "Tapaamista ei voi siirtää toiseen pöytään.",
                "kp.meeting",
                record=meeting,
            ),
            BadInput(
                "meeting title with a script",
                lambda env: on(meeting, env).write({"name": f"Kevät {SCRIPT}"}),
                ValidationError,
                "Titles are plain text",
                "Otsikot ovat pelkkää tekstiä",
                "kp.meeting",
                record=(meeting, meeting.event_id),
            ),
            # --- meetings: who chairs and records -----------------------
            BadInput(
                "chair who is not a participant of the table",
                lambda env: on(meeting, env).write({"chair_id": self.stranger.id}),
                ValidationError,
                "must be a participant of the table",
                "on valittava pöydän",
                "kp.meeting",
                record=meeting,
            ),
            BadInput(
                "secretary who has left the table",
                lambda env: on(meeting, env).write({"secretary_id": self.seat_left.id}),
                ValidationError,
                "must be a participant of the table",
                "on valittava pöydän",
                "kp.meeting",
                record=meeting,
            ),
            BadInput(
                "chair from another municipality's table",
                lambda env: on(meeting, env).write({"chair_id": self.seat_other.id}),
                ValidationError,
                "must be a participant of the table",
                "on valittava pöydän",
                "kp.meeting",
                record=meeting,
            ),
            # --- meetings: actions ------------------------------------
            BadInput(
                "meeting held before it starts",
                lambda env: on(meeting, env).action_held(),
                UserError,
                "A meeting that has not started cannot be held.",
                "ei voi merkitä pidetyksi",
                "kp.meeting",
                user="user_coordinator",
                record=meeting,
            ),
            BadInput(
                "held meeting cancelled",
                lambda env: on(held, env).action_cancel(),
                UserError,
                "Only a planned meeting can be cancelled.",
                "Vain suunnitellun tapaamisen voi perua.",
                "kp.meeting",
                user="user_coordinator",
                record=(held, held.event_id),
            ),
            BadInput(
                "empty agenda sent",
                lambda env: on(meeting, env).action_send_agenda(),
                UserError,
                "The agenda is empty",
                "Asialista on tyhjä",
                "kp.meeting",
                user="user_coordinator",
                record=meeting,
            ),
            BadInput(
                "agenda sent twice unchanged",
                lambda env: on(self.sent_meeting, env).action_send_agenda(),
                UserError,
                "was already sent on",
                "eikä se ole sen jälkeen muuttunut",
                "kp.meeting",
                user="user_coordinator",
                record=self.sent_meeting,
            ),
            # --- agenda items -----------------------------------------
            BadInput(
                "agenda item title too long",
                create("kp.agenda.item", meeting_id=meeting.id, name=long_title),
                ValidationError,
                "is too long: at most 200 characters",
                "on liian pitkä: enintään 200 merkkiä",
                "kp.agenda.item",
            ),
            BadInput(
                "agenda item title with HTML",
                lambda env: on(proposal, env).write(
                    {"name": '<b onmouseover="alert(1)">Aukioloajat</b>'}
                ),
                ValidationError,
                "Titles are plain text",
                "Otsikot ovat pelkkää tekstiä",
                "kp.agenda.item",
                record=proposal,
            ),
            BadInput(
                "negative time estimate",
                lambda env: on(proposal, env).write({"duration": -15}),
                ValidationError,
                "must be between 0 and 480 minutes",
                "aika-arvion on oltava 0–480 minuuttia",
                "kp.agenda.item",
                record=proposal,
            ),
            BadInput(
                "agenda item added to a held meeting",
                create("kp.agenda.item", meeting_id=held.id, name="Jälkikäteen"),
                ValidationError,
                "only planned meetings take new agenda items",
                "vain suunniteltuihin tapaamisiin voi lisätä",
                "kp.agenda.item",
            ),
            BadInput(
                "proposer who does not sit at the table",
                lambda env: on(proposal, env).write({"proposer_id": self.stranger.id}),
                ValidationError,
                "does not sit at the table",
                "ei istu pöydässä",
                "kp.agenda.item",
                record=proposal,
            ),
            BadInput(
                "agenda item on a meeting that does not exist",
                create("kp.agenda.item", meeting_id=MISSING_ID, name="Aukioloajat"),
                ValidationError,
                f"the record with id {MISSING_ID} does not exist",
                f"tietuetta tunnisteella {MISSING_ID} ei ole olemassa",
                "kp.agenda.item",
            ),
            BadInput(
                "agenda item of another municipality's meeting",
                create(
                    "kp.agenda.item",
                    table_id=table.id,
                    meeting_id=self.meeting_other.id,
                    name="Yhteinen asia",
                ),
                ValidationError,
                "belongs to another table than its meeting",
                "kuuluu eri pöytään kuin sen tapaaminen",
                "kp.agenda.item",
                user=None,
            ),
            BadInput(
                "proposal declined without a reason",
                lambda env: (
                    env["kp.agenda.decline.wizard"]
                    .create({"item_ids": [Command.set(proposal.ids)], "reason": " \n "})
                    .action_decline()
                ),
                UserError,
                "Tell the proposer why the proposal is declined.",
                "Kerro ehdottajalle, miksi ehdotus jätetään pois asialistalta.",
                "kp.agenda.item",
                user="user_coordinator",
                record=proposal,
            ),
            BadInput(
                "proposal accepted without a meeting",
                lambda env: on(proposal, env).action_accept(),
                UserError,
                "Choose the meeting for the proposal",
                "Valitse ensin tapaaminen ehdotukselle",
                "kp.agenda.item",
                user="user_coordinator",
                record=proposal,
            ),
            BadInput(
                "participant puts a proposal on the agenda",
                lambda env: on(proposal, env).write(
                    {"meeting_id": meeting.id, "state": "accepted"}
                ),
                AccessError,
                "You are not allowed to modify 'Partnership Table'",
                "Et saa muuttaa 'Kumppanuuspöytä'",
                "kp.agenda.item",
                user="user_participant",
                record=proposal,
            ),
            # --- tables, themes, standing items --------------------------
            BadInput(
                "table name too long",
                lambda env: on(table, env).write({"name": long_title}),
                ValidationError,
                "is too long: at most 200 characters",
                "on liian pitkä: enintään 200 merkkiä",
                "kp.table",
                record=table,
            ),
            BadInput(
                "table name with a script",
                create("kp.table", name=SCRIPT),
                ValidationError,
                "Titles are plain text",
                "Otsikot ovat pelkkää tekstiä",
                "kp.table",
            ),
            BadInput(
                "table name of blanks",
                create("kp.table", name="   "),
                ValidationError,
                "cannot be empty",
                "ei voi olla tyhjä",
                "kp.table",
            ),
            BadInput(
                "default meeting length of zero",
                lambda env: on(table, env).write({"default_duration": 0}),
                ValidationError,
                "must be more than 0 and at most 8 hours",
                "oletuskeston on oltava yli 0 ja enintään 8 tuntia",
                "kp.table",
                record=table,
            ),
            BadInput(
                "ended table paused",
                lambda env: on(self.ended_table, env).action_pause(),
                UserError,
                "cannot move from",
                "ei voi siirtyä tilasta",
                "kp.table",
                record=self.ended_table,
            ),
            BadInput(
                "participant writes the table's goal",
                lambda env: on(table, env).write({"goal": "Oma tavoite"}),
                AccessError,
                "You are not allowed to modify 'Partnership Table'",
                "Et saa muuttaa 'Kumppanuuspöytä'",
                "kp.table",
                user="user_participant",
                record=table,
            ),
            BadInput(
                "theme title with an image that runs a script",
                create(
                    "kp.theme",
                    table_id=table.id,
                    name='<img src="x" onerror="alert(1)">',
                ),
                ValidationError,
                "Titles are plain text",
                "Otsikot ovat pelkkää tekstiä",
                "kp.theme",
            ),
            BadInput(
                "standing item of negative length",
                create(
                    "kp.standing.item", table_id=table.id, name="Avaus", duration=-5
                ),
                ValidationError,
                "must be between 0 and 480 minutes",
                "aika-arvion on oltava 0–480 minuuttia",
                "kp.standing.item",
            ),
            # --- participants and attendance ----------------------------
            BadInput(
                "person seated twice at the same table",
                create(
                    "kp.participant",
                    table_id=table.id,
                    partner_id=self.person_official.id,
                ),
                ValidationError,
                "already sits at the table",
                "istuu jo pöydässä",
                "kp.participant",
            ),
            BadInput(
                "organisation seated as a participant",
                create(
                    "kp.participant", table_id=table.id, partner_id=self.org_city.id
                ),
                ValidationError,
                "A participant is a person",
                "Osallistuja on henkilö",
                "kp.participant",
            ),
            BadInput(
                "participant leaves before joining",
                lambda env: on(self.seat_user, env).write(
                    {
                        "joined_date": "2030-05-01",
                        "left_date": "2030-04-01",
                        "state": "left",
                    }
                ),
                ValidationError,
                "cannot leave the table before joining it",
                "ei voi lähteä pöydästä ennen kuin on liittynyt",
                "kp.participant",
                record=self.seat_user,
            ),
            BadInput(
                "participant at a table that does not exist",
                create(
                    "kp.participant",
                    table_id=MISSING_ID,
                    partner_id=self.person_resident.id,
                ),
                ValidationError,
                f"the record with id {MISSING_ID} does not exist",
                f"tietuetta tunnisteella {MISSING_ID} ei ole olemassa",
                "kp.participant",
            ),
            BadInput(
                "attendance of someone not at the table",
                create(
                    "kp.attendance",
                    meeting_id=held.id,
                    participant_id=self.stranger.id,
                ),
                ValidationError,
                "no attendance is recorded for them",
                "hänelle ei kirjata läsnäoloa",
                "kp.attendance",
            ),
            # --- agreements and minutes ---------------------------------
            BadInput(
                "agreement with a script",
                create("kp.agreement", meeting_id=held.id, name=f"Sovittiin {SCRIPT}"),
                ValidationError,
                "Titles are plain text",
                "Otsikot ovat pelkkää tekstiä",
                "kp.agreement",
            ),
            BadInput(
                "agreement added to approved minutes",
                create("kp.agreement", meeting_id=approved.id, name="Vielä yksi."),
                UserError,
                "what was agreed can no longer change",
                "sovittuja asioita ei voi enää muuttaa",
                "kp.agreement",
            ),
            BadInput(
                "agreement on another meeting's agenda item",
                create(
                    "kp.agreement",
                    meeting_id=held.id,
                    agenda_item_id=self.sent_item.id,
                    name="Sovittiin tapahtumista.",
                ),
                ValidationError,
                "is not on the agenda of this meeting",
                "ei ole tämän tapaamisen asialistalla",
                "kp.agreement",
            ),
            BadInput(
                "meeting closed without agreements",
                lambda env: on(held, env).action_draft_minutes(),
                UserError,
                "has no recorded agreements",
                "ei ole kirjattuja sovittuja asioita",
                "kp.meeting",
                user="user_coordinator",
                record=held,
            ),
            BadInput(
                "minutes approved before they are drafted",
                lambda env: on(held, env).action_approve_minutes(),
                UserError,
                "Only drafted minutes can be approved.",
                "Vain laaditun muistion voi hyväksyä.",
                "kp.minutes",
                user="user_coordinator",
                record=held,
            ),
            BadInput(
                "minutes approved by neither the chair nor the secretary",
                lambda env: on(drafted, env).action_approve_minutes(),
                UserError,
                "Only the chair or the secretary",
                "Vain tapaamisen",
                "kp.minutes",
                user="user_convener",
                record=drafted,
            ),
            BadInput(
                "minutes distributed before approval",
                lambda env: on(drafted, env).action_distribute_minutes(),
                UserError,
                "Approve the minutes before distributing them.",
                "Hyväksy muistio ennen sen jakelua.",
                "kp.meeting",
                user="user_coordinator",
                record=drafted,
            ),
            BadInput(
                "minutes corrected without a reason",
                lambda env: (
                    env["kp.minutes.correction.wizard"]
                    .create({"meeting_id": approved.id, "reason": "  "})
                    .action_correct()
                ),
                UserError,
                "A correction of approved minutes needs a reason.",
                "Hyväksytyn muistion korjaukselle tarvitaan syy.",
                "kp.minutes",
                user="user_coordinator",
                record=(approved, approved.minutes_ids),
            ),
            BadInput(
                "approved minutes reopened by writing the state",
                lambda env: on(approved, env).write({"state": "held"}),
                UserError,
                "Approved minutes do not change",
                "Hyväksytty muistio ei muutu",
                "kp.meeting",
                record=approved,
            ),
            # --- commitments ------------------------------------------
            BadInput(
                "commitment without a responsible organisation",
                create("kp.commitment", table_id=table.id, name="Kuka tekee?"),
                ValidationError,
                "needs a responsible organisation",
                "on oltava vastuuorganisaatio",
                "kp.commitment",
            ),
            BadInput(
                "responsible organisation cleared",
                lambda env: on(city, env).write({"organisation_id": False}),
                ValidationError,
                "needs a responsible organisation",
                "on oltava vastuuorganisaatio",
                "kp.commitment",
                record=city,
            ),
            BadInput(
                "responsible person who is an organisation",
                create(
                    "kp.commitment",
                    table_id=table.id,
                    name="Varaa tila",
                    organisation_id=self.org_assoc.id,
                    responsible_partner_id=self.org_city.id,
                ),
                ValidationError,
                "must be a person",
                "vastuuhenkilön on oltava henkilö",
                "kp.commitment",
            ),
            BadInput(
                "responsible organisation who is a person",
                lambda env: on(city, env).write(
                    {"organisation_id": self.person_resident.id}
                ),
                ValidationError,
                "must be an organisation",
                "vastuuorganisaation on oltava organisaatio",
                "kp.commitment",
                record=city,
            ),
            BadInput(
                "deadline before the meeting it was agreed at",
                create(
                    "kp.commitment",
                    agreement_id=self.agreement.id,
                    name="Jaa tiedote",
                    organisation_id=self.org_assoc.id,
                    deadline=before_drafted,
                ),
                ValidationError,
                "is before the meeting",
                "on ennen tapaamista",
                "kp.commitment",
            ),
            BadInput(
                "commitment name too long",
                lambda env: on(city, env).write({"name": long_title}),
                ValidationError,
                "is too long: at most 200 characters",
                "on liian pitkä: enintään 200 merkkiä",
                "kp.commitment",
                record=city,
            ),
            BadInput(
                "commitment name with a script",
                create(
                    "kp.commitment",
                    table_id=table.id,
                    name=SCRIPT,
                    organisation_id=self.org_assoc.id,
                ),
                ValidationError,
                "Titles are plain text",
                "Otsikot ovat pelkkää tekstiä",
                "kp.commitment",
            ),
            BadInput(
                "commitment at this table for another municipality's agreement",
                create(
                    "kp.commitment",
                    table_id=table.id,
                    agreement_id=self.agreement_other.id,
                    name="Yhteinen tiedote",
                    organisation_id=self.org_assoc.id,
                ),
                ValidationError,
                "belongs to the table of its agreement",
                "kuuluu sen sovitun asian pöytään",
                "kp.commitment",
                user=None,
            ),
            BadInput(
                "commitment in a stage that does not exist",
                create(
                    "kp.commitment",
                    table_id=table.id,
                    name="Varaa tila",
                    organisation_id=self.org_assoc.id,
                    stage_id=MISSING_ID,
                ),
                ValidationError,
                f"the record with id {MISSING_ID} does not exist",
                f"tietuetta tunnisteella {MISSING_ID} ei ole olemassa",
                "kp.commitment",
            ),
            BadInput(
                "participant moves another organisation's commitment",
                lambda env: on(city, env).write({"stage_id": stage_done.id}),
                AccessError,
                "Looks like you have stumbled upon some top-secret records",
                "Näyttää siltä, että sinulla ei ole pääsyä näihin tietueisiin",
                "kp.commitment",
                user="user_participant",
                record=city,
            ),
            BadInput(
                "participant moves the deadline of their own commitment",
                lambda env: on(own, env).write({"deadline": "2031-01-31"}),
                AccessError,
                "You are not allowed to modify 'Partnership Table'",
                "Et saa muuttaa 'Kumppanuuspöytä'",
                "kp.commitment",
                user="user_participant",
                record=own,
            ),
            # --- configuration ----------------------------------------
            BadInput(
                "reminder days before the deadline negative",
                lambda env: on(self.company, env).write({"kp_reminder_days": -1}),
                ValidationError,
                "0 to 60 days before the deadline",
                "0–60 päivää ennen määräaikaa",
                "res.company",
                user="user_admin",
                record=self.company,
            ),
            BadInput(
                "reminder days a quarter ahead",
                lambda env: on(self.company, env).write({"kp_reminder_days": 90}),
                ValidationError,
                "0 to 60 days before the deadline",
                "0–60 päivää ennen määräaikaa",
                "res.company",
                user="user_admin",
                record=self.company,
            ),
            BadInput(
                "participant adds a sector",
                create("kp.sector", name="Oma sektori"),
                AccessError,
                "You are not allowed to create 'Sector'",
                "Et saa luoda 'Sektori'",
                "kp.sector",
                user="user_participant",
            ),
            BadInput(
                "coordinator renames a role",
                lambda env: on(self.role_chair, env).write({"name": "Pomo"}),
                AccessError,
                "You are not allowed to modify 'Participant Role'",
                "Et saa muuttaa",
                "kp.role",
                user="user_coordinator",
                record=self.role_chair,
            ),
            BadInput(
                "coordinator adds a commitment stage",
                create("kp.commitment.stage", name="Unohdettu"),
                AccessError,
                "You are not allowed to create 'Commitment Stage'",
                "Et saa luoda",
                "kp.commitment.stage",
                user="user_coordinator",
            ),
        ]

    def test_cases_are_many_and_distinct(self):
        cases = self._cases()
        self.assertGreaterEqual(len(cases), 30)
        descriptions = [case.description for case in cases]
        self.assertEqual(len(set(descriptions)), len(descriptions))

    def test_refused_in_english(self):
        self._run_cases(self._cases(), "en_US")

    def test_refused_in_finnish(self):
        self._run_cases(self._cases(), "fi_FI")

    def test_html_notes_come_out_sanitized(self):
        notes = (
            f"<p>Painokulut selvitetty.</p>{SCRIPT}"
            '<img src="x" onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
        )
        commitment = self.commitment_city.with_user(self.user_manager)
        commitment.notes = notes
        created = (
            self.env["kp.commitment"]
            .with_user(self.user_manager)
            .create(
                {
                    "table_id": self.table.id,
                    "name": "Tilaa painotyö",
                    "organisation_id": self.org_city.id,
                    "notes": notes,
                }
            )
        )
        for record in commitment | created:
            record.invalidate_recordset()
            self.assertIn("Painokulut selvitetty.", record.notes)
            for bad in ("<script", "alert(1)", "onerror", "javascript:"):
                self.assertNotIn(bad, record.notes)

    def test_plain_titles_with_signs_are_accepted(self):
        # "<" followed by a number or a space, and "&", are not markup
        table = self._table("Alle <18-vuotiaat & perheet < 3 lasta")
        self.assertEqual(table.name, "Alle <18-vuotiaat & perheet < 3 lasta")
        self.assertEqual(len(self._table("P" * 200).name), 200)


class PortalInput(NamedTuple):
    description: str
    # post(case_test) sends the form and returns the response
    post: object
    # 200: the form comes back with the message; 404: the id is refused
    status: int
    english: str = ""
    finnish: str = ""


@tagged("post_install", "-at_install")
class TestBadPortalInput(KpPortalCase):
    """The portal's forms refuse bad input: the form comes back with a
    translated message and what was typed, or a tampered id gets a 404; in
    both cases nothing is written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting_a = cls._meeting_in(cls.table_a, 10, name="Kevään suunnittelu")
        cls.meeting_b = cls._meeting_in(cls.table_b, 10, name="Beta-tapaaminen")

    def _form(self, url, **data):
        return self.url_open(
            url,
            data={"csrf_token": http.Request.csrf_token(self), **data},
            allow_redirects=False,
        )

    def _propose(self, **data):
        return self._form(f"/my/kp/tables/{self.table_a.id}/propose", **data)

    def _cases(self):
        commitment, other = self.commitment_mine, self.commitment_other
        stage = (self.stages - commitment.stage_id)[:1]
        return [
            PortalInput(
                "proposal without a title",
                lambda t: t._propose(name="   ", duration="15"),
                200,
                "Give your proposal a title.",
                "Anna ehdotuksellesi otsikko.",
            ),
            PortalInput(
                "time estimate in words",
                lambda t: t._propose(name="Kohta", duration="puoli tuntia"),
                200,
                "whole number of minutes",
                "kokonaisina minuutteina",
            ),
            PortalInput(
                "time estimate of a week",
                lambda t: t._propose(name="Kohta", duration="9999"),
                200,
                "must be between 0 and 480 minutes",
                "aika-arvion on oltava 0–480 minuuttia",
            ),
            # str.isdigit() is true for these; int() refuses or overflows them
            PortalInput(
                "time estimate in superscript digits",
                lambda t: t._propose(name="Kohta", duration="²"),
                200,
                "whole number of minutes",
                "kokonaisina minuutteina",
            ),
            PortalInput(
                "time estimate past any integer",
                lambda t: t._propose(name="Kohta", duration="1" + "0" * 20),
                200,
                "whole number of minutes",
                "kokonaisina minuutteina",
            ),
            PortalInput(
                "meeting id in superscript digits",
                lambda t: t._propose(name="Kohta", meeting_id="²"),
                200,
                "coming meetings, or none",
                "Valitse jokin pöydän tulevista tapaamisista",
            ),
            PortalInput(
                "NUL in a proposal's title",
                lambda t: t._propose(name="Koh\x00ta"),
                200,
                "cannot be saved",
                "jota ei voi tallentaa",
            ),
            PortalInput(
                "NUL in a proposal's description",
                lambda t: t._propose(name="Kohta", description="a\x00b"),
                200,
                "cannot be saved",
                "jota ei voi tallentaa",
            ),
            PortalInput(
                "a megabyte of description",
                lambda t: t._propose(name="Kohta", description="x" * 1_000_000),
                200,
                # numbers as people write them (issue #20, point 15)
                "at most 10,000 characters",
                "enintään 10\N{NO-BREAK SPACE}000 merkkiä",
            ),
            PortalInput(
                "proposal for another table's meeting",
                lambda t: t._propose(name="Kohta", meeting_id=str(t.meeting_b.id)),
                200,
                "coming meetings, or none",
                "Valitse jokin pöydän tulevista tapaamisista",
            ),
            PortalInput(
                "proposal for a meeting that does not exist",
                lambda t: t._propose(name="Kohta", meeting_id="999999"),
                200,
                "coming meetings, or none",
                "Valitse jokin pöydän tulevista tapaamisista",
            ),
            PortalInput(
                "proposal title with a script",
                lambda t: t._propose(name=f"Kohta {SCRIPT}"),
                200,
                "Titles are plain text",
                "Otsikot ovat pelkkää tekstiä",
            ),
            PortalInput(
                "proposal title too long",
                lambda t: t._propose(name="Kohta " * 50),
                200,
                "is too long: at most 200 characters",
                "on liian pitkä: enintään 200 merkkiä",
            ),
            PortalInput(
                "proposal at a table the user does not sit at",
                lambda t: t._form(
                    f"/my/kp/tables/{t.table_b.id}/propose", name="Kohta"
                ),
                404,
            ),
            PortalInput(
                "stage that does not exist",
                lambda t: t._form(
                    f"/my/kp/commitments/{commitment.id}/stage", stage_id="999999"
                ),
                404,
            ),
            PortalInput(
                "stage in superscript digits",
                lambda t: t._form(
                    f"/my/kp/commitments/{commitment.id}/stage", stage_id="²"
                ),
                404,
            ),
            PortalInput(
                "stage change of another organisation's commitment",
                lambda t: t._form(
                    f"/my/kp/commitments/{other.id}/stage", stage_id=str(stage.id)
                ),
                404,
            ),
        ]

    def _snapshot(self):
        self.env.invalidate_all()
        Item = self.env["kp.agenda.item"].sudo()
        return (
            Item.search_count([]),
            self.env["mail.message"].sudo().search_count([]),
            (self.commitment_mine | self.commitment_other).read(["stage_id"]),
        )

    def _refuse_all(self, lang):
        self.authenticate("kp_portal", "kp_portal")
        self.opener.cookies.set("frontend_lang", lang)
        for case in self._cases():
            with self.subTest(case=case.description, lang=lang):
                before = self._snapshot()
                response = case.post(self)
                self.assertEqual(response.status_code, case.status, case.description)
                if case.status == 200:
                    self.assertIn("o_kp_portal_error", response.text)
                    fragment = case.finnish if lang == "fi_FI" else case.english
                    self.assertIn(fragment, response.text, case.description)
                    # what was typed is still in the form
                    self.assertIn('name="name"', response.text)
                self.assertEqual(self._snapshot(), before, case.description)

    def test_cases_are_distinct(self):
        descriptions = [case.description for case in self._cases()]
        self.assertEqual(len(descriptions), len(set(descriptions)))

    def test_refused_in_english(self):
        self._refuse_all("en_US")

    def test_refused_in_finnish(self):
        self._refuse_all("fi_FI")

    def test_comment_on_another_organisations_commitment(self):
        self.authenticate("kp_portal", "kp_portal")
        before = self._snapshot()
        with (
            self.assertRaisesRegex(JsonRpcException, "NotFound"),
            mute_logger("odoo.http"),
        ):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "kp.commitment",
                    "thread_id": self.commitment_other.id,
                    "post_data": {
                        "body": "Ei minun asiani",
                        "message_type": "comment",
                        "subtype_xmlid": "mail.mt_comment",
                    },
                },
            )
        self.assertEqual(self._snapshot(), before)

    def _comment(self, body):
        """Post through the portal chatter; the JSON-RPC error's message
        (what the chatter shows), or None when posted."""
        response = self.opener.post(
            f"{self.base_url()}/mail/message/post",
            json={
                "id": 0,
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "thread_model": "kp.commitment",
                    "thread_id": self.commitment_mine.id,
                    "post_data": {
                        "body": body,
                        "message_type": "comment",
                        "subtype_xmlid": "mail.mt_comment",
                    },
                },
            },
            timeout=60,
        )
        response.raise_for_status()
        error = response.json().get("error")
        return error and error["data"]["message"]

    def test_comment_limits_in_the_portal_chatter(self):
        """A portal comment holds at most 10,000 characters and no NUL
        character; a longer one is refused in the writer's language."""
        cases = {
            "en_US": (
                "is too long: at most 10,000 characters, now 10,001",
                "cannot be saved (a NUL character)",
            ),
            "fi_FI": (
                "on liian pitkä: enintään 10\N{NO-BREAK SPACE}000 merkkiä, "
                "nyt 10\N{NO-BREAK SPACE}001",
                "jota ei voi tallentaa (NUL-merkki)",
            ),
        }
        for lang, (too_long, nul) in cases.items():
            # the session keeps the language of its sign-in
            self.user_portal.lang = lang
            self.authenticate("kp_portal", "kp_portal")
            for body, message in (("k" * 10001, too_long), ("kom\x00mentti", nul)):
                with self.subTest(lang=lang, message=message):
                    before = self._snapshot()
                    with mute_logger("odoo.http"):
                        error = self._comment(body)
                    self.assertIn(message, error or "")
                    self.assertEqual(self._snapshot(), before)
        # at the limit, the comment is posted
        self.assertIsNone(self._comment("k" * 10000))
        posted = self.commitment_mine.message_ids.filtered(
            lambda m: m.author_id == self.portal_partner and "k" * 10000 in m.body
        )
        self.assertEqual(len(posted), 1)

    def test_invitation_link_with_a_tampered_id(self):
        """Odoo's invitation page reads its id with int(): "²" and "١" pass
        isdigit() and fail there, a huge number overflows the query. The
        page refuses them (no 500), signed in or not."""
        for signed_in in (True, False):
            if signed_in:
                self.authenticate("kp_portal", "kp_portal")
            else:
                self.authenticate(None, None)
            for value in ("²", "١", "1" + "0" * 20, "1\x00"):
                with self.subTest(signed_in=signed_in, id=value):
                    response = self.url_open(
                        f"/calendar/meeting/view?token=guess&id={quote(value)}",
                        allow_redirects=False,
                    )
                    # a 404, or werkzeug's 400 for what it refuses itself
                    self.assertIn(response.status_code, (400, 404))

    def test_path_with_a_nul_character(self):
        """/my/kp/tables/%00 matches no route; Odoo then looks for an
        attachment of that path, which PostgreSQL refuses (a NUL): 404."""
        self.authenticate("kp_portal", "kp_portal")
        self.assertNotFound(
            f"/my/kp/tables/{self.table_a.id}%00",
            "/my/kp/minutes/%00",
            "/my/kp/commitments/1%00/stage",
        )
