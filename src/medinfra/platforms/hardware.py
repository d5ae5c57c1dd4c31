"""Hardware models as data: what a device ``model`` of the topology has and how it behaves.

Each :class:`HardwareModel` gives the ports a chassis has (by name pattern, with their role:
a routed WAN port, or a layer-2 LAN port that takes an address only after ``undo
portswitch``), the management port and the vpn-instance it sits in, how local accounts are
levelled, and what ``display version`` prints. Every layer asks this module: the renderer
(management port, ``undo portswitch``, account lines), the checks (an uplink on a port the
model lacks or cannot route) and the lab (``display version``, ``display interface``).

Sources: Huawei hardware descriptions and command references (AR V300R019, NE40E V800R012,
NetEngine 8000, MA5800) and public running configurations; the port maps of the fixed AR
chassis are read from their datasheets and are not verified on real hardware (README).
"""

import re
from dataclasses import dataclass
from enum import StrEnum

from medinfra.model.devices import Platform

NE_MANAGEMENT_PORT = "GigabitEthernet0/0/0"
"""The management port of an NE40E/NE8000 (not ``MEth0/0/0``, a CloudEngine's)."""

OAM_VPN = "__LOCAL_OAM_VPN__"
"""The vpn-instance an NE40E/NE8000 binds its management port to (present from the factory)."""


class PortRole(StrEnum):
    """What a port does when nothing else is configured on it."""

    ROUTED = "routed"
    """A layer-3 (WAN) port: takes an address and dot1q sub-interfaces as it is."""
    SWITCHED = "switched"
    """A layer-2 (LAN) port in VLAN 1: needs ``undo portswitch`` before it routes."""
    MANAGEMENT = "management"
    """A dedicated out-of-band management port."""
    PON = "pon"
    """A GPON port of an OLT service board: carries ONTs, never a routed line."""


class AccountScheme(StrEnum):
    """How a platform levels local users."""

    PRIVILEGE = "privilege"
    """VRP5: ``local-user X privilege level 0-15`` (3-15 manage)."""
    LEVEL_GROUP = "level-group"
    """VRPv8: ``local-user X level 0-3`` (``level 15`` is rejected) or a ``user-group``;
    managers get ``user-group manage-ug``, the others their level (at most 2)."""
    NONE = "none"
    """SmartAX: operators are created with ``terminal user name``, not in an ``aaa`` view."""


@dataclass(frozen=True, slots=True)
class PortGroup:
    """Ports ``<kind><slot>/<card>/<port>`` for every slot, card and port in the ranges."""

    kind: str
    slots: tuple[int, int]
    cards: tuple[int, int]
    ports: tuple[int, int]
    role: PortRole

    def holds(self, kind: str, slot: int, card: int, port: int) -> bool:
        """Whether ``kind slot/card/port`` is one of this group's ports."""
        return (
            kind == self.kind
            and self.slots[0] <= slot <= self.slots[1]
            and self.cards[0] <= card <= self.cards[1]
            and self.ports[0] <= port <= self.ports[1]
        )

    def first(self) -> str:
        """The group's first port name (for messages)."""
        return f"{self.kind}{self.slots[0]}/{self.cards[0]}/{self.ports[0]}"

    def span(self) -> str:
        """The group as ``GigabitEthernet0/0/0-7`` (for messages)."""
        last = f"{self.slots[1]}/{self.cards[1]}/{self.ports[1]}"
        return f"{self.first()}..{self.kind}{last} ({self.role.value})"


@dataclass(frozen=True, slots=True)
class HardwareModel:
    """One chassis model: its ports, management, accounts and version banner."""

    name: str
    platform: Platform
    ports: tuple[PortGroup, ...]
    management_port: str
    management_vpn: str | None
    software: str
    """The release ``display version`` names (and the dump's version line)."""
    up_line: str | None = None
    """The line a physical port needs before it forwards, None when ports start up
    (``undo shutdown`` on NE40E/NE8000: their ports are shut down until it is given)."""

    @property
    def account_scheme(self) -> AccountScheme:
        """How local users are levelled on this model (a platform fact)."""
        return ACCOUNT_SCHEMES[self.platform]

    def port_role(self, interface: str) -> PortRole | None:
        """The role of a physical port of this model, None when the model has no such port.

        A management port that is also one of the chassis' ports (GE0/0/0 of an AR) has that
        port's role; a dedicated one (an NE's GigabitEthernet0/0/0) is ``MANAGEMENT``.

        Examples:
            >>> HARDWARE["AR651"].port_role("GigabitEthernet0/0/1")
            <PortRole.SWITCHED: 'switched'>
            >>> HARDWARE["AR651"].port_role("GigabitEthernet0/0/20") is None
            True
        """
        if interface == self.management_port and not self._in_groups(interface):
            return PortRole.MANAGEMENT
        parsed = parse_port(interface)
        if parsed is None:
            return None
        for group in self.ports:
            if group.holds(*parsed):
                return group.role
        return None

    def _in_groups(self, interface: str) -> bool:
        parsed = parse_port(interface)
        return parsed is not None and any(group.holds(*parsed) for group in self.ports)

    def describe_ports(self) -> str:
        """The model's port groups, for an error message."""
        return ", ".join(group.span() for group in self.ports)


PORT_NAME = re.compile(r"^(\d*[A-Za-z-]+?)(\d+)/(\d+)/(\d+)$")


def parse_port(name: str) -> tuple[str, int, int, int] | None:
    """``GigabitEthernet0/0/1`` -> ``("GigabitEthernet", 0, 0, 1)``; None for other names.

    Examples:
        >>> parse_port("10GE1/0/2"), parse_port("GigabitEthernet0/0/1.101")
        (('10GE', 1, 0, 2), None)
    """
    match = PORT_NAME.match(name)
    if match is None:
        return None
    return match.group(1), int(match.group(2)), int(match.group(3)), int(match.group(4))


ACCOUNT_SCHEMES: dict[Platform, AccountScheme] = {
    Platform.HUAWEI_VRP: AccountScheme.PRIVILEGE,
    Platform.HUAWEI_VRPV8: AccountScheme.LEVEL_GROUP,
    Platform.HUAWEI_SMARTAX: AccountScheme.NONE,
}

_R, _S = PortRole.ROUTED, PortRole.SWITCHED
_GE = "GigabitEthernet"


def _ne(name: str, slots: int, software: str) -> HardwareModel:
    """An NE40E/NE8000 chassis: line cards in slots 1..N, every port routed, GE0/0/0 for
    management in the OAM vpn-instance."""
    return HardwareModel(
        name=name,
        platform=Platform.HUAWEI_VRPV8,
        ports=(
            PortGroup(_GE, (1, slots), (0, 3), (0, 47), _R),
            PortGroup("10GE", (1, slots), (0, 3), (0, 47), _R),
            PortGroup("25GE", (1, slots), (0, 3), (0, 47), _R),
            PortGroup("100GE", (1, slots), (0, 3), (0, 11), _R),
        ),
        management_port=NE_MANAGEMENT_PORT,
        management_vpn=OAM_VPN,
        software=software,
        up_line="undo shutdown",
    )


def _olt(name: str, last_slot: int) -> HardwareModel:
    """An MA5800 chassis: service boards in frame 0, management on ``meth0``."""
    return HardwareModel(
        name=name,
        platform=Platform.HUAWEI_SMARTAX,
        ports=(PortGroup("gpon", (0, 0), (1, last_slot), (0, 15), PortRole.PON),),
        management_port="meth0",
        management_vpn=None,
        software="MA5800V100R022C00",
    )


HARDWARE: dict[str, HardwareModel] = {
    model.name: model
    for model in (
        HardwareModel(
            name="AR651",
            platform=Platform.HUAWEI_VRP,
            ports=(
                PortGroup(_GE, (0, 0), (0, 0), (0, 7), _S),
                PortGroup(_GE, (0, 0), (0, 0), (8, 9), _R),
            ),
            management_port="GigabitEthernet0/0/0",
            management_vpn=None,
            software="V300R019C10SPC300",
        ),
        HardwareModel(
            name="AR6140",
            platform=Platform.HUAWEI_VRP,
            ports=(
                PortGroup(_GE, (0, 0), (0, 0), (0, 7), _S),
                PortGroup(_GE, (0, 0), (0, 0), (8, 15), _R),
                PortGroup("XGigabitEthernet", (0, 0), (0, 0), (0, 3), _R),
            ),
            management_port="GigabitEthernet0/0/0",
            management_vpn=None,
            software="V300R019C10SPC300",
        ),
        HardwareModel(
            name="AR6280",
            platform=Platform.HUAWEI_VRP,
            ports=(
                PortGroup(_GE, (0, 0), (0, 0), (0, 9), _R),
                PortGroup("XGigabitEthernet", (0, 0), (0, 0), (0, 1), _R),
                PortGroup(_GE, (1, 4), (0, 0), (0, 23), _R),
            ),
            management_port="GigabitEthernet0/0/0",
            management_vpn=None,
            software="V300R019C10SPC300",
        ),
        _ne("NE40E-X8A", 8, "V800R012C10SPC300"),
        _ne("NE40E-X16A", 16, "V800R012C10SPC300"),
        _ne("NE8000-M8", 8, "V800R013C00SPC100"),
        _ne("NE8000-M14", 14, "V800R013C00SPC100"),
        _olt("MA5800-X2", 2),
        _olt("MA5800-X7", 7),
        _olt("MA5800-X15", 15),
    )
}
"""Model name (as the topology's ``devices[].model`` spells it) -> its hardware facts."""


def hardware_model(name: str | None) -> HardwareModel | None:
    """The hardware facts of a model name, None when the model is unknown or not given."""
    return None if name is None else HARDWARE.get(name)
