"""Reply templates: unknown placeholders are refused on save with the placeholder named; filling puts in the
author's name and the consultation's address, and leaves out a missing address cleanly."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from participation.errors import Invalid, NotAllowed
from participation.webcare import reply_templates, rules
from participation.webcare.models import ReplyTemplate
from tests.support.web import make_user


def test_unknown_placeholders_are_named():
    assert reply_templates.unknown_placeholders("Hoi {name}, zie {consultation_url}.") == []
    assert reply_templates.unknown_placeholders("Hoi {naam} en {url} en {naam} {}") == ["{naam}", "{url}", "{}"]
    errors = reply_templates.template_errors("Dank", "Hoi {naam}!")
    assert "{naam}" in errors["body"] and "{name}" in errors["body"]
    assert reply_templates.template_errors("Dank", "x" * (rules.MAX_REPLY + 1))["body"]
    assert reply_templates.template_errors("", "Hoi")["name"]


def test_filling_a_template():
    body = "Hoi {name}, lees meer op {consultation_url} en reageer daar."
    filled = reply_templates.fill(body, name="Fenna", consultation_url="https://gemeente.example/consultations/3")
    assert filled.text == "Hoi Fenna, lees meer op https://gemeente.example/consultations/3 en reageer daar."
    assert filled.empty == ()
    missing = reply_templates.fill("Dank je {name}. Zie {consultation_url}.", name="Joost", consultation_url=None)
    assert missing.text == "Dank je Joost. Zie." and missing.empty == ("consultation_url",)


async def test_officials_manage_templates(orm):
    official = await make_user("official@example.nl", "official")
    citizen = await make_user("citizen@example.nl")
    now = datetime.now(UTC)
    made = await reply_templates.add_template(" Bedankt ", "Dank je {name}!", by=official, now=now)
    assert (made.name, made.body) == ("Bedankt", "Dank je {name}!")
    with pytest.raises(Invalid) as refused:
        await reply_templates.change_template(made.id, "Bedankt", "Dank je {naam}!", by=official, now=now)
    assert "{naam}" in refused.value.fields["body"]
    assert (await ReplyTemplate.get(id=made.id)).body == "Dank je {name}!"
    with pytest.raises(NotAllowed):
        await reply_templates.add_template("X", "Y", by=citizen, now=now)
    await reply_templates.delete_template(made.id, by=official)
    assert await ReplyTemplate.all().count() == 0
