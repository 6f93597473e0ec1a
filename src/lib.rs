//! draftlint: is this page ready to publish?
//!
//! The library is the product; the CLI, the tests, the language server and
//! the benchmarks are thin adapters around [`lint`].

pub mod document;
pub mod finding;
pub mod span;
