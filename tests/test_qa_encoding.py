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
