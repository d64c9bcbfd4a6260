"""Pure rules about accounts: what a valid input is, who may do what."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from participation.i18n import _, lazy
from participation.text import clean_line, is_one_line

EMAIL_MAX = 254
PASSWORD_MIN = 10
PASSWORD_MAX = 200
DISPLAY_NAME_MAX = 80
TOKEN_NAME_MAX = 80

# Marked for translation: pages show a role by its translated name, `_(role)`.
ASSIGNABLE_ROLES = (lazy("official"), lazy("moderator"), lazy("admin"))

# The kinds of notification this area sends, with what the preferences page calls them.
NOTIFICATION_KINDS = {"account": lazy("Your account (password changes, roles)")}


def normalise_email(email: str) -> str:
    return clean_line(email).strip().lower()


def email_error(email: str) -> str | None:
    email = email.strip()
    if not email:
        return _("Enter your e-mail address.")
    if len(email) > EMAIL_MAX:
        return _("An e-mail address has at most %(n)s characters.", n=EMAIL_MAX)
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return _("This is not a valid e-mail address, for example name@example.nl.")
    return None


def password_error(password: str) -> str | None:
    if len(password) < PASSWORD_MIN:
        return _("A password has at least %(n)s characters.", n=PASSWORD_MIN)
    if len(password) > PASSWORD_MAX:
        return _("A password has at most %(n)s characters.", n=PASSWORD_MAX)
    return None


def display_name(name: str) -> str:
    """A display name as it is stored: one line without invisible or direction-changing characters, stripped."""
    return clean_line(name).strip()


def display_name_error(name: str) -> str | None:
    name = display_name(name)
    if not name:
        return _("Enter the name others will see.")
    if len(name) > DISPLAY_NAME_MAX:
        return _("A name has at most %(n)s characters.", n=DISPLAY_NAME_MAX)
    if not is_one_line(name):
        return _("A name is one line.")
    return None


def collect(**checks: str | None) -> dict[str, str]:
    """The field errors among named checks, for `Invalid(fields)`."""
    return {name: message for name, message in checks.items() if message}


def can_manage_roles(roles: list[str]) -> bool:
    return "admin" in roles
