"""UI catalogues: complete, placeholders intact, and in step with the code."""
import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from itlead.i18n import LOCALE_DIR, _, set_locale

PLACEHOLDER = re.compile(r"\{[^}]*\}")


@pytest.mark.parametrize("locale", ["fr", "es"])
def test_catalogue_is_complete_with_the_same_placeholders(locale):
    with (LOCALE_DIR / locale / "LC_MESSAGES" / "itlead.po").open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    entries = [m for m in catalog if m.id]
    assert len(entries) > 300
    missing = [m.id for m in entries if not m.string]
    assert not missing, missing[:5]
    for m in entries:
        assert sorted(PLACEHOLDER.findall(m.id)) == sorted(PLACEHOLDER.findall(m.string)), m.id
        assert m.string.count("**") == m.id.count("**"), m.id


def test_template_matches_the_code(tmp_path):
    out = tmp_path / "fresh.pot"
    subprocess.run([sys.executable, "-c", "from babel.messages.frontend import main; main()", "extract",
                    "-k", "_", "-k", "N_",
                    "--no-location", "-o", str(out), "itlead", "app.py"], check=True, capture_output=True)
    ids = lambda path: {m.id for m in read_po(path.open("rb")) if m.id}  # noqa: E731
    fresh, shipped = ids(out), ids(LOCALE_DIR / "itlead.pot")
    assert fresh == shipped, f"run pybabel extract and update: new {sorted(fresh - shipped)[:5]}, " \
                             f"gone {sorted(shipped - fresh)[:5]}"
    for locale in ("fr", "es"):
        in_po = ids(LOCALE_DIR / locale / "LC_MESSAGES" / "itlead.po")
        assert fresh <= in_po, f"run pybabel update for {locale}: {sorted(fresh - in_po)[:5]}"


def test_translation_follows_the_session_locale():
    set_locale("fr")
    assert _("Start the course") != "Start the course"
    set_locale("es")
    assert _("Start the course") != "Start the course"
    set_locale("en")
    assert _("Start the course") == "Start the course"
    assert _("a string nobody translated") == "a string nobody translated"


def test_no_translated_string_hides_inside_an_f_string():
    """Babel cannot see _() inside an f-string on Python 3.11, so such a string would never reach the catalogue."""
    hidden = []
    for path in LOCALE_DIR.parent.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"""\bf(["'])[^"']*\{_\(["']""", line):
                hidden.append(f"{path.name}:{number}")
    assert not hidden, hidden
