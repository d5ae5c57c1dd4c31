"""Writing rendered configurations: ``DIR/<site>/<hostname>.cfg``, each file atomically."""

from collections.abc import Iterable
from pathlib import Path

from medinfra.fileio import write_atomic
from medinfra.render.renderer import RenderedConfig


def config_path(out_dir: Path, config: RenderedConfig) -> Path:
    """Where one device's configuration is written.

    Examples:
        >>> config_path(Path("out"), RenderedConfig("hpph-main", "HPPH-CPE-01", "huawei_vrp", ""))
        PosixPath('out/hpph-main/HPPH-CPE-01.cfg')
    """
    return out_dir / config.site / f"{config.hostname}.cfg"


def write_configs(out_dir: Path, configs: Iterable[RenderedConfig]) -> list[Path]:
    """Write each configuration atomically (a reader never sees half a file); return the paths."""
    written = []
    for config in configs:
        path = config_path(out_dir, config)
        write_atomic(path, config.text)
        written.append(path)
    return written
