"""Schemes as data: each built-in scheme at and just under each rule, the
three period kinds, user scheme files, attributes and the forecast."""

import json
from datetime import date
from pathlib import Path

import pytest

from cpdlog.core.verdict import leave_day
from tests.conftest import cli, fails_cleanly
from tests.handmade import activity_text, write_activity


def status(*args: str, code: int = 0) -> dict:
    return json.loads(cli("status", "--json", *args, code=code).stdout)


def log(home: Path, day: str, minutes: int, n: int, **fields) -> None:
    """n activities of the given minutes on day (ids unique per call)."""
    tag = fields.pop("tag", "a")
    for i in range(n):
        aid = f"{tag}{day.replace('-', '')}{i:02d}"
        write_activity(home, f"{day}-x-{aid}.toml",
                       activity_text(id=aid, date=day, hours=round(minutes / 60, 4),
                                     **fields), day[:4])  # fmt: skip


def verdict(name: str, *args: str) -> dict:
    data = json.loads(cli("status", "--json", "--scheme", name, *args,
                          code=None).stdout)  # fmt: skip
    (found,) = [s for s in data["schemes"] if s["name"] == name]
    return found


def rule_met(result: dict) -> list[bool]:
    return [rule["met"] for rule in result["rules"]]


@pytest.mark.parametrize(("minutes", "met"), [(1199, False), (1200, True)])
def test_cilip_revalidation_at_and_under_20_hours(home: Path, minutes, met) -> None:
    log(home, "2026-05-04", minutes, 1)
    assert verdict("cilip-revalidation")["met"] is met
    assert status()["met"] is met


@pytest.mark.parametrize(
    ("total", "participatory", "accounts", "expected"),
    [
        (2100, 1200, 5, [True, True, True]),
        (2099, 1200, 5, [False, True, True]),
        (2100, 1199, 5, [True, False, True]),
        (2100, 1200, 4, [True, True, False]),
    ],
)
def test_nmc_revalidation_rules(home: Path, total, participatory, accounts,
                                expected) -> None:  # fmt: skip
    """The accounts are 1-minute activities; their minutes count in the total."""
    cli("init", "--last-revalidated", "2024-04-01")
    log(home, "2025-01-10", participatory, 1, tag="p", attributes=["participatory"])
    log(home, "2025-02-10", total - participatory - accounts, 1, tag="o")
    log(home, "2026-03-10", 1, accounts, tag="r", attributes=["reflective-account"])
    result = verdict("nmc-revalidation")
    assert result["window"] == {"start": "2024-04-01", "end": "2026-11-23"}
    assert result["deadline"] == "2027-03-31"
    assert result["hours"] == round(total / 60, 4)
    assert rule_met(result) == expected


@pytest.mark.parametrize(
    ("total", "formal", "expected"),
    [(1200, 600, [True, True]), (1199, 600, [False, True]), (1200, 599, [True, False])],
)
def test_rics_calendar_year(home: Path, total, formal, expected) -> None:
    log(home, "2026-02-01", formal, 1, tag="f", attributes=["formal"])
    log(home, "2026-03-01", total - formal, 1, tag="o")
    log(home, "2025-12-31", 6000, 1, tag="old")  # last year: does not count
    result = verdict("rics")
    assert rule_met(result) == expected
    assert result["window"]["start"] == "2026-01-01"
    assert result["deadline"] == "2026-12-31"


@pytest.mark.parametrize(("name", "hours"), [("rcvs-vet", 35), ("rcvs-vn", 15)])
def test_rcvs_counts_only_reflected_activities(home: Path, name, hours) -> None:
    log(home, "2026-02-01", hours * 30, 1, tag="r", reflection="Learned.")
    log(home, "2026-02-05", hours * 30 - 1, 1, tag="q", reflection="Learned.")
    log(home, "2026-02-02", 600, 1, tag="u")  # no reflection: not counted
    result = verdict(name)
    assert result["met"] is False
    assert result["hours"] == round((hours * 60 - 1) / 60, 4)
    log(home, "2026-02-03", 1, 1, tag="s", reflection="One more minute.")
    assert verdict(name)["met"] is True


@pytest.mark.parametrize(
    ("units", "verifiable", "expected"),
    [
        (2400, 1260, [True, True]),
        (2399, 1260, [False, True]),
        (2400, 1259, [True, False]),
    ],
)
def test_acca_unit_route(home: Path, units, verifiable, expected) -> None:
    log(home, "2026-04-01", verifiable, 1, tag="v", attributes=["verifiable"])
    log(home, "2026-04-02", units - verifiable, 1, tag="o")
    result = verdict("acca-unit-route")
    assert result["unit"] == "units"
    assert rule_met(result) == expected


def test_cilip_chartership_allows_a_1000_word_statement(home: Path) -> None:
    data = status("--scheme", "cilip-chartership")
    assert data["scheme"] == "cilip-chartership"
    assert data["statement"]["limit"] == 1000
    assert data["window"]["start"] == "2023-11-24"


def test_a_calendar_year_across_a_leap_day(home: Path) -> None:
    log(home, "2028-02-29", 600, 1, tag="leap", attributes=["formal"])
    log(home, "2027-12-31", 600, 1, tag="old", attributes=["formal"])
    result = verdict("rics", "--as-of", "2028-03-01")
    assert result["window"] == {"start": "2028-01-01", "end": "2028-03-01"}
    assert result["hours"] == 10.0


def test_a_cycle_from_a_leap_day(home: Path) -> None:
    cli("init", "--last-revalidated", "2024-02-29")
    result = verdict("nmc-revalidation", "--as-of", "2027-03-01")
    assert result["window"]["start"] == "2027-02-28"
    assert result["deadline"] == "2030-02-27"
    result = verdict("nmc-revalidation", "--as-of", "2027-02-27")
    assert result["window"]["start"] == "2024-02-29"


def test_a_cycle_without_its_start_date_looks_back_its_years(home: Path) -> None:
    result = verdict("nmc-revalidation")
    assert result["window"] == {"start": "2023-11-24", "end": "2026-11-23"}


def test_leave_day_of_a_rolling_window() -> None:
    assert leave_day(date(2025, 12, 1), 12) == date(2026, 12, 1)
    assert leave_day(date(2024, 2, 29), 12) == date(2025, 3, 1)
    # the window ending 2025-04-30 starts 2025-03-31 (the day after 03-30)
    assert leave_day(date(2025, 3, 31), 1) == date(2025, 5, 1)


def test_forecast_on_a_hand_computed_log(home: Path) -> None:
    """10 h on 2025-12-01 and 2026-03-01, 5 h on 2026-06-01, as-of 2026-11-23:
    the rolling total first reaches 20 h on 2026-03-01 (10 + 10); on
    2026-12-01 the December hours leave the window, 15 h remain, so 5 h are
    needed by then."""
    log(home, "2025-12-01", 600, 1)
    log(home, "2026-03-01", 600, 1)
    log(home, "2026-06-01", 300, 1)
    assert status()["forecast"] == {
        "reached": "2026-03-01",
        "drops_below": "2026-12-01",
        "hours_needed": 5.0,
        "by": "2026-12-01",
    }
    text = cli("status").stdout
    assert "reached 20 h on 2026-03-01" in text
    assert "drops below on 2026-12-01 unless you log 5 more hours" in " ".join(
        text.split()
    )


def test_forecast_when_the_target_is_not_met(home: Path) -> None:
    log(home, "2026-06-01", 300, 1)
    assert status()["forecast"] == {
        "reached": None,
        "drops_below": None,
        "hours_needed": 15.0,
        "by": None,
    }
    forecast = status("--scheme", "rics")["forecast"]
    assert forecast["by"] == "2026-12-31"
    assert forecast["hours_needed"] == 15.0


def test_status_short(home: Path) -> None:
    log(home, "2026-06-01", 870, 1)
    log(home, "2026-06-02", 60, 1, tag="r", reflection="Learned.")
    result = cli("status", "--short")
    assert result.stdout == "15.5/20 h · 1 unreflected · statement 0/250\n"


def test_scheme_all_judges_every_scheme(home: Path) -> None:
    data = status("--scheme", "all")
    names = [s["name"] for s in data["schemes"]]
    assert names[0] == "cilip-revalidation"
    assert set(names) == {
        "cilip-revalidation",
        "cilip-chartership",
        "nmc-revalidation",
        "rics",
        "rcvs-vet",
        "rcvs-vn",
        "acca-unit-route",
    }
    for scheme in data["schemes"]:
        assert {"name", "met", "window", "rules"} <= set(scheme)
        for rule in scheme["rules"]:
            assert {"kind", "met", "value", "required"} <= set(rule)


def test_the_profile_names_several_schemes(home: Path) -> None:
    home.mkdir()
    (home / "cpdlog.toml").write_text(
        '[scheme]\nname = "cilip-revalidation"\nalso = ["rics"]\n'
    )
    log(home, "2026-06-01", 1200, 1, attributes=["formal"])
    data = status()
    assert [s["name"] for s in data["schemes"]] == ["cilip-revalidation", "rics"]
    assert all(s["met"] for s in data["schemes"])
    assert "RICS CPD: met" in " ".join(cli("status").stdout.split())


def test_unknown_scheme_is_exit_2(home: Path) -> None:
    fails_cleanly(cli("status", "--scheme", "banana", code=2), 2)


USER_SCHEME = """\
name = "my-body"
title = "My professional body"
body = "A body of my own"
[period]
kind = "rolling"
months = 24
[[rule]]
kind = "min-hours"
hours = 30
[[rule]]
kind = "cap-hours"
hours = 5
type = "reading"
[[rule]]
kind = "min-hours"
hours = 2
attribute = "mentoring-given"
"""


def test_a_user_scheme_file(home: Path) -> None:
    (home / "schemes").mkdir(parents=True)
    (home / "schemes" / "mine.toml").write_text(USER_SCHEME)
    listed = cli("schemes").stdout
    assert "my-body" in listed
    assert "(yours:" in listed
    cli("add", "Mentor", "--hours", "2", "-t", "mentoring",
        "--attribute", "mentoring-given")  # fmt: skip
    log(home, "2025-06-01", 600, 1, type="reading")
    result = verdict("my-body")
    assert result["window"]["start"] == "2024-11-24"
    assert result["hours"] == 7.0  # 2 + reading capped at 5
    assert rule_met(result) == [False, True, True]


def test_a_broken_user_scheme_names_the_line(home: Path) -> None:
    (home / "schemes").mkdir(parents=True)
    broken = home / "schemes" / "broken.toml"
    broken.write_text('name = "broken"\n[[rule]]\nkind = "min-hours"\n')
    result = cli("schemes", code=1)
    assert f"{broken}:2: [[rule]] number 1: min-hours needs hours." in result.stderr
    assert "cilip-revalidation" in result.stdout
    bad_toml = home / "schemes" / "bad.toml"
    bad_toml.write_text('name = "bad\n')
    result = cli("schemes", code=1)
    assert f"{bad_toml}:1:" in result.stderr
    result = cli("status", "--scheme", "broken", code=1)
    assert f"{broken}:2:" in result.stderr


def test_attributes_on_add_and_edit(home: Path) -> None:
    aid = cli("add", "Ward teaching", "--hours", "2", "-t", "workshop",
              "--attribute", "participatory").stdout.strip()  # fmt: skip
    shown = json.loads(cli("show", aid, "--json").stdout)
    assert shown["attributes"] == ["participatory"]
    cli("edit", aid, "--attribute", "formal", "--attribute", "ethics")
    assert json.loads(cli("show", aid, "--json").stdout)["attributes"] == [
        "formal",
        "ethics",
    ]
    cli("edit", aid, "--clear", "attributes")
    assert "attributes" not in json.loads(cli("show", aid, "--json").stdout)
    (path,) = (home / "activities").rglob("*.toml")
    assert "attributes" not in path.read_text()
    fails_cleanly(cli("add", "X", "--hours", "1", "-t", "reading",
                      "--attribute", "banana", code=2), 2)  # fmt: skip
    fails_cleanly(cli("add", "X", "--hours", "1", "-t", "reading",
                      "--attribute", "Not A Word", code=2), 2)  # fmt: skip


def test_check_reports_scheme_problems(home: Path, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # one problem a line
    (home / "schemes").mkdir(parents=True)
    (home / "schemes" / "broken.toml").write_text('name = "x"\n[period]\nkind = 3\n')
    (home / "cpdlog.toml").write_text('[scheme]\nname = "nope"\n')
    write_activity(home, "2026-05-04-a-hand.toml",
                   activity_text(attributes=["unheard-of"]))  # fmt: skip
    report = " ".join(cli("check", code=1).stdout.split())
    assert "broken.toml:3: [period] kind must be one of" in report
    assert "names the scheme 'nope'" in report
    assert "the attribute 'unheard-of' is named by no scheme" in report


def test_a_reflected_only_scheme_counts_the_same_activities_everywhere(
    home: Path,
) -> None:
    """Judged by rcvs-vet, hours and the by-area and by-type figures all
    leave out the unreflected activity (issue 13: they once said 3.0 and
    8.0)."""
    log(home, "2026-02-01", 180, 1, tag="r", reflection="Learned.", areas=["personal"])
    log(home, "2026-02-02", 300, 1, tag="u", areas=["personal"])  # not reflected
    report = status("--scheme", "rcvs-vet")
    assert report["hours"] == 3.0
    assert report["by_area"]["personal"] == 3.0
    assert sum(report["by_type"].values()) == 3.0
