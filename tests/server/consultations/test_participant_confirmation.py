"""With CONFIRM_EMAIL_TO_PARTICIPATE on, an unconfirmed account is told why its answer is not taken, and keeps
what it typed."""

from __future__ import annotations

import pytest

from participation.accounts.models import User
from participation.consultations.models import Response, StatementVote
from tests.conftest import settings_with
from tests.support.consultation_pages import in_english, park_in
from tests.support.web import make_user, post_form, sign_in


@pytest.fixture
def settings(settings):
    return settings_with(settings, confirm_email_to_participate=True)


async def test_an_unconfirmed_account_keeps_its_answer_and_is_told_to_confirm(client):
    in_english(client)
    park = await park_in("open")
    user = await make_user("nieuw@example.nl")
    await User.filter(id=user.id).update(confirmed_at=None)
    await sign_in(client, "nieuw@example.nl")
    response = await post_form(
        client,
        f"/consultations/{park.id}/response",
        {f"q{park.text}": "Meer speelplekken"},
        page=f"/consultations/{park.id}",
    )
    assert response.status_code == 403
    assert "Confirm your e-mail address first" in response.text
    assert "Meer speelplekken</textarea>" in response.text
    assert await Response.all().count() == 0
    await post_form(
        client, f"/consultations/{park.id}/statements/{park.statement(0)}/vote", {"vote": "agree"}, page="/"
    )
    assert "Confirm your e-mail address first" in (await client.get(f"/consultations/{park.id}")).text
    assert await StatementVote.all().count() == 0
