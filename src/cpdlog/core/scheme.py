"""Professional bodies' CPD rules, as data: a scheme is a TOML file.

A scheme names its period (rolling months, the calendar year, or a fixed
cycle of years from a date in the profile), its statement (word limit and
sections) and its rules (minimum hours, overall or among activities of a
type or attribute; a cap on hours counted from a type or attribute; a
minimum number of activities of a kind; only reflected activities count).
The built-in schemes live in `cpdlog/schemes/*.toml`; a user's own are read
from `<home>/schemes/*.toml` and win over a built-in of the same name. The
format is documented in docs/schemes.md. Nothing else in cpdlog holds a
target, a period length or a word limit.

About 400 lines, kept whole: a scheme's parsing and its checks of every
key belong with its model, so a new rule is added in one file.
"""

import os
from pathlib import Path
from typing import Any, NamedTuple

from cpdlog.core.catalogue import AREAS, ATTRIBUTE_NAMES
from cpdlog.core.duration import hours_short, minutes_of_hours
from cpdlog.errors import Problem, ProblemError

BUILT_IN = Path(__file__).parent / "schemes"
DEFAULT = "cilip-revalidation"
RULE_KINDS = ("min-hours", "cap-hours", "min-count", "reflected-only")
PERIOD_KINDS = ("rolling", "calendar-year", "cycle")


_AREA_HEADINGS = tuple(area.heading for area in AREAS)


class Rule(NamedTuple):
    kind: str  # one of RULE_KINDS
    minutes: int = 0  # min-hours, cap-hours
    number: int = 0  # min-count: the file's `count`
    type: str | None = None  # the activities it is about, if not all
    attribute: str | None = None

    def matches(self, activity: Any) -> bool:
        if self.type is not None and activity.type != self.type:
            return False
        return self.attribute is None or self.attribute in activity.attributes

    def about(self) -> str:
        """ "" or " from reading" / " with the participatory attribute"."""
        if self.type:
            return f" of type {self.type}"
        if self.attribute:
            return f" marked {self.attribute}"
        return ""


class PeriodRule(NamedTuple):
    kind: str = "rolling"  # one of PERIOD_KINDS
    months: int = 12  # rolling
    years: int = 1  # cycle
    start: str = "last_revalidated"  # cycle: the [profile] key of its first day


class Scheme(NamedTuple):
    """A scheme as its file declares it; every default here is neutral (a
    scheme file that leaves a key out gets nothing of CILIP's)."""

    name: str
    title: str = ""
    body: str = ""
    source: str = ""
    unit: str = "hours"
    period: PeriodRule = PeriodRule()
    # The statement's word limit, or None when the scheme asks for none; the
    # sections default to the three areas cpdlog maps activities to.
    statement_words: int | None = None
    sections: tuple[str, ...] = _AREA_HEADINGS
    rules: tuple[Rule, ...] = ()
    origin: str = "built-in"
    # The reflection model (core/reflection.py) this body's own form follows,
    # used by `cpdlog reflect` when the profile names none.
    reflection_model: str | None = None

    @property
    def target_minutes(self) -> int:
        """The minutes of the scheme's overall minimum (0 when it has none)."""
        for rule in self.rules:
            if rule.kind == "min-hours" and rule.type is None and not rule.attribute:
                return rule.minutes
        return 0

    @property
    def target_hours(self) -> int | float:
        hours = self.target_minutes / 60
        return int(hours) if hours == int(hours) else round(hours, 4)

    @property
    def reflected_only(self) -> bool:
        return any(rule.kind == "reflected-only" for rule in self.rules)


# --- reading scheme files ---------------------------------------------------


def _number(table: dict[str, Any], key: str, whole: bool, where: str) -> Any:
    value = table[key]
    kinds = int if whole else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds) or not value > 0:
        what = "a whole number" if whole else "a number"
        raise ValueError(f"{where}{key} must be {what} above zero")
    return value


def _minutes(value: Any, where: str) -> int:
    try:
        return minutes_of_hours(value)
    except ValueError as error:
        raise ValueError(f"{where}hours {error}") from None


def _text(table: dict[str, Any], key: str, default: str = "") -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise ValueError(f"{key} must be text in quotes")
    return value


def _rule(table: Any, number: int) -> Rule:
    where = f"[[rule]] number {number}: "
    if not isinstance(table, dict):
        raise ValueError(f"{where}must be a table")
    kind = table.get("kind")
    if kind not in RULE_KINDS:
        raise ValueError(f"{where}kind must be one of {', '.join(RULE_KINDS)}")
    if "type" in table and "attribute" in table:
        raise ValueError(f"{where}give a type or an attribute, not both")
    fields: dict[str, Any] = {"kind": kind}
    for key in ("type", "attribute"):
        if key in table:
            fields[key] = _text(table, key)
    if kind in ("min-hours", "cap-hours"):
        if "hours" not in table:
            raise ValueError(f"{where}{kind} needs hours")
        fields["minutes"] = _minutes(_number(table, "hours", False, where), where)
    if kind == "min-count":
        if "count" not in table:
            raise ValueError(f"{where}min-count needs count")
        fields["number"] = _number(table, "count", True, where)
    if kind == "cap-hours" and "type" not in fields and "attribute" not in fields:
        raise ValueError(f"{where}cap-hours needs a type or an attribute")
    return Rule(**fields)


def _period(table: Any) -> PeriodRule:
    if not isinstance(table, dict):
        raise ValueError("[period] must be a table")
    kind = table.get("kind", "rolling")
    if kind not in PERIOD_KINDS:
        raise ValueError(f"[period] kind must be one of {', '.join(PERIOD_KINDS)}")
    fields: dict[str, Any] = {"kind": kind}
    if "months" in table:
        fields["months"] = _number(table, "months", True, "[period] ")
    if "years" in table:
        fields["years"] = _number(table, "years", True, "[period] ")
    if "start" in table:
        fields["start"] = _text(table, "start")
    return PeriodRule(**fields)


def _model_name(name: str) -> str:
    """A reflection model's name, checked (any case, stored lowercase)."""
    from cpdlog.core.reflection import MODELS

    wanted = name.strip().casefold()
    if wanted not in MODELS:
        raise ValueError(
            f"reflection_model {name!r} is not a reflection model; use one of "
            f"{', '.join(sorted(MODELS))} (`cpdlog reflect --list`)"
        )
    return wanted


def from_table(table: dict[str, Any], origin: str = "built-in") -> Scheme:
    """The Scheme of a scheme file's table. Raises ValueError naming the key."""
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError("name is missing; a scheme needs a name such as my-body")
    fields: dict[str, Any] = {"name": name, "origin": origin}
    for key in ("title", "body", "source", "unit"):
        if key in table:
            fields[key] = _text(table, key)
    fields.setdefault("title", name)
    if "reflection_model" in table:
        fields["reflection_model"] = _model_name(_text(table, "reflection_model"))
    if "period" in table:
        fields["period"] = _period(table["period"])
    statement = table.get("statement", {})
    if not isinstance(statement, dict):
        raise ValueError("[statement] must be a table")
    if "words" in statement:
        fields["statement_words"] = _number(statement, "words", True, "[statement] ")
    if "sections" in statement:
        sections = statement["sections"]
        if not isinstance(sections, list) or not all(
            isinstance(s, str) and s.strip() for s in sections
        ):
            raise ValueError("[statement] sections must be a list of headings")
        fields["sections"] = tuple(sections)
    rules = table.get("rule", [])
    if not isinstance(rules, list):
        raise ValueError("rules are written as [[rule]] tables")
    fields["rules"] = tuple(_rule(rule, n) for n, rule in enumerate(rules, 1))
    return Scheme(**fields)


def read_scheme(path: Path) -> Scheme:
    """Read one scheme file. Raises ProblemError with path:line:col."""
    from cpdlog.core.tomlfile import read

    table, text = read(path)
    try:
        return from_table(table, "built-in" if path.parent == BUILT_IN else str(path))
    except ValueError as error:
        raise ProblemError(
            Problem(path, _line(str(error), text), None, f"{error}.")
        ) from None


def _line(message: str, text: str) -> int | None:
    """The line a message is about: the n-th [[rule]], a [table]'s key, or a
    top-level key."""
    lines = [line.strip() for line in text.split("\n")]
    words = message.split()
    if message.startswith("[[rule]] number "):
        wanted = int(words[2].rstrip(":"))
        headers = [n for n, line in enumerate(lines, 1) if line == "[[rule]]"]
        return headers[wanted - 1] if wanted <= len(headers) else None
    start, key = 0, words[0]
    if key.startswith("[") and len(words) > 1:
        header = key
        starts = [n for n, line in enumerate(lines, 1) if line == header]
        if not starts:
            return None
        start, key = starts[0], words[1]
    for number, line in enumerate(lines[start:], start + 1):
        if line.startswith("[") and number > start + 1 and start:
            break
        if line.split("=")[0].strip() == key:
            return number
    return start or None


def user_folder(home_root: Path) -> Path:
    return home_root / "schemes"


def all_schemes(home_root: Path) -> tuple[list[Scheme], list[Problem]]:
    """Every scheme, built-in then the user's (a user's wins by name), and the
    problem of each user file that cannot be read."""
    found: dict[str, Scheme] = {}
    problems: list[Problem] = []
    folders = [BUILT_IN, user_folder(home_root)]
    for folder in folders:
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            if name.endswith(".toml") and not name.startswith("."):
                try:
                    scheme = read_scheme(folder / name)
                except ProblemError as error:
                    problems.append(error.problem)
                    continue
                found[scheme.name] = scheme
    return list(found.values()), problems


def find(name: str, home_root: Path) -> Scheme:
    """The scheme called name. Raises LookupError, or ProblemError for a bad
    user file of that name."""
    user = user_folder(home_root) / f"{name}.toml"
    if user.exists():
        return read_scheme(user)
    if (BUILT_IN / f"{name}.toml").exists():
        return read_scheme(BUILT_IN / f"{name}.toml")
    for scheme in all_schemes(home_root)[0]:  # a user file named otherwise
        if scheme.name == name:
            return scheme
    raise LookupError(name)


def known_attributes(home_root: Path) -> set[str]:
    """The attributes of the catalogue and of every scheme's rules."""
    names = set(ATTRIBUTE_NAMES)
    for scheme in all_schemes(home_root)[0]:
        names.update(rule.attribute for rule in scheme.rules if rule.attribute)
    return names


# --- the profile's [scheme] table (SPEC) --------------------------------------


class Choice(NamedTuple):
    """The profile's choice: its schemes (the first is the SPEC's `scheme`)
    and the SPEC's overrides of the first one's target and word limit."""

    names: tuple[str, ...] = (DEFAULT,)
    target_minutes: int | None = None
    statement_words: int | None = None
    period_months: int | None = None


def choice_from(table: Any) -> Choice:
    """The Choice of a profile's [scheme] table. Raises ValueError."""
    if table is None:
        return Choice()
    if not isinstance(table, dict):
        raise ValueError("[scheme] must be a table")
    fields: dict[str, Any] = {}
    name = table.get("name", DEFAULT)
    if not isinstance(name, str) or not name.strip():
        raise ValueError("[scheme] name must be text")
    also = table.get("also", [])
    if not isinstance(also, list) or not all(isinstance(a, str) for a in also):
        raise ValueError('[scheme] also must be a list of scheme names, like ["rics"]')
    fields["names"] = tuple(dict.fromkeys([name, *also]))
    if "target_hours" in table:
        hours = _number(table, "target_hours", False, "[scheme] ")
        fields["target_minutes"] = _minutes(hours, "[scheme] target_")
    if "statement_words" in table:
        fields["statement_words"] = _number(table, "statement_words", True, "[scheme] ")
    if "period_months" in table:
        fields["period_months"] = _number(table, "period_months", True, "[scheme] ")
    return Choice(**fields)


def with_overrides(scheme: Scheme, choice: Choice) -> Scheme:
    """The scheme with the profile's target, word limit and period length."""
    if choice.target_minutes is not None:
        rules = list(scheme.rules)
        for index, rule in enumerate(rules):
            if rule.kind == "min-hours" and rule.type is None and not rule.attribute:
                rules[index] = rule._replace(minutes=choice.target_minutes)
                break
        else:
            rules.insert(0, Rule("min-hours", choice.target_minutes))
        scheme = scheme._replace(rules=tuple(rules))
    if choice.statement_words is not None:
        scheme = scheme._replace(statement_words=choice.statement_words)
    if choice.period_months is not None and scheme.period.kind == "rolling":
        scheme = scheme._replace(
            period=scheme.period._replace(months=choice.period_months)
        )
    return scheme


def threshold(scheme: Scheme) -> str:
    """ "the 20-hour threshold" (units for schemes counted in units)."""
    word = "unit" if scheme.unit == "units" else "hour"
    return f"the {hours_short(scheme.target_minutes)}-{word} threshold"


def describe(scheme: Scheme) -> dict[str, Any]:
    """A scheme as JSON (for `cpdlog schemes --json`)."""
    period = scheme.period
    return {
        "name": scheme.name,
        "title": scheme.title,
        "body": scheme.body,
        "source": scheme.source,
        "unit": scheme.unit,
        "origin": scheme.origin,
        "reflection_model": scheme.reflection_model,
        "period": {"kind": period.kind, "months": period.months,
                   "years": period.years, "start": period.start},
        "statement": {"words": scheme.statement_words,
                      "sections": list(scheme.sections)},
        "rules": [{"kind": rule.kind, "hours": rule.minutes / 60 if rule.minutes
                   else None, "count": rule.number or None, "type": rule.type,
                   "attribute": rule.attribute} for rule in scheme.rules],
    }  # fmt: skip


def period_text(scheme: Scheme) -> str:
    """ "rolling 12 months", "calendar year", "3-year cycle"."""
    period = scheme.period
    if period.kind == "calendar-year":
        return "calendar year"
    if period.kind == "cycle":
        return f"{period.years}-year cycle from {period.start}"
    return f"rolling {period.months} months"


def rules_text(scheme: Scheme) -> list[str]:
    """One short phrase per rule, for people."""
    unit = "units" if scheme.unit == "units" else "h"
    phrases = []
    for rule in scheme.rules:
        if rule.kind == "min-hours":
            phrases.append(f"at least {hours_short(rule.minutes)} {unit}{rule.about()}")
        elif rule.kind == "cap-hours":
            phrases.append(f"at most {hours_short(rule.minutes)} {unit}{rule.about()}")
        elif rule.kind == "min-count":
            phrases.append(f"at least {rule.number} activities{rule.about()}")
        else:
            phrases.append("only reflected activities count")
    if scheme.statement_words:
        phrases.append(f"statement of at most {scheme.statement_words} words")
    return phrases
