from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("news/<slug:slug>/", views.ColumnView.as_view(), name="column"),
    path("news/<slug:slug>/feed/", feeds.ColumnFeed(), name="column-feed"),
    path(
        "news/<slug:column>/<int:year>/<int:month>/<int:pk>/",
        views.ArticleView.as_view(),
        name="article",
    ),
    path("topics/<slug:slug>/", views.TopicView.as_view(), name="topic"),
    path("articles/<int:pk>/views/", views.count_view, name="count-view"),
    path("attachments/<int:pk>/", views.download_attachment, name="attachment"),
]
