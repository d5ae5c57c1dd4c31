"""Writing configurations: one file per device under its site, replaced atomically."""

from pathlib import Path

from medinfra.render import RenderedConfig, write_configs


def test_write_configs_creates_site_folders_and_replaces_files(tmp_path: Path) -> None:
    first = RenderedConfig("site-a", "A-CPE-01", "huawei_vrp", "#\nsysname A-CPE-01\n#\nreturn\n")
    paths = write_configs(tmp_path, [first])
    assert paths == [tmp_path / "site-a" / "A-CPE-01.cfg"]
    assert paths[0].read_text(encoding="utf-8") == first.text
    second = RenderedConfig("site-a", "A-CPE-01", "huawei_vrp", "#\nsysname A-CPE-01\nreturn\n")
    write_configs(tmp_path, [second])
    assert paths[0].read_text(encoding="utf-8") == second.text
    assert sorted(p.name for p in (tmp_path / "site-a").iterdir()) == ["A-CPE-01.cfg"]
    assert first.lines == 4
