"""Services to transport matches."""

from medinfra.cloud.ports import ANY, service_matches
from medinfra.model.services import Service


def _service(ports: list[dict[str, object]], kind: str = "pacs") -> Service:
    return Service.model_validate(
        {
            "id": "s",
            "name": "S",
            "kind": kind,
            "vlan": 10,
            "priority": 1,
            "traffic_class": "be",
            "ports": ports,
        }
    )


def test_each_port_entry_becomes_one_match_in_order():
    matches = service_matches(
        _service([{"protocol": "tcp", "port": 104}, {"protocol": "tcp", "port": 11112}])
    )
    assert [(m.protocol, m.fwaas_port, m.port_min, m.port_max) for m in matches] == [
        ("tcp", "104", 104, 104),
        ("tcp", "11112", 11112, 11112),
    ]


def test_port_range_is_colon_separated_for_fwaas():
    (match,) = service_matches(
        _service([{"protocol": "udp", "port": 5004, "port_end": 5005}], "video")
    )
    assert match.fwaas_port == "5004:5005"
    assert (match.port_min, match.port_max, match.security_group_protocol) == (5004, 5005, "udp")


def test_icmp_has_no_port_and_portless_service_matches_any_protocol():
    (icmp,) = service_matches(_service([{"protocol": "icmp"}]))
    assert (icmp.protocol, icmp.fwaas_port) == ("icmp", None)
    (anything,) = service_matches(_service([], "office"))
    assert anything.protocol == ANY
    assert anything.security_group_protocol is None
