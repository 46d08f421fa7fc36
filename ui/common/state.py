"""Session state and the run cache shared by the pages.

Runs are cached by (scenario text, setting, citizens, replications, seed): a run is fully
determined by these, so a cached result is the same result. The cache is a small LRU held
with st.cache_resource so that a miss can show a progress bar while it runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future
from pathlib import Path

import streamlit as st

from sim.errors import RunawayCitizen
from sim.experiments.app_runs import AppRun, run_many_for_app
from sim.language import languages, t
from sim.scenario.loader import ScenarioError, parse_scenario
from sim.scenario.presets import setting_name
from sim.scenario.schema import Scenario, Setting

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_DIR = ROOT / "scenarios"
DEFAULT_SCENARIO = SCENARIO_DIR / "bijstand.yaml"
MAX_RUNS = 48
# Fewer replications give a 95% interval so wide (the t quantile for 1 degree of freedom is
# 12.7) that every difference looks like noise or, worse, like an effect.
MIN_REPLICATIONS = 5
# The default size: measured citizens per replication and replications (docs/performance.md:
# the compare page's first load on two cores).
DEFAULT_CITIZENS, DEFAULT_REPLICATIONS = 200, 5


def lang() -> str:
    return st.session_state.get("lang") or languages()[0]


# The sidebar's choices. Streamlit drops a widget's state when a run does not draw it (the run
# size on the workshop pages) and when a page switch interrupts a run (the language, if one
# clicks a page while the page still computes), and may bring back an older value set before
# the widget existed. So the choice lives under KEY + "__kept": the widget's on_change (keep)
# writes it, and every run starts from it.
KEPT = ("lang", "citizens", "replications", "seed")


def keep(key: str) -> None:
    """on_change of a sidebar widget: the user's choice, kept past Streamlit's clean-ups."""
    st.session_state[key + "__kept"] = st.session_state[key]


def init_session() -> None:
    for key in KEPT:
        if key + "__kept" in st.session_state:
            st.session_state[key] = st.session_state[key + "__kept"]
    if "lang" not in st.session_state and st.query_params.get("lang") in languages():
        st.session_state.lang = st.query_params["lang"]
    if "scenario_text" not in st.session_state:
        restore_scenario()
    st.session_state.setdefault("lang", languages()[0])     # the first language of the locale files
    st.session_state.setdefault("citizens", DEFAULT_CITIZENS)
    st.session_state.setdefault("replications", DEFAULT_REPLICATIONS)
    st.session_state.replications = max(st.session_state.replications, MIN_REPLICATIONS)
    st.session_state.setdefault("seed", 1)
    for key in KEPT:
        st.session_state[key + "__kept"] = st.session_state[key]


@st.cache_resource(max_entries=16, show_spinner=False)
def _parse(text: str, name: str) -> Scenario:
    return parse_scenario(text, name)


def scenario() -> Scenario:
    return _parse(st.session_state.scenario_text, st.session_state.scenario_file)


_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def plain(text: str) -> str:
    """Text from a scenario file for a place that renders markdown: shown as typed, never as
    markup. Backslashes stop links, images, emphasis and formulas; a zero-width space after
    each ':' stops Streamlit's :color[...] and :emoji: directives, which run after escapes."""
    return _MARKUP.sub(r"\\\1", text).replace(":", ":\u200b")


def name_of(text_obj, language: str | None = None) -> str:
    """A scenario text in the UI language (pass ``language`` inside format_func callbacks,
    which may run outside the script, where session state is not available)."""
    return text_obj.get(language or lang()) if text_obj is not None else ""


def setting_label(name: str, setting: Setting, language: str) -> str:
    """'siloed — Siloed work: …' for pickers: the setting as people say it, then what it is."""
    said = setting_name(name, language)
    return f"{said} — {name_of(setting.description, language)}" if setting.description else said


PAGE_KEYS = ("cmp_", "wi_", "jr_")


def use_scenario(text: str, file_name: str, address: dict[str, str] | None = None) -> None:
    """Make a (validated) scenario the active one; page choices of the old one are dropped.
    ``address`` says how the URL names it ({"scenario": file} or {"upload": sha256})."""
    st.session_state.scenario_text = text
    st.session_state.scenario_file = file_name
    st.session_state.scenario_address = address or {}
    st.session_state.pop("url_notice", None)
    for key in [k for k in st.session_state if str(k).startswith(PAGE_KEYS)]:
        del st.session_state[key]


# --- the address (URL): what a refresh, a bookmark or a shared link brings back -----------

SCENARIO_PARAMS = ("scenario", "upload")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def uploads_dir() -> Path:
    """Where validated uploads are kept, named by the sha256 of their text, so the hash in the
    address finds the file again after a refresh (a whole file is too big for a URL):
    KASTJE_UPLOADS, else the user's data folder, as the workshop store does."""
    if os.environ.get("KASTJE_UPLOADS"):
        return Path(os.environ["KASTJE_UPLOADS"])
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "kastje" / "uploads"


def keep_upload(text: str, file_name: str) -> str | None:
    """Store a validated upload; its sha256, or None when the folder cannot be written (the
    upload then works for this session only)."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    folder = uploads_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{digest}.yaml"
        if not path.exists():
            part = folder / f"{digest}.{os.getpid()}.{threading.get_ident()}.part"
            part.write_text(text, encoding="utf-8")
            part.replace(path)          # whole or not at all
        (folder / f"{digest}.name").write_text(Path(file_name).name, encoding="utf-8")
    except OSError:
        return None
    return digest


def _stored_upload(digest: str) -> tuple[str, str] | None:
    """(text, file name) of a kept upload that still is what its hash says and still loads."""
    if not _SHA256.match(digest):
        return None
    folder = uploads_dir()
    try:
        text = (folder / f"{digest}.yaml").read_text(encoding="utf-8")
        name_file = folder / f"{digest}.name"
        name = name_file.read_text(encoding="utf-8").strip() if name_file.exists() else ""
    except (OSError, UnicodeDecodeError):
        return None
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != digest:
        return None
    name = name or f"upload-{digest[:8]}.yaml"
    try:
        _parse(text, name)
    except ScenarioError:
        return None
    return text, name


def shipped_files() -> list[str]:
    return sorted(p.name for p in SCENARIO_DIR.glob("*.yaml"))


def restore_scenario() -> None:
    """A new session — a first visit or a refresh — opens the scenario its address names: a
    shipped file by name (?scenario=bijstand.yaml), an upload by the hash of its text
    (?upload=…). One that is not found gives the default scenario and a notice saying so."""
    digest, shipped = st.query_params.get("upload"), st.query_params.get("scenario")
    found, notice = None, None
    if digest is not None:
        stored = _stored_upload(digest)
        if stored:
            found = (*stored, {"upload": digest})
        else:
            notice = "upload_missing"
    elif shipped is not None:
        if shipped in shipped_files():
            found = ((SCENARIO_DIR / shipped).read_text(encoding="utf-8"), shipped, {"scenario": shipped})
        else:
            notice = "scenario_missing"
    text, name, address = found or (DEFAULT_SCENARIO.read_text(encoding="utf-8"), DEFAULT_SCENARIO.name,
                                    {"scenario": DEFAULT_SCENARIO.name})
    use_scenario(text, name, address)
    if notice:
        st.session_state.url_notice = (notice, shipped or "")


def scenario_in_url() -> None:
    """The active scenario in the address (a shipped file's name or an upload's hash), and
    the notice when the address named one that is not there."""
    address = st.session_state.get("scenario_address") or {}
    keep_in_url({key: address.get(key) for key in SCENARIO_PARAMS})
    if st.session_state.get("url_notice"):      # said once, on the page the link opened
        key, file = st.session_state.pop("url_notice")
        st.warning(t(key, lang(), file=plain(file), name=plain(name_of(scenario().name))), icon=":material/link_off:")


def keep_in_url(values: dict[str, str | None]) -> None:
    """Write a page's choices into the address (None removes one), so a refresh, a bookmark or
    a shared link brings the page back as it was; only changes go to the browser."""
    for key, value in values.items():
        if value is None:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != value:
            st.query_params[key] = value


def read_url_once(page: str, keys) -> dict[str, str]:
    """The page's choices as the address gives them, once per session: after a refresh (a new
    session) they bring the page back; after that the page's widgets hold the choices."""
    flag = f"url_read_{page}"
    if st.session_state.get(flag):
        return {}
    st.session_state[flag] = True
    return {key: st.query_params[key] for key in keys if key in st.query_params}


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
    (:func:`prefetch`) has a head start of the page's own imports and layout."""

    def __init__(self, requests: list[tuple[Scenario, Setting]], keys: list[str], citizens: int, reps: int,
                 seed: int):
        self.futures = {key: Future() for key in keys}
        self.done, self.total = 0.0, reps * len(keys)
        threading.Thread(target=self._work, args=(requests, keys, citizens, reps, seed), daemon=True).start()

    def _work(self, requests, keys, citizens, reps, seed) -> None:
        try:
            runs = run_many_for_app(requests, citizens, reps, seed, self._progress)
        except BaseException as err:  # noqa: BLE001 — handed to the page that waits for it
            for future in self.futures.values():
                future.set_exception(err)
            return
        for key, run in zip(keys, runs):
            run.key = key
            self.futures[key].set_result(run)

    def _progress(self, done: float, total: int) -> None:
        self.done = done


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


def _size(citizens: int | None, reps: int | None, seed: int | None) -> tuple[int, int, int]:
    return (citizens or st.session_state.citizens, max(reps or st.session_state.replications, MIN_REPLICATIONS),
            st.session_state.seed if seed is None else seed)


def prefetch(requests: dict[str, tuple[Scenario, Setting]]) -> None:
    """Start runs a page is about to ask for, without waiting for them."""
    _start(requests, *_size(None, None, None))


def get_runs(requests: dict[str, tuple[Scenario, Setting]], citizens: int | None = None,
             reps: int | None = None, seed: int | None = None) -> dict[str, AppRun]:
    """Runs by label, from the cache where it has them; the others run together as one batch
    on all cores, under one progress bar."""
    keys = _start(requests, *_size(citizens, reps, seed))
    store = _run_store()
    waiting = {label: _pending[key] for label, key in keys.items() if key not in store and key in _pending}
    if waiting:
        names = ", ".join(waiting)
        batches = {id(batch): batch for batch, _ in waiting.values()}.values()
        total = sum(batch.total for batch in batches)
        bar = st.progress(0.0, text=t("running", lang(), name=names, done=0, total=total))
        shown = 0.0
        while not all(future.done() for _, future in waiting.values()):
            done = sum(batch.done for batch in batches)
            if done != shown:       # only news goes to the browser, which shares the machine's cores
                bar.progress(min(done / total, 1.0), text=t("running", lang(), name=names, done=int(done), total=total))
                shown = done
            time.sleep(0.1)
        bar.empty()
        for label, (_, future) in waiting.items():
            with _pending_lock:
                _pending.pop(keys[label], None)
            try:
                store[keys[label]] = future.result()
            except RunawayCitizen as err:
                st.error(err.render(lang()))
                st.stop()
    out = {}
    for label, key in keys.items():
        store.move_to_end(key)
        out[label] = store[key]
    while len(store) > MAX_RUNS:
        store.popitem(last=False)
    return out
