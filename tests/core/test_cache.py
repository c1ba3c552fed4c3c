"""The Redis cache (production's, through django-redis) against the local Redis server:
what the rate limits, sessions and snapshots rely on."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings

REDIS = "redis://127.0.0.1:6379/15"


def _redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except redis.ConnectionError:
        return False


pytestmark = pytest.mark.skipif(not _redis_available(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def cache() -> Any:
    backend = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS,
        "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
    }
    with override_settings(CACHES={"default": backend}):
        yield caches["default"]


def test_it_stores_reads_counts_and_deletes(cache: Any) -> None:
    assert cache.get("missing", "default") == "default"
    cache.set("snapshot", {"proposals": [1, 2, 3]}, 30)
    assert cache.get("snapshot") == {"proposals": [1, 2, 3]}
    assert cache.add("counter", 1, 30) is True
    assert cache.add("counter", 5, 30) is False
    assert cache.incr("counter") == 2
    cache.delete("snapshot")
    assert cache.get("snapshot") is None


def test_threads_count_together(cache: Any) -> None:
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


def test_the_settings_choose_django_redis_with_redis_url() -> None:
    from tests.test_settings import run_manage

    code = (
        "from django.core.cache import caches; caches['default'].set('k', 1);"
        "print(type(caches['default']).__module__)"
    )
    result = run_manage("shell", "--no-imports", "-c", code, TESSERA_DEMO="1", REDIS_URL=REDIS)
    assert result.stdout.split() == ["django_redis.cache"], result.stderr
