"""The kinds of notification, as data: what each is called on the preferences page."""

from __future__ import annotations

from participation.i18n import lazy

KINDS: dict[str, str] = {
    "account": lazy("Your account (password changes, roles)"),
    "consultation_decision": lazy("A decision on a consultation you answered"),
}
