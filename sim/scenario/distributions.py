"""Service-time distributions, as trainers write them in YAML.

Each one samples from a stdlib ``random.Random`` (the model's seeded stream): scalar draws
from it are several times faster than from numpy, and a run makes one per contact. A desk
asks once for a :meth:`sampler` bound to its own stream, so a contact's draw is one call.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable
from functools import cached_property, partial
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# The shortest mean a contact may take: half a minute. Shorter is not a real contact, and a
# scenario whose journeys loop would make millions of them before any budget stopped it.
MIN_MINUTES = 0.5


class _Dist(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Exponential(_Dist):
    dist: Literal["exponential"]
    mean: float = Field(ge=MIN_MINUTES, le=10_000)

    def sample(self, rng: random.Random) -> float:
        return rng.expovariate(1.0 / self.mean)

    def sampler(self, rng: random.Random) -> Callable[[], float]:
        return partial(rng.expovariate, 1.0 / self.mean)


class Lognormal(_Dist):
    """Parameterised by the mean and sd of the minutes themselves, not of their log."""

    dist: Literal["lognormal"]
    mean: float = Field(ge=MIN_MINUTES, le=10_000)
    sd: float = Field(gt=0, le=10_000)

    @cached_property
    def _mu_sigma(self) -> tuple[float, float]:
        """Computed once, not per contact: sampling is on the hot path."""
        sigma2 = math.log(1.0 + (self.sd / self.mean) ** 2)
        return math.log(self.mean) - sigma2 / 2.0, math.sqrt(sigma2)

    def sample(self, rng: random.Random) -> float:
        mu, sigma = self._mu_sigma
        return rng.lognormvariate(mu, sigma)

    def sampler(self, rng: random.Random) -> Callable[[], float]:
        """exp of a normal draw: the same distribution as lognormvariate, a fifth cheaper."""
        mu, sigma = self._mu_sigma
        gauss, exp = rng.gauss, math.exp
        return lambda: exp(gauss(mu, sigma))


class Triangular(_Dist):
    dist: Literal["triangular"]
    low: float = Field(ge=0, le=10_000)
    mode: float = Field(ge=0, le=10_000)
    high: float = Field(ge=MIN_MINUTES, le=10_000)

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        if not self.low <= self.mode <= self.high or self.low == self.high:
            raise ValueError("needs low <= mode <= high and low < high")
        if (self.low + self.mode + self.high) / 3 < MIN_MINUTES:
            raise ValueError(f"mean (low + mode + high) / 3 must be at least {MIN_MINUTES} minutes")
        return self

    def sample(self, rng: random.Random) -> float:
        return rng.triangular(self.low, self.high, self.mode)

    def sampler(self, rng: random.Random) -> Callable[[], float]:
        return partial(rng.triangular, self.low, self.high, self.mode)


class Fixed(_Dist):
    dist: Literal["fixed"]
    value: float = Field(ge=MIN_MINUTES, le=10_000)   # every contact takes time, so no journey loops in zero time

    def sample(self, rng: random.Random) -> float:
        return self.value

    def sampler(self, rng: random.Random) -> Callable[[], float]:
        return itertools.repeat(self.value).__next__


Distribution = Annotated[
    Exponential | Lognormal | Triangular | Fixed, Field(discriminator="dist")
]
DIST_NAMES = ("exponential", "lognormal", "triangular", "fixed")
