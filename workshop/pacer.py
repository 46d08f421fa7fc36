"""The pacers of a process that serves live sessions: one thread per round being played.

A pacer moves model time at the session's pace (Service.play) until every table's round is
over; the next round gets a new one. A restarted process resumes every open session from its
log and starts the pacers of the rounds that were being played, so a crash of the laptop costs
the room the seconds it took to restart, not the round.
"""

from __future__ import annotations

import threading

from workshop.service import Refused, Service


class Pacers:
    def __init__(self, service: Service):
        self.service = service
        self._threads: dict[str, threading.Thread] = {}
        self._stops: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def ensure(self, code: str) -> bool:
        """A pacer for ``code`` if its round is being played and none runs; True if one runs now."""
        session = self.service.open(code)
        if not session.started or all(t.over for t in session.tables.values()):
            return False
        with self._lock:
            thread = self._threads.get(session.code)
            if thread is not None and thread.is_alive():
                return True
            stop = threading.Event()
            thread = threading.Thread(target=self._run, args=(session.code, stop), daemon=True,
                                      name=f"kastje-pacer-{session.code}")
            self._threads[session.code], self._stops[session.code] = thread, stop
            thread.start()
            return True

    def _run(self, code: str, stop: threading.Event) -> None:
        try:
            self.service.play(code, stop)
        except Refused:          # the session was ended meanwhile
            pass

    def running(self, code: str) -> bool:
        thread = self._threads.get(code)
        return thread is not None and thread.is_alive()

    def stop(self, code: str) -> None:
        if code in self._stops:
            self._stops[code].set()

    def resume_all(self) -> list[str]:
        """Every open session replayed, and a pacer for each round still being played."""
        resumed = self.service.open_all()
        return [code for code in resumed if self.ensure(code)]
