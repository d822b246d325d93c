from . import kp_agenda_decline_wizard
