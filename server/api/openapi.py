"""The OpenAPI 3 document, generated from the mounted API routes and their operation records."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Mount, Route

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        }
    },
}

STATUS_TEXT = {
    200: "OK",
    201: "Created",
    204: "No content",
    400: "Malformed request",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    409: "State conflict",
    413: "Too large",
    422: "Invalid input",
    429: "Too many requests",
}


def _walk(routes: list[BaseRoute], prefix: str = ""):
    for route in routes:
        if isinstance(route, Mount):
            yield from _walk(route.routes, prefix + route.path)
        elif isinstance(route, Route):
            yield prefix + route.path, route


def _schema_ref(model: type[BaseModel], components: dict[str, Any]) -> dict[str, str]:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in schema.pop("$defs", {}).items():
        components[name] = definition
    components[model.__name__] = schema
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """The fields of a query schema as OpenAPI parameters. A parameter left out is absent, not null: `None` is
    dropped from the choices (the schema's `anyOf` of a `T | None` field)."""
    schema = model.model_json_schema()
    parameters = []
    for name, field_schema in schema.get("properties", {}).items():
        field_schema = {key: value for key, value in field_schema.items() if key != "title"}
        description = field_schema.pop("description", None)
        choices = [choice for choice in field_schema.pop("anyOf", []) if choice != {"type": "null"}]
        if len(choices) == 1:
            field_schema |= choices[0]
        elif choices:
            field_schema["anyOf"] = choices
        if field_schema.get("default", 0) is None:
            del field_schema["default"]
        parameter = {
            "name": name,
            "in": "query",
            "required": name in schema.get("required", []),
            "schema": field_schema,
        }
        if description:
            parameter["description"] = description
        parameters.append(parameter)
    return parameters


def _operation_id(method: str, route: Route) -> str:
    area = route.endpoint.__module__.rsplit(".", 1)[-1]
    return f"{method.lower()}_{area}_{route.endpoint.__name__}"


def build(routes: list[BaseRoute], *, title: str, version: str) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    components: dict[str, Any] = {"Error": ERROR_SCHEMA}
    for path, route in _walk(routes):
        op = getattr(route.endpoint, "operation", None)
        if op is None:
            continue
        path = re.sub(r"\{(\w+):\w+\}", r"{\1}", path)
        parameters = [
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": {"type": "integer"} if f"{{{name}:int}}" in route.path else {"type": "string"},
            }
            for name in route.param_convertors
        ]
        if op.query is not None:
            parameters += query_parameters(op.query)
        for method in sorted(route.methods - {"HEAD"}):
            entry: dict[str, Any] = {
                "summary": op.summary,
                "operationId": _operation_id(method, route),
                "tags": op.tags,
                "responses": {},
            }
            if parameters:
                entry["parameters"] = parameters
            if op.body is not None:
                entry["requestBody"] = {
                    "required": True,
                    "content": {"application/json": {"schema": _schema_ref(op.body, components)}},
                }
            for status, model in op.responses.items():
                response: dict[str, Any] = {"description": STATUS_TEXT.get(status, "OK")}
                if isinstance(model, type) and issubclass(model, BaseModel):
                    response["content"] = {op.content_type: {"schema": _schema_ref(model, components)}}
                elif isinstance(model, str):
                    # A download: JSON of any shape, or text (CSV).
                    schema: dict[str, Any] = {} if model.endswith("json") else {"type": "string"}
                    response["content"] = {model: {"schema": schema}}
                entry["responses"][str(status)] = response
            for status in sorted({*op.errors, *((401,) if op.auth else ())}):
                entry["responses"][str(status)] = {
                    "description": STATUS_TEXT.get(status, "Error"),
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                }
            if op.auth:
                entry["security"] = [{"bearer": []}]
            paths.setdefault(path, {})[method.lower()] = entry
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version},
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


async def openapi(request: Request) -> JSONResponse:
    document = request.app.state.openapi
    if document is None:
        document = request.app.state.openapi = build(request.app.routes, title="Samenspraak API", version="1")
    return JSONResponse(document)
