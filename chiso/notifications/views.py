"""The notification inbox: what the system told me, newest first; opening one marks it read."""

from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from chiso.core.permissions import AUTHENTICATED, declare, policy

from .models import Notification
from .services import mark_read


def _mine(request):
    # The policy scopes to the person's own notices; an administrator's inbox is also only their own.
    return policy.scope(request.user, "view", Notification.objects.all()).for_user(request.user)


@declare(AUTHENTICATED)
def inbox(request):
    notices = _mine(request)
    if request.GET.get("unread"):
        notices = notices.unread()
    page = Paginator(notices, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {
            "page_obj": page,
            "unread_only": bool(request.GET.get("unread")),
            "unread_count": _mine(request).unread().count(),
        },
    )


@declare(AUTHENTICATED)
def open_notice(request, pk):
    notice = get_object_or_404(_mine(request), pk=pk)
    mark_read(Notification.objects.filter(pk=notice.pk))
    target = notice.url if notice.url and url_has_allowed_host_and_scheme(notice.url, allowed_hosts=None) else ""
    return HttpResponseRedirect(target or reverse("notifications:inbox"))


@require_POST
@declare(AUTHENTICATED)
def mark_all_read(request):
    mark_read(_mine(request))
    return HttpResponseRedirect(reverse("notifications:inbox"))
