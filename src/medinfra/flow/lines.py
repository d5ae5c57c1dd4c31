"""The rendered line of each hop: found in the device's intended configuration by the words
the hop names, so what the trace shows is what ``medinfra render`` writes."""

from dataclasses import dataclass

from medinfra.flow.hops import Hop
from medinfra.model.topology import Topology
from medinfra.render import render_device


@dataclass(frozen=True, slots=True)
class RenderedLine:
    """A line of a device's rendered configuration (1-based number)."""

    device: str
    number: int
    text: str

    def __str__(self) -> str:
        return f"{self.device}:{self.number}: {self.text.strip()}"


def _contains(line: str, words: tuple[str, ...]) -> bool:
    position = 0
    for word in words:
        found = line.find(word, position)
        if found < 0:
            return False
        position = found + len(word)
    return True


class RenderedLines:
    """Renders each device once and finds hop lines in it."""

    def __init__(self, topology: Topology) -> None:
        self.topology = topology
        self._configs: dict[str, list[str]] = {}

    def find(self, hop: Hop) -> RenderedLine | None:
        """The first line of ``hop.config``'s configuration holding ``hop.match`` in order."""
        if hop.config is None or not hop.match:
            return None
        if hop.config not in self._configs:
            text = render_device(self.topology, hop.config)
            self._configs[hop.config] = text.splitlines()
        for number, line in enumerate(self._configs[hop.config], start=1):
            if _contains(line, hop.match):
                return RenderedLine(hop.config, number, line)
        return None
