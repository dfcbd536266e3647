"""The URL × role rows of the notifications app (collected by ``tests/test_url_roles.py``)."""

from chiso.notifications.models import Notification
from tests.urlroles import login_required, row

ROWS = {
    "notifications:inbox": (None, login_required()),
    # A notice is its recipient's alone: everyone else, administrators included, gets a 404.
    "notifications:open": ("notice", row(404, anonymous=302)),
    "notifications:mark_all_read": (None, login_required(405)),
}


def objects(world, built):
    notice = Notification.objects.create(recipient=built["staff"], key="test", subject="Sắp đến hạn báo cáo")
    return {"notice": notice}
