"""The Dutch interface speaks to one person as "je", at B1 level: no "u", no "Jullie zeiden", and no words of
programmers (a password hash, Markdown, "input") where residents read; API words come with an explanation."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "nl" / "LC_MESSAGES" / "messages.po"
NOT_PLAIN = re.compile(r"\b(u|uw|uzelf|jullie zeiden|argon2id|argon2id-hash|markdown|input)\b", re.IGNORECASE)


def dutch() -> dict[str, str]:
    with CATALOGUE.open("rb") as file:
        catalogue = read_po(file)
    found = {}
    for message in catalogue:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        found[key] = " ".join(s for s in strings if s)
    return found


def test_no_formal_address_and_no_programmers_words_in_dutch():
    assert {k: v for k, v in dutch().items() if NOT_PLAIN.search(v)} == {}


def test_api_words_on_the_account_and_transparency_pages_are_explained():
    texts = dutch()
    assert (
        "koppeling voor programma's"
        in texts["A personal token lets a program use the JSON API on your behalf. Treat it like a password."]
    )
    assert "Toegang voor programma's" in texts["API tokens"]
    assert "koppeling voor programma's" in texts["The JSON API is described in an OpenAPI document:"]
    assert texts["You said, we did"] == "Wat je zei, wat wij deden"
