"""A running desk keeps the version it started with (docs/web.md). It imported modules on first
use, so files changed under a running desk (an upgrade, a pull) mixed two versions in one
process: a tester's Capture crashed with "'Company' object has no attribute 'former_names'"
(the old model loaded at the start, the new pipeline later). The desk now loads all its code as it
starts: here every module it was started from is replaced once it runs, and every page still works.
(The composer's built-in note templates are files it reads when it drafts, as your own are.)"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx

import afterview
from tests.web.test_serve import _login_url, _wait_ready

AT = "2026-11-26 10:00 America/New_York"


def test_a_desk_whose_code_is_replaced_while_it_runs_serves_every_page(tmp_path):
    code = tmp_path / "code"
    shutil.copytree(Path(afterview.__file__).parent, code / "afterview",
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "AFTERVIEW_HOME": str(tmp_path / "home"), "PYTHONUNBUFFERED": "1",
           "PYTHONPATH": str(code), "PYTHONDONTWRITEBYTECODE": "1"}
    db = tmp_path / "desk.db"
    subprocess.run([sys.executable, "-m", "afterview", "--db", str(db), "--at", AT, "demo", "--no-agenda"],
                   env=env, check=True, capture_output=True)
    process = subprocess.Popen([sys.executable, "-m", "afterview", "--db", str(db), "--at", AT, "serve",
                                "--no-browser", "--port", "0"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        url = _login_url(process)
        base = url.split("/login")[0]
        _wait_ready(base)
        for module in code.rglob("*.py"):  # an upgrade under it: every module of another version, here one
            module.write_text("raise ImportError('a module of another version')\n")  # that cannot be used
        with httpx.Client(timeout=30) as browser:
            first = browser.get(url, follow_redirects=True)
            assert first.status_code == 200 and "Thank-you note to Priya Raman" in first.text
            pages = ["/pipeline", "/people", "/people/1", "/opportunities/1", "/drafts", "/news", "/insights",
                     "/capture", "/settings", "/imports", "/opportunities/3/rejection"]
            for path in pages:
                answer = browser.get(base + path)
                assert answer.status_code == 200, (path, answer.status_code, answer.text[-400:])
                assert "Something went wrong" not in answer.text, path
            # a form that drafts (the composer and the reviewer, loaded on first use before) and plans again
            today = browser.get(base + "/").text
            token = re.search(r'name="csrf" value="([^"]+)"', today)
            assert token, "no form on Today"
            drafted = browser.post(base + "/actions/draft", data={"csrf": token.group(1), "key": "thank_you:i1:p1"},
                                   follow_redirects=False)
            assert drafted.status_code == 303, drafted.text[-400:]
            editor = browser.get(base + drafted.headers["location"])
            assert editor.status_code == 200 and "Something went wrong" not in editor.text, editor.text[-400:]
            assert "Thank you - Senior Data Engineer interview" in editor.text  # the draft, reviewed
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert "another version" not in process.stderr.read()
