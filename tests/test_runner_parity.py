"""Odoo's own runner runs every test that pytest-odoo runs.

Odoo's loader (odoo/tests/loader.py, get_module_test_cases) takes only the
test methods a class defines itself, unless the class allows inherited ones
(`allow_inherited_tests_method`), while pytest collects inherited methods
too: a test method shared through a base class would pass under pytest and
silently never run under `--test-tags /kumppanuuspoyta`. Each addon's test
modules are loaded as Odoo's runner loads them and compared with every
`test*` method of their test classes.
"""

import importlib
import inspect
import pkgutil
import unittest

import pytest

from odoo.tests.loader import get_module_test_cases

ADDONS = ("kumppanuuspoyta", "kumppanuuspoyta_dashboard", "kumppanuuspoyta_ahjo")


def _test_modules(addon):
    package = importlib.import_module(f"odoo.addons.{addon}.tests")
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("test_"):
            yield importlib.import_module(f"{package.__name__}.{info.name}")


def _all_methods(module):
    """Every test method of the module's own test classes, inherited ones
    included, as unittest and pytest collect them."""
    found = set()
    for obj in vars(module).values():
        if (
            inspect.isclass(obj)
            and issubclass(obj, unittest.TestCase)
            and obj.__module__ == module.__name__
        ):
            names = unittest.TestLoader().getTestCaseNames(obj)
            found |= {f"{obj.__name__}.{name}" for name in names}
    return found


@pytest.mark.parametrize("addon", ADDONS)
def test_odoo_runner_runs_every_test_method(addon):
    modules = list(_test_modules(addon))
    assert modules, f"{addon} has no test modules"
    missing = {}
    for module in modules:
        loaded = {
            f"{type(case).__name__}.{case._testMethodName}"
            for case in get_module_test_cases(module)
        }
        left_out = _all_methods(module) - loaded
        if left_out:
            missing[module.__name__] = sorted(left_out)
    assert not missing, (
        "Odoo's runner would not run these (inherited test methods need "
        f"allow_inherited_tests_method = True): {missing}"
    )
