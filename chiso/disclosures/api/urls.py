from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import ComplianceView, DisclosureTypeViewSet, DutyViewSet, PostingViewSet, PublicListView

router = SimpleRouter()
router.register("types", DisclosureTypeViewSet, basename="disclosures-type")
router.register("duties", DutyViewSet, basename="disclosures-duty")
router.register("", PostingViewSet, basename="disclosures-posting")
urlpatterns = [
    path("compliance/", ComplianceView.as_view(), name="disclosures-compliance"),
    path("public/<str:code>/", PublicListView.as_view(), name="disclosures-public"),
    *router.urls,
]
