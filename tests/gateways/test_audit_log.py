"""rsyslog on the gateways really forwards to the topology's audit-log server."""

import time
import uuid

import pytest

from tests.gateways import testbed
from tests.gateways.conftest import Testbed

pytestmark = pytest.mark.hosts

DELIVERY_TIMEOUT = 30


@pytest.mark.parametrize("name", list(testbed.HOSTS))
def test_a_log_message_reaches_the_audit_server(gateway_testbed: Testbed, name: str) -> None:
    token = f"medinfra-audit-{uuid.uuid4().hex}"
    host = gateway_testbed.testinfra_host(name)
    host.check_output(f"logger -t medinfra-test {token}")
    deadline = time.monotonic() + DELIVERY_TIMEOUT
    while time.monotonic() < deadline and token not in "".join(gateway_testbed.syslog.text):
        time.sleep(0.2)
    received = "".join(gateway_testbed.syslog.text)
    line = next((line for line in received.splitlines() if token in line), "")
    assert line, f"{token} not received by the audit-log server"
    assert name in line  # the sending host's name is in the forwarded message
