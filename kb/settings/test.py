import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SEARCH_LOG_FLUSH_SECONDS = 0  # tests write search statistics with search.querylog.flush()
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STATIC_ROOT = None  # static files come from the finders in tests
# Uploaded import files go to a temporary directory, never into the working tree.
MEDIA_ROOT = Path(tempfile.gettempdir()) / "metodbanken-test-media"
# Page fragments in the process's memory, emptied with the default cache (cache.clear()).
CACHES = {**CACHES, "template_fragments": CACHES["default"]}  # noqa: F405
