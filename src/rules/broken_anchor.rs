//! A `#fragment` that names no anchor, on the same page or on the page a
//! link leads to.
//!
//! Anchors are explicit heading ids, heading slugs (GitHub's, and the
//! squeezed forms other renderers make, duplicates numbered `-1`, `-2`),
//! HTML `id`/`name` attributes and attribute lists, with the headings of
//! included pages. Same-page fragments are checked with the page; others
//! at the end of the run, reading each target page once (in parallel),
//! whether or not the run lints it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Context, Lesson, Rule, StaticMeta};
use crate::document::LinkKind;
use crate::finding::{Category, Hit, Severity};
use crate::links::anchors::Anchors;
use crate::links::disk::Disk;
use crate::links::{Target, resolve};
use crate::span::Span;

pub struct BrokenAnchor;

const META: StaticMeta = StaticMeta {
    id: "broken-anchor",
    category: Category::Link,
    severity: Severity::Error,
    enabled: true,
    summary: "A link to `#fragment` or `page.md#fragment` that matches no heading or anchor",
    why: "The page opens at its top instead of the section the link promised, usually \
          because a heading was renamed. Anchors are explicit ids (`{#id}`), heading \
          slugs as GitHub and other renderers make them (case aside; `-1`, `-2` for \
          repeated headings; Experience League `[!DNL …]` read as its text), HTML \
          `id`/`name` attributes, and the headings of included pages. The finding \
          offers the nearest anchor.",
    flags: &[
        "## Install\n\nSee [installing](#instal).\n",
        "## Set up {#setup}\n\nSee [set up](#set-up-now).\n",
    ],
    passes: &[
        "## Install\n\nSee [installing](#install).\n",
        "## Set up {#setup}\n\nSee [set up](#setup).\n",
        "## Notes\n\n## Notes\n\nSee [the second](#notes-1).\n",
        "## The `run()` *method*\n\nSee [run](#the-run-method).\n",
        "<a name=\"old-name\"></a>\n\n## New\n\nSee [it](#old-name).\n",
        "# [Windows](#tab/windows)\n\nDocFX tabs are not anchors.\n",
    ],
    options: &[],
    fixable: false,
};

/// A fragment link to another page.
struct Out {
    span: Span,
    dest: String,
    path: PathBuf,
    site: bool,
    fragment: String,
}

impl Rule for BrokenAnchor {
    crate::rule_meta!(META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Hit>) {
        let mut anchors = None;
        for (span, dest) in destinations(cx) {
            let Target::Fragment(f) = Target::parse(dest) else {
                continue;
            };
            if !checkable(&f) {
                continue;
            }
            // The page's own anchors first; included pages only when needed.
            let (a, full) = anchors.get_or_insert_with(|| (Anchors::of(cx.doc), false));
            if !a.contains(&f) && !*full {
                a.merge(Disk::included(cx.path, cx.doc.source()));
                *full = true;
            }
            if !a.contains(&f) {
                out.push(hit(span, dest, &f, a, "on this page"));
            }
        }
    }

    fn learn(&self, cx: &Context<'_>) -> Option<Lesson> {
        let mut out = Vec::new();
        for (span, dest) in destinations(cx) {
            let target = Target::parse(dest);
            let (Target::Relative { fragment, .. } | Target::SiteRoot { fragment, .. }) = &target
            else {
                continue;
            };
            let Some(f) = fragment.as_ref().filter(|f| checkable(f)) else {
                continue;
            };
            let Some(path) = resolve(cx.path, &target, cx.links) else {
                continue;
            };
            out.push(Out {
                span,
                dest: dest.to_string(),
                site: matches!(target, Target::SiteRoot { .. }),
                fragment: f.to_string(),
                path,
            });
        }
        (!out.is_empty()).then(|| Box::new(out) as Lesson)
    }

    fn finish(
        &self,
        lessons: &[(usize, &Lesson)],
        _run: &super::Run,
        hits: &mut Vec<(usize, Hit)>,
    ) {
        let mut disk = Disk::default();
        // Each link's target page, when it exists and is Markdown.
        let mut wanted: Vec<(usize, &Out, PathBuf)> = Vec::new();
        for &(page, lesson) in lessons {
            let Some(outs) = lesson.downcast_ref::<Vec<Out>>() else {
                continue;
            };
            for o in outs {
                // A missing file is broken-link's finding.
                let Some((found, kind)) = disk.find(&o.path, o.site) else {
                    continue;
                };
                if let Some(target) = disk.page(&found, kind) {
                    wanted.push((page, o, target));
                }
            }
        }
        let mut pages: Vec<&Path> = wanted.iter().map(|w| w.2.as_path()).collect();
        pages.sort_unstable();
        pages.dedup();
        let anchors: HashMap<&Path, Anchors> = pages
            .par_iter()
            .filter_map(|p| Disk::anchors(p).map(|a| (*p, a)))
            .collect();
        for (page, o, target) in &wanted {
            let Some(a) = anchors.get(target.as_path()) else {
                continue;
            };
            if !a.contains(&o.fragment) {
                let place = format!("in `{}`", target.display());
                hits.push((*page, hit(o.span, &o.dest, &o.fragment, a, &place)));
            }
        }
    }
}

/// Destinations of inline links and reference definitions.
fn destinations<'a>(cx: &'a Context<'_>) -> impl Iterator<Item = (Span, &'a str)> {
    let doc = cx.doc;
    let links = doc
        .links
        .iter()
        .filter(|l| l.kind == LinkKind::Inline)
        .map(|l| (l.span, l.dest.as_str()));
    let defs = doc
        .definitions
        .iter()
        .filter(|d| !d.label.starts_with('!'))
        .map(|d| (d.span, d.dest.as_str()));
    links.chain(defs)
}

/// Fragments that name an anchor: not empty, not DocFX tabs
/// (`#tab/windows`), text fragments (`#:~:text=`) or line numbers (`#L10`).
fn checkable(f: &str) -> bool {
    !(f.is_empty()
        || f.contains('/')
        || f.starts_with(":~:")
        || f.starts_with('!')
        || (f.starts_with('L') && f[1..].bytes().all(|b| b.is_ascii_digit() || b == b'-')))
}

fn hit(span: Span, dest: &str, fragment: &str, anchors: &Anchors, place: &str) -> Hit {
    let near = anchors.nearest(fragment);
    let mut help = "link to an existing heading, or add `{#id}` to the heading".to_string();
    if let Some(n) = near.first() {
        help = format!("did you mean `#{n}`?");
    }
    Hit::new(
        span,
        format!("no anchor `#{fragment}` {place} (link `{}`)", dest.trim()),
    )
    .help(help)
    .suggestions(near.into_iter().map(|n| format!("#{n}")).collect())
}
