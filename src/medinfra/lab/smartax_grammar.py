"""SmartAX MA5800 OLT: the configuration commands the lab accepts in config mode (as data).

Rules are :class:`medinfra.lab.grammar.Rule` rows, per view. Beside the service lines the
templates render, the OLT takes its own forms of a few global commands:

- ``syslog enable alarm-event`` sends alarms and events to the log hosts that ``loghost add``
  / ``loghost activate`` made (command-line and NMS operation logs go there regardless).
  Source: MA5600T/MA5800 provisioning scripts and operator notes in public repositories,
  which give it after ``loghost add IP NAME`` and ``loghost activate {ip IP | name NAME}``.
- ``acl NUMBER`` (no ``number`` keyword, unlike VRP; netmiko's SmartAX device test sends
  ``acl 2456``) enters the ACL view: ``rule [ID] {permit | deny} ...`` and ``description``.
  Basic ACLs are 2000-2999, advanced 3000-3999, link (layer-2) 4000-4999.
"""

from dataclasses import replace

from medinfra.lab.grammar import SNMP, Grammar, Rule

SMARTAX_SNMP = tuple(replace(rule, section="snmp") for rule in SNMP)
"""The SNMP commands, in the MA5800's ``[snmp]`` section."""

_ADDRESS = "{ <ip> <wildcard> | any }"

_SSH_ACCESS = (
    Rule("sysman ip-access { ssh | telnet | snmp } <ip> <ip>", rank=5, section="public-config"),
    Rule("sysman ip-refuse { ssh | telnet | snmp } <ip> <ip>", rank=5, section="public-config"),
    Rule(
        "sysman firewall { ssh | telnet | snmp } { enable | disable }",
        key=(0, 1, 2),
        rank=5,
        section="public-config",
    ),
    Rule(
        "sysman server source { ssh | snmp | telnet } meth <int>",
        key=(0, 1, 2, 3),
        rank=90,
        section="source-interface",
    ),
    Rule(
        "ssh user { <quoted> | <word> } authentication-type"
        " { password | rsa | all | password-rsa | password-publickey }",
        key=(0, 1, 2, 3),
        rank=87,
        section="post-system",
    ),
)
"""SSH access as real MA5800/MA56xx configurations hold it: the address ranges allowed or
refused (they apply once ``sysman firewall ssh enable`` is set; an empty allowed list lets every
address in), the source interface and the SSH users' authentication. Source: MA5608T/MA5683T
provisioning notes in public repositories (``sysman ip-access ssh A B``, ``sysman firewall ssh
enable``, ``display sysman ip-refuse ssh``) and the MA5800 dump layout of DOMAIN.md §9
(``[source-interface]``, ``[post-system]``); the section the ranges print in is not verified."""

_ACL_VIEWS: Grammar = {
    "acl_basic": (
        Rule(f"rule [ <int> ] {{ permit | deny }} [ source {_ADDRESS} ]", key=(0, 1)),
        Rule("description <text>", key=(0,)),
    ),
    "acl_advanced": (
        Rule(
            "rule [ <int> ] { permit | deny } { ip | tcp | udp | icmp | <int> }"
            f" [ source {_ADDRESS} ] [ source-port {{ eq <word> | range <int> <int> }} ]"
            f" [ destination {_ADDRESS} ] [ destination-port {{ eq <word> | range <int> <int> }} ]",
            key=(0, 1),
        ),
        Rule("description <text>", key=(0,)),
    ),
    "acl_link": (
        Rule(
            "rule [ <int> ] { permit | deny } [ type <word> ] [ cos <0-7> ]"
            " [ source <1-4094> ] [ destination <1-4094> ]",
            key=(0, 1),
        ),
        Rule("description <text>", key=(0,)),
    ),
}

_ACLS = (
    Rule("acl <2000-2999>", enters="acl_basic", prompt="config-acl-basic-{1}", rank=40),
    Rule("acl <3000-3999>", enters="acl_advanced", prompt="config-acl-adv-{1}", rank=40),
    Rule("acl <4000-4999>", enters="acl_link", prompt="config-acl-link-{1}", rank=40),
)
SMARTAX: Grammar = {
    "system": (
        Rule("sysname <word>", key=(0,), rank=0),
        Rule(
            "dba-profile add [ profile-id <int> ] [ profile-name <quoted> ]"
            " { type1 fix <int> | type2 assure <int> | type3 assure <int> max <int>"
            " | type4 max <int> | type5 fix <int> assure <int> max <int> }",
            key=(0, 1, 2, 3),
            rank=10,
        ),
        Rule("dba-profile delete profile-id <int>", deletes="dba-profile add profile-id {3}"),
        Rule(
            "ont-lineprofile gpon profile-id <int> [ profile-name <quoted> ]",
            enters="lineprofile",
            prompt="config-gpon-lineprofile-{3}",
            key=(0, 1, 2, 3),
            rank=21,
        ),
        Rule(
            "ont-srvprofile gpon profile-id <int> [ profile-name <quoted> ]",
            enters="srvprofile",
            prompt="config-gpon-srvprofile-{3}",
            key=(0, 1, 2, 3),
            rank=20,
        ),
        Rule(
            "vlan <1-4094> { smart | mux | standard }", key=(0, 1), rank=30, section="vlan-config"
        ),
        Rule(
            "vlan desc <1-4094> description <quoted>", key=(0, 1, 2), rank=31, section="vlan-config"
        ),
        Rule("port vlan <1-4094> <fs> <int>", rank=32, section="vlan-config"),
        Rule(
            "interface meth0", enters="meth", prompt="config-if-meth0", rank=75, section="Interface"
        ),
        Rule(
            "interface gpon <fs>",
            enters="gpon",
            prompt="config-if-gpon-{2}",
            rank=50,
            section="gpon",
        ),
        Rule(
            "service-port [ <int> ] vlan <1-4094> gpon <fsp> ont <0-127> gemport <int>"
            " multi-service user-vlan <1-4094> [ tag-transform { translate | transparent"
            " | default } ] [ inbound traffic-table index <int> outbound traffic-table"
            " index <int> ]",
            key=(0, 1),
            rank=60,
            section="bbs-config",
        ),
        Rule("ssh server enable", key=(0, 1), rank=85, section="post-system"),
        Rule("ssh server port <int>", key=(0, 1, 2), rank=85, section="post-system"),
        Rule(
            "sysman server source { ssh | snmp } { meth <int> | vlanif <int> | any-interface }",
            key=(0, 1, 2, 3),
            rank=90,
            section="source-interface",
        ),
        Rule(
            "sysman service { telnet | ssh } { enable | disable }",
            key=(0, 1, 2),
            rank=4,
            section="public-config",
        ),
        *_SSH_ACCESS,
        Rule("loghost add <ip> [ <word> ]", key=(0, 1, 2), rank=6),
        Rule("loghost activate { ip <ip> | name <word> }", key=(0, 1, 2, 3), rank=6),
        Rule("syslog enable alarm-event", key=(0, 2), rank=7),
        *_ACLS,
        Rule("ntp-service unicast-server <ip> [ preference ]", rank=86, section="post-system"),
        Rule(
            "ip route-static <ip> <mask> <ip> [ preference <1-255> ]",
            rank=80,
            section="route-static",
        ),
        *SMARTAX_SNMP,
    ),
    **_ACL_VIEWS,
    "meth": (Rule("ip address <ip> <mask>", key=(0, 1)), Rule("description <text>", key=(0,))),
    "lineprofile": (
        Rule("omcc encrypt { on | off }", key=(0, 1)),
        Rule("tcont <int> dba-profile-id <int>", key=(0, 1)),
        Rule("gem add <int> eth tcont <int> [ encrypt { on | off } ]", key=(0, 1, 2)),
        Rule("gem mapping <int> <int> vlan <1-4094> [ priority <0-7> ]", key=(0, 1, 2, 3)),
    ),
    "srvprofile": (
        Rule("ont-port eth <int> [ pots <int> ]", key=(0,)),
        Rule(
            "port vlan eth <int> { translation <1-4094> user-vlan <1-4094> | <1-4094> }",
            key=(0, 1, 2, 3),
        ),
    ),
    "gpon": (
        Rule("port <int> ont-auto-find { enable | disable }", key=(0, 1, 2)),
        Rule("port <int> fec { enable | disable }", key=(0, 1, 2)),
        Rule(
            "ont add <int> <0-127> sn-auth <hex> omci ont-lineprofile-id <int>"
            " ont-srvprofile-id <int> [ desc <string> ]",
            key=(0, 1, 2, 3),
            rank=55,  # after the port lines, before the ONT ports, as an MA5800 prints them
        ),
        Rule("ont delete <int> <0-127>", deletes="ont add {2} {3}"),
        Rule(
            "ont port native-vlan <int> <0-127> eth <int> vlan <1-4094> [ priority <0-7> ]",
            key=(0, 1, 2, 3, 4, 5, 6),
            rank=60,
        ),
    ),
}
"""SmartAX MA5800 OLT: the configuration commands the lab accepts in config mode."""
