"""Moderation in the demo (part of `samenspraak seed-demo`, run by the consultations' demo once its consultations
exist): reported statements (one kept, one hidden by reports and waiting), a proposal a rule held back for a
phone number, hidden with a statement of reasons, appealed by its author and decided again by the second
moderator. Every text says "je", like the interface."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from participation.accounts.models import User
from participation.consultations.models import Statement
from participation.consultations.services import statements
from participation.moderation import services as moderation

THRESHOLD = 3


async def seed(
    *,
    question_id: int,
    moderators: Sequence[User],
    authors: Sequence[User],
    reporters: Sequence[User],
    now: datetime,
    link_to: Callable[..., str],
) -> None:
    """`question_id`: the statements question of the open consultation; `authors` and `reporters` residents."""
    day = timedelta(days=1)
    first, second = moderators[0], moderators[1]

    def link(decision: object) -> str:
        return link_to("moderation:decision", id=decision.id)  # type: ignore[attr-defined]

    seeded = {s.text: s for s in await Statement.filter(question_id=question_id)}

    # Reported once as spam, looked at, and kept.
    late = seeded["2030 is te snel."]
    await moderation.report(late.ref, reason="spam", by=reporters[0], now=now - 7 * day, threshold=THRESHOLD)
    await moderation.decide(
        late.ref,
        action="keep",
        ground="terms_compatible",
        facts="Iemand meldde dit als spam. Het is een mening over de planning, en die past bij dit gesprek.",
        by=first,
        now=now - 6 * day,
        link=link,
    )

    # Reported twice as off topic: it waits for a decision.
    solar = seeded["Zonnepanelen moeten op elk dak verplicht worden."]
    for person, note in zip(reporters[1:3], ["Dit gaat over zonnepanelen, niet over het warmtenet.", ""], strict=True):
        await moderation.report(
            solar.ref, reason="off_topic", note=note, by=person, now=now - 2 * day, threshold=THRESHOLD
        )

    # A proposal a moderator published, which three people then reported: hidden until a moderator looks again.
    rude = await statements.propose_statement(
        question_id, text="Wie tegen het warmtenet is, snapt er gewoon niks van.", by=authors[0], now=now - 6 * day
    )
    await moderation.decide(
        rude.ref,
        action="keep",
        ground="terms_compatible",
        facts="Een scherpe mening, maar geen scheldwoord. Je mag het oneens zijn met anderen.",
        by=first,
        now=now - 5 * day,
        link=link,
    )
    for person in reporters[3:6]:
        await moderation.report(rude.ref, reason="abuse", by=person, now=now - 1 * day, threshold=THRESHOLD)

    # A proposal with a phone number: the rule holds it back; hidden with a statement of reasons; appealed by its
    # author; the other moderator decides the appeal (it stays hidden).
    phone = await statements.propose_statement(
        question_id,
        text="Wil je meedenken over het warmtenet? Bel me op 06 12345678.",
        by=authors[1],
        now=now - 6 * day,
    )
    hidden = await moderation.decide(
        phone.ref,
        action="hide",
        ground="terms_privacy",
        facts=(
            "Je voorstel bevat een telefoonnummer. Een automatische regel hield het daarom tegen. We laten geen "
            "telefoonnummers zien, om je te beschermen."
        ),
        by=first,
        now=now - 5 * day,
        link=link,
    )
    await moderation.appeal(
        hidden.id,
        text="Het is mijn eigen nummer. Ik wil juist dat buren me kunnen bellen.",
        by=authors[1],
        now=now - 4 * day,
    )
    await moderation.decide(
        phone.ref,
        action="hide",
        ground="terms_privacy",
        facts=(
            "Ik keek opnieuw naar je voorstel. Ook je eigen telefoonnummer laten we niet zien: iedereen kan het "
            "lezen. Zet je voorstel gerust opnieuw neer, zonder nummer."
        ),
        by=second,
        now=now - 3 * day,
        link=link,
    )
