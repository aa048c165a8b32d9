"""The profile file, `<home>/cpdlog.toml`: read it for reports, write it for init.

Reading is plain Python (the [scheme] table is all that `status` needs, via
`scheme.choice_from`), so status stays off pydantic; `check` and `init`
validate the whole file with the pydantic Profile model.
"""

from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from cpdlog.core import scheme
from cpdlog.core.dates import parse_date
from cpdlog.core.duration import hours_number, parse_hours
from cpdlog.core.tomlfile import dump, read
from cpdlog.errors import CpdlogError, DataError, UsageError
from cpdlog.store.atomic import make_dirs, undo_folders, write_atomic
from cpdlog.store.home import Home


class ProfileData(NamedTuple):
    """What reports use of the profile: the person and their schemes (the
    first is the one the SPEC's status keys report on)."""

    person: dict[str, Any]
    schemes: list[scheme.Scheme]

    @property
    def scheme(self) -> scheme.Scheme:
        return self.schemes[0]


def load_profile(home: Home, wanted: str | None = None) -> ProfileData:
    """The profile and its schemes (CILIP revalidation when there is none).

    wanted, from --scheme, is a scheme name or "all" instead of the
    profile's choice. Raises DataError for a bad profile or scheme file, and
    UsageError for an unknown wanted name.
    """
    table: dict[str, Any] = {}
    if home.profile.exists():
        table, _text = read(home.profile)
    person = table.get("profile", {})
    try:
        choice = scheme.choice_from(table.get("scheme"))
        if not isinstance(person, dict):
            raise ValueError("[profile] must be a table")
    except ValueError as error:
        raise DataError(f"{home.profile}: {error}.") from None
    if wanted == "all":
        found, problems = scheme.all_schemes(home.root)
        if problems:
            raise DataError(str(problems[0]))
        names = [*choice.names, *(s.name for s in found if s.name not in choice.names)]
    else:
        names = [wanted] if wanted else list(choice.names)
    schemes = [_find(name, home, wanted is not None) for name in names]
    if schemes[0].name == choice.names[0]:
        schemes[0] = scheme.with_overrides(schemes[0], choice)
    return ProfileData(person, schemes)


def _find(name: str, home: Home, from_option: bool) -> scheme.Scheme:
    try:
        return scheme.find(name, home.root)
    except LookupError:
        message = f"There is no scheme called {name!r}; `cpdlog schemes` lists them."
        if from_option:
            raise UsageError(message) from None
        raise DataError(f"{home.profile}: {message}") from None


def values_from_options(
    name: str | None,
    registration: str | None,
    last_revalidated: str | None,
    target_hours: str | None,
    statement_words: int | None,
    today: date,
) -> dict[str, Any]:
    """The profile table for init, holding only what was given."""
    person: dict[str, Any] = {}
    if name is not None:
        person["name"] = name
    if registration is not None:
        try:
            person["registration"] = scheme.check_registration(registration)
        except ValueError as error:
            raise UsageError(f"--registration {registration!r}: {error}.") from None
    if last_revalidated is not None:
        person["last_revalidated"] = parse_date(
            last_revalidated, today, "--last-revalidated"
        )
    settings: dict[str, Any] = {}
    if target_hours is not None:
        # The same rule as --hours (above zero, at least a minute, finite),
        # kept to the minute like every figure of hours.
        minutes = parse_hours(target_hours, "--target-hours")
        settings["target_hours"] = (
            minutes // 60 if minutes % 60 == 0 else hours_number(minutes)
        )
    if statement_words is not None:
        settings["statement_words"] = statement_words
    table: dict[str, Any] = {"schema_version": 1}
    if person:
        table["profile"] = person
    if settings:
        table["scheme"] = settings
    return table


def write_profile(home: Home, table: dict[str, Any], force: bool) -> Path:
    """Create the home and write the profile; never replaces one without force."""
    home.check_usable()
    if home.profile.exists() and not force:
        raise CpdlogError(f"{home.profile} already exists; add --force to replace it.")
    with undo_folders() as created:
        created += make_dirs(home.activities)
        write_atomic(home.profile, dump(table).encode("utf-8"))
    return home.profile
