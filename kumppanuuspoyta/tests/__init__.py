from . import test_table
from . import test_participant
from . import test_required_roles
from . import test_sector_map
from . import test_access
from . import test_tour
