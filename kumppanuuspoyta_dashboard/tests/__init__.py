from . import test_dashboard, test_dashboard_tour
