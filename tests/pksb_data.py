"""Hand-made PKSB data shared by the PKSB tests: the shipped framework,
with a user's own areas added when asked."""

import tomllib

from cpdlog.core import pksb, pksb_format

SHIPPED = pksb_format.shipped_text()


def framework(user_text: str | None = None) -> pksb.Framework:
    table = None if user_text is None else tomllib.loads(user_text)
    return pksb_format.load_framework(SHIPPED, table)


OWN_AREAS = """
[[area]]
code = "5.6"
name = "Information risk management"

[[area]]
code = "KM1"
name = "Knowledge  harvesting"
group = "Mine"

[[area]]
code = "5.60"
name = "Information risk appetite"
"""
