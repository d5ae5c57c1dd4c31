"""Cross-check with the device lab: every line rendered for every device of every example is
accepted by the lab's grammar, and the lab's read-back has the same layout, line for line.

Two differences are expected and masked: the lab stores secrets as an irreversible cipher
(``%^%#...%^%#``) where the file has ``<<secret:REF>>``, and nothing else. Skipped when the
lab package is not present.
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
        back = platform_for(platform).lab().render(root)
        assert masked(back) == masked(config.text), source
