"""The one exception type cpdlog raises, and its two kinds.

Below the CLI nothing prints or exits: a problem the user can fix is raised
as a `CpdlogError` whose text is shown as is, and the CLI edge turns it into
that sentence on stderr and the exit code of its kind.
"""


class CpdlogError(Exception):
    """A problem the user can fix; str(error) is shown to them as is."""

    exit_code = 1


class UsageError(CpdlogError):
    """Bad input on the command line: a bad value, unknown or ambiguous ID."""

    exit_code = 2


class DataError(CpdlogError):
    """Stored data or the file system: an unreadable file, an unwritable home."""

    exit_code = 1
