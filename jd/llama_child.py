"""Entry point of the embedded model's child process: llama-cpp-python's server, tied to the app.

The app keeps the write end of this process's stdin. When the app exits for any reason,
SIGKILL included, the kernel closes it and the read below sees EOF: the server exits too,
instead of holding a port and memory with nobody to stop it. Run as a file, not with -m,
so it needs neither the app's working directory nor an import of the `jd` package.
"""

import os
import runpy
import sys
import threading

sys.path.pop(0)  # this file's folder: its modules (settings.py, errors.py...) must not shadow the server's


def _exit_when_the_app_is_gone() -> None:
    # os.read, not sys.stdin: a daemon thread blocked in a buffered read aborts interpreter shutdown.
    while os.read(0, 4096):  # b"" only at EOF: nothing is ever written
        pass
    os._exit(0)


threading.Thread(target=_exit_when_the_app_is_gone, name="parent-watch", daemon=True).start()
sys.argv = ["llama_cpp.server", *sys.argv[1:]]
runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)
