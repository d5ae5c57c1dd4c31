"""The transport under the push: netmiko's drivers, waited-for reads, known_hosts parsed once.

Against the lab over real SSH (addresses 127.0.150.x, the speed work's block).
"""

import re
import threading
import time
from dataclasses import replace
from pathlib import Path

import paramiko
import pytest
from netmiko.exceptions import ReadTimeout

from medinfra.lab.faults import DropAfter, Latency
from medinfra.model import Platform
from medinfra.push import connection as connection_module
from medinfra.push import transport
from medinfra.push.connection import Endpoint, connect
from medinfra.push.credentials import Credentials
from medinfra.push.errors import HostKeyError
from tests.push.labkit import LAB_PASSWORD, LAB_USER, example_lab

HENAN = "henan-provincial-hospital"
LOGIN = Credentials(LAB_USER, LAB_PASSWORD)


def _known_hosts(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "known_hosts"
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


def _ed25519_line(name: str, seed: int) -> tuple[str, str]:
    """A known_hosts line for ``name`` with a made-up (syntactically valid) ed25519 key."""
    blob = paramiko.Message()
    blob.add_string("ssh-ed25519")
    blob.add_string(bytes([seed]) * 32)
    key = paramiko.Ed25519Key(data=blob.asbytes())
    return f"{name} ssh-ed25519 {key.get_base64()}", key.get_base64()


def test_recorded_keys_match_plain_bracketed_and_hashed_names(tmp_path: Path) -> None:
    plain, plain_b64 = _ed25519_line("[127.0.150.9]:2222", 1)
    other, _ = _ed25519_line("[127.0.150.10]:2222", 2)
    hashed_name = paramiko.HostKeys.hash_host("10.1.2.3")
    hashed, hashed_b64 = _ed25519_line(hashed_name, 3)
    path = _known_hosts(tmp_path, [plain, other, hashed, "# a comment", ""])
    assert [k.get_base64() for k in transport.recorded_keys(path, "[127.0.150.9]:2222")] == [
        plain_b64
    ]
    assert [k.get_base64() for k in transport.recorded_keys(path, "10.1.2.3")] == [hashed_b64]
    assert transport.recorded_keys(path, "127.0.150.9") == []  # port 22 is another name


def test_recorded_keys_follow_a_changed_file(tmp_path: Path) -> None:
    first, first_b64 = _ed25519_line("[127.0.150.11]:2222", 4)
    path = _known_hosts(tmp_path, [first])
    assert [k.get_base64() for k in transport.recorded_keys(path, "[127.0.150.11]:2222")] == [
        first_b64
    ]
    second, second_b64 = _ed25519_line("[127.0.150.12]:2222", 5)
    with path.open("a", encoding="utf-8") as handle:  # what learn_host_key does
        handle.write(second + "\n")
    keys = transport.recorded_keys(path, "[127.0.150.12]:2222")
    assert [k.get_base64() for k in keys] == [second_b64]


def test_driver_is_netmikos_own_with_the_waiting_reads() -> None:
    from netmiko.ssh_dispatcher import ssh_dispatcher

    cls = transport.driver("huawei")
    assert issubclass(cls, ssh_dispatcher("huawei"))
    assert cls.__mro__[1] is transport.WaitingReads
    assert transport.driver("huawei") is cls  # built once


def test_host_key_still_checked_against_known_hosts(tmp_path: Path) -> None:
    state = tmp_path / "lab"
    with example_lab(HENAN, state, "127.0.150.1") as (_topology, lab):
        device = lab.devices[0]
        name = f"[{device.address}]:{device.port}"
        wrong, _ = _ed25519_line(name, 7)
        known = _known_hosts(tmp_path, [wrong])
        with pytest.raises(HostKeyError, match="differs"):
            connect(replace(_endpoint(lab, 0), known_hosts=known), LOGIN)
        empty = _known_hosts(tmp_path, [])
        with pytest.raises(HostKeyError, match="not in"):
            connect(replace(_endpoint(lab, 0), known_hosts=empty), LOGIN)


def _endpoint(lab: object, index: int, timeout: float = 5.0) -> Endpoint:
    device = lab.devices[index]  # type: ignore[attr-defined]
    return Endpoint(
        device.hostname,
        device.platform,
        str(device.address),
        device.port,
        lab.state_dir / "known_hosts",  # type: ignore[attr-defined]
        False,
        timeout,
    )


def test_config_lines_answered_and_rest_kept_in_the_read_buffer(tmp_path: Path) -> None:
    with example_lab(HENAN, tmp_path / "lab", "127.0.150.20") as (_topology, lab):
        hostname = next(d.hostname for d in lab.devices if d.platform is Platform.HUAWEI_VRP)
        index = [d.hostname for d in lab.devices].index(hostname)
        connection = connect(_endpoint(lab, index), LOGIN)
        try:
            connection.write_channel("display version\ndisplay clock\n")
            first = connection.read_until_pattern(pattern=r"[<\[][^\r\n]*[>\]]", read_timeout=5)
            assert "display version" in first
            rest = connection.read_until_pattern(pattern=r"display clock", read_timeout=5)
            assert rest.strip().endswith("display clock")  # nothing lost between the two reads
            output = connection.send_config_set(
                ["lldp enable"], error_pattern=r"Error:", read_timeout=5
            )
            assert "lldp enable" in output
        finally:
            connection.paramiko_cleanup()
        assert "lldp enable" in lab.running_config(hostname).splitlines()


def test_a_slow_answer_times_out_after_read_timeout_not_before(tmp_path: Path) -> None:
    with example_lab(HENAN, tmp_path / "lab", "127.0.150.40") as (_topology, lab):
        connection = connect(_endpoint(lab, 0), LOGIN)
        try:
            lab.inject(lab.devices[0].hostname, Latency(1.5))
            connection.write_channel("display clock\n")
            start = time.monotonic()
            with pytest.raises(ReadTimeout):
                connection.read_until_pattern(pattern=re.escape("no such text"), read_timeout=0.3)
            waited = time.monotonic() - start
            assert 0.3 <= waited < 1.5
            answer = connection.read_until_pattern(pattern=r"[>\]]\s*$", read_timeout=5)
            assert answer.rstrip().endswith(">")  # the late answer still arrives, then the prompt
        finally:
            connection.paramiko_cleanup()


def test_a_dropped_session_fails_at_once_not_after_the_read_timeout(tmp_path: Path) -> None:
    with example_lab(HENAN, tmp_path / "lab", "127.0.150.60") as (_topology, lab):
        connection = connect(_endpoint(lab, 0), LOGIN)
        try:
            lab.inject(lab.devices[0].hostname, DropAfter(1))  # login lines already counted
            connection.write_channel("display clock\n")
            start = time.monotonic()
            with pytest.raises(EOFError):
                connection.read_until_pattern(pattern=r"no such text", read_timeout=10)
            assert time.monotonic() - start < 5
        finally:
            connection.paramiko_cleanup()


def test_the_prompt_is_waited_for_not_taken_from_a_late_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """netmiko's ``find_prompt`` sleeps 250 ms and takes the last line that arrived; when an
    earlier answer is still arriving, that line is not the prompt (and every later command then
    waits for it until its timeout). Here the answer comes in two parts, the prompt last."""
    with example_lab(HENAN, tmp_path / "lab", "127.0.209.20") as (_topology, lab):
        connection = connect(_endpoint(lab, 0), LOGIN)
        prompt = connection.find_prompt()
        assert re.fullmatch(r"<[^<>]+>", prompt)
        written: list[float] = []
        info = "Info: The configuration takes effect on the current user terminal interface only."
        parts = [(0.05, info + "\n"), (0.4, prompt)]

        def read_channel() -> str:
            if not written:
                return ""
            since = time.monotonic() - written[0]
            ready = [text for at, text in parts if at <= since]
            del parts[: len(ready)]
            return "".join(ready)

        monkeypatch.setattr(
            connection, "write_channel", lambda _text: written.append(time.monotonic())
        )
        monkeypatch.setattr(connection, "read_channel", read_channel)
        try:
            assert connection.find_prompt() == prompt
        finally:
            monkeypatch.undo()
            connection.paramiko_cleanup()


def _netmikos_split(pattern: str, text: str, flags: int) -> int | None:
    """Where netmiko's own ``read_until_pattern`` cuts ``text``: ``re.split`` at the first
    match, the match kept (netmiko 4, ``_read_until_pattern``)."""
    if not re.search(pattern, text, flags=flags):
        return None
    before, match, _ = re.split(f"({pattern})", text, maxsplit=1, flags=flags)[:3]
    return len(before) + len(match)


ECHOES = [
    "rule 5 permit ip source 10.250.0.0 0.0.255.255",
    "ip route-static 0.0.0.0 0.0.0.0 10.0.10.2 preference 70 track bfd-session ge0-0-2",
    "description [MEDINFRA] uplink (A) to DC-1 | PE-01 $x^y*z+?",
    "snmp-agent usm-user v3 nms group-name auth\\priv",
    "y",
]
TEXTS = [
    "{line}\n<HOST>",
    "junk {line}\r\n[HOST-acl-adv-3000]",
    "before\n{line}{line}\n<HOST>",
    "no echo here\n<HOST>",
    "",
]
PATTERNS = [r"[>#\]$]\s*$", r"\[Y/N\]", r"(?:<\S+>|\[\S+\])", "a|b", r"^\S+$"]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("pattern", [re.escape(echo) for echo in ECHOES] + PATTERNS)
@pytest.mark.parametrize("flags", [0, re.M, re.I])
def test_reads_end_where_netmikos_own_split_ends(pattern: str, text: str, flags: int) -> None:
    line = ECHOES[0] if pattern in PATTERNS else re.sub(r"\\(.)", r"\1", pattern)
    sample = text.format(line=line)
    assert transport._finder(pattern, flags)(sample) == _netmikos_split(pattern, sample, flags)


def test_a_login_turn_is_held_while_connecting_not_while_preparing_the_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The login limit bounds key exchanges and logins, not netmiko's session preparation
    (its sleeps and first answers): with one turn, the turn is taken for
    ``establish_connection``, free again during the session preparation, and an open session
    holds none."""
    turn = threading.BoundedSemaphore(1)
    monkeypatch.setattr(connection_module, "_LOGINS", turn)
    seen: list[tuple[str, bool]] = []

    def free() -> bool:
        if turn.acquire(blocking=False):
            turn.release()
            return True
        return False

    establish = transport.WaitingReads.establish_connection
    prepare = transport.WaitingReads._try_session_preparation

    def establishing(self: object, *args: object, **kwargs: object) -> None:
        seen.append(("establish", free()))
        establish(self, *args, **kwargs)  # type: ignore[arg-type]

    def preparing(self: object, *args: object, **kwargs: object) -> None:
        seen.append(("prepare", free()))
        prepare(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(transport.WaitingReads, "establish_connection", establishing)
    monkeypatch.setattr(transport.WaitingReads, "_try_session_preparation", preparing)
    with example_lab(HENAN, tmp_path / "lab", "127.0.150.100") as (_topology, lab):
        sessions = [connect(_endpoint(lab, index), LOGIN) for index in (0, 1)]
        try:
            assert free()  # two open sessions, no turn held
            for session in sessions:
                assert session.find_prompt().strip("<>[]")  # prepared: the prompt answers
        finally:
            for session in sessions:
                session.paramiko_cleanup()
    assert seen == [("establish", False), ("prepare", True)] * 2
