//! YAML front matter, detected at byte 0 only (pulldown-cmark's own option
//! would also take a `---` thematic break mid-page for metadata) and parsed
//! with serde-saphyr, keeping the byte span of every string value so that
//! `description: TBD` is reported on its value.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::span::Span;

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
    pub value: String,
    /// The scalar as written, quotes included.
    pub span: Span,
}

/// Find front matter at the very start of `source` (after `bom` bytes).
/// Returns the delimiters' extent; the caller parses the body.
pub fn detect(source: &str, bom: usize) -> Option<(Span, Span)> {
    let rest = &source[bom..];
    let first_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_end].trim_end() != "---" {
        return None;
    }
    let body_start = bom + first_end;
    let mut at = body_start;
    while at < source.len() {
        let line_end = source[at..].find('\n').map_or(source.len(), |i| at + i + 1);
        let line = source[at..line_end].trim_end();
        if line == "---" || line == "..." {
            return Some((Span::new(bom, line_end), Span::new(body_start, at)));
        }
        at = line_end;
    }
    None
}

pub fn parse(source: &str, span: Span, body: Span) -> FrontMatter {
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
    let options = serde_saphyr::options! { with_snippet: false };
    match serde_saphyr::from_str_with_options::<Spanned<Node>>(yaml, options) {
        Ok(root) => flatten(&root, String::new(), body.start as usize, yaml, &mut fm.values),
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
            fm.error = Some((Span::new(start, end), plain_message(&e)));
        }
    }
    fm
}

/// serde-saphyr prefixes messages with `line N column M: `; the line and
/// column are reported separately, from the span.
fn plain_message(e: &serde_saphyr::Error) -> String {
    let msg = e.without_snippet().to_string();
    let mut msg = msg.strip_prefix("error: ").unwrap_or(&msg);
    if msg.starts_with("line ") {
        if let Some(i) = msg.find(": ") {
            msg = &msg[i + 2..];
        }
    }
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// A YAML node with just what rules need: strings and structure.
#[derive(Debug)]
pub(crate) enum Node {
    Str(String),
    Map(Vec<(String, Spanned<Node>)>),
    Seq(Vec<Spanned<Node>>),
    Other,
}

fn flatten(
    node: &Spanned<Node>,
    key: String,
    base: usize,
    yaml: &str,
    out: &mut Vec<FrontMatterValue>,
) {
    match &node.value {
        Node::Str(s) => {
            let sp = node.referenced.span();
            if let (Some(off), Some(len)) = (sp.byte_offset(), sp.byte_len()) {
                let (off, len) = (off as usize, len as usize);
                if off + len <= yaml.len() {
                    out.push(FrontMatterValue {
                        key,
                        value: s.clone(),
                        span: Span::new(base + off, base + off + len),
                    });
                }
            }
        }
        Node::Map(entries) => {
            for (k, v) in entries {
                let path = if key.is_empty() {
                    k.clone()
                } else {
                    format!("{key}.{k}")
                };
                flatten(v, path, base, yaml, out);
            }
        }
        Node::Seq(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(v, format!("{key}[{i}]"), base, yaml, out);
            }
        }
        Node::Other => {}
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Node, E> {
        Ok(Node::Other)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Node, E> {
        Ok(Node::Other)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Node, E> {
        Ok(Node::Other)
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Node, E> {
        Ok(Node::Other)
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Node, E> {
        Ok(Node::Other)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node, E> {
        Ok(Node::Other)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Other)
    }
    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Other)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Node, A::Error> {
        let mut v = Vec::new();
        while let Some(k) = m.next_key::<Key>()? {
            v.push((k.0, m.next_value::<Spanned<Node>>()?));
        }
        Ok(Node::Map(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Node, A::Error> {
        let mut v = Vec::new();
        while let Some(x) = s.next_element::<Spanned<Node>>()? {
            v.push(x);
        }
        Ok(Node::Seq(v))
    }
}

/// A mapping key of any scalar type, as text.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Key, E> {
                Ok(Key(String::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Key, A::Error> {
                while m.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
                Ok(Key(String::new()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Key, A::Error> {
                while s.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(Key(String::new()))
            }
        }
        d.deserialize_string(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(src: &str) -> FrontMatter {
        let (span, body) = detect(src, 0).expect("front matter");
        parse(src, span, body)
    }

    #[test]
    fn values_keep_their_spans() {
        let src = "---\ntitle: Hello\ndescription: 'TBD'\ntags: [a, b]\nn: 5\n---\n# x\n";
        let f = fm(src);
        let got: Vec<_> = f
            .values
            .iter()
            .map(|v| (v.key.as_str(), v.value.as_str(), &src[v.span.range()]))
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
        assert_eq!(&src[f.span.range()], "---\ntitle: Hello\ndescription: 'TBD'\ntags: [a, b]\nn: 5\n---\n");
    }

    #[test]
    fn only_at_byte_zero() {
        assert!(detect("# Title\n\n---\nfoo: bar\n---\n", 0).is_none());
        assert!(detect("---\nno end\n", 0).is_none());
        assert!(detect("\u{feff}---\na: b\n---\n", 3).is_some());
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
