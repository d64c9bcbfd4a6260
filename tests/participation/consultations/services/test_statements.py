from __future__ import annotations

import pytest

from participation.consultations import repository
from participation.consultations.models import Question, Statement, StatementVote
from participation.consultations.services import authoring, statements
from participation.errors import Conflict, Invalid, NotFound
from tests.support.consultations import NOW, make_park
from tests.support.web import make_user


async def tally(statement_id: int) -> tuple[int, int, int]:
    s = await Statement.get(id=statement_id)
    return s.agree, s.disagree, s.passed


async def test_votes_are_counted_and_can_change(orm):
    park = await make_park()
    a, b = await make_user("a@example.nl"), await make_user("b@example.nl")
    target = park.statement(0)
    first = await statements.vote_on_statement(target, vote="agree", by=a, now=NOW)
    assert first.created
    await statements.vote_on_statement(target, vote="disagree", by=b, now=NOW)
    assert await tally(target) == (1, 1, 0)
    changed = await statements.vote_on_statement(target, vote="pass", by=a, now=NOW)
    assert not changed.created
    assert await tally(target) == (0, 1, 1)
    same = await statements.vote_on_statement(target, vote="pass", by=a, now=NOW)
    assert not same.created
    assert await tally(target) == (0, 1, 1)
    assert await StatementVote.filter(statement_id=target).count() == 2
    # Every cast and change counts towards the staleness of the opinion groups; a repeat does not.
    assert (await Question.get(id=park.statements)).votes_cast == 3
    assert await statements.my_votes(park.id, user=a) == {target: "pass"}


async def test_a_bad_vote_is_refused(orm):
    park = await make_park()
    citizen = await make_user("a@example.nl")
    with pytest.raises(Invalid) as caught:
        await statements.vote_on_statement(park.statement(0), vote="yes", by=citizen, now=NOW)
    assert set(caught.value.fields) == {"vote"}
    with pytest.raises(NotFound):
        await statements.vote_on_statement(10_000, vote="agree", by=citizen, now=NOW)


async def test_a_proposed_statement_waits_for_moderation(orm):
    park = await make_park()
    author, other = await make_user("a@example.nl"), await make_user("b@example.nl")
    proposed = await statements.propose_statement(
        park.statements, text="Meer <b>speeltoestellen</b>", by=author, now=NOW
    )
    assert proposed.status == "pending"
    assert proposed.text_html == "Meer &lt;b&gt;speeltoestellen&lt;/b&gt;"
    view = await repository.get_consultation(park.id, viewer=other, now=NOW)
    assert proposed.id not in [s.id for s in view.questions[4].statements]
    with pytest.raises(NotFound):
        await statements.vote_on_statement(proposed.id, vote="agree", by=other, now=NOW)
    assert [s.id for s in await statements.my_pending_statements(park.id, user=author)] == [proposed.id]
    assert await statements.my_pending_statements(park.id, user=other) == []


async def test_proposals_are_checked(orm):
    park = await make_park()
    author = await make_user("a@example.nl")
    with pytest.raises(Invalid):
        await statements.propose_statement(park.statements, text="  ", by=author, now=NOW)
    with pytest.raises(Invalid):
        await statements.propose_statement(park.statements, text="x" * 301, by=author, now=NOW)
    with pytest.raises(Invalid):
        await statements.propose_statement(park.text, text="Geen stellingvraag", by=author, now=NOW)
    with pytest.raises(NotFound):
        await statements.propose_statement(10_000, text="x", by=author, now=NOW)


async def test_voting_and_proposing_stop_when_closed(orm):
    park = await make_park()
    citizen = await make_user("a@example.nl")
    await authoring.close_consultation(park.id, by=park.official, now=NOW)
    with pytest.raises(Conflict):
        await statements.vote_on_statement(park.statement(0), vote="agree", by=citizen, now=NOW)
    with pytest.raises(Conflict):
        await statements.propose_statement(park.statements, text="Laat", by=citizen, now=NOW)
    draft = await make_park(opened=False)
    with pytest.raises(NotFound):
        await statements.vote_on_statement(draft.statement(0), vote="agree", by=citizen, now=NOW)
