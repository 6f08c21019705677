"""Command line: ``python -m app {generate,ingest,serve}``."""

from __future__ import annotations

import argparse
import os
import sys
import time

from app.settings import PROJECT_ROOT


def _generate(args: argparse.Namespace) -> int:
    from app.generate import generate

    started = time.perf_counter()
    try:
        counts = generate(args.out, scale=args.scale, seed=args.seed, progress=not args.quiet)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for stem, rows in counts.items():
        print(f"{stem:<26} {rows:>12,} rows")
    print(
        f"Generated scale {args.scale} (seed {args.seed}) into {args.out} in {time.perf_counter() - started:.1f} s; "
        "its GENERATED.json makes `ingest` publish it as synthetic"
    )
    return 0


def _missing_dataset(uri: str) -> str | None:
    """Why ``uri`` cannot be served (no dataset published there, storage unreachable), or None."""
    from app import schema
    from app.errors import AppError
    from app.settings import S3Settings
    from app.storage import open_storage

    try:
        if open_storage(uri, S3Settings.from_env(dict(os.environ))).exists(schema.CURRENT_POINTER):
            return None
    except (AppError, ValueError) as exc:
        return str(exc)
    return (
        f"no published dataset at {uri}: publish one first with "
        f"`python -m app ingest <Kaggle zip or folder> --to {uri}` "
        f"(or run `python -m app serve` without --data for the demo dataset)"
    )


def _serve(args: argparse.Namespace) -> int:
    """Run the app under gunicorn with the project's config (or Dash's dev server with --dev)."""
    from app.settings import Settings, SettingsError

    try:  # a bad variable is one clear line here, not a traceback in every worker
        Settings.from_env()
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.data:
        problem = _missing_dataset(args.data)
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 2
        os.environ["DATA_URI"] = args.data
    if args.dev:
        from app.factory import create_app

        create_app().run(host=args.host, port=args.port, debug=True)
        return 0
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        str(PROJECT_ROOT / "deploy" / "gunicorn.conf.py"),
        "--bind",
        f"{args.host}:{args.port}",
        "--chdir",
        str(PROJECT_ROOT),
    ]
    if args.workers:
        command += ["--workers", str(args.workers)]
    command.append("app.wsgi:server")
    os.execv(sys.executable, command)
    return 0  # not reached: execv replaces this process


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m app", description="Mangetamain Analytics: Food.com analytics web app."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    generate = commands.add_parser(
        "generate",
        help="write a synthetic Kaggle-format dataset (7 CSV files)",
        description="Write the seven Kaggle CSV files, calibrated on the real statistics, "
        "and GENERATED.json, from which `ingest` publishes them as synthetic.",
    )
    generate.add_argument("--scale", type=float, default=1.0, help="1.0 = real sizes (231,637 recipes); default 1.0")
    generate.add_argument("--out", required=True, help="output folder")
    generate.add_argument("--seed", type=int, default=42, help="random seed; same seed, same bytes (default 42)")
    generate.add_argument("--quiet", action="store_true", help="no progress bars")
    generate.set_defaults(handler=_generate)

    from app.ingest import add_cli

    add_cli(commands)

    serve = commands.add_parser(
        "serve",
        help="serve the web app under gunicorn",
        description="Serve the app. Without --data: DATA_URI, or the embedded demo "
        "dataset (generated into data/ on first start).",
        epilog="Stop the server with Ctrl+C (or SIGTERM): workers finish their requests.",
    )
    serve.add_argument("--data", help="published dataset (made by `ingest`): a local folder or s3://bucket/prefix")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)"
    )
    serve.add_argument("--port", type=int, default=8050, help="port to listen on (default 8050)")
    serve.add_argument("--workers", type=int, help="gunicorn workers (default from deploy/gunicorn.conf.py)")
    serve.add_argument("--dev", action="store_true", help="Dash's development server with hot reload")
    serve.set_defaults(handler=_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
