from . import kp_report_mixin
from . import kp_commitment_report
from . import kp_attendance_report
from . import kp_sector_coverage_report
from . import kp_intake_report
