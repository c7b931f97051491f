"""The `xlt` command line: one small function per command, no logic.

Commands import their modules lazily so that `xlt --help` stays fast (torch is slow to import).
Exit codes: 0 success, 1 a failure while running, 2 bad input (InputError, one line on stderr).
"""

from __future__ import annotations

import json
import sys
from functools import wraps

import typer

from xlt.errors import InputError

app = typer.Typer(help="xlt: cross-lingual transfer lab for multilingual SFT.", no_args_is_help=True, add_completion=False)


def _print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False) + "\n")


def handles_input_errors(fn):
    """Turn InputError into one line on stderr and exit code 2."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            sys.stderr.write(f"error: {exc}\n")
            raise typer.Exit(2) from None

    return wrapper


@app.command()
@handles_input_errors
def languages(
    codes: list[str] = typer.Argument(None, help="Codes to show (default: every language in the registry)."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
):
    """List the language registry: code, ISO 639-3, name, script, family, resource level."""
    from dataclasses import asdict

    from xlt import languages as langs

    try:
        entries = [langs.get(c) for c in (codes or langs.all_codes())]
    except langs.UnknownLanguage as exc:
        raise InputError(str(exc), key="codes") from None
    if json_out:
        _print_json([asdict(e) for e in entries])
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("code", "iso639-3", "name", "script", "family", "resource")
    for e in entries:
        table.add_row(e.code, e.alpha3, e.name, e.script or "", e.family or "", e.resource or "")
    Console().print(table)
