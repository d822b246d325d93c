from . import portal
from . import portal_calendar
from . import portal_commitments
from . import portal_meetings
from . import portal_proposals
from . import portal_turns
from . import thread
from . import portal_publication
