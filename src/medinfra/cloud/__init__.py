"""The healthcare cloud as Pulumi components on OpenStack, built from the topology model.

Pure parts (``ports``, ``sizing``, ``rules``, ``policies``) import no Pulumi; the components
(``tenant``, ``network``, ``firewall``, ``storage``), the stack program (``program``) and the
offline plan (``plan``) do.
"""
