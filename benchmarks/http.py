"""The public pages over HTTP: gunicorn with production settings, measured with wrk.

    make bench-http                              # 20,000 articles
    make bench-http BENCH_ARGS="--articles 200000"
    .venv/bin/python -m benchmarks.http --duration 5 --warm-up 2 --rounds 1

Creates the PostgreSQL database `jzgh_bench_http` on the server DATABASE_URL names (dropped
at the end), fills it with `generate_demo_data`, collects static files into a temporary
STATIC_ROOT, then serves the site with gunicorn (DJANGO_DEBUG=0, Redis at REDIS_URL, default
db 15, which it clears) twice: with the page cache off and with it warm. For each page (home,
a column page, an article, a bulletin, a leader page, a search, and the same search asked
at a new address by every request, which nothing kept answers) and two floors returning the
home page's bytes (`floor`: the smallest Django application, benchmarks/floor.py, on its own
gunicorn with the same settings; `floor+mw`: /bench/floor/, the smallest view behind the
site's whole middleware) it runs `wrk` for a warm-up and then for the measured time, in
rounds (each round measures every page and both floors, one after the other), and prints for
each page the median over the rounds of req/s, p50 and p99, and of req/s as a share of the
framework floor measured in the same round: on a shared, noisy machine the share is the
figure to compare. SQL per page (queries and their time)
is measured in this process on the same database with the page cache off; worker RSS is
read from /proc after each run. Not a test: it prints figures (README, "Speed").
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks.scratch import scratch_databases

BENCH_DATABASE = "jzgh_bench_http"
ROOT = Path(__file__).resolve().parent.parent


def main(argv=None):
    parser = argparse.ArgumentParser(prog="benchmarks.http", description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (default 3)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--duration", type=int, default=10, help="measured seconds per page")
    parser.add_argument("--warm-up", type=int, default=3, help="seconds of warm-up per page")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over all pages per mode")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        sys.exit("需要 wrk：apt-get install -y wrk")

    workdir = Path(tempfile.mkdtemp(prefix="jzgh-bench-http-"))
    try:
        with scratch_databases("benchmarks.http", BENCH_DATABASE) as urls:
            os.environ.update({
                "DATABASE_URL": urls[BENCH_DATABASE],
                "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
                "DJANGO_DEBUG": "0",
                "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
                "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
                "DJANGO_MEDIA_ROOT": str(workdir / "media"),
                "BENCH_STATIC_ROOT": str(workdir / "static"),
                "BENCH_FLOOR_FILE": str(workdir / "floor.html"),
            })
            run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(args, workdir):
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # This process measures SQL with Django's test client, whose host is "testserver".
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        measure(args, workdir)


def measure(args, workdir):
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    started = time.perf_counter()
    # Compressing the static files (brotli, gzip) takes minutes: meanwhile, generate.
    collectstatic = subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT
    )
    call_command("migrate", verbosity=0)
    call_command("generate_demo_data", articles=args.articles, verbosity=1)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does to a live database
    print(f"{args.articles} articles generated in {time.perf_counter() - started:.0f} s")
    if collectstatic.wait():
        raise RuntimeError("collectstatic failed")

    pages = page_urls()
    sql = {name: measure_sql(url, again=url + "&n=sql" if name == "search-new" else url)
           for name, url in pages.items()}
    from django.test import Client

    with override_settings(PAGE_CACHE_SECONDS=0):
        (workdir / "floor.html").write_bytes(Client().get("/").content)

    results = {}
    floor_port = args.port + 1
    for mode, seconds in (("cache off", "0"), ("cache warm", "600")):
        cache.clear()
        with (Gunicorn(args, workdir, {"DJANGO_PAGE_CACHE_SECONDS": seconds}) as gunicorn,
              Gunicorn(args, workdir, {}, app="benchmarks.floor:application", port=floor_port)):
            urls = {
                "floor": f"http://127.0.0.1:{floor_port}/",
                **{name: f"http://127.0.0.1:{args.port}{url}" for name, url in pages.items()},
                "floor+mw": f"http://127.0.0.1:{args.port}/bench/floor/",
            }
            for _ in range(args.rounds):
                round_results = {name: wrk(args, url, new_addresses=name == "search-new")
                                 for name, url in urls.items()}
                for name, result in round_results.items():
                    result["share"] = result["rps"] / round_results["floor"]["rps"]
                    results.setdefault((mode, name), []).append(result)
            results[mode, "rss"] = gunicorn.worker_rss()
            results[mode, "load"] = os.getloadavg()[0]
    report(args, pages, sql, results)


def page_urls():
    from bulletins.models import Bulletin
    from news.models import Article
    from workplans.models import Leader

    middle = Article.objects.published().filter(bulletin__isnull=True).order_by("-publish_at")
    article = middle[middle.count() // 2]
    return {
        "home": "/",
        "column": "/news/news-center/?page=3",
        "article": article.get_absolute_url(),
        "bulletin": Bulletin.objects.published().order_by("-publish_at").first().get_absolute_url(),
        "leader": Leader.objects.get(name="高启秀").get_absolute_url(),
        "search": "/search/?q=" + urllib.parse.quote("高启秀"),
        # The same search at an address asked for once only (wrk_script): never kept.
        "search-new": "/search/?q=" + urllib.parse.quote("高启秀"),
    }


# Each request of a `search-new` run asks for an address no request asked for before (a
# parameter the search ignores), so nothing kept for an address answers it.
NEW_ADDRESS_SCRIPT = """
local threads = 0
function setup(thread) threads = threads + 1; thread:set("id", threads) end
function request()
  count = (count or 0) + 1
  return wrk.format("GET", wrk.path .. "&n=%(run)s-" .. id .. "-" .. count)
end
"""


def measure_sql(url, again):
    """(queries, milliseconds of SQL) of one uncached request for `again`, after one for `url`
    to warm up."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client()
    with override_settings(PAGE_CACHE_SECONDS=0):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(again)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), sum(float(query["time"]) for query in queries.captured_queries) * 1000


class Gunicorn:
    """gunicorn with the site's settings, serving the site (or `app`) on `port`."""

    def __init__(self, args, workdir, env, app=None, port=None):
        self.args, self.workdir, self.env = args, workdir, env
        self.app, self.port = app, port or args.port

    def __enter__(self):
        self.log = open(self.workdir / "gunicorn.log", "ab")  # noqa: SIM115 (closed in __exit__)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "jingzhou_union/gunicorn.conf.py"),
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.args.workers),
             *([self.app] if self.app else [])],
            cwd=ROOT, env={**os.environ, **self.env}, stdout=self.log, stderr=self.log,
        )
        probe = "/" if self.app else "/bench/floor/"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}{probe}", timeout=2)
                return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("gunicorn did not start; see its log")

    def worker_rss(self):
        """The largest worker's resident memory, in MB."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        sizes = []
        for pid in children:
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
        return max(sizes)

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()


def wrk(args, url, new_addresses=False):
    common = ["wrk", f"-t{args.threads}", f"-c{args.connections}", "--latency"]

    def run(seconds):
        script = []
        if new_addresses:
            path = Path(tempfile.mkstemp(suffix=".lua")[1])
            path.write_text(NEW_ADDRESS_SCRIPT % {"run": secrets.token_hex(4)})
            script = ["-s", str(path)]
        try:
            return subprocess.run([*common, *script, f"-d{seconds}s", url], check=True,
                                  capture_output=True, text=True).stdout
        finally:
            if script:
                path.unlink()

    run(args.warm_up)
    output = run(args.duration)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses\n{output}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),
        "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
    }


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def report(args, pages, sql, results):
    def median(mode, name, figure):
        return statistics.median(result[figure] for result in results[mode, name])

    print(f"\n{args.articles} articles, gunicorn {args.workers} sync workers, "
          f"wrk -t{args.threads} -c{args.connections} {args.duration} s after {args.warm_up} s, "
          f"median of {args.rounds} rounds, {os.cpu_count()} CPUs")
    print(f"{'page':<10} {'SQL (uncached)':>16} | {'cache off':^33} | {'cache warm':^33}")
    print(f"{'':<10} {'':>16} |" + f" {'req/s':>7} {'floor':>6} {'p50':>8} {'p99':>8} |" * 2)
    for name in [*pages, "floor+mw", "floor"]:
        queries, ms = sql.get(name, (0, 0.0))
        row = f"{name:<10} {queries:>3} q {ms:>7.2f} ms |"
        for mode in ("cache off", "cache warm"):
            row += (f" {median(mode, name, 'rps'):>7.0f} {median(mode, name, 'share'):>6.0%}"
                    f" {median(mode, name, 'p50'):>6.2f}ms {median(mode, name, 'p99'):>6.2f}ms |")
        print(row)
    cached_pages = [name for name in pages if not name.startswith("search")]  # never cached
    slowest = min(cached_pages, key=lambda name: median("cache warm", name, "share"))
    print(f"cache warm: slowest cached page ({slowest}) at {median('cache warm', slowest, 'share'):.0%} "
          f"of the framework floor (target 70 %)")
    slowest = min(pages, key=lambda name: median("cache off", name, "rps"))
    print(f"cache off: slowest page ({slowest}) {median('cache off', slowest, 'rps'):.0f} req/s "
          f"(target 700)")
    for mode in ("cache off", "cache warm"):
        total = sum(result["requests"] for (kind, name), runs in results.items()
                    if kind == mode and name not in ("rss", "load") for result in runs)
        print(f"{mode}: worker RSS {results[mode, 'rss']:.0f} MB after {total:,} measured requests; "
              f"machine load average {results[mode, 'load']:.1f}")


if __name__ == "__main__":
    main()
