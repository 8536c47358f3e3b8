"""`afterview export` and `afterview import`: the whole database as one JSON document."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from afterview.interfaces.cli.common import Env, in_tx, pass_env, reads_only


@click.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))  # a folder: afterview.files says so
@pass_env
@reads_only
def export(env: Env, file: Path | None) -> None:
    """Export all data as one versioned JSON document (to FILE or standard output)."""
    from afterview.files import write_whole
    from afterview.services.backup import export_document

    document = in_tx(env, export_document)
    text = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if file is None or str(file) == "-":
        from afterview.interfaces.cli.main import write_document

        write_document(text)  # UTF-8, whatever the locale
        return
    write_whole(file, text)  # never a half-written backup
    click.echo(f"exported to {file}", err=True)


def _discard_new(env: Env) -> None:
    """An import that failed into a database this command created leaves no empty one behind."""
    store = env.store()
    if store.created is not None:
        store.discard_created()


def _elsewhere(store) -> str:
    """Where to import instead of a database that is not empty: a new SQLite file, or on
    PostgreSQL a new, empty schema (its URL: this one's with that search_path) or database."""
    if store.dialect != "postgresql":
        return "import into a new one (--db new.db)"
    import shlex

    import sqlalchemy as sa

    url = sa.make_url(store.where).update_query_dict({"options": "-csearch_path=new_schema"})
    role = url.username or "ROLE"
    target = shlex.quote(url.render_as_string(hide_password=True))
    return (f"import into a new, empty schema (CREATE SCHEMA new_schema AUTHORIZATION {role}; then "
            f"afterview --db {target} import ...) or a new database (docs/storage.md)")


def _document(raw: bytes, name: str):
    """The JSON document in `raw`, or ImportFailed in one line: an empty file, one that is no
    export of ours, or one of ours that is damaged (not UTF-8, or not valid JSON), with where."""
    from afterview.errors import ImportFailed

    text = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw  # a byte-order mark, as some editors write
    if not text.strip():
        said = "the file is empty" if not text else "the file holds only blank space"
        raise ImportFailed(f"{name} is not an Afterview export: {said}")
    try:
        return json.loads(text.decode("utf-8"))
    except RecursionError:
        raise ImportFailed(f"{name} is not an Afterview export (JSON nested far deeper than an export is)") from None
    except UnicodeDecodeError as err:
        if _ours(text):
            line, column = _place(text, err.start)
            raise ImportFailed(f"{name} is a damaged Afterview export: it is not UTF-8 text at line {line}, column "
                               f"{column} (byte {err.start + 1}: 0x{text[err.start]:02x}); nothing was "
                               "imported") from None
        raise ImportFailed(f"{name} is not an Afterview export (not UTF-8 text)") from None
    except json.JSONDecodeError as err:
        # JSON's reason may end in "at", the place said before it: "unterminated string starting there"
        reason = err.msg[:-3] + " there" if err.msg.endswith(" at") else err.msg
        if _ours(text):
            cut = "" if text.rstrip().endswith(b"}") else " and it ends before its last '}' (a copy cut short?)"
            raise ImportFailed(f"{name} is a damaged Afterview export: it is not valid JSON at line {err.lineno}, "
                               f"column {err.colno} ({reason.lower()}){cut}; nothing was imported") from None
        raise ImportFailed(f"{name} is not an Afterview export (not JSON: line {err.lineno}, column {err.colno}: "
                           f"{reason})") from None


def _ours(text: bytes) -> bool:
    """Whether a file that does not read as JSON looks like one of ours, damaged (most often a copy
    cut short): its keys are sorted, so its format may come late in the file or, cut short, not
    at all; its first key and shape tell it too."""
    return b'"afterview-export"' in text or text.lstrip().startswith(b'{\n  "companies": [')


def _place(text: bytes, at: int) -> tuple[int, int]:
    """The line and column (in characters) of byte `at` of `text`."""
    start = text.rfind(b"\n", 0, at) + 1
    return text.count(b"\n", 0, at) + 1, len(text[start:at].decode("utf-8", "replace")) + 1


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True))
@pass_env
def import_(env: Env, file: Path) -> None:
    """Restore an export into an empty database (all or nothing)."""
    from afterview.errors import AfterviewError, Conflict, ImportFailed
    from afterview.services.backup import import_document

    try:
        if str(file) != "-" and file.exists() and not file.is_file():  # /dev/zero, a pipe: read for ever
            raise ImportFailed(f"{file} is not an Afterview export (not a file)")
        raw = sys.stdin.buffer.read() if str(file) == "-" else file.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(f"no such file: {file}") from None
    except OSError as err:
        raise ImportFailed(f"cannot read {file}: {err.strerror}") from None
    data = _document(raw, "standard input" if str(file) == "-" else str(file))

    def restore(tx):
        from afterview.services.backup import is_empty

        if not is_empty(tx):  # where to import instead: a file, or on a server a schema of its own
            raise Conflict(f"the database is not empty: {_elsewhere(env.store())} to avoid mixing data")
        return import_document(tx, data)

    try:
        counts = in_tx(env, restore)
    except ImportFailed as err:  # a bad value in the document: say which file it is in
        _discard_new(env)
        raise ImportFailed(f"{'standard input' if str(file) == '-' else file}: {err}") from None
    except AfterviewError:
        _discard_new(env)
        raise
    from afterview.services.backup import HELD, LABELS

    summary = ", ".join(f"{n} {LABELS.get(name, name) if n == 1 else name}" for name, n in counts.items()
                        if n and name not in HELD)
    click.echo(f"imported {summary or 'an empty export'}")
    for name, words in HELD.items():
        n = counts.get(name, 0)
        if n:
            click.echo(words.format(n=n, s="" if n == 1 else "s", them="it" if n == 1 else "them",
                                    were="was" if n == 1 else "were"))
