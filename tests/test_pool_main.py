"""Issue 20, point 8: a worker of the pool never runs the parent's main script.

Under Streamlit ``sys.modules["__main__"]`` is the page script (app.py), put there by Streamlit
at the start of every rerun from its own threads. A fork-server worker that imported it drew the
whole app and started a pool of its own: the "bootstrapping phase" traceback after a restart.
Here a thread keeps installing a main script (as Streamlit's reruns do) while the pool starts its
workers; the script leaves a mark if a worker ever runs it.
"""

from __future__ import annotations

import sys
import threading
import types

from sim.experiments import pool


def _square(n: int) -> int:
    return n * n


def test_a_worker_never_runs_the_main_script_streamlit_installed(tmp_path, monkeypatch):
    mark = tmp_path / "ran"
    script = tmp_path / "page.py"
    script.write_text(f"open({str(mark)!r}, 'a').write('x')\n")
    page = types.ModuleType("__main__")
    page.__file__ = str(script)

    stop = threading.Event()

    def reruns():                       # Streamlit's script threads, one rerun after another
        while not stop.is_set():
            sys.modules["__main__"] = page
            stop.wait(0.0005)

    real_main = sys.modules["__main__"]
    monkeypatch.setattr(pool, "_pool", None)          # a pool of its own, started while threaded
    monkeypatch.setattr(pool, "_size", 0)
    rerunner = threading.Thread(target=reruns, daemon=True)
    rerunner.start()
    try:
        results = pool.run_all(_square, list(range(8)), workers=2)
    finally:
        stop.set()
        rerunner.join()
        sys.modules["__main__"] = real_main
        if pool._pool is not None:
            pool._pool.shutdown()
    assert results == [n * n for n in range(8)]
    assert not mark.exists(), "a worker ran the parent's main script"
