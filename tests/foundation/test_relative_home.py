"""A relative AFTERVIEW_HOME (found by a scripts tester): `config --json` said
"sqlite:///relhome/afterview.db", and a cron job started in another folder silently got a new,
empty database. The folder is the current folder's, and `config` says it as the absolute path
it is, so a script can see where it looks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

AFTERVIEW = str(Path(sys.executable).with_name("afterview"))


def test_a_relative_home_is_said_as_its_absolute_folder(tmp_path):
    env = {**os.environ, "AFTERVIEW_HOME": "relhome"}
    env.pop("AFTERVIEW_DB", None)
    done = subprocess.run([AFTERVIEW, "config", "--json"], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout)
    home = tmp_path.resolve() / "relhome"
    assert said["database"] == f"sqlite:///{home}/afterview.db", said
    assert said["data_folder"] == str(home) and said["config_file"] == str(home / "config.toml")
    added = subprocess.run([AFTERVIEW, "person", "add", "Dana Reyes"], cwd=tmp_path, env=env, capture_output=True,
                           text=True, timeout=60)
    assert added.returncode == 0, added.stderr
    assert (home / "afterview.db").is_file()  # where it said, the current folder's
