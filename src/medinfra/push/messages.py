"""A device's answers and netmiko's exceptions turned into messages in the user's words.

No raw regular expression and no lone caret: the message says what the device refused and
quotes the device's own error line.
"""

import re


def device_words(output: str) -> str:
    """The device's own error lines in ``output`` (carets and echoes left out).

    Examples:
        >>> device_words("   ^\\nError: Unrecognized command found at '^' position.\\n[~PE]")
        "Error: Unrecognized command found at '^' position."
        >>> device_words("")
        'no output'
    """
    lines = [line.strip() for line in output.splitlines()]
    errors = [line for line in lines if re.match(r"Error|Failure|%|Info: ?Fail", line)]
    meaningful = [line for line in lines if line and set(line) - {"^", " "}]
    return " ".join(errors) or (meaningful[-1] if meaningful else "no output")


_REJECTED = re.compile(r"Invalid input detected at command: (.*), matched error: (.*)", re.S)


def rejected_line(hostname: str, netmiko_message: str) -> str:
    """netmiko's ConfigInvalidException text in the user's words, the refused line last.

    The refused line comes last: a masked secret in it hides the rest of that line.

    Examples:
        >>> rejected_line("CPE", "Invalid input detected at command: ntp, "
        ...               "matched error: Error: Wrong parameter found at '^' position.")
        "CPE: the device refused a line (Error: Wrong parameter found at '^' position.): ntp"
    """
    match = _REJECTED.match(netmiko_message.strip())
    if match is None:
        return f"{hostname}: the device refused a line: {netmiko_message.strip()}"
    line, said = match.group(1).strip(), match.group(2).strip()
    return f"{hostname}: the device refused a line ({said}): {line}"
