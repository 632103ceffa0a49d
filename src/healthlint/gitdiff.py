"""Git helpers for CI: the repository root (for report paths) and the files changed since a ref."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path


class GitError(RuntimeError):
    pass


def _git(args: list[str], cwd: str | Path | None = None) -> str:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"git {' '.join(args)}: {exc}") from None
    if proc.returncode != 0:
        raise GitError(proc.stderr.strip() or f"git {' '.join(args)} failed")
    return proc.stdout


def repo_root(cwd: str | Path | None = None) -> Path:
    """The git work tree's top level, or the current directory outside a repository."""
    try:
        return Path(_git(["rev-parse", "--show-toplevel"], cwd).strip()).resolve()
    except GitError:
        return Path(cwd or os.getcwd()).resolve()


def relative_path(path: str, root: Path) -> str:
    """``path`` relative to ``root`` with forward slashes; absolute when outside the root;
    names that are not files (standard input) are returned unchanged."""
    if path == "-" or not path:
        return path
    full = Path(path).resolve()
    try:
        return full.relative_to(root).as_posix()
    except ValueError:
        return full.as_posix()


def changed_files(ref: str, cwd: str | Path | None = None) -> set[Path]:
    """Absolute paths of files added, copied, modified or renamed since ``ref``: commits since the
    merge base of ``ref`` and HEAD, staged and unstaged changes, and untracked (not ignored) files.
    Deleted files are left out."""
    root = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    try:
        base = _git(["merge-base", ref, "HEAD"], root).strip()
    except GitError:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root)  # raises on a bad ref
        base = ref
    names = _git(["diff", "--name-only", "-z", "--no-renames", "--diff-filter=ACMRT", base, "--"], root)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], root)
    out = set()
    for name in (names + untracked).split("\0"):
        if name:
            out.add((root / name).resolve())
    return out
