//! The anchors a page offers: explicit heading ids (`{#id}`), heading
//! slugs as renderers make them, and `id`/`name` attributes in HTML and
//! attribute lists (`{#id}`, `{: #id}`) anywhere on the page.
//!
//! Renderers slug headings differently (GitHub keeps every hyphen, Markdig
//! and kramdown squeeze runs and drop leading digits), and readers'
//! browsers forgive case, so a fragment counts when it matches any of
//! them, compared without case. A finding must be worth reading.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use foldhash::fast::FixedState;

use pulldown_cmark::{Event, Parser};
use regex::Regex;

use crate::document::Document;

#[derive(Debug, Clone, Default)]
pub struct Anchors {
    /// Every accepted form, lower case.
    accepted: HashSet<String, FixedState>,
    /// The GitHub form and explicit ids as written, in page order, for
    /// suggestions.
    shown: Vec<String>,
}

/// Experience League markup kept as its text: `[!DNL Adobe]` → `Adobe`.
static EL_MARKUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[!(?:DNL|UICONTROL|BADGE)\s+([^\]]*)\]").expect("valid"));

impl Anchors {
    pub fn of(doc: &Document) -> Anchors {
        let headings = doc
            .headings
            .iter()
            .map(|h| (doc.slice(h.span), h.id.as_deref()));
        Anchors::build(doc.source(), headings)
    }

    /// The anchors of a page not parsed into a Document (a link target
    /// the run does not lint), from a scan of its lines: ATX and setext
    /// headings outside fenced code, in block quotes too. It may see a
    /// heading the parser would not (inside an HTML block, say), which can
    /// only keep a link from being reported.
    pub fn of_source(source: &str) -> Anchors {
        let mut headings: Vec<(&str, Option<&str>)> = Vec::new();
        let mut fence: Option<(u8, usize)> = None;
        let mut previous: Option<&str> = None;
        for line in source.lines() {
            let mut body = line;
            // Block quote markers.
            while let Some(rest) = body.trim_start_matches([' ', '\t']).strip_prefix('>') {
                body = rest;
            }
            let indent = body.len() - body.trim_start_matches(' ').len();
            let t = body.trim_start_matches(' ');
            let marker = t.bytes().next().unwrap_or(0);
            if indent <= 3 && matches!(marker, b'`' | b'~') {
                let n = t.bytes().take_while(|b| *b == marker).count();
                if n >= 3 {
                    match fence {
                        None => fence = Some((marker, n)),
                        Some((m, open)) if m == marker && n >= open && t[n..].trim().is_empty() => {
                            fence = None
                        }
                        _ => {}
                    }
                    previous = None;
                    continue;
                }
            }
            if fence.is_some() {
                continue;
            }
            if indent <= 3 && marker == b'#' {
                let n = t.bytes().take_while(|b| *b == b'#').count();
                if n <= 6 && t[n..].chars().next().is_none_or(|c| c == ' ' || c == '\t') {
                    headings.push((t, explicit_id(t)));
                    previous = None;
                    continue;
                }
            }
            if indent <= 3
                && matches!(marker, b'=' | b'-')
                && t.trim_end().bytes().all(|b| b == marker)
                && let Some(p) = previous
            {
                headings.push((p, explicit_id(p)));
                previous = None;
                continue;
            }
            previous = (!t.trim().is_empty() && indent < 4).then_some(t);
        }
        Anchors::build(source, headings.into_iter())
    }

    /// From each heading's source (markers included) and explicit id, and
    /// the page's HTML ids.
    fn build<'a>(src: &str, headings: impl Iterator<Item = (&'a str, Option<&'a str>)>) -> Anchors {
        let mut a = Anchors::default();
        let mut seen: [HashMap<String, usize, FixedState>; 4] = Default::default();
        for (raw, id) in headings {
            if let Some(id) = id {
                a.add(id.to_string());
            }
            let text = heading_text(raw);
            let github = github_slug(&text);
            let squeezed = squeezed(&github);
            // kramdown and others drop underscores too.
            let plain = squeezed.replace('_', "");
            let mut forms = [github, leading_letters(&squeezed), squeezed, plain];
            // Markdig names a heading with no letters or digits `section`.
            for f in &mut forms[1..] {
                if f.is_empty() {
                    *f = "section".into();
                }
            }
            // All forms are lower case already.
            for (i, (form, seen)) in forms.into_iter().zip(&mut seen).enumerate() {
                // The second heading of a name gets `-1`, the third `-2`.
                let form = match seen.get_mut(&form) {
                    Some(n) => {
                        *n += 1;
                        format!("{form}-{}", *n - 1)
                    }
                    None => {
                        seen.insert(form.clone(), 1);
                        form
                    }
                };
                if i == 0 {
                    a.shown.push(form.clone());
                }
                if !a.accepted.contains(&form) {
                    a.accepted.insert(form);
                }
            }
        }
        for id in html_ids(src) {
            a.add(id.to_string());
        }
        a
    }

    /// Take in the anchors of an included page.
    pub fn merge(&mut self, other: Anchors) {
        self.accepted.extend(other.accepted);
        self.shown.extend(other.shown);
    }

    fn add(&mut self, id: String) {
        self.accepted.insert(id.to_lowercase());
        self.shown.push(id);
    }

    /// Whether `fragment` (percent-decoded) names an anchor of the page;
    /// `#top` always does (browsers scroll to the top).
    pub fn contains(&self, fragment: &str) -> bool {
        if fragment
            .bytes()
            .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
        {
            return fragment == "top" || self.accepted.contains(fragment);
        }
        let f = fragment.to_lowercase();
        f == "top" || self.accepted.contains(&f)
    }

    /// Anchors one edit away from `fragment`, or equal to it once hyphens
    /// and underscores are set aside.
    pub fn nearest(&self, fragment: &str) -> Vec<String> {
        let want = fragment.to_lowercase();
        let bare = |s: &str| -> String {
            s.chars()
                .filter(|c| !matches!(c, '-' | '_'))
                .flat_map(char::to_lowercase)
                .collect()
        };
        let want_bare = bare(&want);
        let mut best: Vec<(usize, &String)> = self
            .shown
            .iter()
            .filter_map(|s| {
                let d = crate::registry::edit_distance(&want, &s.to_lowercase());
                let d = if d > 1 && !want_bare.is_empty() && bare(s) == want_bare {
                    1
                } else {
                    d
                };
                (d <= 1 || (d <= 2 && want.len() >= 12)).then_some((d, s))
            })
            .collect();
        best.sort();
        best.dedup_by(|a, b| a.1 == b.1);
        let min = best.first().map(|b| b.0);
        best.into_iter()
            .filter(|b| Some(b.0) == min)
            .take(3)
            .map(|b| b.1.clone())
            .collect()
    }
}

/// `{#id}` at the end of a heading line.
fn explicit_id(line: &str) -> Option<&str> {
    let t = line.trim_end().trim_end_matches('#').trim_end();
    let inner = t.strip_suffix('}')?;
    let open = inner.rfind('{')?;
    inner[open + 1..]
        .split_whitespace()
        .find_map(|w| w.strip_prefix('#'))
}

/// `id="…"` and `name="…"` inside HTML tags, and `{#id}` / `{: #id}`
/// attribute lists, found with a vectorized search for their markers.
fn html_ids(src: &str) -> Vec<&str> {
    use memchr::memmem;
    let b = src.as_bytes();
    let mut out = Vec::new();
    for marker in ["id", "name", "ID", "NAME", "Id", "Name"] {
        for at in memmem::find_iter(b, marker.as_bytes()) {
            // An attribute: white space before it, `=` after it (spaces
            // around it allowed), inside a tag.
            if !at
                .checked_sub(1)
                .is_some_and(|i| b[i].is_ascii_whitespace())
            {
                continue;
            }
            let after = src[at + marker.len()..].trim_start_matches([' ', '\t']);
            let Some(rest) = after.strip_prefix('=') else {
                continue;
            };
            let rest = rest.trim_start_matches([' ', '\t']);
            let from = at.saturating_sub(2000);
            let Some(lt) = memchr::memrchr(b'<', &b[from..at]).map(|i| from + i) else {
                continue;
            };
            if memchr::memchr(b'>', &b[lt..at]).is_some()
                || !b.get(lt + 1).is_some_and(u8::is_ascii_alphabetic)
            {
                continue;
            }
            let value = match rest.as_bytes().first() {
                Some(q @ (b'"' | b'\'')) => rest[1..]
                    .split(*q as char)
                    .next()
                    .filter(|_| rest[1..].contains(*q as char)),
                Some(_) => rest
                    .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                    .next(),
                None => None,
            };
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                out.push(v);
            }
        }
    }
    let lists = memmem::find_iter(b, b"{#").chain(memmem::find_iter(b, b"{:"));
    for at in lists {
        let rest = &src[at + 1..];
        let rest = rest
            .strip_prefix(':')
            .unwrap_or(rest)
            .trim_start_matches(' ');
        let Some(rest) = rest.strip_prefix('#') else {
            continue;
        };
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':')))
            .unwrap_or(rest.len());
        if end > 0
            && rest[end..]
                .split('\n')
                .next()
                .is_some_and(|l| l.contains('}'))
        {
            out.push(&rest[..end]);
        }
    }
    out
}

/// The text a heading renders to: markers, closing hashes and attributes
/// taken off, inline markup rendered (code kept, emphasis and links
/// reduced to their text, HTML dropped), Experience League markup reduced
/// to its text.
pub fn heading_text(raw: &str) -> String {
    let mut lines = raw.lines();
    let first = lines.next().unwrap_or("");
    let t = first.trim_start();
    let content = if t.starts_with('#') {
        let t = t.trim_start_matches('#');
        let t = strip_attributes(t.trim());
        // A closing sequence of `#` after a space.
        let trimmed = t.trim_end_matches('#');
        if trimmed.len() < t.len() && (trimmed.is_empty() || trimmed.ends_with([' ', '\t'])) {
            trimmed.trim().to_string()
        } else {
            t.trim().to_string()
        }
    } else {
        // Setext: every line but the underline.
        let mut text: Vec<&str> = raw.lines().collect();
        text.pop();
        strip_attributes(text.join(" ").trim()).to_string()
    };
    let special = |b: u8| matches!(b, b'`' | b'*' | b'_' | b'[' | b'<' | b'&' | b'\\' | b'~');
    let plain = if content.bytes().all(|b| !special(b) || b == b'`')
        && content.bytes().filter(|b| *b == b'`').count() % 2 == 0
    {
        // Plain text and code spans (`CWnd::Create`): the code as is.
        content.replace('`', "")
    } else if content.bytes().any(special) {
        let mut out = String::with_capacity(content.len());
        // Image alt text is not part of a heading's text content.
        let mut in_image = 0;
        for e in Parser::new_ext(&content, crate::document::parser_options()) {
            match e {
                Event::Start(pulldown_cmark::Tag::Image { .. }) => in_image += 1,
                Event::End(pulldown_cmark::TagEnd::Image) => in_image -= 1,
                Event::Text(t) | Event::Code(t) if in_image == 0 => out.push_str(&t),
                Event::SoftBreak | Event::HardBreak => out.push(' '),
                _ => {}
            }
        }
        out
    } else {
        content
    };
    if plain.contains("[!") {
        EL_MARKUP.replace_all(&plain, "$1").into_owned()
    } else {
        plain
    }
}

/// A heading without its trailing `{#id .class}` attribute block.
fn strip_attributes(t: &str) -> &str {
    if t.ends_with('}')
        && let Some(open) = t.rfind('{')
    {
        let inner = &t[open + 1..t.len() - 1];
        if inner.trim_start().starts_with(['#', '.', ':']) || inner.contains('=') {
            return t[..open].trim_end();
        }
    }
    t
}

/// GitHub's slug: lower case, letters, digits, `-` and `_` kept, each
/// space a hyphen, everything else dropped.
pub fn github_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let text = text.trim();
    if text.is_ascii() {
        for b in text.bytes() {
            if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
                out.push(b.to_ascii_lowercase() as char);
            } else if b == b' ' {
                out.push('-');
            }
        }
        return out;
    }
    for c in text.chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.extend(c.to_lowercase());
        } else if c == ' ' {
            out.push('-');
        }
    }
    out
}

/// Runs of hyphens squeezed to one, none at either end.
fn squeezed(slug: &str) -> String {
    let mut out = String::with_capacity(slug.len());
    for c in slug.chars() {
        if c == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(c);
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Without what comes before the first letter (kramdown, Markdig).
fn leading_letters(slug: &str) -> String {
    slug.trim_start_matches(|c: char| !c.is_alphabetic())
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchors(md: &str) -> Anchors {
        let a = Anchors::of(&Document::parse(md.to_string()));
        let mut x = Anchors::of_source(md);
        let mut y = a.clone();
        x.shown.sort();
        y.shown.sort();
        assert_eq!(x.shown, y.shown, "both ways read the same anchors");
        a
    }

    #[test]
    fn slugs_as_github_makes_them() {
        assert_eq!(github_slug("Hello, World!"), "hello-world");
        assert_eq!(github_slug("A -- B"), "a----b");
        assert_eq!(github_slug("`__init__` method"), "__init__-method");
        assert_eq!(github_slug("Ünïcode 日本"), "ünïcode-日本");
    }

    #[test]
    fn heading_texts() {
        assert_eq!(
            heading_text("## The `run()` *method* ##"),
            "The run() method"
        );
        assert_eq!(heading_text("# Setup {#set-up}"), "Setup");
        assert_eq!(heading_text("# C# basics"), "C# basics");
        assert_eq!(
            heading_text("# Use [!DNL Adobe Commerce]"),
            "Use Adobe Commerce"
        );
        assert_eq!(heading_text("Title\n====="), "Title");
        assert_eq!(
            heading_text("# See [the guide](a.md) <br/>"),
            "See the guide "
        );
        assert_eq!(heading_text("### ![yes](y.svg) Log first"), " Log first");
    }

    #[test]
    fn every_kind_of_anchor() {
        let b = anchors(
            "## consumers_wait_for_messages\n\n### ![ok](y.svg) Log first\n\n### `$$`\n\n### `$?`\n",
        );
        for f in [
            "consumers_wait_for_messages",
            "consumerswaitformessages",
            "log-first",
            "section",
            "section-1",
        ] {
            assert!(b.contains(f), "{f}");
        }
        let a = anchors(
            "# Intro\n\n## Intro\n\n## Set up {#setup}\n\n## 1. Install -- now\n\n\
             <a name =\"old\"></a>\n\n<div id='box'>x</div>\n\n![img](a.png){#fig .wide}\n",
        );
        for f in [
            "intro",
            "intro-1",
            "Intro",
            "setup",
            "set-up",
            "1-install----now",
            "1-install-now",
            "install-now",
            "old",
            "box",
            "fig",
            "top",
        ] {
            assert!(a.contains(f), "{f}");
        }
        for f in ["intro-2", "install", "wide", "a.png"] {
            assert!(!a.contains(f), "{f}");
        }
        assert_eq!(a.nearest("intr"), ["intro"]);
        assert!(a.nearest("set_up").contains(&"set-up".to_string()));
    }
}
