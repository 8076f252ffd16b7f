"""Restart recovery with the warmed server (serve.py): participants connected to a server killed with SIGKILL
all get their page back from the restarted one. Loopback only, bounded; timings are in bench/bench_restart.py."""
from bench.bench_restart import kill_restart_reconnect
from itlead.store import Store, make_engine
from itlead.workshop.live import Live

from ..helpers.servers import ROOT


def test_participants_get_their_page_back_after_sigkill_and_restart(tmp_path):
    url = f"sqlite:///{tmp_path / 'restart.db'}"
    engine = make_engine(url)
    Store(engine).migrate()
    live = Live(engine)
    session = live.act(live.create("Restart", ["strategy.q-first-question"]).id, "open")
    tokens = [live.join(session.id, f"P{i}")[1] for i in range(10)]
    env = {"ITLEAD_DATABASE_URL": url, "ITLEAD_CONTENT_DIR": str(ROOT), "ITLEAD_LAN_ADDRESS": "off"}
    after, _wall, before = kill_restart_reconnect(env, ROOT / "serve.py", [f"p={t}" for t in tokens], "join",
                                                  "Joined as")  # raises unless every page shows "Joined as"
    assert len(after) == len(before) == 10 and max(after) < 30
