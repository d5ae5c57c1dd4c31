"""Cross-check with the device lab: every line rendered for every device of every example is
accepted by the lab's grammar (none is kept as opaque configuration), and the lab's read-back
holds the same lines in the same order.

Expected differences: the device opens its dump with its version line; it stores secrets as
an irreversible cipher (``%^%#...%^%#``) where the file has ``<<secret:REF>>``, and prints such
a rewritten line in its own layout (an AR global with its leading space), so lines are
compared without their indentation. Skipped when the lab package is not present.
"""

import re

import pytest

from medinfra.model import Platform
from medinfra.platforms import platform_for
from tests.conftest import EXAMPLES
from tests.render.conftest import rendered

lab_device = pytest.importorskip("medinfra.lab.device")

SECRET = re.compile(r"(<<secret:[^>]+>>|%\^%#\S+%\^%#)")


def masked(text: str) -> list[str]:
    return [SECRET.sub("<secret>", line) for line in text.splitlines()]


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_lab_accepts_every_rendered_line_and_reads_it_back_unchanged(name: str) -> None:
    for config in rendered(name):
        platform = Platform(config.platform)
        source = f"{name}/{config.hostname}.cfg"
        root = lab_device.load_config(platform, config.text, source)
        opaque = [node.line for node in root.walk() if node.key.startswith("\0")]
        assert opaque == [], f"{source}: lines outside the lab grammar: {opaque}"
        back = platform_for(platform).lab().render(root).split("\n", 1)[1]
        assert [line.strip() for line in masked(back)] == [
            line.strip() for line in masked(config.text)
        ], source
