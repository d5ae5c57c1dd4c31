"""Errors of the cloud layer: a topology the cloud cannot be built from as written."""

from medinfra.errors import MedinfraError

ModelPath = tuple[str | int, ...]


class CloudError(MedinfraError):
    """The cloud cannot be declared from this topology or stack configuration as written.

    ``path`` is the model path of the offending part (e.g. ``("cloud", "tenants", 0,
    "policies", 4)``) so the CLI can name the file and line.
    """

    def __init__(self, message: str, path: ModelPath = ()) -> None:
        super().__init__(message)
        self.path = path
