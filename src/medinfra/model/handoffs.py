"""Handoffs: where routed traffic leaves the WAN, at both ends of the private lines.

A site's **LAN** (:class:`SiteLan`) is the CPE's interface towards the hospital's own network
(the campus core, or the OLT's uplink switch): the ranges behind it are slices of the
on-premises zones of a cloud tenant. The zone (``cloud.tenants[].zones[]``) stays the one
home of the security aggregate a policy names (``clinics: 10.101.0.0/16``); the LAN says which
part of it lives behind this site (``10.101.4.0/24``), or, with no ``network``, that the whole
zone does. A zone some LAN names is on the premises; every other zone is in the cloud.

A data-centre edge's **handoff** (:class:`DataCentreHandoff`) is its interface on the
cloud's provider (external) network, where the tenants' routers have their gateways
(``cloud.tenants[].uplinks[]``: the one home of a router's address). The edge routes each
tenant's cloud zones to the router whose uplink sits on the handoff subnet; the routers route
the on-premises zones to the edges' shared virtual address (VRRP), so the edge that is master
takes the return traffic. ``next_hops``/``reaches`` add routes to other ranges behind the
subnet (a data-centre core router). With active-active data centres, each edge also has a
``standby`` handoff on the other data centre's provider network (stretched over the
interconnect): a VRRP backup of that network's virtual address, below every edge of that data
centre, so the routers of a data centre whose edges are down still reach the hospitals,
through the other data centre's edge and its lines.
"""

from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from medinfra.model.addresses import Address, Interface, Network
from medinfra.model.base import Model, Suppressible
from medinfra.model.text import Hostname, Identifier, InterfaceName, SafeText

Vlan = Annotated[int, Field(ge=2, le=4094)]


class LanUse(StrEnum):
    """What a LAN range holds (the trace and the checks name it; routing treats all alike)."""

    CLINICAL = "clinical"
    """Workstations, wards, the campus PON services."""
    MODALITIES = "modalities"
    """Imaging modalities (CT, MR, DX...) that send to the imaging gateway."""
    IMAGING = "imaging"
    """The imaging gateway and the on-site PACS servers."""


class LanRange(Model):
    """A range behind the CPE: a zone of the LAN's tenant, or the part of it at this site."""

    zone: Identifier = Field(description="Zone id of the LAN's tenant this range belongs to.")
    network: Network | None = Field(
        default=None,
        description="The part of the zone at this site, inside one of the zone's ranges "
        "(default: every range of the zone is here).",
    )
    use: LanUse = Field(
        default=LanUse.CLINICAL, description="clinical (default), modalities or imaging."
    )
    description: SafeText | None = Field(default=None, description="What the range serves.")


class SiteLan(Suppressible):
    """The CPE's handoff to the site's own network and the ranges routed behind it."""

    device: Hostname = Field(description="The CPE of this site that holds the handoff.")
    interface: InterfaceName = Field(
        description="Physical port towards the campus core / OLT uplink, e.g. "
        "GigabitEthernet0/0/3 (a layer-2 port of the hardware model gets `undo portswitch`)."
    )
    vlan: Vlan | None = Field(
        default=None,
        description="VLAN of a dot1q sub-interface on the port (default: the port itself).",
    )
    address: Interface = Field(
        description="The CPE's address on the handoff with prefix, e.g. 10.20.255.1/30."
    )
    next_hop: Address | None = Field(
        default=None,
        description="The campus core's address on the handoff subnet, that routes the LAN "
        "ranges (default: none, every range is the handoff subnet or inside it).",
    )
    tenant: Identifier = Field(description="Cloud tenant whose zones the ranges belong to.")
    ranges: tuple[LanRange, ...] = Field(
        min_length=1, description="The ranges behind the CPE, each in a zone of the tenant."
    )
    description: SafeText | None = Field(default=None, description="What the handoff joins.")

    @property
    def interface_name(self) -> str:
        """The interface holding the address: the port, or its dot1q sub-interface."""
        return self.interface if self.vlan is None else f"{self.interface}.{self.vlan}"


class DataCentreHandoff(Suppressible):
    """A data-centre edge's interface towards the data-centre core / the cloud."""

    device: Hostname = Field(description="The dc_edge device of this data centre.")
    interface: InterfaceName = Field(description="Physical port towards the core, 10GE1/0/10.")
    vlan: Vlan | None = Field(
        default=None, description="VLAN of a dot1q sub-interface (default: the port itself)."
    )
    address: Interface = Field(
        description="The edge's own address on the provider network with prefix, 10.30.255.2/28."
    )
    virtual_address: Address | None = Field(
        default=None,
        description="VRRP virtual address the edges on this subnet share (the tenant routers' "
        "next hop); the first handoff of the subnet in model order is the master.",
    )
    standby: bool = Field(
        default=False,
        description="This edge's leg on another data centre's provider network, over the "
        "data-centre interconnect: a VRRP backup of that network's virtual_address with the "
        "lowest priority, that answers the tenant routers there only when every edge of that "
        "data centre is down (no cloud routes through it).",
    )
    next_hops: tuple[Address, ...] = Field(
        default=(),
        description="Other routers on the subnet (a data-centre core), in preference order, "
        "for the ranges in `reaches` (the tenants' routers come from their uplinks).",
    )
    reaches: tuple[Network, ...] = Field(
        default=(), description="Ranges reached through `next_hops` (both or neither)."
    )
    description: SafeText | None = Field(default=None, description="What the handoff joins.")

    @property
    def interface_name(self) -> str:
        """The interface holding the address: the port, or its dot1q sub-interface."""
        return self.interface if self.vlan is None else f"{self.interface}.{self.vlan}"

    @model_validator(mode="after")
    def _next_hops_reach(self) -> "DataCentreHandoff":
        if bool(self.next_hops) != bool(self.reaches):
            raise ValueError(
                "next_hops and reaches go together: name the ranges the next hops reach, or "
                "drop both (the tenants' routers come from cloud.tenants[].uplinks)"
            )
        if self.standby and self.virtual_address is None:
            raise ValueError(
                "a standby handoff backs up the other data centre's VRRP virtual address: give "
                "its virtual_address (the tenant routers' next hop on that network)"
            )
        return self
