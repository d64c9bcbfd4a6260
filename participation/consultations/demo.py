"""The consultations part of `samenspraak seed-demo`: one consultation in every state, with Dutch municipal
content, answers from the demo citizens and from DEMO_CITIZENS generated ones (deterministic), statement votes
that form opinion groups, pending proposals for the moderation queue, and a published decision.

Everything goes through the services with `now` moved into the past, so the demo has the timestamps, counters
and notifications a real municipality would have.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from participation.accounts.demo import DemoPeople
from participation.accounts.models import User
from participation.consultations import moderation_demo
from participation.consultations.analysis import opinion_groups
from participation.consultations.repository import ConsultationView
from participation.consultations.rules import ConsultationInput, QuestionInput
from participation.consultations.services import authoring, decisions, responding, statements
from participation.moments import at_local_hour

DEMO_CITIZENS = 40
SEED = 2025

FIRST_NAMES = [
    "Daan", "Emma", "Sem", "Julia", "Lucas", "Mila", "Noah", "Tess", "Levi", "Sara", "Finn", "Zoë", "Mohamed",
    "Yara", "Bram", "Lotte", "Thijs", "Fenna", "Ahmed", "Nina",
]  # fmt: skip
LAST_NAMES = [
    "de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos",
    "Yilmaz", "Peters", "Hendriks", "van Dijk", "Kaya", "Dekker",
]  # fmt: skip


async def demo_citizens(*, now: datetime) -> list[User]:
    """Residents who answer but never sign in (no password): enough people for real-looking results."""
    rng = random.Random(SEED)
    people = []
    for i in range(DEMO_CITIZENS):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        people.append(
            await User.create(
                email=f"inwoner{i + 1:02d}@demo.samenspraak.nl",
                display_name=name,
                display_name_html=name,
                confirmed_at=now,
            )
        )
    return people


PARK = ConsultationInput(
    title="Het Julianapark opnieuw inrichten",
    summary="Het Julianapark krijgt nieuwe paden, speelplekken en planten. Wat vind jij belangrijk?",
    body=(
        "Het Julianapark heeft onderhoud nodig. De gemeente wil het park in de komende twee jaar opnieuw "
        "inrichten.\n\n"
        "Vertel ons **hoe jij het park gebruikt** en wat je mist. Met jouw antwoorden maken we drie eerste "
        "ontwerpen. Die laten we in het voorjaar zien.\n\n"
        "- Geld: € 1,2 miljoen\n- Werk in het park: vanaf het najaar\n\n"
        "Wil je de plannen liever eerst zien? Kom naar de inloopavond in buurthuis De Linde, op 14 januari "
        "van 19.00 tot 21.00 uur."
    ),
    questions=[
        QuestionInput(
            "single_choice",
            "Hoe vaak kom je in het park?",
            True,
            ["Elke dag", "Elke week", "Elke maand", "Bijna nooit"],
        ),
        QuestionInput(
            "multiple_choice",
            "Wat wil je in het park kunnen doen?",
            options=["Wandelen", "Spelen met kinderen", "Sporten", "De hond uitlaten", "Picknicken", "Tot rust komen"],
        ),
        QuestionInput(
            "scale",
            "Hoe tevreden ben je nu over het park?",
            True,
            scale_min=1,
            scale_max=5,
            min_label="Heel ontevreden",
            max_label="Heel tevreden",
        ),
        QuestionInput("text", "Wat mis je in het park?"),
        QuestionInput(
            "statements",
            "Wat vind je van deze stellingen?",
            statements=[
                "Er moeten meer bomen en struiken komen, ook als er dan minder gras overblijft.",
                "Honden moeten overal in het park aan de lijn.",
                "Er moet 's avonds licht zijn in het park.",
                "Er moet een openbaar toilet komen.",
                "Een paviljoen met een café maakt het park leuker.",
            ],
        ),
    ],
)

ENERGY = ConsultationInput(
    title="Hoornes-Oost van het aardgas af",
    summary="Hoornes-Oost stopt met aardgas. Welke aanpak past bij jouw buurt?",
    body=(
        "In 2030 moet de wijk Hoornes-Oost van het aardgas af zijn. Dat kan op twee manieren. Met een **warmtenet**: "
        "dan krijgt de hele buurt warmte via buizen onder de grond. Of **all-electric**: dan krijgt elk huis een "
        "eigen warmtepomp.\n\n"
        "De gemeenteraad kiest straks. Eerst willen we weten wat bewoners belangrijk vinden: de kosten, het gemak, "
        "hoe snel het gaat en of je mag meebeslissen. We gebruiken jouw antwoorden voor het plan voor de wijk. "
        "De raad neemt het besluit."
    ),
    questions=[
        QuestionInput(
            "single_choice", "Is je huis van jezelf of huur je het?", True, ["Eigen huis", "Huurhuis", "Anders"]
        ),
        QuestionInput(
            "single_choice",
            "Welke manier heeft jouw voorkeur?",
            options=["Warmtenet", "All-electric", "Weet ik nog niet"],
        ),
        QuestionInput(
            "multiple_choice",
            "Waar maak je je zorgen over?",
            options=[
                "De kosten",
                "Overlast als er gewerkt wordt",
                "Een warm huis in de winter",
                "Geluid van warmtepompen",
                "Zelf kunnen kiezen",
            ],
        ),
        QuestionInput(
            "scale",
            "Hoe goed weet je wat de overstap voor jou betekent?",
            scale_min=0,
            scale_max=10,
            min_label="Helemaal niet",
            max_label="Heel goed",
        ),
        QuestionInput("text", "Wat heb je nodig om over te stappen?"),
        QuestionInput(
            "statements",
            "Stellingen over de overstap",
            statements=[
                "De gemeente moet de hele wijk tegelijk overzetten.",
                "Iedere bewoner moet zelf kunnen kiezen wanneer hij overstapt.",
                "De gemeente moet de baas zijn over het warmtenet.",
                "Huurders mogen er niet op achteruitgaan door een hogere huur.",
                "Zonnepanelen moeten op elk dak verplicht worden.",
                "2030 is te snel.",
            ],
        ),
    ],
)

CYCLING = ConsultationInput(
    title="Snelle fietsroute Utrechtseweg",
    summary="Een snelle en veilige fietsroute van het station naar het bedrijventerrein. Welke route kies jij?",
    body=(
        "De gemeente wil een snelle fietsroute maken van het station naar bedrijventerrein De Hoek. Er zijn drie "
        "mogelijke routes. Elke route heeft gevolgen voor parkeerplekken, bomen en het verkeer in de buurt."
    ),
    questions=[
        QuestionInput(
            "single_choice",
            "Welke route heeft jouw voorkeur?",
            True,
            ["A: langs het spoor", "B: over de Utrechtseweg", "C: door het Wilhelminapark"],
        ),
        QuestionInput(
            "multiple_choice",
            "Hoe reis je meestal over deze route?",
            options=["Fiets", "E-bike", "Auto", "Bus", "Lopend"],
        ),
        QuestionInput(
            "scale",
            "Hoe veilig voel je je nu op de fiets op de Utrechtseweg?",
            scale_min=1,
            scale_max=5,
            min_label="Heel onveilig",
            max_label="Heel veilig",
        ),
        QuestionInput("text", "Heb je nog tips of zorgen over de route?"),
    ],
)

PARKING = ConsultationInput(
    title="Parkeren in de binnenstad vanaf 2026",
    summary="Er is weinig plek om te parkeren in de binnenstad. Hoe verdelen we die plek eerlijk?",
    body=(
        "In de binnenstad zijn meer auto's dan parkeerplekken. We denken na over vergunningen, wat parkeren kost "
        "en deelauto's. Deze raadpleging gaat binnenkort open."
    ),
    questions=[
        QuestionInput("single_choice", "Heb je een parkeervergunning?", True, ["Ja", "Nee", "Ik sta op de wachtlijst"]),
        QuestionInput("scale", "Hoe makkelijk vind je nu een parkeerplek?", scale_min=1, scale_max=5),
        QuestionInput(
            "statements",
            "Stellingen over parkeren",
            statements=["Bewoners moeten voorgaan op bezoekers.", "Deelauto's moeten eigen plekken krijgen."],
        ),
        QuestionInput("text", "Wat vind je het belangrijkst?"),
    ],
)

PARK_TEXTS = [
    "Een openbaar toilet, zeker voor ouderen en gezinnen met kleine kinderen.",
    "Meer bankjes in de schaduw. Nu zit je 's zomers in de volle zon.",
    "Een plek waar tieners kunnen zitten zonder dat iemand klaagt.",
    "Betere lampen op het pad langs de vijver. 's Avonds voelt het daar onveilig.",
    "Een **kraan met drinkwater** voor mensen en honden.",
    "Minder fietsers op de wandelpaden. Misschien een apart fietspad?",
    "Een speelplek in de natuur, met boomstammen en water.",
    "",
]
ENERGY_TEXTS = [
    "Ik wil eerst weten wat het mij per maand kost. Pas dan kan ik kiezen.",
    "Geld om mijn huis te isoleren, of een lening met een lage rente.",
    "Eén persoon bij de gemeente die ik alles kan vragen, niet vijf loketten.",
    "Mijn verhuurder moet meedoen. Daar kan ik zelf niets aan doen.",
    "Een voorbeeldhuis in de wijk. Dan hoor ik zelf hoe hard een warmtepomp is.",
    "",
]
CYCLING_TEXTS = [
    "Let op de oversteek bij de school. Daar gaat het nu al vaak bijna mis.",
    "Route C kost te veel bomen in het park.",
    "Graag goede lampen, en geen paaltjes midden op het fietspad.",
    "",
]


def _pick(rng: random.Random, count: int, weights: list[float]) -> int:
    return rng.choices(range(count), weights=weights[:count])[0]


def _answers(view: ConsultationView, rng: random.Random, texts: list[str], leaning: float) -> dict[str, object]:
    """A plausible response; `leaning` (0..1) tilts choices so that the results are not uniform noise."""
    given: dict[str, object] = {}
    for q in view.questions:
        question = q.question
        if q.kind == "single_choice":
            weights = [1 + leaning * 3, 1.5, 1 - leaning * 0.5, 0.6]
            given[str(q.id)] = q.options[_pick(rng, len(q.options), weights)].id
        elif q.kind == "multiple_choice":
            chosen = [o.id for i, o in enumerate(q.options) if rng.random() < (0.65 if i % 2 == 0 else 0.3)]
            if chosen or question.required:
                given[str(q.id)] = chosen or [q.options[0].id]
        elif q.kind == "scale":
            low, high = question.scale_min or 0, question.scale_max or 0
            centre = low + (high - low) * (0.35 + 0.4 * leaning)
            value = round(rng.gauss(centre, (high - low) / 5))
            given[str(q.id)] = max(low, min(high, value))
        elif q.kind == "text":
            text = rng.choice(texts)
            if text or question.required:
                given[str(q.id)] = text or "Geen opmerkingen."
    return given


async def _respond(view: ConsultationView, people: list[User], texts: list[str], *, at: datetime, seed: int) -> None:
    rng = random.Random(seed)
    for i, person in enumerate(people):
        if rng.random() < 0.15:
            continue  # not everyone answers
        leaning = (i % 3) / 2
        when = at + timedelta(minutes=37 * i)
        await responding.put_my_response(view.id, user=person, answers=_answers(view, rng, texts, leaning), now=when)


async def _vote(view: ConsultationView, people: list[User], camp: Callable[[int], int], *, at: datetime, seed: int):
    """Two or three camps that vote alike, with noise: the opinion groups have something to find."""
    rng = random.Random(seed)
    statement_question = next(q for q in view.questions if q.kind == "statements")
    for i, person in enumerate(people):
        side = camp(i)
        for j, statement in enumerate(statement_question.statements):
            if rng.random() < 0.15:
                continue
            agrees = (j + side) % 2 == 0
            roll = rng.random()
            vote = ("agree" if agrees else "disagree") if roll < 0.75 else ("pass" if roll < 0.85 else None)
            vote = vote or ("disagree" if agrees else "agree")
            await statements.vote_on_statement(statement.id, vote=vote, by=person, now=at + timedelta(minutes=i))


async def seed(people: DemoPeople, *, now: datetime, link_to: Callable[..., str]) -> dict[str, int]:
    """One consultation per state; returns their ids by state."""
    official = people.official
    # The demo's moderators (the second decides the appeal), before the generated residents exist.
    others = [u for u in await User.all().order_by("id") if "moderator" in u.roles and u.id != people.moderator.id]
    moderators = [people.moderator, *others]
    people = people.citizens + await demo_citizens(now=now)
    day = timedelta(days=1)

    park = await authoring.create_consultation(data=PARK, by=official, now=now - 60 * day)
    await authoring.open_consultation(park.id, by=official, now=now - 50 * day)
    await _respond(park, people, PARK_TEXTS, at=now - 49 * day, seed=SEED + 1)
    await _vote(park, people, lambda i: i % 2, at=now - 45 * day, seed=SEED + 2)
    await authoring.close_consultation(park.id, by=official, now=now - 21 * day)
    by_id = {q.question.prompt: q.id for q in park.questions}
    await decisions.publish_decision(
        park.id,
        summary="Het Julianapark krijgt meer bomen, een openbaar toilet en lampen langs de vijver.",
        body=(
            "Bedankt aan iedereen die heeft meegedacht. Uit de antwoorden blijkt dat **rust en groen** het "
            "belangrijkst zijn. Ook voelen veel mensen zich 's avonds onveilig bij de vijver.\n\n"
            "Daarom heeft het college (de burgemeester en de wethouders) dit besloten:\n\n"
            "1. Er komen 40 nieuwe bomen en een strook met veel bloemen aan de oostkant.\n"
            "2. Er komt een openbaar toilet bij de speeltuin.\n"
            "3. Er komen zuinige lampen op het pad langs de vijver. Na middernacht geven ze minder licht.\n\n"
            "Er komt geen paviljoen met een café. Daarover dachten mensen heel verschillend."
        ),
        outcomes={
            by_id["Wat mis je in het park?"]: (
                "Het toilet en de lampen komen er. We kijken nog of er een kraan met drinkwater kan komen."
            ),
            by_id["Wat vind je van deze stellingen?"]: (
                "Over het paviljoen met een café waren de groepen het meest verdeeld."
            ),
        },
        by=official,
        now=now - 14 * day,
        link=link_to("consultations:detail", id=park.id),
    )

    energy = await authoring.create_consultation(
        data=replace(ENERGY, closes_at=at_local_hour(now + 18 * day, 17)), by=official, now=now - 12 * day
    )
    await authoring.open_consultation(energy.id, by=official, now=now - 10 * day)
    await _respond(energy, people, ENERGY_TEXTS, at=now - 9 * day, seed=SEED + 3)
    await _vote(energy, people, lambda i: i % 3, at=now - 8 * day, seed=SEED + 4)
    statement_question = next(q for q in energy.questions if q.kind == "statements").id
    for person, text in zip(
        people[:2],
        ["Wie al een warmtepomp heeft, moet niet op het warmtenet hoeven.", "Begin met de flats."],
        strict=True,
    ):
        await statements.propose_statement(statement_question, text=text, by=person, now=now - 3 * day)

    cycling = await authoring.create_consultation(data=CYCLING, by=official, now=now - 40 * day)
    await authoring.open_consultation(cycling.id, by=official, now=now - 35 * day)
    await _respond(cycling, people, CYCLING_TEXTS, at=now - 34 * day, seed=SEED + 5)
    await authoring.close_consultation(cycling.id, by=official, now=now - 7 * day)

    parking = replace(PARKING, opens_at=at_local_hour(now + 7 * day, 9), closes_at=at_local_hour(now + 35 * day, 17))
    draft = await authoring.create_consultation(data=parking, by=official, now=now - 2 * day)

    await moderation_demo.seed(
        question_id=statement_question,
        moderators=moderators,
        authors=people[:3],
        reporters=people[5:],
        now=now,
        link_to=link_to,
    )

    for view in (park, energy):
        await opinion_groups.compute(next(q for q in view.questions if q.kind == "statements").id, now=now)
    return {"decided": park.id, "open": energy.id, "closed": cycling.id, "draft": draft.id}
