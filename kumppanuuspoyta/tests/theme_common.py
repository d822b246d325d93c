from .common import KpMinutesCommon


class KpThemeCommon(KpMinutesCommon):
    @classmethod
    def _theme(cls, name="Kylätiet", table=None, **vals):
        return cls.env["kp.theme"].create(
            {"table_id": (table or cls.table).id, "name": name, **vals}
        )

    @classmethod
    def _held_on(cls, theme, hours=3, name="Kylätiet: tilanne"):
        """A held meeting, named as its one agenda item on the theme."""
        meeting = cls._meeting(
            name=name,
            start=cls._past(hours),
            chair_id=cls.seat_official.id,
            secretary_id=cls.seat_coordinator.id,
        )
        item = cls.env["kp.agenda.item"].create(
            {"meeting_id": meeting.id, "name": name, "theme_id": theme.id}
        )
        meeting.action_held()
        return meeting, item
