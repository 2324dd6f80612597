"""Races that only a real database server shows (skipped on SQLite)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

READERS = 8
READS_EACH = 10


@pytest.mark.django_db(transaction=True)
def test_concurrent_readings_are_all_counted(postgres, column_tree, make_article):
    article = make_article(column_tree["updates"])
    url = f"/articles/{article.pk}/views/"

    def read_many(reader):
        client = Client()
        try:  # a different reader each time: each reading counts once
            return [client.post(url, REMOTE_ADDR=f"10.0.{reader}.{n}").status_code for n in range(READS_EACH)]
        finally:
            connection.close()  # each thread has its own connection

    with ThreadPoolExecutor(max_workers=READERS) as pool:
        statuses = [code for codes in pool.map(read_many, range(READERS)) for code in codes]

    assert statuses == [200] * READERS * READS_EACH
    article.refresh_from_db()
    assert article.view_count == READERS * READS_EACH


@pytest.mark.django_db(transaction=True)
def test_a_reader_posting_concurrently_is_counted_once(postgres, column_tree, make_article):
    article = make_article(column_tree["updates"])
    url = f"/articles/{article.pk}/views/"

    def read_many(reader):
        client = Client()
        try:  # every reader posts again and again at the same time as the others
            return [client.post(url, REMOTE_ADDR=f"10.1.0.{reader}").status_code for _ in range(READS_EACH)]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=READERS) as pool:
        statuses = [code for codes in pool.map(read_many, range(READERS)) for code in codes]

    assert statuses == [200] * READERS * READS_EACH
    article.refresh_from_db()
    assert article.view_count == READERS
