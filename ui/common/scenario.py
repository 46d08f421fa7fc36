"""The active scenario: shipped or uploaded, kept by the hash of its text so the address can name
it, and brought back by a refresh."""

from __future__ import annotations

import hashlib
import os
import re
import threading
from pathlib import Path

import streamlit as st

from sim.language import t
from sim.scenario.loader import ScenarioError, parse_scenario
from sim.scenario.schema import Scenario
from ui.common.address import keep_in_url
from ui.common.markup import lang, name_of, plain

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_DIR = ROOT / "scenarios"
DEFAULT_SCENARIO = SCENARIO_DIR / "bijstand.yaml"


@st.cache_resource(max_entries=16, show_spinner=False)
def _parse(text: str, name: str) -> Scenario:
    return parse_scenario(text, name)


def scenario() -> Scenario:
    return _parse(st.session_state.scenario_text, st.session_state.scenario_file)


PAGE_KEYS = ("cmp_", "wi_", "jr_", "cost_")     # cost_: the business case's assumptions (ui.manager.costs)


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


