"""The revalidation rules that come from the profile's [scheme] table.

Period length, target hours and statement words are read here and nowhere
else, with the CILIP revalidation values as defaults, so that other
professional bodies' schemes can later be added as data.
"""

from decimal import Decimal
from typing import Any, NamedTuple

from cpdlog.duration import minutes_from_decimal

REGISTRATIONS = ("certification", "chartership", "fellowship")


class Scheme(NamedTuple):
    name: str = "cilip-revalidation"
    target_minutes: int = 20 * 60
    statement_words: int = 250
    period_months: int = 12

    @property
    def target_hours(self) -> int | float:
        hours = self.target_minutes / 60
        return int(hours) if hours == int(hours) else round(hours, 4)


CILIP = Scheme()


def _positive_number(table: dict[str, Any], key: str, whole: bool) -> Any:
    value = table[key]
    kinds = int if whole else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds) or not value > 0:
        what = "a whole number" if whole else "a number"
        raise ValueError(f"[scheme] {key} must be {what} above zero")
    return value


def settings_from(table: Any) -> Scheme:
    """The Scheme of a [scheme] table; missing keys take the CILIP values.

    Raises ValueError with a sentence naming the key.
    """
    if table is None:
        return CILIP
    if not isinstance(table, dict):
        raise ValueError("[scheme] must be a table")
    fields: dict[str, Any] = {}
    if "name" in table:
        if not isinstance(table["name"], str) or not table["name"].strip():
            raise ValueError("[scheme] name must be text")
        fields["name"] = table["name"]
    if "target_hours" in table:
        hours = _positive_number(table, "target_hours", whole=False)
        fields["target_minutes"] = minutes_from_decimal(Decimal(repr(hours)))
        if fields["target_minutes"] <= 0:
            raise ValueError("[scheme] target_hours must be at least one minute")
    if "statement_words" in table:
        fields["statement_words"] = _positive_number(
            table, "statement_words", whole=True
        )
    if "period_months" in table:
        fields["period_months"] = _positive_number(table, "period_months", whole=True)
    return CILIP._replace(**fields)


def check_registration(value: Any) -> str:
    """certification | chartership | fellowship, any case; stored lowercase."""
    if isinstance(value, str) and value.strip().lower() in REGISTRATIONS:
        return value.strip().lower()
    raise ValueError(f"registration must be one of {', '.join(REGISTRATIONS)}")
