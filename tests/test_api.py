"""The Python API as README.md shows it (the README once passed strings to lint_documents, which
crashed inside spaCy with "'str' object has no attribute 'text'")."""
import re
from pathlib import Path

import pytest

import healthlint

README = Path(__file__).resolve().parents[1] / "README.md"


def _readme_api_block() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Python API"):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_readme_api_example_runs_literally(capsys):
    namespace: dict = {}
    exec(compile(_readme_api_block(), "README.md", "exec"), namespace)
    assert [f.rule for f in namespace["findings"]] == ["HL101"]
    assert "1:22 warning HL101" in capsys.readouterr().out
    assert [f.excerpt for f in namespace["md_findings"]] == ["Neck torment"]
    results = namespace["results"]
    assert len(results) == 2
    assert [f.excerpt for f in results[0]] == ["Neck torment"]
    assert [f.excerpt for f in results[1]] == ["Bosom malignant growth"]
    assert results[1][0].start == 3  # offsets into the HTML as given


def test_lint_documents_accepts_strings_and_documents_in_order():
    linter = healthlint.Linter(select=["HL101"])
    texts = ["Stretch gently.", "Neck torment is common.", healthlint.parse("# T\n\nNeck torment.", "markdown")]
    results = linter.lint_documents(texts)
    assert [len(r) for r in results] == [0, 1, 1]
    assert results[2][0].line == 3


@pytest.mark.parametrize("bad", [b"Neck torment", 42, None])
def test_lint_documents_rejects_other_types_clearly(bad):
    linter = healthlint.Linter(select=["HL101"])
    with pytest.raises(TypeError, match="lint_documents.*str.*Document"):
        linter.lint_documents([bad])


def test_lint_text_rejects_bytes_clearly():
    with pytest.raises(TypeError, match="lint_bytes"):
        healthlint.Linter(select=["HL101"]).lint_text(b"Neck torment")


def test_public_api_is_exported_and_documented():
    for name in ("Linter", "lint_text", "parse", "Document", "Config", "load_config", "Finding", "Fix"):
        assert name in healthlint.__all__ and hasattr(healthlint, name)
    public = [m for m in vars(healthlint.Linter) if not m.startswith("_") or m == "__init__"]
    undocumented = [m for m in public if callable(getattr(healthlint.Linter, m))
                    and not getattr(healthlint.Linter, m).__doc__ and m != "check_document"]
    assert not undocumented, undocumented
    assert healthlint.lint_text.__doc__ and healthlint.parse.__doc__
