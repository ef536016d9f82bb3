"""The exceptions usconf raises. Every expected failure is a UsconfError with a one-line message."""
from usconf.spec import codes


class UsconfError(Exception):
    """Root of every error usconf expects and reports as one clear line."""

    exit_code = 1


class ValidationError(UsconfError):
    """The desired state is invalid. `problems` holds one line per problem: FILE:LINE:COL: path: message."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class DeviceError(UsconfError):
    """The device refused a request with a negative result code."""

    def __init__(self, code, name=None, description=None, method=None):
        known = codes.lookup(code)
        self.code = code
        self.name = name or known.name
        self.description = description or known.description
        self.method = method
        where = f"{method}: " if method else ""
        super().__init__(f"{where}device refused with {self.code} {self.name}: {self.description}")

    def __repr__(self):
        return f"DeviceError({self.code}, {self.name!r}, {self.description!r})"


class ConnectionFailed(UsconfError):
    """The device could not be reached, timed out, or is not an Ultra Stream."""


class MalformedAnswer(ConnectionFailed):
    """The device answered, but not in the shape the reference gives (a field missing or of another kind)."""


class AuthenticationFailed(UsconfError):
    """Wrong username or password."""


class PlanError(UsconfError):
    """The desired state cannot be reached (a device rule forbids it) or a saved plan is stale."""


class OnAirError(PlanError):
    """The device is live or recording and the plan would interrupt it; nothing was sent."""


class ApplyError(UsconfError):
    """A plan failed while being applied. `changed`: the device was left different from before."""

    def __init__(self, message, changed=False, result=None):
        super().__init__(message)
        self.changed = changed
        self.result = result
