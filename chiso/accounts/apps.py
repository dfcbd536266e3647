from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from chiso.core import navigation


class AccountsConfig(AppConfig):
    name = "chiso.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):

        navigation.register(_("People"), "accounts:user_list", group=navigation.DIRECTORY, order=30)
        navigation.register(
            _("Role assignments"), "accounts:membership_list", group=navigation.ADMINISTRATION, order=20
        )
