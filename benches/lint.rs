//! Micro-benchmarks of the library's hot path on a fixed input: parsing a
//! page into a Document, and linting it with every default rule. Whole-run
//! timings on real corpora are in `scripts/bench.sh`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use draftlint::config::{Config, Selection};
use draftlint::document::Document;

/// The example draft and every fixture, joined: a page that exercises
/// every rule and every kind of markup.
fn input() -> String {
    let mut s = std::fs::read_to_string("examples/draft/personalization-at-scale.md").unwrap();
    let mut fixtures: Vec<_> = std::fs::read_dir("fixtures")
        .unwrap()
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).into_iter().flatten())
        .map(|f| f.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    fixtures.sort();
    for f in fixtures {
        let text = std::fs::read_to_string(f).unwrap();
        // Drop each fixture's front matter: only the first page may have one.
        let body = text
            .strip_prefix("---\n")
            .and_then(|t| t.split_once("\n---\n"))
            .map_or(text.as_str(), |(_, b)| b);
        s.push_str("\n\n");
        s.push_str(body);
    }
    s
}

fn benches(c: &mut Criterion) {
    let text = input();
    let config = Config::defaults(Path::new("."), Selection::default());
    let rules = config.rules_for(Path::new("bench.md")).unwrap();
    let mut g = c.benchmark_group("page");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("parse", |b| {
        b.iter(|| Document::parse(black_box(text.clone())))
    });
    g.bench_function("lint", |b| {
        b.iter(|| draftlint::lint(Path::new("bench.md"), black_box(text.clone()), &rules))
    });
    g.bench_function("pulldown-cmark", |b| {
        b.iter(|| {
            pulldown_cmark::Parser::new_ext(black_box(&text), draftlint::document::parser_options())
                .into_offset_iter()
                .count()
        })
    });
    g.finish();
}

criterion_group!(lint, benches);
criterion_main!(lint);
