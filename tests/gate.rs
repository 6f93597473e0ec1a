//! The CI gate on legacy docs: a baseline of known findings, changed lines
//! only against a git revision, and `--fix --diff` previews.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{draftlint, flagged_text, json, write};
use predicates::prelude::*;
use predicates::str::contains;

/// (rule, line, flagged text) of every finding of a `--format json` run.
fn findings(dir: &Path, args: &[&str]) -> Vec<(String, u64, String)> {
    let out = draftlint(dir)
        .args(["check", "--format", "json", "--fail-on", "never"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out.stdout);
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                flagged_text(dir, f),
            )
        })
        .collect()
}

const LEGACY: &str = "---\ntitle: Setting up\n---\n\n# Setting up\n\nInstall the agent.\n\n## Configure\n\nTBD\n\n## Verify\n\nRun the check. See the [guide](missing.md).\n";

#[test]
fn a_baseline_hides_known_findings_across_edits_above_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "docs/setup.md", LEGACY);
    write(
        d,
        "docs/other.md",
        "# Other\n\nLorem ipsum dolor sit amet.\n",
    );
    let before = findings(d, &["docs"]);
    assert_eq!(before.len(), 3, "{before:?}");

    draftlint(d)
        .args([
            "check",
            "docs",
            "--write-baseline",
            ".draftlint-baseline.json",
        ])
        .assert()
        .code(0)
        .stdout(contains("No findings"))
        .stderr(contains("Wrote 3 findings to the baseline"));
    #[cfg(unix)]
    {
        // Made like any new file (not private like a temporary one); a
        // link to it stays a link when it is written again.
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        fs::write(d.join("probe"), "").unwrap();
        assert_eq!(
            mode(&d.join(".draftlint-baseline.json")),
            mode(&d.join("probe"))
        );
        fs::remove_file(d.join("probe")).unwrap();
        std::os::unix::fs::symlink(".draftlint-baseline.json", d.join("link.json")).unwrap();
        draftlint(d)
            .args(["check", "docs", "--write-baseline", "link.json"])
            .assert()
            .code(0);
        assert!(
            fs::symlink_metadata(d.join("link.json"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        fs::remove_file(d.join("link.json")).unwrap();
    }
    let baseline = json(&fs::read(d.join(".draftlint-baseline.json")).unwrap());
    assert_eq!(baseline["draftlint-baseline"], 1);
    assert_eq!(baseline["findings"].as_array().unwrap().len(), 3);
    assert_eq!(baseline["findings"][0]["path"], "docs/other.md");

    // Unchanged: clean, and the exit code says so.
    draftlint(d)
        .args(["check", "docs", "--baseline", ".draftlint-baseline.json"])
        .assert()
        .code(0)
        .stderr(contains("3 findings in the baseline not shown."));

    // Paragraphs written above every finding move them down; one new
    // defect is added.
    let edited = LEGACY
        .replace(
            "# Setting up\n\n",
            "# Setting up\n\nA new introduction.\n\nIt spans two paragraphs.\n\n",
        )
        .replace("Install the agent.", "Install the agent on port XXX.");
    write(d, "docs/setup.md", &edited);
    let now = findings(d, &["docs", "--baseline", ".draftlint-baseline.json"]);
    assert_eq!(now.len(), 1, "{now:?}");
    assert_eq!(now[0].2, "XXX");
    assert_eq!(now[0].1, 11);

    // The same from another folder, and with the files named another way:
    // paths are taken from the baseline's folder.
    let sub = d.join("docs");
    let now = findings(&sub, &[".", "--baseline", "../.draftlint-baseline.json"]);
    assert_eq!(now.len(), 1, "{now:?}");
    let now = findings(
        d,
        &["./docs//setup.md", "--baseline", ".draftlint-baseline.json"],
    );
    assert_eq!(now.len(), 1, "{now:?}");

    // A second copy of a known finding is new.
    write(d, "docs/setup.md", &format!("{edited}\n## Extra\n\nTBD\n"));
    let now = findings(d, &["docs", "--baseline", ".draftlint-baseline.json"]);
    assert_eq!(now.len(), 2, "{now:?}");
}

#[test]
fn a_bad_baseline_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.md", "# A\n\nTBD\n");
    write(
        d,
        "bad.json",
        "{\"draftlint-baseline\": 1,\n \"findings\": [}\n",
    );
    write(
        d,
        "v9.json",
        "{\"draftlint-baseline\": 9, \"findings\": []}",
    );
    let cases: [(&[&str], &str); 4] = [
        (&["--baseline", "bad.json"], "bad.json:2:"),
        (&["--baseline", "bad.json"], "not a draftlint baseline"),
        (
            &["--baseline", "missing.json"],
            "missing.json: no such file",
        ),
        (&["--baseline", "v9.json"], "version 9"),
    ];
    for (args, said) in cases {
        draftlint(d)
            .args(["check", "a.md"])
            .args(args)
            .assert()
            .code(2)
            .stderr(contains(said));
    }
    draftlint(d)
        .args(["check", "a.md", "--baseline", "b.json"])
        .args(["--write-baseline", "b.json"])
        .assert()
        .code(2)
        .stderr(contains("cannot be used with"));
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn diff_base_reports_only_added_and_modified_lines() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    // A user's diff settings do not change what is read.
    git(d, &["config", "diff.noprefix", "true"]);
    git(d, &["config", "color.diff", "always"]);
    write(d, "docs/setup.md", LEGACY);
    write(d, "docs/untouched.md", "# Untouched\n\nTBD\n");
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "legacy"]);
    git(d, &["checkout", "-q", "-b", "feature"]);

    // Added lines above the old findings, a modified line with a new
    // defect, a committed change and an uncommitted one; a new file
    // not yet tracked.
    let edited = LEGACY
        .replace(
            "# Setting up\n\n",
            "# Setting up\n\nA new introduction.\n\n",
        )
        .replace("Install the agent.", "Install the agent (see XXX).");
    write(d, "docs/setup.md", &edited);
    git(d, &["commit", "-qam", "intro"]);
    write(
        d,
        "docs/setup.md",
        &edited.replace("## Verify\n\n", "## Verify\n\nNote to self: ask Jeff.\n\n"),
    );
    write(d, "docs/new page.md", "# New\n\nLorem ipsum.\n");

    let all = findings(d, &["docs"]);
    assert_eq!(all.len(), 6, "{all:?}");
    let changed = findings(d, &["docs", "--diff-base", "main"]);
    let mut texts: Vec<&str> = changed.iter().map(|f| f.2.as_str()).collect();
    texts.sort();
    assert_eq!(
        texts,
        ["Lorem ipsum", "Note to self: ask Jeff.", "XXX"],
        "{changed:?}"
    );
    // Against the last commit only the uncommitted line and the new file.
    let changed = findings(d, &["docs", "--diff-base", "HEAD"]);
    assert_eq!(changed.len(), 2, "{changed:?}");

    // From a sub-folder, with paths relative to it.
    let changed = findings(&d.join("docs"), &[".", "--diff-base", "main"]);
    assert_eq!(changed.len(), 3, "{changed:?}");

    draftlint(d)
        .args(["check", "docs", "--diff-base", "no-such-branch"])
        .assert()
        .code(2)
        .stderr(contains("--diff-base: `no-such-branch` is not a commit"));
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "a.md", "# A\n\nTBD\n");
    draftlint(outside.path())
        .args(["check", "a.md", "--diff-base", "main"])
        .assert()
        .code(2)
        .stderr(contains("not inside a git repository"));
}

#[test]
fn diff_base_is_not_fooled_by_folders_settings_or_line_endings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    // Before the first commit (a first commit's hook): all is new.
    write(
        d,
        "docs/a.md",
        "# A\n\nOld text\rwith a lone CR.\n\nDone.\n",
    );
    let all = findings(&d.join("docs"), &["a.md", "--diff-base", "HEAD"]);
    assert_eq!(all.len(), 0, "{all:?}");
    write(d, "docs/b.md", "# B\n\nTBD\n");
    let all = findings(d, &["docs", "--diff-base", "HEAD"]);
    assert_eq!(all.len(), 1, "{all:?}");
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "first"]);
    // Settings that change git's output for people do not change it here.
    git(d, &["config", "diff.relative", "true"]);
    git(d, &["config", "diff.interHunkContext", "10"]);
    // Git counts only `\n` as a line end: the CR line is one line.
    write(
        d,
        "docs/a.md",
        "# A\n\nOld text\rwith a lone CR.\n\nDone TBD.\n",
    );
    // A new file outside the folder the run starts in.
    write(d, "NEW.md", "# New\n\nLorem ipsum.\n");
    let docs = d.join("docs");
    let mut texts: Vec<String> = findings(&docs, &[".", "../NEW.md", "--diff-base", "HEAD"])
        .into_iter()
        .map(|f| f.2)
        .collect();
    texts.sort();
    assert_eq!(texts, ["Lorem ipsum", "TBD"]);
    // An unchanged finding two lines from a change stays out.
    write(d, "docs/b.md", "# B\n\nTBD\n\nNew line.\n");
    let b = findings(&docs, &["b.md", "--diff-base", "HEAD"]);
    assert!(b.is_empty(), "{b:?}");
}

#[test]
fn diff_previews_fixes_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = "# Guide\n\nIt was refered to in the Recieved list.\n\nRelease date: TBD.\n";
    write(d, "a.md", text);
    write(d, "clean.md", "# Clean\n\nAll done.\n");
    draftlint(d)
        .args(["check", ".", "--diff"])
        .assert()
        .code(1)
        .stdout(
            "--- a/a.md\n+++ b/a.md\n@@ -1,5 +1,5 @@\n # Guide\n \n\
             -It was refered to in the Recieved list.\n\
             +It was referred to in the Received list.\n \n Release date: TBD.\n",
        )
        .stderr(contains("Would fix 2 findings in 1 file."));
    assert_eq!(fs::read_to_string(d.join("a.md")).unwrap(), text);
    // It does not mix with writing.
    for other in ["--fix", "--write-baseline=b.json"] {
        draftlint(d)
            .args(["check", ".", "--diff", other])
            .assert()
            .code(2)
            .stderr(contains("cannot be used with"));
    }
    // The diff applies as a patch, a name with a space included.
    write(d, "my notes.md", "# Notes\n\nIt was refered to.\n");
    git(d, &["init", "-q"]);
    let patch = draftlint(d)
        .args(["check", ".", "--diff"])
        .output()
        .unwrap();
    assert_eq!(patch.status.code(), Some(1));
    fs::write(d.join("fixes.patch"), &patch.stdout).unwrap();
    git(d, &["apply", "fixes.patch"]);
    fs::remove_file(d.join("fixes.patch")).unwrap();
    assert_eq!(
        fs::read_to_string(d.join("my notes.md")).unwrap(),
        "# Notes\n\nIt was referred to.\n"
    );
    // What it showed is what --fix writes; then there is nothing to show.
    draftlint(d).args(["check", ".", "--fix"]).assert().code(1);
    draftlint(d)
        .args(["check", ".", "--diff"])
        .assert()
        .code(0)
        .stdout("")
        .stderr(contains("Nothing to fix."));
}

#[test]
fn fix_never_touches_a_file_it_could_not_read_or_parse() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A misspelling that --fix would correct, in a file with one byte
    // that is not UTF-8, beside a good file with the same misspelling.
    let mut bad = b"# Guide\n\nIt was refered to.\n".to_vec();
    bad.extend_from_slice(b"Caf\xe9 menu.\n");
    fs::write(d.join("latin1.md"), &bad).unwrap();
    write(d, "good.md", "# Guide\n\nIt was refered to.\n");
    draftlint(d)
        .args(["check", ".", "--fix"])
        .assert()
        .code(2)
        .stderr(contains(
            "latin1.md: not valid UTF-8: invalid byte at line 4, column 4",
        ))
        .stderr(contains("Fixed 1 finding in 1 file."));
    assert_eq!(fs::read(d.join("latin1.md")).unwrap(), bad);
    assert_eq!(
        fs::read_to_string(d.join("good.md")).unwrap(),
        "# Guide\n\nIt was referred to.\n"
    );
    draftlint(d)
        .args(["check", ".", "--diff"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty());

    // Front matter that does not parse, or is not closed: the file is not
    // fixed, and says why.
    let broken = "---\ntitle: [unclosed\n---\n# Guide\n\nIt was refered to.\n";
    let unclosed = "---\ntitle: Guide\n\n# Guide\n\nIt was refered to.\n";
    fs::remove_file(d.join("latin1.md")).unwrap();
    write(d, "broken.md", broken);
    write(d, "unclosed.md", unclosed);
    draftlint(d)
        .args(["check", ".", "--fix"])
        .assert()
        .code(1)
        .stderr(contains(
            "broken.md:2:8: not fixed: its front matter does not parse",
        ))
        .stderr(contains("unclosed.md:1:1: not fixed"));
    assert_eq!(fs::read_to_string(d.join("broken.md")).unwrap(), broken);
    assert_eq!(fs::read_to_string(d.join("unclosed.md")).unwrap(), unclosed);
    draftlint(d)
        .args(["check", ".", "--diff"])
        .assert()
        .code(0)
        .stdout("")
        .stderr(contains("broken.md:2:8: not fixed"));
}
