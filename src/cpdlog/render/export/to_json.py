"""JSON: profile, window, status (as `status --json`), activities, statement."""

import json
from typing import Any

from cpdlog.core.report import status_json
from cpdlog.render.jsonify import activity_json, json_value

# The profile's keys of the SPEC: null when absent (SPEC, JSON); the others
# a profile holds appear as stored.
PROFILE_KEYS = {"name": None, "registration": None, "last_revalidated": None}


def render(submission: Any) -> str:
    report = submission.report
    status = status_json(report)
    document = {
        "profile": json_value({**PROFILE_KEYS, **report.person}),
        "window": status["window"],
        "status": status,
        "activities": [
            activity_json(stored.activity.table(), stored.path)
            for stored in (
                submission.stored[a.id]
                for a in report.activities
                if a.id in submission.stored
            )
        ],
        "statement": submission.statement,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
