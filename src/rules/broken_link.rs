//! A relative link or image whose target does not exist.
//!
//! Each page looks its file targets up in the run's listing of the disk
//! (one `read_dir` per folder, shared by all threads), so files the run
//! does not lint still count, and a single file linted alone is checked
//! the same. Only missing targets are kept; the end of the run decides
//! between "missing" and "another case", which depends on the whole site.

use std::path::PathBuf;

use super::{Context, Lesson, Rule, StaticMeta};
use crate::document::LinkKind;
use crate::finding::{Applicability, Category, Edit, Fix, Hit, Severity};
use crate::links::disk::{Disk, Near};
use crate::links::{Target, resolve};
use crate::span::Span;

pub struct BrokenLink;

const META: StaticMeta = StaticMeta {
    id: "broken-link",
    category: Category::Link,
    severity: Severity::Error,
    enabled: true,
    summary: "A relative link, image or reference definition whose target file does not exist",
    why: "Readers who follow the link get a 404; a missing image shows as a broken \
          icon. Targets are looked up in the files on disk (ignored and unlinted files \
          count): `./` and `../` are resolved, escapes like `%20` decoded, query \
          strings ignored, a folder counts, and `page.html` counts when `page.md` \
          exists. Links from the site root (`/help/…`) are checked only when \
          `links.site-root` is configured. When a folder was linted that holds no \
          file of the target's kind at all (no `.png` anywhere: a checkout without \
          its images), such targets are not judged. The finding offers the nearest existing \
          name: another case, `.md` added, or one edit away.",
    flags: &[
        "See [the setup guide](no-such-page-3f9.md).\n",
        "![Diagram](no-such-folder-3f9/diagram.png)\n",
        "See [setup][s].\n\n[s]: ./no-such-page-3f9.md\n",
    ],
    passes: &[
        "See [the parent folder](./) and [home](https://example.com).\n",
        "See [the home page](/help/home.md), with no site root configured.\n",
        "Write to [us](mailto:docs@example.com) or see [the type](xref:System.String).\n",
        "See [the section](#usage).\n",
    ],
    options: &[],
    fixable: true,
};

/// A missing file target of one page.
struct Out {
    span: Span,
    /// The destination as written in the source, when found there.
    dest_span: Option<Span>,
    dest: String,
    path: PathBuf,
    site: bool,
    image: bool,
    definition: bool,
}

struct Learned {
    page: PathBuf,
    out: Vec<Out>,
}

impl Rule for BrokenLink {
    crate::rule_meta!(META);

    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<Hit>) {}

    fn learn(&self, cx: &Context<'_>) -> Option<Lesson> {
        let doc = cx.doc;
        let mut out = Vec::new();
        let inline = doc.links.iter().filter(|l| {
            matches!(
                l.kind,
                LinkKind::Inline | LinkKind::Autolink | LinkKind::Email
            )
        });
        let links = inline.map(|l| (l.span, &l.dest, l.image, false));
        // `* [!UICONTROL Amount]: *2*` parses as a definition; it is markup.
        let defs = doc
            .definitions
            .iter()
            .filter(|d| !d.label.starts_with('!'))
            .map(|d| (d.span, &d.dest, false, true));
        for (span, dest, image, definition) in links.chain(defs) {
            let target = Target::parse(dest);
            let site = matches!(target, Target::SiteRoot { .. });
            let Some(path) = resolve(cx.path, &target, cx.links) else {
                continue;
            };
            if cx.run.disk.find(&path, site).is_some() || !judged(&path, cx.run) {
                continue;
            }
            out.push(Out {
                span,
                dest_span: find_dest(doc.slice(span), dest)
                    .map(|r| Span::new(span.start as usize + r.start, span.start as usize + r.end)),
                dest: dest.clone(),
                path,
                site,
                image,
                definition,
            });
        }
        (!out.is_empty()).then(|| {
            Box::new(Learned {
                page: cx.path.to_path_buf(),
                out,
            }) as Lesson
        })
    }

    fn finish(&self, lessons: &[(usize, &Lesson)], run: &super::Run, hits: &mut Vec<(usize, Hit)>) {
        let disk = &run.disk;
        // Targets that exist only in another case, with the real path.
        let mut cased = Vec::new();
        for &(page, lesson) in lessons {
            let Some(l) = lesson.downcast_ref::<Learned>() else {
                continue;
            };
            for o in &l.out {
                match disk.find_any_case(&o.path, o.site) {
                    Some(real) => cased.push((page, o, real)),
                    None => hits.push((page, hit(disk, &l.page, o))),
                }
            }
        }
        // A site whose pages link in the wrong case again and again was
        // published that way: its server ignores case (Microsoft Learn
        // does). A few such links on a case-sensitive site are mistakes.
        let mut pages: Vec<usize> = cased.iter().map(|c| c.0).collect();
        pages.dedup();
        if pages.len() >= CASE_TOLERANT_PAGES {
            return;
        }
        for (page, o, real) in cased {
            hits.push((page, case_hit(o, &real)));
        }
    }
}

/// Whether a missing file can be told from a partial checkout: a tree
/// the run walked that holds no file of the target's kind at all (docs
/// without their images, Git LFS not pulled, a sparse checkout) cannot say
/// that one is missing.
fn judged(path: &std::path::Path, run: &super::Run) -> bool {
    // Names without an extension are pages, folders or files like
    // `LICENSE`: always judged.
    let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
        return true;
    };
    run.extensions
        .as_ref()
        .is_none_or(|seen| seen.contains(&ext.to_ascii_lowercase()))
}

/// Pages with links that only differ in case from their targets, from
/// which on a run shows a server that ignores case.
const CASE_TOLERANT_PAGES: usize = 3;

fn case_hit(o: &Out, real: &std::path::Path) -> Hit {
    let name = real
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let near = Near {
        parent: None,
        name: name.clone(),
    };
    // A rewrite of the last component is right when only it differs.
    let suggestion = (real.parent() == o.path.parent())
        .then(|| rewrite(&o.dest, &near))
        .flatten();
    let mut h = Hit::new(
        o.span,
        format!(
            "link target `{}` differs in case from the file `{}`",
            o.dest.trim(),
            real.display()
        ),
    )
    .help("web servers and GitHub match names exactly; write the name as the file has it");
    if let Some(s) = suggestion {
        if let Some(at) = o.dest_span {
            h = h.fix(Fix {
                applicability: Applicability::Safe,
                edits: vec![Edit::new(at, s.clone())],
            });
        }
        h = h.suggestions(vec![s]);
    }
    h
}

fn hit(disk: &Disk, page: &std::path::Path, o: &Out) -> Hit {
    let what = if o.image {
        "image"
    } else if o.definition {
        "reference definition"
    } else {
        "link"
    };
    let mut suggestions: Vec<String> = disk
        .nearest(&o.path)
        .iter()
        .filter_map(|n| rewrite(&o.dest, n))
        .collect();
    // `[text](some-heading)`: an anchor written without its `#`.
    let bare = o.dest.trim();
    if suggestions.is_empty()
        && !o.site
        && !bare.contains(['/', '.', '#'])
        && Disk::anchors(page).is_some_and(|a| a.contains(&crate::links::decode(bare)))
    {
        suggestions.push(format!("#{bare}"));
    }
    let mut help = format!("no file or folder at `{}`", o.path.display());
    if let Some(s) = suggestions.first() {
        help.push_str(&format!("; did you mean `{s}`?"));
    }
    let mut h = Hit::new(
        o.span,
        format!("{what} target `{}` does not exist", o.dest.trim()),
    )
    .help(help);
    if let (Some(first), Some(at)) = (suggestions.first(), o.dest_span) {
        h = h.fix(Fix {
            applicability: Applicability::Unsafe,
            edits: vec![Edit::new(at, first.clone())],
        });
    }
    h.suggestions(suggestions)
}

/// Where `dest` is written in the link's source: after the link text, as
/// written (parsed destinations lose their escapes and angle brackets; then
/// there is no edit to offer).
fn find_dest(link: &str, dest: &str) -> Option<std::ops::Range<usize>> {
    if dest.is_empty() {
        return None;
    }
    let from = link
        .rfind("](")
        .map_or_else(|| link.find("]:").map_or(0, |i| i + 2), |i| i + 2);
    let at = link[from..].find(dest)? + from;
    Some(at..at + dest.len())
}

/// `dest` with its last component (and the folder before it, when that
/// was wrong too) replaced by the near name; query and fragment kept.
fn rewrite(dest: &str, near: &Near) -> Option<String> {
    let dest = dest.trim();
    let cut = dest.find(['?', '#']).unwrap_or(dest.len());
    let (path, tail) = dest.split_at(cut);
    let trailing = path.ends_with('/');
    let path = path.trim_end_matches('/');
    let mut parts: Vec<&str> = path.split('/').collect();
    let encode = |s: &str| s.replace(' ', "%20");
    let name = encode(&near.name);
    let parent = near.parent.as_deref().map(encode);
    *parts.last_mut()? = &name;
    if let Some(p) = &parent {
        let n = parts.len();
        if n < 2 {
            return None;
        }
        parts[n - 2] = p;
    }
    let mut s = parts.join("/");
    if trailing {
        s.push('/');
    }
    s.push_str(tail);
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_keep_the_rest() {
        let n = |p: Option<&str>, name: &str| Near {
            parent: p.map(Into::into),
            name: name.into(),
        };
        assert_eq!(
            rewrite("../a/instal.md#x", &n(None, "install.md")).as_deref(),
            Some("../a/install.md#x")
        );
        assert_eq!(
            rewrite("asset/i.png", &n(Some("assets"), "i.png")).as_deref(),
            Some("assets/i.png")
        );
        assert_eq!(
            rewrite("x", &n(None, "my page.md")).as_deref(),
            Some("my%20page.md")
        );
        assert_eq!(rewrite("x", &n(Some("a"), "x")), None);
    }

    #[test]
    fn finds_the_destination_in_the_source() {
        assert_eq!(find_dest("[a](b.md)", "b.md"), Some(4..8));
        assert_eq!(find_dest("[b.md](b.md)", "b.md"), Some(7..11));
        assert_eq!(find_dest("[s]: ./x.md", "./x.md"), Some(5..11));
        assert_eq!(find_dest("[a](<b c.md>)", "b c.md"), Some(5..11));
        assert_eq!(find_dest("[a](b\\_c.md)", "b_c.md"), None);
    }
}
