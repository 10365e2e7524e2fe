"""Settings shared by every environment. Values that differ come from environment variables."""

import datetime
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "kb"

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "kb",
    "methods",
    "search",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kb.middleware.SiteLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "kb.throttle.ThrottleMiddleware",
    "axes.middleware.AxesMiddleware",
    "methods.dataversions.DataVersionMiddleware",
]

# Admin logins: django-axes locks a username from one address after AXES_FAILURE_LIMIT wrong passwords.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes_locked.html"
AXES_IPWARE_PROXY_COUNT = env.int("TRUSTED_PROXIES", default=0) or None

CACHES = {
    # Per process: Wagtail's site root paths and other small values.
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 1000}},
    # Rate limits of kb.throttle count in the database cache, shared by every server process.
    "throttle": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "metodbanken_throttle"},
    # Method page articles ({% wagtailpagecache %}), shared by every server process on the machine: each article
    # is rendered once, not once per process. Their keys hold the page's live revision and the database's data
    # versions (methods.dataversions), so nothing older than the database is ever served.
    "template_fragments": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env("FRAGMENT_CACHE_DIR", default=str(BASE_DIR / "var" / "fragments")),
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": env.int("FRAGMENT_CACHE_ENTRIES", default=5000)},
    },
}
THROTTLE_TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)
THROTTLE_ENABLED = env.bool("THROTTLE_ENABLED", default=True)

ROOT_URLCONF = "kb.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "methods.context_processors.site_sections",
            ],
        },
    },
]

WSGI_APPLICATION = "kb.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A worker keeps its database connection between requests (opening one per request cost a third of a method
# page's time on SQLite: a new connection re-reads the schema and starts with an empty page cache). Every request
# still reads what it shows from the database; no transaction spans requests.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=300))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers never wait for a writer (WAL); a writer waits up to 20 s for another instead of failing,
    # and takes its lock at the start of a transaction so two writers cannot deadlock.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; " + _options.get("init_command", "")
    _options.setdefault("timeout", 20)
    _options.setdefault("transaction_mode", "IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGES = [("sv", _("Svenska")), ("en", _("Engelska"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Content-Security-Policy for the public site (django-csp): no inline script or style.
# The Wagtail admin relies on inline scripts and is left to its own defaults.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

WAGTAIL_SITE_NAME = "Metodbanken"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# Page addresses in ASCII: the admin proposes "trappstegssamtal-for-placerade-ungdomar" from a Swedish title
# (å, ä -> a, ö -> o), and a slug with other characters is refused.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("sv", "Svenska"), ("en", "English")]
WAGTAIL_USER_EDIT_FORM = None
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "xlsx"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
TAGGIT_CASE_INSENSITIVE = True

# Search: Wagtail's database backend (SQLite FTS5 or PostgreSQL full text search) is the
# default and serves the admin. ELASTICSEARCH_URL adds Elasticsearch for public search,
# with the database backend answering whenever Elasticsearch cannot (docs/elasticsearch.md).
from search.backends import client_options, search_backends  # noqa: E402

WAGTAILSEARCH_BACKENDS = search_backends(
    env("ELASTICSEARCH_URL", default=""),
    env.int("ELASTICSEARCH_TIMEOUT", default=2),
    client_options(
        api_key=env("ELASTICSEARCH_API_KEY", default=""),
        ca_certs=env("ELASTICSEARCH_CA_CERTS", default=""),
        fingerprint=env("ELASTICSEARCH_FINGERPRINT", default=""),
        username=env("ELASTICSEARCH_USERNAME", default=""),
        password=env("ELASTICSEARCH_PASSWORD", default=""),
    ),
)
# How long (seconds) a process trusts its last check of the Elasticsearch index (mapping, document count).
SEARCH_HEALTH_TTL = 60
# After this many failures in a row a process answers from the database backend for the cool-down (seconds).
SEARCH_BREAKER_THRESHOLD = 3
SEARCH_BREAKER_COOLDOWN = 30
# Bytes of full-text scores of recent queries each process keeps (database backend; search/matchcache.py); 0: none.
SEARCH_MATCH_CACHE_BYTES = env.int("SEARCH_MATCH_CACHE_BYTES", default=8 * 1024 * 1024)
# Searches with no or few results are counted in memory and written this often (seconds)
# by a background thread, for the admin report "Sökningar utan träffar"; 0 turns the
# thread off (then search.querylog.flush() writes them).
SEARCH_LOG_FLUSH_SECONDS = env.int("SEARCH_LOG_FLUSH_SECONDS", default=60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# Background tasks (django-tasks): search and reference index updates and large imports.
# "database" queues them in the database for `manage.py db_worker` (started by `make run`);
# "immediate" runs them inside the request (tests, and sites without a worker).
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[env("TASKS_BACKEND", default="database")]
    }
}

METHODBANK_VERSION = "0.1.0"
