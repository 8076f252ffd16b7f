"""Benchmark: the Author page with a pack of 500 questions: opening it, saving one question, saving translations
and deleting a question, against the hello-world page in the same run.

    python bench/bench_author.py [--questions 500] [--repeat 5]

Script time of each run, in process (AppTest), and the pure editor's open and saves. Target: each under 1 s.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from itlead.authoring import questions, roundtrip, translations  # noqa: E402
from itlead.authoring.editor import PackEditor  # noqa: E402
from itlead.authoring.packs import scaffold  # noqa: E402
from itlead.content.loader import load_course  # noqa: E402

BANK = "quizzes/bench-check.yaml"
TYPES = ("single_choice", "multiple_response", "true_false", "ordering", "matching", "numeric", "likert", "reflection")


def big_pack(base: Path, n: int) -> PackEditor:
    pack = scaffold("bench", base)
    doc = roundtrip.load((pack.path / BANK).read_bytes())
    data = roundtrip.plain(doc)
    data["questions"] += [questions.blank(TYPES[i % 8], f"bench.q-{i}", "bench.o1") | {"stem": f"Question {i}?"}
                          for i in range(n - len(data["questions"]))]
    (pack.path / BANK).write_text(roundtrip.dump(roundtrip.merge(doc, data)), encoding="utf-8")
    return PackEditor(pack, lambda: load_course(ROOT, packs=[pack.path]))


def ms(seconds: list[float]) -> str:
    return f"median {statistics.median(seconds) * 1000:6.0f} ms, max {max(seconds) * 1000:6.0f} ms"


def pure(editor: PackEditor, repeat: int) -> None:
    result = editor.course()
    editor.course = lambda: result  # the app keeps the loaded course per process
    opens, saves = [], []
    for i in range(repeat):
        t0 = time.perf_counter()
        opened = editor.open(BANK)
        opens.append(time.perf_counter() - t0)
        question = dict(opened.data["questions"][10], stem=f"Edited {i}?")
        t0 = time.perf_counter()
        questions.save_question(editor, opened, question)
        saves.append(time.perf_counter() - t0)
    print(f"editor open (500 questions):  {ms(opens)}")
    print(f"editor save (one question):   {ms(saves)}")
    pure_translations(editor, repeat)
    pure_delete(editor, repeat)


def pure_translations(editor: PackEditor, repeat: int, texts: int = 20) -> None:
    """A page of the workbench saved: French for `texts` stems spread over the whole bank (the worst case: each is
    in a question of its own)."""
    saves = []
    for i in range(repeat):
        opened = editor.open(BANK)
        data = opened.data
        step = len(data["questions"]) // texts
        for n in range(texts):
            data = translations.with_translation(data, ("questions", n * step, "stem"), "fr", f"Question {i}-{n} ?")
        t0 = time.perf_counter()
        editor.save(opened, data, "translations")
        saves.append(time.perf_counter() - t0)
    print(f"editor save ({texts} translations): {ms(saves)}")


def pure_delete(editor: PackEditor, repeat: int) -> None:
    deletes = []
    for i in range(repeat):
        opened = editor.open(BANK)
        t0 = time.perf_counter()
        editor.save(opened, questions.without_question(opened.data, f"bench.q-{100 + i}"), "deleted")
        deletes.append(time.perf_counter() - t0)
    print(f"editor delete (one question): {ms(deletes)}")


def page(repeat: int) -> None:
    from streamlit.testing.v1 import AppTest

    def timed(at: AppTest, action=lambda at: None) -> float:
        action(at)
        t0 = time.perf_counter()
        at.run()
        return time.perf_counter() - t0

    hello = AppTest.from_file(str(ROOT / "bench" / "hello.py"), default_timeout=60)
    hello.run()
    print(f"hello-world page:             {ms([timed(hello) for _ in range(repeat)])}")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["facilitator"] = True
    at.run()
    at.switch_page("itlead/ui/pages/author.py").run()
    at.selectbox(key="author:question:" + BANK).set_value("bench.q-10").run()
    print(f"author page, pack open:       {ms([timed(at) for _ in range(repeat)])}")
    saves = []
    for i in range(repeat):
        next(t for t in at.text_area if t.label == "Stem").input(f"Edited on the page {i}?")
        saves.append(timed(at, lambda at: next(b for b in at.button if b.label == "Save question").click()))
        assert not at.exception, at.exception
    print(f"author page, save a question: {ms(saves)} (includes the rerun that shows 'Saved.')")
    deletes = []
    for i in range(repeat):
        at.selectbox(key="author:question:" + BANK).set_value(f"bench.q-{200 + i}").run()
        deletes.append(timed(at, lambda at: next(b for b in at.button if b.label == "Delete question").click()))
        assert not at.exception, at.exception
    print(f"author page, delete a question: {ms(deletes)} (includes the rerun that shows the bank)")
    workbench(at, timed, repeat)


def workbench(at, timed, repeat: int) -> None:
    """The translation workbench on the big bank: opened, then French typed into three texts and saved."""
    at.radio(key="author_section").set_value("translations").run()
    at.selectbox(key="author:tr-file:bench").set_value(BANK).run()
    print(f"author page, workbench open:  {ms([timed(at) for _ in range(repeat)])}")
    saves = []
    for i in range(repeat):
        fields = [t for t in at.text_area if t.label.startswith("Français: ")]
        for n, field in enumerate(fields[:3]):
            field.input(f"Texte {i}-{n}")
        saves.append(timed(at, lambda at: next(b for b in at.button if b.label == "Save translations").click()))
        assert not at.exception, at.exception
    print(f"author page, save translations: {ms(saves)} (includes the rerun that shows 'Saved.')")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{platform.node()} {platform.processor() or platform.machine()} {os.cpu_count()} cpu, "
          f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(ITLEAD_PACKS_DIR=str(Path(tmp) / "packs"), ITLEAD_CONTENT_DIR=str(ROOT),
                          ITLEAD_DATABASE_URL=f"sqlite:///{tmp}/bench.db")
        editor = big_pack(Path(tmp) / "packs", args.questions)
        pure(editor, args.repeat)
        page(args.repeat)


if __name__ == "__main__":
    main()
