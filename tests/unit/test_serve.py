"""`serve.py`'s start-up: the engine, the course and the database are ready before the first visitor, and a first
run prints the one-time setup token on the console then, not later."""
import serve
from itlead.ui import resources


def test_start_up_warms_everything_and_prints_the_setup_token(tmp_path, monkeypatch, capsys, fixture_course):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    monkeypatch.setenv("ITLEAD_DATABASE_URL", url)
    monkeypatch.setenv("ITLEAD_CONTENT_DIR", str(fixture_course))
    monkeypatch.delenv("ITLEAD_FACILITATOR_PASSCODE", raising=False)
    serve._warm()
    printed = capsys.readouterr().err.split("one-time setup token:")[1].split()[0]
    assert resources.setup_token(url) == printed  # one token per process: the one printed is the one accepted
    assert resources.store_at(url).migrate() > 0  # the database was opened and upgraded


def test_no_token_is_printed_when_a_passcode_is_configured(tmp_path, monkeypatch, capsys, fixture_course):
    monkeypatch.setenv("ITLEAD_DATABASE_URL", f"sqlite:///{tmp_path / 'configured.db'}")
    monkeypatch.setenv("ITLEAD_CONTENT_DIR", str(fixture_course))
    monkeypatch.setenv("ITLEAD_FACILITATOR_PASSCODE", "from-the-environment")
    serve._warm()
    assert "setup token" not in capsys.readouterr().err
