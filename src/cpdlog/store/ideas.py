"""Ideas for a report, with the home's PKSB gaps when it has a pksb.toml.

The PKSB modules are imported only when the home has that file, so a
status without one stays as light as before.
"""

from typing import TYPE_CHECKING

from cpdlog.errors import Problem
from cpdlog.store.home import Home

if TYPE_CHECKING:
    from cpdlog.core.ideas import Idea
    from cpdlog.core.report import Report


def find_ideas(home: Home, report: "Report") -> "tuple[list[Idea], list[Problem]]":
    """The report's ideas, with the PKSB gaps when the home has a pksb.toml
    (read only then), and the problems of a damaged one (its ideas are left
    out)."""
    from cpdlog.core import ideas as coaching

    if not home.pksb.exists():
        return coaching.ideas(report), []
    from cpdlog.store.pksb_file import read_or_problems

    data, damage = read_or_problems(home)
    if data is None:
        return coaching.ideas(report), damage
    groups = {area.name: area.group for area in data.framework}
    return coaching.ideas(report, data.assess((), report.as_of), groups), []


def first_idea_step(home: Home, report: "Report") -> list[str]:
    """status's next step from the first idea ([] when there is none). A
    damaged pksb.toml only leaves its ideas out: `check` names it."""
    from cpdlog.core.ideas import step_text

    found, _damage = find_ideas(home, report)
    return [step_text(found[0])] if found else []
