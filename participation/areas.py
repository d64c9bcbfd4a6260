"""The one explicit list of areas, and what each brings to the shared parts.

The shared modules loop over `AREAS` instead of importing areas themselves: the database configuration
(`models`), `samenspraak seed-demo` (`demo`), "download my data" (`personal_data`), the notification
preferences (`notification_kinds`), the monitor (`jobs`), moderation (`content`: the kinds of content an
area lets moderation report, hide and publish, by the KIND of their ref "KIND:ID") and webcare's matching of
monitored posts (`match_targets`: what posts can be about, participation/matching.py). A new area is one entry
here, its own packages (participation/<area>/, server/<area>/) and its routes in server/app.py.

Notifications and mail are shared mechanisms, not areas: their models are listed in `SHARED_MODELS`.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from participation.accounts import demo as accounts_demo
from participation.accounts import personal_data as accounts_personal_data
from participation.accounts import rules as accounts_rules
from participation.accounts import services as accounts_services
from participation.accounts import sessions, throttle
from participation.accounts.demo import DemoPeople
from participation.accounts.models import User
from participation.cocreation import demo as cocreation_demo
from participation.cocreation import moderation as cocreation_moderation
from participation.cocreation import personal_data as cocreation_personal_data
from participation.cocreation import rules as cocreation_rules
from participation.cocreation.services import claims as cocreation_claims
from participation.cocreation.services import departures as cocreation_departures
from participation.consultations import demo as consultations_demo
from participation.consultations import listening as consultations_listening
from participation.consultations import moderation as consultations_moderation
from participation.consultations import personal_data as consultations_personal_data
from participation.consultations import rules as consultations_rules
from participation.consultations.analysis import opinion_groups
from participation.consultations.services import authoring
from participation.matching import MatchTarget
from participation.moderation import personal_data as moderation_personal_data
from participation.moderation import rules as moderation_rules
from participation.moderation import screening
from participation.moderation.rules import ContentKind
from participation.webcare import demo as webcare_demo
from participation.webcare import moderation as webcare_moderation
from participation.webcare import services as webcare

# Builds a full link (with the site's address) to a named page: `link_to("consultations:detail", id=3)`.
LinkTo = Callable[..., str]
# A periodic job of the monitor: does what is due at `now`, returns how many things it did.
Job = Callable[..., Awaitable[int]]
# An area's part of the demo, after the demo people exist.
DemoSeed = Callable[..., Awaitable[Any]]


@dataclass(frozen=True)
class Area:
    name: str
    models: str
    notification_kinds: Mapping[str, str] = field(default_factory=dict)
    personal_data: Mapping[str, Callable[[User], Awaitable[Any]]] = field(default_factory=dict)
    jobs: Mapping[str, Job] = field(default_factory=dict)
    demo: DemoSeed | None = None
    # The kinds of content moderation handles, by the KIND of their ref "KIND:ID".
    content: Mapping[str, ContentKind] = field(default_factory=dict)
    # What monitored posts can be matched to (a consultation by its title).
    match_targets: Callable[[], Awaitable[list[MatchTarget]]] | None = None
    # The area's part of deleting an account: `account_deleted(user, now=..., link_to=...)`, after accounts made
    # the person a pseudonym, in the same transaction (delete_account below).
    account_deleted: Callable[..., Awaitable[None]] | None = None


SHARED_MODELS = ["participation.notifications.models", "participation.mail.models"]

AREAS = [
    Area(
        name="accounts",
        models="participation.accounts.models",
        notification_kinds=accounts_rules.NOTIFICATION_KINDS,
        personal_data={
            "account": accounts_personal_data.account,
            "api_tokens": accounts_personal_data.api_tokens,
            "sessions": accounts_personal_data.sessions,
            "sign_in_addresses": accounts_personal_data.sign_in_addresses,
        },
        jobs={"throttle_events_pruned": throttle.prune, "sessions_pruned": sessions.prune},
    ),
    Area(
        name="consultations",
        models="participation.consultations.models",
        notification_kinds=consultations_rules.NOTIFICATION_KINDS,
        personal_data={"consultation_responses": consultations_personal_data.personal_data},
        jobs={
            "consultations_moved": authoring.apply_schedule,
            "opinion_groups_computed": opinion_groups.recompute_stale,
        },
        demo=consultations_demo.seed,
        content=consultations_moderation.CONTENT,
        match_targets=consultations_listening.match_targets,
    ),
    Area(
        name="moderation",
        models="participation.moderation.models",
        notification_kinds=moderation_rules.NOTIFICATION_KINDS,
        personal_data={
            "moderation_reports_made": moderation_personal_data.reports_made,
            "moderation_decisions_about_me": moderation_personal_data.decisions_received,
            "moderation_appeals": moderation_personal_data.appeals,
            "moderation_account": moderation_personal_data.account_restrictions,
        },
        jobs={"screened_posts_pruned": screening.prune},
    ),
    Area(
        name="cocreation",
        models="participation.cocreation.models",
        notification_kinds=cocreation_rules.NOTIFICATION_KINDS,
        personal_data={
            "groups": cocreation_personal_data.groups,
            "join_requests": cocreation_personal_data.join_requests,
            "unsaved_workspace_texts": cocreation_personal_data.unsaved_texts,
            "refused_workspace_texts": cocreation_personal_data.refused_texts,
        },
        jobs={"claims_expired": cocreation_claims.expire_claims},
        demo=cocreation_demo.seed,
        content=cocreation_moderation.CONTENT,
        account_deleted=cocreation_departures.account_deleted,
    ),
    Area(
        name="webcare",
        models="participation.webcare.models",
        # Both jobs speak to networks: they take the monitor's `http` (see run_jobs).
        jobs={"webcare_sources_polled": webcare.poll_due, "webcare_replies_sent": webcare.deliver_due},
        demo=webcare_demo.seed,
        content=webcare_moderation.CONTENT,
    ),
]


def model_modules() -> list[str]:
    return [AREAS[0].models, *SHARED_MODELS, *(area.models for area in AREAS[1:])]


def content_kinds() -> dict[str, ContentKind]:
    return {kind: found for area in AREAS for kind, found in area.content.items()}


async def match_targets() -> list[MatchTarget]:
    """Every area's targets for monitored posts, in the order of AREAS."""
    found: list[MatchTarget] = []
    for area in AREAS:
        if area.match_targets is not None:
            found += await area.match_targets()
    return found


def notification_kinds() -> dict[str, str]:
    return {kind: label for area in AREAS for kind, label in area.notification_kinds.items()}


async def seed_demo(*, now: datetime, link_to: LinkTo) -> DemoPeople:
    """The demo people, then each area's part in the order of AREAS."""
    people = await accounts_demo.create_people(now=now)
    for area in AREAS:
        if area.demo is not None:
            await area.demo(people, now=now, link_to=link_to)
    return people


async def delete_account(user: User, *, password: str, now: datetime, link_to: LinkTo) -> None:
    """Delete an account (accounts keeps the person as a pseudonym, their contributions stay), then each area's
    part, all in one transaction: the areas act on what was the person's (a group's last coordinator leaving)."""
    async with in_transaction():
        await accounts_services.delete_account(user, password=password, now=now)
        for area in AREAS:
            if area.account_deleted is not None:
                await area.account_deleted(user, now=now, link_to=link_to)


async def run_jobs(*, now: datetime, log: Any, http: Any = None) -> dict[str, int]:
    """Every area's periodic jobs; one that fails is logged and the others still run. A job that names an `http`
    parameter gets the monitor's httpx.AsyncClient."""
    results: dict[str, int] = {}
    for area in AREAS:
        for name, job in area.jobs.items():
            try:
                extra = {"http": http} if "http" in inspect.signature(job).parameters else {}
                if extra and http is None:
                    continue
                results[name] = await job(now=now, **extra)
            except Exception:
                log.exception("%s: job %s failed", area.name, name)
    return results
