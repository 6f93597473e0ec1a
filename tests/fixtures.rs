//! Fixtures are the specification. Each `fixtures/<rule>/*.md` carries its
//! expected findings inline:
//!
//! ```markdown
//! The endpoint returns TBD. <!-- expect: placeholder-text -->
//! <!-- expect: empty-section -->
//! ## Heading described by the line above
//! <!-- expect(+2): todo-comment -->
//! ```
//!
//! `expect` on a line with other content describes that line; alone on a
//! line it describes the next line; `expect(+N)` describes the line N below.
//! The harness blanks these comments with spaces of the same length before
//! linting, so offsets stay exact and no rule sees them. Every default rule
//! runs on every fixture, and any finding not expected fails the test: a
//! fixture without expectations must produce nothing. A `draftlint.yaml`
//! beside fixtures configures them.
//!
//! The human rendering of each fixture is recorded with insta.

use std::path::{Path, PathBuf};

use draftlint::config::{Config, Selection};
use draftlint::report::human;
use draftlint::{FileReport, Report};

struct Expectation {
    line: u32,
    rules: Vec<String>,
}

/// Blank the expectation comments and collect what they expect.
fn prepare(src: &str) -> (String, Vec<Expectation>) {
    let mut out = String::with_capacity(src.len());
    let mut expected = Vec::new();
    for (i, line) in src.split_inclusive('\n').enumerate() {
        let mut rest = line;
        let mut blanked = String::new();
        while let Some(start) = rest.find("<!-- expect") {
            let Some(len) = rest[start..].find("-->") else {
                break;
            };
            let end = start + len + 3;
            let comment = &rest[start..end];
            let inner = comment
                .trim_start_matches("<!--")
                .trim_end_matches("-->")
                .trim();
            let (head, rules) = inner.split_once(':').expect("expect comment has a colon");
            let offset: u32 = head
                .trim_start_matches("expect")
                .trim_matches(['(', ')', '+', ' '])
                .parse()
                .unwrap_or(0);
            let alone = line.trim() == comment.trim();
            let line_no = i as u32 + 1 + offset + u32::from(alone && offset == 0);
            expected.push(Expectation {
                line: line_no,
                rules: rules
                    .split(',')
                    .map(|r| r.trim().to_string())
                    .filter(|r| !r.is_empty())
                    .collect(),
            });
            blanked.push_str(&rest[..start]);
            blanked.push_str(&" ".repeat(comment.len()));
            rest = &rest[end..];
        }
        blanked.push_str(rest);
        out.push_str(&blanked);
    }
    (out, expected)
}

fn fixtures() -> Vec<PathBuf> {
    let mut v = Vec::new();
    for dir in std::fs::read_dir("fixtures").expect("fixtures folder") {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&dir).unwrap() {
            let f = f.unwrap().path();
            if f.extension().is_some_and(|e| e == "md") {
                v.push(f);
            }
        }
    }
    v.sort();
    v
}

fn config_for(path: &Path) -> Config {
    let cfg = path.parent().unwrap().join("draftlint.yaml");
    if cfg.exists() {
        Config::load(&cfg, Selection::default()).expect("fixture config is valid")
    } else {
        Config::defaults(Path::new("."), Selection::default())
    }
}

#[test]
fn fixtures_match_their_expectations() {
    let mut failures = Vec::new();
    let mut rendered = Vec::new();
    let all = fixtures();
    assert!(
        all.len() >= 20,
        "expected the fixture set, found {}",
        all.len()
    );
    for path in all {
        // A build without the dictionaries checks no spelling.
        if cfg!(not(feature = "dictionaries")) && path.starts_with("fixtures/spelling") {
            continue;
        }
        let src = std::fs::read_to_string(&path).unwrap();
        let (blanked, expected) = prepare(&src);
        let config = config_for(&path);
        let rules = config.rules_for(&path).unwrap();
        let (doc, findings) = draftlint::lint(&path, blanked, &rules);
        let mut want: Vec<(u32, String)> = expected
            .iter()
            .flat_map(|e| e.rules.iter().map(move |r| (e.line, r.clone())))
            .collect();
        let mut got: Vec<(u32, String)> = findings
            .iter()
            .map(|f| {
                (
                    doc.lines().line_of(f.span.start) as u32 + 1,
                    f.rule.to_string(),
                )
            })
            .collect();
        want.sort();
        got.sort();
        if want != got {
            // Multiset difference both ways.
            let mut missing = want.clone();
            for g in &got {
                if let Some(i) = missing.iter().position(|w| w == g) {
                    missing.remove(i);
                }
            }
            let mut left = want.clone();
            let mut extra = Vec::new();
            for f in &findings {
                let key = (
                    doc.lines().line_of(f.span.start) as u32 + 1,
                    f.rule.to_string(),
                );
                match left.iter().position(|w| *w == key) {
                    Some(i) => {
                        left.remove(i);
                    }
                    None => extra.push(format!("{}: {} {}", key.0, f.rule, f.message)),
                }
            }
            failures.push(format!(
                "{}\n  missing: {missing:?}\n  unexpected: {extra:#?}",
                path.display()
            ));
        }
        // Record the human rendering.
        let name = path
            .strip_prefix("fixtures")
            .unwrap()
            .to_string_lossy()
            .replace(['/', '\\'], "__");
        let report = Report {
            checked: 1,
            errors: Vec::new(),
            files: if findings.is_empty() {
                Vec::new()
            } else {
                vec![FileReport {
                    path: path.clone(),
                    source: doc.source.clone(),
                    lines: doc.lines().clone(),
                    findings,
                }]
            },
        };
        let mut out = Vec::new();
        human::write(
            &report,
            human::Style {
                color: false,
                width: 100,
            },
            &mut out,
        )
        .unwrap();
        rendered.push((name, String::from_utf8(out).unwrap()));
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    for (name, out) in rendered {
        insta::with_settings!({ snapshot_path => "snapshots/fixtures", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(name, out);
        });
    }
}

#[test]
fn gates_never_hide_a_finding() {
    for path in fixtures() {
        let src = std::fs::read_to_string(&path).unwrap();
        let (blanked, _) = prepare(&src);
        let config = config_for(&path);
        let gated = config.rules_for(&path).unwrap();
        let ungated = (*gated).clone().ungated();
        let (_, a) = draftlint::lint(&path, blanked.clone(), &gated);
        let (_, b) = draftlint::lint(&path, blanked, &ungated);
        assert_eq!(a, b, "{}", path.display());
    }
}

#[test]
fn expectation_comments_are_blanked_in_place() {
    let (out, e) = prepare("a TBD <!-- expect: placeholder-text -->\n<!-- expect: x -->\nb\n");
    assert_eq!(
        out.len(),
        "a TBD <!-- expect: placeholder-text -->\n<!-- expect: x -->\nb\n".len()
    );
    assert!(!out.contains("expect"));
    assert_eq!((e[0].line, e[1].line), (1, 3));
}

/// The same check on the benchmark corpora (unpacked by scripts/bench.sh).
#[test]
#[ignore = "needs target/corpora"]
fn gates_never_hide_a_finding_on_the_corpora() {
    let root = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/target/corpora"));
    let config = Config::defaults(Path::new("."), Selection::default());
    let gated = config.rules_for(Path::new("a.md")).unwrap();
    let ungated = (*gated).clone().ungated();
    let walked = draftlint::walk::walk(&[root], false);
    let mut n = 0;
    for path in walked.files {
        let Ok(src) = std::fs::read_to_string(&path) else {
            continue;
        };
        let (_, a) = draftlint::lint(&path, src.clone(), &gated);
        let (_, b) = draftlint::lint(&path, src, &ungated);
        assert_eq!(a, b, "{}", path.display());
        n += a.len();
    }
    eprintln!("{n} findings, the same with and without gates");
}

/// Every output format, rendered from the `fixtures/formats` pages (whose
/// expectations the test above checks) and recorded; SARIF validated
/// against its published schema; positions on a line with emoji and CJK
/// text checked in each format's own column unit.
#[test]
fn every_format_renders_the_same_findings() {
    use draftlint::report::{concise, github, json, junit, rdjson, sarif, summary};
    let mut files = Vec::new();
    for path in fixtures()
        .into_iter()
        .filter(|p| p.starts_with("fixtures/formats"))
    {
        let src = std::fs::read_to_string(&path).unwrap();
        let (blanked, _) = prepare(&src);
        let rules = config_for(&path).rules_for(&path).unwrap();
        let (doc, findings) = draftlint::lint(&path, blanked, &rules);
        files.push(FileReport {
            path: path.clone(),
            source: doc.source.clone(),
            lines: doc.lines().clone(),
            findings,
        });
    }
    let report = Report {
        checked: files.len() + 1,
        errors: Vec::new(),
        files,
    };
    let render = |f: &dyn Fn(&mut Vec<u8>) -> std::io::Result<()>| {
        let mut out = Vec::new();
        f(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    let registry = draftlint::registry::Registry::builtin();
    let outputs = [
        ("concise", render(&|o| concise::write(&report, o))),
        ("json", render(&|o| json::write(&report, o))),
        ("sarif", render(&|o| sarif::write(&report, &registry, o))),
        ("github", render(&|o| github::write(&report, o))),
        ("junit", render(&|o| junit::write(&report, o))),
        ("rdjson", render(&|o| rdjson::write(&report, o))),
        (
            "summary",
            render(&|o| summary::write(&report, Some(draftlint::finding::Severity::Warning), o)),
        ),
    ];
    let get = |name: &str| &outputs.iter().find(|o| o.0 == name).unwrap().1;

    // SARIF against the OASIS schema.
    let mut schema: serde_json::Value =
        serde_json::from_str(include_str!("schemas/sarif-2.1.0.json")).unwrap();
    // The published schema's `language` patterns end in a bare `]`, a
    // literal in ECMA-262 that the Rust regex engine rejects: escape it
    // here (the shipped file stays as published).
    fn escape_bracket(v: &mut serde_json::Value) -> usize {
        match v {
            serde_json::Value::Object(m) => {
                let mut n = 0;
                if let Some(p) = m.get_mut("pattern")
                    && p == "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$"
                {
                    *p = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$".into();
                    n += 1;
                }
                n + m.values_mut().map(escape_bracket).sum::<usize>()
            }
            serde_json::Value::Array(a) => a.iter_mut().map(escape_bracket).sum(),
            _ => 0,
        }
    }
    assert!(escape_bracket(&mut schema) >= 1);
    let validator = jsonschema::draft4::new(&schema).expect("the schema compiles");
    let sarif: serde_json::Value = serde_json::from_str(get("sarif")).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF is invalid:\n{}",
        errors.join("\n")
    );
    // The check can fail: a wrong version or a region without lines is invalid.
    let mut bad = sarif.clone();
    bad["version"] = "2.0.0".into();
    assert!(!validator.is_valid(&bad));
    let mut bad = sarif.clone();
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!validator.is_valid(&bad));
    assert_eq!(sarif["runs"][0]["columnKind"], "utf16CodeUnits");

    // `🎉 新機能 TODO: …`: TODO is character 7, UTF-16 unit 8, byte 16.
    let todo = |v: &serde_json::Value| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|x| x.to_string().contains("todo-marker"))
            .cloned()
            .unwrap()
    };
    let region = &todo(&sarif["runs"][0]["results"])["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(3), Some(8))
    );
    assert_eq!(region["endColumn"].as_u64(), Some(35));
    let j: serde_json::Value = serde_json::from_str(get("json")).unwrap();
    let t = todo(&j["findings"]);
    assert_eq!(
        (t["line"].as_u64(), t["column"].as_u64()),
        (Some(3), Some(7))
    );
    let rd: serde_json::Value = serde_json::from_str(get("rdjson")).unwrap();
    let start = &todo(&rd["diagnostics"])["location"]["range"]["start"];
    assert_eq!(
        (start["line"].as_u64(), start["column"].as_u64()),
        (Some(3), Some(16))
    );
    assert!(
        get("github")
            .contains("file=fixtures/formats/page.md,line=3,col=7,endLine=3,endColumn=34,"),
        "{}",
        get("github")
    );
    assert!(get("junit").contains(r#"name="todo-marker at 3:7""#));

    for (name, out) in &outputs {
        insta::with_settings!({ snapshot_path => "snapshots/formats", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(*name, out);
        });
    }
}
