"""Render time and SQL queries of the public pages with many articles (SQLite by default).

    .venv/bin/python -m benchmarks.pages [--articles N] [--runs N]

Builds a throw-away database (a temporary SQLite file unless DATABASE_URL is set), loads the
demo content plus N generated articles, then times each page with Django's test client.
"""

import argparse
import os
import statistics
import tempfile
import time


def main(argv=None):
    arguments = argparse.ArgumentParser(description="Time the public pages.")
    arguments.add_argument("--articles", type=int, default=5000)
    arguments.add_argument("--runs", type=int, default=50)
    options = arguments.parse_known_args(argv)[0]

    workdir = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jingzhou_union.settings")
    import warnings

    import django

    # No collectstatic here: whitenoise's "no STATIC_ROOT" notice is noise for a benchmark.
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()  # allows the test client's 'testserver' host
    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    article = _generate(options.articles)

    from bulletins.models import Bulletin
    from workplans.models import Leader

    pages = {
        "home": "/",
        "column": "/news/news-center/?page=3",
        "article": article.get_absolute_url(),
        "bulletin": Bulletin.objects.get().get_absolute_url(),
        "leader": Leader.objects.get(name="高启秀").get_absolute_url(),
    }
    client = Client()
    print(f"{options.articles} articles, {options.runs} runs per page, "
          f"database {connection.vendor}")
    for name, url in pages.items():
        client.get(url)  # warm-up
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        query_count = len(queries)  # read now: every request resets the connection's log
        timings = []
        for _ in range(options.runs):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        timings.sort()
        print(f"  {name:<9} {query_count:>2} queries  median {statistics.median(timings):6.1f} ms"
              f"  p95 {timings[int(len(timings) * 0.95) - 1]:6.1f} ms")
    workdir.cleanup()


def _generate(count):
    import datetime as dt

    from django.utils import timezone

    from news.models import Article, Column

    columns = list(Column.objects.all())
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            title=f"市总工会开展职工服务活动第{number}期",
            column=columns[number % len(columns)],
            body="<p>" + "市总工会深入基层，走访慰问困难职工，听取意见建议。" * 20 + "</p>",
            status=Article.Status.PUBLISHED,
            publish_at=now - dt.timedelta(hours=number),
        )
        for number in range(count)
    )
    return Article.objects.filter(title__endswith=f"第{count // 2}期").get()


if __name__ == "__main__":
    main()
