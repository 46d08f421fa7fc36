"""The run cache the pages share: runs keyed by (scenario, setting, citizens, replications, seed),
computed together in a background thread on all cores, with a progress bar while a page waits.

A run is fully determined by its key, so a cached result is the same result. The cache is a small
LRU held with st.cache_resource so that a miss can show a progress bar while it runs.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future

import streamlit as st

from sim.errors import RunawayCitizen
from sim.experiments import budget
from sim.experiments.app_runs import AppRun, assemble, run_many_for_app
from sim.experiments.pool import default_workers
from sim.language import num, t
from sim.scenario.schema import Scenario, Setting
from ui.common.markup import lang

MAX_RUNS = 48
# Fewer replications give a 95% interval so wide (the t quantile for 1 degree of freedom is
# 12.7) that every difference looks like noise or, worse, like an effect.
MIN_REPLICATIONS = 5
# The default size: measured citizens per replication and replications (docs/performance.md:
# the compare page's first load on two cores).
DEFAULT_CITIZENS, DEFAULT_REPLICATIONS = 200, 5
# A page that asks for early figures (the compare page, the first a group sees) shows the runs
# of this many replications while the rest run, then redraws with all of them; the intervals of
# so few are wide (t = 12.7 for one degree of freedom), so a difference is only "clear" where
# even they exclude zero.
EARLY_REPLICATIONS = 2


@st.cache_resource(show_spinner=False)
def _run_store() -> OrderedDict:
    return OrderedDict()


def run_key(sc: Scenario, setting: Setting, citizens: int, reps: int, seed: int) -> str:
    blob = json.dumps([sc.model_dump(mode="json"), setting.model_dump(mode="json"), citizens, reps, seed],
                      sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def get_run(sc: Scenario, setting: Setting, label: str, citizens: int | None = None,
            reps: int | None = None, seed: int | None = None) -> AppRun:
    """A run from the cache, or a fresh one with a progress bar."""
    return get_runs({label: (sc, setting)}, citizens, reps, seed)[label]


class _Batch:
    """Runs computed together in a background thread (one batch on all cores). The page that
    needs them waits, showing the batch's progress; a batch started before the page asked
    (:func:`prefetch`) has a head start of the page's own imports and layout. The replications
    come in replication by replication, so :meth:`early` has the first few of every run while
    the rest are still running."""

    def __init__(self, requests: list[tuple[Scenario, Setting]], keys: list[str], citizens: int, reps: int,
                 seed: int):
        self.futures = {key: Future() for key in keys}
        self.done, self.total = 0.0, reps * len(keys)
        self.requests, self.keys, self.citizens, self.reps, self.seed = requests, keys, citizens, reps, seed
        self.results: list[dict[int, tuple]] = [{} for _ in keys]    # per request: replication -> result
        threading.Thread(target=self._work, daemon=True).start()

    def _work(self) -> None:
        try:
            runs = run_many_for_app(self.requests, self.citizens, self.reps, self.seed, self._progress,
                                    each=self._each)
        except BaseException as err:  # noqa: BLE001 — handed to the page that waits for it
            for future in self.futures.values():
                future.set_exception(err)
            return
        for key, run in zip(self.keys, runs):
            run.key = key
            self.futures[key].set_result(run)

    def _progress(self, done: float, total: int) -> None:
        self.done = done

    def _each(self, request: int, replication: int, result: tuple) -> None:
        self.results[request][replication] = result

    def early(self, key: str, replications: int) -> AppRun | None:
        """The run of ``key`` from its first ``replications`` replications, once they are in:
        exactly what a run of that many replications gives (the same seeds)."""
        got = self.results[self.keys.index(key)]
        if any(i not in got for i in range(replications)):
            return None
        _, setting = self.requests[self.keys.index(key)]
        run = assemble(setting, self.citizens, self.seed, [got[i] for i in range(replications)])
        run.key, run.early_of = early_key(key, replications), self.reps   # its own key: charts are cached by it
        return run


_pending: dict[str, tuple[_Batch, Future]] = {}     # run key -> the batch computing it
_pending_lock = threading.Lock()


def _start(requests: dict[str, tuple[Scenario, Setting]], citizens: int, reps: int, seed: int) -> dict[str, str]:
    """Keys by label; starts one batch for the runs neither cached nor already under way."""
    store = _run_store()
    keys = {label: run_key(sc, setting, citizens, reps, seed) for label, (sc, setting) in requests.items()}
    with _pending_lock:
        todo = {keys[label]: requests[label] for label in requests
                if keys[label] not in store and keys[label] not in _pending}
        if todo:
            batch = _Batch(list(todo.values()), list(todo), citizens, reps, seed)
            _pending.update({key: (batch, batch.futures[key]) for key in todo})
    return keys


def oversize(requests: dict[str, tuple[Scenario, Setting]], citizens: int, reps: int,
             seed: int) -> tuple[str, budget.Estimate] | None:
    """Why the runs not cached yet would not fit this machine — "size_too_big" (over half its
    memory) or "size_too_long" (15 minutes at the very least) — with the estimate, or None; by
    sim.experiments.budget's arithmetic (the command line's estimate), so nothing is simulated."""
    store = _run_store()
    todo = [(sc, s) for sc, s in requests.values() if run_key(sc, s, citizens, reps, seed) not in store]
    if not todo:
        return None
    guess = budget.arithmetic(todo[0][0], [s for _, s in todo], citizens, reps, None, default_workers())
    why = "size_too_big" if guess.too_big() else "size_too_long" if guess.too_long() else None
    return None if why is None else (why, guess)


def fits(requests: dict[str, tuple[Scenario, Setting]], citizens: int, reps: int, seed: int) -> None:
    """Stop the page, before anything is simulated, when the runs would not fit this machine."""
    found = oversize(requests, citizens, reps, seed)
    if found is None:
        return
    why, guess = found
    L = lang()
    values = {"citizens": num(guess.citizens, L, 0), "alive": num(guess.alive, L, 0),
              "memory": num(guess.memory / 1e9, L, 1), "time": duration(guess.seconds, L)}
    st.error(t(why, L, **values), icon=":material/memory:" if why == "size_too_big" else ":material/timer:")
    st.stop()


def duration(seconds: float | None, L: str) -> str:
    """A duration as people say it: seconds, minutes or hours."""
    if seconds is None:
        return "…"
    if seconds < 90:
        return t("dur_s", L, n=num(max(seconds, 1), L, 0))
    if seconds < 90 * 60:
        return t("dur_min", L, n=num(seconds / 60, L, 0))
    return t("dur_h", L, n=num(seconds / 3600, L, 1))


def _size(citizens: int | None, reps: int | None, seed: int | None) -> tuple[int, int, int]:
    return (citizens or st.session_state.citizens, max(reps or st.session_state.replications, MIN_REPLICATIONS),
            st.session_state.seed if seed is None else seed)


def prefetch(requests: dict[str, tuple[Scenario, Setting]]) -> None:
    """Start runs a page is about to ask for, without waiting for them (none that would not fit:
    the page itself says so when it asks)."""
    size = _size(None, None, None)
    if oversize(requests, *size) is None:
        _start(requests, *size)


def get_runs(requests: dict[str, tuple[Scenario, Setting]], citizens: int | None = None,
             reps: int | None = None, seed: int | None = None, early: bool = False) -> dict[str, AppRun]:
    """Runs by label, from the cache where it has them; the others run together as one batch
    on all cores, under one progress bar. With ``early``, as soon as the first
    :data:`EARLY_REPLICATIONS` replications of every run are in, those runs come back (each
    with ``early_of``, the replications on their way); the page draws them and then asks
    :func:`complete` for the whole runs."""
    size = _size(citizens, reps, seed)
    fits(requests, *size)
    keys = _start(requests, *size)
    store = _run_store()
    waiting = {label: _pending[key] for label, key in keys.items() if key not in store and key in _pending}
    if waiting:
        names = ", ".join(waiting)
        batches = {id(batch): batch for batch, _ in waiting.values()}.values()
        total = sum(batch.total for batch in batches)
        bar = st.progress(0.0, text=t("running", lang(), name=names, done=0, total=total))
        shown, started = 0.0, time.monotonic()
        while not all(future.done() for _, future in waiting.values()):
            if early and size[1] > EARLY_REPLICATIONS:
                first = {label: batch.early(keys[label], EARLY_REPLICATIONS) for label, (batch, _) in waiting.items()}
                if all(run is not None for run in first.values()):
                    bar.empty()
                    return {label: first.get(label) or store[key] for label, key in keys.items()}
            done = sum(batch.done for batch in batches)
            if done != shown:       # only news goes to the browser, which shares the machine's cores
                left = (time.monotonic() - started) * (total - done) / done if done else None
                bar.progress(min(done / total, 1.0), text=t("running_eta", lang(), name=names, done=int(done),
                                                            total=total, eta=duration(left, lang())))
                shown = done
            time.sleep(0.05)
        bar.empty()
        _collect(waiting, keys)
    out = {}
    for label, key in keys.items():
        store.move_to_end(key)
        out[label] = store[key]
    while len(store) > MAX_RUNS:
        store.popitem(last=False)
    return out


def _collect(waiting: dict[str, tuple[_Batch, Future]], keys: dict[str, str]) -> None:
    """Finished runs into the cache (a runaway citizen stops the page with its message)."""
    store = _run_store()
    for label, (_, future) in waiting.items():
        with _pending_lock:
            _pending.pop(keys[label], None)
        try:
            store[keys[label]] = future.result()
        except RunawayCitizen as err:
            st.error(err.render(lang()))
            st.stop()


def early_key(key: str, replications: int) -> str:
    return f"{key}/first{replications}"


def early_note(runs: dict[str, AppRun]) -> None:
    """Above figures drawn from early runs: from how many replications, and what that means."""
    first = next((run for run in runs.values() if run.early_of), None)
    if first is not None:
        st.info(t("early_figures", lang(), done=first.replications, total=first.early_of),
                icon=":material/hourglass_top:")


def complete(runs: dict[str, AppRun]) -> dict[str, AppRun]:
    """The whole runs of early ones (the others as they are): waits for the rest of their
    replications under a progress bar. The page then draws its figures again, in place — not a
    rerun, so what it said once (a refused value in the address) stays said."""
    early = {label: run for label, run in runs.items() if run.early_of}
    if not early:
        return runs
    full = {label: run.key.rsplit("/", 1)[0] for label, run in early.items()}
    waiting = {label: _pending[full[label]] for label in early if full[label] in _pending}
    batches = {id(batch): batch for batch, _ in waiting.values()}.values()
    total = sum(batch.total for batch in batches) or 1
    bar = st.progress(0.0, text=t("refining", lang(), done=0, total=total))
    shown = -1.0
    while not all(future.done() for _, future in waiting.values()):
        done = sum(batch.done for batch in batches)
        if done != shown:
            bar.progress(min(done / total, 1.0), text=t("refining", lang(), done=int(done), total=total))
            shown = done
        time.sleep(0.1)
    bar.empty()
    _collect(waiting, full)
    store = _run_store()
    return {label: store[full[label]] if label in full else run for label, run in runs.items()}
