"""The `wegwijzer` command: run the assistant, train, manage the database."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from bot.settings import PROJECT_ROOT, Settings, lock_down_var, private_umask

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker


@contextmanager
def database(settings: Settings) -> Iterator[sessionmaker[Session]]:
    """A session factory on the project database, the engine closed afterwards."""
    from database import make_engine, session_factory

    engine = make_engine(settings.database_url)
    try:
        yield session_factory(engine)
    finally:
        engine.dispose()


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.runtime import process_specs
    from bot.supervisor import run
    from bot.training import latest_model

    if latest_model(settings.model_dir) is None:
        print(
            "wegwijzer: no trained model: run `make train` (or `make run`) first", file=sys.stderr
        )
        return 2
    state_file = settings.var_dir / "runtime" / "processes.json"
    if getattr(args, "scaled", False):
        from bot.topology import Topology

        topology = Topology.from_env(settings)
        stages, between = topology.stages()
        return run(stages, between, state_file=state_file)
    return run(process_specs(settings), state_file=state_file)


def cmd_shell(args: argparse.Namespace, settings: Settings) -> int:
    """A terminal chat: the action server in the background, Rasa's shell in front (with
    its calls to the action server signed: bot/rasa_server.py --shell)."""
    import os
    import subprocess

    from bot.runtime import VENV_BIN, process_specs
    from bot.training import latest_model

    model = latest_model(settings.model_dir)
    if model is None:
        print("wegwijzer: no trained model: run `make train` first", file=sys.stderr)
        return 2
    actions = next(s for s in process_specs(settings) if s.name == "actions")
    server = subprocess.Popen(
        actions.command,
        cwd=PROJECT_ROOT,
        env={**os.environ, **actions.env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        return subprocess.call(
            [str(VENV_BIN / "python"), "-m", "bot.rasa_server", "--shell"], cwd=PROJECT_ROOT
        )
    finally:
        server.terminate()
        server.wait(timeout=15)


def cmd_train(args: argparse.Namespace, settings: Settings) -> int:
    from bot.training import train

    train(settings.model_dir, force=args.force, config=args.config)
    return 0


def db_upgrade(settings: Settings) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", settings.database_url.replace("%", "%%"))
    command.upgrade(config, "head")


def load_knowledge(settings: Settings) -> int:
    """Replace the directory tables with the validated files of knowledge/data."""
    from database import transaction
    from knowledge.load import DataError, sync_database

    try:
        with database(settings) as sessions, transaction(sessions) as session:
            data = sync_database(session)
    except DataError as exc:
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        print("wegwijzer: the knowledge data has problems; nothing was loaded", file=sys.stderr)
        return 1
    print(
        f"knowledge loaded: {len(data.organisations)} organisations, "
        f"{len(data.gemeenten)} gemeenten"
    )
    return 0


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    if args.db_command == "upgrade":
        db_upgrade(settings)
        print(f"database schema up to date ({_safe_url(settings.database_url)})")
        return 0 if args.no_data else load_knowledge(settings)
    return 2


def cmd_token(args: argparse.Namespace, settings: Settings) -> int:
    from accounts.tokens import TokenError, create_token, list_tokens, revoke_token
    from database import transaction

    try:
        with database(settings) as sessions, transaction(sessions) as session:
            if args.token_command == "create":
                token = create_token(
                    session,
                    args.name,
                    scopes=args.scope,
                    location_id=args.location,
                    owner=args.owner,
                    days=args.days,
                )
                print(token)
                print(f"token {args.name!r} created: it is shown only this once", file=sys.stderr)
            elif args.token_command == "revoke":
                revoke_token(session, args.name)
                print(f"token {args.name!r} revoked")
            else:
                for row in list_tokens(session):
                    state = f"revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else "active"
                    used = f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "never"
                    expires = f"{row.expires_at:%Y-%m-%d}" if row.expires_at else "never"
                    print(
                        f"{row.name}\t{state}\tscopes {row.scopes.replace(' ', ',')}\t"
                        f"location {row.ido_location_id or '-'}\towner {row.owner or '-'}\t"
                        f"created {row.created_at:%Y-%m-%d}\texpires {expires}\tlast used {used}"
                    )
    except TokenError as exc:
        print(f"wegwijzer: {exc}", file=sys.stderr)
        return 1
    return 0


def _read_password(args: argparse.Namespace) -> str:
    """From standard input (--password-stdin, for scripts) or asked twice, never argv."""
    import getpass

    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Wachtwoord (minstens 12 tekens): ")
    if getpass.getpass("Nog een keer: ") != first:
        raise ValueError("De twee wachtwoorden zijn niet gelijk")
    return first


def _location_ids(session: Session, args: argparse.Namespace) -> list[str]:
    from accounts.locations import locations_of_gemeente

    ids = list(args.location or [])
    if getattr(args, "gemeente", None):
        ids += [location.id for location in locations_of_gemeente(session, args.gemeente)]
    return ids


def cmd_user(args: argparse.Namespace, settings: Settings) -> int:
    """Staff accounts: create, list, password, locations, role, disable, enable."""
    from accounts import staff
    from accounts.errors import AccountError
    from database import transaction

    try:
        password = _read_password(args) if args.user_command in ("create", "password") else ""
        with database(settings) as sessions, transaction(sessions) as session:
            if args.user_command == "create":
                account = staff.create_account(
                    session,
                    username=args.username,
                    display_name=args.name or args.username,
                    password=password,
                    role=args.role,
                    location_ids=_location_ids(session, args),
                    by="cli",
                )
                print(f"account {account.username!r} ({account.role}) created")
            elif args.user_command == "password":
                staff.set_password(session, args.username, password)
                print(f"password of {args.username!r} changed; its sessions ended")
            elif args.user_command == "locations":
                account = staff.set_locations(session, args.username, _location_ids(session, args))
                print(f"{account.username}: {', '.join(sorted(account.location_ids))}")
            elif args.user_command == "role":
                staff.set_role(session, args.username, args.role)
                print(f"{args.username}: role {args.role}")
            elif args.user_command == "disable":
                staff.disable_account(session, args.username)
                print(f"account {args.username!r} disabled; its sessions ended")
            elif args.user_command == "enable":
                staff.enable_account(session, args.username)
                print(f"account {args.username!r} enabled")
            else:
                for account in staff.list_accounts(session):
                    state = "disabled" if account.disabled_at else "active"
                    if account.locked_until:
                        state += f", locked until {account.locked_until:%Y-%m-%d %H:%M} UTC"
                    print(
                        f"{account.username}\t{account.role}\t{state}\t"
                        f"{','.join(sorted(account.location_ids))}\t{account.display_name}"
                    )
    except (AccountError, ValueError) as exc:
        print(f"wegwijzer: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_location(args: argparse.Namespace, settings: Settings) -> int:
    """IDO locations: those in the knowledge data, and the one that owns online referrals."""
    from accounts.errors import AccountError
    from accounts.locations import directory_locations, online_locations, set_online_location
    from database import transaction

    try:
        with database(settings) as sessions, transaction(sessions) as session:
            if args.location_command == "online":
                location = set_online_location(session, args.location_id)
                print(f"referrals made online now belong to {location.id} ({location.name})")
            else:
                online = online_locations(session)
                for info in directory_locations(session):
                    mark = "\tonline" if info.id in online else ""
                    print(f"{info.id}\t{info.name}\t{info.gemeente_name or '-'}{mark}")
    except AccountError as exc:
        print(f"wegwijzer: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_purge(args: argparse.Namespace, settings: Settings) -> int:
    """Erase what is past its retention: conversation trackers and the personal data of
    closed referrals. Safe to run repeatedly and from a scheduler (cron)."""
    from bot.runtime import tracker_store_url
    from database import transaction
    from privacy.retention import purge_trackers
    from referrals.retention import purge_referrals

    trackers = purge_trackers(tracker_store_url(settings), settings.tracker_retention_days)
    print(f"conversations older than {settings.tracker_retention_days} days erased: {trackers}")
    with database(settings) as sessions, transaction(sessions) as session:
        result = purge_referrals(session, older_than_days=settings.referral_retention_days)
    print(
        f"personal data erased from {result.referrals} referrals closed more than "
        f"{settings.referral_retention_days} days ago, and from {result.messages} e-mails"
    )
    return 0


def cmd_outbox(args: argparse.Namespace, settings: Settings) -> int:
    from referrals.mail import send_pending

    with database(settings) as sessions:
        report = send_pending(sessions, settings)
    print(
        f"handover e-mails sent {report.sent}, still waiting {report.pending}, "
        f"refused {report.failed}"
    )
    return 0 if report.pending == 0 else 1


def cmd_registrations(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import date

    from registration.service import registrations_csv

    with database(settings) as sessions, sessions() as session:
        text = registrations_csv(
            session,
            date_from=date.fromisoformat(args.date_from) if args.date_from else None,
            date_to=date.fromisoformat(args.date_to) if args.date_to else None,
            ido_location_id=args.location,
        )
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    return 0


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wegwijzer", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="start Rasa, the action server and the web app")
    run.add_argument(
        "--scaled",
        action="store_true",
        help="the scaled topology: PostgreSQL, Redis, nginx, two Rasa servers and two "
        "action servers (docs/deploy.md)",
    )
    run.set_defaults(func=cmd_run)
    shell = sub.add_parser("shell", help="chat with the assistant in the terminal")
    shell.set_defaults(func=cmd_shell)
    train = sub.add_parser("train", help="train the Rasa model when data or config changed")
    train.add_argument("--force", action="store_true", help="train even when nothing changed")
    train.add_argument("--config", default="config.yml")
    train.set_defaults(func=cmd_train)
    db = sub.add_parser("db", help="database schema")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    upgrade = db_sub.add_parser("upgrade", help="apply all migrations and load knowledge/data")
    upgrade.add_argument("--no-data", action="store_true", help="only the schema")
    db.set_defaults(func=cmd_db)
    purge = sub.add_parser("purge", help="erase data past its retention (run daily)")
    purge.set_defaults(func=cmd_purge)
    outbox = sub.add_parser("send-pending", help="send handover e-mails that are still waiting")
    outbox.set_defaults(func=cmd_outbox)
    reg = sub.add_parser("registrations", help="export the anonymous question registration (CSV)")
    reg.add_argument("--from", dest="date_from", help="YYYY-MM-DD")
    reg.add_argument("--to", dest="date_to", help="YYYY-MM-DD")
    reg.add_argument("--location", help="IDO location id")
    reg.add_argument("-o", "--output", help="file (default: standard output)")
    reg.set_defaults(func=cmd_registrations)
    token = sub.add_parser("token", help="API tokens for the advice and staff APIs")
    token_sub = token.add_subparsers(dest="token_command", required=True)
    create = token_sub.add_parser("create", help="create a token (printed once)")
    create.add_argument("name")
    create.add_argument(
        "--scope",
        action="append",
        help="advice (default), referrals:read, referrals:write, personal-data, registrations;"
        " repeat for more",
    )
    create.add_argument("--location", help="IDO location id (needed for every scope but advice)")
    create.add_argument("--owner", help="the person who answers for the token (audit log)")
    create.add_argument("--days", type=int, default=365, help="valid for this many days (365)")
    token_sub.add_parser("revoke", help="revoke a token").add_argument("name")
    token_sub.add_parser("list", help="list tokens (names, scopes and state, never the tokens)")
    token.set_defaults(func=cmd_token)

    user = sub.add_parser("user", help="staff accounts for the side panel and the dashboard")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    user_create = user_sub.add_parser("create", help="create an account (asks the password)")
    user_create.add_argument("username")
    user_create.add_argument("--name", help="the person's name as shown")
    user_create.add_argument("--role", choices=["staff", "coordinator"], default="staff")
    user_password = user_sub.add_parser("password", help="set a new password")
    user_password.add_argument("username")
    user_locations = user_sub.add_parser("locations", help="replace the account's locations")
    user_locations.add_argument("username")
    for command in (user_create, user_locations):
        command.add_argument("--location", action="append", help="IDO location id; repeat")
        command.add_argument("--gemeente", help="all IDO locations of this gemeente")
    for command in (user_create, user_password):
        command.add_argument(
            "--password-stdin", action="store_true", help="read the password from stdin"
        )
    user_role = user_sub.add_parser("role", help="change the role")
    user_role.add_argument("username")
    user_role.add_argument("role", choices=["staff", "coordinator"])
    user_sub.add_parser("disable", help="disable an account").add_argument("username")
    user_sub.add_parser("enable", help="enable (and unlock) an account").add_argument("username")
    user_sub.add_parser("list", help="list accounts")
    user.set_defaults(func=cmd_user)

    location = sub.add_parser("location", help="IDO locations")
    location_sub = location.add_subparsers(dest="location_command", required=True)
    location_sub.add_parser("list", help="the IDO locations in the knowledge data")
    online = location_sub.add_parser(
        "online", help="the location that owns referrals made in the chat and on Telegram"
    )
    online.add_argument("location_id")
    location.set_defaults(func=cmd_location)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    private_umask()
    settings = Settings.from_env()
    lock_down_var(settings.var_dir)
    func: Callable[[argparse.Namespace, Settings], int] = args.func
    return func(args, settings)


if __name__ == "__main__":
    sys.exit(main())
