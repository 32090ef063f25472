"""`moduletool i18n mt`: machine drafts through the official `deepl` client, against our own fake DeepL server.

Every run goes through the real client over HTTP to `fake_deepl` on 127.0.0.1. Most runs are
real `moduletool` processes; the ones that need the client's retries go in-process, so that its
back-off can be shortened (the retries themselves are the client's own). After every run that
writes, every catalog must pass `msgfmt -c`, and the key must appear in no output and no file.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import deepl
import pytest
from fake_deepl import AUTH_KEY, FakeDeepL, Server
from gettext_tools import assert_all_clean
from i18n_support import EPOCH, by_context, catalog, edit_module, mini, ok
from support.projects import MODULETOOL, run_moduletool

from moduletool import cli
from moduletool.i18n.catalog import Entry
from moduletool.i18n.catalog_io import write_catalog
from moduletool.i18n.extract import MARKDOWN_NOTE
from moduletool.i18n.mt_markup import Mode, prepare
from moduletool.i18n.provenance import State, provenance_of, state_of, text_digest

FR = Path("translations/fr/mini-course.po")
INTRO = "mini-course:start/intro/text"
DESCRIPTION = "mini-course:description"
MEDIA = "mini-course:start/map/src"
PAGES = {"": ["mini-course:title", DESCRIPTION, "mini-course:keywords/0", "mini-course:keywords/1",
              "mini-course:objectives/welcome/text"]}


@pytest.fixture
def fake() -> Iterator[FakeDeepL]:
    with Server() as running:
        yield running


LANGUAGES = ("fr", "de", "fa", "ti", "so", "am")


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini project with an empty catalog for each of LANGUAGES, made once for all the tests."""
    project = mini(tmp_path_factory.mktemp("initialised"))
    for lang in LANGUAGES:
        ok(project, "init", "--lang", lang)
    return project


@pytest.fixture
def project(initialised: Path, tmp_path: Path) -> Path:
    """A fresh copy of the mini project with empty catalogs for LANGUAGES."""
    return Path(shutil.copytree(initialised, tmp_path / "mini"))


def environment(fake: FakeDeepL | None, key: str | None = AUTH_KEY) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("DEEPL_")}
    env.update({"SOURCE_DATE_EPOCH": EPOCH, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"})
    if fake is not None:
        env["DEEPL_SERVER_URL"] = fake.url
    if key is not None:
        env["DEEPL_AUTH_KEY"] = key
    return env


def run_mt(project: Path, fake: FakeDeepL | None, *args: str, key: str | None = AUTH_KEY) -> subprocess.CompletedProcess[str]:
    """`moduletool i18n mt ...` in a real process; never a traceback, never the key in its output."""
    result = run_moduletool("i18n", "mt", *args, cwd=project, env=environment(fake, key))
    assert "Traceback" not in result.stderr, result.stderr
    assert_key_nowhere(project, result.stdout, result.stderr, key)
    return result


def mt_json(project: Path, fake: FakeDeepL, *args: str) -> dict:
    result = run_mt(project, fake, *args, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_key_nowhere(project: Path, stdout: str, stderr: str, key: str | None = AUTH_KEY) -> None:
    """Neither the test key nor the key of the run is in the output or in any file of the project."""
    for secret in {secret for secret in (AUTH_KEY, key) if secret}:
        assert secret not in stdout and secret not in stderr
        for path in project.rglob("*"):
            if path.is_file():
                assert secret.encode() not in path.read_bytes(), f"the key leaked into {path}"


def drafts(project: Path, path: Path = FR) -> dict[str, str]:
    """msgctxt → msgstr of every machine draft."""
    return {c: e.msgstr for c, e in by_context(project / path).items() if c and state_of(e) is State.machine_draft}


def empty(project: Path, path: Path = FR) -> set[str]:
    return {c for c, e in by_context(project / path).items() if c and not e.msgstr and c != MEDIA}


@pytest.fixture
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The client's own retries (5), with a back-off of milliseconds instead of seconds."""
    monkeypatch.setattr(deepl.http_client._BackoffTimer, "BACKOFF_INITIAL", 0.005)
    monkeypatch.setattr(deepl.http_client._BackoffTimer, "BACKOFF_MAX", 0.02)


def mt_in_process(project: Path, server_url: str, *args: str, monkeypatch: pytest.MonkeyPatch,
                  capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the CLI in this process (exit code, stdout, stderr), as `moduletool -C project i18n mt ...`."""
    for name, value in environment(None).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DEEPL_SERVER_URL", server_url)
    monkeypatch.setattr(sys, "argv", ["moduletool", "-C", str(project), "i18n", "mt", *args])
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    assert_key_nowhere(project, out.out, out.err)
    return int(exit_info.value.code or 0), out.out, out.err


# --- drafts ----------------------------------------------------------------------------------

def test_drafts_are_fuzzy_with_provenance_and_keep_markup(project: Path, fake: FakeDeepL) -> None:
    report = mt_json(project, fake, "--lang", "fr")
    assert report["ok"] and report["target"] == "FR" and report["markup"] == "xml"
    entries = by_context(project / FR)
    assert entries[INTRO].msgstr == ("FR: Plán thé dáy *béfóré* ít stárts. "
                                     "Séé [thé gúídé](https://example.org/guide).")
    assert entries[DESCRIPTION].msgstr == "FR: Á shórt módúlé ón thé **fírst dáy** óf á néwly árrívéd cólléágúé."
    assert entries[MEDIA].msgstr == "" and not entries[MEDIA].fuzzy  # a media path is never machine translated
    drafted = drafts(project)
    assert set(drafted) == {c for c in entries if c and c != MEDIA}
    assert report["drafted"] == len(drafted) == report["files"][0]["drafted"]
    for context in drafted:
        entry = entries[context]
        assert entry.fuzzy
        provenance = provenance_of(entry)
        assert provenance is not None and provenance.engine == "deepl" and provenance.date == "2023-11-14"
        assert provenance.digest == text_digest(entry.msgstr)
    assert catalog(project / FR).get("PO-Revision-Date") == "2023-11-14 22:13+0000"
    requests = fake.translations()
    assert all(r.user_agent.startswith("deepl-python/") for r in fake.requests)  # the official client only
    assert all(r.params["tag_handling"] == "xml" and r.params["source_lang"] == "EN" and
               r.params["target_lang"] == "FR" for r in requests)
    assert '<i i="0">before</i>' in "".join(fake.sent_texts())
    assert "https://example.org/guide" not in "".join(fake.sent_texts())  # addresses never travel
    assert_all_clean(project)


def test_each_page_goes_with_its_text_as_context(project: Path, fake: FakeDeepL) -> None:
    mt_json(project, fake, "--lang", "fr")
    requests = fake.translations()
    assert len(requests) == 3  # the module's own texts, then one request per page
    module, start, check = requests
    assert module.texts[0] == "<p>Welcoming a newcomer to the team</p>"
    assert "Welcoming a newcomer" in module.params["context"]
    assert "The first day" in start.params["context"]
    assert "Pair the newcomer with a buddy for the first week." in start.params["context"]
    assert "A floor plan with the kitchen" in start.params["context"]
    assert check.params["context"].startswith("Check your knowledge\nWho shows the newcomer around?")
    assert "Pair the newcomer" not in check.params["context"]
    assert all(len(r.texts) <= 50 and r.body_bytes <= 128 * 1024 for r in requests)


def test_translated_and_fuzzy_entries_are_never_touched_and_a_rerun_sends_nothing(project: Path,
                                                                                   fake: FakeDeepL) -> None:
    po = catalog(project / FR)
    for entry in po.entries:
        if entry.msgctxt == "mini-course:title":
            entry.msgstr = "Accueillir un nouveau collègue"
        elif entry.msgctxt == "mini-course:start/note/text":
            entry.msgstr = "Associez le nouveau venu à un parrain."
            entry.set_fuzzy(True)
    write_catalog(project / FR, po)
    mt_json(project, fake, "--lang", "fr")
    entries = by_context(project / FR)
    assert entries["mini-course:title"].msgstr == "Accueillir un nouveau collègue"
    assert not entries["mini-course:title"].fuzzy and provenance_of(entries["mini-course:title"]) is None
    assert entries["mini-course:start/note/text"].msgstr == "Associez le nouveau venu à un parrain."
    assert provenance_of(entries["mini-course:start/note/text"]) is None
    sent = "".join(fake.sent_texts())
    assert "Welcoming a newcomer" not in sent and "Pair the newcomer" not in sent
    before = (project / FR).read_bytes()
    fake.requests.clear()
    result = run_mt(project, fake, "--lang", "fr")
    assert result.returncode == 0 and "nothing to translate" in result.stderr
    assert fake.requests == [] and (project / FR).read_bytes() == before
    assert_all_clean(project)


def test_media_paths_and_bare_addresses_are_not_sent(tmp_path: Path, fake: FakeDeepL) -> None:
    project = mini(tmp_path)
    edit_module(project, "keywords: [onboarding, teamwork]", "keywords: [onboarding, www.example.org, guide.pdf]")
    ok(project, "init", "--lang", "fr")
    report = mt_json(project, fake, "--lang", "fr")
    assert report["files"][0]["skipped"] == 2
    sent = "\n".join(fake.sent_texts())
    assert "www.example.org" not in sent and "guide.pdf" not in sent and "map file.svg" not in sent
    assert empty(project) == {"mini-course:keywords/1", "mini-course:keywords/2"}
    assert_all_clean(project)


# --- limits ----------------------------------------------------------------------------------

def _big_module(project: Path) -> None:
    """120 short texts on one page and 8 texts of ~24 KB on another."""
    path = project / "modules/mini-course/module.yaml"
    pages = ["  - id: many\n    title: Many texts\n    blocks:\n"]
    pages += [f"      - id: t{n}\n        type: text\n        text: Sentence number {n} about the team.\n"
              for n in range(120)]
    pages.append("  - id: long\n    title: Long texts\n    blocks:\n")
    paragraph = " ".join(f"The newcomer reads paragraph {n} of the long guide." for n in range(480))
    pages += [f"      - id: l{n}\n        type: text\n        text: |\n          {paragraph}\n" for n in range(8)]
    path.write_text(path.read_text(encoding="utf-8") + "".join(pages), encoding="utf-8")


def test_requests_stay_within_deepl_limits(tmp_path: Path, fake: FakeDeepL) -> None:
    project = mini(tmp_path)
    _big_module(project)
    ok(project, "init", "--lang", "fr")
    report = mt_json(project, fake, "--lang", "fr")
    requests = fake.translations()
    assert [r.status for r in fake.requests if r.path == "/v2/translate"] == [200] * len(requests)
    assert max(len(r.texts) for r in requests) == 50
    assert all(r.body_bytes <= 128 * 1024 for r in requests)
    assert max(r.body_bytes for r in requests) > 64 * 1024  # the long texts did fill requests
    assert report["drafted"] == 19 + 2 + 120 + 8 and empty(project) == set()
    assert_all_clean(project)


def test_the_fake_server_enforces_the_limits_too(fake: FakeDeepL) -> None:
    translator = deepl.Translator(AUTH_KEY, server_url=fake.url)
    with pytest.raises(deepl.DeepLException, match="at most 50"):
        translator.translate_text(["a"] * 51, target_lang="FR")
    with pytest.raises(deepl.DeepLException, match="413"):
        translator.translate_text(["a" * (130 * 1024)], target_lang="FR")
    with pytest.raises(deepl.DeepLException, match="tag_handling"):
        translator.translate_text(["<p>a</p>"], target_lang="FA", tag_handling="xml")
    with pytest.raises(deepl.DeepLException, match="formality"):
        translator.translate_text(["a"], target_lang="FA", formality="more")


# --- dry run, key, server --------------------------------------------------------------------

def test_dry_run_reports_characters_without_key_or_network(project: Path, fake: FakeDeepL) -> None:
    before = (project / FR).read_bytes()
    result = run_mt(project, fake, "--lang", "fr", "--dry-run", "--format", "json", key=None)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["dry_run"] and report["texts"] == 19 and report["target"] == "FR"
    assert report["characters"] == report["files"][0]["characters"] > 600
    assert fake.requests == [] and (project / FR).read_bytes() == before
    text = run_mt(project, fake, "--lang", "fr", "--dry-run", key=None)
    assert f"19 texts, {report['characters']:,} characters" in text.stdout and "nothing was sent" in text.stderr


def test_dry_run_names_the_texts_that_cannot_be_sent(tmp_path: Path, fake: FakeDeepL) -> None:
    project = mini(tmp_path)
    edit_module(project, "with a buddy for the first week", "with a ⟦buddy⟧ for the first week")
    ok(project, "init", "--lang", "fa")
    result = run_mt(project, fake, "--lang", "fa", "--dry-run", key=None)
    assert result.returncode == 0, result.stderr
    line = by_context(project / "translations/fa/mini-course.po")["mini-course:start/note/text"].line
    assert f"translations/fa/mini-course.po:{line}: mini-course:start/note/text: warning: not sent for machine " \
           "translation: the text contains ⟦ or ⟧" in result.stderr
    assert "18 texts" in result.stdout and "markup as tokens" in result.stderr


def test_a_missing_key_is_a_clear_error(project: Path, fake: FakeDeepL) -> None:
    result = run_mt(project, fake, "--lang", "fr", key=None)
    assert result.returncode == 1
    assert "DEEPL_AUTH_KEY: not set" in result.stderr and "--dry-run" in result.stderr
    assert fake.requests == []


@pytest.mark.parametrize("forbidden", [False, True])
def test_a_refused_key_is_a_clear_error_and_never_printed(project: Path, fake: FakeDeepL, forbidden: bool) -> None:
    fake.switches.forbidden = forbidden
    key = AUTH_KEY if forbidden else "wrong-key-3f5a8c21-never-print-me"
    before = (project / FR).read_bytes()
    result = run_mt(project, fake, "--lang", "fr", key=key)  # the fake echoes the key it got: we must not
    assert result.returncode == 1
    assert f"{fake.url}: DeepL refused the key in DEEPL_AUTH_KEY (403 Forbidden)" in result.stderr
    assert "hint:" in result.stderr
    assert (project / FR).read_bytes() == before


def test_server_url_option_wins_over_the_environment(project: Path, fake: FakeDeepL) -> None:
    env = environment(None)
    env["DEEPL_SERVER_URL"] = "http://127.0.0.1:9"  # discard port: nothing answers there
    result = run_moduletool("i18n", "mt", "--lang", "fr", "--server-url", fake.url, cwd=project, env=env)
    assert result.returncode == 0, result.stderr
    assert drafts(project)
    bad = run_mt(project, fake, "--lang", "fr", "--server-url", "ftp://example.org")
    assert bad.returncode == 1 and "--server-url: `ftp://example.org…` is not a server address" in bad.stderr


# --- failures of the service -----------------------------------------------------------------

def test_quota_exceeded_keeps_the_drafts_and_a_rerun_sends_only_the_rest(project: Path, fake: FakeDeepL) -> None:
    entries = by_context(project / FR)
    fake.switches.quota = sum(len(_sent_form(entries[c])) for c in PAGES[""])  # the first request, no more
    result = run_mt(project, fake, "--lang", "fr")
    assert result.returncode == 1
    assert "translations/fr/mini-course.po: stopped: the DeepL character quota of this billing period is used up " \
           "(456)" in result.stderr
    first = drafts(project)
    left = empty(project)
    assert set(first) == set(PAGES[""]) and set(first) | left == {c for c in entries if c and c != MEDIA}
    assert f"continues with the {len(left)} text(s) left" in result.stderr
    assert f"{len(first)} draft(s) of this run are saved" in result.stderr
    assert_all_clean(project)

    fake.switches.quota = None
    fake.requests.clear()
    report = mt_json(project, fake, "--lang", "fr")
    assert report["drafted"] == len(left)
    entries = by_context(project / FR)
    assert sorted(fake.sent_texts()) == sorted(_sent_form(entries[c]) for c in left)
    assert {c: drafts(project)[c] for c in first} == first  # the first run's drafts are as they were
    assert empty(project) == set()
    assert_all_clean(project)


def _sent_form(entry: Entry) -> str:
    """How an entry's text travels to DeepL for French (XML, markup as numbered tags)."""
    return prepare(entry.msgid, markdown=MARKDOWN_NOTE in entry.extracted_comments, mode=Mode.xml).text


def test_rate_limiting_is_retried_by_the_client(project: Path, fake: FakeDeepL, fast_retries: None,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    fake.switches.too_many = 2
    code, _, err = mt_in_process(project, fake.url, "--lang", "fr", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    statuses = [r.status for r in fake.requests if r.path == "/v2/translate"]
    assert statuses[:3] == [429, 429, 200]
    assert empty(project) == set()
    assert_all_clean(project)


def test_rate_limiting_after_the_retries_stops_cleanly(project: Path, fake: FakeDeepL, fast_retries: None,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    fake.switches.too_many = -1
    before = (project / FR).read_bytes()
    code, _, err = mt_in_process(project, fake.url, "--lang", "fr", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1
    assert "DeepL is limiting requests (429 Too Many Requests), still after 5 retries" in err
    assert "wait a few minutes and rerun" in err and "continues with the 19 text(s) left" in err
    assert [r.status for r in fake.requests if r.path == "/v2/translate"] == [429] * 6
    assert (project / FR).read_bytes() == before


@pytest.mark.parametrize("failures", [2, -1])
def test_server_errors_are_retried_then_reported(project: Path, fake: FakeDeepL, fast_retries: None, failures: int,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    fake.switches.server_errors = failures
    code, _, err = mt_in_process(project, fake.url, "--lang", "fr", monkeypatch=monkeypatch, capsys=capsys)
    if failures > 0:
        assert code == 0, err
        assert empty(project) == set()
    else:
        assert code == 1
        assert "stopped: the DeepL server failed (HTTP 500), still after 5 retries" in err
        assert "rerun later" in err
    assert_all_clean(project)


def test_network_down_is_a_clear_error(project: Path, fast_retries: None, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as probe:  # a port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    code, _, err = mt_in_process(project, url, "--lang", "fr", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1
    assert f"{url}: cannot reach the DeepL server at {url}: no connection, after 5 retries" in err
    assert "check the network" in err


# --- markup on return ------------------------------------------------------------------------

def test_tags_moved_within_their_sentence_are_accepted(project: Path, fake: FakeDeepL) -> None:
    fake.switches.tags = "reorder"
    mt_json(project, fake, "--lang", "fr")
    entries = by_context(project / FR)
    assert entries[INTRO].msgstr == ("FR: Plán thé dáy  ít stárts. Séé [thé gúídé](https://example.org/guide)."
                                     "*béfóré*")
    assert empty(project) == set()
    assert_all_clean(project)


@pytest.mark.parametrize("mode", ["drop", "outside"])
def test_broken_tags_are_reported_and_not_written(project: Path, fake: FakeDeepL, mode: str) -> None:
    fake.switches.tags = mode
    result = run_mt(project, fake, "--lang", "fr", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert empty(project) == {INTRO, DESCRIPTION}  # the two texts with markup
    assert report["files"][0]["refused"] == 2
    assert f"translations/fr/mini-course.po:{by_context(project / FR)[INTRO].line}: {INTRO}: warning: " \
           "machine draft not written: " in result.stderr
    expected = "*emphasis* went missing" if mode == "drop" else "markup came back outside its paragraph"
    assert expected in result.stderr
    assert "translate this entry by hand" in result.stderr
    assert_all_clean(project)


def test_languages_without_tag_handling_get_protected_tokens(project: Path, fake: FakeDeepL) -> None:
    report = mt_json(project, fake, "--lang", "fa")
    assert report["markup"] == "tokens"
    assert all("tag_handling" not in r.params for r in fake.translations())
    assert "Plan the day ⟦0⟧before⟦/0⟧ it starts. See ⟦1⟧the guide⟦/1⟧." in fake.sent_texts()
    fa = Path("translations/fa/mini-course.po")
    assert by_context(project / fa)[INTRO].msgstr == ("FA: Plán thé dáy *béfóré* ít stárts. "
                                                      "Séé [thé gúídé](https://example.org/guide).")
    assert empty(project, fa) == set()
    assert_all_clean(project)


# --- languages, formality, glossaries --------------------------------------------------------

@pytest.mark.parametrize(("tag", "name"), [("ti", "Tigrinya"), ("so", "Somali"), ("am", "Amharic")])
def test_languages_deepl_cannot_translate_are_named(project: Path, fake: FakeDeepL, tag: str, name: str) -> None:
    before = (project / f"translations/{tag}/mini-course.po").read_bytes()
    result = run_mt(project, fake, "--lang", tag)
    assert result.returncode == 1
    assert f"--lang: DeepL cannot translate into {name} (`{tag}`)" in result.stderr
    assert "human translators" in result.stderr
    assert fake.translations() == []
    assert (project / f"translations/{tag}/mini-course.po").read_bytes() == before


def test_formality_goes_where_deepl_supports_it(project: Path, fake: FakeDeepL) -> None:
    mt_json(project, fake, "--lang", "de", "--formality", "less")
    assert {r.params.get("formality") for r in fake.translations()} == {"less"}
    fake.requests.clear()
    report = mt_json(project, fake, "--lang", "fa", "--formality", "more")
    assert {r.params.get("formality") for r in fake.translations()} == {None}
    assert [d["message"] for d in report["diagnostics"]] == [
        "DeepL has no formality setting for Persian: translating with its default"]
    assert_all_clean(project)


def test_the_project_glossary_is_used_and_reused(project: Path, fake: FakeDeepL) -> None:
    glossary = project / "translations/glossaries/en-fr.csv"
    glossary.parent.mkdir(parents=True)
    glossary.write_text("source,target\nbuddy,parrain\n\"newcomer\", nouveau venu\n", encoding="utf-8")
    report = mt_json(project, fake, "--lang", "fr")
    assert report["glossary"] == {"file": "translations/glossaries/en-fr.csv", "entries": 2, "used": True}
    assert by_context(project / FR)["mini-course:start/note/text"].msgstr == \
        "FR: Páír thé nouveau venu wíth á parrain fór thé fírst wéék."
    (glossary_id,) = fake.glossaries
    assert fake.glossaries[glossary_id].entries == {"buddy": "parrain", "newcomer": "nouveau venu"}
    assert {r.params["glossary_id"] for r in fake.translations()} == {glossary_id}

    (project / FR).unlink()  # start again: the same glossary is found on the server, not created twice
    ok(project, "init", "--lang", "fr")
    mt_json(project, fake, "--lang", "fr")
    assert list(fake.glossaries) == [glossary_id]
    assert sum(1 for r in fake.requests if r.path == "/v2/glossaries" and r.method == "POST") == 1
    assert_all_clean(project)


def test_a_glossary_deepl_cannot_use_is_reported(project: Path, fake: FakeDeepL) -> None:
    glossary = project / "translations/glossaries/en-fa.csv"
    glossary.parent.mkdir(parents=True)
    glossary.write_text("buddy,همراه\n", encoding="utf-8")
    report = mt_json(project, fake, "--lang", "fa")
    assert report["glossary"]["used"] is False
    assert "DeepL has no glossaries for EN → FA: not used" in [d["message"] for d in report["diagnostics"]]


def test_a_bad_glossary_is_refused_with_every_problem_located(project: Path, fake: FakeDeepL) -> None:
    glossary = project / "translations/glossaries/en-fr.csv"
    glossary.parent.mkdir(parents=True)
    glossary.write_text('source,target\nbuddy,parrain\nteam,équipe,extra\n,vide\n"open,quote\nbuddy,copain\n',
                        encoding="utf-8")
    result = run_mt(project, fake, "--lang", "fr")
    assert result.returncode == 1
    assert "translations/glossaries/en-fr.csv:3:13: 3 column(s); a glossary row has two" in result.stderr
    assert "translations/glossaries/en-fr.csv:4:1: empty term" in result.stderr
    assert "translations/glossaries/en-fr.csv:5:1: a quoted term is not closed" in result.stderr
    assert "translations/glossaries/en-fr.csv:6:1: `buddy` is already in the glossary (line 2)" in result.stderr
    assert fake.requests == []


# --- interrupted runs ------------------------------------------------------------------------

def test_a_run_killed_midway_loses_nothing_and_the_rerun_sends_only_the_rest(project: Path, fake: FakeDeepL) -> None:
    fake.switches.delay = 1.5  # long enough that the kill lands while the second request is out
    process = subprocess.Popen([str(MODULETOOL), "i18n", "mt", "--lang", "fr"], cwd=project,
                               env=environment(fake), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    try:
        while b"machine-translation:" not in (project / FR).read_bytes():
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "no draft was saved"
            time.sleep(0.02)
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate()
    assert process.returncode == -signal.SIGKILL
    fake.wait_idle()  # the request in flight when the process died is answered to nobody
    saved = drafts(project)
    left = empty(project)
    assert saved and left, "the kill was meant to land between two requests"
    assert set(saved) == set(PAGES[""])  # the first request's drafts, complete
    assert_all_clean(project)

    fake.switches.delay = 0
    fake.requests.clear()
    report = mt_json(project, fake, "--lang", "fr")
    entries = by_context(project / FR)
    assert sorted(fake.sent_texts()) == sorted(_sent_form(entries[c]) for c in left)
    assert report["drafted"] == len(left)
    assert {c: drafts(project)[c] for c in saved} == saved
    assert empty(project) == set()
    assert_all_clean(project)
