"""A hostile answer does not stall the process: while a real server cleans a response of long texts dense in
markup, other requests are answered about as fast as before."""

from __future__ import annotations

import statistics
import threading
import time
from pathlib import Path

import httpx

from participation.consultations import rules
from tests.support import live

# Texts at the answer limit that cost bleach and markdown-it the most per character, short of the work budget
# (short runs of strong emphasis), and past it (thousands of nested emphasis runs, of "<").
HOSTILE = ["**a** xxxx", "***a", "<"]


def _at_limit(unit: str) -> str:
    return (unit * (rules.TEXT_ANSWER_MAX // len(unit) + 1))[: rules.TEXT_ANSWER_MAX]


def _latency(client: httpx.Client, url: str) -> float:
    started = time.perf_counter()
    assert client.get(url).status_code == 200
    return time.perf_counter() - started


def test_healthz_is_answered_promptly_while_a_hostile_response_is_cleaned(tmp_path: Path) -> None:
    with live.serve(tmp_path) as server, httpx.Client(base_url=server.url, timeout=120) as client:
        official = {"Authorization": f"Bearer {server.token('official@example.nl')}"}
        questions = [{"kind": "text", "prompt": f"Vraag {i}"} for i in range(rules.QUESTIONS_MAX)]
        created = client.post("/api/v1/consultations", json={"title": "Park", "questions": questions}, headers=official)
        consultation = created.json()
        client.post(f"/api/v1/consultations/{consultation['id']}/open", headers=official).raise_for_status()
        citizen = {"Authorization": f"Bearer {server.token('citizen@example.nl')}"}
        answers = {str(q["id"]): _at_limit(HOSTILE[i % len(HOSTILE)]) for i, q in enumerate(consultation["questions"])}

        baseline = [_latency(client, "/healthz") for _ in range(20)]
        outcome: dict[str, object] = {}

        def answer() -> None:
            started = time.perf_counter()
            with httpx.Client(base_url=server.url, timeout=120) as own:
                response = own.put(
                    f"/api/v1/consultations/{consultation['id']}/my-response",
                    json={"answers": answers},
                    headers=citizen,
                )
            outcome["status"] = response.status_code
            outcome["seconds"] = time.perf_counter() - started

        hostile = threading.Thread(target=answer)
        hostile.start()
        during: list[float] = []
        while hostile.is_alive():
            latency = _latency(client, "/healthz")
            if hostile.is_alive():  # answered while the hostile response was still being worked on
                during.append(latency)
        hostile.join()

        assert outcome["status"] == 201
        stored = client.get(f"/api/v1/consultations/{consultation['id']}/my-response", headers=citizen).json()
        assert stored["answers"] == answers
    # Many health checks were answered while the response was being cleaned, none of them held up by it: each
    # took a small multiple of the quiet median, and far less than the hostile response itself.
    assert len(during) >= 10, (during, outcome)
    quiet = statistics.median(baseline)
    assert statistics.median(during) < 20 * quiet, (quiet, during)
    assert max(during) < float(outcome["seconds"]) / 5, (during, outcome)  # type: ignore[arg-type]
