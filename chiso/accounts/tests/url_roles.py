"""The URL × role rows of the accounts app (collected by ``tests/test_url_roles.py``)."""

from chiso.accounts.models import Membership
from chiso.accounts.tests.factories import MembershipFactory, UserFactory
from tests.urlroles import admin_only, in_scope, login_required, public, row

ROWS = {
    "accounts:switch_membership": (None, login_required(405)),
    "accounts:login": (None, row(302, anonymous=200)),
    "accounts:logout": (None, login_required(405)),
    "accounts:user_list": (None, login_required()),
    "accounts:user_add": (None, admin_only()),
    "accounts:user_detail": ("staff", in_scope()),
    "accounts:user_edit": ("staff", admin_only()),
    "accounts:user_history": ("staff", in_scope()),
    "accounts:membership_list": (None, login_required()),
    "accounts:membership_add": (None, admin_only()),
    "accounts:membership_detail": ("membership", in_scope()),
    "accounts:membership_edit": ("membership", admin_only()),
    "accounts:membership_delete": ("membership", admin_only()),
    "accounts:membership_history": ("membership", in_scope()),
    # API: 401 for anonymous where a login is needed (token authentication answers 401, not a redirect).
    "api-token": (None, public(405)),
    "api-token-rotate": (None, login_required(405, anon=401)),
}


def objects(world, built):
    staff = UserFactory(username="bach_sam_staff", full_name="Trần Thị Hoa")
    membership = MembershipFactory(user=staff, agency=world.ubnd_bach_sam, role=Membership.Role.OFFICER)
    return {"staff": staff, "membership": membership}
