"""The grammar takes every line the templates render and prints it back in the same layout."""

import functools
import re
from pathlib import Path

import pytest
from hier_config import WorkflowRemediation

from medinfra.lab.config_tree import new_root, render_vrp
from medinfra.lab.device import LabError, load_config
from medinfra.lab.editor import Editor
from medinfra.lab.grammar import VRP, VRPV8
from medinfra.lab.smartax_grammar import SMARTAX
from medinfra.lab.syntax import Verdict, tokenize
from medinfra.load import load_topology
from medinfra.model import Platform
from medinfra.platforms import platform_for
from medinfra.push.remediation import parse
from medinfra.render import render_device
from tests.conftest import EXAMPLES, INVENTORY

SECRETS = re.compile(r"<<secret:[^>]*>>|%\^%#\w+%\^%#")


@functools.cache
def rendered_and_back(name: str) -> list[tuple[Platform, str, str, str]]:
    """(platform, hostname, rendered config, the lab's read-back) for every device of an example."""
    topology = load_topology(INVENTORY / name).topology
    result = []
    for _, device in topology.all_devices():
        rendered = render_device(topology, device.hostname)
        root = load_config(device.platform, rendered, "x")
        opaque = [node.line for node in root.walk() if node.key.startswith("\0")]
        assert opaque == [], f"{device.hostname}: lines the lab grammar does not know: {opaque}"
        back = platform_for(device.platform).lab().render(root)
        result.append((device.platform, device.hostname, rendered, back))
    return result


@pytest.mark.parametrize("name", EXAMPLES)
def test_rendered_configs_round_trip(name: str) -> None:
    for platform, hostname, rendered, back in rendered_and_back(name):
        # the device opens its dump with its version line; secrets come back as the device's
        # irreversible cipher (a rewritten line prints in the device's own layout, so compare
        # without indentation); everything else verbatim
        banner, _, rest = back.partition("\n")
        assert banner == platform_for(platform).lab().render(new_root()).split("\n")[0]
        assert rest == rendered or SECRETS.search(rendered), hostname
        assert [line.strip() for line in SECRETS.sub("SECRET", rest).splitlines()] == [
            line.strip() for line in SECRETS.sub("SECRET", rendered).splitlines()
        ], hostname
        assert "<<secret:" not in back


@pytest.mark.parametrize(
    ("line", "verdict", "column"),
    [
        ("ip adress 10.0.0.1 24", Verdict.UNRECOGNIZED, 3),
        ("ip address 10.0.0.x 24", Verdict.WRONG_PARAMETER, 11),
        ("ip address 10.0.0.1", Verdict.INCOMPLETE, 19),
        ("description", Verdict.INCOMPLETE, 11),
        ("trust dscp override now", Verdict.TOO_MANY, 20),
        ("foo", Verdict.UNRECOGNIZED, 0),
    ],
)
def test_refusals_put_the_caret_where_a_device_does(
    line: str, verdict: Verdict, column: int
) -> None:
    editor = Editor(VRP, new_root())
    assert editor.apply("interface GigabitEthernet0/0/1").ok
    outcome = editor.apply(line)
    assert (outcome.verdict, outcome.column) == (verdict, column)


def test_lines_replace_undo_and_fall_back_to_the_system_view() -> None:
    root = new_root()
    editor = Editor(VRP, root)
    for line in [
        "interface GigabitEthernet0/0/1",
        "ip address 10.0.0.1 24",
        "ip address 10.0.0.5 30",
        "sysname NEW",
        "undo interface GigabitEthernet0/0/1",
    ]:
        assert editor.apply(line).ok, line
    assert editor.depth == 0  # ``sysname`` left the interface view, as VRP does
    assert [node.line for node in root.children] == ["sysname NEW"]
    editor.apply("interface GigabitEthernet0/0/2")
    editor.apply("ip address 10.0.0.1 24")
    assert root.children[1].children[0].line == "ip address 10.0.0.1 255.255.255.0"
    assert editor.apply("undo ip address").ok
    assert root.children[1].children == []


def test_smartax_views_do_not_fall_back_and_check_serials() -> None:
    root = new_root()
    editor = Editor(
        SMARTAX, root, fallback=False, check=platform_for(Platform.HUAWEI_SMARTAX).lab().check
    )
    assert editor.apply("interface gpon 0/1").ok
    assert editor.apply("vlan 10 smart").verdict is Verdict.UNRECOGNIZED
    ont = 'ont add 0 {} sn-auth "48575443F5E5A8AB" omci ont-lineprofile-id 1 ont-srvprofile-id 1'
    assert editor.apply(ont.format(1)).ok
    assert editor.apply(ont.format(2)).failure == "Failure: SN already exists"
    assert editor.apply("ont delete 0 1").ok
    assert editor.apply("ont delete 0 1").failure == "missing"


def test_brownfield_lines_outside_the_grammar_stay_in_their_view() -> None:
    text = "#\n sysname A\n#\ninterface GigabitEthernet0/0/1\n ospf enable 1 area 0\n ip address 1.1.1.1 24\n#\nreturn\n"
    root = load_config(Platform.HUAWEI_VRP, text, "old.cfg")
    port = root.children[1]
    assert [child.line for child in port.children] == [
        "ospf enable 1 area 0",
        "ip address 1.1.1.1 255.255.255.0",
    ]
    assert port.children[0].key.startswith("\0")  # opaque: kept, printed, never modelled
    shown = platform_for(Platform.HUAWEI_VRP).lab().render(root)
    # the device printed no version line here, so it adds its own; the mask it rewrote
    assert shown == "[V300R019C10SPC300]\n" + text.replace(" 24\n", " 255.255.255.0\n")


def test_a_file_with_no_line_of_the_platform_is_refused_with_its_name() -> None:
    with pytest.raises(LabError, match=r"old\.cfg: not a huawei_smartax configuration"):
        load_config(Platform.HUAWEI_SMARTAX, "foo bar\nbaz 1\n", "old.cfg")


def test_unique_abbreviations_expand_and_ambiguous_ones_are_refused() -> None:
    root = new_root()
    editor = Editor(VRP, root)
    assert editor.apply("int GigabitEthernet0/0/1").ok
    assert editor.apply("desc to the data centre").ok
    assert editor.apply("traffic-p medinfra-wan out").ok
    assert editor.apply("ip route-static 0.0.0.0 0 10.0.0.2 pre 10").ok
    assert [line for line in render_vrp(root).splitlines() if line[:1] in "i "] == [
        "interface GigabitEthernet0/0/1",
        " description to the data centre",
        " traffic-policy medinfra-wan outbound",
        "ip route-static 0.0.0.0 0.0.0.0 10.0.0.2 preference 10",
    ]
    # 'in' begins interface, info-center and inbound: a device answers with an error
    assert not editor.apply("in GigabitEthernet0/0/2").ok
    assert editor.depth == 0


@pytest.mark.parametrize("name", EXAMPLES)
def test_hier_config_sees_no_difference_after_a_round_trip(name: str) -> None:
    # the platform's dump parser (version line, leading-space globals, SmartAX sections)
    # under hier_config's diff, as push and verification use them
    for platform, hostname, rendered, back in rendered_and_back(name):
        remediation = WorkflowRemediation(
            parse(platform, SECRETS.sub("SECRET", back)),
            parse(platform, SECRETS.sub("SECRET", rendered)),
        ).remediation_config
        assert [str(line) for line in remediation.all_children_sorted()] == [], hostname


def _corpus() -> list[list[str]]:
    """The words of every line the templates render and every line of the brownfield dumps."""
    lines = {
        line.strip()
        for name in EXAMPLES
        for _, _, rendered, _ in rendered_and_back(name)
        for line in rendered.splitlines()
    }
    for dump in sorted((Path(__file__).parents[1] / "fixtures" / "brownfield").rglob("*.cfg")):
        lines.update(line.strip() for line in dump.read_text(encoding="utf-8").splitlines())
    lines |= {f"undo {line}" for line in lines}  # a remediation sends undo lines too
    return [words for line in sorted(lines) if (words := [t for t, _ in tokenize(line)])]


@pytest.mark.parametrize("grammar", [VRP, VRPV8, SMARTAX], ids=["vrp", "vrpv8", "smartax"])
def test_a_rule_matches_only_lines_that_begin_with_one_of_its_first_words(grammar) -> None:
    """The editor tries a written-out line only against the rules that can begin with its first
    word: a rule matching a line it was not tried against would be a lost line."""
    corpus = _corpus()
    tried = 0
    for rules in grammar.values():
        for rule in rules:
            for words in corpus:
                if len(words) in rule.tree.ends(words, 0):
                    tried += 1
                    assert rule.first is None or words[0].lower() in rule.first, (
                        rule.syntax,
                        words,
                    )
    assert tried > 1000  # the corpus reaches the grammar
