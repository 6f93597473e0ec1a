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

/// Standard output parsed as JSON, or a failure that shows it.
pub fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(out)))
}

/// The text a JSON finding flags, read from its file under `dir`.
pub fn flagged_text(dir: &Path, finding: &serde_json::Value) -> String {
    let text = fs::read(dir.join(finding["path"].as_str().unwrap())).unwrap();
    let (s, e) = (
        finding["span"]["start"].as_u64().unwrap() as usize,
        finding["span"]["end"].as_u64().unwrap() as usize,
    );
    String::from_utf8(text[s..e].to_vec()).unwrap()
}
