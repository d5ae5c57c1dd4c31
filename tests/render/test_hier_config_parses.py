"""hier_config parses every rendered config of every example with the platform's driver, and
the new lines sit where the device keeps them (under their interface, aaa, flow queue or line
profile, not flush left)."""

import pytest

from medinfra.model import Platform
from medinfra.push.remediation import parse
from tests.conftest import EXAMPLES
from tests.render.conftest import rendered

CHILDREN = {
    "undo portswitch": "interface ",
    "arp broadcast enable": "interface ",
    "qos lr outbound cir": "interface ",
    "user-queue cir": "interface ",
    "ip binding vpn-instance": "interface ",
    "local-aaa-user wrong-password": "aaa",
    "queue af4 wfq": "flow-queue ",
    "omcc encrypt on": "ont-lineprofile ",
    "ont port native-vlan": "interface gpon ",
}


@pytest.mark.parametrize("name", EXAMPLES)
def test_hier_config_parses_every_rendered_config(name: str) -> None:
    seen: set[str] = set()
    for config in rendered(name):
        tree = parse(Platform(config.platform), config.text)
        tops = [child.text for child in tree.children]
        assert tops, config.hostname
        for line in tops:
            assert not any(line.startswith(child) for child in CHILDREN), (config.hostname, line)
        for child in tree.all_children():
            for prefix, parent in CHILDREN.items():
                if child.text.startswith(prefix):
                    assert child.parent.text.startswith(parent), (config.hostname, child.text)
                    seen.add(prefix)
    assert {"arp broadcast enable", "qos lr outbound cir", "user-queue cir"} <= seen
