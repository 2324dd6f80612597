from django.urls import path

from core.page_cache import public_page

from . import views

app_name = "workplans"

urlpatterns = [
    path("", public_page(views.PlanIndexView.as_view()), name="index"),
    path("<int:pk>/", public_page(views.PlanView.as_view()), name="plan"),
    path("<int:pk>/export.xlsx", views.PlanExportView.as_view(), name="export"),
    path("<int:pk>/print/", views.PlanPrintView.as_view(), name="print"),
    path("my/", views.MyTasksView.as_view(), name="my_tasks"),
    path("items/<int:pk>/", views.ItemView.as_view(), name="item"),
    path("leaders/<int:pk>/", public_page(views.LeaderView.as_view()), name="leader"),
    path("departments/<int:pk>/", public_page(views.DepartmentView.as_view()), name="department"),
]
