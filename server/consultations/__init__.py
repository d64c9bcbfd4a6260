"""Consultations over HTTP: the participants' pages, the officials' pages, results and open data, the JSON API."""

from __future__ import annotations

from starlette.routing import Mount, Route

from participation.i18n import lazy
from server.consultations import api, commands, official, participant, results
from server.web import Command, NavLink, Section

navigation = [NavLink("consultations:index", lazy("Consultations"), prefix="/consultations")]
home_sections = [Section("consultations/_home.html", participant.home_section)]
commands = [
    Command(
        "import-polis",
        "import a Pol.is open-data export folder as a closed consultation",
        commands.import_polis_arguments,
        commands.import_polis,
    )
]
account_sections = [Section("consultations/_account.html", participant.account_section)]

routes = [
    # The list itself is `/consultations`, without the trailing slash a Mount's "/" route would need.
    Route("/consultations", participant.index, name="consultations:index"),
    Mount(
        "/consultations",
        name="consultations",
        routes=[
            Route("/new", official.new, methods=["GET", "POST"], name="new"),
            Route("/{id:int}", participant.detail, name="detail"),
            Route("/{id:int}/response", participant.answer, methods=["POST"], name="answer"),
            Route("/{id:int}/statements/{statement:int}/vote", participant.vote, methods=["POST"], name="vote"),
            Route(
                "/{id:int}/statements/{statement:int}/report",
                participant.report,
                methods=["POST"],
                name="report",
            ),
            Route(
                "/{id:int}/questions/{question:int}/statements", participant.propose, methods=["POST"], name="propose"
            ),
            Route("/{id:int}/edit", official.edit, methods=["GET", "POST"], name="edit"),
            Route("/{id:int}/questions", official.add_question, methods=["POST"], name="add_question"),
            Route(
                "/{id:int}/questions/{question:int}/edit",
                official.update_question,
                methods=["POST"],
                name="update_question",
            ),
            Route(
                "/{id:int}/questions/{question:int}/remove",
                official.remove_question,
                methods=["GET", "POST"],
                name="remove_question",
            ),
            Route(
                "/{id:int}/questions/{question:int}/move",
                official.move_question,
                methods=["POST"],
                name="move_question",
            ),
            Route("/{id:int}/preview", official.preview, name="preview"),
            Route("/{id:int}/open", official.open_now, methods=["GET", "POST"], name="open"),
            Route("/{id:int}/close", official.close_now, methods=["GET", "POST"], name="close"),
            Route("/{id:int}/decision", official.decision, methods=["GET", "POST"], name="decision"),
            Route(
                "/{id:int}/decision/correct",
                official.correct_decision,
                methods=["GET", "POST"],
                name="correct_decision",
            ),
            Route("/{id:int}/export/responses.{format:str}", official.responses_export, name="export_responses"),
            Route("/{id:int}/results", results.results_page, name="results"),
            Route("/{id:int}/results/questions/{question:int}/answers", results.answers_page, name="answers"),
            Route("/{id:int}/export/results.{format:str}", results.open_data, name="open_data"),
        ],
    ),
]

api_routes = [
    Route("/consultations", api.list_consultations, methods=["GET"]),
    Route("/consultations", api.create_consultation, methods=["POST"]),
    Route("/consultations/{id:int}", api.get_consultation, methods=["GET"]),
    Route("/consultations/{id:int}", api.replace_draft, methods=["PUT"]),
    Route("/consultations/{id:int}/open", api.open_consultation, methods=["POST"]),
    Route("/consultations/{id:int}/close", api.close_consultation, methods=["POST"]),
    Route("/consultations/{id:int}/my-response", api.put_my_response, methods=["PUT"]),
    Route("/consultations/{id:int}/my-response", api.get_my_response, methods=["GET"]),
    Route("/consultations/{id:int}/results", api.get_results, methods=["GET"]),
    Route("/consultations/{id:int}/results.csv", api.results_csv, methods=["GET"]),
    Route("/consultations/{id:int}/results.json", api.results_json, methods=["GET"]),
    Route("/consultations/{id:int}/decision", api.publish_decision, methods=["POST"]),
    Route("/consultations/{id:int}/responses.csv", api.responses_csv, methods=["GET"]),
    Route("/consultations/{id:int}/responses.json", api.responses_json, methods=["GET"]),
    Route("/questions/{id:int}/statements", api.propose_statement, methods=["POST"]),
    Route("/questions/{id:int}/answers", api.list_answers, methods=["GET"]),
    Route("/statements/{id:int}/vote", api.vote, methods=["PUT"]),
]
