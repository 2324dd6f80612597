from django.urls import path

from . import views

app_name = "workplans"

urlpatterns = [
    path("", views.PlanIndexView.as_view(), name="index"),
    path("<int:pk>/", views.PlanView.as_view(), name="plan"),
    path("leaders/<int:pk>/", views.LeaderView.as_view(), name="leader"),
    path("departments/<int:pk>/", views.DepartmentView.as_view(), name="department"),
]
