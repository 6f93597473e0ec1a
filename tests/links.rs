//! Link checking across files, from the command line: targets resolve
//! against the disk whatever the run lints, ignored files exist, partial
//! checkouts are not judged, sites that ignore case are recognised, and
//! the `links:` config is read strictly.

mod common;
use common::{draftlint, write};

use std::fs;
use std::path::Path;

use predicates::str::contains;
use serde_json::Value;

/// (path, line, rule) of every link finding.
fn findings(dir: &Path, args: &[&str]) -> Vec<(String, u64, String)> {
    let out = draftlint(dir)
        .args(["check", "--format", "json", "--select", "link"])
        .args(args)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().replace('\\', "/"),
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_linted_subset_resolves_against_the_disk() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(
        d,
        "docs/a.md",
        "# A\n\n[b](b.md#part) [gone](c.md) [bad](b.md#nope)\n",
    );
    write(d, "docs/b.md", "# B\n\n## Part\n\nText.\n");
    assert_eq!(
        findings(d, &["docs/a.md"]),
        [
            ("docs/a.md".into(), 3, "broken-link".into()),
            ("docs/a.md".into(), 3, "broken-anchor".into()),
        ]
    );
}

#[test]
fn ignored_files_still_exist() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, ".gitignore", "generated/\n");
    write(d, "generated/api.md", "# API\n\n## Calls\n");
    write(
        d,
        "index.md",
        "# Home\n\nSee [the API](generated/api.md#calls).\n",
    );
    assert_eq!(findings(d, &["."]), []);
}

#[test]
fn a_tree_without_images_does_not_judge_image_links() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, "docs/a.md", "# A\n\n![Flow](assets/flow.png)\n");
    // Docs checked out without their images: nothing to judge by.
    assert_eq!(findings(d, &["."]), []);
    // Once the tree holds images, a missing one is missing.
    write(d, "docs/assets/other.png", "png");
    assert_eq!(
        findings(d, &["."]),
        [("docs/a.md".into(), 3, "broken-link".into())]
    );
    // A file named alone is always judged.
    fs::remove_file(d.join("docs/assets/other.png")).unwrap();
    assert_eq!(
        findings(d, &["docs/a.md"]),
        [("docs/a.md".into(), 3, "broken-link".into())]
    );
}

#[test]
fn a_site_that_ignores_case_is_recognised() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, "ref/Widget.md", "# Widget\n");
    write(d, "a.md", "# A\n\nSee [widget](ref/widget.md).\n");
    // One page: a mistake, with the file's own spelling as the fix.
    let out = draftlint(d)
        .args(["check", "--select", "link", "a.md"])
        .assert()
        .code(1);
    out.stdout(contains("differs in case").and(contains("ref/Widget.md")));
    draftlint(d)
        .args(["check", "--select", "link", "--fix", "a.md"])
        .assert()
        .code(0);
    assert!(
        fs::read_to_string(d.join("a.md"))
            .unwrap()
            .contains("(ref/Widget.md)")
    );
    // Many pages do it: the site serves names in any case.
    for p in ["b.md", "c.md", "d.md"] {
        write(d, p, "# P\n\nSee [widget](ref/widget.md).\n");
    }
    assert_eq!(findings(d, &["."]), []);
}

#[test]
fn site_root_links_follow_the_config() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, "docs/guide/index.md", "# Guide\n");
    write(
        d,
        "docs/a.md",
        "# A\n\n[guide](/cpp/guide/) [gone](/cpp/gone) [other](/net/x)\n",
    );
    assert_eq!(findings(d, &["."]), [], "no site root configured");
    write(
        d,
        "draftlint.yaml",
        "links:\n  site-root: docs\n  site-path: /cpp/\n",
    );
    assert_eq!(
        findings(d, &["."]),
        [("docs/a.md".into(), 3, "broken-link".into())]
    );
}

#[test]
fn link_settings_are_read_strictly() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, "a.md", "# A\n");
    write(
        d,
        "draftlint.yaml",
        "links:\n  site-rot: docs\n  site-path: [a]\n",
    );
    draftlint(d)
        .args(["check", "a.md"])
        .assert()
        .code(2)
        .stderr(
            contains("draftlint.yaml:2:3")
                .and(contains("did you mean `site-root`"))
                .and(contains("`links.site-path` must be a string")),
        );
}

use predicates::prelude::PredicateBooleanExt;
