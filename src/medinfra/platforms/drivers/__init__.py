"""hier_config drivers of medinfra's platforms, in hier_config's own layout.

Each module imports only hier_config (no medinfra module), so a driver can be offered
upstream as ``hier_config/platforms/<name>/driver.py`` unchanged. The platform modules
(:mod:`medinfra.platforms.huawei_vrp`, ...) load them lazily: hier_config is imported only
by the layers that diff configurations.
"""
