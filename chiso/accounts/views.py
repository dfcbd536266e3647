from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from chiso.core.permissions import AUTHENTICATED, PUBLIC, Declaration, declare, policy
from chiso.core.views import ObjectCreateView, ObjectDetailView, ObjectListView

from .filtersets import MembershipFilterSet, UserFilterSet
from .forms import LoginForm, MembershipForm
from .middleware import SESSION_KEY
from .models import Membership, User


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    @classmethod
    def chiso_policy(cls):
        return Declaration(kind=PUBLIC)


class LogoutView(auth_views.LogoutView):
    @classmethod
    def chiso_policy(cls):
        return Declaration(kind=AUTHENTICATED)


class UserListView(ObjectListView):
    model = User
    filterset_class = UserFilterSet
    columns = [
        ("username", _("Username")),
        ("full_name", _("Full name")),
        ("position", _("Position")),
        ("email", _("E-mail")),
        ("is_active", _("Active")),
    ]


class UserDetailView(ObjectDetailView):
    model = User
    fields = ["username", "full_name", "position", "email", "phone", "is_active", "is_superuser", "last_login"]

    def extra_context(self, request):

        memberships = policy.scope(request.user, "view", self.object.memberships.select_related("agency__unit"))
        add_role_url = None
        if policy.can(request.user, "add", Membership):
            add_role_url = f"{reverse('accounts:membership_add')}?user={self.object.pk}"
        return {"memberships_of_user": memberships, "add_role_url": add_role_url}


class MembershipListView(ObjectListView):
    model = Membership
    filterset_class = MembershipFilterSet
    select_related = ("user", "agency__unit")
    columns = [
        ("user", _("User")),
        ("get_role_display", _("Role")),
        ("agency", _("Agency")),
        ("agency.unit", _("Unit")),
        ("is_active", _("Active")),
    ]


class MembershipDetailView(ObjectDetailView):
    model = Membership
    fields = ["user", "agency", "role", "is_active"]


class MembershipCreateView(ObjectCreateView):
    model = Membership
    form_class = MembershipForm

    def initial_for_new(self, request):
        return {key: request.GET[key] for key in ("user", "agency", "role") if key in request.GET}


@declare(AUTHENTICATED)
@require_POST
def switch_membership(request):
    """Act as another of one's roles: the choice is kept in the session and shown in the header."""
    wanted = request.POST.get("membership", "")
    if wanted.isdigit() and Membership.objects.filter(pk=int(wanted), user=request.user, is_active=True).exists():
        request.session[SESSION_KEY] = int(wanted)
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return HttpResponseRedirect(target)
