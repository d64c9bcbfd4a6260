"""The workspace of a claim: its document with every revision, the discussion, the checklist.

Only the group's members and officials see a workspace; to anyone else it does not exist (NotFound). Members
write while the claim is active; officials read.

Saving names the version it started from (`base_version`). When another member saved in between, the two
changes are merged against that common revision (a three-way merge, merge3); when they touch the same lines,
nothing is saved and the caller gets a Conflict carrying the current text, so the person's own text is never
lost and nothing is overwritten silently. The version moves on with a conditional UPDATE on the claim, so two
saves at once never make the same version: the one that loses merges again against the newer one.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime

import merge3
from tortoise.transactions import in_transaction

from participation import sanitize
from participation.accounts.models import User
from participation.cocreation import rules
from participation.cocreation.models import ChecklistItem, Claim, Comment, Membership, Revision
from participation.errors import Conflict, Invalid, NotAllowed, NotFound
from participation.i18n import _
from participation.paging import Page, newest_first
from participation.text import clean_line, clean_text, is_one_line

DOCUMENT_MAX = 200_000
COMMENT_MAX = 5000
ITEM_MAX = 300
# A save that keeps losing the race to other saves gives up after this many merges (then: a conflict). Each
# round of a race has one winner, so this many members saving at once all get their change in.
SAVE_ATTEMPTS = 25
# How many revisions the workspace lists at a time.
REVISIONS_SHOWN = 20


@dataclass(frozen=True)
class Access:
    claim: Claim
    member: bool
    official: bool


async def access(claim_id: int, *, viewer: User | None) -> Access:
    claim = await Claim.get_or_none(id=claim_id).prefetch_related("task", "group")
    if claim is None or viewer is None:
        raise NotFound(_("There is no such workspace."))
    member = await Membership.exists(group_id=claim.group_id, user_id=viewer.id)
    official = rules.is_official(viewer.roles)
    if not (member or official):
        raise NotFound(_("There is no such workspace."))
    return Access(claim=claim, member=member, official=official)


async def _writer(claim_id: int, by: User) -> Claim:
    found = await access(claim_id, viewer=by)
    if not found.member:
        raise NotAllowed(_("Only the group's members work in its workspace."))
    if found.claim.status != "active":
        raise Conflict(_("The work is handed in or ended: the workspace can no longer be changed."), code="wrong_state")
    return found.claim


async def require_writer(claim_id: int, by: User) -> None:
    """Refuse (NotFound, NotAllowed, Conflict) unless `by` may change the workspace now."""
    await _writer(claim_id, by)


@dataclass(frozen=True)
class DocumentState:
    ref: str
    body: str
    body_html: str
    version: int


async def document(claim_id: int, *, viewer: User | None) -> DocumentState:
    claim = (await access(claim_id, viewer=viewer)).claim
    return await _current(claim)


async def _current(claim: Claim) -> DocumentState:
    if claim.document_version == 0:
        return DocumentState(ref=claim.document_ref, body="", body_html="", version=0)
    revision = await Revision.get(claim_id=claim.id, version=claim.document_version)
    return DocumentState(
        ref=claim.document_ref, body=revision.body, body_html=revision.body_html, version=revision.version
    )


async def _body_at(claim_id: int, version: int) -> str:
    if version == 0:
        return ""
    return (await Revision.get(claim_id=claim_id, version=version)).body


def merge(base: str, mine: str, theirs: str) -> str | None:
    """`mine` and `theirs` merged against their common `base`, or None when they change the same lines."""
    merger = merge3.Merge3(base.splitlines(True), theirs.splitlines(True), mine.splitlines(True))
    lines: list[str] = []
    for group in merger.merge_groups():
        if group[0] == "conflict":
            return None
        lines.extend(group[1])
    return "".join(lines)


@dataclass(frozen=True)
class Saved:
    version: int
    merged: bool


async def save_document(claim_id: int, *, body: str, base_version: int, by: User, now: datetime) -> Saved:
    claim = await _writer(claim_id, by)
    body = clean_text(body)
    if len(body) > DOCUMENT_MAX:
        raise Invalid({"body": _("At most %(n)s characters.", n=DOCUMENT_MAX)})
    if not 0 <= base_version <= claim.document_version:
        raise Invalid({"base_version": _("There is no such version of this document.")})
    base = await _body_at(claim_id, base_version)
    for _attempt in range(SAVE_ATTEMPTS):
        latest = (await Claim.get(id=claim_id)).document_version
        text, merged = body, False
        if latest != base_version:
            theirs = await _body_at(claim_id, latest)
            text = merge(base, body, theirs)
            if text is None:
                current = await _current(await Claim.get(id=claim_id).prefetch_related("task", "group"))
                raise Conflict(
                    _("Someone saved a change to the same part of the document meanwhile."),
                    code="edit_conflict",
                    current={"body": current.body, "version": current.version},
                )
            merged = True
        [clean] = await sanitize.sanitize_many([text], policy="rich")
        async with in_transaction():
            moved = await Claim.filter(id=claim_id, document_version=latest, status="active").update(
                document_version=latest + 1
            )
            if moved:
                await Revision.create(
                    claim_id=claim_id,
                    version=latest + 1,
                    body=clean.source,
                    body_html=clean.html,
                    author=by,
                    created_at=now,
                    merged=merged,
                )
                return Saved(version=latest + 1, merged=merged)
        if not await Claim.exists(id=claim_id, status="active"):
            raise Conflict(
                _("The work is handed in or ended: the workspace can no longer be changed."), code="wrong_state"
            )
    current = await _current(await Claim.get(id=claim_id).prefetch_related("task", "group"))
    raise Conflict(
        _("Others keep saving right now: try again."),
        code="edit_conflict",
        current={"body": current.body, "version": current.version},
    )


async def revision(claim_id: int, version: int) -> Revision:
    """One revision; call after `access`."""
    return await Revision.get(claim_id=claim_id, version=version)


async def revisions(
    claim_id: int, *, viewer: User | None, before: int | None = None, limit: int = REVISIONS_SHOWN
) -> list[Revision]:
    """Part of the history, newest first, without the texts (those are read per version): the `limit` versions
    before version `before` (default: the latest ones). A page costs the same however long the history is."""
    await access(claim_id, viewer=viewer)
    query = Revision.filter(claim_id=claim_id)
    if before is not None:
        query = query.filter(version__lt=before)
    return (
        await query.order_by("-version")
        .limit(limit)
        .only("id", "version", "author_id", "created_at", "merged", "claim_id")
        .prefetch_related("author")
    )


@dataclass(frozen=True)
class DiffPart:
    kind: str  # "same", "added" or "removed"
    text: str


async def diff(claim_id: int, *, viewer: User | None, old: int, new: int) -> list[DiffPart]:
    """What changed from version `old` to `new`, line by line (a line changed is one removed, one added)."""
    claim = (await access(claim_id, viewer=viewer)).claim
    for name, version in (("from", old), ("to", new)):
        if not 0 <= version <= claim.document_version:
            raise Invalid({name: _("There is no such version of this document.")})
    before, after = (await _body_at(claim_id, old)).splitlines(), (await _body_at(claim_id, new)).splitlines()
    parts: list[DiffPart] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.extend(DiffPart("same", line) for line in before[i1:i2])
            continue
        parts.extend(DiffPart("removed", line) for line in before[i1:i2])
        parts.extend(DiffPart("added", line) for line in after[j1:j2])
    return parts


# --- discussion and checklist ----------------------------------------------------------------------


async def comments(claim_id: int, *, viewer: User | None) -> list[Comment]:
    await access(claim_id, viewer=viewer)
    return await Comment.filter(claim_id=claim_id).prefetch_related("author")


async def comment_page(claim_id: int, *, viewer: User | None, cursor: str | None, limit: int) -> Page[Comment]:
    """The discussion a page at a time, newest first (the API's list)."""
    await access(claim_id, viewer=viewer)
    return await newest_first(Comment.filter(claim_id=claim_id).prefetch_related("author"), cursor=cursor, limit=limit)


async def add_comment(claim_id: int, *, body: str, by: User, now: datetime) -> Comment:
    found = await access(claim_id, viewer=by)
    body = clean_text(body).strip()
    if not body:
        raise Invalid({"body": _("Write something first.")})
    if len(body) > COMMENT_MAX:
        raise Invalid({"body": _("At most %(n)s characters.", n=COMMENT_MAX)})
    [clean] = await sanitize.sanitize_many([body], policy="rich")
    return await Comment.create(claim=found.claim, author=by, body=clean.source, body_html=clean.html, created_at=now)


async def checklist(claim_id: int, *, viewer: User | None) -> list[ChecklistItem]:
    await access(claim_id, viewer=viewer)
    return await ChecklistItem.filter(claim_id=claim_id).prefetch_related("assignee")


async def checklist_page(claim_id: int, *, viewer: User | None, cursor: str | None, limit: int) -> Page[ChecklistItem]:
    await access(claim_id, viewer=viewer)
    query = ChecklistItem.filter(claim_id=claim_id).prefetch_related("assignee")
    return await newest_first(query, cursor=cursor, limit=limit)


async def add_item(claim_id: int, *, text: str, by: User, now: datetime) -> ChecklistItem:
    claim = await _writer(claim_id, by)
    line = clean_line(text).strip()
    if not line:
        raise Invalid({"text": _("Say what needs doing.")})
    if len(line) > ITEM_MAX or not is_one_line(text):
        raise Invalid({"text": _("One line of at most %(n)s characters.", n=ITEM_MAX)})
    [clean] = await sanitize.sanitize_many([line], policy="name")
    return await ChecklistItem.create(
        claim=claim, text=clean.source, text_html=clean.html, created_by=by, created_at=now
    )


async def _item(claim_id: int, item_id: int, by: User) -> ChecklistItem:
    await _writer(claim_id, by)
    item = await ChecklistItem.get_or_none(id=item_id, claim_id=claim_id)
    if item is None:
        raise NotFound(_("There is no such item."))
    return item


async def take_item(claim_id: int, item_id: int, *, by: User) -> ChecklistItem:
    item = await _item(claim_id, item_id, by)
    if item.assignee_id is not None and item.assignee_id != by.id:
        raise Conflict(_("Someone else has taken this on already."), code="taken")
    await ChecklistItem.filter(id=item.id).update(assignee_id=by.id)
    return await ChecklistItem.get(id=item.id)


async def tick_item(claim_id: int, item_id: int, *, done: bool, by: User, now: datetime) -> ChecklistItem:
    item = await _item(claim_id, item_id, by)
    await ChecklistItem.filter(id=item.id).update(done_at=now if done else None)
    return await ChecklistItem.get(id=item.id)
