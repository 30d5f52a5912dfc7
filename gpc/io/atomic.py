"""Write files so that a failure never leaves a partial file behind.

Every file gpc writes goes through :func:`atomic_path`: a temporary file beside the target (``.gpc-*``),
renamed over the target only when complete, removed on any error, on Ctrl-C (SIGINT) and — once
:func:`terminate_cleanly` was called, as the ``gpc`` command does — on SIGTERM and SIGHUP. The file gets
the permissions the umask gives a new file (``0o666 & ~umask``), not ``mkstemp``'s 0600. A target that
exists but is not a regular file (a device such as ``/dev/null``, a FIFO, a socket, a folder) is refused:
renaming over it would replace the device.
"""

from __future__ import annotations

import os
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["atomic_path", "honour_umask", "terminate_cleanly"]


def honour_umask(path: str | Path) -> None:
    """Give ``path`` the permissions of a new file under the current umask (``0o666 & ~umask``)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def check_target(path: Path) -> None:
    """Raise :class:`~gpc.errors.OutputError` when ``path`` exists and is not a regular file."""
    from gpc.errors import OutputError
    from gpc.io.paths import file_kind

    kind = file_kind(path)
    if kind == "a folder":
        raise OutputError(f"cannot write {path}: it is a folder; give a file name such as "
                          f"{path / ('output' + (path.suffix or '.xlsx'))}")
    if kind is not None:
        raise OutputError(f"cannot write {path}: it is {kind}, not a file; gpc writes only regular files")


@contextmanager
def atomic_path(path: str | Path, suffix: str = "") -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it is renamed to ``path``, on error removed."""
    target = Path(path)
    check_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".gpc-", suffix=suffix or target.suffix, dir=str(target.parent))
    os.close(fd)
    try:
        yield Path(tmp)
        honour_umask(tmp)  # mkstemp makes 0600; give the file the usual permissions
        check_target(target)  # it may have become a FIFO or device while we wrote
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


class Terminated(SystemExit):
    """Raised in the main thread when the process receives SIGTERM or SIGHUP, so that every ``finally``
    and ``except BaseException`` (temporary files) runs as for Ctrl-C. Exit status 128 + signal."""


def _on_signal(signum: int, frame: Any) -> None:
    raise Terminated(128 + signum)


def terminate_cleanly() -> None:
    """Make SIGTERM and SIGHUP unwind the program like Ctrl-C (temporary files removed, exit 143/129).

    Only in the main thread, and only where the signal is not ignored already (``nohup``)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is None:
            continue
        try:
            if signal.getsignal(sig) == signal.SIG_IGN:
                continue
            signal.signal(sig, _on_signal)
        except (ValueError, OSError):  # pragma: no cover - not the main thread / not allowed
            pass
