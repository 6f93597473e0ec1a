//! A `#fragment` that names no anchor, on the same page or on the page a
//! link leads to.
//!
//! Anchors are explicit heading ids, heading slugs (GitHub's, and the
//! squeezed forms other renderers make, duplicates numbered `-1`, `-2`),
//! HTML `id`/`name` attributes and attribute lists, with the headings of
//! included pages. Each page finds the pages its links lead to in the
//! run's listing of the disk; anchors are compared at the end of the run:
//! a page that links within itself keeps the anchors of its parsed
//! Document (it is often a target too); other target pages are read once,
//! in parallel, with a line scan for headings, whether or not the run
//! lints them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Context, Lesson, Rule, StaticMeta};
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

/// A fragment link to another page that exists.
struct Out {
    span: Span,
    dest: String,
    /// The Markdown page the link opens (a folder's index page).
    target: PathBuf,
    fragment: String,
}

impl Rule for BrokenAnchor {
    crate::rule_meta!(META);

    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<Hit>) {}

    fn learn(&self, cx: &Context<'_>) -> Option<Lesson> {
        let mut outs = Vec::new();
        let mut same = Vec::new();
        for (span, dest) in crate::links::destinations(cx.doc, false) {
            let target = Target::parse(dest);
            if let Target::Fragment(f) = &target {
                if checkable(f) {
                    same.push((span, dest.to_string(), f.to_string()));
                }
                continue;
            }
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
            // A missing file is broken-link's finding.
            let disk = &cx.run.disk;
            let site = matches!(target, Target::SiteRoot { .. });
            let Some(target) = disk
                .find(&path, site)
                .and_then(|(found, kind)| disk.page(&found, kind))
            else {
                continue;
            };
            outs.push(Out {
                span,
                dest: dest.to_string(),
                fragment: f.to_string(),
                target,
            });
        }
        if outs.is_empty() && same.is_empty() {
            return None;
        }
        // A page that links within itself is often a link target too:
        // its anchors, read from the parsed page, serve both.
        let own = (!same.is_empty()).then(|| Anchors::of(cx.doc));
        // Most fragments are found on the page itself; the rest wait for
        // the anchors of included pages.
        if let Some(own) = &own {
            same.retain(|(_, _, f)| !own.contains(f));
        }
        // Included pages count only with the page's own anchors (pages
        // read from disk find their includes themselves).
        let includes = match own {
            Some(_) => crate::links::disk::includes(cx.path, cx.doc.source(), 1),
            None => Vec::new(),
        };
        Some(Box::new(Learned {
            page: crate::links::normalize(cx.path),
            own,
            includes,
            same,
            outs,
        }))
    }

    fn finish(
        &self,
        lessons: &[(usize, &Lesson)],
        _run: &super::Run,
        hits: &mut Vec<(usize, Hit)>,
    ) {
        let learned: Vec<(usize, &Learned)> = lessons
            .iter()
            .filter_map(|(p, l)| l.downcast_ref::<Learned>().map(|l| (*p, l)))
            .collect();
        // The anchors of pages the run parsed, with their includes.
        let known: HashMap<&Path, &Learned> = learned
            .iter()
            .filter(|(_, l)| l.own.is_some())
            .map(|(_, l)| (l.page.as_path(), *l))
            .collect();
        let wanted = || {
            learned
                .iter()
                .flat_map(|(p, l)| l.outs.iter().map(|o| (*p, o)))
        };
        // Pages to read: targets the run did not parse, and the pages
        // included by those it did.
        let mut pages: Vec<&Path> = wanted()
            .map(|(_, o)| o.target.as_path())
            .filter(|p| !known.contains_key(p))
            .chain(
                learned
                    .iter()
                    .filter(|(_, l)| l.own.is_some())
                    .flat_map(|(_, l)| l.includes.iter().map(|(p, _)| p.as_path())),
            )
            .collect();
        pages.sort_unstable();
        pages.dedup();
        let read: HashMap<&Path, Anchors> = pages
            .par_iter()
            .filter_map(|p| Disk::anchors(p).map(|a| (*p, a)))
            .collect();
        // Whether a page has the anchor, its included pages counted.
        let has = |page: &Path, fragment: &str| -> Option<bool> {
            if let Some(l) = known.get(page) {
                let own = l.own.as_ref()?;
                return Some(
                    own.contains(fragment)
                        || l.includes.iter().any(|(p, _)| {
                            read.get(p.as_path()).is_some_and(|a| a.contains(fragment))
                        }),
                );
            }
            read.get(page).map(|a| a.contains(fragment))
        };
        let anchors_of = |page: &Path| -> Option<&Anchors> {
            known
                .get(page)
                .and_then(|l| l.own.as_ref())
                .or_else(|| read.get(page))
        };
        for &(page, l) in &learned {
            for (span, dest, f) in &l.same {
                if has(&l.page, f) == Some(false) {
                    let a = anchors_of(&l.page).expect("pages with own links keep anchors");
                    hits.push((page, hit(*span, dest, f, a, "on this page")));
                }
            }
        }
        for (page, o) in wanted() {
            if has(&o.target, &o.fragment) == Some(false)
                && let Some(a) = anchors_of(&o.target)
            {
                let place = format!("in `{}`", o.target.display());
                hits.push((page, hit(o.span, &o.dest, &o.fragment, a, &place)));
            }
        }
    }
}

/// What a page leaves for the end of the run.
struct Learned {
    /// Normalized, as targets are.
    page: PathBuf,
    /// Its anchors, when it links within itself.
    own: Option<Anchors>,
    /// The pages it includes.
    includes: Vec<(PathBuf, u32)>,
    /// `#fragment` links: span, destination, fragment.
    same: Vec<(Span, String, String)>,
    outs: Vec<Out>,
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
