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
from participation.consultations.analysis import opinion_groups
from participation.consultations.repository import ConsultationView
from participation.consultations.rules import ConsultationInput, QuestionInput
from participation.consultations.services import authoring, decisions, responding, statements

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
    title="Herinrichting Julianapark",
    summary="Het Julianapark krijgt nieuwe paden, speelplekken en beplanting. Wat vindt u belangrijk?",
    body=(
        "Het Julianapark is aan onderhoud toe. De gemeente wil het park de komende twee jaar opnieuw inrichten.\n\n"
        "We horen graag **hoe u het park gebruikt** en wat u mist. Met uw antwoorden maken we drie schetsontwerpen, "
        "die we in het voorjaar laten zien.\n\n"
        "- Budget: € 1,2 miljoen\n- Uitvoering: vanaf najaar\n\n"
        "Meer informatie staat op [de projectpagina](https://www.example.nl/julianapark)."
    ),
    questions=[
        QuestionInput(
            "single_choice", "Hoe vaak bezoekt u het park?", True, ["Dagelijks", "Wekelijks", "Maandelijks", "Zelden"]
        ),
        QuestionInput(
            "multiple_choice",
            "Wat wilt u in het park kunnen doen?",
            options=["Wandelen", "Spelen met kinderen", "Sporten", "Hond uitlaten", "Picknicken", "Tot rust komen"],
        ),
        QuestionInput(
            "scale",
            "Hoe tevreden bent u nu over het park?",
            True,
            scale_min=1,
            scale_max=5,
            min_label="Zeer ontevreden",
            max_label="Zeer tevreden",
        ),
        QuestionInput("text", "Wat mist u in het park?"),
        QuestionInput(
            "statements",
            "Wat vindt u van deze stellingen?",
            statements=[
                "Er moeten meer bomen en struiken komen, ook als er minder grasveld overblijft.",
                "Honden moeten overal in het park aangelijnd zijn.",
                "Het park moet 's avonds verlicht zijn.",
                "Er moet een openbaar toilet komen.",
                "Een horecapaviljoen maakt het park aantrekkelijker.",
            ],
        ),
    ],
)

ENERGY = ConsultationInput(
    title="Aardgasvrij Hoornes-Oost",
    summary="Hoornes-Oost gaat van het aardgas af. Welke aanpak past bij uw buurt?",
    body=(
        "In 2030 moet de wijk Hoornes-Oost aardgasvrij zijn. Er zijn twee routes: een **warmtenet** dat de hele buurt "
        "verwarmt, of **all-electric** met een warmtepomp per woning.\n\n"
        "Voordat de gemeenteraad kiest, willen we weten wat bewoners belangrijk vinden: kosten, gemak, tempo en "
        "zeggenschap. Uw antwoorden zijn input voor het wijkuitvoeringsplan; de raad besluit."
    ),
    questions=[
        QuestionInput(
            "single_choice", "Bent u eigenaar of huurder van uw woning?", True, ["Eigenaar", "Huurder", "Anders"]
        ),
        QuestionInput(
            "single_choice", "Welke route heeft uw voorkeur?", options=["Warmtenet", "All-electric", "Weet ik nog niet"]
        ),
        QuestionInput(
            "multiple_choice",
            "Waar maakt u zich zorgen over?",
            options=[
                "De kosten",
                "Overlast tijdens de werkzaamheden",
                "Comfort in de winter",
                "Geluid van warmtepompen",
                "Keuzevrijheid",
            ],
        ),
        QuestionInput(
            "scale",
            "Hoe goed voelt u zich geïnformeerd?",
            scale_min=0,
            scale_max=10,
            min_label="Helemaal niet",
            max_label="Heel goed",
        ),
        QuestionInput("text", "Wat heeft u nodig om de overstap te kunnen maken?"),
        QuestionInput(
            "statements",
            "Stellingen over de overstap",
            statements=[
                "De gemeente moet de hele wijk tegelijk overzetten.",
                "Iedere bewoner moet zelf kunnen kiezen wanneer hij overstapt.",
                "Een warmtenet moet in handen van de gemeente zijn.",
                "Huurders moeten er in de huur niet op achteruitgaan.",
                "Zonnepanelen op elk dak moeten verplicht worden.",
                "Het tempo van 2030 is te hoog.",
            ],
        ),
    ],
)

CYCLING = ConsultationInput(
    title="Snelfietsroute Utrechtseweg",
    summary="Een snelle, veilige fietsroute tussen het station en het bedrijventerrein. Welk tracé kiest u?",
    body=(
        "De gemeente wil een snelfietsroute aanleggen van het station naar bedrijventerrein De Hoek. Er liggen drie "
        "tracés op tafel. Elk tracé heeft gevolgen voor parkeerplaatsen, bomen en verkeer in de buurt."
    ),
    questions=[
        QuestionInput(
            "single_choice",
            "Welk tracé heeft uw voorkeur?",
            True,
            ["A: langs het spoor", "B: over de Utrechtseweg", "C: door het Wilhelminapark"],
        ),
        QuestionInput(
            "multiple_choice",
            "Hoe verplaatst u zich meestal op deze route?",
            options=["Fiets", "E-bike", "Auto", "Bus", "Te voet"],
        ),
        QuestionInput(
            "scale",
            "Hoe veilig voelt u zich nu op de fiets op de Utrechtseweg?",
            scale_min=1,
            scale_max=5,
            min_label="Zeer onveilig",
            max_label="Zeer veilig",
        ),
        QuestionInput("text", "Heeft u nog tips of zorgen over de route?"),
    ],
)

PARKING = ConsultationInput(
    title="Parkeerbeleid binnenstad 2026",
    summary="Hoe verdelen we de schaarse parkeerruimte in de binnenstad eerlijk?",
    body=(
        "De binnenstad heeft meer auto's dan parkeerplaatsen. We denken na over vergunningen, tarieven en "
        "deelauto's. Deze raadpleging opent binnenkort."
    ),
    questions=[
        QuestionInput("single_choice", "Heeft u een parkeervergunning?", True, ["Ja", "Nee", "Op de wachtlijst"]),
        QuestionInput("scale", "Hoe makkelijk vindt u nu een parkeerplek?", scale_min=1, scale_max=5),
        QuestionInput(
            "statements",
            "Stellingen over parkeren",
            statements=["Bewoners moeten voorrang krijgen boven bezoekers.", "Deelauto's verdienen eigen plekken."],
        ),
        QuestionInput("text", "Wat is voor u het belangrijkste?"),
    ],
)

PARK_TEXTS = [
    "Een openbaar toilet, zeker voor ouderen en gezinnen met kleine kinderen.",
    "Meer bankjes in de schaduw. Nu zit je 's zomers in de volle zon.",
    "Een plek waar tieners kunnen zitten zonder dat iemand klaagt.",
    "Betere verlichting op het pad langs de vijver, 's avonds voelt het onveilig.",
    "Een **watertappunt** voor mensen en honden.",
    "Minder fietsers op de wandelpaden, misschien een apart fietspad?",
    "Een natuurlijke speelplek met boomstammen en water.",
    "",
]
ENERGY_TEXTS = [
    "Duidelijkheid over wat het mij per maand kost, vóórdat ik moet kiezen.",
    "Een subsidie of lening met lage rente voor de isolatie.",
    "Eén aanspreekpunt bij de gemeente in plaats van vijf loketten.",
    "Mijn verhuurder moet meedoen, daar heb ik zelf geen invloed op.",
    "Een voorbeeldwoning in de wijk waar ik kan zien hoe een warmtepomp klinkt.",
    "",
]
CYCLING_TEXTS = [
    "Let op de oversteek bij de school, daar gaat het nu al vaak bijna mis.",
    "Tracé C kost te veel bomen in het park.",
    "Graag goede verlichting en geen paaltjes midden op het fietspad.",
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
        summary="Het Julianapark krijgt meer bomen, een openbaar toilet en verlichting langs de vijver.",
        body=(
            "Dank aan iedereen die meedacht. Uit de antwoorden bleek dat **rust en groen** het belangrijkst zijn, "
            "en dat veel mensen zich 's avonds onveilig voelen bij de vijver.\n\n"
            "Het college heeft daarom besloten:\n\n"
            "1. 40 nieuwe bomen en een bloemrijke border langs de oostkant;\n"
            "2. een openbaar toilet bij de speeltuin;\n"
            "3. zuinige ledverlichting op het vijverpad, die dimt na middernacht.\n\n"
            "Een horecapaviljoen komt er niet: daarover waren de meningen sterk verdeeld."
        ),
        outcomes={
            by_id["Wat mist u in het park?"]: "Het toilet en de verlichting komen er; een watertappunt onderzoeken we.",
            by_id["Wat vindt u van deze stellingen?"]: "De stelling over een paviljoen verdeelde de groepen het meest.",
        },
        by=official,
        now=now - 14 * day,
        link=link_to("consultations:detail", id=park.id),
    )

    energy = await authoring.create_consultation(
        data=replace(ENERGY, closes_at=now + 18 * day), by=official, now=now - 12 * day
    )
    await authoring.open_consultation(energy.id, by=official, now=now - 10 * day)
    await _respond(energy, people, ENERGY_TEXTS, at=now - 9 * day, seed=SEED + 3)
    await _vote(energy, people, lambda i: i % 3, at=now - 8 * day, seed=SEED + 4)
    statement_question = next(q for q in energy.questions if q.kind == "statements").id
    for person, text in zip(
        people[:2],
        ["Bewoners die al een warmtepomp hebben, moeten niet op het warmtenet hoeven.", "Begin met de flats."],
        strict=True,
    ):
        await statements.propose_statement(statement_question, text=text, by=person, now=now - 3 * day)

    cycling = await authoring.create_consultation(data=CYCLING, by=official, now=now - 40 * day)
    await authoring.open_consultation(cycling.id, by=official, now=now - 35 * day)
    await _respond(cycling, people, CYCLING_TEXTS, at=now - 34 * day, seed=SEED + 5)
    await authoring.close_consultation(cycling.id, by=official, now=now - 7 * day)

    parking = replace(PARKING, opens_at=now + 7 * day, closes_at=now + 35 * day)
    draft = await authoring.create_consultation(data=parking, by=official, now=now - 2 * day)

    for view in (park, energy):
        await opinion_groups.compute(next(q for q in view.questions if q.kind == "statements").id, now=now)
    return {"decided": park.id, "open": energy.id, "closed": cycling.id, "draft": draft.id}
