from . import kp_decision_handoff, res_config_settings
