//! Spelling from the command line: fixes written back to files, the
//! project's own words (word list, config, inline suppression), and the
//! vocabulary a repository teaches by using a word on many pages.
#![cfg(feature = "dictionaries")]

mod common;
use common::{draftlint, flagged_text, write};

use std::fs;
use std::path::Path;

use predicates::prelude::*;
use predicates::str::contains;
use serde_json::Value;

fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join(name)).unwrap()
}

/// The words reported as misspelled, in order.
fn flagged(dir: &Path, args: &[&str]) -> Vec<String> {
    let out = draftlint(dir)
        .args(["check", "--format", "json", "--select", "spelling"])
        .args(args)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| flagged_text(dir, f))
        .collect()
}

const TYPOS: &str =
    "# Pesonalization at scale\n\nPersonalization is refered to in the Recieved list.\n";

#[test]
fn fix_applies_safe_fixes_and_a_second_run_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", TYPOS);
    draftlint(dir.path())
        .args(["check", "a.md", "--fix", "--format", "concise"])
        .assert()
        .code(1)
        .stderr(contains("Fixed 2 findings in 1 file."))
        .stdout(contains("`Pesonalization` looks misspelled"))
        .stdout(contains("1 more with --fix --unsafe-fixes."));
    // Known misspellings with one correction are safe; the case is kept.
    assert_eq!(
        read(dir.path(), "a.md"),
        "# Pesonalization at scale\n\nPersonalization is referred to in the Received list.\n"
    );
    // A likely correction is unsafe: applied only when asked.
    draftlint(dir.path())
        .args(["check", "a.md", "--fix", "--unsafe-fixes"])
        .assert()
        .code(0)
        .stderr(contains("Fixed 1 finding in 1 file."));
    assert_eq!(
        read(dir.path(), "a.md"),
        "# Personalization at scale\n\nPersonalization is referred to in the Received list.\n"
    );
    draftlint(dir.path())
        .args(["check", "a.md", "--fix"])
        .assert()
        .code(0)
        .stderr(predicate::str::is_empty())
        .stdout(contains("No findings in 1 file."));
    // Nothing is left behind in the folder.
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["a.md"]);
}

#[test]
fn fix_keeps_permissions_follows_links_and_spares_other_findings() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "real.md",
        "# Guide\n\nIt was refered to. Release date: TBD.\n",
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let p = dir.path().join("real.md");
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        std::os::unix::fs::symlink("real.md", dir.path().join("link.md")).unwrap();
        draftlint(dir.path())
            .args(["check", "link.md", "--fix"])
            .assert()
            .code(1)
            .stdout(contains("placeholder `TBD`"));
        assert!(
            fs::symlink_metadata(dir.path().join("link.md"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }
    #[cfg(not(unix))]
    draftlint(dir.path())
        .args(["check", "real.md", "--fix"])
        .assert()
        .code(1);
    assert_eq!(
        read(dir.path(), "real.md"),
        "# Guide\n\nIt was referred to. Release date: TBD.\n"
    );
}

#[test]
fn fix_needs_files_and_unsafe_fixes_needs_fix() {
    let dir = tempfile::tempdir().unwrap();
    draftlint(dir.path())
        .args(["check", "-", "--fix"])
        .write_stdin(TYPOS)
        .assert()
        .code(2)
        .stderr(contains("cannot be used with `-`"));
    draftlint(dir.path())
        .args(["check", ".", "--unsafe-fixes"])
        .assert()
        .code(2)
        .stderr(contains("--fix"));
}

#[test]
fn json_carries_suggestions_and_the_safe_fix() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", TYPOS);
    let out = draftlint(dir.path())
        .args(["check", "a.md", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &v["findings"];
    assert_eq!(f[0]["rule"], "spelling");
    assert_eq!(f[0]["suggestions"][0], "Personalization");
    assert_eq!(f[0]["fix"]["applicability"], "unsafe");
    assert_eq!(f[1]["suggestions"], serde_json::json!(["referred"]));
    assert_eq!(f[1]["fix"]["applicability"], "safe");
    assert_eq!(f[1]["fix"]["edits"][0]["replacement"], "referred");
    assert_eq!(v["summary"]["fixable"], 2);
    assert_eq!(v["summary"]["unsafe_fixable"], 1);
}

/// A page with words the dictionary does not know but a team uses.
const JARGON: &str = "# Setup\n\nThe tesseling step runs before the blorfing step.\n";

#[test]
fn project_words_come_from_a_word_list_and_the_config() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "docs/a.md", JARGON);
    assert_eq!(flagged(dir.path(), &["docs"]), ["tesseling"]);
    // A word list beside the docs (or above them) is found like the config.
    write(
        dir.path(),
        "draftlint-words.txt",
        "# our words\nTesseling\n",
    );
    assert!(flagged(dir.path(), &["docs"]).is_empty());
    fs::remove_file(dir.path().join("draftlint-words.txt")).unwrap();
    write(dir.path(), "draftlint.yaml", "words: [tesseling]\n");
    assert!(flagged(dir.path(), &["docs"]).is_empty());
    // One word needs no list; a config error in `words:` names the place.
    write(dir.path(), "draftlint.yaml", "words: tesseling\n");
    assert!(flagged(dir.path(), &["docs"]).is_empty());
    write(dir.path(), "draftlint.yaml", "words: {tesseling: 1}\n");
    draftlint(dir.path())
        .args(["check", "docs"])
        .assert()
        .code(2)
        .stderr(contains("draftlint.yaml:1:8"));
}

#[test]
fn an_inline_suppression_silences_one_word() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.md",
        "# Setup\n\n<!-- draftlint-disable-next-line spelling -- product name -->\nThe tesseling step runs.\n\nThe tesseling step runs again.\n",
    );
    let out = draftlint(dir.path())
        .args(["check", "a.md", "--format", "concise"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("a.md:4:"), "{text}");
    assert!(text.contains("a.md:6:5: warning [spelling]"), "{text}");
}

#[test]
fn words_a_repository_uses_on_many_pages_are_its_vocabulary() {
    let dir = tempfile::tempdir().unwrap();
    // One page: a word one letter from `testing` that nothing explains.
    write(dir.path(), "a.md", JARGON);
    assert_eq!(flagged(dir.path(), &["."]), ["tesseling"]);
    // The same word on three pages is the team's word, not a typo.
    write(dir.path(), "b.md", "# Tesseling\n\nRun tesseling daily.\n");
    write(dir.path(), "c.md", "# More\n\nThe tesseling log is kept.\n");
    assert!(flagged(dir.path(), &["."]).is_empty());
    // A known misspelling stays a misspelling however often it is used.
    for name in ["a.md", "b.md", "c.md"] {
        write(dir.path(), name, "# Page\n\nIt was refered to.\n");
    }
    assert_eq!(
        flagged(dir.path(), &["."]),
        ["refered", "refered", "refered"]
    );
}
