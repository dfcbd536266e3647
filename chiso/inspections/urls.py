from django.urls import path

from chiso.core.views import ObjectHistoryView

from . import views
from .models import Inspection, InspectionPlan

app_name = "inspections"

urlpatterns = [
    path("", views.home, name="home"),
    path("remedies/", views.remedy_list, name="remedy_list"),
    path("plans/add/", views.plan_add, name="inspectionplan_add"),
    path("plans/<int:pk>/", views.plan_detail, name="inspectionplan_detail"),
    path(
        "plans/<int:pk>/history/", ObjectHistoryView.for_model(InspectionPlan).as_view(), name="inspectionplan_history"
    ),
    path("plans/<int:pk>/submit/", views.plan_submit, name="inspectionplan_submit"),
    path("plans/<int:pk>/issue/", views.plan_issue, name="inspectionplan_issue"),
    path("for-plan/<int:pk>/", views.plan_tab, name="plan_tab"),
    path("add/", views.inspection_add, name="inspection_add"),
    path("<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("<int:pk>/history/", ObjectHistoryView.for_model(Inspection).as_view(), name="inspection_history"),
    path("<int:pk>/decide/", views.inspection_decide, name="inspection_decide"),
    path("<int:pk>/checklist/", views.inspection_checklist, name="inspection_checklist"),
    path("<int:pk>/evidence/", views.inspection_evidence, name="inspection_evidence"),
    path("<int:pk>/findings/add/", views.finding_add, name="finding_add"),
    path("<int:pk>/conclude/", views.inspection_conclude, name="inspection_conclude"),
    path("<int:pk>/approve/", views.inspection_approve, name="inspection_approve"),
    path("<int:pk>/return/", views.inspection_return, name="inspection_return"),
    path("<int:pk>/publish/", views.inspection_publish, name="inspection_publish"),
    path("<int:pk>/close/", views.inspection_close, name="inspection_close"),
    path("<int:pk>/decision.docx", views.decision_docx, name="decision_docx"),
    path("<int:pk>/conclusion.docx", views.conclusion_docx, name="conclusion_docx"),
    path("findings/<int:pk>/remedies/add/", views.remedy_add, name="remedy_add"),
    path("remedies/<int:pk>/report/", views.remedy_report, name="remedy_report"),
    path("remedies/<int:pk>/answer/", views.remedy_answer, name="remedy_answer"),
    path("remedies/<int:pk>/verify/", views.remedy_verify, name="remedy_verify"),
    path("remedies/<int:pk>/reopen/", views.remedy_reopen, name="remedy_reopen"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("remedies/evidence/<int:pk>/", views.remedy_evidence_download, name="remedy_evidence_download"),
]
