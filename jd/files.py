"""Files: written so that a reader (or the Hub uploader) sees the previous version or the complete new one
(`atomic_file`), and short-lived download files for the page (`download_folder`, `download_file`)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


@contextlib.contextmanager
def atomic_file(path: Path | str, mode: str = "w") -> Iterator[IO[Any]]:
    """Write next to `path`, fsync, then rename over it; on an error the old file stays and the temporary goes."""
    path = Path(path)
    encoding = None if "b" in mode else "utf-8"
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed by the with below; the name outlives it)
        mode, encoding=encoding, dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


DOWNLOAD_SECONDS = 120  # Gradio copies a download to its own cache (which it cleans) when the event ends


def download_folder(prefix: str = "jd-") -> Path:
    """A fresh folder for files the page offers; removed after DOWNLOAD_SECONDS, so /tmp does not fill up."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    cleanup = threading.Timer(DOWNLOAD_SECONDS, shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True})
    cleanup.daemon = True  # never keeps the app from exiting
    cleanup.start()
    return folder


def download_file(name: str, data: bytes) -> str:
    """`data` as a file called `name` in a fresh download folder; returns its path."""
    path = download_folder("jd-file-") / name
    path.write_bytes(data)
    return str(path)
