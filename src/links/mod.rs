//! Where links lead: a destination read as a target (a file beside the
//! page, a page of the site, an anchor, a web address), the anchors a page
//! offers, and the files on disk that targets are looked up in.
//!
//! Rules decide what is broken; this module only answers questions.

pub mod anchors;
pub mod disk;
pub mod external;

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

/// Link settings from the config's `links:` section.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The folder that site-root links (`/help/…`) resolve against;
    /// without one they are not checked.
    pub site_root: Option<PathBuf>,
    /// The URL path the site root is published under (`/cpp/`): only
    /// site-root links under it are checked, with it taken off.
    pub site_path: Option<String>,
    /// `check-external`: check this page's web links over the network
    /// (what `--check-external` does for every page).
    pub check_external: bool,
    /// `external:`: which web links are checked, and how.
    pub external: external::Settings,
}

/// Where a page's links lead, as link checks read them: inline links
/// (with autolinks when `autolinks`) and reference definitions (links by
/// reference are checked at their definition). `* [!UICONTROL x]: *2*`
/// parses as a definition; it is Experience League markup, left out.
pub fn destinations(
    doc: &crate::document::Document,
    autolinks: bool,
) -> impl Iterator<Item = (crate::span::Span, &str)> {
    use crate::document::LinkKind;
    let links = doc
        .links
        .iter()
        .filter(move |l| l.kind == LinkKind::Inline || (autolinks && l.kind == LinkKind::Autolink))
        .map(|l| (l.span, l.dest.as_str()));
    let defs = doc
        .definitions
        .iter()
        .filter(|d| !d.label.starts_with('!'))
        .map(|d| (d.span, d.dest.as_str()));
    links.chain(defs)
}

/// What a link destination points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target<'a> {
    /// `#fragment` on the same page.
    Fragment(Cow<'a, str>),
    /// A path relative to the page, with its fragment.
    Relative {
        path: Cow<'a, str>,
        fragment: Option<Cow<'a, str>>,
    },
    /// A path from the site root (`/help/…`), with its fragment.
    SiteRoot {
        path: Cow<'a, str>,
        fragment: Option<Cow<'a, str>>,
    },
    /// An `http(s)` address.
    Web(&'a str),
    /// Anything else: `mailto:`, `xref:`, templates, `~/`…
    Other,
}

impl<'a> Target<'a> {
    /// Read a destination as written in a link (already unescaped by the
    /// Markdown parser).
    pub fn parse(dest: &'a str) -> Target<'a> {
        let dest = dest.trim();
        if dest.is_empty() {
            return Target::Other;
        }
        if let Some(f) = dest.strip_prefix('#') {
            return Target::Fragment(decode(f));
        }
        if has_scheme(dest) {
            let lower = dest.get(..8).unwrap_or(dest).to_ascii_lowercase();
            return if lower.starts_with("http://") || lower.starts_with("https://") {
                Target::Web(dest)
            } else {
                Target::Other
            };
        }
        // Generated, templated or tool-specific destinations: `//host`,
        // `~/` (DocFX), `{{ var }}`, `{% link %}`, `$(var)`, `<…>`.
        if dest.starts_with("//")
            || dest.starts_with('~')
            || dest.contains("{{")
            || dest.contains("{%")
            || dest.contains("$(")
            || dest.contains('<')
        {
            return Target::Other;
        }
        let (rest, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(decode(f))),
            None => (dest, None),
        };
        let rest = rest.split_once('?').map_or(rest, |(p, _)| p);
        // `..\\build\\a.md`: DocFX and Windows hosts read backslashes as
        // separators.
        let mut path = decode(rest);
        if path.contains('\\') {
            path = Cow::Owned(path.replace('\\', "/"));
        }
        if path.is_empty() {
            // `?view=x#s`: the same page.
            return fragment.map_or(Target::Other, Target::Fragment);
        }
        if path.starts_with('/') {
            let path = match path {
                Cow::Borrowed(p) => Cow::Borrowed(&p[1..]),
                Cow::Owned(p) => Cow::Owned(p[1..].to_string()),
            };
            Target::SiteRoot { path, fragment }
        } else {
            Target::Relative { path, fragment }
        }
    }
}

/// `scheme:` as RFC 3986 spells it, two letters or more (so that `C:\`
/// is a path).
fn has_scheme(s: &str) -> bool {
    let Some(colon) = s.find(':') else {
        return false;
    };
    let scheme = &s[..colon];
    scheme.len() >= 2
        && scheme.as_bytes()[0].is_ascii_alphabetic()
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// Percent-decoding; sequences that are not valid UTF-8 stay as written.
pub fn decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).map_or(Cow::Borrowed(s), Cow::Owned)
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// `path` with `.` and `..` taken out without touching the disk; `..`
/// that climbs above the start is kept.
pub fn normalize(path: &Path) -> PathBuf {
    // Most paths are UTF-8 with `/` between names: one pass over the text.
    #[cfg(unix)]
    if let Some(s) = path.to_str() {
        return PathBuf::from(normalize_str(s));
    }
    normalize_components(path)
}

/// [`normalize`] by the path's components, for any platform.
fn normalize_components(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            _ => out.push(c),
        }
    }
    out.iter().collect()
}

/// [`normalize`] for a Unix path as text.
#[cfg(unix)]
fn normalize_str(s: &str) -> String {
    let absolute = s.starts_with('/');
    let mut parts: Vec<&str> = Vec::with_capacity(16);
    for name in s.split('/') {
        match name {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&p) if p != ".." => {
                    parts.pop();
                }
                _ if absolute => {}
                _ => parts.push(".."),
            },
            _ => parts.push(name),
        }
    }
    let mut out = String::with_capacity(s.len());
    if absolute {
        out.push('/');
    }
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(p);
    }
    out
}

/// The file a relative or site-root target names, as a path the disk
/// understands, or None when the site root is not configured or the link
/// is outside the site path.
pub fn resolve(page: &Path, target: &Target<'_>, settings: &Settings) -> Option<PathBuf> {
    match target {
        Target::Relative { path, .. } => {
            let dir = page.parent().unwrap_or(Path::new(""));
            #[cfg(unix)]
            if let Some(d) = dir.to_str() {
                let joined = if d.is_empty() {
                    normalize_str(path)
                } else {
                    normalize_str(&format!("{d}/{path}"))
                };
                return Some(PathBuf::from(joined));
            }
            Some(normalize(&dir.join(&**path)))
        }
        Target::SiteRoot { path, .. } => {
            let root = settings.site_root.as_ref()?;
            let path = match settings.site_path.as_deref() {
                Some(prefix) => {
                    let prefix = prefix.trim_matches('/');
                    if prefix.is_empty() {
                        &**path
                    } else {
                        let rest = path.strip_prefix(prefix)?;
                        if !(rest.is_empty() || rest.starts_with('/')) {
                            return None;
                        }
                        rest.trim_start_matches('/')
                    }
                }
                None => &**path,
            };
            Some(normalize(&root.join(path)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations() {
        fn rel(p: &'static str, f: Option<&'static str>) -> Target<'static> {
            Target::Relative {
                path: p.into(),
                fragment: f.map(Into::into),
            }
        }
        assert_eq!(Target::parse("#intro"), Target::Fragment("intro".into()));
        assert_eq!(Target::parse("a%20b.md#x%20y"), rel("a b.md", Some("x y")));
        assert_eq!(Target::parse("./a.md?view=1#s"), rel("./a.md", Some("s")));
        assert_eq!(Target::parse("?tabs=win#s"), Target::Fragment("s".into()));
        assert_eq!(Target::parse("C:\\x.md"), rel("C:/x.md", None));
        assert_eq!(Target::parse("..\\a\\b.md"), rel("../a/b.md", None));
        assert_eq!(
            Target::parse("/help/a.md"),
            Target::SiteRoot {
                path: "help/a.md".into(),
                fragment: None
            }
        );
        assert_eq!(Target::parse("HTTPS://x.org"), Target::Web("HTTPS://x.org"));
        for other in [
            "mailto:a@b.c",
            "xref:System.String",
            "//cdn.example.com/x.js",
            "~/includes/a.md",
            "{{ site.url }}/a",
            "",
        ] {
            assert_eq!(Target::parse(other), Target::Other, "{other}");
        }
    }

    #[test]
    fn decoding_keeps_what_is_not_an_escape() {
        assert_eq!(decode("a%2Fb%zz%"), "a/b%zz%");
        assert_eq!(decode("%E2%9C%93"), "✓");
        assert_eq!(decode("%FF"), "%FF");
    }

    #[test]
    fn normalizing() {
        assert_eq!(normalize(Path::new("a/./b/../c.md")), Path::new("a/c.md"));
        assert_eq!(normalize(Path::new("../a/../../b")), Path::new("../../b"));
        assert_eq!(normalize(Path::new("a/b/")), Path::new("a/b"));
        // The text fast path agrees with the component walk.
        for p in [
            "",
            ".",
            "./a",
            "a//b",
            "/a/../../b",
            "/",
            "..",
            "../..",
            "a/..",
            "a/../..",
            "./../a/./b/",
            "/x/./y/../z.md",
            "docs/a b/../c%20d.md",
        ] {
            let slow = normalize_components(Path::new(p));
            assert_eq!(PathBuf::from(normalize_str(p)), slow, "{p:?}");
        }
        let page = Path::new("a.md");
        assert_eq!(
            resolve(page, &Target::parse("b/../c.md"), &Settings::default()),
            Some(PathBuf::from("c.md"))
        );
    }

    #[test]
    fn site_root_links() {
        let s = Settings {
            site_root: Some("docs".into()),
            site_path: Some("/cpp/".into()),
            ..Settings::default()
        };
        let t = |d| resolve(Path::new("docs/a/b.md"), &Target::parse(d), &s);
        assert_eq!(t("/cpp/build/x"), Some("docs/build/x".into()));
        assert_eq!(t("/cpp"), Some("docs".into()));
        assert_eq!(t("/dotnet/x"), None);
        assert_eq!(t("/cppx/x"), None);
        assert_eq!(
            resolve(
                Path::new("a.md"),
                &Target::parse("/x"),
                &Settings::default()
            ),
            None
        );
    }
}
