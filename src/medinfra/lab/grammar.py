"""Command grammar as data: per platform, per view, the configuration commands a lab device takes.

Each :class:`Rule` gives a syntax (see :mod:`medinfra.lab.syntax`) and what an accepted line
does: enter a sub-view (``enters`` with the prompt suffix built from the line's tokens), replace
an earlier line with the same ``key`` (token positions that identify it), or delete lines
(``deletes``, a template of the line prefix it removes). ``rank`` orders top-level sections in
``display current-configuration``; ``section`` is the SmartAX dump section.
"""

from dataclasses import dataclass, field

from medinfra.lab.syntax import WordSequence, first_words, keywords, parse_syntax


@dataclass(frozen=True)
class Rule:
    """One configuration command of a view."""

    syntax: str
    enters: str | None = None
    prompt: str = ""
    key: tuple[int, ...] | None = None
    rank: int = 50
    section: str = "global-config"
    deletes: str | None = None
    tree: WordSequence = field(init=False, repr=False, compare=False)
    words: frozenset[str] = field(init=False, repr=False, compare=False)
    first: frozenset[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tree", parse_syntax(self.syntax))
        object.__setattr__(self, "words", keywords(self.tree))
        object.__setattr__(self, "first", first_words(self.tree))

    def key_of(self, tokens: list[str]) -> str:
        """The identity of a line: lines with equal keys replace each other in a view."""
        if self.key is None:
            return " ".join(tokens).lower()
        return " ".join(tokens[i] for i in self.key if i < len(tokens)).lower()

    def prompt_of(self, tokens: list[str]) -> str:
        """The sub-view prompt suffix for a line that enters a view."""
        return self.prompt.format(*tokens)


Grammar = dict[str, tuple[Rule, ...]]
"""View name -> the rules accepted in it. ``system`` is the top configuration view."""

SNMP: tuple[Rule, ...] = (
    Rule("snmp-agent", key=(0,), rank=70),
    Rule("snmp-agent sys-info version { v3 | v2c | all | v1 }", key=(0, 1, 2), rank=70),
    Rule("snmp-agent sys-info { contact | location } <text>", key=(0, 1, 2), rank=70),
    Rule("snmp-agent local-engineid <word>", key=(0, 1), rank=70),
    Rule("snmp-agent mib-view { included | excluded } <word> <word>", rank=70),
    Rule(
        "snmp-agent group v3 <word> { privacy | authentication | noauthentication }"
        " [ read-view <word> ] [ write-view <word> ] [ notify-view <word> ] [ acl <int> ]",
        key=(0, 1, 2, 3),
        rank=70,
    ),
    Rule("snmp-agent usm-user v3 <word> [ group <word> ] [ acl <int> ]", key=(0, 1, 2, 3), rank=70),
    Rule(
        "snmp-agent usm-user v3 <word> authentication-mode { sha | sha2-256 | md5 }"
        " [ cipher ] <secret>",
        key=(0, 1, 2, 3, 4),
        rank=70,
    ),
    Rule(
        "snmp-agent usm-user v3 <word> privacy-mode { aes128 | aes256 | des56 | 3des }"
        " [ cipher ] <secret>",
        key=(0, 1, 2, 3, 4),
        rank=70,
    ),
    Rule(
        "snmp-agent target-host trap address udp-domain <ip> [ vpn-instance <word> ]"
        " [ udp-port <int> ]"
        " params securityname <word> [ v3 [ privacy | authentication ] ]",
        key=(0, 1, 2, 3, 4, 5),
        rank=70,
    ),
    Rule("snmp-agent trap enable", key=(0, 1, 2), rank=70),
    Rule("snmp-agent trap source <ifname>", key=(0, 1, 2), rank=70),
)

_INTERFACE_COMMON: tuple[Rule, ...] = (
    Rule("description <text>", key=(0,)),
    Rule("ip address <ip> <mask>", key=(0, 1)),
    Rule("ip address <ip> <mask> sub", key=(0, 1, 2)),
    Rule("ip binding vpn-instance <word>", key=(0, 1)),
    Rule("dot1q termination vid <1-4094>", key=(0, 1, 2)),
    Rule("vlan-type dot1q <1-4094>", key=(0, 1)),
    Rule("arp broadcast enable", key=(0, 1)),
    Rule("trust dscp [ override ]", key=(0,)),
    Rule("trust 8021p", key=(0,)),
    Rule("traffic-policy <word> { inbound | outbound }", key=(0, 2)),
    Rule("traffic-filter { inbound | outbound } acl <2000-3999>", key=(0, 1)),
    Rule("qos lr outbound cir <int> [ cbs <int> ]", key=(0, 1, 2)),
    Rule("trust upstream <word>", key=(0, 1)),
    Rule(
        "user-queue cir <int> [ pir <int> ] [ flow-queue <word> ] { inbound | outbound }",
        key=(0,),
    ),
    Rule("mtu <46-9600>", key=(0,)),
    Rule("bandwidth <int>", key=(0,)),
    Rule("shutdown", key=(0,)),
    Rule("lldp enable", key=(0,)),
    Rule("undo portswitch", key=(0, 1)),
    # VRRP on a handoff: one group per subnet (vrid 1-255), a virtual address, the priority
    Rule("vrrp vrid <1-255> virtual-ip <ip>", key=(0, 1, 2, 3, 4)),
    Rule("vrrp vrid <1-255> priority <1-254>", key=(0, 1, 2, 3)),
)

_VRP_SYSTEM: tuple[Rule, ...] = (
    Rule("sysname <word>", key=(0,), rank=0),
    Rule("header login information <quoted>", key=(0, 1, 2), rank=5),
    Rule("header shell information <quoted>", key=(0, 1, 2), rank=5),
    Rule("clock timezone <word> { add | minus } <word>", key=(0, 1), rank=8),
    Rule("info-center enable", key=(0, 1), rank=10),
    Rule("info-center timestamp log date", key=(0, 1, 2), rank=10),
    Rule(
        "info-center loghost <ip> [ vpn-instance <word> ] [ facility <word> ]"
        " [ channel <word> ] [ source-ip <ip> ] [ transport { udp | tcp } ]",
        key=(0, 1, 2),
        rank=10,
    ),
    Rule("info-center source <word> channel <word> log level <word>", rank=10),
    Rule("info-center loghost source <ifname>", key=(0, 1, 2), rank=10),
    Rule("ntp-service enable", key=(0,), rank=15),
    Rule(
        "ntp-service unicast-server <ip> [ vpn-instance <word> ] [ preference ]"
        " [ source-interface <ifname> ]",
        rank=15,
    ),
    Rule("lldp enable", key=(0,), rank=18),
    Rule("vlan batch <text>", key=None, rank=19),
    Rule("bfd", enters="bfd", prompt="bfd", key=(0,), rank=20),
    Rule(
        "bfd <word> bind peer-ip <ip> [ vpn-instance <word> ] [ interface <ifname> ]"
        " [ source-ip <ip> ] [ auto ]",
        enters="bfd_session",
        prompt="bfd-session-{1}",
        key=(0, 1),
        rank=60,
    ),
    Rule("acl number <2000-2999>", enters="acl_basic", prompt="acl-basic-{2}", rank=30),
    Rule("acl number <3000-3999>", enters="acl_advanced", prompt="acl-adv-{2}", rank=30),
    Rule(
        "traffic classifier <word> [ operator { and | or } ]",
        enters="classifier",
        prompt="classifier-{2}",
        key=(0, 1, 2),
        rank=33,
    ),
    Rule("traffic behavior <word>", enters="behavior", prompt="behavior-{2}", key=None, rank=34),
    Rule("traffic policy <word>", enters="policy", prompt="trafficpolicy-{2}", key=None, rank=35),
    Rule("aaa", enters="aaa", prompt="aaa", key=(0,), rank=40),
    Rule("interface <ifname>", enters="interface", prompt="{1}", key=None, rank=50),
    *SNMP,
    Rule("stelnet server enable", key=(0, 1), rank=75),
    Rule("ssh server enable", key=(0, 1), rank=75),
    Rule("telnet server enable", key=(0, 1), rank=75),
    Rule("undo telnet server enable", key=(0, 1, 2), rank=75),
    Rule("ssh server permit interface <ifname>", key=(0, 1, 2), rank=75),
    Rule("ssh server acl <2000-3999>", key=(0, 1, 2), rank=75),
    Rule("ssh server cipher <text>", key=(0, 1, 2), rank=75),
    Rule("ssh server hmac <text>", key=(0, 1, 2), rank=75),
    Rule("ssh server key-exchange <text>", key=(0, 1, 2), rank=75),
    Rule("ssh server dh-exchange min-len { 1024 | 2048 | 3072 | 4096 }", key=(0, 1, 2), rank=75),
    Rule("ssh server-source -i <ifname>", key=(0, 1), rank=75),
    Rule("ssh client first-time enable", key=(0, 1, 2), rank=75),
    Rule(
        "ssh user <word> authentication-type { password | rsa | ecc | all | password-rsa"
        " | password-ecc | dsa }",
        key=(0, 1, 2, 3),
        rank=76,
    ),
    Rule(
        "ssh user <word> service-type { stelnet | all | snetconf | sftp }",
        key=(0, 1, 2, 3),
        rank=76,
    ),
    Rule("ssh user <word>", key=(0, 1, 2), rank=76),
    Rule(
        "ip route-static <ip> <mask> { <ip> | <ifname> [ <ip> ] } [ preference <1-255> ]"
        " [ tag <1-4294967295> ] [ track bfd-session <word> ] [ preference <1-255> ]"
        " [ description <text> ]",
        rank=80,
    ),
    Rule("ip route-static vpn-instance <word> <ip> <mask> <ip> [ preference <1-255> ]", rank=80),
    Rule("user-interface vty <0-4> <0-4>", enters="ui", prompt="ui-vty{2}-{3}", rank=90),
    Rule("user-interface vty <0-4>", enters="ui", prompt="ui-vty{2}", rank=90),
    Rule("user-interface con 0", enters="ui", prompt="ui-console0", rank=90),
)

_VRP_VIEWS: Grammar = {
    "interface": _INTERFACE_COMMON,
    "aaa": (
        Rule("local-user <word> password { irreversible-cipher | cipher } <secret>", key=(0, 1, 2)),
        Rule("local-user <word> privilege level <0-15>", key=(0, 1, 2)),
        Rule("local-user <word> level <0-15>", key=(0, 1, 2)),
        Rule("local-user <word> service-type <text>", key=(0, 1, 2)),
        Rule("local-user <word> state { active | block }", key=(0, 1, 2)),
        Rule("local-user <word> user-group <word>", key=(0, 1, 2)),
        Rule("authentication-scheme <word>", key=None),
        Rule(
            "local-aaa-user wrong-password retry-interval <1-65535> retry-time <1-65535>"
            " block-time <1-65535>",
            key=(0, 1),
        ),
        Rule("authorization-scheme <word>", key=None),
    ),
    "bfd": (),
    "bfd_session": (
        Rule("discriminator local <int>", key=(0, 1)),
        Rule("discriminator remote <int>", key=(0, 1)),
        Rule("min-tx-interval <int>", key=(0,)),
        Rule("min-rx-interval <int>", key=(0,)),
        Rule("detect-multiplier <3-50>", key=(0,)),
        Rule("description <text>", key=(0,)),
        Rule("process-pst", key=(0,)),
        Rule("commit", key=(0,)),
    ),
    "acl_basic": (
        Rule(
            "rule <int> { permit | deny } [ source { <ip> <wildcard> | any } ] [ logging ]",
            key=(0, 1),
        ),
        Rule("description <text>", key=(0,)),
    ),
    "acl_advanced": (
        Rule(
            "rule <int> { permit | deny } { ip | tcp | udp | icmp | <int> }"
            " [ source { <ip> <wildcard> | any } ]"
            " [ source-port { eq <word> | range <int> <int> } ]"
            " [ destination { <ip> <wildcard> | any } ]"
            " [ destination-port { eq <word> | range <int> <int> } ] [ dscp <word> ] [ logging ]",
            key=(0, 1),
        ),
        Rule("description <text>", key=(0,)),
    ),
    "classifier": (
        Rule("if-match dscp <text>"),
        Rule("if-match acl <int>"),
        Rule("if-match vlan-id <1-4094>"),
        Rule("if-match 8021p <text>"),
        Rule("if-match any", key=(0, 1)),
    ),
    "behavior": (
        Rule("remark dscp <word>", key=(0, 1)),
        Rule("remark 8021p <0-7>", key=(0, 1)),
        Rule(
            "car cir <int> [ pir <int> ] [ cbs <int> ] [ pbs <int> ]"
            " [ green pass ] [ yellow pass ] [ red discard ]",
            key=(0,),
        ),
        Rule("queue { af | ef } bandwidth [ pct ] <int>", key=(0,)),
        Rule("queue llq bandwidth [ pct ] <int>", key=(0,)),
        Rule("service-class { be | af1 | af2 | af3 | af4 | ef | cs6 | cs7 } color green", key=(0,)),
        Rule("statistic enable", key=(0,)),
        Rule("permit", key=(0,)),
        Rule("deny", key=(0,)),
    ),
    "policy": (Rule("classifier <word> behavior <word> [ precedence <int> ]", key=(0, 1)),),
    "ui": (
        Rule("authentication-mode { aaa | password | none }", key=(0,)),
        Rule("protocol inbound { ssh | telnet | all }", key=(0, 1)),
        Rule("acl [ ipv6 ] <2000-3999> { inbound | outbound }", key=(0, 2)),
        Rule("user privilege level <0-15>", key=(0, 1)),
        Rule("idle-timeout <int> [ <int> ]", key=(0,)),
        Rule("screen-length <int>", key=(0,)),
    ),
}


_BGP_SYSTEM: tuple[Rule, ...] = (
    # one BGP process per device (the AS is its key; another AS is refused by bgp_one_as)
    Rule("bgp <1-4294967295>", enters="bgp", prompt="bgp", key=(0,), rank=77),
    Rule(
        "route-policy <word> { permit | deny } node <0-65535>",
        enters="route_policy",
        prompt="route-policy",
        key=(0, 1, 4),
        rank=79,
    ),
)
"""The iBGP between the data-centre edges (NE40E V800R012 / AR V300R019 command references):
``bgp AS`` with ``peer X as-number AS``, its ``ipv4-family unicast`` (``import-route static
route-policy P``, ``peer X enable``), and ``route-policy P permit node N`` / ``if-match tag``."""

_BGP_VIEWS: Grammar = {
    "bgp": (
        Rule("router-id <ip>", key=(0,)),
        Rule("peer <ip> as-number <1-4294967295>", key=(0, 1, 2)),
        Rule("peer <ip> description <text>", key=(0, 1, 2)),
        Rule("ipv4-family unicast", enters="bgp_af", prompt="bgp-af-ipv4", key=(0, 1)),
    ),
    "bgp_af": (
        Rule("undo synchronization", key=(0, 1)),
        Rule(
            "import-route { static | direct } [ med <int> ] [ route-policy <word> ]",
            key=(0, 1),
        ),
        Rule("peer <ip> enable", key=(0, 1, 2)),
        Rule("peer <ip> next-hop-local", key=(0, 1, 2)),
        Rule("peer <ip> advertise-community", key=(0, 1, 2)),
        Rule("peer <ip> route-policy <word> { import | export }", key=(0, 1, 2, 4)),
    ),
    "route_policy": (
        Rule("if-match tag <0-4294967295>", key=(0, 1)),
        Rule("if-match ip-prefix <word>", key=(0, 1)),
        Rule("apply tag <0-4294967295>", key=(0, 1)),
        Rule(
            "apply community { no-export | no-advertise | no-export-subconfed | internet }",
            key=(0, 1),
        ),
    ),
}
VRP: Grammar = {"system": (*_VRP_SYSTEM, *_BGP_SYSTEM), **_VRP_VIEWS, **_BGP_VIEWS}
"""VRP5 (AR routers, S switches): the configuration commands the lab accepts."""

VRPV8: Grammar = {
    "system": (
        *_VRP_SYSTEM,
        *_BGP_SYSTEM,
        Rule("ssh server-source all-interface", key=(0, 1), rank=75),
        Rule("ip vpn-instance <word>", enters="vpn_instance", prompt="vpn-instance-{2}", rank=25),
        Rule("flow-queue <word>", enters="flow_queue", prompt="flow-queue-template-{1}", rank=28),
    ),
    **_VRP_VIEWS,
    **_BGP_VIEWS,
    # a VRPv8 port in use shows "undo shutdown"; it and "shutdown" replace each other
    "interface": (*_INTERFACE_COMMON, Rule("undo shutdown", key=(1,))),
    "vpn_instance": (
        Rule("ipv4-family", enters="vpn_af", prompt="vpn-instance-af-ipv4", key=(0,)),
        Rule("description <text>", key=(0,)),
    ),
    "vpn_af": (Rule("route-distinguisher <word>", key=(0,)),),
    "flow_queue": (
        Rule(
            "queue { be | af1 | af2 | af3 | af4 | ef | cs6 | cs7 }"
            " { pq | lpq | wfq weight <1-100> }",
            key=(0, 1),
        ),
    ),
}
"""VRPv8 (NE/CE data-centre edges): VRP plus a few VRPv8-only commands."""
