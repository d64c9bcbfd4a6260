"""Consultation pages in a real browser against the real server: no axe violations on the list, an open
consultation with its answer form, results, the officials' editing and decision pages; answering without
JavaScript; an official's whole round through the forms."""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in
from tests.support.web import PASSWORD

PARK = {
    "title": "Herinrichting Julianapark",
    "summary": "Hoe wilt u het park gebruiken?",
    "body": "Het park krijgt **nieuwe** paden en meer groen.\n\n- bankjes\n- speelplek",
    "questions": [
        {"kind": "text", "prompt": "Wat mist u in het park?", "required": True},
        {"kind": "single_choice", "prompt": "Hoe komt u naar het park?", "options": ["Lopend", "Fiets", "Auto"]},
        {"kind": "multiple_choice", "prompt": "Wat wilt u er doen?", "options": ["Spelen", "Sporten", "Rusten"]},
        {
            "kind": "scale",
            "prompt": "Hoe tevreden bent u nu?",
            "scale_min": 1,
            "scale_max": 5,
            "min_label": "Heel ontevreden",
            "max_label": "Heel tevreden",
        },
        {"kind": "statements", "prompt": "Wat vindt u hiervan?", "statements": ["Meer bomen", "Een hondenveld"]},
    ],
}


def violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in results.response["violations"]]


def token(live_server, email: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {live_server.cli('token', email).strip().splitlines()[-1]}"}


def english(page, live_server) -> None:
    page.context.add_cookies([{"name": "lang", "value": "en", "url": live_server.url}])


class Api:
    def __init__(self, live_server, email: str) -> None:
        self.client = httpx.Client(base_url=live_server.url + "/api/v1", headers=token(live_server, email), timeout=10)

    def __enter__(self) -> Api:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    def __call__(self, method: str, path: str, **kwargs) -> dict:
        response = self.client.request(method, path, **kwargs)
        assert response.status_code < 300, response.text
        return response.json() if response.content else {}


@pytest.fixture(scope="module")
def seeded(live_server):
    """Consultations in every state, made through the JSON API; one answered, voted, closed, decided."""
    live_server.cli("create-user", "bea@example.nl", "--password", PASSWORD, "--name", "Bea Bewoner")
    live_server.cli("create-user", "nojs@example.nl", "--password", PASSWORD, "--name", "Nina Zonder")
    with Api(live_server, "official@example.nl") as official, Api(live_server, "bea@example.nl") as citizen:
        return _seed(official, citizen)


def _seed(official: Api, citizen: Api) -> dict:

    def make(title: str) -> dict:
        return official("POST", "/consultations", json={**PARK, "title": title})

    draft = make("Concept: speeltuin Oost")
    opened = make("Open: Julianapark")
    official("POST", f"/consultations/{opened['id']}/open")
    closed = make("Gesloten: parkeren")
    official("POST", f"/consultations/{closed['id']}/open")
    q = {question["kind"]: question for question in closed["questions"]}
    citizen(
        "PUT",
        f"/consultations/{closed['id']}/my-response",
        json={
            "answers": {
                str(q["text"]["id"]): "Meer schaduw bij de speeltuin",
                str(q["single_choice"]["id"]): q["single_choice"]["options"][1]["id"],
                str(q["multiple_choice"]["id"]): [q["multiple_choice"]["options"][0]["id"]],
                str(q["scale"]["id"]): 4,
            }
        },
    )
    citizen("PUT", f"/statements/{q['statements']['statements'][0]['id']}/vote", json={"vote": "agree"})
    official("POST", f"/consultations/{closed['id']}/close")
    decided = make("Besloten: bomenplan")
    official("POST", f"/consultations/{decided['id']}/open")
    official("POST", f"/consultations/{decided['id']}/close")
    official("POST", f"/consultations/{decided['id']}/decision", json={"summary": "Er komen bomen.", "body": "Omdat."})
    return {"draft": draft, "open": opened, "closed": closed, "decided": decided}


def test_the_list_and_the_pages_of_each_state_have_no_axe_violations(page, live_server, seeded):
    english(page, live_server)
    page.goto("/consultations")
    assert page.locator("h1").inner_text() == "Consultations"
    assert violations(page) == []
    for state in ("open", "closed", "decided"):
        page.goto(f"/consultations/{seeded[state]['id']}")
        assert page.locator("h1").count() == 1
        assert violations(page) == [], state
    page.goto(f"/consultations/{seeded['closed']['id']}/results")
    assert page.locator(".bar-chart[role=img]").count() == 4
    assert page.locator("table.data-table caption").count() == 4
    assert violations(page) == []


def test_the_answer_form_and_its_errors_have_no_axe_violations(page, live_server, seeded):
    english(page, live_server)
    sign_in(page, "citizen@example.nl")
    page.goto(f"/consultations/{seeded['open']['id']}")
    assert page.locator("form.answer-form textarea").count() == 1
    assert violations(page) == []
    q = {question["kind"]: question for question in seeded["open"]["questions"]}
    page.check(f"#field-q{q['single_choice']['id']}-{q['single_choice']['options'][2]['id']}")
    page.check(f"#field-q{q['multiple_choice']['id']}")
    page.locator("form.answer-form button[type=submit]").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert "This question needs an answer." in summary.inner_text()
    # The summary is focused (site.js) and its link leads to the question.
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert page.is_checked(f"#field-q{q['single_choice']['id']}-{q['single_choice']['options'][2]['id']}")
    assert page.is_checked(f"#field-q{q['multiple_choice']['id']}")
    assert violations(page) == []
    summary.locator("a").first.click()
    assert page.evaluate("document.activeElement.id") == f"field-q{q['text']['id']}"


def test_the_officials_pages_have_no_axe_violations(page, live_server, seeded):
    english(page, live_server)
    sign_in(page, "official@example.nl")
    for path in (
        "/consultations/new",
        f"/consultations/{seeded['draft']['id']}/edit",
        f"/consultations/{seeded['draft']['id']}/preview",
        f"/consultations/{seeded['open']['id']}/edit",
        f"/consultations/{seeded['open']['id']}/results",
        f"/consultations/{seeded['closed']['id']}/decision",
        f"/consultations/{seeded['closed']['id']}/results/questions/{seeded['closed']['questions'][0]['id']}/answers",
    ):
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert violations(page) == [], path


def test_answering_and_voting_work_without_javascript(page_without_js, live_server, seeded):
    page = page_without_js
    english(page, live_server)
    sign_in(page, "nojs@example.nl")
    opened = seeded["open"]
    q = {question["kind"]: question for question in opened["questions"]}
    page.goto(f"/consultations/{opened['id']}")
    page.fill(f"#field-q{q['text']['id']}", "Een waterspeelplaats")
    page.check(f"#field-q{q['single_choice']['id']}-{q['single_choice']['options'][1]['id']}")
    page.check(f"#field-q{q['scale']['id']}-5")
    page.locator("form.answer-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "Thank you: your answers are saved." in page.locator("#answer #answers-saved").inner_text()
    assert page.input_value(f"#field-q{q['text']['id']}") == "Een waterspeelplaats"
    assert page.is_checked(f"#field-q{q['scale']['id']}-5")
    statement = q["statements"]["statements"][1]["id"]
    page.locator(f"#statement-{statement} button[value=disagree]").click()
    page.wait_for_load_state()
    assert page.locator(f"#statement-{statement} .your-vote").inner_text() == "Your vote is saved. Your vote: Disagree"
    assert page.get_attribute(f"#statement-{statement} button[value=disagree]", "aria-pressed") == "true"
    mine = httpx.get(
        f"{live_server.url}/api/v1/consultations/{opened['id']}/my-response",
        headers=token(live_server, "nojs@example.nl"),
    ).json()
    assert mine["answers"][str(q["text"]["id"])] == "Een waterspeelplaats"


@dataclass
class TypedAnswers:
    """A citizen's page of the open consultation with an open answer typed and a choice picked, nothing sent."""

    page: Page
    questions: dict[str, dict]
    choice: str
    text: str
    headers: dict[str, str]

    def still_on_the_page(self) -> bool:
        field = f"#field-q{self.questions['text']['id']}"
        return self.page.input_value(field) == self.text and self.page.is_checked(self.choice)

    def sent_only_now(self, live_server, consultation_id: int) -> None:
        """Nothing was sent until now: the answers wait on the page; sent with their own button, they are."""
        mine = f"{live_server.url}/api/v1/consultations/{consultation_id}/my-response"
        assert httpx.get(mine, headers=self.headers).status_code == 404
        self.page.locator("form.answer-form button[type=submit]").click()
        self.page.wait_for_load_state()
        assert "Thank you: your answers are saved." in self.page.locator("#answers-saved").inner_text()
        answers = httpx.get(mine, headers=self.headers).json()["answers"]
        assert answers[str(self.questions["text"]["id"])] == self.text


def answers_typed(browser, live_server, opened: dict, *, email: str, script: bool, option: int, text: str):
    """A new citizen (`email`) opens the consultation, picks option `option` and types `text`: not sent."""
    live_server.cli("create-user", email, "--password", PASSWORD, "--name", "Sam Stemmer")
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=script, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    english(page, live_server)
    sign_in(page, email)
    q = {question["kind"]: question for question in opened["questions"]}
    page.goto(f"/consultations/{opened['id']}")
    choice = f"#field-q{q['single_choice']['id']}-{q['single_choice']['options'][option]['id']}"
    page.check(choice)
    page.fill(f"#field-q{q['text']['id']}", text)
    return TypedAnswers(page, q, choice, text, token(live_server, email))


@pytest.mark.parametrize("script", [True, False], ids=["with-js", "without-js"])
def test_a_vote_never_throws_away_answers_typed_but_not_sent(browser, live_server, seeded, script, tmp_path):
    opened = seeded["open"]
    email = f"stemmer-{'js' if script else 'nojs'}@example.nl"
    text = "Een pad langs de vijver"
    typed = answers_typed(browser, live_server, opened, email=email, script=script, option=2, text=text)
    page = typed.page
    statement = typed.questions["statements"]["statements"][0]["id"]
    page.locator(f"#statement-{statement} button[value=agree]").click()
    page.wait_for_load_state()
    expect(page.locator(f"#statement-{statement} .your-vote")).to_contain_text("Your vote: Agree")
    assert page.get_attribute(f"#statement-{statement} button[value=agree]", "aria-pressed") == "true"
    assert typed.still_on_the_page()
    page.screenshot(path=tmp_path / f"ux-vote-{'js' if script else 'nojs'}.png")
    typed.sent_only_now(live_server, opened["id"])
    # The vote was stored on its own: it shows after the page loads again.
    assert page.get_attribute(f"#statement-{statement} button[value=agree]", "aria-pressed") == "true"
    page.context.close()


@pytest.mark.parametrize("script", [True, False], ids=["with-js", "without-js"])
def test_a_report_never_throws_away_answers_typed_but_not_sent(browser, live_server, seeded, script):
    opened = seeded["open"]
    email = f"melder-{'js' if script else 'nojs'}@example.nl"
    text = "Een bankje in de zon"
    typed = answers_typed(browser, live_server, opened, email=email, script=script, option=1, text=text)
    page = typed.page
    statement = typed.questions["statements"]["statements"][1]
    item = page.locator(f"#statement-{statement['id']}")
    item.locator("details.report summary").click()
    note = f"Dit gaat niet over het park ({email})."
    item.get_by_label("Note (optional)").fill(note)
    # Sent without a reason: refused, and the report comes back open with the note, the error at the reasons.
    item.get_by_role("button", name="Send report").click()
    page.wait_for_load_state()
    expect(item.locator(".your-vote")).to_contain_text("Your report is not sent.")
    expect(item.locator("details.report fieldset .field-error")).to_have_text("Error: Choose why you report this.")
    assert item.get_by_label("Note (optional)").input_value() == note
    assert typed.still_on_the_page()
    item.get_by_label("off topic", exact=True).check()
    item.get_by_role("button", name="Send report").click()
    page.wait_for_load_state()
    expect(item.locator(".your-vote")).to_contain_text("Thank you for your report. A moderator will look at it.")
    expect(item.locator(".your-vote")).to_contain_text("Your answers above are not sent yet.")
    assert typed.still_on_the_page()
    live_server.cli("create-user", f"mod-{email}", "--password", PASSWORD, "--name", "Mo", "--role", "moderator")
    queue = httpx.get(f"{live_server.url}/api/v1/moderation/queue", headers=token(live_server, f"mod-{email}"))
    reports = [r for entry in queue.json()["items"] if entry["ref"] == statement["ref"] for r in entry["reports"]]
    assert [r["reason"] for r in reports if r["note"] == note] == ["off_topic"]
    typed.sent_only_now(live_server, opened["id"])
    page.context.close()


def test_leaving_with_answers_not_sent_asks_first_and_sending_them_does_not(browser, live_server, seeded):
    """Answers typed, then a link of the site's header: the browser asks before the page is left, and staying keeps
    them. Sending them asks nothing; once sent, the link leaves without asking. After a refusal (the answers
    shown again, stored nowhere) it asks even when nothing was touched since."""
    opened = seeded["open"]
    typed = answers_typed(browser, live_server, opened, email="vertrekker@example.nl", script=True, option=1, text="")
    page, url = typed.page, typed.page.url
    asked: list[str] = []

    def answer(dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    # A required open answer left empty: refused, and the page shows the choice again.
    page.locator("form.answer-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible() and page.is_checked(typed.choice) and asked == []
    page.locator(".site-header a.brand").click()
    assert asked == ["beforeunload"] and page.url.startswith(url) and page.is_checked(typed.choice)
    typed.text = "Een schaduwrijke speelplek"
    page.fill(f"#field-q{typed.questions['text']['id']}", typed.text)
    typed.sent_only_now(live_server, opened["id"])
    assert asked == ["beforeunload"]
    page.locator(".site-header a.brand").click()
    page.wait_for_url(live_server.url + "/")
    assert asked == ["beforeunload"]
    # Typed on the next visit and left: asked once more; accepted, the browser goes.
    page.go_back()
    page.fill(f"#field-q{typed.questions['text']['id']}", "Toch iets anders")
    page.remove_listener("dialog", answer)
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))
    page.locator(".site-header a.brand").click()
    page.wait_for_url(live_server.url + "/")
    assert asked == ["beforeunload", "beforeunload"]
    page.context.close()


@pytest.mark.parametrize("width", [1280, 320])
def test_a_character_count_says_what_is_left_and_a_long_paste_is_kept(browser, live_server, seeded, width, tmp_path):
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 800})
    page = context.new_page()
    english(page, live_server)
    sign_in(page, "citizen@example.nl")
    opened = seeded["open"]
    q = {question["kind"]: question for question in opened["questions"]}
    page.goto(f"/consultations/{opened['id']}")
    field = f"#field-propose-{q['statements']['id']}"
    count = page.locator(f"{field}-count")
    expect(count).to_have_text("You have 300 characters left.")
    page.fill(field, "x" * 305)
    expect(count).to_have_text("You have 5 characters too many.")
    assert len(page.input_value(field)) == 305
    assert page.get_attribute(field, "aria-describedby").endswith("-count")
    page.locator(field).scroll_into_view_if_needed()
    page.screenshot(path=tmp_path / f"ux-count-{width}.png")
    page.locator(f"#question-{q['statements']['id']} button:has-text('Propose')").click()
    page.wait_for_load_state()
    assert "At most 300 characters." in page.locator(f"#question-{q['statements']['id']} .error-summary").inner_text()
    assert len(page.input_value(field)) == 305
    context.close()


IN_VIEW = "e => { const r = e.getBoundingClientRect(); return r.top > -1 && r.bottom < innerHeight + 1; }"


@pytest.fixture(scope="module")
def proposer(live_server) -> str:
    live_server.cli("create-user", "voorsteller@example.nl", "--password", PASSWORD, "--name", "Vera Voorstel")
    return "voorsteller@example.nl"


@pytest.mark.parametrize("width", [1280, 320])
def test_a_proposal_lands_on_its_error_summary_or_its_confirmation_without_javascript(
    browser, live_server, seeded, proposer, width
):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": width, "height": 640}
    )
    page = context.new_page()
    english(page, live_server)
    sign_in(page, proposer)
    opened = seeded["open"]
    question = next(q for q in opened["questions"] if q["kind"] == "statements")["id"]
    page.goto(f"/consultations/{opened['id']}")
    page.fill(f"#field-q{opened['questions'][0]['id']}", "Een pad langs de vijver")
    propose = page.locator(f"#question-{question} button:has-text('Propose')")
    propose.click()
    page.wait_for_load_state()
    # Refused: the page lands on the summary that names the field, not on the question's heading far above it.
    summary = page.locator(f"#propose-{question} .error-summary")
    assert "Your statement: This cannot be empty." in summary.inner_text()
    assert summary.evaluate(IN_VIEW)
    assert page.input_value(f"#field-q{opened['questions'][0]['id']}") == "Een pad langs de vijver"
    page.fill(f"#field-propose-{question}", f"Meer bankjes in de zon ({width})")
    propose.click()
    page.wait_for_load_state()
    notice = page.locator(f"#proposed-{question}")
    assert "Your statement is shown to others once a moderator has checked it." in notice.inner_text()
    assert notice.evaluate(IN_VIEW)
    context.close()


@pytest.fixture(scope="module")
def eleven_points(live_server):
    scale = {"kind": "scale", "prompt": "Hoe blij ben je met het park?", "scale_min": 0, "scale_max": 10}
    labels = {"min_label": "Helemaal niet blij", "max_label": "Heel erg blij"}
    with Api(live_server, "official@example.nl") as official:
        made = official("POST", "/consultations", json={"title": "Schaal van 0 tot 10", "questions": [scale | labels]})
        official("POST", f"/consultations/{made['id']}/open")
    return made


@pytest.mark.parametrize("width", [1280, 320])
def test_a_scale_from_0_to_10_is_one_line_wide_and_a_list_on_a_phone(
    browser, live_server, eleven_points, width, tmp_path
):
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in(page, "citizen@example.nl")
    page.goto(f"/consultations/{eleven_points['id']}")
    boxes = [point.bounding_box() for point in page.locator(".scale-point").all()]
    assert len(boxes) == 11
    if width == 1280:
        assert len({round(box["y"]) for box in boxes}) == 1  # one line
    else:
        assert len({round(box["x"]) for box in boxes}) == 1  # one column
        assert all(a["y"] + a["height"] <= b["y"] for a, b in zip(boxes, boxes[1:], strict=False))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator(".scale").scroll_into_view_if_needed()
    page.screenshot(path=tmp_path / f"ux-scale-{width}.png")
    context.close()


def test_an_official_runs_a_consultation_through_the_forms(page, live_server, seeded, tmp_path):
    english(page, live_server)
    sign_in(page, "official@example.nl")
    page.goto("/consultations")
    page.get_by_role("link", name="New consultation").click()
    page.fill("#field-title", "Fietsenstalling station")
    page.fill("#field-summary", "Waar moet de stalling komen?")
    page.fill("#field-closes_at", "2040-01-01T12:00")
    page.locator("form.stack button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/edit" in page.url
    kinds = [
        ("text", "Wat vindt u belangrijk?", {}),
        ("single_choice", "Welke plek?", {"options": "Noordzijde\nZuidzijde"}),
        ("multiple_choice", "Wat wilt u erbij?", {"options": "Camera's\nLaadpunten\nOverkapping"}),
        ("scale", "Hoe vaak fietst u?", {"min_label": "Nooit", "max_label": "Elke dag"}),
        ("statements", "Eens of oneens?", {"statements": "Gratis stallen\nBewaakt stallen"}),
    ]
    for kind, prompt, fields in kinds:
        form = page.locator("#add-question form")
        form.locator("select[name=kind]").select_option(kind)
        # With JavaScript, only the fields of the chosen kind are shown.
        assert form.locator("fieldset.kind-fields:visible").count() == (0 if kind == "text" else 1)
        form.locator("input[name=prompt]").fill(prompt)
        for name, value in fields.items():
            form.locator(f"[name={name}]").fill(value)
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert "The question is added." in page.locator(".flashes").inner_text()
    assert page.locator("li.editor-question").count() == 5
    page.locator("li.editor-question").nth(1).locator("button[value=up]").click()
    page.wait_for_load_state()
    assert page.locator("li.editor-question h3").first.inner_text() == "Welke plek?"
    page.get_by_role("link", name="Preview as a citizen").click()
    assert page.locator("form.answer-form textarea").is_disabled()
    assert page.locator("form.answer-form button[type=submit]").is_disabled()
    page.get_by_role("link", name="Back to editing").click()
    page.locator("aside.manage a", has_text="Open it now").click()
    page.wait_for_load_state()
    # Nothing happens in one click: a page says what opening does, and asks.
    assert page.locator("h1").inner_text() == "Open this consultation now?"
    assert "The questions can no longer change" in page.locator("ul.consequences").inner_text()
    assert violations(page) == []
    page.screenshot(path=tmp_path / "ux-confirm-open-1280.png")
    page.get_by_role("button", name="Yes, open it now").click()
    page.wait_for_load_state()
    assert "The questions are frozen once a consultation opens" in page.content()
    page.locator("aside.manage a", has_text="Close now").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Close this consultation now?"
    page.get_by_role("button", name="Yes, close it now").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Publish the decision").click()
    page.fill("#field-summary", "De stalling komt aan de noordzijde.")
    assert violations(page) == []
    page.get_by_role("button", name="Preview the decision").click()
    page.wait_for_load_state()
    assert "De stalling komt aan de noordzijde." in page.locator("#preview").inner_text()
    assert violations(page) == []
    page.screenshot(path=tmp_path / "ux-decision-preview-1280.png", full_page=True)
    page.get_by_role("button", name="Publish the decision and tell the respondents").click()
    page.wait_for_load_state()
    assert page.locator("#decision").is_visible()
    assert "De stalling komt aan de noordzijde." in page.locator("#decision").inner_text()
    # The results are public now, and their open data downloads as CSV.
    consultation_id = re.search(r"/consultations/(\d+)", page.url).group(1)
    csv_file = page.request.get(f"/consultations/{consultation_id}/export/results.csv")
    assert csv_file.status == 200 and csv_file.headers["content-type"] == "text/csv; charset=utf-8"
    responses = page.request.get(f"/consultations/{consultation_id}/export/responses.json")
    assert responses.status == 200 and responses.headers["content-type"] == "application/json"


@pytest.mark.parametrize("state", ["open", "closed"])
def test_consultation_pages_fit_a_phone(browser, live_server, seeded, state):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"/consultations/{seeded[state]['id']}" + ("/results" if state == "closed" else ""))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
