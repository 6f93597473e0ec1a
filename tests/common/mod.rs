//! Helpers shared by the command-line tests.
#![allow(dead_code)]

use std::fs;
use std::path::Path;

use assert_cmd::Command;

/// The binary, run in `dir` with plain, fixed-width output.
pub fn draftlint(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("draftlint").unwrap();
    c.env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .current_dir(dir);
    c
}

/// Write `text` to `dir/name`, creating folders.
pub fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(p, text).unwrap();
}
