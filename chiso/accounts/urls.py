from django.urls import path

from chiso.core.views import crud_urls

from . import views
from .forms import MembershipForm, UserForm
from .models import Membership, User

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("switch/", views.switch_membership, name="switch_membership"),
    *crud_urls(
        User,
        prefix="people/",
        list_view=views.UserListView,
        detail_view=views.UserDetailView,
        create_view=True,
        edit_view=True,
        history_view=True,
        form=UserForm,
    ),
    *crud_urls(
        Membership,
        prefix="roles/",
        list_view=views.MembershipListView,
        detail_view=views.MembershipDetailView,
        create_view=views.MembershipCreateView,
        edit_view=True,
        delete_view=True,
        history_view=True,
        form=MembershipForm,
    ),
]
