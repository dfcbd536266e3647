from django.urls import path

from .views import PlanGapsView, ProfileView, RankingView, TrendView

urlpatterns = [
    path("results/provinces/<str:code>/profile/", ProfileView.as_view(), name="results-profile"),
    path("results/provinces/<str:code>/trend/", TrendView.as_view(), name="results-trend"),
    path("results/ranking/", RankingView.as_view(), name="results-ranking"),
    path("plans/<int:pk>/gaps/", PlanGapsView.as_view(), name="plan-gaps"),
]
