//! Site markup and URLs inside prose. The big documentation sites extend
//! Markdown with their own syntax (Experience League `[!DNL …]`,
//! `[!UICONTROL …]`, `{{$include …}}`, `{{site.data…}}`, `{width="600"}`;
//! Microsoft Learn `:::image …:::`, `[!INCLUDE …]`; Hugo and mdBook
//! `{{< … >}}`, `{{#include …}}`). None of it is prose a reader sees as
//! written, so the Document masks it once and no rule has to know it.
//!
//! Words that the markup only wraps (`[!DNL Adobe Commerce]`,
//! `[!UICONTROL Save]`) stay prose: only the markers are masked.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

static WWW: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"www."));

static URL: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::regex(
        r"(?i)\b(?:(?:https?|ftp|file)://|mailto:|www\.)[^\s<>\x{FFFC}]+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b",
    )
    .expect("valid regex")
});

/// `{#id}`, `{.class}`, `{key=value …}`: attribute lists after headings,
/// images and links.
static ATTRS: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::regex(
        r#"\{:?\s*(?:[#.][\w-]+|[\w:-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s}]+))[^{}\n]*\}"#,
    )
    .expect("valid regex")
});

/// Learn's triple-colon extensions: `:::image type="content" …:::`,
/// `:::moniker range="…"`, `:::zone-end:::`.
static TRIPLE_COLON: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::regex(r":::[\w-]+(?:[^:\n]|:[^:\n]|::[^:\n])*(?::::|$)").expect("valid regex")
});

/// Template words that make `{{ … }}` an expression even when it reads
/// like words (`{{ end }}`, `{{ with foo }}`).
const TEMPLATE_WORDS: &[&str] = &[
    "if", "else", "end", "range", "with", "define", "block", "template", "partial", "include",
    "for", "endfor", "set", "call", "raw", "endraw", "endif", "elif", "macro", "import",
];

/// True when the inside of `{{ … }}` is template syntax rather than an
/// instruction written for a person (`{{Manually Enter Description Here}}`).
pub fn is_template_expression(inner: &str) -> bool {
    let inner = inner.trim();
    let mut words = inner.split_whitespace();
    let Some(first) = words.next() else {
        return true;
    };
    if words.next().is_none() {
        // One token: a variable, `#include`, `$include`, `site.data…`.
        return true;
    }
    if TEMPLATE_WORDS.contains(&first.to_ascii_lowercase().as_str()) {
        return true;
    }
    !inner.split_whitespace().all(|w| {
        w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '-' | ',' | ':'))
    })
}

/// Byte ranges of `text` that are markup or URLs, sorted and disjoint.
pub fn markup_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // One pass over the bytes says which kinds of markup can be present;
    // most blocks have none and cost only this scan.
    let b = text.as_bytes();
    let (mut bang, mut bracket_bang, mut brace, mut double_brace, mut colons, mut url) =
        (false, false, false, false, false, false);
    for i in memchr::memchr3_iter(b'!', b'{', b':', b) {
        let next = b.get(i + 1).copied();
        match b[i] {
            b'!' => {
                bang = true;
                bracket_bang |= i > 0 && b[i - 1] == b'[';
            }
            b'{' => {
                brace = true;
                double_brace |= matches!(next, Some(b'{' | b'%'));
            }
            _ => {
                colons |= b[i..].starts_with(b":::");
                url |= b[i..].starts_with(b"://") || b[..i].ends_with(b"mailto");
            }
        }
    }
    url |= memchr::memchr(b'@', b).is_some() || WWW.find(b).is_some();
    if bracket_bang {
        bracket_directives(text, &mut out);
    }
    if bang {
        bare_directive(text, &mut out);
    }
    if double_brace {
        templates(text, &mut out);
    }
    if brace {
        out.extend(ATTRS.find_iter(text).map(|m| m.range()));
    }
    if colons {
        out.extend(TRIPLE_COLON.find_iter(text).map(|m| m.range()));
    }
    if url {
        for m in URL.find_iter(text) {
            out.push(trim_url(text, m.range()));
        }
    }
    normalize(out)
}

/// `[!DNL words]` and `[!UICONTROL words]`: mask `[!DNL ` and `]`.
/// `[!NOTE]`, `[!BEGINSHADEBOX]`: mask the whole marker.
/// `[!div class="…"]`, `[!code-cpp[…](…)]`, `[!INCLUDE[…](…)]`: mask the
/// whole directive except a link text inside it.
fn bracket_directives(text: &str, out: &mut Vec<Range<usize>>) {
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(off) = memchr::memmem::find(&b[from..], b"[!") {
        let start = from + off;
        let name_start = start + 2;
        let name_len = b[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-'))
            .count();
        from = name_start;
        if name_len == 0 || !b[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = &text[name_start..name_start + name_len];
        let mut head_end = name_start + name_len;
        let upper = name.bytes().all(|c| !c.is_ascii_lowercase());
        if upper {
            while head_end < b.len() && b[head_end] == b' ' {
                head_end += 1;
            }
            match close_bracket(b, head_end) {
                Some(close) if close == head_end => {
                    out.push(start..close + 1);
                    from = close + 1;
                }
                Some(close) => {
                    out.push(start..head_end);
                    out.push(close..close + 1);
                    from = head_end;
                }
                None => {
                    out.push(start..head_end);
                    from = head_end;
                }
            }
        } else {
            // Lower-case directives carry arguments, not prose.
            let end = close_bracket(b, head_end).map_or(b.len(), |c| c + 1);
            out.push(start..end);
            from = end;
        }
    }
}

/// `!VIDEO` or `!DNL Foo` as the whole text of a link
/// (`>[!VIDEO](https://…)`, `[[!DNL Foo]](…)` where the parser ate the brackets).
fn bare_directive(text: &str, out: &mut Vec<Range<usize>>) {
    let b = text.as_bytes();
    for (i, _) in text.match_indices('!') {
        let before_ok = i == 0 || matches!(b[i - 1], b' ' | b'\n' | b'(' | b'>');
        if !before_ok {
            continue;
        }
        let n = b[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_uppercase() || **c == b'_')
            .count();
        let after = b.get(i + 1 + n).copied();
        if n >= 3 && matches!(after, None | Some(b' ' | b'\n' | b']' | b')')) {
            let mut end = i + 1 + n;
            if after == Some(b' ') {
                end += 1;
            }
            out.push(i..end);
        }
    }
}

/// `{{ … }}` and `{% … %}` template expressions (not the natural-language
/// `{{Enter a description}}` that template generators leave for writers).
fn templates(text: &str, out: &mut Vec<Range<usize>>) {
    for (open, close) in [("{{", "}}"), ("{%", "%}")] {
        let mut from = 0;
        while let Some(off) = text[from..].find(open) {
            let start = from + off;
            let Some(len) = text[start + 2..].find(close) else {
                break;
            };
            let end = start + 2 + len + 2;
            let inner = &text[start + 2..end - 2];
            if open == "{%" || is_template_expression(inner.trim_matches(['<', '>', '%', ' '])) {
                out.push(start..end);
            }
            from = end;
        }
    }
}

fn close_bracket(b: &[u8], from: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &c) in b.iter().enumerate().skip(from) {
        match c {
            b'[' => depth += 1,
            b']' if depth == 0 => return Some(i),
            b']' => depth -= 1,
            b'\n' if b.get(i + 1) == Some(&b'\n') => return None,
            _ => {}
        }
    }
    None
}

/// Trailing punctuation is prose, not part of the URL; a closing parenthesis
/// stays when the URL opened one (`https://en.wikipedia.org/wiki/Foo_(bar)`).
fn trim_url(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let mut end = s.len();
    while let Some(c) = s[..end].chars().last() {
        let strip = match c {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '*' | '_' => true,
            ')' => s[..end].matches('(').count() < s[..end].matches(')').count(),
            ']' => true,
            _ => false,
        };
        if !strip {
            break;
        }
        end -= c.len_utf8();
    }
    r.start..r.start + end
}

fn normalize(mut v: Vec<Range<usize>>) -> Vec<Range<usize>> {
    v.retain(|r| !r.is_empty());
    v.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(v.len());
    for r in v {
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str) -> String {
        let mut s = String::new();
        let mut at = 0;
        for r in markup_ranges(text) {
            s.push_str(&text[at..r.start]);
            s.push('#');
            at = r.end;
        }
        s.push_str(&text[at..]);
        s
    }

    #[test]
    fn experience_league_markup() {
        assert_eq!(
            masked("Use [!DNL Adobe Commerce] now"),
            "Use #Adobe Commerce# now"
        );
        assert_eq!(masked("Click [!UICONTROL Save]."), "Click #Save#.");
        assert_eq!(masked("[!NOTE]"), "#");
        assert_eq!(masked("[!BEGINSHADEBOX]"), "#");
        assert_eq!(masked("{{$include /help/_includes/x.md}}"), "#");
        assert_eq!(masked("the {{site.data.var.ee}} edition"), "the # edition");
        assert_eq!(masked("image{width=\"600\" modal=\"regular\"}"), "image#");
        assert_eq!(masked("Title {#custom-id}"), "Title #");
        assert_eq!(masked("!VIDEO"), "#");
    }

    #[test]
    fn learn_hugo_mdbook_markup() {
        assert_eq!(
            masked(":::image type=\"content\" source=\"a.png\" alt-text=\"Shot.\":::"),
            "#"
        );
        assert_eq!(masked("> [!div class=\"nextstepaction\"]"), "> #");
        assert_eq!(masked("{{< ref \"page.md\" >}}"), "#");
        assert_eq!(masked("{{#include ../listings/a.rs}}"), "#");
        assert_eq!(masked("{% include note.html %}"), "#");
    }

    #[test]
    fn natural_language_in_braces_is_kept() {
        let t = "{{Manually Enter Description Here}}";
        assert_eq!(masked(t), t);
        assert!(!is_template_expression("Please enter FwLink manually"));
        assert!(is_template_expression("if .Params.x"));
    }

    #[test]
    fn urls_and_emails() {
        assert_eq!(masked("See https://a.b/c_(d)."), "See #.");
        assert_eq!(masked("Mail me@example.com, or www.x.org"), "Mail #, or #");
        assert_eq!(masked("no !!!ADD IMAGE!!! here"), "no !!!ADD IMAGE!!! here");
    }
}
