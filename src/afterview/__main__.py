import os
import sys


def _current_folder() -> str | None:
    try:
        return os.getcwd()
    except OSError:  # a folder removed since: nothing of it can be imported anyway
        return None


# `python -m afterview` puts the current folder first on sys.path: a file or package there named
# like a module or a plugin (and any *.dist-info declaring one) would be imported in its place.
# Take it out before anything else is imported, as -P (PYTHONSAFEPATH) does; the `afterview`
# command itself never has it.
if not sys.flags.safe_path and sys.path and sys.path[0] in ("", _current_folder()):
    del sys.path[0]

from afterview.interfaces.cli.main import main  # noqa: E402

main()
