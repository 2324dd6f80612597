"""Scratch PostgreSQL databases for the benchmarks that need real volumes (http, search,
growth): created fresh on the server DATABASE_URL names, dropped at the end."""

import contextlib
import os
import sys

import dj_database_url
import psycopg2

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


@contextlib.contextmanager
def scratch_databases(program, *names):
    """Create the databases `names` (dropping any left over) and yield {name: its URL}; on
    leaving, Django's connections are closed and the databases dropped."""
    server = dj_database_url.parse(os.environ.get("DATABASE_URL", DEFAULT_SERVER))
    if server["ENGINE"] != "django.db.backends.postgresql":
        sys.exit(f"{program} 需要 PostgreSQL：请把 DATABASE_URL 设为 postgres://…")
    # Autocommit on the server's own `postgres` database: CREATE DATABASE takes no transaction.
    admin = psycopg2.connect(
        host=server["HOST"] or "127.0.0.1", port=server["PORT"] or 5432, user=server["USER"],
        password=server["PASSWORD"], dbname="postgres",
    )
    admin.autocommit = True

    def drop():
        with admin.cursor() as cursor:
            for name in names:
                cursor.execute(f"DROP DATABASE IF EXISTS {name}")

    drop()
    with admin.cursor() as cursor:
        for name in names:
            cursor.execute(f"CREATE DATABASE {name}")
    user = server["USER"] + (f":{server['PASSWORD']}" if server["PASSWORD"] else "")
    address = f"{server['HOST'] or '127.0.0.1'}:{server['PORT'] or 5432}"
    try:
        yield {name: f"postgres://{user}@{address}/{name}" for name in names}
    finally:
        from django.db import connections

        connections.close_all()
        drop()
        admin.close()
