"""The base of every error JoinedUp explains to its user rather than showing a traceback."""


class JoinedUpError(Exception):
    """A problem the user can fix; its message is one line that says what to do.

    The command line prints the message and exits with ``exit_code``.
    """

    exit_code: int = 1
