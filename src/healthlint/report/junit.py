"""``--format junit``: JUnit XML for CI test-report views: one testsuite per file, one failing
testcase per finding, one passing testcase for a clean file, an error testcase for an unreadable one."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ..gitdiff import relative_path, repo_root

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(s: str) -> str:
    return _INVALID_XML.sub("\ufffd", s)


def render(results, rules, out, options) -> None:
    root = Path(options.get("root") or repo_root()).resolve()
    suites = ET.Element("testsuites", name="healthlint")
    total = failures = errors = 0
    for r in results:
        path = _x(relative_path(r.path, root))
        suite = ET.SubElement(suites, "testsuite", name=path)
        n_fail = n_err = 0
        if r.error:
            case = ET.SubElement(suite, "testcase", name=_x(f"{r.error.code} read {path}"), classname=path,
                                 file=path)
            ET.SubElement(case, "error", type=r.error.code, message=_x(r.error.message)).text = _x(r.error.message)
            n_err = 1
        elif not r.findings:
            ET.SubElement(suite, "testcase", name="healthlint", classname=path, file=path)
        for f in r.findings:
            rule = rules.get(f.rule)
            name = f"{f.rule} {rule.name if rule else ''} at {f.line}:{f.column}".replace("  ", " ")
            case = ET.SubElement(suite, "testcase", name=_x(name), classname=path, file=path, line=str(f.line))
            body = f"{path}:{f.line}:{f.column}: {f.rule} [{f.category}, {f.severity}] {f.message}"
            if f.excerpt:
                body += f"\n    {f.excerpt}"
            if f.fix is not None:
                body += f"\n    fix: {repr(f.fix.replacement) if f.fix.replacement else 'delete'}"
            ET.SubElement(case, "failure", type=f.rule, message=_x(f.message)).text = _x(body)
            n_fail += 1
        tests = max(1, len(r.findings)) if not r.error else 1
        suite.set("tests", str(tests))
        suite.set("failures", str(n_fail))
        suite.set("errors", str(n_err))
        total += tests
        failures += n_fail
        errors += n_err
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    suites.set("errors", str(errors))
    ET.indent(suites)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(suites, encoding="unicode"))
    out.write("\n")
