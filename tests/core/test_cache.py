"""The Redis cache backend (production's cache) against the local Redis server."""

from __future__ import annotations

import threading
import uuid

import pytest
import redis

from tessera.core.cache import RedisCache

REDIS = "redis://127.0.0.1:6379/15"


def _redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except redis.ConnectionError:
        return False


pytestmark = pytest.mark.skipif(not _redis_available(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def cache() -> RedisCache:
    return RedisCache(REDIS, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})


def test_it_reuses_one_client_per_connection_pool(cache: RedisCache) -> None:
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    assert cache._cache.get_client("any key") is client


def test_it_stores_reads_counts_and_deletes_like_djangos_backend(cache: RedisCache) -> None:
    assert cache.get("missing", "default") == "default"
    cache.set("snapshot", {"proposals": [1, 2, 3]}, 30)
    assert cache.get("snapshot") == {"proposals": [1, 2, 3]}
    assert cache.add("counter", 1, 30) is True
    assert cache.add("counter", 5, 30) is False
    assert cache.incr("counter") == 2
    cache.delete("snapshot")
    assert cache.get("snapshot") is None


def test_threads_share_the_client_safely(cache: RedisCache) -> None:
    cache.set("hits", 0, 30)

    def hit() -> None:
        for _ in range(50):
            cache.incr("hits")

    threads = [threading.Thread(target=hit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("hits") == 400
