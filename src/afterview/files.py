"""Writing a file the user named (a backup, a calendar, a spreadsheet, an .eml copy, a card):
whole or not at all.

Every command that writes a file goes through `whole` (or `write_whole`), so that each answers
a bad name the same way, with one line: no name, a folder, a folder that does not exist, a name
longer than the file system allows, a full disk. What is written goes to a temporary file beside
the target, is flushed to the disk, and only then takes the target's name: a reader (a calendar
app watching the file, a backup script) never sees half a file, and a failure leaves an existing
file as it was and no temporary file behind. The file is readable by the user alone, as the
database is: it holds the same private notes.

A symbolic link is never written through: a link planted where the file goes (`out.eml` ->
`~/.ssh/authorized_keys`) would otherwise have Afterview replace the file it points to. A name
that is a link to a file, or to nothing, is refused with one line; the final rename replaces
whatever is at the name itself, never a file a link points to. Only a link to a pipe or a
device (/dev/stdout) is written to, as the pipe or device itself would be. With
`replace=False` an existing file is refused too, in one step with the rename (no moment in
which another file could take the name and be replaced).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO, Iterator


def is_folder(path: str | os.PathLike) -> bool:
    """Whether `path` names a folder; False for any name the system cannot look up."""
    return os.path.isdir(path)  # unlike Path.is_dir(), never raises (e.g. for a name too long)


@contextlib.contextmanager
def whole(path: str | os.PathLike, *, error: type[Exception] | None = None, replace: bool = True,
          exists: str = "") -> Iterator[BinaryIO]:
    """A binary stream whose content takes the name `path` once the block ends without error.

    A problem raises `error` (InvalidInput unless told) with one line naming the file; so does
    an OSError raised inside the block, which can only be a failed write. With `replace=False`
    an existing file at `path` is refused, nothing written; `exists` ends that line (how to
    replace it all the same).
    """
    if error is None:
        from afterview.errors import InvalidInput

        error = InvalidInput
    name = os.fspath(path)
    if name.strip() in ("", "."):
        raise error("no file name given: give the name of the file to write")
    if is_folder(name):
        raise error(f"{name} is a folder: give the name of a file to write")
    if _is_special(name):
        # a device or a pipe (/dev/stdout, a FIFO; through a link too): written to as it is,
        # never replaced by a file. Opened without creating or truncating: a regular file put in
        # its place meanwhile is found by what was opened, and refused before a byte is written.
        try:
            fd = os.open(name, os.O_WRONLY | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
        except OSError as err:
            raise _failed(err, error)(f"cannot write {name}: {err.strerror or err}") from None
        if stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise error(f"cannot write {name}: it changed while being opened; try again")
        try:
            with os.fdopen(fd, "wb") as out:
                yield out
        except OSError as err:
            raise _failed(err, error)(f"cannot write {name}: {err.strerror or err}") from None
        return
    if os.path.islink(name):
        raise error(f"{name} is a symbolic link: Afterview never writes through a link "
                    "(it could replace the file it points to); give the name of a file")
    if not replace and os.path.lexists(name):
        raise error(f"{name} already exists: it was not replaced{exists}")
    folder = os.path.dirname(os.path.abspath(name))
    try:
        # a short name of its own: a target name too long for the system fails at the rename
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".afterview-", suffix=".partial")
    except OSError as err:
        raise error(f"cannot write {name}: {_why(err, folder)}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())  # on the disk before it takes the name: a crash leaves the old file
        if replace:
            os.replace(temporary, name)  # replaces what is at the name: a link planted meanwhile, not its file
        else:
            _link(temporary, name)  # fails if anything has taken the name meanwhile: nothing replaced
    except FileExistsError:
        _remove(temporary)
        raise error(f"{name} already exists: it was not replaced{exists}") from None
    except OSError as err:
        _remove(temporary)
        raise _failed(err, error)(f"cannot write {name}: {_why(err, folder)}") from None
    except BaseException:
        _remove(temporary)
        raise


def _failed(err: OSError, error: type[Exception]) -> type[Exception]:
    """The error to raise for a failed write: a full disk or a failing device is not bad input."""
    if err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG):
        from afterview.errors import OutputFailed

        return OutputFailed
    return error


def write_whole(path: str | os.PathLike, data: bytes | str, *, error: type[Exception] | None = None,
                replace: bool = True, exists: str = "") -> Path:
    """Write `data` (text as UTF-8) to `path` through `whole`; returns the path written."""
    with whole(path, error=error, replace=replace, exists=exists) as out:
        out.write(data.encode("utf-8") if isinstance(data, str) else data)
    return Path(path)


def _link(temporary: str, name: str) -> None:
    """Give the written file the name `name` unless something has it (FileExistsError)."""
    try:
        os.link(temporary, name)
    except FileExistsError:
        raise
    except OSError as err:
        # a file system without hard links: checked, then renamed (a narrow window, never a link followed)
        if err.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK):
            raise
        if os.path.lexists(name):
            raise FileExistsError(errno.EEXIST, "File exists", name) from None
        os.replace(temporary, name)
        return
    _remove(temporary)


def _is_special(name: str) -> bool:
    try:
        return not stat.S_ISREG(os.stat(name).st_mode)
    except OSError:  # no such file yet, or a name the system refuses (reported at the rename)
        return False


def _remove(temporary: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temporary)


def _why(err: OSError, folder: str) -> str:
    if isinstance(err, FileNotFoundError) and not is_folder(folder):
        return f"there is no folder {folder}"
    return err.strerror or str(err)


def folder_problem(folder: str | os.PathLike, *, write: bool = True) -> tuple[str, str]:
    """Why files cannot be kept in `folder` (made when missing): ("", "") when they can, else a
    kind ("not a folder", "read-only", "permission", "other") and a clause saying why, of the
    folder ("it is on a read-only disk") or of the one above it that stops it being made
    ("/media/usb is on a read-only disk"). `write`: written in, else only looked into.

    Asked before anything is made, so that a folder that cannot be used leaves nothing half-made
    behind (a folder made above it, an empty database)."""
    target = os.path.abspath(os.fspath(folder))
    probe = target
    while True:
        try:
            found = os.stat(probe)
            break
        except FileNotFoundError:
            parent = os.path.dirname(probe)
            if parent == probe:
                return "other", f"{probe} does not exist"
            probe = parent
        except NotADirectoryError:
            return "not a folder", f"{_file_above(probe)} is a file, not a folder"
        except PermissionError:
            return "permission", f"you may not look into {_closed_above(probe)} (permission denied)"
        except OSError as err:
            return "other", f"{probe}: {err.strerror or err}"
    subject = "it" if probe == target else probe
    if not stat.S_ISDIR(found.st_mode):
        return "not a folder", f"{subject} is {'a file' if stat.S_ISREG(found.st_mode) else 'no folder'}, not a folder"
    if probe != target or write:
        try:
            read_only = bool(os.statvfs(probe).f_flag & os.ST_RDONLY)
        except (OSError, AttributeError):
            read_only = False
        if read_only:
            return "read-only", f"{subject} is on a read-only disk"
    need = os.W_OK | os.X_OK if probe != target or write else os.X_OK
    if not os.access(probe, need):
        doing = "write in" if need & os.W_OK else "look into"
        return "permission", f"you may not {doing} {subject} (permission denied: {_owner(found)})"
    return "", ""


def _file_above(path: str) -> str:
    """The first name on the way to `path` that is a file (or anything but a folder)."""
    walked = os.path.sep
    for part in path.split(os.path.sep):
        walked = os.path.join(walked, part)
        if os.path.lexists(walked) and not os.path.isdir(walked):
            return walked
    return path


def _closed_above(path: str) -> str:
    """The first folder on the way to `path` that may not be looked into."""
    walked = os.path.sep
    for part in path.split(os.path.sep):
        if not part:
            continue
        if not os.access(walked, os.X_OK):
            return walked
        walked = os.path.join(walked, part)
    return os.path.dirname(path)


def _owner(found: os.stat_result) -> str:
    try:
        import pwd

        owner = pwd.getpwuid(found.st_uid).pw_name
    except (ImportError, KeyError):
        owner = f"user {found.st_uid}"
    return f"it belongs to {owner}, mode {stat.S_IMODE(found.st_mode):04o}"
