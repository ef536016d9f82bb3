"""Connection defaults, in a module of their own so the CLI can show them without loading the HTTP stack."""

DEFAULT_TIMEOUT = 5.0           # seconds to wait for each answer
DEFAULT_CLOUD_PORT = 8070       # the device's cloud API
