"""Pure rules of moderation: who moderates, what a report and a decision are, and how areas describe the
content they let moderation handle (`ContentKind`, registered per area in participation/areas.py).

Content is named by a `ref`, "KIND:ID" (`statement:3`, `answer:12`). Nothing here touches the database or the
clock; the areas' functions in a ContentKind do.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from participation.choices import one_of
from participation.i18n import _, lazy
from participation.numbers import whole_number
from participation.text import clean_text

NOTIFICATION_KINDS = {"moderation_decision": lazy("A moderator's decision about something you wrote")}

REASONS = ("spam", "abuse", "personal_data", "off_topic", "illegal")
ACTIONS = ("keep", "hide", "restore")
# The decisions on an appeal that go the author's way: an appealed suspension is lifted by them.
IN_FAVOUR = ("keep", "restore")
NOTE_MAX = 1000
FACTS_MAX = 4000


def reason_label(reason: str) -> str:
    return {
        "spam": _("spam or advertising"),
        "abuse": _("abuse, threats or discrimination"),
        "personal_data": _("personal data of someone"),
        "off_topic": _("off topic"),
        "illegal": _("against the law"),
    }.get(reason, reason)


# What a moderator may do to the author's account, with a decision of its own.
ACCOUNT_ACTIONS = ("warn", "suspend")
SUSPENSION_MAX_DAYS = 365


def choice_label(action: str) -> str:
    """An action as the moderator's forms name it, to choose (`action_label` names a decision taken)."""
    return {
        "keep": _("keep (publish)"),
        "hide": _("hide"),
        "restore": _("restore"),
        "warn": _("warn"),
        "suspend": _("suspend: the author can read, not write"),
    }.get(action, action)


def action_label(action: str) -> str:
    return {
        "keep": _("kept"),
        "hide": _("hidden"),
        "restore": _("restored"),
        "warn": _("a warning"),
        "suspend": _("account suspended"),
    }.get(action, action)


def rule_label(rule: str) -> str:
    """What an automatic rule found (a hit's `rule`), in plain words."""
    kind, _sep, detail = rule.partition(":")
    if kind == "words":
        return _("a word on the list (%(language)s)", language=detail)
    return {
        "personal_data:phone": _("a phone number"),
        "personal_data:email": _("an e-mail address"),
        "personal_data:iban": _("a bank account number (IBAN)"),
        "personal_data:bsn": _("a citizen service number (BSN)"),
        "links:too_many": _("too many links"),
        "links:new_account": _("a link from an account younger than a day"),
        "flood": _("many posts in a short time"),
    }.get(rule, rule)


def state_label(state: str) -> str:
    """A content state (see ContentSummary.state) in plain words."""
    return {
        "published": _("published"),
        "pending": _("waiting to be published"),
        "review": _("hidden until a moderator looks at it"),
        "hidden": _("hidden"),
    }.get(state, state)


def restriction_errors(action: str, until: datetime | None, *, now: datetime) -> dict[str, str]:
    if action not in ACCOUNT_ACTIONS:
        return {
            "action": one_of(
                ACCOUNT_ACTIONS, choice_label, chosen=action, missing=_("Choose what happens to the account.")
            )
        }
    if action == "suspend":
        if until is None or until <= now:
            return {"until": _("Give an end date after today.")}
        if (until - now).days > SUSPENSION_MAX_DAYS:
            return {"until": _("A suspension lasts at most %(n)s days.", n=SUSPENSION_MAX_DAYS)}
    return {}


# The grounds of a decision: a clause of the terms of use or the law (DSA art. 17(3)(d) and (e)).
GROUNDS: dict[str, tuple[str, Any]] = {
    "terms_respect": (
        "terms",
        lazy("Terms of use 3.1: treat others with respect; no abuse, threats or discrimination"),
    ),
    "terms_spam": ("terms", lazy("Terms of use 3.2: no spam, advertising or repeated posts")),
    "terms_on_topic": ("terms", lazy("Terms of use 3.3: stay on the subject of the conversation")),
    "terms_privacy": ("terms", lazy("Terms of use 3.4: no personal data of yourself or others")),
    "terms_compatible": ("terms", lazy("Terms of use: the content fits the rules (nothing is restricted)")),
    "law_gdpr": ("law", lazy("The law: the GDPR (AVG) protects personal data")),
    "law_criminal": ("law", lazy("The law: the content is a criminal offence (Wetboek van Strafrecht)")),
}


def ground_label(ground: str) -> str:
    found = GROUNDS.get(ground)
    # The label is marked with `lazy` (not translated at import): translated here, in the current language.
    return _(str(found[1])) if found else ground


def redress() -> str:
    """How to seek redress (DSA art. 17(3)(f)), told with every decision."""
    return _(
        "You can appeal this decision once, within six months, from your account page: another moderator will "
        "look at it again. You can also complain to the Authority for Consumers and Markets (ACM) or go to court."
    )


@dataclass(frozen=True)
class Ref:
    kind: str
    id: int

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"


def parse_ref(ref: str) -> Ref | None:
    """ "KIND:ID" with a lower-case kind (letters, words joined by "_": `checklist_item`) and plain digits; None
    for anything else."""
    kind, sep, number = ref.partition(":")
    letters = kind.replace("_", "")
    if not sep or not letters.isascii() or not letters.isalpha() or not kind.islower() or len(kind) > 20:
        return None
    if kind.startswith("_") or kind.endswith("_") or "__" in kind:
        return None
    item_id = whole_number(number)
    return Ref(kind, item_id) if item_id is not None else None


@dataclass(frozen=True)
class ContentSummary:
    """What moderation shows of one item: its text, author, state and where it is (a title and a named route with
    its parameters, so the web layer can link to it)."""

    ref: str
    text: str
    author_id: int | None
    created_at: datetime
    # "published", "pending" (held back before publication), "review" (hidden pending review) or "hidden".
    state: str
    title: str
    route: str
    params: Mapping[str, Any] = field(default_factory=dict)
    # Where the content lives outside this platform (a monitored post on its network): linked instead of `route`,
    # which may be a page moderators cannot open.
    url: str = ""


@dataclass(frozen=True)
class ContentKind:
    """An area's functions for one kind of content. `load` takes ids and returns the summaries of those that
    exist (one query for many, so a page of the queue costs the same for 10 or 10,000 items); `hide` takes
    `review=True` when reports hid it pending a moderator's look; `publish` makes it visible (keep, restore).
    `visible_to(id, user, now)`, where content is not public (a draft consultation, a group's workspace), says
    whether that person can see it at that moment: a report by someone who cannot is refused as if the content
    did not exist (404), so a report never reveals what a page would not."""

    label: Any
    load: Callable[[Sequence[int]], Awaitable[dict[int, ContentSummary]]]
    hide: Callable[..., Awaitable[None]]
    publish: Callable[[int], Awaitable[None]]
    visible_to: Callable[[int, Any, datetime], Awaitable[bool]] | None = None


def report_errors(reason: str, note: str) -> dict[str, str]:
    errors = {}
    if reason not in REASONS:
        errors["reason"] = one_of(REASONS, reason_label, chosen=reason, missing=_("Choose why you report this."))
    if len(note) > NOTE_MAX:
        errors["note"] = _("At most %(n)s characters.", n=NOTE_MAX)
    return errors


def decision_errors(action: str, ground: str, facts: str) -> dict[str, str]:
    errors = {}
    if action not in ACTIONS:
        errors["action"] = one_of(ACTIONS, choice_label, chosen=action, missing=_("Choose what you decide."))
    if ground not in GROUNDS:
        errors["ground"] = one_of(
            GROUNDS, ground_label, chosen=ground, missing=_("Choose the ground of your decision.")
        )
    if not clean_text(facts).strip():
        errors["facts"] = _("Say what the content is and why you decide this.")
    elif len(facts) > FACTS_MAX:
        errors["facts"] = _("At most %(n)s characters.", n=FACTS_MAX)
    return errors


def can_moderate(roles: Sequence[str]) -> bool:
    return "moderator" in roles
