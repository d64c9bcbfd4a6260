"""The `samenspraak` command."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from tortoise import Tortoise

from participation import db
from participation.accounts import services as accounts
from participation.errors import Invalid
from participation.worker import Worker
from server import access_log
from server.app import AREAS, configure_areas, create_app, http_client
from server.settings import Settings, load_settings


async def _with_db(settings: Settings, work: Callable[[], Awaitable[int]]) -> int:
    await Tortoise.init(config=db.tortoise_config(settings.database_url))
    try:
        return await work()
    finally:
        await Tortoise.close_connections()


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    asyncio.run(db.migrate(settings.database_url))
    print("Migrations applied.")
    return 0


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    asyncio.run(db.migrate(settings.database_url))
    app = create_app(settings, run_monitor=not args.no_monitor, freeze_at_start=True)
    uvicorn.run(
        app, host=args.host, port=args.port, proxy_headers=False, log_level="info", log_config=access_log.log_config()
    )
    return 0


def cmd_seed_demo(settings: Settings, args: argparse.Namespace) -> int:
    from participation import demo

    router = create_app(settings).router

    def link_to(name: str, **params: object) -> str:
        return settings.base_url + str(router.url_path_for(name, **params))

    async def work() -> int:
        try:
            logins = await demo.seed(now=datetime.now(UTC), link_to=link_to)
        except demo.NotEmpty as exc:
            print(str(exc), file=sys.stderr)
            return 1
        except demo.AlreadySeeded as exc:
            print(str(exc))
            logins = demo.LOGINS
        print("Demo accounts (e-mail / password / roles):")
        for login in logins:
            print(f"  {login.email:32} {login.password:20} {', '.join(login.roles) or 'citizen'}")
        return 0

    asyncio.run(db.migrate(settings.database_url))
    return asyncio.run(_with_db(settings, work))


def cmd_create_user(settings: Settings, args: argparse.Namespace) -> int:
    async def work() -> int:
        try:
            user = await accounts.create_user(
                email=args.email,
                password=args.password,
                display_name=args.name,
                roles=args.role or [],
                now=datetime.now(UTC),
            )
        except Invalid as exc:
            for field, message in exc.fields.items():
                print(f"{field}: {message}", file=sys.stderr)
            return 2
        print(f"Created account {user.id} <{user.email}> with roles: {', '.join(user.roles) or 'citizen'}")
        return 0

    asyncio.run(db.migrate(settings.database_url))
    return asyncio.run(_with_db(settings, work))


def cmd_token(settings: Settings, args: argparse.Namespace) -> int:
    async def work() -> int:
        user = await accounts.get_user_by_email(args.email)
        if user is None:
            print(f"No account with e-mail {args.email}", file=sys.stderr)
            return 2
        _token, secret = await accounts.create_token(user, name="command line")
        print(secret)
        return 0

    asyncio.run(db.migrate(settings.database_url))
    return asyncio.run(_with_db(settings, work))


def cmd_monitor(settings: Settings, args: argparse.Namespace) -> int:
    configure_areas(settings)

    async def work() -> int:
        async with http_client() as http:
            worker = Worker.from_settings(settings, http=http)
            if args.once:
                results = await worker.run_once()
                print(", ".join(f"{k}: {v}" for k, v in results.items()) or "nothing due")
            else:
                await worker.run_forever()
        return 0

    asyncio.run(db.migrate(settings.database_url))
    return asyncio.run(_with_db(settings, work))


def cmd_area(settings: Settings, args: argparse.Namespace) -> int:
    asyncio.run(db.migrate(settings.database_url))
    return asyncio.run(_with_db(settings, lambda: args.command_of_area.run(args)))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="samenspraak", description="Citizen participation and co-creation platform")
    sub = p.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="apply migrations and start the web server (and the monitor)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--no-monitor", action="store_true", help="do not run the monitor in this process")
    serve.set_defaults(run=cmd_serve)
    sub.add_parser("migrate", help="apply pending migrations").set_defaults(run=cmd_migrate)
    sub.add_parser("seed-demo", help="fill an empty database with a demo").set_defaults(run=cmd_seed_demo)
    create = sub.add_parser("create-user", help="make an account")
    create.add_argument("email")
    create.add_argument("--password", required=True)
    create.add_argument("--name")
    create.add_argument("--role", action="append", choices=["official", "moderator", "admin"])
    create.set_defaults(run=cmd_create_user)
    token = sub.add_parser("token", help="print a new personal API token for an account")
    token.add_argument("email")
    token.set_defaults(run=cmd_token)
    monitor = sub.add_parser("monitor", help="run the monitor and the delivery of mail and replies")
    monitor.add_argument("--once", action="store_true", help="one round, then exit")
    monitor.set_defaults(run=cmd_monitor)
    for area in AREAS:
        # An area without subcommands need not declare `commands`.
        for command in getattr(area, "commands", []):
            added = sub.add_parser(command.name, help=command.help)
            command.arguments(added)
            added.set_defaults(run=cmd_area, command_of_area=command)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Tortoise announces every start and shutdown at INFO: noise between the demo logins and the server's lines.
    logging.getLogger("tortoise").setLevel(logging.WARNING)
    try:
        return args.run(load_settings(), args)
    except db.UnsupportedDatabase as exc:
        print(f"samenspraak: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
