"""The push layer's errors, all under :class:`medinfra.errors.MedinfraError`."""

from medinfra.errors import MedinfraError


class PushError(MedinfraError):
    """A push could not be done (or one device of it failed)."""


class CredentialsError(PushError):
    """Credentials or a secret could not be found, or the credentials file is unsafe."""


class HostKeyError(PushError):
    """The device's SSH host key is unknown or does not match the known-hosts file."""


class IdentityError(PushError):
    """The device that answered is not the device the model names."""


class VerificationError(PushError):
    """After a push (or a restore) the device does not hold the expected configuration."""


class LockBusyError(PushError):
    """Another push is already working on the device or the site."""


class RefusedError(PushError):
    """The remediation would touch what a push must not: a conflict with the model, a
    protected line, or more removals than the limit. Raised before anything is sent."""
