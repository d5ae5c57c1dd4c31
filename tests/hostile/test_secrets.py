"""No secret leaves memory except into the device line that needs it (issue #21, secrets).

Every secret of a push is a random canary; the tests read every output channel (stdout and
stderr of ``medinfra push``, ``ansible-playbook``'s output) and every file the run wrote (the
audit log, the lab's state and logs) and fail when a canary, or a fragment of one, shows up.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from medinfra.errors import TopologyError
from medinfra.lab import RejectCommand
from medinfra.load import load_topology
from medinfra.model import Platform
from medinfra.push.connection import Endpoint
from medinfra.push.credentials import load_store
from medinfra.push.engine import PushOptions, push_device
from medinfra.push.errors import CredentialsError
from medinfra.push.masking import Masker
from medinfra.push.runner import build_jobs, select_devices
from medinfra.render import render_device
from tests.conftest import INVENTORY, REPO, replace_in
from tests.hostile.canaries import canary_env, leaks, leaks_in_files
from tests.push.labkit import example_lab, free_port

HENAN = "henan-provincial-hospital"
MEDINFRA = str(Path(sys.executable).parent / "medinfra")
SECRET_LINES = {
    "XC-CPE-01": r"^local-user netadmin password",
    "HPPH-CPE-01": r"^snmp-agent usm-user v3 \S+ authentication-mode",
}


@pytest.mark.lab
@pytest.mark.slow
def test_rejected_secret_lines_print_no_secret_in_summary_audit_or_files(tmp_path):
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.85.1") as (topology, lab):
        env = canary_env(topology)
        env.update(
            MEDINFRA_LOCK_DIR=str(tmp_path / "locks"),
            MEDINFRA_AUDIT_LOG=str(tmp_path / "audit.jsonl"),
            COLUMNS="400",
        )
        for host, pattern in SECRET_LINES.items():
            lab.inject(host, RejectCommand(pattern))
        command = [MEDINFRA, "push", str(INVENTORY / HENAN), "--lab", str(state), "--quiet"]
        done = subprocess.run(
            [*command, "--timeout", "5", "--diff"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        configs = "\n".join(lab.running_config(host) for host in SECRET_LINES)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.count("rolled-back │") == 2, done.stdout
    assert "the device refused a line (Error:" in done.stdout  # the device's own words
    assert leaks(done.stdout + done.stderr, env) == []
    assert leaks(configs, env) == []  # the lab stores a cipher, never the value
    assert leaks_in_files(tmp_path, env) == {}
    assert (tmp_path / "audit.jsonl").read_text(encoding="utf-8").count("******") == 2


def _ansible(
    env: dict[str, str], state: Path, tmp: Path, lock_dir: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``ansible-playbook site.yml --limit site_xincai_branch`` against the lab; the lock
    directory is ``lock_dir`` (default ``tmp/locks``), or the environment's when None."""
    bin_dir = Path(sys.executable).parent
    env = {
        **env,
        "ANSIBLE_CONFIG": str(REPO / "ansible.cfg"),
        "ANSIBLE_HOME": str(tmp / "ansible-home"),
        "ANSIBLE_LOCAL_TEMP": str(tmp / "ansible-tmp"),
        "ANSIBLE_NOCOLOR": "1",
        "MEDINFRA_LAB_STATE": str(state),
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    command = [str(bin_dir / "ansible-playbook"), str(REPO / "site.yml")]
    command += ["-i", str(INVENTORY / HENAN / "medinfra.yml"), "--limit", "site_xincai_branch"]
    command += ["-e", f"medinfra_audit_log={tmp / 'audit.jsonl'}", "-e", "medinfra_timeout=5"]
    if lock_dir is not None or "MEDINFRA_LOCK_DIR" not in env:
        command += ["-e", f"medinfra_lock_dir={lock_dir or tmp / 'locks'}"]
    return subprocess.run(
        command, env=env, cwd=tmp, capture_output=True, text=True, timeout=240, check=False
    )


@pytest.mark.lab
@pytest.mark.ansible
@pytest.mark.slow
def test_ansible_fatal_line_of_a_rejected_secret_line_masks_it(tmp_path):
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.85.11") as (topology, lab):
        env = canary_env(topology)
        lab.inject("XC-CPE-01", RejectCommand(SECRET_LINES["XC-CPE-01"]))
        done = _ansible(env, state, tmp_path)
    output = done.stdout + done.stderr
    assert "fatal: [XC-CPE-01]" in output and "irreversible-cipher ******" in output, output
    assert leaks(output, env) == []
    assert leaks_in_files(tmp_path, env) == {}


def test_credentials_file_syntax_error_shows_the_position_never_the_text(tmp_path):
    canary = "Cnry-5a0c1f2e9d7b"
    path = tmp_path / "creds" / "medinfra.yaml"
    path.parent.mkdir()
    path.write_text(f'secrets:\n  henan/netadmin: "{canary}\n  henan/x: y\n', encoding="utf-8")
    path.chmod(0o600)
    with pytest.raises(CredentialsError) as caught:
        load_store({}, path=path)
    message = str(caught.value)
    assert message.startswith(f"{path}:")
    assert "not valid YAML" in message
    assert canary[:8] not in message and "netadmin" not in message


@pytest.mark.parametrize("value", ["", "   "])
def test_empty_or_blank_secret_is_refused_before_connecting(value):
    topology = load_topology(INVENTORY / HENAN).topology
    selected = select_devices(topology, hostnames=["XC-CPE-01"])
    (job,) = build_jobs(topology, selected, render_device)
    port = free_port()  # nobody listens: a connection attempt would say so
    job = type(job)(
        job.site,
        job.device,
        job.intended,
        Endpoint("XC-CPE-01", Platform.HUAWEI_VRP, "127.0.85.20", port),
    )
    env = {k: "Cnry-long-value-1" for k in canary_env(topology) if k.startswith("MEDINFRA_SECRET_")}
    env.update(MEDINFRA_USERNAME="u", MEDINFRA_PASSWORD="p", MEDINFRA_SECRET_HENAN_NETADMIN=value)
    result = push_device(job, load_store(env), PushOptions())
    assert result.failed and not result.changed
    assert "secret(s) empty: henan/netadmin (MEDINFRA_SECRET_HENAN_NETADMIN)" in result.error
    assert "connect" not in result.error


@pytest.mark.parametrize(
    ("example", "file", "old", "new", "line"),
    [
        (
            HENAN,
            "topology.yaml",
            "  banner: Henan",
            "  banner: <<secret:henan/netadmin>> Henan",
            34,
        ),
        (
            HENAN,
            "sites/hpph-main.yaml",
            "description: China",
            "description: <<secret:henan/auditor>> China",
            0,
        ),
        (  # an ONT's room: free text on the OLT's 'ont add ... desc'
            "union-shenzhen-campus",
            "sites/union-main.yaml",
            "room: Ward 3-01}",
            "room: Ward <<secret:union/netadmin>>}",
            0,
        ),
    ],
    ids=["banner", "site-description", "ont-room"],
)
def test_a_placeholder_outside_a_secret_field_is_a_load_error_with_file_and_line(
    example_copy, example, file, old, new, line
):
    root = example_copy(example)
    text = (root / file).read_text(encoding="utf-8")
    expected_line = line or text[: text.index(old)].count("\n") + 1
    replace_in(root / file, old, new)
    with pytest.raises(TopologyError) as caught:
        load_topology(root)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.location is not None
    assert (diagnostic.location.file, diagnostic.location.line) == (
        f"topo/{file}",
        expected_line,
    )
    assert "allowed only in the fields meant for secrets" in diagnostic.message


def test_masker_hides_values_fragments_and_wrapped_tails():
    secret = "Cnry0123456789abcdef"
    mask = Masker.of([secret, ""])
    assert mask.text(f"a {secret} b") == "a ******"
    wrapped_long, wrapped_short = secret[:11] + "\n" + secret[11:], secret[:16] + "\n" + secret[16:]
    assert mask.text(f"x cipher {wrapped_long} next") == "x cipher ******\n******"
    assert mask.text(f"x cipher {wrapped_short} next") == "x cipher ******\n****** next"
    assert mask.text("Error: Wrong parameter found at '^' position.") == (
        "Error: Wrong parameter found at '^' position."
    )
    assert Masker.of([]).text(secret) == secret
