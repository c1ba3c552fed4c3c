"""Test settings: the real settings with faster hashing and in-memory mail and cache."""

import os

# The tests run with the demo's key (tessera.settings refuses to start without a key otherwise).
os.environ.setdefault("TESSERA_DEMO", "1")

from tessera.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "layout": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "layout"},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
WHITENOISE_AUTOREFRESH = True
# Tasks are stored and nothing runs by itself: a test runs them (run_tasks in
# tests/notifications/conftest.py), through the same backend and retry path as production.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
VOTE_MIX_BATCH = 1  # every ballot counted at once; tests of the mix set their own
