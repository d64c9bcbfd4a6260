"""The JSON API against its own OpenAPI document, fuzzed by schemathesis over real HTTP: no server error, and
every status code, content type and response body as documented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

from tests.support import live

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
CONSULTATION = {
    "title": "Herinrichting Julianapark",
    "summary": "Hoe wilt u het park gebruiken?",
    "body": "Het park krijgt **nieuwe** paden.",
    "questions": [
        {"kind": "text", "prompt": "Wat mist u?", "required": False},
        {"kind": "single_choice", "prompt": "Hoe komt u?", "required": True, "options": ["Lopend", "Fiets"]},
        {"kind": "multiple_choice", "prompt": "Wat doet u er?", "required": False, "options": ["Spelen", "Rusten"]},
        {"kind": "scale", "prompt": "Hoe tevreden?", "required": False, "scale_min": 1, "scale_max": 5},
        {"kind": "statements", "prompt": "Eens?", "required": False, "statements": ["Meer bomen"]},
    ],
}


def test_the_api_keeps_its_openapi_contract_under_fuzzing(tmp_path: Path) -> None:
    with live.serve(tmp_path) as server:
        official = server.token("official@example.nl")
        headers = {"Authorization": f"Bearer {official}"}
        # Something for the fuzzer to reach: an open consultation with every question kind.
        created = httpx.post(f"{server.url}/api/v1/consultations", json=CONSULTATION, headers=headers).json()
        httpx.post(f"{server.url}/api/v1/consultations/{created['id']}/open", headers=headers).raise_for_status()
        result = subprocess.run(
            [
                sys.executable, "-m", "schemathesis.cli", "run", f"{server.url}/api/openapi.json",
                "-H", f"Authorization: Bearer {official}",
                "--checks", CHECKS, "--max-examples", "8", "--seed", "20261126", "--no-color",
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )  # fmt: skip
        server_log = (tmp_path / "server.log").read_text()
    assert result.returncode == 0, result.stdout[-6000:] + "\n--- server log ---\n" + server_log[-3000:]
