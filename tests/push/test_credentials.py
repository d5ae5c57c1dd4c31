"""Credentials and secrets: sources in order, unsafe files refused, placeholders resolved."""

from pathlib import Path

import pytest

from medinfra.push.credentials import (
    Credentials,
    load_store,
    placeholders,
    secret_env_name,
)
from medinfra.push.errors import CredentialsError

FILE_TEXT = """\
credentials:
  henan/cpe: {username: netops, password: file-pass}
secrets:
  henan/netadmin: from-file
  henan/auditor: audit-file
"""


def _file(tmp_path: Path, text: str = FILE_TEXT, mode: int = 0o600) -> Path:
    path = tmp_path / "secrets" / "medinfra-credentials.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_environment_login_used_when_the_file_has_no_entry(tmp_path):
    env = {"MEDINFRA_USERNAME": "lab", "MEDINFRA_PASSWORD": "lab-pass"}
    store = load_store(env, path=_file(tmp_path))
    assert store.login("henan/dc-edge") == Credentials("lab", "lab-pass")


def test_file_entry_wins_over_environment_and_explicit_wins_over_both(tmp_path):
    env = {"MEDINFRA_USERNAME": "lab", "MEDINFRA_PASSWORD": "lab-pass"}
    store = load_store(env, path=_file(tmp_path))
    assert store.login("henan/cpe") == Credentials("netops", "file-pass")
    vault = Credentials("vault-user", "vault-pass")
    assert load_store(env, path=_file(tmp_path / "x"), explicit=vault).login("henan/cpe") == vault


def test_file_path_taken_from_the_environment(tmp_path):
    path = _file(tmp_path)
    store = load_store({"MEDINFRA_CREDENTIALS_FILE": str(path)})
    assert store.source == path
    assert store.login("henan/cpe").username == "netops"


def test_missing_login_names_the_reference_and_the_variables():
    with pytest.raises(CredentialsError) as caught:
        load_store({}).login("henan/cpe")
    assert "'henan/cpe'" in str(caught.value)
    assert "MEDINFRA_USERNAME" in str(caught.value)


def test_group_readable_file_is_refused(tmp_path):
    path = _file(tmp_path, mode=0o640)
    with pytest.raises(CredentialsError, match="chmod 600"):
        load_store({}, path=path)


def test_file_inside_the_topology_is_refused(tmp_path):
    path = _file(tmp_path)
    with pytest.raises(CredentialsError, match="inside"):
        load_store({}, path=path, forbidden_roots=(tmp_path,))


def test_malformed_entry_is_refused_with_its_path(tmp_path):
    path = _file(tmp_path, "credentials:\n  henan/cpe: {username: x}\n")
    with pytest.raises(CredentialsError, match=r"credentials\.henan/cpe"):
        load_store({}, path=path)


def test_secret_from_environment_wins_over_file(tmp_path):
    env = {secret_env_name("henan/netadmin"): "from-env"}
    store = load_store(env, path=_file(tmp_path))
    text = "local-user netadmin password irreversible-cipher <<secret:henan/netadmin>>"
    assert store.resolve(text).endswith(" from-env")
    assert store.resolve("x <<secret:henan/auditor>>") == "x audit-file"


def test_every_missing_secret_is_named_with_its_variable():
    store = load_store({})
    with pytest.raises(CredentialsError) as caught:
        store.resolve("<<secret:a/one>> <<secret:b/two>>")
    assert "a/one (MEDINFRA_SECRET_A_ONE)" in str(caught.value)
    assert "b/two (MEDINFRA_SECRET_B_TWO)" in str(caught.value)


def test_placeholders_and_env_names():
    assert placeholders("<<secret:x/b>> <<secret:x/a>>") == ["x/a", "x/b"]
    assert secret_env_name("union/snmp-auth") == "MEDINFRA_SECRET_UNION_SNMP_AUTH"


def test_secret_with_a_newline_is_refused_so_it_cannot_inject_a_line():
    store = load_store({secret_env_name("a/b"): "pw\nundo aaa"})
    with pytest.raises(CredentialsError, match="control characters"):
        store.resolve("local-user x password irreversible-cipher <<secret:a/b>>")
