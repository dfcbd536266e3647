from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from chiso.core import navigation


class AccountsConfig(AppConfig):
    name = "chiso.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):

        from chiso.core import permissions, personcache

        from . import middleware, usercache

        # Each person's roles are read once and kept in the cache until they change (usercache.py).
        usercache.connect()
        permissions.set_membership_loader(usercache.policy_rows)
        personcache.add_person_part(middleware.person_part)  # a cached page shows the person's roles
        navigation.register(_("People"), "accounts:user_list", group=navigation.DIRECTORY, order=30)
        navigation.register(
            _("Role assignments"), "accounts:membership_list", group=navigation.ADMINISTRATION, order=20
        )
