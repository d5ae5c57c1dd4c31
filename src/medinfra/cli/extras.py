"""Which package extra brings the libraries a command imports when it runs.

The core of medinfra (``pip install medinfra``) is what ``validate``, ``render``, ``rules`` and
``schema`` need; ``push``, ``lab``, ``plan`` and ``demo`` import their libraries when they run.
A command whose library is not installed names the extra to install instead of a traceback.
"""

EXTRAS: dict[str, str] = {
    "netmiko": "push",
    "paramiko": "push",
    "hier_config": "push",
    "asyncssh": "lab",
    "pulumi": "cloud",
    "pulumi_openstack": "cloud",
    "pulumi_policy": "cloud",
    "ansible": "ansible",
    "ansible_runner": "ansible",
}
"""Top-level module -> the extra of ``pyproject.toml`` that installs it."""


def missing_extra(error: ModuleNotFoundError) -> str | None:
    """The message for a missing optional library, or None when it is not one of the extras'.

    Examples:
        >>> message = missing_extra(ModuleNotFoundError("no netmiko", name="netmiko"))
        >>> print(message.split(": ", 1)[1])
        pip install 'medinfra[push]'
        >>> missing_extra(ModuleNotFoundError("No module named 'nothing'", name="nothing")) is None
        True
    """
    top = (error.name or "").split(".", 1)[0]
    extra = EXTRAS.get(top)
    if extra is None:
        return None
    return (
        f"this command needs medinfra's {extra!r} extra (module {top} is not installed): "
        f"pip install 'medinfra[{extra}]'"
    )
