"""JSON API of co-creation: groups and invites (citizens), tasks (officials write, anyone reads), claims.

Each handler checks who is asking before it reads the body (401/403 come before 422), calls one service and
shapes the answer with the models in `schemas`.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from participation.cocreation.services import claims, delivery, groups, tasks, workspace
from server.api.base import current_user, operation, parse_body, parse_query, require_role
from server.cocreation.schemas import (
    ClaimIn,
    ClaimOut,
    CommentIn,
    CommentListOut,
    CommentOut,
    DocumentIn,
    DocumentOut,
    DoneIn,
    GroupIn,
    GroupOut,
    InviteIn,
    InviteOut,
    ItemIn,
    ItemListOut,
    ItemOut,
    JoinIn,
    ReviewIn,
    SavedOut,
    SubmissionOut,
    TaskIn,
    TaskListOut,
    TaskListQuery,
    TaskOut,
    WorkspaceListQuery,
    claim_out,
    comment_list_out,
    comment_out,
    group_out,
    invite_out,
    item_list_out,
    item_out,
    submission_out,
    task_list_out,
    task_out,
)
from server.web import now, path_id

TAGS = ["cocreation"]


@operation(
    "Form a group; you are its coordinator",
    body=GroupIn,
    responses={201: GroupOut},
    auth=True,
    errors=(400, 401, 422),
    tags=TAGS,
)
async def form_group(request: Request) -> JSONResponse:
    user = current_user(request)
    body = await parse_body(request, GroupIn)
    group = await groups.form_group(body.domain(), by=user, now=now())
    view = await groups.group_view(group.id, viewer=user, now=now())
    return JSONResponse(group_out(view, viewer=user), status_code=201)


@operation("One group with its members", responses={200: GroupOut}, errors=(404,), tags=TAGS)
async def get_group(request: Request) -> JSONResponse:
    view = await groups.group_view(path_id(request), viewer=request.state.user, now=now())
    return JSONResponse(group_out(view, viewer=request.state.user))


@operation(
    "Make an invite code (coordinators); it works until revoked, or for `days` days",
    body=InviteIn,
    responses={201: InviteOut},
    auth=True,
    errors=(400, 401, 403, 404, 422),
    tags=TAGS,
)
async def create_invite(request: Request) -> JSONResponse:
    user = current_user(request)
    await groups.require_coordinator(path_id(request), user)
    body = await parse_body(request, InviteIn)
    invite = await groups.create_invite(path_id(request), by=user, now=now(), days=body.days)
    return JSONResponse(invite_out(invite), status_code=201)


@operation(
    "Join a group with an invite code; a full group: 409 group_full",
    body=JoinIn,
    responses={200: GroupOut},
    auth=True,
    errors=(400, 401, 409, 422),
    tags=TAGS,
)
async def join_group(request: Request) -> JSONResponse:
    user = current_user(request)
    body = await parse_body(request, JoinIn)
    group = await groups.join(body.code, by=user, now=now())
    return JSONResponse(group_out(await groups.group_view(group.id, viewer=user, now=now()), viewer=user))


@operation(
    "Published tasks, newest first, with their state and claims",
    responses={200: TaskListOut},
    errors=(422,),
    query=TaskListQuery,
    tags=TAGS,
)
async def list_tasks(request: Request) -> JSONResponse:
    query = parse_query(request, TaskListQuery)
    return JSONResponse(task_list_out(await tasks.task_page(cursor=query.cursor, limit=query.limit)))


@operation(
    "Write a draft task",
    body=TaskIn,
    responses={201: TaskOut},
    auth=True,
    errors=(400, 401, 403, 422),
    tags=TAGS,
)
async def create_task(request: Request) -> JSONResponse:
    user = require_role(request, "official")
    body = await parse_body(request, TaskIn)
    return JSONResponse(task_out(await tasks.create_task(body.domain(), by=user, now=now())), status_code=201)


@operation("One task with its state and claims (drafts: officials)", responses={200: TaskOut}, errors=(404,), tags=TAGS)
async def get_task(request: Request) -> JSONResponse:
    return JSONResponse(task_out(await tasks.get_task(path_id(request), viewer=request.state.user)))


@operation(
    "Publish a draft task: it opens for claims",
    responses={200: TaskOut},
    auth=True,
    errors=(401, 403, 404, 409),
    tags=TAGS,
)
async def publish_task(request: Request) -> JSONResponse:
    user = require_role(request, "official")
    return JSONResponse(task_out(await tasks.publish_task(path_id(request), by=user, now=now())))


@operation(
    "Claim a task for one of your groups; no place left: 409 already_claimed; group size out of bounds: 422",
    body=ClaimIn,
    responses={201: ClaimOut},
    auth=True,
    errors=(400, 401, 403, 404, 409, 422),
    tags=TAGS,
)
async def claim_task(request: Request) -> JSONResponse:
    user = current_user(request)
    body = await parse_body(request, ClaimIn)
    claim = await claims.claim_task(path_id(request), group_id=body.group_id, by=user, now=now())
    return JSONResponse(claim_out(claim), status_code=201)


@operation(
    'The claim\'s document as it is now: body "" and version 0 before the first save (group members, officials)',
    responses={200: DocumentOut},
    auth=True,
    errors=(401, 404),
    tags=TAGS,
)
async def get_document(request: Request) -> JSONResponse:
    user = current_user(request)
    found = await workspace.document(path_id(request), viewer=user)
    return JSONResponse(DocumentOut(ref=found.ref, body=found.body, version=found.version).model_dump())


@operation(
    "Save a new revision, naming the version it started from: changes made meanwhile to other parts are merged "
    "(merged: true); overlapping ones are a 409 with `current` {body, version}, and nothing is overwritten",
    body=DocumentIn,
    responses={200: SavedOut},
    auth=True,
    errors=(400, 401, 403, 404, 409, 422),
    tags=TAGS,
)
async def put_document(request: Request) -> JSONResponse:
    user = current_user(request)
    await workspace.access(path_id(request), viewer=user)
    body = await parse_body(request, DocumentIn)
    saved = await workspace.save_document(
        path_id(request), body=body.body, base_version=body.base_version, by=user, now=now()
    )
    return JSONResponse(SavedOut(version=saved.version, merged=saved.merged).model_dump())


@operation(
    "Hand in the latest revision of the document (group members); it is frozen as the submission",
    responses={201: SubmissionOut},
    auth=True,
    errors=(401, 403, 404, 409),
    tags=TAGS,
)
async def submit_claim(request: Request) -> JSONResponse:
    user = current_user(request)
    link = str(request.app.url_path_for("claims:workspace", id=path_id(request)))
    claim = await delivery.submit(path_id(request), by=user, now=now(), link=link)
    return JSONResponse(submission_out(claim), status_code=201)


@operation(
    "Review handed-in work (officials): accept it, or ask for changes with feedback",
    body=ReviewIn,
    responses={200: SubmissionOut},
    auth=True,
    errors=(400, 401, 403, 404, 409, 422),
    tags=TAGS,
)
async def review_claim(request: Request) -> JSONResponse:
    user = require_role(request, "official")
    body = await parse_body(request, ReviewIn)
    link = str(request.app.url_path_for("claims:workspace", id=path_id(request)))
    claim = await delivery.review(
        path_id(request), verdict=body.verdict, feedback=body.feedback, by=user, now=now(), link=link
    )
    return JSONResponse(submission_out(claim))


# --- the discussion and the checklist of a workspace ----------------------------------------------


@operation(
    "The workspace's discussion, newest first (group members, officials); a message a moderator hid has an empty "
    "body for those who did not write it",
    responses={200: CommentListOut},
    auth=True,
    errors=(401, 404, 422),
    query=WorkspaceListQuery,
    tags=TAGS,
)
async def list_comments(request: Request) -> JSONResponse:
    user = current_user(request)
    await workspace.access(path_id(request), viewer=user)
    query = parse_query(request, WorkspaceListQuery)
    page = await workspace.comment_page(path_id(request), viewer=user, cursor=query.cursor, limit=query.limit)
    return JSONResponse(comment_list_out(page, viewer=user))


@operation(
    "Post a message to the workspace's discussion (group members, officials); Markdown through the sanitiser",
    body=CommentIn,
    responses={201: CommentOut},
    auth=True,
    errors=(400, 401, 404, 422),
    tags=TAGS,
)
async def post_comment(request: Request) -> JSONResponse:
    user = current_user(request)
    await workspace.access(path_id(request), viewer=user)
    body = await parse_body(request, CommentIn)
    comment = await workspace.add_comment(path_id(request), body=body.body, by=user, now=now())
    await comment.fetch_related("author")
    return JSONResponse(comment_out(comment, viewer=user).model_dump(), status_code=201)


@operation(
    "The workspace's checklist, newest first (group members, officials)",
    responses={200: ItemListOut},
    auth=True,
    errors=(401, 404, 422),
    query=WorkspaceListQuery,
    tags=TAGS,
)
async def list_checklist(request: Request) -> JSONResponse:
    user = current_user(request)
    await workspace.access(path_id(request), viewer=user)
    query = parse_query(request, WorkspaceListQuery)
    page = await workspace.checklist_page(path_id(request), viewer=user, cursor=query.cursor, limit=query.limit)
    return JSONResponse(item_list_out(page, viewer=user))


@operation(
    "Add a sub-task to the checklist (group members, while the work is in progress)",
    body=ItemIn,
    responses={201: ItemOut},
    auth=True,
    errors=(400, 401, 403, 404, 409, 422),
    tags=TAGS,
)
async def add_item(request: Request) -> JSONResponse:
    user = current_user(request)
    await workspace.require_writer(path_id(request), user)
    body = await parse_body(request, ItemIn)
    item = await workspace.add_item(path_id(request), text=body.text, by=user, now=now())
    await item.fetch_related("assignee")
    return JSONResponse(item_out(item, viewer=user).model_dump(), status_code=201)


@operation(
    "Take a sub-task on yourself (group members); someone else has it already: 409 taken",
    responses={200: ItemOut},
    auth=True,
    errors=(401, 403, 404, 409),
    tags=TAGS,
)
async def take_item(request: Request) -> JSONResponse:
    user = current_user(request)
    item = await workspace.take_item(path_id(request), request.path_params["item"], by=user)
    await item.fetch_related("assignee")
    return JSONResponse(item_out(item, viewer=user).model_dump())


@operation(
    "Tick a sub-task off (done: true) or open it again (done: false) (group members)",
    body=DoneIn,
    responses={200: ItemOut},
    auth=True,
    errors=(400, 401, 403, 404, 409, 422),
    tags=TAGS,
)
async def mark_item(request: Request) -> JSONResponse:
    user = current_user(request)
    await workspace.require_writer(path_id(request), user)
    body = await parse_body(request, DoneIn)
    item = await workspace.tick_item(path_id(request), request.path_params["item"], done=body.done, by=user, now=now())
    await item.fetch_related("assignee")
    return JSONResponse(item_out(item, viewer=user).model_dump())
