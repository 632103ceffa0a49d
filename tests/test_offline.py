"""healthlint never needs the network: no model download, no NLTK download."""
import os
import subprocess
import sys
import textwrap

BLOCK = textwrap.dedent("""
    import socket, sys
    def _blocked(*a, **k):
        raise OSError("network access blocked by test")
    socket.socket.connect = _blocked
    socket.socket.connect_ex = _blocked
    socket.create_connection = _blocked
    socket.getaddrinfo = _blocked
""")


def run_blocked(code, tmp_path, env=None):
    script = tmp_path / "run.py"
    script.write_text(BLOCK + textwrap.dedent(code))
    full_env = {**os.environ, "NLTK_DATA": str(tmp_path / "no-nltk"), "HOME": str(tmp_path), **(env or {})}
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=full_env, timeout=300)


def test_lint_and_readability_with_network_blocked(tmp_path):
    proc = run_blocked("""
        from healthlint import lint_text
        from healthlint.readability import grade_level
        findings = lint_text("Neck torment is common. Stretch daily and rest well.")
        assert any(f.rule == "HL101" for f in findings), findings
        g = grade_level("The cat sat on the mat. It was a sunny day and the cat was happy.")
        assert 0 < g < 6, g
        print("OK")
    """, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "OK" in proc.stdout
    assert not (tmp_path / "no-nltk").exists()   # nothing was downloaded


def test_cli_with_network_blocked(tmp_path):
    (tmp_path / "a.md").write_text("# Title\n\nNeck torment again.\n")
    proc = run_blocked(f"""
        import sys
        from healthlint.cli import main
        sys.argv = ["healthlint", "check", {str(tmp_path / 'a.md')!r}]
        main()
    """, tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "HL101" in proc.stdout


def test_fallback_pipeline_without_model(tmp_path):
    proc = run_blocked("""
        from healthlint import Linter
        linter = Linter()
        out = linter.lint_text("Tormented necks and muscle tissues ache. Neck torments hurt.")
        assert sum(f.rule == "HL101" for f in out) >= 2, [f.excerpt for f in out]
        linter.lint_text("Second document, same pipeline.")
        print("OK", linter.nlp.pipe_names)
    """, tmp_path, env={"HEALTHLINT_NO_MODEL": "1"})
    assert proc.returncode == 0, proc.stderr
    assert "healthlint_sentences" in proc.stdout
    assert proc.stderr.count("no trained English spaCy pipeline") == 1
