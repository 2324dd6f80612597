from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("overview/", views.OverviewView.as_view(), name="overview"),
    path("overview/export.xlsx", views.OverviewExportView.as_view(), name="overview_export"),
    path("items/<int:pk>/duban/<slug:action>/", views.StepView.as_view(), name="step"),
    path("assignments/<int:pk>/sign/", views.SignView.as_view(), name="sign"),
]
