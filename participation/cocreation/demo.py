"""The co-creation part of `samenspraak seed-demo`: three citizen groups (one with a request to join waiting) and a
task in every state (a draft, two open ones, one in progress with a living workspace, one handed in, one accepted
with its result), in plain Dutch that speaks "je" like the interface. Everything goes through the services with
`now` moved into the past."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from participation.accounts.demo import DemoPeople
from participation.accounts.models import User
from participation.cocreation import rules
from participation.cocreation.services import claims, delivery, groups, joining, tasks, workspace
from participation.moments import at_local_hour

DAY = timedelta(days=1)

RESIDENTS = ["Noor Bakker", "Daan Visser", "Lotte Smit", "Ahmed Yilmaz", "Fenna Mulder", "Bram de Jong"]


async def _residents(*, now: datetime) -> list[User]:
    """Group members who never sign in (no password)."""
    return [
        await User.create(
            email=f"groepslid{i + 1:02d}@demo.samenspraak.nl",
            display_name=name,
            display_name_html=name,
            confirmed_at=now,
        )
        for i, name in enumerate(RESIDENTS)
    ]


async def _group(name: str, description: str, coordinator: User, members: list[User], *, now: datetime) -> int:
    group = await groups.form_group(rules.GroupInput(name=name, description=description), by=coordinator, now=now)
    invite = await groups.create_invite(group.id, by=coordinator, now=now, days=30)
    for member in members:
        await groups.join(invite.code, by=member, now=now)
    return group.id


def _task(title: str, description: str, deliverable: str, due_at: datetime, **rest: object) -> rules.TaskInput:
    return rules.TaskInput(title=title, description=description, deliverable=deliverable, due_at=due_at, **rest)  # type: ignore[arg-type]


PLAN_1 = """# Een groen schoolplein

## Wat we willen
- Minder tegels, meer gras en struiken.
- Een moestuin die de klassen om de beurt verzorgen.
"""
PLAN_2 = (
    PLAN_1
    + """
## Wat het kost
We schatten 12.000 euro. De buurt helpt op twee zaterdagen mee.
"""
)
# Jan's change, made from version 1 while Sanne added the costs: another part, so the two are merged.
JAN = PLAN_1.replace("- Minder tegels, meer gras en struiken.", "- Minder tegels, meer gras, struiken en twee bomen.")

BANKJES = """# Bankjes in het centrum

We liepen in drie weken alle straten van het centrum af en telden 47 bankjes.

- 12 bankjes zijn kapot of staan in de volle zon.
- Langs de Markt en de Kerkstraat kun je 400 meter nergens zitten.

## Ons advies
Zet vijf nieuwe bankjes neer, en als eerste twee bij de bushalte Markt.
"""

FIETS = """# Veilige fietsroutes naar het station

We fietsten met twintig buren de routes naar het station en schreven op waar het onveilig voelt.

1. De rotonde bij de Stationsweg: auto's geven geen voorrang.
2. Het fietspad langs het kanaal heeft geen verlichting.
"""


async def seed(people: DemoPeople, *, now: datetime, link_to: Callable[..., str]) -> dict[str, int]:
    """Groups and tasks; returns the task ids by state."""
    official = people.official
    jan, sanne = people.citizens[0], people.citizens[1]
    residents = await _residents(now=now - 40 * DAY)
    start = now - 30 * DAY

    buren = await _group(
        "De Groene Buren",
        "Buren uit de Vogelwijk die van **groen** houden. We hebben tuiniers, een timmerman en een juf.",
        jan,
        [sanne, residents[0], residents[1]],
        now=start,
    )
    fiets = await _group(
        "Fietsvrienden Oost",
        "Wij fietsen elke dag naar ons werk en willen veiliger routes.",
        sanne,
        [residents[2], residents[3]],
        now=start,
    )
    jongeren = await _group(
        "Jongeren van Noord",
        "Jongeren tussen 16 en 23 die meedenken over hun wijk.",
        residents[4],
        [residents[5], jan],
        now=start,
    )

    made: dict[str, int] = {}

    draft = await tasks.create_task(
        _task(
            "Een route voor de avondvierdaagse",
            "Bedenk een route van 5 kilometer door de wijk, langs plekken waar je veilig kunt lopen.",
            "Een kaart met de route en een korte uitleg.",
            at_local_hour(now + 60 * DAY, 17),
            min_group_size=2,
            max_group_size=8,
            tags=["wandelen", "sport"],
        ),
        by=official,
        now=start,
    )
    made["draft"] = draft.task.id

    speelplek = await tasks.create_task(
        _task(
            "Ideeën voor een speelplek bij de bibliotheek",
            "Naast de bibliotheek ligt een leeg grasveld. Wat zou daar voor kinderen van 4 tot 12 jaar moeten komen? "
            "Praat met kinderen en ouders uit de buurt.\n\nHet budget is 25.000 euro.",
            "Drie ideeën met een schets, en wat kinderen en ouders ervan vinden.",
            at_local_hour(now + 45 * DAY, 17),
            min_group_size=2,
            max_group_size=6,
            max_claims=2,
            tags=["spelen", "jeugd"],
        ),
        by=official,
        now=start,
    )
    await tasks.publish_task(speelplek.task.id, by=official, now=start + DAY)
    made["open"] = speelplek.task.id

    afval = await tasks.create_task(
        _task(
            "Een plan voor minder zwerfafval in het winkelgebied",
            "Rond de winkels ligt veel afval. Zoek uit waar het meeste ligt en waarom, en bedenk wat helpt.",
            "Een plan van hooguit twee pagina's met maatregelen die je zelf of de gemeente kan nemen.",
            at_local_hour(now + 50 * DAY, 17),
            min_group_size=3,
            max_group_size=10,
            tags=["afval", "winkels"],
        ),
        by=official,
        now=start,
    )
    await tasks.publish_task(afval.task.id, by=official, now=start + DAY)

    schoolplein = await tasks.create_task(
        _task(
            "Een groen schoolplein voor De Regenboog",
            "Het plein van basisschool De Regenboog is helemaal betegeld. Maak samen met de school een plan "
            "voor een groener plein.",
            "Een plan met een tekening, wat het kost en wie helpt.",
            at_local_hour(now + 20 * DAY, 17),
            min_group_size=2,
            max_group_size=6,
            tags=["groen", "school"],
        ),
        by=official,
        now=start,
    )
    await tasks.publish_task(schoolplein.task.id, by=official, now=start + DAY)
    held = await claims.claim_task(schoolplein.task.id, group_id=buren, by=jan, now=start + 2 * DAY)
    await workspace.save_document(held.id, body=PLAN_1, base_version=0, by=jan, now=start + 3 * DAY)
    await workspace.save_document(held.id, body=PLAN_2, base_version=1, by=sanne, now=start + 5 * DAY)
    await workspace.save_document(held.id, body=JAN, base_version=1, by=jan, now=start + 6 * DAY)
    await workspace.add_comment(
        held.id,
        body="Ik heb de juf gesproken: de kinderen willen vooral een **moestuin**.",
        by=sanne,
        now=start + 4 * DAY,
    )
    await workspace.add_comment(held.id, body="Mooi! Ik maak deze week de tekening.", by=jan, now=start + 4 * DAY)
    tekening = await workspace.add_item(held.id, text="Tekening van het plein maken", by=jan, now=start + 4 * DAY)
    await workspace.take_item(held.id, tekening.id, by=jan)
    kosten = await workspace.add_item(held.id, text="Kosten uitzoeken bij de hovenier", by=sanne, now=start + 4 * DAY)
    await workspace.take_item(held.id, kosten.id, by=sanne)
    await workspace.tick_item(held.id, kosten.id, done=True, by=sanne, now=start + 5 * DAY)
    await workspace.add_item(held.id, text="Ouders vragen of ze op zaterdag helpen", by=jan, now=start + 6 * DAY)
    made["claimed"] = schoolplein.task.id

    fietsroutes = await tasks.create_task(
        _task(
            "Veilige fietsroutes naar het station",
            "Welke routes naar het station voelen onveilig, en waarom? Fiets ze zelf en vraag het aan andere fietsers.",
            "Een lijst met de onveilige plekken, met foto's en een voorstel per plek.",
            now + 10 * DAY,
            min_group_size=2,
            max_group_size=5,
            tags=["verkeer", "fiets"],
        ),
        by=official,
        now=start,
    )
    await tasks.publish_task(fietsroutes.task.id, by=official, now=start + DAY)
    riding = await claims.claim_task(fietsroutes.task.id, group_id=fiets, by=sanne, now=start + 2 * DAY)
    await workspace.save_document(riding.id, body=FIETS, base_version=0, by=sanne, now=start + 12 * DAY)
    await delivery.submit(riding.id, by=sanne, now=start + 14 * DAY)
    made["submitted"] = fietsroutes.task.id

    bankjes = await tasks.create_task(
        _task(
            "Een kaart van bankjes in het centrum",
            "Waar kun je in het centrum even zitten, en waar mist een bankje? Denk aan ouderen en mensen met een "
            "rollator.",
            "Een kaart met alle bankjes en een advies waar nieuwe moeten komen.",
            now + 5 * DAY,
            min_group_size=2,
            max_group_size=4,
            tags=["openbare ruimte", "ouderen"],
        ),
        by=official,
        now=start - 20 * DAY,
    )
    await tasks.publish_task(bankjes.task.id, by=official, now=start - 19 * DAY)
    mapped = await claims.claim_task(bankjes.task.id, group_id=jongeren, by=residents[4], now=start - 18 * DAY)
    await workspace.save_document(mapped.id, body=BANKJES, base_version=0, by=residents[4], now=start - 5 * DAY)
    await delivery.submit(mapped.id, by=residents[4], now=start - 4 * DAY)
    await delivery.review(
        mapped.id,
        verdict="accept",
        feedback="Heel duidelijk, dank je wel. We zetten de eerste twee bankjes dit najaar neer.",
        by=official,
        now=start - 2 * DAY,
    )
    made["accepted"] = bankjes.task.id
    # A request to join that waits for Jan, De Groene Buren's coordinator.
    await joining.ask(
        buren,
        message="Ik woon ook in de Vogelwijk en help graag mee met de bomen.",
        by=residents[2],
        now=now - DAY,
        link=link_to("groups:detail", id=buren) + "#requests",
    )
    return made
