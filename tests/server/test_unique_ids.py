"""Every id on a page is there once (a label's `for`, an error summary's link and aria-describedby point at one
element), and every "Report" button names what it reports in words, not by its ref ("checklist_item:1"): the
demo's pages of every area, as a visitor and as each demo login, walked by following the links."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from participation import demo
from participation.accounts.demo import LOGINS
from tests.support.web import sign_in

pytestmark = pytest.mark.usefixtures("orm")

# Pages per person: enough to reach a page of every kind (consultations, results, tasks, groups, workspaces,
# moderation, webcare, transparency, the account) without walking every answer.
PAGES_EACH = 45
SKIP = ("/logout", "/static/", "/api/")


# A ref as moderation writes it: "answer:12", "checklist_item:3".
REF = re.compile(r"\b[a-z_]+:\d+\b")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        # The text of each report form's summary (its button), hidden parts included.
        self.reports: list[str] = []
        self._in_report_summary = False
        self._report_open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(found["id"] or "")
        if tag == "a" and found.get("href"):
            self.links.append(found["href"] or "")
        if tag == "details" and "report" in (found.get("class") or "").split():
            self._report_open = True
        if tag == "summary" and self._report_open:
            self._in_report_summary = True
            self.reports.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "summary":
            self._in_report_summary = self._report_open = False

    def handle_data(self, data: str) -> None:
        if self._in_report_summary:
            self.reports[-1] += data


def _wanted(link: str, base: str) -> str | None:
    url = urlsplit(urljoin(base, link))
    if url.netloc != "testserver" or any(url.path.startswith(s) for s in SKIP):
        return None
    if url.path.endswith((".csv", ".json", ".png", ".svg")) or "/download" in url.path:
        return None
    # One page of each list is enough.
    return url.path


async def _walk(client) -> dict[str, list[str]]:
    """Pages reached from / (and the area entry points), with the ids they repeat and the report buttons that
    name their content by its ref."""
    todo = ["/", "/consultations", "/tasks", "/moderation", "/webcare", "/transparency", "/account"]
    seen: set[str] = set()
    repeated: dict[str, list[str]] = {}
    while todo and len(seen) < PAGES_EACH:
        path = todo.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = await client.get(path)
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        page = _Page()
        page.feed(response.text)
        twice = [name for name, n in Counter(page.ids).items() if n > 1]
        twice += [f"report button {text.strip()!r}" for text in page.reports if REF.search(text)]
        if twice:
            repeated[path] = twice
        for link in page.links:
            found = _wanted(link, f"http://testserver{path}")
            if found and found not in seen:
                todo.append(found)
    return repeated


async def test_no_page_of_the_demo_repeats_an_id_or_names_content_by_its_ref(client, app):
    router = app.router
    await demo.seed(
        now=datetime.now(UTC),
        link_to=lambda name, **params: "http://testserver" + str(router.url_path_for(name, **params)),
    )
    repeated = {"visitor": await _walk(client)}
    for login in LOGINS:
        client.cookies.clear()
        client.cookies.set("lang", "en")
        await sign_in(client, login.email, login.password)
        repeated[login.email] = await _walk(client)
    assert {who: pages for who, pages in repeated.items() if pages} == {}
