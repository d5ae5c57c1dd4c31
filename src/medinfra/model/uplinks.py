"""How a tenant's cloud router reaches the data-centre edge (the hospitals' side of the cloud)."""

from ipaddress import IPv4Address, IPv4Network

from pydantic import Field, model_validator

from medinfra.model.addresses import Address, Interface
from medinfra.model.base import Model
from medinfra.model.text import Identifier, SafeText

IPV4_POINT_TO_POINT = 31
"""/31 and /32 subnets have no network or broadcast address to keep free (RFC 3021)."""


def _usable_host(address: IPv4Address, network: IPv4Network) -> bool:
    """Neutron allocates neither the network nor the broadcast address of an IPv4 subnet."""
    if network.prefixlen >= IPV4_POINT_TO_POINT:
        return True
    return address not in (network.network_address, network.broadcast_address)


class RouterUplink(Model):
    """How the tenant's router reaches the data-centre edge, in one data centre's cloud.

    The router's external gateway sits on the provider (external) network on which the
    data-centre edge hands the hospitals' traffic to the cloud, at ``router_address``, with
    source NAT off: the edge routes the tenant's cloud ranges to ``router_address`` and sees
    the real cloud addresses. Every range of the tenant's on-premises zones becomes a static
    route of the router (Neutron extra route) to ``next_hop``, the edge's address on that
    network. Neutron accepts a route only when its next hop lies in a subnet of the router's
    ports and is not the router's own address; both are checked when the model loads.
    """

    data_centre: Identifier | None = Field(
        default=None,
        description="Data-centre site whose cloud this uplink is in (required when the data "
        "centres are active-active: one uplink per data centre; default: the only one).",
    )
    external_network: SafeText = Field(
        description="Name of the Neutron external (provider) network the edge hands off on; "
        "the router's gateway sits on it (looked up by name in the stack's cloud)."
    )
    router_address: Interface = Field(
        description="The router's gateway address on that network with the handoff subnet's "
        "prefix, e.g. 10.30.255.4/28: the next hop the edge routes the tenant's cloud ranges to."
    )
    next_hop: Address = Field(
        description="The data-centre edge's address on the handoff subnet (the virtual address "
        "when two edges share it): next hop of the route to every on-premises range."
    )
    management_address: Interface | None = Field(
        default=None,
        description="The router's second gateway address, on the data centre's management LAN "
        "(a second subnet of the same provider network, where the edges' out-of-band "
        "management ports are), with that subnet's prefix, e.g. 10.255.1.254/24: the "
        "management gateway of the edges there (their management port's vpn-instance routes "
        "the management networks to it), so the management servers reach them.",
    )

    @model_validator(mode="after")
    def _next_hop_connected(self) -> "RouterUplink":
        subnet = self.router_address.network
        if self.next_hop not in subnet:
            raise ValueError(
                f"next_hop {self.next_hop} is outside the handoff subnet {subnet} of "
                f"router_address {self.router_address}: Neutron refuses a route whose next hop "
                "is not connected to the router (use the edge's address in that subnet)"
            )
        if self.next_hop == self.router_address.ip:
            raise ValueError(
                f"next_hop {self.next_hop} is the router's own address: Neutron refuses it "
                "('the nexthop is used by router'); give the edge's address"
            )
        lan = self.management_address
        if lan is not None and lan.network.overlaps(subnet):
            raise ValueError(
                f"management_address {lan} is on the handoff subnet {subnet}: give the router's "
                "address on the data centre's management LAN, another subnet"
            )
        for name, address, network in (
            ("router_address", self.router_address.ip, subnet),
            ("next_hop", self.next_hop, subnet),
            *([("management_address", lan.ip, lan.network)] if lan is not None else []),
        ):
            if not _usable_host(address, network):
                raise ValueError(
                    f"{name} {address} is the network or broadcast address of {network}; "
                    "no port can hold it"
                )
        return self
