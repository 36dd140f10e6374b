"""Django settings, read from the environment.

Nothing lives only in production settings: the same module serves development, tests and
production, and the environment decides. See `.env.example` for every variable.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY måste sättas när DEBUG är avstängt.")
    SECRET_KEY = "development-only-insecure-key"  # DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    # Background tasks: the `django.tasks` API (backported) with its database queue.
    "django_tasks",
    "django_tasks_db",
    # Login throttling and lockout (AccessAttempt, AccessLog in the admin).
    "axes",
    # request.htmx for the views that answer htmx with a partial (issue 11).
    "django_htmx",
    "nameden",
    "remiss",
]

MIDDLEWARE = [
    # First, so that every log line of the request carries its id, and every answer (also a
    # redirect or an error) the X-Request-ID header (nameden.loggning).
    "nameden.loggning.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files from STATIC_ROOT (collected, hashed, compressed), before the session and
    # the database are touched; see STATIC_MANIFEST below.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy without 'unsafe-inline' on every response (nameden.csp).
    "nameden.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # NUL in input that no form checked (the admin's list filters) answers 400, not 500.
    "nameden.middleware.NulTeckenMiddleware",
    "nameden.middleware.MetodEjTillatenMiddleware",
    # Idle and absolute session limits (SESSION_IDLE_SECONDS, SESSION_MAX_SECONDS).
    "nameden.middleware.SessionTidsgransMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nameden.urls"
WSGI_APPLICATION = "nameden.wsgi.application"
ASGI_APPLICATION = "nameden.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The main menu's links, from the policy (named only: nameden imports no remiss).
                "remiss.context_processors.meny",
                # The committee side's own menu entry (nameden never reads remiss's).
                "nameden.context_processors.namnd_meny",
                # base.html's links, reversed once per process, not on every page.
                "nameden.context_processors.lankar",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# PostgreSQL when DATABASE_URL is set (production, CI); otherwise a local SQLite file so that a
# fresh clone runs with no set-up at all.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    # Persistent connections, sized for gunicorn's workers (docs/drift.md): opening one costs
    # about 6 ms per request, a third of a light page. Either each thread keeps its own
    # connection for DB_CONN_MAX_AGE seconds, checked before reuse (CONN_HEALTH_CHECKS), so
    # workers × threads connections in all; or DB_POOL=1, psycopg's pool per process
    # (DB_POOL_MIN..DB_POOL_MAX connections shared by its threads), where Django requires
    # CONN_MAX_AGE 0. Neither set: a new connection per request, as in development.
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    DB_CONN_MAX_AGE = int(os.environ.get("DB_CONN_MAX_AGE", "0"))
    if env_bool("DB_POOL"):
        if DB_CONN_MAX_AGE:
            raise ImproperlyConfigured(
                "DB_POOL och DB_CONN_MAX_AGE kan inte användas samtidigt: välj det ena."
            )
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": int(os.environ.get("DB_POOL_MIN", "1")),
            "max_size": int(os.environ.get("DB_POOL_MAX", os.environ.get("GUNICORN_THREADS", "4"))),
            # Seconds a request waits for a free connection before it fails.
            "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "10")),
        }
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = DB_CONN_MAX_AGE
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = DB_CONN_MAX_AGE > 0
else:
    SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3"))
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "OPTIONS": {
                # IMMEDIATE takes SQLite's write lock when a transaction begins, so two
                # registrations cannot both read the same diarienummer counter and the
                # second waits (up to `timeout` seconds) instead of failing mid-transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # A file, not memory, so that tests with several threads share one database.
            "TEST": {"NAME": str(SQLITE_PATH.with_name(f"test-{SQLITE_PATH.name}"))},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "nameden.User"
# django-axes' backend first: it refuses every login of a locked-out username and IP before
# the password is even looked at, so the right password is refused while locked too.
# Tests log in with `force_login`, which skips authentication (and so axes) altogether.
# Then Django's ModelBackend, loading the session's user with their avdelning and
# förvaltning in one query (nameden.autentisering).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "nameden.autentisering.AnvandarBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "remiss:mina"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time -------------------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Files ---------------------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "staticfiles"))
# whitenoise serves the static files from the app itself (no web server needed for them).
# STATIC_MANIFEST=1 (production: the Dockerfile, `make prod-local`): collectstatic writes
# hashed, gzip-compressed copies and a manifest into STATIC_ROOT, pages link the hashed
# names, and whitenoise serves those with a year's cache. It needs collectstatic to have run
# (a page naming a file missing from the manifest fails). Unset (development, tests): the
# files are served straight from static/ as they are edited, nothing to collect.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST")
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = not STATIC_MANIFEST

# Uploaded bilagor live outside the web root and are only ever served through a view that
# checks the policy. There is deliberately no MEDIA_URL route.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {
        "BACKEND": "nameden.statiska.StatiskaFiler"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# With S3_BUCKET set, bilagor, final PDFs, protokoll and packets go to S3-compatible object
# storage (AWS, or minio as docker compose runs it) instead of PRIVATE_MEDIA_ROOT. The
# bucket stays private: files are read back through the app's views, which check the policy
# and the SHA-256, never through a public or signed URL. Keys left unset (S3_ACCESS_KEY_ID,
# S3_REGION) fall back to boto3's own chain (AWS_* variables, an instance role).
S3_BUCKET = os.environ.get("S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            # "path" for minio and most S3-compatible servers; unset lets boto3 choose.
            "addressing_style": os.environ.get("S3_ADDRESSING_STYLE") or None,
            # A folder inside the bucket, when it is shared.
            "location": os.environ.get("S3_PREFIX", ""),
            # As on the file system: a name already taken gets a new one. Overwriting would
            # silently change a stored document that a row and its SHA-256 point at.
            "file_overwrite": False,
            "default_acl": None,
            # A download is spooled to a temporary file past this size, not held in memory.
            "max_memory_size": 2 * 1024 * 1024,
        },
    }
    from botocore.config import Config as _S3Config

    # An unreachable endpoint fails a request (and /healthz) in seconds, not after boto3's
    # default of a minute per attempt.
    STORAGES["default"]["OPTIONS"]["client_config"] = _S3Config(
        connect_timeout=float(os.environ.get("S3_CONNECT_TIMEOUT", "5")),
        read_timeout=float(os.environ.get("S3_READ_TIMEOUT", "30")),
        retries={"max_attempts": 3, "mode": "standard"},
    )
BILAGA_MAX_BYTES = int(os.environ.get("BILAGA_MAX_BYTES", str(25 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# --- PDF ---------------------------------------------------------------------------------------
# The tjänsteutlåtande PDF embeds Liberation Sans from this directory (Debian: fonts-liberation2,
# installed by .ci/install-system-deps). The PDF renderer reads fonts only from here and from
# the app's own static files, never from the system's font fallback. See docs/pdf.md.
PDF_FONT_DIR = Path(os.environ.get("PDF_FONT_DIR", "/usr/share/fonts/truetype/liberation2"))

# --- Background tasks ----------------------------------------------------------------------------
# The kallelse-and-handlingar packet is built by a worker process (`manage.py db_worker`, started
# by `make run` and docker compose's `worker` service) from a queue kept in the database itself,
# on PostgreSQL and SQLite alike: no broker to run. See docs/handlingar.md.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# --- E-mail --------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "remisshantering@localhost")
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")

# --- Uploads: content check and virus scanning -----------------------------------------------
# Every upload passes `nameden.filkontroll` and is scanned by clamd over its socket
# (`nameden.virusskanning`); without an answer from clamd, uploads fail closed. A Unix socket
# (Debian's default path), or CLAMD_HOST and CLAMD_PORT for TCP (docker compose's clamd).
# `make run` starts a clamd of its own and sets CLAMD_SOCKET to it.
CLAMD_SOCKET = os.environ.get("CLAMD_SOCKET", "/run/clamav/clamd.ctl")
CLAMD_HOST = os.environ.get("CLAMD_HOST", "")
CLAMD_PORT = int(os.environ.get("CLAMD_PORT", "3310"))
CLAMD_TIMEOUT = float(os.environ.get("CLAMD_TIMEOUT", "30"))

# --- Login throttling (django-axes) ------------------------------------------------------------
# Five failures for one username from one IP address lock that pair out for 15 minutes; a
# failure during the lockout starts the 15 minutes again. Attempts, lockouts and logins are
# kept in the database (admin: Axes) and logged on the "axes" logger.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "nameden.middleware.spard_inloggning"
AXES_HTTP_RESPONSE_CODE = 429
# Behind the TLS proxy every request comes from the proxy: the client is the last address
# the proxy added to X-Forwarded-For (nameden.middleware.klientens_ip).
AXES_CLIENT_IP_CALLABLE = "nameden.middleware.klientens_ip"
# Logs name the username and address (who tried, from where); never the password. No banner
# at every process start.
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_VERBOSE = False

# --- Sessions ------------------------------------------------------------------------------------
# Logged out after 30 minutes without a request, and 12 hours after login whatever happens
# (nameden.middleware.SessionTidsgransMiddleware); the cookie ends with the browser.
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_MAX_SECONDS = int(os.environ.get("SESSION_MAX_SECONDS", str(12 * 60 * 60)))
SESSION_COOKIE_AGE = SESSION_MAX_SECONDS
# Django's database sessions, read on every request without the ORM's compilation
# (nameden.autentisering.SessionStore).
SESSION_ENGINE = "nameden.autentisering"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Bounded work: document limits and previews ---------------------------------------------
# How large a tjänsteutlåtande may grow (remiss.granser; the defaults are there, override any
# key here or with the environment). Previews are cached per content fingerprint in the
# default cache and rendered in a child process that is killed after PDF_FORHANDSVISNING_SEKUNDER
# (nameden.pdf.forhandsvisning).
DOKUMENT_GRANSER = {
    key.removeprefix("DOKUMENT_GRANS_").lower(): int(value)
    for key, value in os.environ.items()
    if key.startswith("DOKUMENT_GRANS_")
}
PDF_FORHANDSVISNING_SEKUNDER = float(os.environ.get("PDF_FORHANDSVISNING_SEKUNDER", "20"))
PDF_FORHANDSVISNING_CACHE_SEKUNDER = int(
    os.environ.get("PDF_FORHANDSVISNING_CACHE_SEKUNDER", "3600")
)

# --- Security ------------------------------------------------------------------------------------
# SECURE=1 in production (TLS in front): every http:// request is redirected to https:// and
# browsers are told by HSTS to use nothing else for a year, subdomains included.
SECURE = env_bool("SECURE")
SECURE_SSL_REDIRECT = SECURE
# The health check is asked over plain http from inside (compose's healthcheck, a load
# balancer's probe), where TLS ends in front: a redirect would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "31536000")) if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE and env_bool("HSTS_PRELOAD", default=True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=SECURE or not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY")
if BEHIND_TLS_PROXY:
    # The reverse proxy terminates TLS and says so in X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# LOG_FORMAT=json (production): one JSON object per line with the request id
# (nameden.loggning); text (the default) is for a terminal, with the id too.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT ska vara json eller text, inte {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "nameden.loggning.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "nameden.loggning.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Every failed login and lockout (axes logs them as warnings, with username and address),
    # whatever the root level; successful logins are kept in the database (AccessLog).
    "loggers": {"axes": {"level": "WARNING"}},
}
