from django.urls import path

from . import feeds, uploads, views

app_name = "news"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("news/<slug:slug>/", views.ColumnView.as_view(), name="column"),
    path(
        "news/<slug:column>/<int:year>/<int:month>/<int:pk>/",
        views.ArticleView.as_view(),
        name="article",
    ),
    path("articles/<int:pk>/views/", views.count_view, name="count-view"),
    path("attachments/<int:pk>/", uploads.download_attachment, name="attachment"),
    path("uploads/images/", uploads.upload_image, name="upload-image"),
]
