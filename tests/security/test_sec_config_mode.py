"""config.toml is readable by you alone, as the database is (found by a security tester: one
written by hand with mode 644 stayed 644, though it holds the mail accounts): a file readable by
others is made yours alone each time it is read, by any command."""

from __future__ import annotations

import os
import stat

import pytest

from tests.helpers import afterview

pytestmark = pytest.mark.skipif(not hasattr(os, "getuid"), reason="no POSIX permissions on this system")


@pytest.mark.parametrize("mode, left", [(0o644, 0o600), (0o640, 0o600), (0o666, 0o600), (0o755, 0o700),
                                        (0o600, 0o600), (0o400, 0o400)])
def test_a_config_file_readable_by_others_is_made_yours_alone_when_read(afterview_home, tmp_path, mode, left):
    config = afterview_home / "config.toml"
    config.write_text('timezone = "Europe/Berlin"\n')
    os.chmod(config, mode)
    done = afterview("config")
    assert done.code == 0, done.err
    assert stat.S_IMODE(config.stat().st_mode) == left


def test_a_config_file_that_is_refused_is_made_yours_alone_too(afterview_home, tmp_path):
    config = afterview_home / "config.toml"
    config.write_text("[accounts.home]\nemail = \n")  # not TOML: refused in one line, still private
    os.chmod(config, 0o644)
    done = afterview("config")
    assert done.code != 0
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
