"""A database that cannot be written can still be read (found by a data tester: on a full disk
or a read-only mount even `today`, `export` to another disk and `calendar export` failed with
"cannot write ..." or "the folder is missing or not writable", while docs/delivery.md says a
full disk still lets it be read). A command that only reads opens the file read-only then, with
a one-line warning; one that writes is refused in one line, as before.

The places are real: a tmpfs mounted in a mount namespace of its own (`unshare -m`, as root),
filled to the last byte or mounted again read-only; it goes away with the command."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


AT = "2026-11-25 18:00 America/Chicago"


def _in_a_place(tmp_path: Path, how: str, commands: list[list[str]]) -> list[tuple[int, str, str]]:
    """Make the demo's database in a tmpfs of its own, make that place `how` ("full": not a byte
    left; "read-only": mounted again read-only), then run each command on it: (exit status,
    stdout, stderr) of each. What `today` said before, in tmp_path/out/before.out."""
    if shutil.which("unshare") is None:
        pytest.fail("these tests need `unshare` (Debian package util-linux) to mount a real read-only or full disk")
    place = tmp_path / "place"
    place.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    db = shlex.quote(str(place / "afterview.db"))
    python = shlex.quote(sys.executable)
    make = (f"dd if=/dev/zero of={shlex.quote(str(place / 'filler'))} bs=4k 2>/dev/null || true" if how == "full"
            else f"mount -o remount,ro {shlex.quote(str(place))}")
    files = {n: {kind: shlex.quote(str(out / f"{n}.{kind}")) for kind in ("out", "err", "rc")}
             for n in range(len(commands))}
    script = "\n".join([
        "set -e", f"mount -t tmpfs -o size=1m tmpfs {shlex.quote(str(place))}",
        f"{python} -m afterview --db {db} demo > /dev/null",
        # closed by a command that reads: no -wal or -shm file left, as after every command
        f"{python} -m afterview --db {db} today > {shlex.quote(str(out / 'before.out'))}", f"test ! -e {db}-wal",
        make, "set +e"]) + "\n" + "\n".join(
        f"{python} -m afterview --db {db} {shlex.join(command)} > {files[n]['out']} 2> {files[n]['err']}; "
        f"echo $? > {files[n]['rc']}" for n, command in enumerate(commands))
    done = subprocess.run(["unshare", "-m", "sh", "-c", script], env=dict(os.environ, AFTERVIEW_AT=AT),
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        pytest.fail(f"these tests need root and `unshare -m` to mount a tmpfs: {done.stderr.strip()}")
    return [(int((out / f"{n}.rc").read_text()), (out / f"{n}.out").read_text(), (out / f"{n}.err").read_text())
            for n in range(len(commands))]


@pytest.mark.parametrize("how, why", [
    ("full", "the disk reported an error: full, removed or failing"),
    ("read-only", "its folder is not writable"),
])
def test_commands_that_only_read_still_read_a_database_that_cannot_be_written(how, why, tmp_path):
    backup, calendar = tmp_path / "backup.json", tmp_path / "cal.ics"
    results = _in_a_place(tmp_path, how, [
        ["today"], ["export", str(backup)], ["calendar", "export", "-o", str(calendar)], ["drafts"],
        ["approve", "1"],
    ])
    warning = (f"afterview: warning: {tmp_path / 'place' / 'afterview.db'} cannot be written ({why}): it was opened "
               "read-only, which is enough for this command")
    (today, exported, calendared, drafts, approved) = results
    for code, out, err in (today, exported, drafts):
        assert code == 0 and err.splitlines()[0] == warning, (code, out, err)
    assert len(today[2].splitlines()) == len(drafts[2].splitlines()) == 1
    assert exported[2].splitlines()[1:] == [f"exported to {backup}"]
    assert today[1] == (tmp_path / "out" / "before.out").read_text()  # what it said while it could be written
    assert json.loads(backup.read_text())["format"] == "afterview-export"  # to another disk: a whole backup
    assert calendared[0] == 0 and calendar.read_text().startswith("BEGIN:VCALENDAR")
    assert calendared[2].splitlines()[0] == warning  # then what it could not record, as before
    # a command that writes is refused in one line, as ever
    assert approved[0] == 2 and len(approved[2].splitlines()) == 1 and "Traceback" not in approved[2]
    assert approved[2].startswith("afterview: error: cannot ")
