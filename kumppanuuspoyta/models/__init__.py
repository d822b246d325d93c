from . import kp_sector
from . import kp_role
from . import kp_content_type
from . import kp_project
from . import kp_theme
from . import kp_participant
from . import kp_table
from . import res_partner
