"""What a ref names, as a moderator reads it in the queue, in the reader's language."""

from __future__ import annotations

from participation import i18n
from participation.moderation import services


def test_a_ref_is_named_by_its_kind_in_the_readers_language_and_an_unknown_one_by_itself():
    with i18n.language("nl"):
        assert services.kind_label("statement:16") == "voorgestelde stelling"
        assert services.kind_label("checklist_item:3") == "punt op de checklist"
    with i18n.language("en"):
        assert services.kind_label("answer:2") == "open answer"
        assert services.kind_label("post:9") == "monitored post"
    assert services.kind_label("poll:1") == "poll:1"
    assert services.kind_label("not a ref") == "not a ref"
