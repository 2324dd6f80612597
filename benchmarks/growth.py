"""Page time as content grows: the public pages at 2,000 and at 200,000 articles, one run.

    make bench-growth
    .venv/bin/python -m benchmarks.growth --small 2000 --large 200000 --rounds 8 --runs 15

Creates two PostgreSQL databases on the server DATABASE_URL names (`jzgh_bench_small`,
`jzgh_bench_large`, dropped at the end), fills each with `generate_demo_data`, then times
each public page with Django's test client, the page cache off, alternating between the two
databases round by round, so that whatever else the machine is doing weighs on both sizes
alike. Prints the median time per page at each size, their ratio (issue 11's target: ≤ 1.2)
and each page's size in bytes, which says whether the two pages show as much (a leader's
first page lists fewer items while there are few plans). Not a test: it prints figures
(README, "Speed").
"""

import argparse
import os
import statistics
import time

from benchmarks.scratch import scratch_databases

DATABASES = {"small": "jzgh_bench_small", "large": "jzgh_bench_large"}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="benchmarks.growth", description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=2_000)
    parser.add_argument("--large", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=8, help="alternations between the sizes")
    parser.add_argument("--runs", type=int, default=15, help="requests per page in each round")
    args = parser.parse_args(argv)

    with scratch_databases("benchmarks.growth", *DATABASES.values()) as urls:
        os.environ.update({
            "DATABASE_URL": urls[DATABASES["small"]],
            "DJANGO_SETTINGS_MODULE": "jingzhou_union.settings",
            "DJANGO_DEBUG": "0",
            "REDIS_URL": "",  # local memory, cleared at every switch of database
        })
        import django

        django.setup()
        run(args)


def use(size):
    """Point the default connection at the database of `size`; the cache (the column counts
    kept per content generation) is emptied so that nothing of the other size is reused."""
    from django.core.cache import cache
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = DATABASES[size]
    cache.clear()


def run(args):
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment

    from benchmarks.http import page_urls

    setup_test_environment()  # the test client's "testserver" host
    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    counts = {"small": args.small, "large": args.large}
    pages = {}
    for size, count in counts.items():
        use(size)
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("generate_demo_data", articles=count, no_search_index=True, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"{count} articles generated in {time.perf_counter() - started:.0f} s", flush=True)
        pages[size] = {name: url for name, url in page_urls().items() if not name.startswith("search")}

    timings = {(size, name): [] for size in counts for name in pages["small"]}
    sizes = {}
    client = Client()
    with override_settings(PAGE_CACHE_SECONDS=0):
        for _ in range(args.rounds):
            for size in counts:
                use(size)
                for name, url in pages[size].items():
                    response = client.get(url)  # warm-up; the column counts are kept
                    assert response.status_code == 200, url
                    sizes[size, name] = len(response.content)
                    for _ in range(args.runs):
                        start = time.perf_counter()
                        client.get(url)
                        timings[size, name].append((time.perf_counter() - start) * 1000)

    print(f"\nmedian page time, page cache off, {args.rounds} rounds × {args.runs} requests, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'page':<9} {args.small:>10,} {args.large:>10,}   ratio   bytes at each size")
    for name in pages["small"]:
        small, large = (statistics.median(timings[size, name]) for size in counts)
        print(f"{name:<9} {small:>8.1f}ms {large:>8.1f}ms   {large / small:5.2f}   "
              f"{sizes['small', name]:,} / {sizes['large', name]:,}")


if __name__ == "__main__":
    main()
