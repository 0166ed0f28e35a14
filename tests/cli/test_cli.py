"""The command as a user runs it: a subprocess, real exit codes, real output."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ARTICLE_EN, EXAMPLES, REPO

HEAVY = ("trafilatura", "gcld3", "httpx", "feedparser", "warcio", "charset_normalizer", "lxml")


def storyline(
    *args: str, db: Path | None = None, stdin: bytes | None = None, check: int | None = 0
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("STORYLINE_DB", None)
    if db is not None:
        env["STORYLINE_DB"] = str(db)
    result = subprocess.run(
        [sys.executable, "-m", "storyline", *args],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
    )
    out = subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode(), result.stderr.decode()
    )
    if check is not None:
        assert out.returncode == check, out.stderr + out.stdout
    return out


def json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_cli_help_imports_no_heavy_module() -> None:
    code = f"import sys, storyline.cli; print([m for m in {HEAVY!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert "ingest" in storyline("--help").stdout


def test_cli_every_verb_is_documented_in_readme() -> None:
    from storyline.cli import app

    readme = (REPO / "README.md").read_text("utf-8")
    verbs = [c.name for c in app.registered_commands]
    assert verbs, "no commands registered"
    missing = [v for v in verbs if not re.search(rf"storyline {v}\b", readme)]
    assert missing == []


def test_cli_ingest_seeds_twice(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    first = storyline("ingest", str(EXAMPLES), "--json", db=db)
    second = storyline("ingest", str(EXAMPLES), "--json", db=db)
    assert json_lines(first.stdout)[0]["stored"] == 5
    assert json_lines(second.stdout)[0] == {
        "stored": 0,
        "already_known": 5,
        "not_modified": 0,
        "rejected": 0,
        "rejected_by_reason": {},
        "rejections": [],
    }
    listed = json_lines(storyline("articles", "--json", "--limit", "3", db=db).stdout)
    assert len(listed) == 3 and {"id", "title", "language"} <= set(listed[0])
    shown = json_lines(storyline("show", str(listed[0]["id"]), "--json", db=db).stdout)[0]
    assert shown["id"] == listed[0]["id"]
    hits = json_lines(storyline("search", "Тасмагамбетов", "--json", db=db).stdout)
    assert len(hits) == 1 and hits[0]["language"] == "ru"


def test_cli_db_option_overrides_env(tmp_path: Path) -> None:
    storyline(
        "ingest",
        str(EXAMPLES / "004_0d45933a0dea4436.txt"),
        "--db",
        str(tmp_path / "opt.db"),
        db=tmp_path / "env.db",
    )
    assert (tmp_path / "opt.db").exists() and not (tmp_path / "env.db").exists()


def test_cli_rejected_strict_and_retry(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "bad.jsonl").write_text(json.dumps({"text": ARTICLE_EN}) + "\n{nope\n")
    run = storyline("ingest", str(inputs), "--strict", db=db, check=1)
    assert "1 stored" in run.stdout and "malformed_json" in run.stdout
    assert "bad.jsonl#L2" in run.stdout
    [row] = json_lines(storyline("rejected", "--json", db=db).stdout)
    assert str(row["source"]).endswith("bad.jsonl#L2") and row["reason"] == "malformed_json"
    retried = storyline("retry", str(row["id"]), "--json", db=db)
    assert json_lines(retried.stdout)[0]["rejected_by_reason"] == {"malformed_json": 1}


def test_cli_stdin(tmp_path: Path) -> None:
    run = storyline("ingest", "-", "--json", db=tmp_path / "s.db", stdin=ARTICLE_EN.encode())
    assert json_lines(run.stdout)[0]["stored"] == 1


def test_cli_analyze_json_matches_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((REPO / "docs" / "schema.json").read_text("utf-8"))
    docs = json_lines(storyline("analyze", str(EXAMPLES), "--json").stdout)
    assert len(docs) == 5
    for doc in docs:
        jsonschema.validate(doc, schema)
        assert doc["dates"] and doc["events"]  # every sample page dates and reports something
        for event in doc["events"]:  # participants resolved across the run, like mentions
            for arg in event["actors"] + event["targets"]:
                assert doc["text"][arg["start"] : arg["end"]] == arg["text"]
        entities = doc["entities"]
        assert isinstance(entities, list) and entities
        for mention in entities:  # every mention is a span of the text, resolved to an entity
            assert doc["text"][mention["start"] : mention["end"]] == mention["text"]
            assert mention["entity_id"] and mention["canonical"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("show", "0000000000000000"), 4, "no article with id"),
        (("ingest",), 2, "give at least one"),
        (("eval", "nonsense", "--gold", "."), 3, "no evaluator"),
    ],
)
def test_cli_exit_codes(tmp_path: Path, args: tuple[str, ...], code: int, message: str) -> None:
    run = storyline(*args, db=tmp_path / "s.db", check=code)
    assert message in run.stderr


def test_cli_not_a_store(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("not a database at all" * 50)
    run = storyline("articles", db=bad, check=3)
    assert "not a usable storyline store" in run.stderr


def test_cli_analyze_explain_names_the_rules() -> None:
    seed = str(EXAMPLES / "001_2588ad6ed8e1ea75.txt")
    table = storyline("analyze", seed, "--explain").stdout
    assert re.search(r"junk\s+photo_credit\s+ИЗОБРАЖЕНИЕ Photo / Tajik MFA", table)
    assert re.search(r"junk\s+comment_form\s+ОСТАВЬТЕ ОТВЕТ", table)
    [doc] = json_lines(storyline("analyze", seed, "--json", "--explain").stdout)
    rules = {b["text"]: b["rule"] for b in doc["blocks"]}
    assert rules["Date:"] == "empty_field" and rules["Share post:"] == "after_end"


def test_cli_entities_and_entity(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    storyline("ingest", str(EXAMPLES), db=db)
    listed = json_lines(storyline("entities", "--json", "--type", "org", db=db).stdout)
    csto = next(e for e in listed if e["id"] == "org:csto")
    assert {"CSTO", "ОДКБ"} <= {a["alias"] for a in csto["aliases"]}
    [person] = json_lines(storyline("entity", "Тасмагамбетов", "--json", db=db).stdout)
    assert person["type"] == "PER" and len(person["mentioned_in"]) == 3
    assert "no entity is called" in storyline("entity", "Nobody Atall", db=db, check=4).stderr
    storyline("alias", "add", "Doshanbe", "--entity", "geo:1221874", "--type", "LOC", db=db)


def test_cli_listings_escape_markup_in_titles(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.jsonl").write_text(
        json.dumps({"text": ARTICLE_EN, "title": "Report [/] end [video]"}) + "\n"
    )
    storyline("ingest", str(inputs), db=db)
    assert "Report [/] end [video]" in storyline("articles", db=db).stdout
