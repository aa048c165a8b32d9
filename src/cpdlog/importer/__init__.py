"""Reading what happened elsewhere (calendars, other CSV logs) as draft activities.

`from_ics` reads iCalendar files, `from_csv` reads cpdlog's own CSV export and
the PyPI `cpdlog` package's log; both return an `items.Imported` of TOML-ready
draft dicts and never touch the home. Importing this package costs nothing:
only the module a command needs is imported.
"""
