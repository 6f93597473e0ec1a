//! YAML front matter, detected at byte 0 only (pulldown-cmark's own option
//! would also take a `---` thematic break mid-page for metadata) and parsed
//! with serde-saphyr, keeping the byte span of every string value so that
//! `description: TBD` is reported on its value.

use serde_saphyr::Spanned;

use super::text::Text;
use crate::span::Span;
use crate::yaml::{self, Node};

/// The front matter block of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    /// From the opening `---` through the closing delimiter line.
    pub span: Span,
    /// The YAML between the delimiters.
    pub body: Span,
    /// Every string value, with its dotted key path (`title`, `tags[1]`).
    pub values: Vec<FrontMatterValue>,
    /// A YAML syntax error, with the span it points at.
    pub error: Option<(Span, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterValue {
    pub key: String,
    /// The value as YAML reads it, mapped to the source.
    pub text: Text,
    /// The scalar as written, quotes included.
    pub span: Span,
}

/// Find front matter at the very start of `source` (after `bom` bytes).
/// Returns the delimiters' extent; the caller parses the body.
/// YAML between `---` lines, or TOML between `+++` lines (Hugo).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
}

pub fn detect(source: &str, bom: usize) -> Option<(Span, Span, Format)> {
    let rest = &source[bom..];
    let first_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    let (format, closers): (Format, &[&str]) = match rest[..first_end].trim_end() {
        "---" => (Format::Yaml, &["---", "..."]),
        "+++" => (Format::Toml, &["+++"]),
        _ => return None,
    };
    let body_start = bom + first_end;
    let mut at = body_start;
    while at < source.len() {
        let line_end = source[at..].find('\n').map_or(source.len(), |i| at + i + 1);
        let line = source[at..line_end].trim_end();
        if closers.contains(&line) {
            return Some((Span::new(bom, line_end), Span::new(body_start, at), format));
        }
        at = line_end;
    }
    None
}

/// A page that opens with `---` and a `key:` line but never closes the
/// block: most likely front matter missing its closing delimiter.
pub fn unclosed(source: &str, bom: usize) -> Option<FrontMatter> {
    let rest = &source[bom..];
    let first_end = rest.find('\n')? + 1;
    if rest[..first_end].trim_end() != "---" {
        return None;
    }
    let second = rest[first_end..].lines().next()?;
    let key_len = second
        .bytes()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.'))
        .count();
    if key_len == 0 || !second[key_len..].trim_start().starts_with(':') {
        return None;
    }
    let delim = Span::new(bom, bom + 3);
    Some(FrontMatter {
        span: delim,
        body: Span::new(bom + first_end, bom + first_end),
        values: Vec::new(),
        error: Some((
            delim,
            "front matter is not closed: no `---` line ends it".to_string(),
        )),
    })
}

pub fn parse(source: &str, span: Span, body: Span, format: Format) -> FrontMatter {
    let yaml = &source[body.range()];
    let mut fm = FrontMatter {
        span,
        body,
        values: Vec::new(),
        error: None,
    };
    if yaml.trim().is_empty() {
        return fm;
    }
    if format == Format::Toml {
        fm.values = line_values(source, body, '=');
        return fm;
    }
    match yaml::parse(yaml) {
        Ok(root) => flatten(
            &root,
            String::new(),
            body.start as usize,
            source,
            &mut fm.values,
        ),
        Err(e) => {
            let at = e.location().map_or(0, |l| {
                let span = l.span();
                match span.byte_offset() {
                    Some(b) => b as usize,
                    // Errors carry character offsets only.
                    None => yaml
                        .char_indices()
                        .nth(span.offset() as usize)
                        .map_or(yaml.len(), |(i, _)| i),
                }
            });
            let at = at.min(yaml.len());
            let mut end = at;
            while end < yaml.len() && !matches!(yaml.as_bytes()[end], b'\n' | b'\r') {
                end += 1;
            }
            let start = body.start as usize + at;
            let end = (body.start as usize + end).max(start);
            fm.error = Some((Span::new(start, end), crate::error::yaml_message(&e)));
            // Rules still read the values of broken front matter, line by line.
            fm.values = line_values(source, body, ':');
        }
    }
    fm
}

/// Top-level `key: value` (or `key = "value"`) lines, read without a YAML
/// parser: for TOML front matter and for YAML too broken to parse.
fn line_values(source: &str, body: Span, sep: char) -> Vec<FrontMatterValue> {
    let mut out = Vec::new();
    let mut at = body.start as usize;
    for line in source[body.range()].split_inclusive('\n') {
        let start = at;
        at += line.len();
        let l = line.trim_end();
        if l.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let Some(i) = l.find(sep) else { continue };
        let key = l[..i].trim();
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
        {
            continue;
        }
        let raw = &l[i + 1..];
        let lead = raw.len() - raw.trim_start().len();
        let mut v = raw.trim();
        let mut off = start + i + 1 + lead;
        for q in ['"', '\''] {
            if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
                v = &v[1..v.len() - 1];
                off += 1;
            }
        }
        if v.is_empty() || v.starts_with(['[', '{', '|', '>']) && v.len() == 1 {
            continue;
        }
        let span = Span::new(off, off + v.len());
        out.push(FrontMatterValue {
            key: key.to_string(),
            text: Text::verbatim(source, span),
            span,
        });
    }
    out
}

fn flatten(
    node: &Spanned<Node>,
    key: String,
    base: usize,
    source: &str,
    out: &mut Vec<FrontMatterValue>,
) {
    match &node.value {
        Node::Str(s) => {
            let sp = node.referenced.span();
            if let (Some(off), Some(len)) = (sp.byte_offset(), sp.byte_len()) {
                let span = Span::new(base + off as usize, base + (off + len) as usize);
                if span.end as usize <= source.len() {
                    out.push(FrontMatterValue {
                        key,
                        text: value_text(source, span, s),
                        span,
                    });
                }
            }
        }
        Node::Map(entries) => {
            for (k, v) in entries {
                let path = if key.is_empty() {
                    k.value.clone()
                } else {
                    format!("{key}.{}", k.value)
                };
                flatten(v, path, base, source, out);
            }
        }
        Node::Seq(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(v, format!("{key}[{i}]"), base, source, out);
            }
        }
        Node::Bool(_) | Node::Int(_) | Node::Float(_) | Node::Null => {}
    }
}

/// The value's text, verbatim where the source holds it as is (plain or
/// simply quoted), else mapped to the whole scalar.
fn value_text(source: &str, span: Span, value: &str) -> Text {
    let raw = &source[span.range()];
    let mut t = Text::default();
    if let Some(i) = raw.find(value).filter(|_| !value.is_empty()) {
        t.push_verbatim(value, span.start as usize + i);
    } else {
        t.push_mapped(value, span.range());
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(src: &str) -> FrontMatter {
        let (span, body, format) = detect(src, 0).expect("front matter");
        parse(src, span, body, format)
    }

    #[test]
    fn values_keep_their_spans() {
        let src = "---\ntitle: Hello\ndescription: 'TBD'\ntags: [a, b]\nn: 5\n---\n# x\n";
        let f = fm(src);
        let got: Vec<_> = f
            .values
            .iter()
            .map(|v| (v.key.as_str(), v.text.as_str(), &src[v.span.range()]))
            .collect();
        assert_eq!(
            got,
            [
                ("title", "Hello", "Hello"),
                ("description", "TBD", "'TBD'"),
                ("tags[0]", "a", "a"),
                ("tags[1]", "b", "b"),
            ]
        );
        assert_eq!(
            &src[f.span.range()],
            "---\ntitle: Hello\ndescription: 'TBD'\ntags: [a, b]\nn: 5\n---\n"
        );
    }

    #[test]
    fn complex_keys_and_yaml_1_1_words_are_fine() {
        let f = fm("---\naliases:\n  - ?\n  - where\nn: no\n---\n");
        assert!(f.error.is_none(), "{:?}", f.error);
        let v: Vec<_> = f
            .values
            .iter()
            .map(|v| (v.key.as_str(), v.text.as_str()))
            .collect();
        assert_eq!(v, [("aliases[1]", "where"), ("n", "no")]);
    }

    #[test]
    fn only_at_byte_zero() {
        assert!(detect("# Title\n\n---\nfoo: bar\n---\n", 0).is_none());
        assert!(detect("---\nno end\n", 0).is_none());
        assert!(detect("\u{feff}---\na: b\n---\n", 3).is_some());
    }

    #[test]
    fn broken_yaml_and_toml_still_give_values() {
        let src = "---\ntitle: Patch: the store is broken XXX\ndescription: \"TBD\"\n---\n";
        let f = fm(src);
        assert!(f.error.is_some());
        let v: Vec<_> = f
            .values
            .iter()
            .map(|v| (v.key.as_str(), &src[v.span.range()]))
            .collect();
        assert_eq!(
            v,
            [
                ("title", "Patch: the store is broken XXX"),
                ("description", "TBD")
            ]
        );
        let src = "+++\ntitle = \"Async\"\ndraft = true\n+++\n# Async\n";
        let f = fm(src);
        let v: Vec<_> = f
            .values
            .iter()
            .map(|v| (v.key.as_str(), v.text.as_str()))
            .collect();
        assert_eq!(v, [("title", "Async"), ("draft", "true")]);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let f = unclosed("---\ntitle: x\n\n# Head\n", 0).expect("unclosed");
        assert!(f.error.is_some());
        assert!(unclosed("---\n\nText after a break\n", 0).is_none());
    }

    #[test]
    fn syntax_errors_have_a_span() {
        let src = "---\ntitle: foo: bar\n---\n";
        let f = fm(src);
        let (span, msg) = f.error.expect("error");
        assert_eq!(span.start, 4 + 10);
        assert!(msg.contains("mapping values"), "{msg}");
    }
}
