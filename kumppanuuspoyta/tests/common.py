from odoo import Command
from odoo.tests import TransactionCase, new_test_user

# (role, group, name) of the users of each role
ROLE_USERS = (
    ("participant", "kumppanuuspoyta.group_kp_user", "Paula Participant"),
    ("coordinator", "kumppanuuspoyta.group_kp_coordinator", "Kalle Coordinator"),
    ("manager", "kumppanuuspoyta.group_kp_manager", "Maija Manager"),
    ("portal", "base.group_portal", "Pia Portal"),
)


class KpFixtures:
    """Sectors, roles, two organisations of different sectors and their people."""

    @classmethod
    def _organisation(cls, name, sector_xmlid):
        """An organisation: a company contact with its sector."""
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "kp_sector_id": cls.env.ref(f"kumppanuuspoyta.{sector_xmlid}").id,
            }
        )

    @classmethod
    def _table(cls, name="Testipöytä", **vals):
        return cls.env["kp.table"].create({"name": name, **vals})

    @classmethod
    def _seat(cls, table, partner, roles=(), **vals):
        return cls.env["kp.participant"].create(
            {
                "table_id": table.id,
                "partner_id": partner.id,
                "role_ids": [Command.set([r.id for r in roles])],
                **vals,
            }
        )

    @classmethod
    def _role_users(cls, prefix, roles=None, **vals):
        """A new user of each role (default: all of ROLE_USERS), by role;
        their logins are prefix_role."""
        return {
            role: new_test_user(
                cls.env, f"{prefix}_{role}", groups=group, name=name, **vals
            )
            for role, group, name in ROLE_USERS
            if roles is None or role in roles
        }

    @classmethod
    def _setup_other_company(cls):
        """Another municipality in the same database: a table and its manager."""
        cls.other_company = cls.env["res.company"].create({"name": "Toinen kunta"})
        cls.table_other = cls.env["kp.table"].create(
            {"name": "Toisen kunnan pöytä", "company_id": cls.other_company.id}
        )
        cls.user_other = new_test_user(
            cls.env,
            "kp_other_manager",
            groups="kumppanuuspoyta.group_kp_manager",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
            name="Olli Other",
        )

    @classmethod
    def _setup_kp_fixtures(cls):
        env = cls.env
        cls.company = env.company
        cls.sector_municipality = env.ref("kumppanuuspoyta.kp_sector_municipality")
        cls.sector_association = env.ref("kumppanuuspoyta.kp_sector_association")
        cls.sector_parish = env.ref("kumppanuuspoyta.kp_sector_parish")
        cls.role_convener = env.ref("kumppanuuspoyta.kp_role_convener")
        cls.role_chair = env.ref("kumppanuuspoyta.kp_role_chair")
        cls.role_member = env.ref("kumppanuuspoyta.kp_role_member")
        cls.role_ombudsman = env.ref("kumppanuuspoyta.kp_role_village_ombudsman")
        Partner = env["res.partner"]
        cls.org_city = cls._organisation("Testikaupunki", "kp_sector_municipality")
        cls.org_assoc = cls._organisation(
            "Testikylien yhdistys ry", "kp_sector_association"
        )
        cls.person_official = Partner.create(
            {
                "name": "Virpi Viranhaltija",
                "parent_id": cls.org_city.id,
                "email": "virpi@example.com",
            }
        )
        cls.person_volunteer = Partner.create(
            {
                "name": "Ville Vapaaehtoinen",
                "parent_id": cls.org_assoc.id,
                "email": "ville@example.com",
            }
        )
        cls.person_resident = Partner.create({"name": "Riitta Asukas"})


class KpCommon(KpFixtures, TransactionCase):
    """The fixtures, and a user for each role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_kp_fixtures()
        env = cls.env
        users = cls._role_users("kp", ("participant", "coordinator", "manager"))
        cls.user_participant = users["participant"]
        cls.user_coordinator = users["coordinator"]
        cls.user_manager = users["manager"]
        cls.user_internal = new_test_user(
            env, "kp_nobody", groups="base.group_user", name="Nina Nobody"
        )
