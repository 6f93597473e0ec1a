//! The README is part of the product: its set-up commands, its rule table
//! and CI's test command must say what the code does.

use std::process::Command;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// The commands in the README's "Set up" section, one per `sh` block.
fn setup_commands() -> Vec<String> {
    let text = readme();
    let section = text.split("## Set up").nth(1).expect("a Set up section");
    let section = section.split("\n## ").next().unwrap();
    section
        .split("```sh\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap().trim().to_string())
        .collect()
}

#[test]
fn the_readme_gives_exactly_two_setup_commands() {
    let cmds = setup_commands();
    assert_eq!(
        cmds,
        ["cargo run --release -- check examples/draft", "cargo test"]
    );
}

#[test]
fn ci_runs_the_readme_test_command() {
    let ci = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/run")).unwrap();
    let test = &setup_commands()[1];
    assert!(
        ci.lines().any(|l| l.trim() == test),
        ".ci/run must run `{test}`"
    );
    assert!(ci.contains("cargo fmt --check"));
    assert!(ci.contains("cargo clippy --all-targets -- -D warnings"));
}

#[test]
fn the_readme_rule_table_is_current() {
    let out = Command::new(env!("CARGO_BIN_EXE_draftlint"))
        .args(["rules", "--format", "markdown"])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    let text = readme();
    let start = text.find("<!-- rules:start").unwrap();
    let body = &text[start..];
    let body = &body[body.find("-->\n").unwrap() + 4..body.find("<!-- rules:end -->").unwrap()];
    assert_eq!(
        body, table,
        "regenerate with `cargo run -- rules --format markdown`"
    );
}

#[test]
#[cfg(feature = "dictionaries")]
fn the_example_draft_gives_the_readme_output() {
    let out = Command::new(env!("CARGO_BIN_EXE_draftlint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "examples/draft", "--format", "concise"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = readme();
    let shown = text
        .split("$ draftlint check examples/draft --format concise\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), shown);
}
