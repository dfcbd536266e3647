from django.urls import path

from chiso.core.views import crud_urls

from . import views, views_public
from .forms import DialogueForm, FeedbackCategoryForm, ReceptionSessionForm, RoutingRuleForm
from .models import Dialogue, FeedbackCategory, ReceptionSession, RoutingRule

app_name = "citizens"

# Public portal: short addresses that fit on a poster or a QR code (/p/12133/ is Phường Đường Hào, /p/12124/ the
# former Phường Bạch Sam; ?era=legacy reaches a former unit whose code was reused).
public_patterns = [
    path("p/", views_public.portal, name="portal"),
    path("p/<str:code>/", views_public.portal_unit, name="portal_unit"),
    path("p/<str:code>/answers/", views_public.portal_answers, name="portal_answers"),
    path("p/<str:code>/feedback/", views_public.feedback_submit, name="feedback_submit"),
    path("feedback/", views_public.feedback_lookup, name="feedback_lookup"),
    path("feedback/<str:code>/", views_public.public_feedback, name="public_feedback"),
    path("feedback/<str:code>/rate/", views_public.public_feedback_rate, name="public_feedback_rate"),
    path("feedback/<str:code>/confirm/", views_public.public_feedback_confirm, name="public_feedback_confirm"),
]

# Officers: the inbox and the records behind the portal.
officer_patterns = [
    path("citizens/inbox/", views.feedback_list, name="feedback_list"),
    path("citizens/feedback/<int:pk>/", views.feedback_detail, name="feedback_detail"),
    path("citizens/feedback/<int:pk>/history/", views.FeedbackHistoryView.as_view(), name="feedback_history"),
    path("citizens/feedback/<int:pk>/<slug:action>/", views.feedback_action, name="feedback_action"),
    path("citizens/attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("citizens/statistics/", views.statistics_view, name="statistics"),
    *crud_urls(
        RoutingRule,
        prefix="citizens/routing/",
        list_view=views.RoutingRuleListView,
        detail_view=views.RoutingRuleDetailView,
        create_view=True,
        edit_view=True,
        delete_view=True,
        history_view=True,
        form=RoutingRuleForm,
    ),
    *crud_urls(
        FeedbackCategory,
        prefix="citizens/categories/",
        list_view=views.FeedbackCategoryListView,
        detail_view=views.FeedbackCategoryDetailView,
        create_view=True,
        edit_view=True,
        history_view=True,
        form=FeedbackCategoryForm,
    ),
    *crud_urls(
        ReceptionSession,
        prefix="citizens/reception/",
        list_view=views.ReceptionSessionListView,
        detail_view=views.ReceptionSessionDetailView,
        create_view=True,
        edit_view=True,
        delete_view=True,
        history_view=True,
        form=ReceptionSessionForm,
    ),
    path("citizens/reception/<int:pk>/case/", views.receptionsession_case, name="receptionsession_case"),
    *crud_urls(
        Dialogue,
        prefix="citizens/dialogues/",
        list_view=views.DialogueListView,
        detail_view=views.DialogueDetailView,
        create_view=True,
        edit_view=True,
        delete_view=True,
        history_view=True,
        form=DialogueForm,
    ),
    path("citizens/dialogues/<int:pk>/question/", views.dialogue_question, name="dialogue_question"),
    path("citizens/dialogues/<int:pk>/results/", views.dialogue_results, name="dialogue_results"),
    path("citizens/dialogues/<int:pk>/commitment/", views.dialogue_commitment, name="dialogue_commitment"),
]

urlpatterns = public_patterns + officer_patterns
