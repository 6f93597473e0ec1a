//! The speed floor for benchmarks: walk the same files as `draftlint check`,
//! read them and run a bare pulldown-cmark parse with the same options and
//! the same parallelism, doing nothing else. A whole `draftlint check` run is
//! compared with this (see `scripts/bench.sh`).
//!
//!     cargo run --release --example parse_floor -- target/corpora/cpp-docs

use std::path::PathBuf;

use pulldown_cmark::Parser;
use rayon::prelude::*;

fn main() {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let walked = draftlint::walk::walk(&paths, false);
    let options = draftlint::document::parser_options();
    let events: usize = walked
        .files
        .par_iter()
        .map(|p| match std::fs::read_to_string(p) {
            Ok(s) => Parser::new_ext(&s, options).into_offset_iter().count(),
            Err(_) => 0,
        })
        .sum();
    println!("{} files, {events} events", walked.files.len());
}
