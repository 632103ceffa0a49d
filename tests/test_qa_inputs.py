"""Input handling: files named twice are linted once; symlink loops end."""
from healthlint.inputs import expand_paths


def test_each_file_once(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.md").write_text("x\n")
    (tmp_path / "b.txt").write_text("x\n")
    got = list(expand_paths([str(tmp_path / "b.txt"), str(tmp_path / "d"), str(tmp_path / "d" / "a.md"),
                             str(tmp_path / "d" / ".." / "b.txt")]))
    assert [p.name for p in got] == ["b.txt", "a.md"]


def test_directory_symlink_loop_terminates(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "a.md").write_text("x\n")
    assert [p.name for p in expand_paths([str(tmp_path)])] == ["a.md"]
