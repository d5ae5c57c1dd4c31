"""The login filters, rule by rule: a table of ACLs and address ranges against a management
network (first match decides; rules but no match refuse; no rule filters nothing)."""

import re
from ipaddress import IPv4Network

import pytest

from medinfra.model import Platform
from medinfra.platforms import platform_for
from medinfra.push.mgmt_acl import acl_denial, range_denial, read_rule

RULE = re.compile(platform_for(Platform.HUAWEI_VRPV8).management_path.login_filter.acl_rule or "")
NET = IPv4Network("10.250.0.0/24")


def _rules(*lines: str):  # type: ignore[no-untyped-def]
    rules = []
    for line in lines:
        found = RULE.match(line)
        assert found is not None, line
        rules.append(read_rule(int(found["id"] or 0), found["action"], found["rest"], line))
    return rules


@pytest.mark.parametrize(
    ("lines", "denial"),
    [
        ((), None),
        (("rule 5 permit source 10.250.0.0 0.0.255.255", "rule 100 deny"), None),
        (("rule 5 permit source 10.250.0.0 255.255.0.0", "rule 100 deny"), None),
        (("rule 5 permit source any",), None),
        (("rule 5 permit",), None),
        (("rule 5 name noc permit source 10.250.0.0 0.0.0.255", "rule 9 deny"), None),
        (("rule 5 permit tcp source 10.250.0.0 0.0.0.255 destination-port eq 22",), None),
        (("rule 5 deny tcp destination-port eq 23", "rule 10 permit"), None),
        (("rule 5 deny udp", "rule 10 permit"), None),
        (("rule 10 permit", "rule 5 deny source 10.250.0.7 0"), "rule 5 deny source 10.250.0.7 0"),
        (("rule 5 deny",), "rule 5 deny"),
        (("rule 5 permit source 10.9.0.0 0.0.255.255",), "no rule permits it"),
        (("rule 5 permit source 10.250.0.0 0.0.0.127",), "no rule permits it"),
        (
            (
                "rule 5 permit source 10.250.0.0 0.0.0.127",
                "rule 10 permit source 10.250.0.0 0.0.0.255",
            ),
            None,
        ),
        (("rule 5 permit source 10.250.0.0 0.255.0.255",), "no rule permits it"),
        (
            ("rule 5 permit tcp source 10.250.0.0 0.0.0.255 destination-port eq 23",),
            "no rule permits it",
        ),
        (("rule 5 permit source 10.250.0.0 0.0.0.255 time-range work",), "no rule permits it"),
    ],
)
def test_acl_first_match_decides(lines: tuple[str, ...], denial: str | None) -> None:
    found = acl_denial(_rules(*lines), NET)
    if denial is None:
        assert found is None
    else:
        assert found is not None and found.startswith(denial)


@pytest.mark.parametrize(
    ("allowed", "refused", "denial"),
    [
        ((), (), None),
        ((("10.250.0.0", "10.250.0.255"),), (), None),
        ((("10.250.0.0", "10.250.0.127"), ("10.250.0.128", "10.250.0.255")), (), None),
        ((("10.250.0.0", "10.250.0.127"),), (), "no allowed range covers 10.250.0.128"),
        ((), (("10.250.0.9", "10.250.0.9"),), "refused range 10.250.0.9 10.250.0.9"),
    ],
)
def test_smartax_ranges(allowed, refused, denial) -> None:  # type: ignore[no-untyped-def]
    assert range_denial(allowed, refused, NET) == denial
