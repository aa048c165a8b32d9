"""The profile file, `<home>/cpdlog.toml`: read it for reports, write it for
`init` and `profile set`.

Reading goes through `core.profile.read_profile`, the one reader every
command shares. Writing changes only the keys given and keeps every other
key; it is refused when the file changed since it was read, and `init`
without `--force` creates the file exclusively, so two `init`s never both
succeed.
"""

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from cpdlog.core import scheme
from cpdlog.core.profiles import Profile, Setting, read_profile, with_setting
from cpdlog.core.tomlfile import decode, dump, parse
from cpdlog.errors import (
    CpdlogError,
    DataError,
    Problem,
    ProblemError,
    UsageError,
    data_error,
)
from cpdlog.store.atomic import make_dirs, write_atomic
from cpdlog.store.home import Home
from cpdlog.store.lock import locked


class ProfileData(NamedTuple):
    """What reports use of the profile: the person and their schemes (the
    first is the one the SPEC's status keys report on)."""

    person: dict[str, Any]
    schemes: list[scheme.Scheme]

    @property
    def scheme(self) -> scheme.Scheme:
        return self.schemes[0]


def read_table(home: Home) -> tuple[dict[str, Any], bytes | None]:
    """The profile's TOML table and its bytes (None when there is no file).
    Raises ProblemError naming path:line:col."""
    try:
        raw = home.profile.read_bytes()
    except FileNotFoundError:
        return {}, None
    except OSError as error:
        raise data_error(home.profile, error, "read the profile") from None
    return parse(home.profile, decode(home.profile, raw)), raw


def _checked(home: Home, table: Mapping[str, Any]) -> Profile:
    """The profile of table. Raises ProblemError naming the file and key."""
    try:
        return read_profile(table)
    except ValueError as error:
        raise ProblemError(Problem(home.profile, None, None, f"{error}.")) from None


def load_profile(home: Home, wanted: str | None = None) -> ProfileData:
    """The profile and its schemes (CILIP revalidation when there is none).

    wanted, from --scheme, is a scheme name or "all" instead of the
    profile's choice. Raises DataError for a bad profile or scheme file, and
    UsageError for an unknown wanted name.
    """
    profile = _checked(home, read_table(home)[0])
    choice = profile.choice
    if wanted == "all":
        found, problems = scheme.all_schemes(home.root)
        if problems:
            raise ProblemError(*problems)
        names = [*choice.names, *(s.name for s in found if s.name not in choice.names)]
    else:
        names = [wanted] if wanted is not None else list(choice.names)
    schemes = [_find(name, home, wanted is not None) for name in names]
    if schemes[0].name == choice.names[0]:
        schemes[0] = scheme.with_overrides(schemes[0], choice)
    return ProfileData(profile.person, schemes)


def _find(name: str, home: Home, from_option: bool) -> scheme.Scheme:
    try:
        return scheme.find(name, home.root)
    except LookupError:
        message = f"There is no scheme called {name!r}; `cpdlog schemes` lists them."
        if from_option:
            raise UsageError(message) from None
        raise DataError(f"{home.profile}: {message}") from None


def parse_settings(
    given: Mapping[Setting, str], today: date, options: Mapping[Setting, str]
) -> list[tuple[Setting, Any]]:
    """The values of the settings given on the command line, each checked as
    `init` checks it (options names each setting's flag). Raises UsageError."""
    return [
        (setting, setting.parse(text, today, options[setting]))
        for setting, text in given.items()
    ]


def write_settings(
    home: Home, values: list[tuple[Setting, Any]], create: bool, force: bool
) -> Path:
    """Set the given profile keys and keep every other one.

    create (init): without force the file must not exist yet (it is
    created exclusively); with force an existing profile keeps its other
    keys. Either way a profile that cannot be read is named and left as it
    is, and the file is written only if unchanged since it was read.
    """
    with locked(home) as created:
        created += make_dirs(home.activities) if create else []
        table, raw = read_table(home)  # a damaged file is named, never replaced
        if create and raw is not None and not force:
            raise CpdlogError(
                f"{home.profile} already exists; add --force to change the keys "
                "given (the others are kept), or use cpdlog profile set KEY VALUE."
            )
        new: dict[str, Any] = {"schema_version": 1, **table}
        for setting, value in values:
            new = with_setting(new, setting, value)
            if setting.table == "scheme" and setting.key in ("name", "also"):
                for name in [value] if isinstance(value, str) else value:
                    _find(name, home, from_option=True)  # exit 2, nothing written
        _checked(home, new)
        _write(home, dump(new).encode("utf-8"), raw, exclusive=raw is None)
    return home.profile


def _write(home: Home, data: bytes, raw: bytes | None, exclusive: bool) -> None:
    """Write the profile; only over the bytes read (raw), or where there is
    no file at all when exclusive."""
    if not exclusive:
        try:
            current: bytes | None = home.profile.read_bytes()
        except OSError:
            current = None
        if current != raw:
            raise DataError(
                f"{home.profile}: the file changed while cpdlog read it; nothing "
                "was written. Run the command again."
            )
    try:
        write_atomic(home.profile, data, exclusive=exclusive)
    except FileExistsError:
        raise CpdlogError(
            f"{home.profile} already exists (it was created meanwhile); add "
            "--force to change the keys given."
        ) from None
