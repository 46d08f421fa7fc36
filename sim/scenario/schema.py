"""The scenario schema: what a trainer may write in a scenario YAML file.

Every model forbids unknown keys, because a typo (``staf: 4``) is the commonest trainer
error and silently ignoring it would give a wrong simulation. Ranges are checked here;
cross-references (unknown ids, cycles, shares) in :mod:`sim.scenario.references`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

from sim.scenario.channels import CHANNELS, DEFAULT, STAFFED
from sim.scenario.distributions import Distribution
from sim.scenario.levers import LEVERS
from sim.scenario.text import LocalText

ID_PATTERN = r"^[a-z][a-z0-9_\-]*$"
Id = Field(pattern=ID_PATTERN, min_length=1, max_length=40)
SettingName = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=40)]   # shown in the app and CLI
Probability = Field(ge=0.0, le=1.0)
# How a citizen and a role meet: a portal or form (no staff), a call, a desk, a visit at home.
Staffed = Literal[STAFFED]                  # the channels, as sim.scenario.channels declares them
Channel = Literal[tuple(CHANNELS)]


class Strict(BaseModel):
    # .nan and .inf are numbers to YAML, never a valid value here (a cost of .inf would pass a field without limits)
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Clock(Strict):
    hours_per_day: float = Field(default=8.0, gt=0, le=24)


class Arrivals(Strict):
    per_day: float = Field(gt=0, le=100_000)
    pattern: Literal["poisson", "batch"] = "poisson"


class Parameters(Strict):
    """Behavioural constants that no lever changes; each default is an assumption (docs/model.md)."""

    referral_delay_days: float = Field(default=2.0, ge=0, le=365)
    return_delay_days: float = Field(default=5.0, ge=0, le=365)
    days_between_contacts: float = Field(default=5.0, ge=0, le=365)
    broad_intake_extra_minutes: float = Field(default=15.0, ge=0, le=600)
    telling_minutes: float = Field(default=5.0, ge=0, le=600)
    hidden_need_detection: float = Field(default=0.7, ge=0, le=1)
    crisis_after_days: float = Field(default=30.0, ge=0, le=3650)
    need_minutes: float = Field(default=5.0, ge=0, le=600)
    coordination_minutes: float = Field(default=5.0, ge=0, le=600)
    exception_minutes: float = Field(default=15.0, ge=0, le=600)
    exception_overturned: float = Field(default=0.2, ge=0, le=1)
    review_days: float = Field(default=20.0, ge=0, le=3650)
    # what the shared file costs and how it fails (docs/model.md: every default an assumption)
    file_reading_minutes: float = Field(default=2.0, ge=0, le=600)   # a desk reads the file instead of a telling
    file_keeping_minutes: float = Field(default=2.0, ge=0, le=600)   # writing each contact into the file
    consent_minutes: float = Field(default=2.0, ge=0, le=600)        # asking consent (shared_file: consent)
    file_error: float = Field(default=0.05, ge=0, le=1)              # a file read misses a need or a fact is stale
    warm_handoff_minutes: float = Field(default=5.0, ge=0, le=600)   # the sender books and briefs the next desk


class ChannelParameters(Strict):
    """How the channels behave; each default is an assumption or a cited figure (docs/model.md)."""

    phone_minutes: float = Field(default=0.8, gt=0, le=10)        # a call takes this times a desk contact
    callback_lost: float = Field(default=0.45, ge=0, le=1)        # call-back requests never answered
    callback_days: float = Field(default=2.0, ge=0, le=365)       # how long a citizen waits for a call-back
    home_visit_travel_minutes: float = Field(default=30.0, ge=0, le=600)
    home_visit_detection: float = Field(default=0.9, ge=0, le=1)  # a need not mentioned comes out at home
    self_service_minutes: float = Field(default=5.0, ge=0, le=600)   # back-office minutes per form handled
    self_service_failure_days: float = Field(default=5.0, ge=0, le=365)   # a failed attempt: days before a desk
    outreach_minutes: float = Field(default=30.0, ge=0, le=600)   # one proactive contact
    # Patience in a queue (mean of an exponential draw per wait; None: nobody abandons that queue).
    line_patience_minutes: float | None = Field(default=4.0, gt=0, le=600)   # on hold on the phone
    redial_minutes: float = Field(default=60.0, ge=0, le=10_000)   # after hanging up: when they call again
    waiting_list_patience_days: float | None = Field(default=30.0, gt=0, le=3650)   # a desk's waiting list


class Costs(Strict):
    """What staff time and contacts cost, and how large a year is: the business case (docs/model.md)."""

    hourly_cost_eur: float = Field(default=80.0, ge=0, le=10_000)      # integral cost of a staff hour
    fte_hours: float = Field(default=1300.0, gt=0, le=3000)            # productive hours of an FTE a year
    working_days_per_year: float = Field(default=220.0, gt=0, le=366)
    yearly_inflow: float | None = Field(default=None, gt=0, le=1e8)  # default: per_day × working days
    channel_cost_eur: dict[Channel, float] = Field(default_factory=dict)   # per contact, besides staff time


class Role(Strict):
    id: str = Id
    name: LocalText
    department: LocalText | None = None
    staff: int = Field(ge=1, le=10_000)
    entry: bool = False
    case_manager: bool = False
    resolves: list[str] = Field(default_factory=list)
    resolves_from_file: list[str] = Field(default_factory=list)   # needs it answers when the case file follows
    service_minutes: Distribution
    channels: list[Staffed] = Field(default_factory=lambda: [DEFAULT], min_length=1)
    hourly_cost_eur: float | None = Field(default=None, ge=0, le=10_000)   # default: costs.hourly_cost_eur


class Need(Strict):
    id: str = Id
    name: LocalText
    resolved_by: list[str] = Field(default_factory=list)
    contacts: int = Field(default=1, ge=1, le=100)
    requires: list[str] = Field(default_factory=list)
    legal_term_days: float | None = Field(default=None, gt=0, le=3650)
    harm_per_week_eur: float = Field(default=0.0, ge=0, le=1_000_000)
    missing_documents: float = Field(default=0.0, ge=0, le=1)
    self_service: float | None = Field(default=None, ge=0, le=1)   # difficulty online; None: no self-service


class Profile(Strict):
    id: str = Id
    name: LocalText
    share: float = Field(gt=0, le=1)
    persistence: int | None = Field(ge=0, le=1000)
    self_diagnosis: float = Probability
    consent: float = Probability
    digital_skill: float = Field(default=0.5, ge=0, le=1)
    # How patient in a queue: a factor on the channels' patience (ChannelParameters), for every
    # channel or per channel ({phone: 0.5}); None: never abandons a queue.
    patience: float | dict[Staffed, float] | None = Field(default=1.0)

    @field_validator("patience")
    @classmethod
    def _positive(cls, value):
        factors = value.values() if isinstance(value, dict) else [] if value is None else [value]
        if any(not (0 < f <= 100) for f in factors):
            raise ValueError("a patience factor must be above 0 and at most 100")
        return value


class Case(Strict):
    id: str = Id
    title: LocalText
    story: LocalText
    share: float = Field(gt=0, le=1)
    presenting: str
    needs: list[str] = Field(min_length=1)
    hidden: list[str] = Field(default_factory=list)
    entry_role: str | None = None
    blocked_days: dict[str, float] = Field(default_factory=dict)
    missing_documents: float | None = Field(default=None, ge=0, le=1)
    predictable: list[str] = Field(default_factory=list)     # needs whose start the municipality can see coming


class Route(Strict):
    """How the municipality serves a group of citizens: the channels in order of preference
    (``self_service`` among them: they take a digital-first process online) and, optionally,
    a fixed contact person (a role) who is their first desk for every need and hands on warmly."""

    description: LocalText | None = None
    channels: list[Channel] = Field(default_factory=lambda: [DEFAULT], min_length=1)
    contact_person: str | None = None


Setting = create_model(
    "Setting", __base__=Strict, __module__=__name__,
    __doc__="How the organisation works: a value for each lever (sim.scenario.levers declares them).",
    description=(LocalText | None, None),
    **{key: lever.annotation() for key, lever in LEVERS.items()},
)


DEFAULT_ROUTE = Route()          # every contact at a desk: the model before channels


class Scenario(Strict):
    name: LocalText
    description: LocalText | None = None
    clock: Clock = Clock()
    horizon_days: float = Field(gt=0, le=3650)
    arrivals: Arrivals
    parameters: Parameters = Parameters()
    roles: list[Role] = Field(min_length=1)
    needs: list[Need] = Field(min_length=1)
    profiles: list[Profile] = Field(min_length=1)
    cases: list[Case] = Field(min_length=1)
    settings: dict[SettingName, Setting] = Field(default_factory=dict)
    channels: ChannelParameters = ChannelParameters()
    routes: dict[str, Route] = Field(default_factory=dict)    # "default" and profile ids
    costs: Costs = Costs()

    @property
    def yearly_inflow(self) -> float:
        """Citizens a year with these questions: as given, else the arrival rate over a working year."""
        return self.costs.yearly_inflow or self.arrivals.per_day * self.costs.working_days_per_year

    def hourly_cost(self, role: str) -> float:
        found = next(r for r in self.roles if r.id == role)
        return self.costs.hourly_cost_eur if found.hourly_cost_eur is None else found.hourly_cost_eur

    def route_of(self, profile: str, strategy: str) -> Route:
        """The route a citizen of ``profile`` gets: the default one under a uniform strategy, their
        profile's own (if the scenario gives one) under a differentiated strategy."""
        if strategy == "differentiated" and profile in self.routes:
            return self.routes[profile]
        return self.routes.get("default", DEFAULT_ROUTE)
