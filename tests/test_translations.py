"""The Dutch catalogue covers every source string in the code and templates, keeps each string's
placeholders, and the pages speak Dutch by default and English when chosen.

When a test here fails after you added or changed a string: run `make messages`, translate the new
entries in locale/nl/LC_MESSAGES/messages.po (no `#, fuzzy` left), and commit both files under locale/.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po

from participation import i18n
from server.templating import format_datetime
from tests.support.web import post_form

ROOT = Path(__file__).resolve().parent.parent
DUTCH = ROOT / "locale" / "nl" / "LC_MESSAGES" / "messages.po"
# The keywords of `make messages` (pybabel extract -k _ -k lazy -k gettext -k ngettext:1,2, on top of the defaults).
KEYWORDS = {**DEFAULT_KEYWORDS, **parse_keywords(["_", "lazy", "gettext", "ngettext:1,2"])}
# %(name)s, %(num)d, %s, %% ... and a lone % (which newstyle gettext in templates would choke on).
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]|%")

Msgid = str | tuple[str, ...]


def source_messages() -> dict[Msgid, list[str]]:
    """Every message marked in server/, participation/ and templates/, with where it is used."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f, "babel.cfg")
    found: dict[Msgid, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True
    ):
        found.setdefault(message, []).append(f"{filename}:{lineno}")
    return found


def dutch_catalogue() -> Catalog:
    with DUTCH.open("rb") as f:
        return read_po(f, locale="nl")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def translated(string: str | tuple[str, ...]) -> bool:
    strings = string if isinstance(string, tuple) else (string,)
    return all(s.strip() for s in strings)


def test_the_extraction_finds_the_strings_of_code_templates_and_lazy_marks():
    # Guards the test below against passing because nothing was extracted.
    found = source_messages()
    assert "Sign in" in found  # templates
    assert "The e-mail address or password is not right." in found  # _() in participation/
    assert "A decision on a consultation you answered" in found  # lazy() in consultations/rules.py
    assert ("%(num)d account", "%(num)d accounts") in found  # ngettext in a template


def test_every_source_string_has_a_dutch_translation():
    catalogue = dutch_catalogue()
    problems = []
    for msgid, places in sorted(source_messages().items(), key=lambda item: str(item[0])):
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        entry = catalogue.get(key)
        if entry is None:
            problems.append(f"not in the catalogue: {msgid!r} ({places[0]})")
        elif entry.fuzzy:
            problems.append(f"fuzzy (babel ignores it at run time): {msgid!r} ({places[0]})")
        elif isinstance(msgid, tuple) != isinstance(entry.id, tuple):
            problems.append(f"singular/plural differs from the code, run `make messages`: {msgid!r} ({places[0]})")
        elif not translated(entry.string):
            problems.append(f"not translated: {msgid!r} ({places[0]})")
    assert not problems, "Run `make messages` and translate in locale/nl/LC_MESSAGES/messages.po:\n" + "\n".join(
        problems
    )


def test_no_fuzzy_entries_are_left_in_the_catalogue():
    fuzzy = [m.id for m in dutch_catalogue() if m.id and m.fuzzy]
    assert fuzzy == []


def test_every_translation_keeps_the_placeholders_of_its_source():
    problems = []
    for message in dutch_catalogue():
        if not message.id or not translated(message.string):
            continue
        if isinstance(message.id, tuple):
            singular, plural = message.id
            # msgstr[0] is Dutch singular (n == 1), msgstr[1] the plural.
            pairs = [(singular, message.string[0]), *((plural, s) for s in message.string[1:])]
        else:
            pairs = [(message.id, message.string)]
        for source, translation in pairs:
            if placeholders(source) != placeholders(translation):
                problems.append(
                    f"{source!r} has {sorted(placeholders(source))}, {translation!r} has "
                    f"{sorted(placeholders(translation))}"
                )
    assert not problems, "\n".join(problems)


def test_the_catalogue_has_two_plural_forms_for_dutch():
    catalogue = dutch_catalogue()
    assert catalogue.num_plurals == 2
    for message in catalogue:
        if message.id and isinstance(message.id, tuple):
            assert len(message.string) == 2, message.id


async def test_the_sign_in_page_is_dutch_by_default_and_english_when_chosen(client):
    client.cookies.delete("lang")  # a first visit (the fixture chooses English for the rest of the suite)
    dutch = (await client.get("/login")).text
    assert '<html lang="nl">' in dutch
    assert "<h1>Inloggen</h1>" in dutch
    assert "Wachtwoord vergeten?" in dutch and "Nog geen account?" in dutch
    assert "Forgot your password?" not in dutch

    client.cookies.set("lang", "en")
    english = (await client.get("/login")).text
    assert '<html lang="en">' in english
    assert "<h1>Sign in</h1>" in english
    assert "Forgot your password?" in english and "No account yet?" in english
    assert "Wachtwoord vergeten?" not in english


async def test_messages_from_the_domain_reach_the_page_in_dutch(client):
    client.cookies.delete("lang")
    response = await post_form(client, "/login", {"email": "nobody@example.nl", "password": "not the password"})
    assert response.status_code == 400
    assert "Het e-mailadres of wachtwoord klopt niet." in response.text


@pytest.mark.parametrize(("language", "expected"), [("nl", "1 juni 2025, 14:30"), ("en", "1 June 2025, 14:30")])
def test_dates_are_written_in_the_current_language(language, expected):
    moment = datetime(2025, 6, 1, 12, 30, tzinfo=UTC)  # 14:30 in Amsterdam (summer time)
    with i18n.language(language):
        assert format_datetime(moment) == expected == i18n.moment(moment)
