"""Legacy-encoded English text decodes as Windows-1252 (the detector guessed cp1250: "naïve" -> "naďve")."""
import pytest

from healthlint.inputs import decode


@pytest.mark.parametrize("text", ["naïve café résumé: neck torment", "“Quoted” neck torment – dash.",
                                  "Ärzte empfehlen Übungen für Nackenschmerzen, sagt Müller."])
def test_windows_1252(text):
    d = decode(text.encode("cp1252"))
    assert d.text == text and d.encoding == "cp1252"


def test_other_scripts_still_detected():
    text = "Привет, как дела? Это тест кодировки для проверки."
    assert decode(text.encode("cp1251")).text == text


# Short Latin-1 / Windows-1252 English: charset-normalizer guesses cp775, cp1250, cp1125, even big5
# on these; Windows-1252 must win whenever its decoding reads as Western text.
WESTERN = [
    ("Caf\xe9 owners often get neck torment. Na\xefve readers trust bosom malignant growth claims "
     "about r\xe9sum\xe9s.\n", "latin-1"),
    ("Señor Muñoz said the jalapeño diet cures everything.", "latin-1"),
    ("Über 50% of naïve patients ignore it.", "latin-1"),
    ("Résumé: the crème brûlée diet.", "latin-1"),
    ("The café’s “neck torment” cure costs €20 – naïve, über-priced and niño-friendly.", "cp1252"),
    ("It costs €5.", "cp1252"),
    ("Doctors say “stretch daily” — it’s free…", "cp1252"),
]


@pytest.mark.parametrize("text,encoding", WESTERN)
def test_latin1_and_cp1252_english(text, encoding):
    d = decode(text.encode(encoding))
    assert d.text == text
    assert d.encoding == "cp1252"


@pytest.mark.parametrize("text,encoding", [
    ("Привет, как дела? Это тест кодировки для проверки.", "cp1251"),
    ("The patient said: Привет, как дела? Это тест кодировки. " + "Then neck torment began. " * 3, "cp1251"),
    ("Γεια σας, αυτό είναι ένα κείμενο για την υγεία.", "cp1253"),
    ("Zażółć gęślą jaźń – polski tekst o zdrowiu i ćwiczeniach.", "cp1250"),
    ("这是一篇关于健康的文章。颈部疼痛很常见。", "gb2312"),
])
def test_other_code_pages_are_left_to_the_detector(text, encoding):
    assert decode(text.encode(encoding)).text == text


def test_latin1_excerpt_in_cli_output(tmp_path):
    from conftest import run_cli
    p = tmp_path / "latin1.txt"
    p.write_bytes(WESTERN[0][0].encode("latin-1"))
    proc = run_cli("check", "--no-color", str(p))
    assert "Café owners" in proc.stdout and "résumés." in proc.stdout, proc.stdout
    assert "ķ" not in proc.stdout
