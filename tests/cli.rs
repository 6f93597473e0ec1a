//! The command line as users meet it: exit codes, standard input, the JSON
//! format, configuration errors, and bad input that must never panic.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::Value;

fn draftlint() -> Command {
    let mut c = Command::cargo_bin("draftlint").unwrap();
    c.env("NO_COLOR", "1").env("COLUMNS", "100");
    c
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(p, text).unwrap();
}

fn json(out: &[u8]) -> Value {
    serde_json::from_slice(out)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(out)))
}

const DRAFT: &str = "# Guide\n\nThe release date is TBD.\n";
const CLEAN: &str = "# Guide\n\nThe release date is June 1.\n";

#[test]
fn exit_0_when_clean_1_with_findings_2_on_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "clean.md", CLEAN);
    write(dir.path(), "draft.md", DRAFT);
    draftlint()
        .current_dir(dir.path())
        .args(["check", "clean.md"])
        .assert()
        .code(0)
        .stdout(contains("No findings in 1 file."));
    draftlint()
        .current_dir(dir.path())
        .args(["check", "draft.md"])
        .assert()
        .code(1)
        .stdout(contains("placeholder `TBD` left in the text"))
        .stdout(contains("draft.md:3:21"))
        .stdout(contains("1 finding (1 error) in 1 of 1 file."));
    // A missing path is an error (2) that names the path; the rest is
    // still linted and reported.
    draftlint()
        .current_dir(dir.path())
        .args(["check", "draft.md", "missing.md"])
        .assert()
        .code(2)
        .stdout(contains("placeholder `TBD`"))
        .stderr(contains("missing.md: no such file or directory"));
    // Usage errors are 2 as well.
    draftlint()
        .args(["check", "--format", "yaml"])
        .assert()
        .code(2);
    draftlint()
        .args(["check", "--select", "nope"])
        .assert()
        .code(2)
        .stderr(contains("unknown rule or category `nope`"));
}

#[test]
fn fail_on_sets_the_threshold() {
    let dir = tempfile::tempdir().unwrap();
    // An empty section is a warning; a TODO in a comment is info.
    write(dir.path(), "a.md", "# A\n\nText.\n\n## Empty\n");
    write(dir.path(), "b.md", "# B\n\nText. <!-- TODO: check -->\n");
    let run = |file: &str, fail_on: &str| {
        draftlint()
            .current_dir(dir.path())
            .args(["check", file, "--fail-on", fail_on])
            .output()
            .unwrap()
            .status
            .code()
            .unwrap()
    };
    assert_eq!(run("a.md", "warning"), 1);
    assert_eq!(run("a.md", "error"), 0);
    assert_eq!(
        run("b.md", "warning"),
        0,
        "info findings do not fail by default"
    );
    assert_eq!(run("b.md", "info"), 1);
    assert_eq!(run("a.md", "never"), 0);
}

#[test]
fn json_format_is_stable_and_documented() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "docs/é.md", "# Café\n\nLe menu 😀 est TBD.\n");
    let out = draftlint()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "docs"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out.stdout);
    assert_eq!(v["version"], 1);
    let f = &v["findings"][0];
    assert_eq!(f["path"], "docs/é.md");
    assert_eq!(f["rule"], "placeholder-text");
    assert_eq!(f["category"], "placeholder");
    assert_eq!(f["severity"], "error");
    // Columns count characters: "Le menu 😀 est " is 14 characters.
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(3), Some(15))
    );
    assert_eq!(
        (f["end_line"].as_u64(), f["end_column"].as_u64()),
        (Some(3), Some(18))
    );
    // The span is in bytes: "# Café\n\n" is 9 bytes, "Le menu 😀 est " is 17.
    assert_eq!(
        (f["span"]["start"].as_u64(), f["span"]["end"].as_u64()),
        (Some(26), Some(29))
    );
    assert!(f["help"].is_string());
    assert!(f["fix"].is_null());
    for key in [
        "path",
        "rule",
        "category",
        "severity",
        "message",
        "help",
        "line",
        "column",
        "end_line",
        "end_column",
        "span",
        "fix",
    ] {
        assert!(f.get(key).is_some(), "finding lacks {key}");
    }
    let s = &v["summary"];
    assert_eq!(s["files_checked"], 1);
    assert_eq!(s["findings"], 1);
    assert_eq!(s["by_category"]["placeholder"], 1);
    assert_eq!(s["by_severity"]["error"], 1);
}

#[test]
fn findings_are_sorted_by_path_and_position() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["b.md", "a.md", "sub/c.md"] {
        write(dir.path(), name, "# T\n\nTBD first.\n\nThen TBD again.\n");
    }
    let out = draftlint()
        .current_dir(dir.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let v = json(&out.stdout);
    let got: Vec<(String, u64)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = got.clone();
    sorted.sort();
    assert_eq!(got, sorted);
    assert_eq!(got.len(), 6);
    assert_eq!(got[0].0, "a.md");
}

#[test]
fn stdin_with_a_file_name() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "draftlint.yaml",
        "rules:\n  placeholder-text: warning\n",
    );
    let out = draftlint()
        .current_dir(dir.path())
        .args([
            "check",
            "-",
            "--stdin-filename",
            "guide.md",
            "--format",
            "json",
        ])
        .write_stdin(DRAFT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out.stdout);
    assert_eq!(v["findings"][0]["path"], "guide.md");
    // The config found from the stdin file name applies.
    assert_eq!(v["findings"][0]["severity"], "warning");
    draftlint()
        .args(["check", "-"])
        .write_stdin(CLEAN)
        .assert()
        .code(0);
    draftlint()
        .args(["check", "-", "a.md"])
        .write_stdin(CLEAN)
        .assert()
        .code(2)
        .stderr(contains("cannot be combined"));
}

#[test]
fn select_and_ignore_rules_or_categories() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", "# A\n\nTBD.\n\n## Empty\n");
    let rules = |args: &[&str]| -> Vec<String> {
        let out = draftlint()
            .current_dir(dir.path())
            .args(["check", "a.md", "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        json(&out.stdout)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(rules(&[]), ["placeholder-text", "empty-section"]);
    assert_eq!(rules(&["--select", "empty"]), ["empty-section"]);
    assert_eq!(rules(&["--ignore", "placeholder-text"]), ["empty-section"]);
    assert_eq!(
        rules(&["--select", "placeholder,empty", "--ignore", "empty-section"]),
        ["placeholder-text"]
    );
}

#[test]
fn config_is_found_by_walking_up_and_errors_name_the_place() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "draftlint.yaml",
        "rules:\n  empty-section: off\n",
    );
    write(dir.path(), "docs/deep/a.md", "# A\n\n## Empty\n");
    draftlint()
        .current_dir(dir.path())
        .args(["check", "docs"])
        .assert()
        .code(0);
    // A nearer config wins.
    write(
        dir.path(),
        "docs/.draftlint.yaml",
        "rules:\n  empty-section: error\n",
    );
    draftlint()
        .current_dir(dir.path())
        .args(["check", "docs"])
        .assert()
        .code(1);
    // Errors point at file, line and column.
    write(
        dir.path(),
        "docs/.draftlint.yaml",
        "rules:\n  empty-sectoin: error\n",
    );
    draftlint()
        .current_dir(dir.path())
        .args(["check", "docs"])
        .assert()
        .code(2)
        .stderr(contains(".draftlint.yaml:2:3: unknown rule or category `empty-sectoin` (did you mean `empty-section`?)"));
    write(
        dir.path(),
        "bad.yaml",
        "rules:\n  empty-section:\n    allow: ['(unclosed']\n",
    );
    draftlint()
        .current_dir(dir.path())
        .args(["check", "docs", "--config", "bad.yaml"])
        .assert()
        .code(2)
        .stderr(contains(
            "bad.yaml:3:12: option `allow` of `empty-section`: invalid regular expression",
        ));
    write(dir.path(), "syntax.yaml", "rules: [\n");
    draftlint()
        .current_dir(dir.path())
        .args(["check", "docs", "--config", "syntax.yaml"])
        .assert()
        .code(2)
        .stderr(contains("syntax.yaml:"));
    draftlint()
        .current_dir(dir.path())
        .args(["check", "docs", "--config", "nowhere.yaml"])
        .assert()
        .code(2)
        .stderr(contains("nowhere.yaml: no such file or directory"));
}

#[test]
fn overrides_ignore_globs_and_user_rules() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "draftlint.yaml",
        "overrides:\n  - files: [\"reference/**\"]\n    rules:\n      empty-section: off\nignore: [\"drafts/\"]\nrule-folders: [house-rules]\n",
    );
    write(dir.path(), "reference/cmd.md", "# Cmd\n\n## NOTES\n");
    write(dir.path(), "drafts/wip.md", "# WIP\n\nTBD\n");
    write(dir.path(), "guide.md", "# Guide\n\nSend an e-mail.\n");
    write(
        dir.path(),
        "house-rules/email.yaml",
        "id: email-spelling\ncategory: structure\nseverity: warning\nsummary: Write email, not e-mail\nwhy: House style.\nkind: substitution\nswap:\n  e-mail: email\nfix: safe\nmessage: \"use `{replacement}`, not `{match}`\"\nexamples:\n  flag: [\"Send an e-mail.\"]\n  pass: [\"Send an email.\"]\n",
    );
    let out = draftlint()
        .current_dir(dir.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let v = json(&out.stdout);
    let found: Vec<(&str, &str)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(found, [("guide.md", "email-spelling")]);
    assert_eq!(v["findings"][0]["message"], "use `email`, not `e-mail`");
    assert_eq!(v["findings"][0]["fix"]["applicability"], "safe");
    assert_eq!(v["summary"]["files_checked"], 2);
    // The user's rule is listed and explained like the built-in ones.
    draftlint()
        .current_dir(dir.path())
        .args(["rules"])
        .assert()
        .code(0)
        .stdout(contains("email-spelling"));
    draftlint()
        .current_dir(dir.path())
        .args(["explain", "email-spelling"])
        .assert()
        .code(0)
        .stdout(contains("## Why").and(contains("House style.")));
}

#[test]
fn rule_examples_can_be_checked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "draftlint.yaml", "rule-folders: [rules]\n");
    write(
        dir.path(),
        "rules/wip.yaml",
        "id: wip\ncategory: placeholder\nsummary: WIP markers\nwhy: Unfinished.\nkind: existence\nwords: [WIP]\nmessage: m\nexamples:\n  flag: [\"Status: WIP.\", \"Status: work in progress.\"]\n  pass: [\"Status: done.\"]\n",
    );
    draftlint()
        .current_dir(dir.path())
        .args(["rules", "--check"])
        .assert()
        .code(1)
        .stdout(
            contains("wip: example is not flagged:\nStatus: work in progress.")
                .and(contains("1 not as documented")),
        );
    draftlint()
        .args(["rules", "--check"])
        .assert()
        .code(0)
        .stdout(contains("all as documented"));
}

#[test]
fn rules_and_explain() {
    let out = draftlint()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let v = json(&out.stdout);
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for id in [
        "placeholder-text",
        "empty-section",
        "author-note",
        "all-caps-sentence",
        "todo-comment",
    ] {
        assert!(ids.contains(&id), "{id} missing from `draftlint rules`");
    }
    draftlint()
        .args(["explain", "empty-section"])
        .assert()
        .code(0)
        .stdout(
            contains("# empty-section")
                .and(contains("## Options"))
                .and(contains("`allow`")),
        );
    draftlint()
        .args(["explain", "empty-sectoin"])
        .assert()
        .code(2)
        .stderr(contains("did you mean `empty-section`?"));
}

#[test]
fn suppression_comments_work_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.md",
        "# A\n\n<!-- draftlint-disable-next-line placeholder -- date set at launch -->\nThe date is TBD.\n",
    );
    draftlint()
        .current_dir(dir.path())
        .args(["check", "a.md"])
        .assert()
        .code(0);
}

#[test]
fn bad_input_is_reported_and_the_rest_still_linted() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.md", DRAFT);
    fs::write(dir.path().join("latin1.md"), b"# Caf\xe9\n\nText.\n").unwrap();
    fs::write(
        dir.path().join("binary.md"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    )
    .unwrap();
    write(
        dir.path(),
        "broken-front-matter.md",
        "---\ntitle: a: b\n---\n# T\n\nText.\n",
    );
    write(
        dir.path(),
        "nested.md",
        &(">".repeat(10_000) + " deep TBD\n"),
    );
    write(dir.path(), "empty.md", "");
    let out = draftlint()
        .current_dir(dir.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "unreadable files make the run an error"
    );
    let v = json(&out.stdout);
    let errors: Vec<String> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}: {}",
                e["path"].as_str().unwrap(),
                e["message"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("latin1.md: not valid UTF-8: invalid byte at line 1, column 6")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("binary.md: binary file")),
        "{errors:?}"
    );
    let paths: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"ok.md"));
    assert!(paths.contains(&"nested.md"), "deep nesting is linted");
    let fm = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "broken-front-matter.md")
        .unwrap();
    assert_eq!(fm["rule"], "front-matter-syntax");
    assert_eq!(
        (fm["line"].as_u64(), fm["column"].as_u64()),
        (Some(2), Some(9))
    );
    // Human output names them on standard error.
    draftlint()
        .current_dir(dir.path())
        .args(["check"])
        .assert()
        .code(2)
        .stderr(
            contains("error: binary.md: binary file")
                .and(contains("error: latin1.md: not valid UTF-8")),
        );
}

#[test]
fn a_large_file_is_linted_in_one_piece() {
    let dir = tempfile::tempdir().unwrap();
    let mut big = String::with_capacity(52 << 20);
    big.push_str("# Big\n\n");
    let para = "A paragraph of ordinary prose about configuring the store, long enough to be realistic.\n\n";
    while big.len() < 50 << 20 {
        big.push_str(para);
    }
    big.push_str("The end is TBD.\n");
    write(dir.path(), "big.md", &big);
    let out = draftlint()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "big.md"])
        .output()
        .unwrap();
    let v = json(&out.stdout);
    assert_eq!(v["findings"].as_array().unwrap().len(), 1);
    assert_eq!(v["findings"][0]["rule"], "placeholder-text");
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_an_error_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.md", DRAFT);
    write(dir.path(), "secret.md", DRAFT);
    let secret = dir.path().join("secret.md");
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&secret).is_ok() {
        // Running as root: permissions do not stop reads. A dangling link
        // named on the command line stands in for an unreadable file.
        std::os::unix::fs::symlink(dir.path().join("gone.md"), dir.path().join("link.md")).unwrap();
        draftlint()
            .current_dir(dir.path())
            .args(["check", "ok.md", "link.md"])
            .assert()
            .code(2)
            .stdout(contains("placeholder `TBD`"))
            .stderr(contains("link.md: no such file or directory"));
        return;
    }
    draftlint()
        .current_dir(dir.path())
        .args(["check"])
        .assert()
        .code(2)
        .stdout(contains("ok.md"))
        .stderr(contains("secret.md: permission denied"));
}

#[test]
fn walking_respects_gitignore_hidden_files_and_draftlintignore() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".gitignore", "build/\n");
    write(dir.path(), ".draftlintignore", "vendor/\n");
    write(dir.path(), "build/out.md", DRAFT);
    write(dir.path(), "vendor/lib.md", DRAFT);
    write(dir.path(), ".hidden/x.md", DRAFT);
    write(dir.path(), "notes.txt", DRAFT);
    write(dir.path(), "guide.markdown", DRAFT);
    write(dir.path(), "a.md", CLEAN);
    let out = draftlint()
        .current_dir(dir.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let v = json(&out.stdout);
    let paths: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["guide.markdown"]);
    assert_eq!(v["summary"]["files_checked"], 2);
    // A file named explicitly is linted whatever its extension.
    draftlint()
        .current_dir(dir.path())
        .args(["check", "notes.txt"])
        .assert()
        .code(1);
    // Named files are linted even when ignored, unless --force-exclude
    // (pre-commit and editors name every file): then the ignore files
    // decide as they do when walking, negations and nesting included.
    write(dir.path(), "docs/.gitignore", "*.md\n!keep.md\n");
    write(dir.path(), "docs/keep.md", DRAFT);
    write(dir.path(), "docs/drop.md", DRAFT);
    let named = [
        "build/out.md",
        "vendor/lib.md",
        "docs/keep.md",
        "docs/drop.md",
        "guide.markdown",
    ];
    let mut args = named.to_vec();
    assert_eq!(reported(dir.path(), &args).len(), 5);
    args.insert(0, "--force-exclude");
    assert_eq!(
        reported(dir.path(), &args),
        ["docs/keep.md", "guide.markdown"]
    );
}

/// The files a run reports findings in, sorted.
fn reported(dir: &Path, args: &[&str]) -> Vec<String> {
    let out = draftlint()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let v = json(&out.stdout);
    let mut paths: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            f["path"]
                .as_str()
                .unwrap()
                .trim_start_matches("./")
                .to_string()
        })
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

#[test]
fn force_exclude_decides_as_the_walk_does() {
    let home = tempfile::tempdir().unwrap();
    // A `.gitignore` above the repository (dotfiles in a home folder) is
    // not the project's.
    write(home.path(), ".gitignore", "*\n");
    write(home.path(), ".draftlintignore", "skipped-above.md\n");
    let dir = home.path().join("project");
    let d = dir.as_path();
    fs::create_dir_all(d.join(".git/info")).unwrap();
    write(d, ".git/info/exclude", "excluded.md\n");
    write(d, ".gitignore", "build/\ngen/\n!gen/keep.md\n");
    write(d, "build/.gitignore", "!keep.md\n");
    write(d, ".draftlintignore", "!sub/a.md\n");
    write(d, "sub/.gitignore", "*.md\n");
    let files = [
        "a.md",
        "build/keep.md",
        "gen/keep.md",
        "sub/a.md",
        "sub/b.md",
        "excluded.md",
        "skipped-above.md",
        ".github/pr.md",
        "docs/deep/page.md",
    ];
    for f in files {
        write(d, f, DRAFT);
    }
    let walked = reported(d, &["."]);
    assert_eq!(walked, ["a.md", "docs/deep/page.md", "sub/a.md"]);
    let mut named = vec!["--force-exclude"];
    named.extend(files);
    assert_eq!(reported(d, &named), walked);
    // From a sub-folder, with `..` in the names.
    let up: Vec<String> = files.iter().map(|f| format!("../{f}")).collect();
    let mut named: Vec<&str> = vec!["--force-exclude"];
    named.extend(up.iter().map(String::as_str));
    let from_docs: Vec<String> = reported(&d.join("docs"), &named)
        .into_iter()
        .map(|p| p.trim_start_matches("../").to_string())
        .collect();
    assert_eq!(from_docs, walked);
}

#[test]
fn human_output_underlines_the_span() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", DRAFT);
    draftlint()
        .current_dir(dir.path())
        .args(["check", "a.md"])
        .assert()
        .code(1)
        .stdout(contains("placeholder(placeholder-text)"))
        .stdout(contains(" 3 │ The release date is TBD."))
        .stdout(contains("───"))
        .stdout(contains(
            "help: replace it with the real content, or remove it",
        ));
}
