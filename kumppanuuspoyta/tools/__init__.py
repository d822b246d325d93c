"""Helpers shared by the models that are not models themselves (as Odoo's
``mail/tools``): checks of what people type."""
