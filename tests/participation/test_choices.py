"""The "choose one of" message: labels in the reader's language for pages, the raw values for the JSON API."""

from __future__ import annotations

import json

from participation import choices, i18n
from participation.errors import Invalid
from participation.moderation import rules


def test_a_page_reads_the_labels_in_its_language_and_the_api_the_values():
    with i18n.language("nl"):
        message = rules.report_errors("ugly", "")["reason"]
        assert message == (
            "Kies een van deze: “spam of reclame”, “scheldwoorden, bedreigingen of discriminatie”, "
            "“persoonsgegevens van iemand”, “gaat niet over het onderwerp”, “tegen de wet”."
        )
        assert message.for_machines() == "Kies een van: spam, abuse, personal_data, off_topic, illegal"
    with i18n.language("en"):
        message = rules.report_errors("ugly", "")["reason"]
        assert message.startswith("Choose one of these: “spam or advertising”, “abuse, threats or discrimination”")
        assert message.for_machines() == "Choose one of: spam, abuse, personal_data, off_topic, illegal"


def test_only_choices_change_for_machines_and_json_gets_the_page_text_unless_converted():
    with i18n.language("en"):
        fields = rules.report_errors("ugly", "x" * (rules.NOTE_MAX + 1))
        machine = choices.for_machines(fields)
        assert machine == {
            "reason": "Choose one of: spam, abuse, personal_data, off_topic, illegal",
            "note": "At most 1000 characters.",
        }
        # The message is plain text wherever it goes (a flash message in the session, a log line).
        assert json.loads(json.dumps(fields))["reason"] == str(fields["reason"])
        assert Invalid(fields).message.startswith("reason: Choose one of these: “spam or advertising”")


def test_nothing_chosen_says_what_to_choose_and_the_api_still_names_the_values():
    """Nothing chosen on a page that shows the choices: the message says what to choose, not all the choices again
    (a decision's grounds took seven lines on a phone). A wrong value still names them."""
    with i18n.language("nl"):
        errors = rules.decision_errors("", "", "")
        assert errors["action"] == "Kies wat je besluit."
        assert errors["ground"] == "Kies de reden voor je besluit."
        assert rules.report_errors("", "")["reason"] == "Kies waarom je dit meldt."
        assert rules.decision_errors("hide", "wrong", "x")["ground"].startswith("Kies een van deze: “")
    with i18n.language("en"):
        reason = rules.report_errors("", "")["reason"]
        assert reason == "Choose why you report this."
        assert reason.for_machines() == "Choose one of: spam, abuse, personal_data, off_topic, illegal"
        assert choices.for_machines(rules.decision_errors("", "", "x")) == {
            "action": "Choose one of: keep, hide, restore",
            "ground": "Choose one of: " + ", ".join(rules.GROUNDS),
        }
