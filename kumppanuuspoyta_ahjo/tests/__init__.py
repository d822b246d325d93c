from . import test_ahjo
