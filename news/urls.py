from django.urls import path

from core.page_cache import public_page

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("feed/", public_page(feeds.LatestArticlesFeed()), name="feed"),
    path("news/<slug:slug>/", public_page(views.ColumnView.as_view()), name="column"),
    path("news/<slug:slug>/feed/", public_page(feeds.ColumnFeed()), name="column-feed"),
    path(
        "news/<slug:column>/<int:year>/<int:month>/<int:pk>/",
        public_page(views.ArticleView.as_view()),
        name="article",
    ),
    path("topics/<slug:slug>/", public_page(views.TopicView.as_view()), name="topic"),
    path("articles/<int:pk>/views/", views.count_view, name="count-view"),
    path("attachments/<int:pk>/", views.download_attachment, name="attachment"),
]
