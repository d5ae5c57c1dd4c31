"""Credentials and secrets, resolved at push time and never read from the topology.

Where they come from, first match wins:

- login credentials of a device (the model names a reference, ``credentials: henan/cpe``):
  1. values passed explicitly (the Ansible module's ``username``/``password``, e.g. from Vault);
  2. the credentials file's ``credentials:`` entry for the reference;
  3. ``MEDINFRA_USERNAME`` / ``MEDINFRA_PASSWORD`` from the environment.
- secrets in rendered configs (``<<secret:henan/netadmin>>``):
  1. ``MEDINFRA_SECRET_<REF>`` from the environment, REF upper-cased with every character
     other than a letter or digit turned into ``_`` (``MEDINFRA_SECRET_HENAN_NETADMIN``);
  2. the credentials file's ``secrets:`` entry.

The credentials file (path from ``MEDINFRA_CREDENTIALS_FILE``) is YAML, readable by its owner
only (like an SSH key) and must lie outside the topology directory::

    credentials:
      henan/cpe: {username: netops, password: "..."}
    secrets:
      henan/netadmin: "..."
"""

import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from medinfra.push.errors import CredentialsError
from medinfra.push.masking import Masker

USERNAME_ENV = "MEDINFRA_USERNAME"
PASSWORD_ENV = "MEDINFRA_PASSWORD"  # noqa: S105 - the name of a variable, not a password
FILE_ENV = "MEDINFRA_CREDENTIALS_FILE"
SECRET_ENV_PREFIX = "MEDINFRA_SECRET_"  # noqa: S105 - a prefix, not a secret
PLACEHOLDER = re.compile(r"<<secret:([a-z0-9][a-z0-9._/-]{0,127})>>")
_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Credentials:
    """A login for one device."""

    username: str
    password: str = field(repr=False)


def secret_env_name(ref: str) -> str:
    """The environment variable that holds a secret.

    Examples:
        >>> secret_env_name("henan/netadmin")
        'MEDINFRA_SECRET_HENAN_NETADMIN'
        >>> secret_env_name("union/snmp-auth.v2")
        'MEDINFRA_SECRET_UNION_SNMP_AUTH_V2'
    """
    return SECRET_ENV_PREFIX + re.sub(r"[^A-Za-z0-9]", "_", ref).upper()


def placeholders(text: str) -> list[str]:
    """The secret references named by placeholders in ``text``, sorted, each once.

    Examples:
        >>> placeholders("a <<secret:x/b>> c <<secret:x/a>> <<secret:x/b>>")
        ['x/a', 'x/b']
    """
    return sorted(set(PLACEHOLDER.findall(text)))


@dataclass(frozen=True)
class CredentialStore:
    """Everything a push may need to log in and to fill in secrets."""

    credentials: Mapping[str, Credentials] = field(default_factory=dict, repr=False)
    secrets: Mapping[str, str] = field(default_factory=dict, repr=False)
    environ: Mapping[str, str] = field(default_factory=dict, repr=False)
    source: Path | None = None
    explicit: Credentials | None = field(default=None, repr=False)

    def login(self, ref: str) -> Credentials:
        """The login for the devices whose model names the credentials reference ``ref``."""
        if self.explicit is not None:
            return self.explicit
        if ref in self.credentials:
            return self.credentials[ref]
        username, password = self.environ.get(USERNAME_ENV), self.environ.get(PASSWORD_ENV)
        if username and password is not None:
            return Credentials(username, password)
        where = f"{self.source}" if self.source else f"a credentials file ({FILE_ENV})"
        raise CredentialsError(
            f"no credentials for reference {ref!r}: set {USERNAME_ENV} and {PASSWORD_ENV}, "
            f"or add 'credentials: {{{ref}: {{username: ..., password: ...}}}}' to {where}"
        )

    def secret(self, ref: str) -> str | None:
        """The value of secret ``ref``, or None when it is nowhere to be found."""
        value = self.environ.get(secret_env_name(ref))
        if value is not None:
            return value
        return self.secrets.get(ref)

    def resolve(self, text: str) -> str:
        """Replace every ``<<secret:REF>>`` in ``text``; fail naming every missing secret."""
        missing = [ref for ref in placeholders(text) if self.secret(ref) is None]
        if missing:
            hints = ", ".join(f"{ref} ({secret_env_name(ref)})" for ref in missing)
            raise CredentialsError(
                f"secret(s) not found: {hints}; set the environment variable(s) or add them "
                "under 'secrets:' in the credentials file"
            )
        empty = [ref for ref in placeholders(text) if not (self.secret(ref) or "").strip()]
        if empty:
            hints = ", ".join(f"{ref} ({secret_env_name(ref)})" for ref in empty)
            raise CredentialsError(
                f"secret(s) empty: {hints}; an empty value would render a password line "
                "with no password; set a value"
            )
        unsafe = [ref for ref in placeholders(text) if _UNSAFE.search(self.secret(ref) or "")]
        if unsafe:
            raise CredentialsError(
                f"secret(s) {', '.join(unsafe)} contain whitespace or control characters, which "
                "would split or inject a config line; choose a value without them"
            )
        return PLACEHOLDER.sub(lambda match: self.secret(match.group(1)) or "", text)

    def masker(self) -> Masker:
        """A masker for every secret and password this store could put on a line."""
        values = [
            value for name, value in self.environ.items() if name.startswith(SECRET_ENV_PREFIX)
        ]
        passwords = [login.password for login in self.credentials.values()]
        passwords.append(self.environ.get(PASSWORD_ENV, ""))
        if self.explicit is not None:
            passwords.append(self.explicit.password)
        return Masker.of([*values, *self.secrets.values()], whole=passwords)


def _check_file_safety(path: Path, forbidden_roots: tuple[Path, ...]) -> None:
    resolved = path.resolve()
    for root in forbidden_roots:
        if resolved.is_relative_to(root.resolve()):
            raise CredentialsError(
                f"{path}: the credentials file lies inside {root}; keep secrets out of the "
                "topology directory and the repository"
            )
    mode = resolved.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise CredentialsError(
            f"{path}: readable by others (mode {stat.filemode(mode)}); run 'chmod 600 {path}'"
        )


def _yaml_error(path: Path, error: yaml.YAMLError) -> str:
    """Where the credentials file is not YAML, never what it says there (it holds secrets)."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else f"{path}"
    return (
        f"{where}: the credentials file is not valid YAML (the text is not shown: it may hold "
        "a secret); quote values that contain ':', '#', '{', '[' or start with a quote"
    )


def _parse_file(path: Path) -> tuple[dict[str, Credentials], dict[str, str]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as error:
        raise CredentialsError(f"{path}: cannot read the credentials file: {error}") from None
    except yaml.YAMLError as error:
        raise CredentialsError(_yaml_error(path, error)) from None
    if not isinstance(data, dict) or set(data) - {"credentials", "secrets"}:
        raise CredentialsError(f"{path}: expected a mapping with 'credentials' and/or 'secrets'")
    logins: dict[str, Credentials] = {}
    for ref, entry in (data.get("credentials") or {}).items():
        if not isinstance(entry, dict) or not {"username", "password"} <= set(entry):
            raise CredentialsError(
                f"{path}: credentials.{ref}: expected {{username: ..., password: ...}}"
            )
        logins[str(ref)] = Credentials(str(entry["username"]), str(entry["password"]))
    secrets = {str(ref): str(value) for ref, value in (data.get("secrets") or {}).items()}
    return logins, secrets


def load_store(
    environ: Mapping[str, str] | None = None,
    *,
    path: Path | None = None,
    forbidden_roots: tuple[Path, ...] = (),
    explicit: Credentials | None = None,
) -> CredentialStore:
    """Gather credentials from the environment and the credentials file.

    Args:
        environ: the environment to read (default ``os.environ``).
        path: the credentials file (default ``$MEDINFRA_CREDENTIALS_FILE``; none when unset).
        forbidden_roots: directories the file must not lie in (the topology's root).
        explicit: a login that overrides every other source (Ansible Vault variables).
    """
    env = dict(os.environ if environ is None else environ)
    if path is None and env.get(FILE_ENV):
        path = Path(env[FILE_ENV]).expanduser()
    if path is None:
        return CredentialStore(environ=env, explicit=explicit)
    if not path.is_file():
        raise CredentialsError(f"{path}: credentials file not found (from {FILE_ENV})")
    _check_file_safety(path, forbidden_roots)
    logins, secrets = _parse_file(path)
    return CredentialStore(logins, secrets, env, path, explicit)
