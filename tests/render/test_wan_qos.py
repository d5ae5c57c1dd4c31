"""QoS of the private lines: the CPE shapes each uplink port to its lines' contracted rate
with the DiffServ queues and a default class inside it; the edge gives each hospital a user
queue of its line's rate, shared by class (PACS retrievals in AF4)."""

import pytest

from tests.conftest import EXAMPLES
from tests.render.conftest import children, config_of, example, rendered

CPES = [(n, c.hostname) for n in EXAMPLES for c in rendered(n) if c.platform == "huawei_vrp"]
EDGES = [(n, c.hostname) for n in EXAMPLES for c in rendered(n) if c.platform == "huawei_vrpv8"]


@pytest.mark.parametrize(("name", "hostname"), CPES)
def test_every_uplink_port_is_shaped_to_its_lines_contracted_rate(name: str, hostname: str) -> None:
    text = config_of(name, hostname)
    ports: dict[str, int] = {}
    for _, line in example(name).all_private_lines():
        if line.a.device == hostname:
            ports[line.a.interface] = ports.get(line.a.interface, 0) + line.bandwidth
    assert ports
    for port, bandwidth in ports.items():
        body = children(text, f"interface {port}")
        assert f"qos lr outbound cir {bandwidth // 1000}" in body, (hostname, port)
        assert "trust dscp" in body
        assert body[-1] == "traffic-policy medinfra-wan outbound"


def test_a_10_mbit_line_is_shaped_to_10_mbit_not_the_port_rate() -> None:
    text = config_of("henan-telemedicine", "TM-K120-CPE-01")
    assert "qos lr outbound cir 10000" in children(text, "interface GigabitEthernet0/0/1")


@pytest.mark.parametrize(("name", "hostname"), CPES)
def test_unclassified_traffic_is_the_default_class_remarked_best_effort(
    name: str, hostname: str
) -> None:
    text = config_of(name, hostname)
    assert children(text, "traffic classifier medinfra-be operator or") == ["if-match any"]
    assert children(text, "traffic behavior medinfra-be") == ["remark dscp default"]
    policy = children(text, "traffic policy medinfra-wan")
    assert policy[-1].startswith("classifier medinfra-be behavior medinfra-be precedence ")
    shares = [
        int(line.rsplit(" ", 1)[1]) for line in text.splitlines() if " bandwidth pct " in line
    ]
    assert sum(shares) <= 85  # the default class keeps at least 15% of the shaped rate


@pytest.mark.parametrize(("name", "hostname"), EDGES)
def test_each_hospital_gets_a_user_queue_of_its_line_rate_on_the_edge(
    name: str, hostname: str
) -> None:
    text = config_of(name, hostname)
    flow = children(text, "flow-queue medinfra-wan")
    assert "queue af4 wfq weight 30" in flow  # PACS/DICOM retrievals
    assert flow[-1] == "queue be wfq weight 15"
    assert all(q in ("queue ef pq", "queue cs6 pq") or " wfq weight " in q for q in flow)
    for _, line in example(name).all_private_lines():
        if line.z.device != hostname:
            continue
        body = children(text, f"interface {line.z.interface}.{line.vlan}")
        rate = line.bandwidth // 1000
        assert f"user-queue cir {rate} pir {rate} flow-queue medinfra-wan outbound" in body
        assert "trust upstream default" in body
