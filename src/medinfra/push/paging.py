"""Reading a display whole when the device pages it (``---- More ----``).

netmiko turns paging off at login (VRP ``screen-length 0 temporary``, SmartAX ``scroll``); a
device that refuses that line (a user level without the command, a release without it) stops
every long display at a pager line and waits for a key. Waiting for the prompt then times
out although the device answered. Here each pager line is answered with a space until the
prompt comes back, and the pager and the way the device erases it are taken out, so the text
is the display as a device with paging off prints it.

Public captures of VRP show the pager as ``  ---- More ----`` followed, once a key is pressed,
by ``ESC[42D``, 42 spaces and ``ESC[42D`` (some releases 16); SmartAX prints
``---- More ( Press 'Q' to break ) ----``. The line after the erase keeps its own indentation.
"""

import re
from typing import Any

from medinfra.push.errors import PushError

PAGER = r"-{4} More(?: \( Press 'Q' to break \))? -{4}"
"""The pager line of VRP and SmartAX."""

_PAGER_AT_END = re.compile(rf" *{PAGER}\s*$")
_PAGER_ERASED = re.compile(rf" *{PAGER}(?:\x1b\[(\d+)D *\x1b\[\1D)?")

MAX_PAGES = 100_000
"""More pages than any configuration has: a device that never stops paging is refused."""


def prompt_pattern(base_prompt: str) -> str:
    """The prompt line of a device whose netmiko base prompt is ``base_prompt`` (VRP
    ``<HOST>``, ``[~HOST-GigabitEthernet0/0/1]``, ``[*HOST]``; SmartAX ``HOST#``,
    ``HOST(config)#``).

    Examples:
        >>> bool(re.search(prompt_pattern("NE-01"), "x\\n[~NE-01-GigabitEthernet0/0/1]"))
        True
        >>> bool(re.search(prompt_pattern("NE-01"), " description to NE-01 GE0/0/1"))
        False
        >>> bool(re.search(prompt_pattern("OLT_1"), "  Info: done\\nOLT_1(config-if-gpon-0/1)#"))
        True
    """
    return rf"(?:^|\n)[<\[]?[~*]?{re.escape(base_prompt)}\S*[>\]#][ \t]*$"


def unpage(text: str) -> str:
    """``text`` without pager lines and their erase sequences.

    Examples:
        >>> unpage("#\\r\\n sysname A\\r\\n  ---- More ----\\x1b[42D" + " " * 42
        ...        + "\\x1b[42D interface X\\r\\n")
        '#\\r\\n sysname A\\r\\n interface X\\r\\n'
    """
    return _PAGER_ERASED.sub("", text)


def read_display(connection: Any, command: str, read_timeout: float) -> str:
    """The whole output of a display ``command``, paging answered with a space."""
    prompt = prompt_pattern(str(connection.base_prompt))
    expect = rf"{prompt}|{PAGER}"
    stripping = connection.ansi_escape_codes
    connection.ansi_escape_codes = False  # the erase sequences are read, then taken out
    try:
        text = str(
            connection.send_command(command, expect_string=expect, read_timeout=read_timeout)
        )
        pages = 0
        while _PAGER_AT_END.search(text):
            pages += 1
            if pages > MAX_PAGES:
                raise PushError(f"'{command}' did not end after {MAX_PAGES} pages")
            connection.write_channel(" ")
            text += str(connection.read_until_pattern(pattern=expect, read_timeout=read_timeout))
    finally:
        connection.ansi_escape_codes = stripping
    text = unpage(text)
    text = connection.strip_ansi_escape_codes(text) if stripping else text
    lines = text.replace("\r\n", "\n").split("\n")
    if pages and re.search(prompt, lines[-1]):
        lines.pop()  # the prompt after the last page (netmiko strips it from a single page)
    return "\n".join(lines)
