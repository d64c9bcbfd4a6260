"""A fake Mastodon instance for httpx.MockTransport, in the shape of Mastodon's documented API: what
mastodon-mock does not do (or does differently) — Link pagination over many pages with since_id, an ISO 8601
X-RateLimit-Reset, 429s, 5xx, timeouts, a reply to a missing post answered 404 — and a record of every request
(path, query, headers) to assert on."""

from __future__ import annotations

import copy
import itertools
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

BASE = "https://voorbeeld.social"
TOKEN = "s3cret-token-VERY-private-0123456789"
TEMPLATE = json.loads((Path(__file__).parent.parent / "data" / "mastodon" / "status.json").read_text())


@dataclass
class FakeMastodon:
    statuses: list[dict] = field(default_factory=list)
    notifications: list[dict] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)
    posted: dict[str, dict] = field(default_factory=dict)
    # Scripted failures: the next n requests get these answers (status code, headers) or "timeout".
    failures: list = field(default_factory=list)
    page_limit: int = 40
    rate_limit_remaining: int | None = None
    _ids: itertools.count = field(default_factory=lambda: itertools.count(110000000000000100))

    def post(
        self,
        text: str,
        *,
        tags: tuple[str, ...] = ("parken",),
        age: timedelta = timedelta(0),
        author="lieke",
        reply_to: str | None = None,
        boost_of: dict | None = None,
    ) -> dict:
        status = copy.deepcopy(TEMPLATE)
        sid = str(next(self._ids))
        status |= {
            "id": sid,
            "uri": f"{BASE}/users/{author}/statuses/{sid}",
            "url": f"{BASE}/@{author}/{sid}",
            "content": f"<p>{text}</p>",
            "created_at": (datetime.now(UTC) - age).isoformat(),
            "in_reply_to_id": reply_to,
            "tags": [{"name": t, "url": f"{BASE}/tags/{t}"} for t in tags],
            "reblog": boost_of,
        }
        status["account"] = {**status["account"], "acct": author, "username": author}
        self.statuses.append(status)
        return status

    def mention(self, text: str) -> dict:
        status = self.post(text, tags=())
        note = {
            "id": str(next(self._ids)),
            "type": "mention",
            "created_at": status["created_at"],
            "status": status,
            "account": status["account"],
        }
        self.notifications.append(note)
        return note

    def _page(self, request: httpx.Request, items: list[dict]) -> httpx.Response:
        query = parse_qs(urlsplit(str(request.url)).query)
        limit = min(int(query.get("limit", ["20"])[0]), self.page_limit)
        since = query.get("since_id", [None])[0]
        max_id = query.get("max_id", [None])[0]
        chosen = sorted(items, key=lambda s: int(s["id"]), reverse=True)
        if since:
            chosen = [s for s in chosen if int(s["id"]) > int(since)]
        if max_id:
            chosen = [s for s in chosen if int(s["id"]) < int(max_id)]
        page = chosen[:limit]
        headers = {}
        if page:
            path = urlsplit(str(request.url)).path
            extra = "&types[]=mention" if "notifications" in path else ""
            headers["Link"] = (
                f'<{BASE}{path}?max_id={page[-1]["id"]}&limit={limit}{extra}>; rel="next", '
                f'<{BASE}{path}?min_id={page[0]["id"]}&limit={limit}{extra}>; rel="prev"'
            )
        return self._answer(200, page, headers)

    def _answer(self, status: int, body, headers: dict | None = None) -> httpx.Response:
        headers = dict(headers or {})
        if self.rate_limit_remaining is not None:
            headers |= {
                "X-RateLimit-Limit": "300",
                "X-RateLimit-Remaining": str(self.rate_limit_remaining),
                "X-RateLimit-Reset": (datetime.now(UTC) + timedelta(minutes=5)).isoformat(),
            }
        return httpx.Response(status, json=body, headers=headers)

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.failures:
            failure = self.failures.pop(0)
            if failure == "timeout":
                raise httpx.ReadTimeout("timed out", request=request)
            if failure == "lost":
                # The instance did the work, but its answer never arrived (a proxy's 502).
                self._route(request)
                return httpx.Response(502, json={"error": "Bad gateway"})
            code, headers = failure
            return httpx.Response(
                code, json={"error": "Too many requests" if code == 429 else "Unavailable"}, headers=headers
            )
        return self._route(request)

    def _route(self, request: httpx.Request) -> httpx.Response:
        path = urlsplit(str(request.url)).path
        if path.startswith("/api/v1/timelines/tag/"):
            tag = path.rsplit("/", 1)[1].lower()
            items = [s for s in self.statuses if tag in {t["name"] for t in (s["reblog"] or s)["tags"]}]
            return self._page(request, items)
        if path == "/api/v1/notifications":
            return self._page(request, self.notifications)
        if path == "/api/v2/search":
            word = parse_qs(urlsplit(str(request.url)).query)["q"][0].lower()
            found = [s for s in self.statuses if word in s["content"].lower()]
            response = self._page(request, found)
            return httpx.Response(200, json={"accounts": [], "statuses": response.json(), "hashtags": []})
        if path == "/api/v1/statuses" and request.method == "POST":
            key = request.headers.get("Idempotency-Key", "")
            if key in self.posted:
                return httpx.Response(200, json=self.posted[key])
            body = json.loads(request.content)
            if not any(s["id"] == body.get("in_reply_to_id") for s in self.statuses):
                return httpx.Response(404, json={"error": "Record not found"})
            status = self.post(body["status"], tags=(), author="gemeente", reply_to=body["in_reply_to_id"])
            self.statuses.remove(status)
            self.posted[key] = status
            return httpx.Response(200, json=status)
        return httpx.Response(404, json={"error": "Record not found"})

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self.handler))
