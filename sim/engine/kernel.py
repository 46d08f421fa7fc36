"""The fast engine's event loop: one heap, SimPy's order, a fraction of SimPy's cost.

SimPy (the card's stack) stays the reference engine and runs every model in which a decision
waits for a person or a bot. A run whose decisions all follow the rules needs none of what makes
SimPy general (interrupts, failing events, condition values, the active process, a step that
catches `StopSimulation`), so this kernel keeps only what the model uses: timeouts, plain events
that a desk's free server triggers, processes, and "whichever comes first" conditions.

**The same order, event for event.** The heap holds ``(time, priority, sequence, event)`` as
SimPy's does, a sequence number is taken at exactly the moments SimPy takes one (a timeout made,
an event triggered, a process started or ended, a condition met), and a process is resumed the
way SimPy resumes it (at once when it yields an event already processed; otherwise when the event
is processed, after the callbacks registered before it). So both engines pop the same events in
the same order and draw the same random numbers: tests/test_fast_engine.py runs every shipped
scenario under every preset through both and compares the event logs, event for event.

What it does not do: a failed event, ``interrupt``, a condition's value (nothing reads it),
``all_of``. An exception inside a process propagates out of :meth:`Kernel.run` at once (SimPy
re-raises it when the failed process is processed, a moment later).
"""

from __future__ import annotations

from heapq import heappop, heappush
from itertools import count

PENDING = object()
URGENT, NORMAL = 0, 1


class Event:
    """Something that happens once; processes waiting on it resume when it is processed."""

    __slots__ = ("_value", "callbacks", "env")

    def __init__(self, env: Kernel):
        self.env = env
        self.callbacks: list | None = []
        self._value = PENDING

    @property
    def triggered(self) -> bool:
        return self._value is not PENDING

    def succeed(self, value=None) -> Event:
        if self._value is not PENDING:
            raise RuntimeError(f"{self!r} has already been triggered")
        self._value = value
        env = self.env
        heappush(env.queue, (env.now, NORMAL, next(env.eid), self))
        return self

    def __or__(self, other: Event) -> AnyOf:
        return AnyOf(self.env, (self, other))


class Timeout(Event):
    __slots__ = ()

    def __init__(self, env: Kernel, delay: float, value=None):
        if delay < 0:
            raise ValueError(f"negative delay {delay}")
        self.env = env
        self.callbacks = []
        self._value = value
        heappush(env.queue, (env.now + delay, NORMAL, next(env.eid), self))


class Process(Event):
    """A generator that yields events; itself an event, processed when the generator ends."""

    __slots__ = ("_generator", "_resume_it", "target")

    def __init__(self, env: Kernel, generator):
        self.env = env
        self.callbacks = []
        self._value = PENDING
        self._generator = generator
        self._resume_it = resume = self._resume
        start = Event(env)                      # SimPy's Initialize: urgent, now
        start.callbacks.append(resume)
        start._value = None
        heappush(env.queue, (env.now, URGENT, next(env.eid), start))
        self.target = start

    @property
    def is_alive(self) -> bool:
        return self._value is PENDING

    def _resume(self, event: Event) -> None:
        send = self._generator.send
        while True:
            try:
                event = send(event._value)
            except StopIteration as stop:
                self._value = stop.value
                env = self.env
                heappush(env.queue, (env.now, NORMAL, next(env.eid), self))
                self.target = None
                return
            callbacks = event.callbacks
            if callbacks is not None:           # not processed yet: wait for it
                callbacks.append(self._resume_it)
                self.target = event
                return


class AnyOf(Event):
    """Triggered when the first of its events is processed (SimPy's ``a | b``, ``any_of``)."""

    __slots__ = ("_check_it",)

    def __init__(self, env: Kernel, events):
        self.env = env
        self.callbacks = []
        self._value = PENDING
        self._check_it = check = self._check
        if not events:
            self.succeed()
            return
        for event in events:
            if event.callbacks is None:
                check(event)
            else:
                event.callbacks.append(check)

    def _check(self, event: Event) -> None:
        if self._value is PENDING:
            self.succeed()


class Kernel:
    """The environment the model's processes run in (the subset of ``simpy.Environment`` it uses)."""

    __slots__ = ("eid", "now", "queue")

    def __init__(self, initial_time: float = 0.0):
        self.now = initial_time
        self.queue: list = []
        self.eid = count()

    def timeout(self, delay: float = 0, value=None) -> Timeout:
        return Timeout(self, delay, value)

    def event(self) -> Event:
        return Event(self)

    def process(self, generator) -> Process:
        return Process(self, generator)

    def any_of(self, events) -> AnyOf:
        return AnyOf(self, tuple(events))

    def run(self, until: float | None = None) -> None:
        """Process events until the clock reaches ``until`` (an urgent stop, as SimPy schedules it),
        or until none are left."""
        queue = self.queue
        stop = None
        if until is not None:
            at = float(until)
            if at <= self.now:
                raise ValueError(f"until ({at}) must be greater than the current simulation time")
            stop = Event(self)
            heappush(queue, (at, URGENT, next(self.eid), stop))
        pop = heappop
        while queue:
            now, _, _, event = pop(queue)
            self.now = now
            if event is stop:
                return
            callbacks, event.callbacks = event.callbacks, None
            for callback in callbacks:
                callback(event)
