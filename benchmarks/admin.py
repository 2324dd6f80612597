"""The admin's lists at 100,000 articles, as the office's 管理员 sees them.

    make bench-admin
    .venv/bin/python -m benchmarks.admin --articles 20000 --runs 10

Creates the PostgreSQL database `jzgh_bench_admin` on the server DATABASE_URL names (dropped
at the end), fills it with `generate_demo_data`, signs in an account of the 管理员 group (not
a superuser) and times the changelists of articles, bulletins, plans and plan items with
Django's test client: the median over the runs, and the queries of one request (issue 11's
targets: ≤ 10 queries, ≤ 150 ms). Not a test: it prints figures (README, "Speed").
"""

import argparse
import os
import statistics
import time

from benchmarks.scratch import scratch_databases

BENCH_DATABASE = "jzgh_bench_admin"
CHANGELISTS = {
    "articles": "/admin/news/article/",
    "bulletins": "/admin/bulletins/bulletin/",
    "plans": "/admin/workplans/workplan/",
    "plan items": "/admin/workplans/planitem/",
}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="benchmarks.admin", description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15, help="timed requests per list")
    args = parser.parse_args(argv)

    with scratch_databases("benchmarks.admin", BENCH_DATABASE) as urls:
        os.environ.update({
            "DATABASE_URL": urls[BENCH_DATABASE],
            "DJANGO_SETTINGS_MODULE": "jingzhou_union.settings",
            "DJANGO_DEBUG": "0",
        })
        import django

        django.setup()
        run(args)


def run(args):
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from core.roles import ADMINISTRATORS

    setup_test_environment()  # the test client's "testserver" host
    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("generate_demo_data", articles=args.articles, no_search_index=True, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"{args.articles:,} articles generated in {time.perf_counter() - started:.0f} s", flush=True)

    office = User.objects.create_user("bench-office", is_staff=True)
    office.groups.add(Group.objects.get(name=ADMINISTRATORS))
    client = Client()
    client.force_login(office)
    print(f"\n{'list':<11} {'median':>9} {'queries':>8}   (管理员, median of {args.runs}, "
          f"load average {os.getloadavg()[0]:.1f})")
    for name, url in CHANGELISTS.items():
        assert client.get(url).status_code == 200, url  # the session and permission caches
        queries = []

        def count(execute, sql, *rest, queries=queries):
            queries.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(count):
            client.get(url)
        if os.environ.get("BENCH_SHOW_SQL"):
            print(*queries, sep="\n")
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        print(f"{name:<11} {statistics.median(times):>7.1f}ms {len(queries):>8}")


if __name__ == "__main__":
    main()
