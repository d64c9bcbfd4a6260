"""Moderation: reports, the queue, decisions with a statement of reasons.

Content is named by a ref "KIND:ID"; each area registers its kinds in participation/areas.py (`content`), with
functions to load summaries and to hide and publish items. Every report and decision is written to the
append-only log (LogEntry).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from participation import areas, i18n
from participation.accounts.models import User
from participation.errors import Conflict, Invalid, NotAllowed, NotFound
from participation.i18n import _, language
from participation.moderation import rules
from participation.moderation.intake import enqueue
from participation.moderation.models import Appeal, LogEntry, ModerationDecision, ModerationItem, Report, Suspension
from participation.moderation.restrictions import require_may_write, suspended
from participation.moderation.rules import ContentKind, ContentSummary, Ref
from participation.notifications.services import notify
from participation.paging import Page, keyset
from participation.text import clean_text

QUEUE_LIMIT_MAX = 100
EARLIER_DECISIONS = 5


def require_moderator(user: User) -> None:
    if not rules.can_moderate(user.roles):
        raise NotAllowed(_("Only moderators moderate."))


async def require_may_decide(user: User, found: ContentSummary, *, now: datetime) -> None:
    """A moderator decides unless suspended (refused with the reason and until when) and never about their own
    content: another moderator does."""
    require_moderator(user)
    await require_may_write(user, now=now)
    if found.author_id is not None and found.author_id == user.id:
        raise NotAllowed(_("This is your own content: another moderator decides about it."))


def _kind_of(ref: str) -> tuple[Ref | None, ContentKind | None]:
    """`ref` parsed, and the kind of content an area registered for it (None where either is unknown)."""
    parsed = rules.parse_ref(ref)
    return parsed, areas.content_kinds().get(parsed.kind) if parsed else None


def kind_label(ref: str) -> str:
    """What `ref` names, as people say it ("proposed statement", in the reader's language); the ref itself when
    no area knows its kind."""
    kind = _kind_of(ref)[1]
    return _(kind.label) if kind is not None else ref


async def _resolve(ref: str) -> tuple[Ref, ContentKind, ContentSummary]:
    parsed, kind = _kind_of(ref)
    if parsed is None or kind is None:
        raise NotFound(_("There is no such content."))
    found = (await kind.load([parsed.id])).get(parsed.id)
    if found is None:
        raise NotFound(_("There is no such content."))
    return parsed, kind, found


@dataclass
class ReportOutcome:
    report: Report
    # False for a repeat by the same person: not counted again.
    created: bool
    # Whether this report hid the content pending review.
    hid: bool = False


async def report(ref: str, *, reason: str, note: str = "", by: User, now: datetime, threshold: int) -> ReportOutcome:
    """A report of `ref` by `by`; the `threshold`-th distinct reporter hides published content pending review."""
    await require_may_write(by, now=now)
    parsed, kind, found = await _resolve(ref)
    if found.state == "pending" or (kind.visible_to is not None and not await kind.visible_to(parsed.id, by, now)):
        # Held back before publication (nobody but its author has seen it), or where the reporter cannot see it
        # (a draft consultation): as unknown as content that does not exist.
        raise NotFound(_("There is no such content."))
    note = clean_text(note).strip()
    if errors := rules.report_errors(reason, note):
        raise Invalid(errors)
    ref = str(parsed)
    existing = await Report.get_or_none(ref=ref, reporter_id=by.id)
    if existing is not None:
        return ReportOutcome(existing, False)
    try:
        made = await Report.create(ref=ref, reporter_id=by.id, reason=reason, note=note, created_at=now)
    except IntegrityError:
        return ReportOutcome(await Report.get(ref=ref, reporter_id=by.id), False)
    await enqueue(ref, author_id=found.author_id, now=now, reported=True)
    item = await ModerationItem.get(ref=ref)
    if item.reports == 1:
        await ModerationItem.filter(id=item.id).update(waiting_since=now)
    await LogEntry.create(event="report", ref=ref, actor_id=by.id, detail={"reason": reason}, created_at=now)
    hid = False
    if item.reports >= threshold and found.state == "published":
        await kind.hide(parsed.id, review=True)
        await LogEntry.create(
            event="hidden_by_reports", ref=ref, actor_id=None, detail={"reports": item.reports}, created_at=now
        )
        hid = True
    return ReportOutcome(made, True, hid)


# --- the queue -------------------------------------------------------------------------------------------


@dataclass
class QueueEntry:
    item: ModerationItem
    # None when the content no longer exists.
    content: ContentSummary | None
    reports: list[Report] = field(default_factory=list)
    earlier: list[ModerationDecision] = field(default_factory=list)
    # The author's appeal waiting for a decision, with the decision appealed (its moderator may not decide it).
    appeal: Appeal | None = None

    @property
    def ref(self) -> str:
        return self.item.ref


async def waiting_count() -> int:
    return await ModerationItem.filter(status="waiting").count()


QUEUE_ORDER = ("-reports", "waiting_since", "id")


async def queue(
    *, viewer: User, cursor: str | None = None, limit: int = 20, before: str | None = None
) -> Page[QueueEntry]:
    """What awaits a decision: the most reported first, among equals the longest waiting. Paged by the sort key
    (participation.paging.keyset: page 500 costs what page 1 does, and nothing is skipped or shown twice when
    items are decided meanwhile); `before` gives the page before a key (the "previous" link). A page costs the
    same few queries however many items wait or are shown (summaries per kind, reports and earlier decisions
    each read for the whole page at once)."""
    require_moderator(viewer)
    limit = max(1, min(limit, QUEUE_LIMIT_MAX))
    page = await keyset(
        ModerationItem.filter(status="waiting"), order=QUEUE_ORDER, cursor=cursor, before=before, limit=limit
    )
    return Page(await _entries(page.items), page.next, page.previous)


async def _entries(rows: Sequence[ModerationItem]) -> list[QueueEntry]:
    kinds = areas.content_kinds()
    wanted: dict[str, list[int]] = {}
    for row in rows:
        parsed = rules.parse_ref(row.ref)
        if parsed is not None and parsed.kind in kinds:
            wanted.setdefault(parsed.kind, []).append(parsed.id)
    summaries: dict[str, ContentSummary] = {}
    for name, ids in wanted.items():
        summaries |= {s.ref: s for s in (await kinds[name].load(ids)).values()}
    refs = [row.ref for row in rows]
    reports: dict[str, list[Report]] = {}
    for found in await Report.filter(ref__in=refs).order_by("id") if refs else []:
        reports.setdefault(found.ref, []).append(found)
    authors = {row.author_id for row in rows if row.author_id is not None}
    earlier: dict[int, list[ModerationDecision]] = {}
    if authors:
        decided = ModerationDecision.filter(author_id__in=authors).order_by("-id").limit(EARLIER_DECISIONS * len(rows))
        for decision in await decided:
            mine = earlier.setdefault(decision.author_id, [])
            if len(mine) < EARLIER_DECISIONS:
                mine.append(decision)
    appeals = {
        a.ref: a
        for a in (await Appeal.filter(ref__in=refs, status="waiting").prefetch_related("decision") if refs else [])
    }
    return [
        QueueEntry(
            row,
            summaries.get(row.ref),
            reports.get(row.ref, []),
            earlier.get(row.author_id, []) if row.author_id is not None else [],
            appeals.get(row.ref),
        )
        for row in rows
    ]


# --- decisions -------------------------------------------------------------------------------------------


def _source(item: ModerationItem | None, reasons: Sequence[str]) -> str:
    if reasons:
        return "report:" + ",".join(sorted(set(reasons)))
    if item is not None and item.hits:
        return "rule"
    if item is not None and item.held:
        return "pre-moderation"
    return "own initiative"


async def decide(
    ref: str,
    *,
    action: str,
    ground: str,
    facts: str,
    by: User,
    now: datetime,
    link: Callable[[ModerationDecision], str] | None = None,
) -> ModerationDecision:
    """A moderator's decision with its statement of reasons; the author is told (in their language), with
    `link(decision)` (a full link, built by the caller) to where they read it."""
    require_moderator(by)
    parsed, kind, found = await _resolve(ref)
    await require_may_decide(by, found, now=now)
    facts = clean_text(facts).strip()
    if errors := rules.decision_errors(action, ground, facts):
        raise Invalid(errors)
    ref = str(parsed)
    appeal = await Appeal.filter(ref=ref, status="waiting").prefetch_related("decision").first()
    if appeal is not None and appeal.decision.moderator_id == by.id:
        raise NotAllowed(_("You made the decision that is appealed: another moderator decides the appeal."))
    item = await ModerationItem.get_or_none(ref=ref)
    since = item.waiting_since if item is not None else now
    reasons = await Report.filter(ref=ref, created_at__gte=since).values_list("reason", flat=True)
    # An appeal of a warning or a suspension is about the account, not the content: deciding it leaves the
    # content as it is (hidden, waiting or published) and its item's reports and hold to their own decision.
    about_account = appeal is not None and appeal.decision.action in rules.ACCOUNT_ACTIONS
    if not about_account:
        if action == "hide":
            await kind.hide(parsed.id, review=False)
        else:
            await kind.publish(parsed.id)
    # An appeal of a suspension decided in the author's favour (keep, restore) lifts the suspension.
    lifts = about_account and appeal.decision.action == "suspend" and action in rules.IN_FAVOUR
    async with in_transaction():
        decision = await ModerationDecision.create(
            ref=ref,
            action=action,
            ground=ground,
            facts=facts,
            automated=False,
            detected=bool(item is not None and item.hits),
            source="appeal" if appeal is not None else _source(item, list(reasons)),
            redress=rules.redress(),
            moderator_id=by.id,
            author_id=found.author_id,
            content_created_at=found.created_at,
            created_at=now,
        )
        if item is not None and about_account:
            # Still waiting when the content has its own reports or hold to decide on.
            still = "waiting" if item.held or item.reports else "decided"
            await ModerationItem.filter(id=item.id).update(status=still, updated_at=now)
        elif item is not None:
            await ModerationItem.filter(id=item.id).update(status="decided", reports=0, held=False, updated_at=now)
        lifted = False
        if lifts:
            lifted = bool(await Suspension.filter(decision_id=appeal.decision_id, until__gt=now).update(until=now))
            if lifted:
                await LogEntry.create(
                    event="suspension_lifted",
                    ref=ref,
                    actor_id=by.id,
                    detail={"decision": decision.id, "lifted": appeal.decision_id},
                    created_at=now,
                )
        if appeal is not None:
            await Appeal.filter(id=appeal.id).update(status="decided", outcome_id=decision.id, decided_at=now)
            await LogEntry.create(
                event="appeal_decided",
                ref=ref,
                actor_id=by.id,
                detail={"appeal": appeal.id, "decision": decision.id, "action": action},
                created_at=now,
            )
        await LogEntry.create(
            event="decision",
            ref=ref,
            actor_id=by.id,
            detail={"decision": decision.id, "action": action, "ground": ground},
            created_at=now,
        )
        author = await User.get_or_none(id=found.author_id) if found.author_id is not None else None
        if author is not None:
            await _tell_author(author, decision, found, link=link(decision) if link else "", now=now, lifted=lifted)
    if lifted and found.author_id is not None:
        suspended(found.author_id)  # once committed: read again, not from this process's cache
    return decision


async def _tell_author(
    author: User,
    decision: ModerationDecision,
    found: ContentSummary,
    *,
    link: str,
    now: datetime,
    lifted: bool = False,
) -> None:
    with language(author.language):
        await notify(
            author,
            kind="moderation_decision",
            title=_("A moderator decided about what you wrote: %(action)s", action=rules.action_label(decision.action)),
            body=_(
                "About what you wrote at “%(title)s”:\n\n%(text)s\n\nDecision: %(action)s.\nGround: %(ground)s.\n"
                "Facts: %(facts)s\n\n%(redress)s",
                title=found.title,
                text=found.text[:500],
                action=rules.action_label(decision.action),
                ground=rules.ground_label(decision.ground),
                facts=decision.facts,
                redress=rules.redress(),
            )
            + (
                "\n\n"
                + _(
                    "Your account is suspended until %(until)s: you can read, but not write.",
                    until=i18n.moment(decision.until),
                )
                if decision.until
                else ""
            )
            + ("\n\n" + _("Your suspension is lifted: you can write again.") if lifted else ""),
            link=link,
            now=now,
        )


async def decision_for(decision_id: int, *, viewer: User) -> ModerationDecision:
    """A decision, for its author and moderators; NotFound for anyone else."""
    found = await ModerationDecision.get_or_none(id=decision_id)
    if found is None or (found.author_id != viewer.id and not rules.can_moderate(viewer.roles)):
        raise NotFound(_("There is no such decision."))
    return found


APPEAL_MAX = 4000


async def appeal(decision_id: int, *, text: str, by: User, now: datetime) -> Appeal:
    """The author appeals a decision, once: the item goes back to the queue for another moderator."""
    decision = await ModerationDecision.get_or_none(id=decision_id)
    if decision is None:
        raise NotFound(_("There is no such decision."))
    if decision.author_id != by.id:
        raise NotAllowed(_("Only the author of the content appeals a decision about it."))
    text = clean_text(text).strip()
    if not text:
        raise Invalid({"text": _("Say why the decision should change.")})
    if len(text) > APPEAL_MAX:
        raise Invalid({"text": _("At most %(n)s characters.", n=APPEAL_MAX)})
    if await Appeal.exists(decision_id=decision.id):
        raise Conflict(_("You appealed this decision already; a decision is appealed once."), code="already_appealed")
    try:
        async with in_transaction():
            made = await Appeal.create(
                decision_id=decision.id, ref=decision.ref, author_id=by.id, text=text, created_at=now
            )
            await enqueue(decision.ref, author_id=by.id, now=now, waiting_since=now)
            await LogEntry.create(
                event="appeal", ref=decision.ref, actor_id=by.id, detail={"decision": decision.id}, created_at=now
            )
    except IntegrityError:
        raise Conflict(
            _("You appealed this decision already; a decision is appealed once."), code="already_appealed"
        ) from None
    return made


async def appeal_of(decision: ModerationDecision) -> Appeal | None:
    return await Appeal.get_or_none(decision_id=decision.id)


async def restrict(
    ref: str,
    *,
    action: str,
    ground: str,
    facts: str,
    by: User,
    now: datetime,
    until: datetime | None = None,
    link: Callable[[ModerationDecision], str] | None = None,
) -> ModerationDecision:
    """Warn or suspend (until `until`) the author of `ref`: a decision with its statement of reasons, told to the
    author; a suspended account reads but does not write until then."""
    require_moderator(by)
    parsed, _kind, found = await _resolve(ref)
    await require_may_decide(by, found, now=now)
    facts = clean_text(facts).strip()
    errors = rules.decision_errors("keep", ground, facts) | rules.restriction_errors(action, until, now=now)
    if errors:
        raise Invalid(errors)
    if found.author_id is None:
        raise Invalid({"ref": _("This content has no author to warn or suspend.")})
    author = await User.get(id=found.author_id)
    async with in_transaction():
        decision = await ModerationDecision.create(
            ref=str(parsed),
            action=action,
            ground=ground,
            facts=facts,
            automated=False,
            detected=False,
            source="own initiative",
            redress=rules.redress(),
            moderator_id=by.id,
            author_id=author.id,
            content_created_at=found.created_at,
            until=until if action == "suspend" else None,
            created_at=now,
        )
        if action == "suspend":
            await Suspension.create(user_id=author.id, decision_id=decision.id, until=until, created_at=now)
        await LogEntry.create(
            event="decision",
            ref=str(parsed),
            actor_id=by.id,
            detail={"decision": decision.id, "action": action, "ground": ground},
            created_at=now,
        )
        await _tell_author(author, decision, found, link=link(decision) if link else "", now=now)
    if action == "suspend":
        suspended(author.id)  # once committed: read again, not from this process's cache
    return decision
