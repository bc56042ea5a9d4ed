"""User-facing errors: the command line prints them as one paragraph and exits with status 2."""


class GovsimError(Exception):
    """Bad input from a user (a file, a name, a value): the message says what is allowed."""


class ParameterError(GovsimError, ValueError):
    """An unknown parameter name, a wrong type or a value out of range."""


class ScenarioError(GovsimError):
    """A scenario that cannot be found, parsed or resolved."""


class ResultsError(GovsimError):
    """A results folder that is missing, damaged, foreign or inconsistent."""


class OutputError(GovsimError):
    """A file or folder that cannot be written, or that govsim will not overwrite."""


class LimitError(GovsimError):
    """An input asking for more work or memory than the stated limits allow."""
