"""After 19.0.3.0.0's data loads: a municipality's turn reminders keep the
days they had. Until 19.0.2.0.0 one setting (``kp_reminder_days``, named for
the commitments) also set how early the joint activities' turns were
reminded; now each reminder has its own (``kp_turn_reminder_days``)."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "UPDATE res_company SET kp_turn_reminder_days = kp_reminder_days"
        " WHERE kp_reminder_days IS NOT NULL"
    )
