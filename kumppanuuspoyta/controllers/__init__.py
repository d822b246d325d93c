from . import portal
from . import portal_turns
from . import thread
