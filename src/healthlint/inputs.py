"""Finding input files and decoding them safely (binary, encodings, size limits)."""
from __future__ import annotations

import codecs
import fnmatch
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .formats import FORMAT_BY_SUFFIX

MIB = 1024 * 1024
DEFAULT_MAX_BYTES = 5 * MIB  # max-file-size: 5 MiB
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".mypy_cache"}


class InputError(Exception):
    """A file that cannot be linted; ``code`` is an HL0xx rule id."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def format_size(n: int) -> str:
    """A byte count as people read it: ``5.0 MiB`` (binary units, as the 5 MiB default)."""
    if n >= MIB:
        return f"{n / MIB:.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n} bytes"


_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(b|bytes?|kb|kib|mb|mib|gb|gib)?\s*", re.I)
_UNITS = {"": 1, "b": 1, "byte": 1, "bytes": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3,
          "kib": 1024, "mib": MIB, "gib": 1024**3}


def parse_size(value) -> int:
    """``max-file-size`` as given: a number of bytes, or a string with a unit: ``40MB`` (decimal,
    40,000,000 bytes), ``40MiB`` (binary, 41,943,040 bytes), ``512KiB``. ValueError if not."""
    if isinstance(value, bool):
        raise ValueError(f"not a size: {value!r}")
    if isinstance(value, int):
        if value <= 0:
            raise ValueError(f"not a positive size: {value!r}")
        return value
    m = _SIZE.fullmatch(str(value)) if isinstance(value, str) else None
    if m is None:
        raise ValueError(f"not a size: {value!r} (bytes, or a number with KB, MB, GB, KiB, MiB or GiB)")
    size = int(float(m.group(1)) * _UNITS[(m.group(2) or "").lower()])
    if size <= 0:
        raise ValueError(f"not a positive size: {value!r}")
    return size


def too_large(name: str, size: int, max_bytes: int) -> InputError:
    shown, limit = format_size(size), format_size(max_bytes)
    if shown == limit:  # 5,000,001 over 5,000,000: both "4.8 MiB"
        shown, limit = f"{size:,} bytes", f"{max_bytes:,} bytes"
    return InputError("HL003", f"{name}: file is {shown}, over the {limit} limit "
                               f"(max-file-size = {max_bytes}; raise it in the configuration or with "
                               "--max-file-size to lint the file)")


@dataclass
class Decoded:
    text: str
    encoding: str
    newline: str | None


def decode(data: bytes, name: str = "<input>", max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    if len(data) > max_bytes:
        raise too_large(name, len(data), max_bytes)
    encoding = None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            encoding = enc
            break
    if encoding is None:
        sample = data[:8192]
        if b"\x00" in sample:
            raise InputError("HL002", f"{name}: looks like a binary file (NUL bytes), not text")
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError as exc:
            text, encoding = _detect(data, name, exc)
    else:
        text = data.decode(encoding)
        if text.startswith("\ufeff"):
            text = text[1:]
    if _control_ratio(text) > 0.05:
        raise InputError("HL002", f"{name}: looks like a binary file (control characters), not text")
    newline = "\r\n" if "\r\n" in text[:10000] else ("\r" if "\r" in text and "\n" not in text else "\n")
    # Offsets are reported in the text with its line endings as given; CR-only files (old Mac) are
    # normalised to \n, one character for one so offsets do not move, and lines count as editors
    # count them. Writing fixes turns them back (``restore_newlines``).
    if newline == "\r":
        text = text.replace("\r", "\n")
    return Decoded(text, encoding, newline)


def restore_newlines(text: str, newline: str | None) -> str:
    """The text to write back for a file decoded with ``newline``."""
    return text.replace("\n", "\r") if newline == "\r" else text


def _detect(data: bytes, name: str, exc: UnicodeDecodeError) -> tuple[str, str]:
    """Decode bytes that are not UTF-8.

    healthlint lints English articles, and English text that is not UTF-8 is almost always
    Windows-1252 or Latin-1 (Windows-1252 is Latin-1 plus curly quotes, dashes and the euro sign in
    bytes Latin-1 leaves to control characters). On such short, mostly-ASCII text a statistical
    detector cannot tell the Western code pages apart and guesses almost anything (cp775, cp1250,
    cp1125, even big5), so Windows-1252 is preferred whenever its decoding reads as Western text
    (``_looks_western``). The detector decides when it does not (Cyrillic, Greek, Hebrew, CJK ...:
    their bytes decode to runs of accented letters), when Windows-1252 cannot decode the bytes, and
    when it has a concrete reason: it names another Latin code page (Polish in cp1250) *and* it
    rejected Windows-1252 as producing garbage (``¿`` and ``³`` inside words)."""
    from charset_normalizer import from_bytes
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:  # 0x81 0x8D 0x8F 0x90 0x9D: neither Windows-1252 nor printable Latin-1
        western = None
    matches = from_bytes(data)
    best = matches.best()
    if western is not None and _looks_western(western):
        if best is None or best.encoding is None or best.encoding not in _OTHER_LATIN \
                or any("cp1252" in m.could_be_from_charset for m in matches):
            return western, "cp1252"
    if best is None or best.encoding is None:
        raise InputError("HL004", f"{name}: not valid UTF-8 (byte {exc.start}) and the encoding "
                                  "could not be detected; convert the file to UTF-8")
    return str(best), best.encoding


# Latin-script code pages of other regions: the detector's guess wins over Windows-1252 only when
# it also rejected Windows-1252 (see ``_detect``).
_OTHER_LATIN = {"cp1250", "iso8859_2", "mac_latin2", "cp852", "cp1257", "iso8859_4", "iso8859_13", "cp775",
                "iso8859_10", "cp1254", "iso8859_9", "iso8859_3", "iso8859_16"}
_WORD = re.compile(r"[^\W\d_]+")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{3}")


def _looks_western(text: str) -> bool:
    """Whether ``text`` (bytes decoded as Windows-1252) reads as English or Western European text:
    letters mostly ASCII, accented letters sprinkled inside Latin words. Bytes of other scripts'
    code pages decode to words made of runs of accented letters ("Ïðèâåò" for Cyrillic "Привет")."""
    words = _WORD.findall(text)
    letters = sum(map(len, words))
    if not letters:
        return True  # only punctuation and symbols (curly quotes, dashes, euro signs) beyond ASCII
    accented = [w for w in words if not w.isascii()]
    if sum(1 for w in accented for c in w if ord(c) > 127) > 0.3 * letters:
        return False
    runs = sum(1 for w in accented if _NON_ASCII_RUN.search(w))
    return runs <= 0.1 * len(accented)


def _control_ratio(text: str) -> float:
    sample = text[:8192]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return bad / len(sample)


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise too_large(str(path), size, max_bytes)
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("HL001", f"{path}: no such file or directory") from None
    except IsADirectoryError:
        raise InputError("HL001", f"{path}: is a directory") from None
    except PermissionError:
        raise InputError("HL001", f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError("HL001", f"{path}: cannot read ({exc.strerror or exc})") from None
    return decode(data, str(path), max_bytes)


def _matches(rel: str, patterns: list[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) or rel.startswith(p.rstrip("/") + "/")
               for p in patterns)


def expand_paths(paths: list[str], include: list[str] | None = None, exclude: list[str] | None = None):
    """Yield file paths to lint: files as given, directories walked for known suffixes."""
    include = include or []
    exclude = exclude or []
    seen: set[Path] = set()  # a file named twice (or inside a directory also given) is linted once
    for path in _expand(paths, include, exclude):
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            yield path


def walk_files(directory: Path):
    """Every file below ``directory`` in a stable order, skipping VCS, virtualenv and hidden folders."""
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for f in sorted(files):
            yield Path(root) / f


def _expand(paths: list[str], include: list[str], exclude: list[str]):
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for full in walk_files(p):
                rel = full.relative_to(p).as_posix()
                if include:
                    if not _matches(rel, include):
                        continue
                elif full.suffix.lower() not in FORMAT_BY_SUFFIX:
                    continue
                if full.name.endswith(".expected.yaml") or _matches(rel, exclude):
                    continue
                yield full
        else:
            if exclude and _matches(p.as_posix(), exclude):
                continue
            yield p
