from django.contrib import admin
from django.urls import path

from . import views

app_name = "imports"

# Mounted inside the admin's address space; admin_view signs staff in and checks is_staff,
# the view checks the permission to add bulletins.
urlpatterns = [
    path("bulletin/", admin.site.admin_view(views.import_bulletin), name="bulletin"),
    path("article/", admin.site.admin_view(views.import_article), name="article"),
    path("plan/", admin.site.admin_view(views.import_plan), name="plan"),
]
