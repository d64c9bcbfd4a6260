"""Groups through the pages and the API: forming, invite codes, joining, leaving, coordinators' work."""

from __future__ import annotations

from participation.cocreation.models import Group, Invite, Membership
from tests.support.web import make_user, post_form, sign_in, token_for


async def test_a_citizen_forms_a_group_on_the_page_and_is_its_coordinator(client):
    carla = await make_user("carla@example.nl", name="Carla")
    await sign_in(client, "carla@example.nl")
    response = await post_form(
        client, "/groups/new", {"name": "De Groene Buren", "description": "Wij houden van *bomen*."}
    )
    assert response.status_code == 303
    group = await Group.get(name="De Groene Buren")
    assert response.headers["location"] == f"/groups/{group.id}"
    page = await client.get(response.headers["location"])
    assert "De Groene Buren" in page.text
    assert "<em>bomen</em>" in page.text
    assert "Carla" in page.text and "coordinator" in page.text
    assert (await Membership.get(group=group, user=carla)).role == "coordinator"
    account = await client.get("/account")
    assert f'href="/groups/{group.id}"' in account.text


async def test_a_group_without_a_name_is_refused_next_to_the_field_with_what_was_typed_kept(client):
    await make_user("carla@example.nl")
    await sign_in(client, "carla@example.nl")
    response = await post_form(client, "/groups/new", {"name": "  ", "description": "Wij zijn met vijf."})
    assert response.status_code == 422
    assert "Give the group a name." in response.text
    assert "Wij zijn met vijf." in response.text
    assert await Group.all().count() == 0


async def test_group_text_goes_through_the_sanitiser(client):
    await make_user("carla@example.nl")
    headers = await token_for(client, "carla@example.nl")
    response = await client.post(
        "/api/v1/groups",
        json={"name": "<b>Buren</b>", "description": "<script>alert(1)</script>Hallo"},
        headers=headers,
    )
    assert response.status_code == 201
    group = await Group.get(id=response.json()["id"])
    assert "<script" not in group.description_html and "<b>" not in group.name_html
    page = await client.get(f"/groups/{group.id}")
    assert "<script>alert" not in page.text
    assert response.json()["ref"] == f"group:{group.id}"


async def test_invite_codes_join_and_can_be_revoked_and_expire(client):
    await make_user("coord@example.nl", name="Coco")
    await make_user("els@example.nl", name="Els")
    await make_user("jan@example.nl", name="Jan")
    coord = await token_for(client, "coord@example.nl")
    group = (await client.post("/api/v1/groups", json={"name": "Buren"}, headers=coord)).json()
    invite = await client.post(f"/api/v1/groups/{group['id']}/invites", json={}, headers=coord)
    assert invite.status_code == 201
    code = invite.json()["code"]

    els = await token_for(client, "els@example.nl")
    joined = await client.post("/api/v1/groups/join", json={"code": code}, headers=els)
    assert joined.status_code == 200
    assert [(m["display_name"], m["role"]) for m in joined.json()["members"]] == [
        ("Coco", "coordinator"),
        ("Els", "member"),
    ]
    # Only a coordinator makes codes.
    assert (await client.post(f"/api/v1/groups/{group['id']}/invites", json={}, headers=els)).status_code == 403

    invite_row = await Invite.get(code=code)
    await sign_in(client, "coord@example.nl")
    revoked = await post_form(
        client, f"/groups/{group['id']}/invites/{invite_row.id}/revoke", {}, page=f"/groups/{group['id']}"
    )
    assert revoked.status_code == 303
    jan = await token_for(client, "jan@example.nl")
    refused = await client.post("/api/v1/groups/join", json={"code": code}, headers=jan)
    assert refused.status_code == 422
    assert "code" in refused.json()["error"]["fields"]

    expiring = await client.post(f"/api/v1/groups/{group['id']}/invites", json={"days": 1}, headers=coord)
    await Invite.filter(code=expiring.json()["code"]).update(expires_at=invite_row.created_at)
    expired = await client.post("/api/v1/groups/join", json={"code": expiring.json()["code"]}, headers=jan)
    assert expired.status_code == 422
    assert await Membership.filter(group_id=group["id"]).count() == 2


async def test_joining_by_the_invite_link_on_the_page(client):
    await make_user("coord@example.nl")
    await make_user("els@example.nl", name="Els")
    coord = await token_for(client, "coord@example.nl")
    group = (await client.post("/api/v1/groups", json={"name": "Buren"}, headers=coord)).json()
    code = (await client.post(f"/api/v1/groups/{group['id']}/invites", json={}, headers=coord)).json()["code"]
    await sign_in(client, "els@example.nl")
    form = await client.get(f"/groups/join?code={code}")
    assert f'value="{code}"' in form.text
    wrong = await post_form(client, "/groups/join", {"code": "nope"})
    assert wrong.status_code == 422
    assert "This code is not valid" in wrong.text and 'value="nope"' in wrong.text
    joined = await post_form(client, "/groups/join", {"code": code})
    assert joined.headers["location"] == f"/groups/{group['id']}"
    assert "Welcome: you are a member of this group now." in (await client.get(joined.headers["location"])).text


async def test_the_last_coordinator_hands_over_before_leaving(client):
    coco = await make_user("coord@example.nl", name="Coco")
    els = await make_user("els@example.nl", name="Els")
    coord = await token_for(client, "coord@example.nl")
    group = (await client.post("/api/v1/groups", json={"name": "Buren"}, headers=coord)).json()
    code = (await client.post(f"/api/v1/groups/{group['id']}/invites", json={}, headers=coord)).json()["code"]
    await client.post("/api/v1/groups/join", json={"code": code}, headers=await token_for(client, "els@example.nl"))
    page = f"/groups/{group['id']}"

    await sign_in(client, "coord@example.nl")
    refused = await post_form(client, f"{page}/leave", {}, page=page)
    assert refused.headers["location"] == page
    assert "You are the last coordinator" in (await client.get(page)).text
    assert await Membership.exists(group_id=group["id"], user=coco)

    handed = await post_form(client, f"{page}/members/{els.id}/coordinator", {}, page=page)
    assert handed.status_code == 303
    assert (await Membership.get(group_id=group["id"], user=els)).role == "coordinator"
    left = await post_form(client, f"{page}/leave", {}, page=page)
    assert left.headers["location"] == "/account"
    assert not await Membership.exists(group_id=group["id"], user=coco)


async def test_a_coordinator_removes_a_member_and_a_member_cannot(client):
    await make_user("coord@example.nl")
    els = await make_user("els@example.nl")
    jan = await make_user("jan@example.nl")
    coord = await token_for(client, "coord@example.nl")
    group = (await client.post("/api/v1/groups", json={"name": "Buren"}, headers=coord)).json()
    code = (await client.post(f"/api/v1/groups/{group['id']}/invites", json={}, headers=coord)).json()["code"]
    for email in ("els@example.nl", "jan@example.nl"):
        await client.post("/api/v1/groups/join", json={"code": code}, headers=await token_for(client, email))
    page = f"/groups/{group['id']}"

    await sign_in(client, "els@example.nl")
    refused = await post_form(client, f"{page}/members/{jan.id}/remove", {}, page=page)
    assert refused.status_code == 403
    assert await Membership.exists(group_id=group["id"], user=jan)

    await sign_in(client, "coord@example.nl")
    removed = await post_form(client, f"{page}/members/{els.id}/remove", {}, page=page)
    assert removed.status_code == 303
    assert not await Membership.exists(group_id=group["id"], user=els)
