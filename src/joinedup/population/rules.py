"""Segmentation rules: the YAML that says which segment each person belongs to.

The default rules ship as ``segments.yaml`` (a Bridges to Health segmentation); a system may pass
its own file. This module reads and checks a file into plain records; ``segmentation`` turns
them into ibis expressions. Every mistake is reported with where it is, e.g.
``segments[2].when.any[1]: unknown criterion 'ages'``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

from joinedup.errors import JoinedUpError
from joinedup.population.conditions import catalogue
from joinedup.population.events import settings as known_settings
from joinedup.population.persons import SEXES


class RulesError(JoinedUpError):
    """A rules file that cannot be used; the message names the file and the place in it."""


@dataclass(frozen=True, slots=True)
class Bounds:
    """Inclusive bounds; None is open."""

    low: Decimal | None = None
    high: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Age:
    bounds: Bounds


@dataclass(frozen=True, slots=True)
class Sex:
    sex: str


@dataclass(frozen=True, slots=True)
class Decile:
    bounds: Bounds


@dataclass(frozen=True, slots=True)
class ConditionCount:
    bounds: Bounds


@dataclass(frozen=True, slots=True)
class Score:
    bounds: Bounds


@dataclass(frozen=True, slots=True)
class HasCondition:
    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events a person's count is of: settings (None: any) and a condition code (None:
    any). Each distinct filter becomes one per-person count, taken from only the events some
    filter matches."""

    settings: tuple[str, ...] | None
    condition: str | None


@dataclass(frozen=True, slots=True)
class Events:
    filter: EventFilter
    bounds: Bounds


@dataclass(frozen=True, slots=True)
class AnyOf:
    items: tuple[Criterion, ...]


@dataclass(frozen=True, slots=True)
class AllOf:
    items: tuple[Criterion, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Criterion


Criterion = (
    Age | Sex | Decile | ConditionCount | Score | HasCondition | Events | AnyOf | AllOf | Not
)


@dataclass(frozen=True, slots=True)
class Segment:
    code: str
    label: str
    bridges_to_health: str | None
    when: Criterion | None


@dataclass(frozen=True, slots=True)
class Rules:
    name: str
    version: int
    segments: tuple[Segment, ...]
    sha256: str

    @property
    def codes(self) -> list[str]:
        return [segment.code for segment in self.segments]

    @property
    def event_filters(self) -> list[EventFilter]:
        """Every distinct event filter the rules use, in the order they first appear."""
        found: list[EventFilter] = []
        for segment in self.segments:
            if segment.when is not None:
                _collect(segment.when, found)
        return found


def _collect(criterion: Criterion, found: list[EventFilter]) -> None:
    if isinstance(criterion, Events) and criterion.filter not in found:
        found.append(criterion.filter)
    elif isinstance(criterion, AnyOf | AllOf):
        for item in criterion.items:
            _collect(item, found)
    elif isinstance(criterion, Not):
        _collect(criterion.item, found)


def default_rules_text() -> str:
    return resources.files("joinedup.population").joinpath("segments.yaml").read_text("utf-8")


def load_rules(path: Path | None = None) -> Rules:
    """The rules in ``path``, or the default rules; raises :class:`RulesError`."""
    import yaml

    if path is None:
        text, where = default_rules_text(), "segments.yaml (default)"
    else:
        try:
            text, where = Path(path).read_text(encoding="utf-8"), str(path)
        except OSError as error:
            raise RulesError(f"Cannot read the rules file {path}: {error.strerror}.") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise RulesError(f"{where} is not valid YAML: {error}".replace("\n", " ")) from None
    return parse_rules(data, where, hashlib.sha256(text.encode()).hexdigest())


def parse_rules(data: Any, where: str = "rules", sha256: str = "") -> Rules:
    """Rules from the parsed YAML; raises :class:`RulesError` naming what is wrong."""
    reader = _Reader(where)
    top = reader.mapping(data, "", {"version", "name", "segments"}, {"version", "segments"})
    version = top["version"]
    if version != 1:
        reader.fail("version", f"unknown rules version {version!r}; this JoinedUp reads version 1")
    items = top["segments"]
    if not isinstance(items, list) or not items:
        reader.fail("segments", "must be a non-empty list")
    segments: list[Segment] = []
    for index, item in enumerate(items):
        place = f"segments[{index}]"
        fields = reader.mapping(
            item, place, {"code", "label", "bridges_to_health", "when"}, {"code", "label"}
        )
        code = fields["code"]
        if not isinstance(code, str) or not code.replace("_", "").isalnum() or not code.islower():
            reader.fail(f"{place}.code", f"{code!r} must be lower-case letters, digits and _")
        if code in [segment.code for segment in segments]:
            reader.fail(f"{place}.code", f"segment {code!r} is listed twice")
        when = fields.get("when")
        last = index == len(items) - 1
        if last and when is not None:
            reader.fail(place, "the last segment takes everyone left, so it has no 'when'")
        if not last and when is None:
            reader.fail(place, "every segment but the last needs a 'when'")
        segments.append(
            Segment(
                code,
                str(fields["label"]),
                None
                if fields.get("bridges_to_health") is None
                else str(fields["bridges_to_health"]),
                None if when is None else reader.criterion(when, f"{place}.when"),
            )
        )
    return Rules(str(top.get("name") or where), int(version), tuple(segments), sha256)


class _Reader:
    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, place: str, message: str) -> Any:
        location = f"{self.where}, {place}" if place else self.where
        raise RulesError(f"{location}: {message}.")

    def mapping(self, value: Any, place: str, allowed: set[str], required: set[str]) -> Any:
        if not isinstance(value, dict):
            self.fail(place, "must be a mapping")
        unknown = sorted(set(value) - allowed)
        if unknown:
            self.fail(place, f"unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")
        missing = sorted(required - set(value))
        if missing:
            self.fail(place, f"missing {missing[0]!r}")
        return value

    def criterion(self, value: Any, place: str) -> Criterion:
        if not isinstance(value, dict) or len(value) != 1:
            self.fail(
                place, "a criterion is a mapping with exactly one key, such as age: {min: 65}"
            )
        key, argument = next(iter(value.items()))
        here = f"{place}.{key}"
        if key in ("any", "all"):
            if not isinstance(argument, list) or not argument:
                self.fail(here, "must be a non-empty list of criteria")
            items = tuple(self.criterion(item, f"{here}[{i}]") for i, item in enumerate(argument))
            return AnyOf(items) if key == "any" else AllOf(items)
        if key == "not":
            return Not(self.criterion(argument, here))
        if key == "age":
            return Age(self.bounds(argument, here))
        if key == "deprivation_decile":
            return Decile(self.bounds(argument, here))
        if key == "ltc_count":
            return ConditionCount(self.bounds(argument, here))
        if key == "cms":
            return Score(self.bounds(argument, here))
        if key == "sex":
            if argument not in SEXES:
                self.fail(here, f"must be one of {', '.join(SEXES)}, not {argument!r}")
            return Sex(argument)
        if key == "condition":
            return HasCondition(self.conditions(argument, here, recorded=True))
        if key == "events":
            return self.events(argument, here)
        return self.fail(place, f"unknown criterion {key!r}")  # type: ignore[no-any-return]

    def bounds(self, value: Any, place: str) -> Bounds:
        fields = self.mapping(value, place, {"min", "max"}, set())
        if not fields:
            self.fail(place, "give min, max or both")
        low, high = (self.number(fields.get(key), f"{place}.{key}") for key in ("min", "max"))
        if low is not None and high is not None and low > high:
            self.fail(place, "min is greater than max")
        return Bounds(low, high)

    def number(self, value: Any, place: str) -> Decimal | None:
        if value is None:
            return None
        if isinstance(value, bool):
            self.fail(place, "must be a number")
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return self.fail(place, f"must be a number, not {value!r}")  # type: ignore[no-any-return]

    def conditions(self, value: Any, place: str, recorded: bool = False) -> tuple[str, ...]:
        codes = [value] if isinstance(value, str) else value
        if not isinstance(codes, list) or not codes:
            self.fail(place, "must be a condition code or a list of them")
        known = catalogue().by_code
        for code in codes:
            if code not in known:
                self.fail(place, f"unknown condition {code!r} (see conditions.yaml)")
            if recorded and known[code].kind == "event":
                self.fail(
                    place, f"{code!r} is recorded on events only: use events: {{condition: ...}}"
                )
        return tuple(codes)

    def events(self, value: Any, place: str) -> Events:
        fields = self.mapping(value, place, {"settings", "condition", "min", "max"}, set())
        chosen = fields.get("settings")
        if chosen is not None:
            if isinstance(chosen, str):
                chosen = [chosen]
            if not isinstance(chosen, list) or not chosen:
                self.fail(f"{place}.settings", "must be a list of settings")
            for setting in chosen:
                if setting not in known_settings():
                    self.fail(
                        f"{place}.settings",
                        f"unknown setting {setting!r} (settings are the ledger's spending types)",
                    )
        condition = fields.get("condition")
        if condition is not None:
            condition = self.conditions(condition, f"{place}.condition")
            if len(condition) != 1:
                self.fail(f"{place}.condition", "give one condition code")
            condition = condition[0]
        limits = {key: fields[key] for key in ("min", "max") if key in fields}
        # "Has such events" by default; with only a max, "at most N" includes none.
        limits.setdefault("min", 0 if "max" in limits else 1)
        settings = None if chosen is None else tuple(sorted(chosen))
        return Events(EventFilter(settings, condition), self.bounds(limits, place))
