"""Configuration: ``[tool.healthlint]`` in pyproject.toml or a healthlint.toml (top-level keys, or
the same ``[tool.healthlint]`` table), found by walking up from the inputs (in each folder
healthlint.toml first); command-line flags override it. Unknown keys are an error."""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from .findings import SEVERITIES
from .inputs import DEFAULT_MAX_BYTES, parse_size


class ConfigError(ValueError):
    pass


@dataclass
class Config:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "warning"
    min_severity: str = "info"
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)        # rule id -> severity override
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)  # rule id -> options
    extra_rules: list[str] = field(default_factory=list)          # directories of extra rule packs
    max_file_size: int = DEFAULT_MAX_BYTES
    readability_target_grade: float = 8.0
    path: str | None = None                                       # where it was read from

    def ignored_for(self, path: str | None) -> list[str]:
        if not path or not self.per_file_ignores:
            return []
        rel = Path(path).as_posix()
        if self.path:  # patterns are relative to the configuration file's folder
            try:
                rel = Path(path).resolve().relative_to(Path(self.path).resolve().parent).as_posix()
            except ValueError:
                pass
        out: list[str] = []
        for pattern, sels in self.per_file_ignores.items():
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(Path(path).name, pattern) or rel.endswith("/" + pattern):
                out.extend(sels)
        return out


KEYS = {f.name.replace("_", "-"): f.name for f in fields(Config) if f.name != "path"}


def from_mapping(data: dict[str, Any], where: str, base: Config | None = None) -> Config:
    config = base or Config()
    for key, value in data.items():
        name = KEYS.get(key) or (key if key in KEYS.values() else None)
        if name is None:
            raise ConfigError(f"{where}: unknown configuration key {key!r} "
                              f"(known: {', '.join(sorted(KEYS))})")
        if name in ("select", "ignore", "include", "exclude", "extra_rules"):
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: {key} must be a list of strings")
        if name in ("severity", "per_file_ignores", "rule_options") and not isinstance(value, dict):
            raise ConfigError(f"{where}: {key} must be a table, e.g. {key} = {{ HL101 = ... }}")
        if name == "per_file_ignores":
            value = {pattern: [sels] if isinstance(sels, str) else sels for pattern, sels in value.items()}
            if not all(isinstance(s, list) and all(isinstance(x, str) for x in s) for s in value.values()):
                raise ConfigError(f"{where}: {key} values must be lists of rule selectors")
        if name == "rule_options" and not all(isinstance(v, dict) for v in value.values()):
            raise ConfigError(f"{where}: {key} must map rule ids to tables of options")
        if name == "readability_target_grade" and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise ConfigError(f"{where}: {key} must be a number")
        if name in ("fail_on", "min_severity") and value not in SEVERITIES:
            raise ConfigError(f"{where}: {key} must be one of {', '.join(SEVERITIES)}")
        if name == "severity":
            for rid, sev in value.items():
                if sev not in SEVERITIES + ("off",):
                    raise ConfigError(f"{where}: severity.{rid} must be one of {', '.join(SEVERITIES)} or off")
        if name == "max_file_size":
            try:
                value = parse_size(value)
            except ValueError:
                raise ConfigError(f"{where}: {key} must be a number of bytes, or a string with a unit "
                                  f"such as \"40MB\" or \"40MiB\" (got {value!r})") from None
        setattr(config, name, value)
    return config


def _healthlint_table(data: dict[str, Any], where: str) -> dict[str, Any]:
    """The settings of a healthlint.toml (or a --config file other than pyproject.toml): top-level
    keys, or everything under one ``[tool.healthlint]`` (as in pyproject.toml, so a table copied
    from there works as is) or ``[healthlint]`` table."""
    for outer, inner in (("tool", "healthlint"), ("healthlint", None)):
        table = data.get(outer)
        if not isinstance(table, dict) or (inner and inner not in table):
            continue
        others = sorted(set(data) - {outer})
        if others:
            raise ConfigError(f"{where}: put every setting either at the top level or under "
                              f"[{outer + '.' + inner if inner else outer}], not both (found {', '.join(others)})")
        if inner is None:
            return table
        rest = sorted(set(table) - {inner})
        if rest:
            raise ConfigError(f"{where}: only [tool.healthlint] is read here; unknown table(s) "
                              f"{', '.join('[tool.' + k + ']' for k in rest)}")
        if not isinstance(table[inner], dict):
            raise ConfigError(f"{where}: tool.healthlint must be a table")
        return table[inner]
    return data


def find_config_file(start: Path) -> Path | None:
    start = start.resolve()
    if start.is_file() or not start.exists():
        start = start.parent
    for directory in (start, *start.parents):
        candidate = directory / "healthlint.toml"
        if candidate.is_file():
            return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            try:
                raw = pyproject.read_text(encoding="utf-8")
            except OSError:
                continue
            try:
                data = tomllib.loads(raw)
            except tomllib.TOMLDecodeError as exc:
                if "healthlint" in raw:  # our settings are in there: never lint silently without them
                    raise ConfigError(f"{pyproject}: invalid TOML: {exc}") from None
                continue
            if "healthlint" in data.get("tool", {}):
                return pyproject
    return None


def load_config(explicit: str | None = None, inputs: list[str] | None = None) -> Config:
    path = Path(explicit) if explicit else None
    if path is None:
        first = next((p for p in (inputs or []) if p != "-"), ".")
        path = find_config_file(Path(first))
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("healthlint", {})
    else:
        data = _healthlint_table(data, str(path))
    config = from_mapping(data, str(path))
    config.path = str(path)
    base = path.parent
    config.extra_rules = [str((base / d).resolve()) for d in config.extra_rules]
    return config
