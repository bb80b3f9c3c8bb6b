"""Writing reports to files: whole or not at all, never over an input, with the user's modes."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path


def output_problems(outputs: Sequence[Path], inputs: Iterable[Path | str]) -> list[str]:
    """Why these outputs cannot be written: one that is an input (a profile, a checklist, a
    template), or one path named twice (a second report would silently replace the first)."""
    read = {_identity(Path(p)) for p in inputs}
    problems = []
    seen: set[tuple[int, int] | str] = set()
    for path in outputs:
        identity = _identity(path)
        if identity in read:
            problems.append(f"{path}:1:1: output is an input of this run; refusing to overwrite it")
        elif identity in seen:
            problems.append(f"{path}:1:1: output named more than once")
        seen.add(identity)
    return problems


def _identity(path: Path) -> tuple[int, int] | str:
    """The file a path names: device and inode when it exists (so links and `./x` match),
    else its resolved path."""
    try:
        info = path.stat()
    except OSError:
        # Not there, unreadable, or a symlink loop (which resolve() would raise on): named by
        # its absolute path, and its own problem said when it is read.
        return os.path.abspath(path)
    return (info.st_dev, info.st_ino)


def write_atomically(path: Path, text: str) -> None:
    """Write a report so that it is whole or absent: a temporary file beside the target, then
    a rename. A character device or FIFO (`/dev/stdout`, a pipe) is written through, never
    replaced; a symlink keeps pointing where it did (its target is replaced); a new file gets
    the umask's mode, an existing one keeps its mode."""
    if _is_stream(path):
        with open(path, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        return
    target = Path(os.path.realpath(path))
    with Staged(target) as staged:
        staged.stream.write(text)
        staged.commit()


class Staged:
    """A temporary file beside `target`, renamed onto it by `commit`, removed otherwise."""

    def __init__(self, target: Path, newline: str = "\n") -> None:
        directory = target.parent if str(target.parent) else Path(".")
        if not directory.is_dir():
            raise OSError(2, f"directory does not exist: {directory}")
        self.target = target
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
        self.temporary = Path(name)
        os.chmod(self.temporary, _mode_for(target))
        self.stream = os.fdopen(handle, "w", encoding="utf-8", newline=newline)
        self.done = False

    def __enter__(self) -> Staged:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()

    def commit(self) -> None:
        self.stream.close()
        os.replace(self.temporary, self.target)
        self.done = True

    def discard(self) -> None:
        if not self.done:
            try:
                # Closing flushes, which fails again on a full disk: the write's error has
                # been said already, and the temporary file must go whatever happens.
                self.stream.close()
            except OSError:
                pass
            finally:
                self.temporary.unlink(missing_ok=True)


def _is_stream(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
