"""Tessera settings, read from the environment (12-factor).

Every value that differs between a laptop demo and production comes from an environment
variable; the defaults make `make run` work on a fresh machine with SQLite and no secret.
"""

import sys
from pathlib import Path
from typing import Any

import django_stubs_ext
import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

# Lets admin and form classes be written with their type parameters (ModelAdmin[Process]).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(environ.Env().str("TESSERA_VAR_DIR", default=str(PROJECT_DIR / "var")))

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# The demo key is in the repository: with it anyone could forge e-mail confirmations and
# password resets. Production (a DATABASE_URL) refuses to start without a key of its own; the
# zero-configuration laptop (SQLite), DEBUG, TESSERA_DEMO=1 and the type checker (which
# imports these settings) may fall back to it, and `check --deploy` refuses it (core.checks).
DEMO_SECRET_KEY = "demo-only-insecure-key-set-SECRET_KEY-in-production-0123456789abcdef"  # noqa: S105  (public on purpose)
_DEMO_KEY_ALLOWED = (
    env.bool("TESSERA_DEMO", default=False)
    or DEBUG
    or not env.str("DATABASE_URL", default="")
    or "mypy" in sys.modules
)
SECRET_KEY = env.str("SECRET_KEY", default=DEMO_SECRET_KEY if _DEMO_KEY_ALLOWED else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set: production needs a secret key of its own (docs/deploy.md). "
        "For a demo on this database, set TESSERA_DEMO=1."
    )
# The organisation middleware answers 404 to any host no organisation claims, so the host
# allow-list is the organisations' hosts table; ALLOWED_HOSTS can still narrow it.
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])

INSTALLED_APPS = [
    "tessera.core",
    "tessera.organizations",
    "tessera.accounts",
    "tessera.branding",
    "tessera.processes",
    "tessera.contributions",
    "tessera.forms",
    "tessera.proposals",
    "tessera.comments",
    "tessera.analysis",
    "tessera.voting",
    "tessera.followup",
    "tessera.questionnaires",
    "tessera.votations",
    "tessera.news",
    "tessera.notifications",
    "tessera.stats",
    "tessera.manage",
    "tessera.api",
    "tessera.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Full-text search of proposals on PostgreSQL (SearchVectorField); harmless on SQLite.
    "django.contrib.postgres",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "altcha_django",
    # Background tasks (django.tasks) stored in the database, run by `manage.py db_worker`.
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: the request id and context of every log line, and /healthz for any host.
    "tessera.core.logs.RequestContextMiddleware",
    "tessera.core.health.OperatorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "tessera.core.middleware.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tessera.organizations.middleware.OrganizationMiddleware",
    # Inside the organisation's scope; looks only at 404s (short URLs, the 404 log).
    "tessera.branding.middleware.RedirectMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A Content-Security-Policy on every response (SECURE_CSP below).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "tessera.urls"
WSGI_APPLICATION = "tessera.wsgi.application"
ASGI_APPLICATION = "tessera.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tessera.branding.context_processors.site",
                "tessera.notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'tessera.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo's web threads and task worker write to one file: WAL lets readers run beside
    # the writer, IMMEDIATE transactions take the write lock up front (a deferred one that
    # reads then writes fails at once with "database is locked"), and a writer waits up to
    # 20 s for its turn instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate limits and the settings cache must be shared by every worker process: Redis when
# REDIS_URL is set (production), otherwise a file cache under var/ (the demo's gunicorn workers).
_CACHE_SILENCED_CHECKS: list[str] = []
if env.str("REDIS_URL", default=""):
    CACHES = {
        "default": {
            # django-redis: one connection pool per process, shared by its threads.
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": env.str("REDIS_URL"),
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 2,
                "SOCKET_TIMEOUT": 2,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
    # Fine for the demo; production sets REDIS_URL, whose add() is atomic (ALTCHA replay check).
    _CACHE_SILENCED_CHECKS = ["altcha.W017"]
# The layout's header and footer as rendered (templates/base.html), in each process's memory:
# each entry's key holds everything it shows (organisation, identity version, menus, language,
# the visitor's state), so no entry is ever stale and no process needs another's.
CACHES["layout"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "layout",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
# Sessions are read from the cache and written through to the database: a logged-in request
# (a ballot, a comment) no longer queries the session table.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "tessera.accounts.backends.OrganizationAuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The e-mail is unique per organisation, not globally: our backend does the lookup.
# security.W021: HSTS preload is left to each customer (SECURE_HSTS_PRELOAD), see above.
SILENCED_SYSTEM_CHECKS = ["auth.W004", "security.W021", *_CACHE_SILENCED_CHECKS]
LOGIN_REDIRECT_URL = "home"
LOGIN_URL = "account_login"

# How many reverse proxies of ours stand in front of the app servers (nginx alone: 1; a load
# balancer then nginx: 2). core.http.client_ip reads the client's address from X-Forwarded-For
# accordingly, for every rate limit; allauth counts the same hops (docs/deploy.md).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# django-allauth
ACCOUNT_ADAPTER = "tessera.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "tessera.accounts.forms.SignupForm"
# A known address costs the same password hash as a new one (no timing oracle).
ACCOUNT_FORMS = {"signup": "tessera.accounts.signup.EvenSignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# Confirming the address in the browser that signed up logs the person in (allauth does it
# only there: a link opened elsewhere still asks for the password).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True  # within an organisation: see accounts.tenancy and migration 0002
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("HTTP_PROTOCOL", default="https")
# The port visitors use, for links in e-mails sent without a request (Organization.site_url).
PUBLIC_PORT = env.str("PUBLIC_PORT", default="")
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "tessera.accounts.adapter.MFAAdapter"

# Email: EMAIL_URL (smtp://user:pass@host:587/?tls=True, or consolemail://); by default the
# demo writes each message as a file under var/mail.
_email = env.email_url_config(env.str("EMAIL_URL", default="filemail://"))
_EMAIL_OPTIONS = {
    "EMAIL_HOST": "host",
    "EMAIL_PORT": "port",
    "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password",
    "EMAIL_USE_TLS": "use_tls",
    "EMAIL_USE_SSL": "use_ssl",
    "EMAIL_TIMEOUT": "timeout",
    "EMAIL_FILE_PATH": "file_path",
}
_smtp_only = {"host", "port", "username", "password", "use_tls", "use_ssl", "timeout"}
_is_smtp = _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {
            option: _email[name]
            for name, option in _EMAIL_OPTIONS.items()
            if _email.get(name) not in (None, "") and (_is_smtp or option not in _smtp_only)
        },
    }
}
if MAILERS["default"]["BACKEND"].endswith("filebased.EmailBackend"):
    MAILERS["default"]["OPTIONS"]["file_path"] = env.str(
        "EMAIL_FILE_PATH", default=str(VAR_DIR / "mail")
    )
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Paris")
USE_I18N = True
USE_TZ = True
# Short dates per language ("23 déc. 2026"), used by the staff pages.
FORMAT_MODULE_PATH = ["tessera.core.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Several app servers share their uploads through S3-compatible object storage (S3, MinIO,
# Garage, Scaleway, OVH…). Objects stay private: visitors read them through /media/, where
# Django checks the organisation and the proposal's visibility first.
if env.str("S3_BUCKET", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET"),
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY", default="") or None,
            "secret_key": env.str("S3_SECRET_KEY", default="") or None,
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
# Uploaded files are checked by Django (organisation, hidden proposals) then, when this is set,
# sent by nginx from its `internal` location of that prefix (X-Accel-Redirect, docs/deploy.md).
MEDIA_ACCEL_REDIRECT = env.str("MEDIA_ACCEL_REDIRECT", default="")
# Uploads: refuse bodies a resident could not mean to send (files are checked again by kind).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# Security: secure by default; the demo on http://127.0.0.1 turns the cookie flags off.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preloading binds a customer's domain into browsers for good: their decision, not ours.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Every page, script, style sheet, font and picture comes from the site itself (no CDN, no
# inline script or style in our templates); an injected tag cannot load or send anything
# elsewhere. A view needing more says so with csp_override (the contact form's proof of work).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# One JSON object per line (LOG_FORMAT=text for a human at a terminal), each with the request
# id, the organisation and the user id of the request it belongs to (core.logs).
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "tessera.core.logs.RequestContextFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s "
            "%(request_id)s %(organization)s %(user_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(organization)s "
            "%(user_id)s] %(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_context"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.security.DisallowedHost": {"handlers": [], "propagate": False}},
}

# The operator's figures at /metrics, for `Authorization: Bearer <METRICS_KEY>`; off if unset.
METRICS_KEY = env.str("METRICS_KEY", default="")

# Error reports (Sentry or GlitchTip) only when SENTRY_DSN is set, scrubbed of personal data.
if env.str("SENTRY_DSN", default=""):
    from tessera.core.sentry import init as _sentry_init

    _sentry_init(
        env.str("SENTRY_DSN"),
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default="tessera"),
    )

# ALTCHA: a self-hosted proof of work on public forms (contact the author); the widget script
# is served from the altcha-django package's static files, never from a CDN.
ALTCHA_HMAC_SECRET = env.str("ALTCHA_HMAC_SECRET", default=SECRET_KEY)
ALTCHA_WIDGET_JS_SOURCE = "vendored"
ALTCHA_WIDGET_I18N = True

# Background tasks (e-mails of notifications): stored in the database and run by
# `manage.py db_worker` (make run starts one). TASKS_BACKEND may name another django.tasks
# backend, e.g. django.tasks.backends.immediate.ImmediateBackend to run them in the request.
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": env.list("TASKS_QUEUES", default=["default"]),
    }
}

# The public GraphQL API at /graphql (tessera.api, docs/api.md). Lists are paginated 20 rows by
# default and 100 at most: tessera.processes.api.Page refuses a larger page with an error, and
# the library's own cap below is the backstop.
STRAWBERRY_DJANGO = {
    "PAGINATION_DEFAULT_LIMIT": 20,
    "PAGINATION_MAX_LIMIT": 100,
}

# Tessera
TESSERA_DEMO_HOSTS = ["127.0.0.1", "localhost"]
