"""Lindra's settings: one file, configured by environment variables (see .env.example)."""

import os
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def _read_env_file(path: Path) -> None:
    """Loads KEY=value lines from .env into the environment, without overriding it."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            os.environ.setdefault(key.strip(), value.strip().strip("'\""))


_read_env_file(BASE_DIR / ".env")


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("DEBUG", False)

SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
_site = urlsplit(SITE_URL)
HTTPS = _site.scheme == "https"

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if HTTPS:
        raise ImproperlyConfigured("Set SECRET_KEY in the environment or in .env (see .env.example).")
    # Good enough on your own machine over plain http; never where people sign in for real.
    SECRET_KEY = "dev-only-insecure-key-for-local-use"

# The key that seals the audit log's entries (lindra.core.audit_chain). Empty: derived from
# SECRET_KEY. Set it to keep the log verifiable when SECRET_KEY is rotated.
AUDIT_CHAIN_KEY = env("AUDIT_CHAIN_KEY")

ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "").split(",") if h.strip()] or [
    _site.hostname or "127.0.0.1",
    "127.0.0.1",
    "localhost",
    "testserver",
]
CSRF_TRUSTED_ORIGINS = [f"{_site.scheme}://{_site.netloc}"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "lindra.core",
    "lindra.accounts",
    "lindra.registry",
    "lindra.meetings",
    "lindra.mail",
    "lindra.development",
    "lindra.annual",
    "lindra.privacy",
    "lindra.home",
    "lindra.api",
    "lindra.demo",
    # django-ninja's Swagger UI, served from Lindra's own static files.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lindra.accounts.middleware.LanguageMiddleware",
    "lindra.core.middleware.RefuseNullCharactersMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "lindra.accounts.middleware.TwoFactorMiddleware",
    "lindra.home.middleware.RolesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lindra.accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "lindra.urls"
WSGI_APPLICATION = "lindra.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lindra" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lindra.core.context_processors.lindra",
            ],
        },
    },
]

# SQLite (WAL, immediate transactions so the worker and the web process do not
# deadlock) unless DATABASE_URL names another database, e.g. PostgreSQL.
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:sign_in"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end after this much inactivity: every request pushes the end forward.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 120) * 60
SESSION_SAVE_EVERY_REQUEST = True
# However active, a session ends this many hours after sign-in.
SESSION_MAX_HOURS = env_int("SESSION_MAX_HOURS", 10)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Sign-in: links by e-mail and limits on failed attempts.
SIGN_IN_LINK_MINUTES = 15
SIGN_IN_FAILURE_WINDOW_MINUTES = 15
SIGN_IN_MAX_FAILURES_PER_ACCOUNT = 5
SIGN_IN_MAX_FAILURES_PER_ADDRESS = 20

# The read API: calls per minute per token, counted in the cache (CACHES).
API_CALLS_PER_MINUTE = env_int("API_CALLS_PER_MINUTE", 60)
# Paths whose every answer is JSON, refusals of bad characters too (lindra.core.middleware).
JSON_PATHS = ["/api/"]

# Sign-in through OpenID Connect (HelseID, Microsoft Entra ID, ID-porten): off while OIDC_ISSUER
# is empty. The provider's endpoints and keys are read from ISSUER/.well-known/openid-configuration;
# the address in the claim OIDC_EMAIL_CLAIM is matched to the e-mail of a person in the registry.
OIDC_ISSUER = env("OIDC_ISSUER").strip()
OIDC_CLIENT_ID = env("OIDC_CLIENT_ID")
OIDC_CLIENT_SECRET = env("OIDC_CLIENT_SECRET")
# Set: Lindra proves itself at the token endpoint with a JWT signed by this key
# (private_key_jwt, as HelseID requires) instead of the secret.
OIDC_CLIENT_PRIVATE_KEY_FILE = env("OIDC_CLIENT_PRIVATE_KEY_FILE").strip()
OIDC_CLIENT_KEY_ID = env("OIDC_CLIENT_KEY_ID").strip()
OIDC_SCOPES = env("OIDC_SCOPES", "openid email profile")
OIDC_EMAIL_CLAIM = env("OIDC_EMAIL_CLAIM", "email")
OIDC_PROVIDER_NAME = env("OIDC_PROVIDER_NAME", "OpenID Connect")
OIDC_TIMEOUT_SECONDS = env_int("OIDC_TIMEOUT_SECONDS", 10)


def oidc_client_private_key(path: str) -> str:
    """The PEM text of the key in OIDC_CLIENT_PRIVATE_KEY_FILE ("" when unset), checked to be
    an RSA key or an EC key on P-256 (signed with RS256 or ES256), so that start-up stops
    here rather than at the first sign-in."""
    if not path:
        return ""
    where = f"OIDC_CLIENT_PRIVATE_KEY_FILE ({path})"
    try:
        text = Path(path).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as error:
        raise ImproperlyConfigured(f"{where} cannot be read: {error}.") from error
    try:
        key = load_pem_private_key(text.encode(), password=None)
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            f"{where} is not an unencrypted PEM private key: {error}. Convert it with openssl pkey."
        ) from error
    if isinstance(key, ec.EllipticCurvePrivateKey) and not isinstance(key.curve, ec.SECP256R1):
        raise ImproperlyConfigured(f"{where} is an EC key on {key.curve.name}: Lindra signs with ES256, on P-256.")
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise ImproperlyConfigured(f"{where} is neither an RSA nor an EC key.")
    return text


OIDC_CLIENT_PRIVATE_KEY = oidc_client_private_key(OIDC_CLIENT_PRIVATE_KEY_FILE)
if OIDC_ISSUER and not (OIDC_CLIENT_ID and (OIDC_CLIENT_SECRET or OIDC_CLIENT_PRIVATE_KEY)):
    raise ImproperlyConfigured(
        "OIDC_ISSUER is set: set OIDC_CLIENT_ID too, and OIDC_CLIENT_SECRET or OIDC_CLIENT_PRIVATE_KEY_FILE."
    )

# Two-factor sign-in (TOTP from an app, recovery codes): required for those the function named
# here says (the secretariat and the system administrators), from their next sign-in; optional
# for everyone else. Wrong codes are limited like passwords (the limits above); django-otp's
# own growing delays are off, so a right code is never refused for a wrong one before it.
TWO_FACTOR_REQUIRED = "lindra.home.roles.two_factor_required"
OTP_TOTP_ISSUER = "Lindra"
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0

SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Every page may load scripts, styles, fonts and images from Lindra itself only: nothing
# inline runs, nothing is framed, forms post only to Lindra.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
# The public page's embeddable form may be framed by these sites (the regional website).
PUBLIC_EMBED_ANCESTORS = env("PUBLIC_EMBED_ANCESTORS", "*").split()

# Bokmål, nynorsk or English: the signed-in person's choice (on their account), else the
# choice a signed-out visitor made on the sign-in page (a cookie), else bokmål. E-mail is
# written in the recipient's choice, else in the language of its network.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "lindra" / "locale"]
# Dates written the way of each language (lindra/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["lindra.formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
_NODE = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "lindra" / "static",
    ("vendor/designsystemet-css", _NODE / "@digdir" / "designsystemet-css" / "dist" / "src"),
    ("vendor/designsystemet-theme", _NODE / "@digdir" / "designsystemet-theme" / "brand"),
    ("vendor/htmx", _NODE / "htmx.org" / "dist"),
]
# Inter, the font Designsystemet's theme is drawn in: only the weights the pages use (regular,
# medium, semibold, bold) and the Latin scripts (æøå, and names such as Łukasz or Nguyễn).
STATICFILES_SELECTED = {
    "vendor/inter": (
        _NODE / "@fontsource" / "inter" / "files",
        [
            f"inter-{script}-{weight}-normal.woff2"
            for script in ("latin", "latin-ext")
            for weight in (400, 500, 600, 700)
        ],
    ),
}
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "lindra.core.staticfiles.SelectedFilesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
# Serve straight from the finders until collectstatic has run (development, tests).
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", message="No directory at: ")
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))

# `manage.py backup`: where each night's copy of the database and MEDIA_ROOT is written, and
# how many of them are kept there (copy them off the machine as well; see the README).
BACKUP_DIR = Path(env("BACKUP_DIR", str(BASE_DIR / "backups")))
BACKUP_KEEP = env_int("BACKUP_KEEP", 14)

# E-mail leaves through the outbox (lindra.mail). Without a mail server the messages
# are printed to the console and listed on the demo mailbox page.
_mail_host = env("EMAIL_HOST")
_mail_port = env_int("EMAIL_PORT", 587)
MAILERS = {
    "default": {
        "BACKEND": "lindra.mail.backends.SMTPBackend",
        "OPTIONS": {
            "host": _mail_host,
            "port": _mail_port,
            "username": env("EMAIL_HOST_USER"),
            "password": env("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", _mail_port == 587),
            "use_ssl": env_bool("EMAIL_USE_SSL", _mail_port == 465),
            "timeout": env_int("EMAIL_TIMEOUT", 30),
        },
    }
    if _mail_host
    else {"BACKEND": "lindra.mail.backends.TextConsoleBackend"}
}
# Who gets an account the first time they ask for a sign-in link: the people of the registry.
ACCOUNT_FOR_NEW_ADDRESS = "lindra.registry.accounts.account_for_person"
# Which e-mail addresses chose which language: the accounts of the people.
MAIL_CHOSEN_LANGUAGES = "lindra.accounts.languages.chosen_languages"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Lindra <ikke-svar@lindra.no>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Whom to write to about Lindra itself: the footer of e-mail that belongs to no network
# (sign-in links, new passwords). A network's e-mail names its secretariat instead.
CONTACT_EMAIL = env("CONTACT_EMAIL", "kontakt@lindra.no")
# The demo mailbox shows every e-mail, sign-in links included, to anyone: by default only
# over plain http without a mail server, never where people sign in for real.
DEMO_MAILBOX = env_bool("DEMO_MAILBOX", not _mail_host and not HTTPS)
# The outbox retries a temporary failure after this many seconds, then twice as long each
# time (at most six hours); a message a worker claimed and did not finish in
# OUTBOX_CLAIM_TIMEOUT_SECONDS is taken back, the worker presumed dead.
OUTBOX_RETRY_SECONDS = env_int("OUTBOX_RETRY_SECONDS", 60)
OUTBOX_CLAIM_TIMEOUT_SECONDS = env_int("OUTBOX_CLAIM_TIMEOUT_SECONDS", 600)

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# Forms render with Designsystemet's markup (templates/django/forms/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# A cache shared by the web processes and the worker (import progress, for one).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env("CACHE_DIR", str(BASE_DIR / ".cache")),
    }
}
