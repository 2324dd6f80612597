"""The Redis cache backend: Django's, with one redis-py client per connection pool.

Django's client builds a new `redis.Redis` for every operation, and redis-py fills a table of
a few hundred response callbacks in each one; public pages read the cache several times a
request (core.page_cache.remember), so that was a visible part of their time. A client only
holds its pool (whose connections it borrows per command) and that table, so one per pool
serves every operation; Django's cache handler already gives each thread its own backend.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _Client(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        if pool not in clients:
            clients[pool] = self._client(connection_pool=pool)
        return clients[pool]


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _Client
