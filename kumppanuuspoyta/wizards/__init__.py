from . import kp_agenda_decline_wizard
from . import kp_minutes_correction_wizard
from . import kp_reminder_settings
from . import kp_agenda_send_wizard
from . import kp_theme_drop_wizard
from . import kp_closing_report
from . import kp_activity_season_wizard
