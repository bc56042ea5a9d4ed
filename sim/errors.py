"""User-facing errors: the command line prints them as one paragraph and exits with status 2."""


class GovsimError(Exception):
    """Bad input from a user (a file, a name, a value): the message says what is allowed."""


class ParameterError(GovsimError, ValueError):
    """An unknown parameter name, a wrong type or a value out of range."""


class ScenarioError(GovsimError):
    """A scenario that cannot be found, parsed or resolved."""
