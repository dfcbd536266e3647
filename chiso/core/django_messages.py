"""Django's own form messages, worded as a Vietnamese official writes them.

Django ships a Vietnamese catalogue, but some of its sentences read like a machine's: "Nhập một số tổng thể." for
"Enter a whole number.", "Đảm bảo giá trị này là nhỏ hơn hoặc bằng với 100 ." — and these are the messages an
official meets on every form. The same English messages are marked here, so that ``makemessages`` puts them into
the project's catalogue (their Vietnamese is in ``locale/parts/core.po``); Django reads the project's catalogue
(``LOCALE_PATHS``) before its own, so these wordings win. Nothing imports this module: it is read by
``makemessages`` only. ``tests/test_translations.py`` checks the wording Django then gives.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a valid date/time."),
    gettext_noop("Enter a valid time."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a valid value."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("The submitted file is empty."),
]

LENGTHS = [
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
]
