from django.urls import path

from chiso.core.views import ObjectHistoryView, crud_urls

from . import views
from .forms import DisclosureTypeForm
from .models import DisclosureType, Posting

app_name = "disclosures"

urlpatterns = [
    path("", views.home, name="home"),
    path("units/<int:unit>/event/", views.event_add, name="event_add"),
    path("duties/<int:pk>/", views.duty_detail, name="duty_detail"),
    path("duties/<int:duty>/post/", views.posting_add, name="posting_add"),
    path("postings/<int:pk>/", views.posting_detail, name="posting_detail"),
    path("postings/<int:pk>/action/", views.posting_action, name="posting_action"),
    path("postings/<int:pk>/history/", ObjectHistoryView.for_model(Posting).as_view(), name="posting_history"),
    path("places/<int:pk>/action/", views.place_action, name="place_action"),
    path("photos/<int:pk>/", views.photo_download, name="photo_download"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("compliance/", views.compliance_view, name="compliance"),
    path("compliance.xlsx", views.compliance_xlsx_view, name="compliance_xlsx"),
    path("compliance.docx", views.compliance_docx_view, name="compliance_docx"),
    # Public: what a commune has posted, a citizen's "not posted here", the documents public on the web portal.
    path("p/<str:code>/", views.public_list, name="public_list"),
    path("p/places/<int:pk>/not-posted/", views.public_not_posted, name="public_not_posted"),
    path("p/documents/<int:pk>/", views.public_document, name="public_document"),
    *crud_urls(
        DisclosureType,
        prefix="types/",
        list_view=views.DisclosureTypeListView,
        detail_view=views.DisclosureTypeDetailView,
        create_view=True,
        edit_view=True,
        history_view=True,
        form=DisclosureTypeForm,
    ),
]
