"""Co-creation in a real browser against the real server: a group forms, invites a second member with a link and a
third with the code, claims a task; two members edit the document at once (merged, then a conflict with the
person's own text kept in the editor); the group hands in, an official asks for changes and then accepts; the
result with credit shows on the task page. Every co-creation page is axe-clean in Dutch and English at 1280 and
320 px and does not scroll sideways on a phone; a journey by keyboard alone, and one without JavaScript."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import sign_in
from tests.support.web import PASSWORD

PLAN = "# Plan voor het speelveld\n\nBomen: nog kiezen.\n\nBankjes: nog kiezen.\n\nWater: nog kiezen.\n"
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}
# What sticks out of a phone's width (for the message), leaving out what scrolls in its own box.
SIDEWAYS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")].filter(
    (e) => e.getBoundingClientRect().right > width + 0.5 && !e.closest(".table-scroll"));
  return {scrollWidth: document.documentElement.scrollWidth, wide: wide.map((e) => e.outerHTML.slice(0, 80))};
}"""
_people = count(1)


def violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in results.response["violations"]]


def assert_fits(page, width: int) -> None:
    found = page.evaluate(SIDEWAYS)
    assert found["scrollWidth"] <= width, (page.url, found["wide"][:5])


class Api:
    def __init__(self, live_server, email: str) -> None:
        self.base = live_server.url + "/api/v1"
        self.headers = {"Authorization": f"Bearer {live_server.token(email)}"}

    def __call__(self, method: str, path: str, **kwargs) -> dict:
        response = httpx.request(method, self.base + path, headers=self.headers, timeout=10, **kwargs)
        assert response.status_code < 300, response.text
        return response.json() if response.content else {}


def person(live_server, name: str) -> str:
    email = f"{name.lower()}{next(_people)}@example.nl"
    live_server.cli("create-user", email, "--password", PASSWORD, "--name", name)
    return email


def new_task(live_server, title: str, *, min_size: int = 1) -> dict:
    official = Api(live_server, "official@example.nl")
    task = official(
        "POST",
        "/tasks",
        json={
            "title": title,
            "description": "Bedenk **samen** hoe het speelveld aan de Dorpsstraat groener wordt.",
            "deliverable": "Een plan van hooguit twee pagina's.",
            "due_at": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
            "min_group_size": min_size,
            "max_group_size": 5,
            "max_claims": 1,
            "tags": ["groen"],
        },
    )
    official("POST", f"/tasks/{task['id']}/publish")
    return task


def context_for(browser, live_server, email: str | None, *, lang: str = "nl", script: bool = True, viewport=WIDE):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=script, viewport=viewport)
    context.add_cookies([{"name": "lang", "value": lang, "url": live_server.url}])
    page = context.new_page()
    if email:
        sign_in(page, email)
    return page


def submit(page, action_end: str) -> None:
    """The submit button of the form for `action_end`, or the button that posts the editor's form there."""
    own = f"form[action$='{action_end}'] button[type=submit]:not([formaction])"
    page.locator(f"{own}, button[formaction$='{action_end}']:visible").click()
    page.wait_for_load_state()


def plan_in_hand(live_server, title: str, name: str, group_name: str) -> tuple[str, Api, dict]:
    """`name` forms `group_name`, claims a new task `title` and saves PLAN as version 1: (e-mail, API, claim)."""
    task = new_task(live_server, title)
    email = person(live_server, name)
    api = Api(live_server, email)
    group = api("POST", "/groups", json={"name": group_name, "description": "Wij doen mee."})
    claim = api("POST", f"/tasks/{task['id']}/claims", json={"group_id": group["id"]})
    api("PUT", f"/claims/{claim['id']}/document", json={"body": PLAN, "base_version": 0})
    return email, api, claim


def post_a_message_keeps_the_typed_text(page, text: str) -> None:
    """Type in the editor, post a message: the page comes back with the text still in the editor, not saved."""
    editor(page).fill(text)
    page.fill("#field-comment-message", "Ik heb iets getypt, kijk je mee?")
    submit(page, "/comments")
    assert "Ik heb iets getypt" in page.locator("#discussion").inner_text()
    assert editor(page).input_value() == text
    assert page.locator("#unsaved").is_visible()


def editor(page):
    return page.locator("form[action$='/document'] textarea[name=body]")


def flashes(page) -> str:
    return page.locator(".flashes").inner_text() if page.locator(".flashes").count() else ""


def test_a_group_forms_claims_edits_together_hands_in_and_is_accepted(browser, live_server):
    task = new_task(live_server, "Een groener speelveld", min_size=2)
    coordinator, second, third = person(live_server, "Coco"), person(live_server, "Mia"), person(live_server, "Tom")
    coco = context_for(browser, live_server, coordinator)
    mia = context_for(browser, live_server, second)
    tom = context_for(browser, live_server, third)
    official = context_for(browser, live_server, "official@example.nl")
    try:
        # Coco forms a group and makes an invite code.
        coco.goto("/groups/new")
        coco.fill("#field-name", "De Speelveldploeg")
        coco.fill("#field-description", "Buren van de Dorpsstraat.")
        submit(coco, "/groups/new")
        assert coco.locator("h1").inner_text() == "De Speelveldploeg"
        group_url = coco.url.split("#")[0]
        submit(coco, "/invites")
        code = coco.locator("ul.invites code").first.inner_text()
        assert code in flashes(coco)
        link = coco.locator("ul.invites a").first.get_attribute("href")
        # Mia follows the link (the code filled in), Tom types the code.
        mia.goto(link)
        assert mia.input_value("#field-code") == code
        submit(mia, "/groups/join")
        assert mia.url.split("#")[0] == group_url
        tom.goto("/groups/join")
        tom.fill("#field-code", code)
        submit(tom, "/groups/join")
        assert tom.locator("ul.members li").count() == 3
        # Coco claims the task for the group.
        coco.goto(f"/tasks/{task['id']}")
        coco.select_option("#field-group_id", label="De Speelveldploeg")
        submit(coco, "/claims")
        assert "De Speelveldploeg" in coco.locator("#claims").inner_text()
        coco.locator("#claims a", has_text="werkruimte").click()
        coco.wait_for_load_state()
        workspace = coco.url.split("#")[0]
        editor(coco).fill(PLAN)
        submit(coco, "/document")
        assert "versie 1" in flashes(coco)
        post_a_message_keeps_the_typed_text(coco, PLAN + "\nNog niet bewaard.\n")

        # Both open version 1; Coco changes the trees, Mia the water: merged, and Mia is told.
        mia.goto(workspace)
        coco.goto(workspace)
        editor(coco).fill(PLAN.replace("Bomen: nog kiezen.", "Bomen: drie linden."))
        editor(mia).fill(PLAN.replace("Water: nog kiezen.", "Water: een kraan."))
        submit(coco, "/document")
        submit(mia, "/document")
        assert "beide wijzigingen" in flashes(mia), flashes(mia)
        document = mia.locator("#document .document").inner_text()
        assert "drie linden" in document and "een kraan" in document
        assert "drie linden" in editor(mia).input_value() and "een kraan" in editor(mia).input_value()

        # Both on version 3 change the benches: Coco saves first, Mia gets the conflict view, her text kept.
        coco.goto(workspace)
        mine = editor(mia).input_value().replace("Bankjes: nog kiezen.", "Bankjes: twee, bij de kraan.")
        editor(coco).fill(editor(coco).input_value().replace("Bankjes: nog kiezen.", "Bankjes: vier."))
        editor(mia).fill(mine)
        submit(coco, "/document")
        submit(mia, "/document")
        summary = mia.locator("#document .error-summary")
        assert summary.is_visible()
        assert mia.evaluate("document.activeElement.classList.contains('error-summary')")
        assert editor(mia).input_value() == mine
        sides = mia.locator(".side-by-side pre")
        assert "Bankjes: vier." in sides.nth(0).inner_text()
        assert "Bankjes: twee, bij de kraan." in sides.nth(1).inner_text()
        # The summary leads to the editor (the versions scroll in their own boxes: the editor stays near).
        summary.locator("a[href='#field-body']").click()
        assert mia.evaluate("document.activeElement.id") == "field-body"
        assert mia.evaluate("document.activeElement.getBoundingClientRect().top") < WIDE["height"]
        # She combines the two and saves on top of the current version: nothing was lost.
        editor(mia).fill(mine.replace("Bankjes: twee, bij de kraan.", "Bankjes: vier, twee bij de kraan."))
        submit(mia, "/document")
        assert "versie 5" in flashes(mia), flashes(mia)

        # The diff between the last two versions marks the change in text.
        mia.goto(workspace + "/diff?from=4&to=5")
        assert "Bankjes: vier." in mia.locator(".diff del").inner_text()
        assert "weggehaald" in mia.locator(".diff del").inner_text()
        assert "Bankjes: vier, twee bij de kraan." in mia.locator(".diff ins").inner_text()

        # The group hands in; the official asks for changes, and the group sees the feedback.
        coco.goto(workspace)
        submit(coco, "/submit")
        assert coco.locator("#submission").is_visible()
        official.goto(workspace)
        official.check("input[name=verdict][value=changes]")
        official.fill("#field-feedback", "Noem ook **waar** de linden komen.")
        submit(official, "/review")
        coco.goto(workspace)
        assert "waar de linden komen" in coco.locator("#feedback").inner_text()
        editor(coco).fill(editor(coco).input_value().replace("drie linden.", "drie linden langs het pad."))
        submit(coco, "/document")
        submit(coco, "/submit")
        official.goto(workspace)
        official.check("input[name=verdict][value=accept]")
        submit(official, "/review")
        assert "Goedgekeurd" in flashes(official), flashes(official)

        # The result, with credit to the group, is on the task page for anyone.
        anyone = context_for(browser, live_server, None)
        anyone.goto(f"/tasks/{task['id']}")
        result = anyone.locator("section.result")
        assert "De Speelveldploeg" in result.locator("h2").inner_text()
        assert "drie linden langs het pad" in result.inner_text()
        anyone.context.close()
    finally:
        for page in (coco, mia, tom, official):
            page.context.close()


@pytest.fixture(scope="module")
def world(live_server) -> dict:
    """Through the API: a group of two holding a task with a document of three versions, and a second task
    whose work is handed in (for the official's review)."""
    member = person(live_server, "Lia")
    coordinator = Api(live_server, "citizen@example.nl")
    group = coordinator("POST", "/groups", json={"name": "Buurtploeg Oost", "description": "Wij doen mee."})
    code = coordinator("POST", f"/groups/{group['id']}/invites", json={})["code"]
    Api(live_server, member)("POST", "/groups/join", json={"code": code})
    working, handed_in = new_task(live_server, "Een plan voor de pleinen"), new_task(live_server, "Een buurtkrant")
    claim = coordinator("POST", f"/tasks/{working['id']}/claims", json={"group_id": group["id"]})
    done = coordinator("POST", f"/tasks/{handed_in['id']}/claims", json={"group_id": group["id"]})
    for version, body in enumerate([PLAN, PLAN.replace("Bomen: nog kiezen.", "Bomen: drie linden."), PLAN * 3]):
        coordinator("PUT", f"/claims/{claim['id']}/document", json={"body": body, "base_version": version})
    coordinator("PUT", f"/claims/{done['id']}/document", json={"body": PLAN, "base_version": 0})
    coordinator("POST", f"/claims/{done['id']}/submit")
    return {"task": working, "group": group, "claim": claim, "done": done, "member": member, "api": coordinator}


def conflict_view(page, world) -> None:
    """The workspace after a save that overlaps one made meanwhile: the conflict view."""
    claim = world["claim"]["id"]
    page.goto(f"/claims/{claim}")
    current = world["api"]("GET", f"/claims/{claim}/document")
    world["api"](
        "PUT",
        f"/claims/{claim}/document",
        json={"body": current["body"] + "Extra.\n", "base_version": current["version"]},
    )
    editor(page).fill(current["body"] + "Iets anders.\n")
    submit(page, "/document")
    assert page.locator(".side-by-side").is_visible()


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("width", [1280, 320])
def test_every_cocreation_page_has_no_axe_violations_and_fits_the_screen(
    browser, live_server, world, lang, width, tmp_path
):
    viewport = {"width": width, "height": 900}
    member = context_for(browser, live_server, world["member"], lang=lang, viewport=viewport)
    official = context_for(browser, live_server, "official@example.nl", lang=lang, viewport=viewport)
    claim = world["claim"]["id"]
    shot = tmp_path / f"ux-cocreation-{lang}-{width}"
    try:
        for page, path in [
            (member, "/tasks"),
            (member, f"/tasks/{world['task']['id']}"),
            (member, f"/groups/{world['group']['id']}"),
            (member, "/groups/new"),
            (member, "/groups/join"),
            (member, f"/claims/{claim}"),
            (member, f"/claims/{claim}/diff?from=1&to=3"),
            (official, "/tasks"),
            (official, "/tasks/new"),
            (official, f"/claims/{world['done']['id']}"),
        ]:
            assert page.goto(path).status == 200, path
            assert page.locator("h1").count() == 1, path
            assert violations(page) == [], path
            assert_fits(page, width)
            if path == f"/tasks/{world['task']['id']}":
                # The state is readable: a badge with a background of its own, not white on white.
                badge = page.locator("span.status").first
                assert badge.evaluate("(e) => getComputedStyle(e).backgroundColor") not in ("rgba(0, 0, 0, 0)", "")
                page.screenshot(path=f"{shot}-task.png", full_page=True)
            if path == f"/claims/{claim}":
                assert page.locator("#field-body").count() == 1  # the editor's id, not also the message's
                page.screenshot(path=f"{shot}-workspace.png", full_page=True)
        conflict_view(member, world)
        assert violations(member) == []
        assert_fits(member, width)
        member.screenshot(path=f"{shot}-conflict.png")
        member.screenshot(path=f"{shot}-conflict-full.png", full_page=True)
        # Errors on the official's forms: the form again, with the messages, still clean.
        official.goto("/tasks/new")
        submit(official, "/tasks/new")
        assert official.locator(".error-summary").is_visible()
        assert violations(official) == []
        official.goto(f"/claims/{world['done']['id']}")
        official.check("input[name=verdict][value=changes]")
        submit(official, "/review")
        assert official.locator("#submission .error-summary").is_visible()
        assert violations(official) == []
        assert_fits(official, width)
    finally:
        member.context.close()
        official.context.close()


def tab_to(page, selector: str, *, limit: int = 80) -> None:
    """Press Tab until the element `selector` has the focus, as someone without a mouse would."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("(e) => e === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def enter(page) -> None:
    """Press Enter on the focused control and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_forming_a_group_claiming_and_saving_work_by_keyboard_alone(browser, live_server):
    task = new_task(live_server, "Een moestuin bij de school")
    email = person(live_server, "Kees")
    page = context_for(browser, live_server, None)
    try:
        page.goto("/login")
        tab_to(page, "#field-email")
        page.keyboard.type(email)
        tab_to(page, "#field-password")
        page.keyboard.type(PASSWORD)
        enter(page)
        page.goto("/groups/new")
        tab_to(page, "#field-name")
        page.keyboard.type("De Moestuiniers")
        tab_to(page, "form[action$='/groups/new'] button[type=submit]")
        enter(page)
        assert page.locator("h1").inner_text() == "De Moestuiniers"
        page.goto(f"/tasks/{task['id']}")
        tab_to(page, "form[action$='/claims'] button[type=submit]")
        enter(page)
        tab_to(page, "#claims a[href^='/claims/']")
        enter(page)
        tab_to(page, "form[action$='/document'] textarea")
        page.keyboard.type("# Moestuin\n\nVier bakken bij het hek.")
        tab_to(page, "form[action$='/document'] button[type=submit]:not([formaction])")
        enter(page)
        assert "versie 1" in flashes(page)
        assert "Vier bakken bij het hek." in page.locator("#document .document").inner_text()
        tab_to(page, "button[formaction$='/submit']")
        enter(page)
        assert page.locator("#submission").is_visible()
    finally:
        page.context.close()


def test_the_group_works_without_javascript_and_keeps_the_text_of_a_conflict(browser, live_server):
    task = new_task(live_server, "Een route voor de avondvierdaagse", min_size=2)
    first, second = person(live_server, "Noor"), person(live_server, "Sem")
    noor = context_for(browser, live_server, first, script=False)
    sem = context_for(browser, live_server, second, script=False)
    try:
        noor.goto("/groups/new")
        noor.fill("#field-name", "Wandelclub Zuid")
        submit(noor, "/groups/new")
        submit(noor, "/invites")
        sem.goto(noor.locator("ul.invites a").first.get_attribute("href"))
        submit(sem, "/groups/join")
        noor.goto(f"/tasks/{task['id']}")
        submit(noor, "/claims")
        noor.locator("#claims a[href^='/claims/']").click()
        noor.wait_for_load_state()
        workspace = noor.url.split("#")[0]
        editor(noor).fill(PLAN)
        submit(noor, "/document")
        sem.goto(workspace)
        noor.goto(workspace)
        editor(noor).fill(PLAN.replace("Water: nog kiezen.", "Water: bij de start."))
        mine = PLAN.replace("Water: nog kiezen.", "Water: onderweg, bij de kerk.")
        editor(sem).fill(mine)
        submit(noor, "/document")
        submit(sem, "/document")
        assert sem.locator(".side-by-side").is_visible()
        assert editor(sem).input_value() == mine
        submit(sem, "/document")  # saving again on top of the current version takes her text
        assert "versie 3" in flashes(sem)
        post_a_message_keeps_the_typed_text(sem, PLAN + "\nNog niet bewaard.\n")
        sem.fill("#field-text", "Route lopen")
        sem.press("#field-text", "Enter")  # Enter in the sub-task field adds it (the editor form's default button)
        sem.wait_for_load_state()
        assert "Route lopen" in sem.locator("ul.checklist").inner_text()
        assert editor(sem).input_value() == PLAN + "\nNog niet bewaard.\n"
        # While the page keeps unsaved text it offers no hand in: save first.
        assert not sem.locator("button[formaction$='/submit']").count()
        assert "Bewaar eerst je wijzigingen" in sem.locator("#hand-in").inner_text()
        submit(sem, "/document")
        # Typed after loading the page (the server cannot know), then hand in: refused, the text kept.
        editor(sem).fill(editor(sem).input_value() + "\nNog een regel.\n")
        submit(sem, "/submit")
        assert "Niet ingeleverd" in flashes(sem) and not sem.locator("#submission").count()
        assert editor(sem).input_value().endswith("Nog een regel.\n")
        submit(sem, "/document")
        submit(sem, "/submit")
        assert sem.locator("#submission").is_visible()
        assert "Nog niet bewaard." in sem.locator("#submission").inner_text()
    finally:
        noor.context.close()
        sem.context.close()


@pytest.mark.parametrize("script", [True, False])
def test_reporting_and_handing_in_never_lose_the_typed_text(browser, live_server, script):
    """Type in the editor, report a message, reload, try to hand in: the text stays in the editor throughout,
    the report is filed, nothing is handed in or posted twice; throwing the changes away brings back the latest
    version, which is then handed in."""
    task = new_task(live_server, "Een bankje bij de vijver")
    email, other = person(live_server, "Ria"), person(live_server, "Sam")
    ria = Api(live_server, email)
    group = ria("POST", "/groups", json={"name": "Vijverburen", "description": "Wij doen mee."})
    code = ria("POST", f"/groups/{group['id']}/invites", json={})["code"]
    Api(live_server, other)("POST", "/groups/join", json={"code": code})
    claim = ria("POST", f"/tasks/{task['id']}/claims", json={"group_id": group["id"]})
    ria("PUT", f"/claims/{claim['id']}/document", json={"body": PLAN, "base_version": 0})
    Api(live_server, other)("POST", f"/claims/{claim['id']}/comments", json={"body": "Koop nu goedkope horloges!"})
    typed = PLAN + "\nGetypt en nog niet bewaard.\n"
    page = context_for(browser, live_server, email, script=script)
    try:
        page.goto(f"/claims/{claim['id']}")
        editor(page).fill(typed)
        report = page.locator("#discussion details.report").first
        report.locator("summary").click()
        report.locator("input[value=spam]").check()
        report.locator("textarea").fill("reclame")
        report.locator("button").click()
        page.wait_for_load_state()
        assert "Bedankt voor je melding" in flashes(page), flashes(page)
        assert editor(page).input_value() == typed
        assert page.locator("#unsaved").is_visible()
        # A reload loads the page (the report was answered with a redirect): nothing is sent again.
        page.reload()
        assert editor(page).input_value() == typed and "Bedankt" not in flashes(page)
        assert not page.locator("button[formaction$='/submit']").count()  # save first, the page says
        page.locator("#unsaved button", has_text="Gooi mijn wijzigingen weg").click()
        page.wait_for_load_state()
        assert editor(page).input_value() == PLAN and not page.locator("#unsaved").count()
        # Typed again, then straight to hand in: nothing handed in, the text kept.
        editor(page).fill(typed)
        submit(page, "/submit")
        assert "Niet ingeleverd" in flashes(page) and not page.locator("#submission").count()
        assert editor(page).input_value() == typed
        page.locator("#unsaved button", has_text="Gooi mijn wijzigingen weg").click()
        page.wait_for_load_state()
        submit(page, "/submit")
        assert page.locator("#submission").is_visible()
    finally:
        page.context.close()


def test_leaving_the_workspace_with_typed_text_asks_first(browser, live_server):
    """Text typed in the editor, then a link of the site's header (which, unlike the workspace's own links, does
    not keep it): the browser asks before the page is left, and staying keeps the text. Posting a message keeps
    the text on the server, so after that the link leaves without asking; throwing the changes away asks
    nothing either."""
    email, _vera, claim = plan_in_hand(live_server, "Een moestuin bij de school", "Vera", "Moestuiniers")
    typed = PLAN + "\nGetypt, nog niet bewaard.\n"
    page = context_for(browser, live_server, email)
    workspace = f"{live_server.url}/claims/{claim['id']}"
    asked: list[str] = []

    def answer(dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    try:
        page.goto(workspace)
        editor(page).fill(typed)
        page.locator(".site-header a.brand").click()
        assert asked == ["beforeunload"] and page.url == workspace and editor(page).input_value() == typed
        post_a_message_keeps_the_typed_text(page, typed)
        page.locator(".site-header a.brand").click()
        page.wait_for_url(live_server.url + "/")
        assert asked == ["beforeunload"]
        page.goto(workspace)
        editor(page).fill(typed + "Nog meer.\n")
        page.locator("#unsaved button", has_text="Gooi mijn wijzigingen weg").click()
        page.wait_for_load_state()
        assert asked == ["beforeunload"] and editor(page).input_value() == PLAN
    finally:
        page.context.close()


def test_the_workspaces_links_keep_the_typed_text_without_javascript(browser, live_server):
    """Without JavaScript: type in the editor, then follow "what changed", Compare and the task link: each page
    opens, and back in the workspace the editor still holds the typed text, not saved."""
    email, lot, claim = plan_in_hand(live_server, "Een pad langs de sloot", "Lot", "Slootkant")
    lot("PUT", f"/claims/{claim['id']}/document", json={"body": PLAN + "\nPad: schelpen.\n", "base_version": 1})
    typed = PLAN + "\nPad: schelpen.\n\nGetypt, nog niet bewaard.\n"
    page = context_for(browser, live_server, email, script=False)
    workspace = f"/claims/{claim['id']}"
    try:
        page.goto(workspace)
        editor(page).fill(typed)
        page.locator("#revisions li").first.get_by_role("button", name="wat er veranderde").click()
        page.wait_for_load_state()
        assert page.url.endswith(f"{workspace}/diff?from=1&to=2")
        assert "Pad: schelpen." in page.locator(".diff").inner_text()
        page.locator(".breadcrumb a").click()
        page.wait_for_load_state()
        assert editor(page).input_value() == typed and page.locator("#unsaved").is_visible()
        page.select_option("#field-from", "2")
        page.select_option("#field-to", "1")
        page.locator("#revisions").get_by_role("button", name="Vergelijk").click()
        page.wait_for_load_state()
        assert page.url.endswith(f"{workspace}/diff?from=2&to=1")
        page.goto(workspace)
        assert editor(page).input_value() == typed
        page.locator(".breadcrumb button").click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/tasks/{claim['task_id']}")
        page.goto(workspace)
        assert editor(page).input_value() == typed and page.locator("#unsaved").is_visible()
        # An empty message is refused by a redirect: the page shows the error at the field and keeps the text;
        # a reload loads the page again and sends nothing.
        submit(page, "/comments")
        assert page.url.endswith(f"{workspace}#discussion")
        assert "Schrijf eerst iets." in page.locator("#discussion .field-error").inner_text()
        assert editor(page).input_value() == typed
        page.reload()
        assert not page.locator("#discussion .field-error").count() and editor(page).input_value() == typed
        assert "Nog geen berichten." in page.locator("#discussion").inner_text()
    finally:
        page.context.close()
