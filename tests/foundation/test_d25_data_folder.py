"""A data folder that cannot be used (found by a tester): AFTERVIEW_HOME on a read-only disk gave
"cannot create .../afterview.db: Read-only file system", one you may not look into
"config.toml: cannot read: Permission denied", a file "config.toml: cannot read: Not a
directory". Each is one line naming the folder, why and what to do, and nothing is made.

The places are real: a tmpfs mounted read-only in a mount namespace of its own (`unshare -m`,
as root), a folder of root's used as the user nobody (`setpriv`), a file."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import afterview as afterview_package
from tests.helpers import afterview, assert_clean_error

ROOT = Path(__file__).resolve().parents[2]
WRITE = "set AFTERVIEW_HOME to a folder you can write"


def _env(home: str | Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("AFTERVIEW_DB", "AFTERVIEW_AT")}
    source = Path(afterview_package.__file__).resolve().parents[1]  # the Afterview this test runs
    env.update(AFTERVIEW_HOME=str(home), PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(source))
    return env


def test_a_file_for_a_folder_is_said_and_left_as_it_is(tmp_path, monkeypatch):
    notes = tmp_path / "notes.txt"
    notes.write_text("mine")
    for home, why in ((notes, "it is a file, not a folder"), (notes / "afterview", f"{notes} is a file, not a folder")):
        monkeypatch.setenv("AFTERVIEW_HOME", str(home))
        for args in (("company", "add", "Acme"), ("today",)):
            assert_clean_error(afterview(*args), f"Afterview cannot read its settings in the folder {home} "
                                                 f"(AFTERVIEW_HOME): {why}; set AFTERVIEW_HOME to a folder (one "
                                                 "that does not exist yet is made)")
    assert notes.read_text() == "mine" and sorted(p.name for p in tmp_path.iterdir()) == ["afterview-home",
                                                                                          "notes.txt"]


def _read_only_runs(tmp_path: Path, homes: list[str], commands: list[str]) -> list[tuple[int, str, str]]:
    """Each command (a shell word list) run with each AFTERVIEW_HOME (relative to a tmpfs mounted
    read-only) as (exit status, stdout, stderr); then what the place holds, in tmp_path/out/ls."""
    if shutil.which("unshare") is None:
        pytest.fail("these tests need `unshare` (Debian package util-linux) to mount a real read-only disk")
    place, out = tmp_path / "place", tmp_path / "out"
    place.mkdir()
    out.mkdir()
    q = shlex.quote
    runs = []
    for n, (home, command) in enumerate((h, c) for h in homes for c in commands):
        runs.append(f"AFTERVIEW_HOME={q(str(place / home))} {q(sys.executable)} -m afterview {command} "
                    f"> {q(str(out / f'{n}.out'))} 2> {q(str(out / f'{n}.err'))}; echo $? > {q(str(out / f'{n}.rc'))}")
    script = "\n".join(["set -e", f"mount -t tmpfs -o size=1m tmpfs {q(str(place))}", f"mkdir {q(str(place / 'home'))}",
                        f"mount -o remount,ro {q(str(place))}", "set +e", *runs,
                        f"find {q(str(place))} > {q(str(out / 'ls'))}"])
    done = subprocess.run(["unshare", "-m", "sh", "-c", script], env=_env(place), capture_output=True, text=True,
                          timeout=300)
    if done.returncode != 0:
        pytest.fail(f"these tests need root and `unshare -m` to mount a tmpfs: {done.stderr.strip()}")
    return [(int((out / f"{n}.rc").read_text()), (out / f"{n}.out").read_text(), (out / f"{n}.err").read_text())
            for n in range(len(runs))]


def test_a_read_only_disk_is_said_and_nothing_is_made(tmp_path):
    place = tmp_path / "place"
    results = _read_only_runs(tmp_path, ["home", "new/afterview"], ["company add Acme", "today"])
    for (code, out, err), home, why in zip(results, ["home", "home", "new/afterview", "new/afterview"],
                                           ["it is", "it is", f"{place} is", f"{place} is"]):
        assert code == 2 and out == "", (code, out, err)
        assert err == (f"afterview: error: Afterview cannot keep its database in the folder {place / home} "
                       f"(AFTERVIEW_HOME): {why} on a read-only disk; mount that disk writable, or {WRITE}\n")
    assert (tmp_path / "out" / "ls").read_text().split() == [str(place), str(place / "home")]


@pytest.fixture
def shared():
    """A folder of root's (mode 755) outside pytest's own (which only root may look into)."""
    if os.getuid() != 0 or shutil.which("setpriv") is None:
        pytest.fail("this test needs root and `setpriv` (Debian package util-linux) to run as another user")
    folder = Path(tempfile.mkdtemp(prefix="afterview-d25-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def _as_nobody(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-m",
                           "afterview", *args], env=_env(home), capture_output=True, text=True, timeout=120)


def test_a_folder_you_may_not_write_in_is_said_and_nothing_is_made(shared):
    (shared / "closed").mkdir(mode=0o700)
    cases = [
        (shared, "keep its database", f"you may not write in it (permission denied: it belongs to root, mode 0755); "
                                      f"give yourself the right to write there (chmod u+w) or run Afterview as its "
                                      f"owner, or {WRITE}"),
        (shared / "new" / "afterview", "keep its database",
         f"you may not write in {shared} (permission denied: it belongs to root, mode 0755)"),
        (shared / "closed", "read its settings", "you may not look into it (permission denied: it belongs to root, "
                                                 "mode 0700); give yourself the right to look into it (chmod u+x)"),
    ]
    for home, doing, why in cases:
        for args in (("company", "add", "Acme"), ("today",)):
            done = _as_nobody(home, *args)
            assert done.returncode == 2 and done.stdout == "", (done.returncode, done.stdout, done.stderr)
            assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
            assert done.stderr.startswith(f"afterview: error: Afterview cannot {doing} in the folder {home} "
                                          f"(AFTERVIEW_HOME): {why}"), done.stderr
    assert sorted(p.name for p in shared.iterdir()) == ["closed"] and not any((shared / "closed").iterdir())


def test_the_messages_are_documented():
    doc = (ROOT / "docs" / "configuration.md").read_text("utf-8")
    assert "Afterview cannot keep its database in the folder /media/usb/afterview (AFTERVIEW_HOME): it is on a " \
           f"read-only disk; mount that disk writable, or {WRITE}" in doc
