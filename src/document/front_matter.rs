//! YAML front matter, detected at byte 0 only (pulldown-cmark's own option
//! would also take a `---` thematic break mid-page for metadata) and parsed
//! with serde-saphyr, keeping the byte span of every string value so that
//! `description: TBD` is reported on its value.

use serde_saphyr::Spanned;

use super::text::{Text, TextBuf};
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

/// The syntax error of `source`'s front matter, if it has one that does
/// not parse (or is not closed): where it is and what.
pub fn error(source: &str) -> Option<(Span, String)> {
    let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
    match detect(source, bom) {
        Some((span, body, format)) => parse(source, span, body, format).error,
        None => unclosed(source, bom).and_then(|f| f.error),
    }
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
    if let Some(values) = simple_yaml(source, body) {
        fm.values = values;
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

/// Front matter is nearly always flat `key: value` lines and short lists;
/// parsing that with a full YAML parser was a fifth of a whole run. This
/// reads exactly that subset (plain or simply quoted scalars, block lists
/// of them) and returns `None` at the first thing outside it, which then
/// goes to the YAML parser: nested mappings, block and flow collections,
/// anchors, tags, multi-line scalars, duplicate keys, anything doubtful.
/// Like the parser, it records strings only (not numbers or booleans).
fn simple_yaml(source: &str, body: Span) -> Option<Vec<FrontMatterValue>> {
    let mut out: Vec<RawValue> = Vec::new();
    let mut keys: Vec<&str> = Vec::new();
    // The key whose value is a block list being read, and its length.
    let mut list: Option<(&str, usize)> = None;
    let mut at = body.start as usize;
    for line in source[body.range()].split_inclusive('\n') {
        let start = at;
        at += line.len();
        let l = line.trim_end_matches(['\n', '\r']);
        let content = l.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if l.contains('\t') {
            return None;
        }
        let indent = l.len() - content.len();
        if indent > 0 {
            // Only `- item` lines under a key with no value.
            let (key, n) = list.as_mut()?;
            let item = content.strip_prefix("- ")?;
            let off = start + indent + 2;
            if let Some((text, span)) = scalar(off, item)? {
                out.push((item_key(key, *n), text, span));
            }
            *n += 1;
            continue;
        }
        let colon = find2(l, b':', b' ').or_else(|| l.ends_with(':').then(|| l.len() - 1))?;
        let key = &l[..colon];
        let key_ok = key
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b' '))
            && key
                .as_bytes()
                .first()
                .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-'))
            && !key.starts_with("- ")
            && key != "-";
        if !key_ok || keys.contains(&key) {
            return None;
        }
        keys.push(key);
        let raw = &l[colon + 1..];
        let value = raw.trim_start_matches(' ');
        if value.is_empty() {
            list = Some((key, 0));
            continue;
        }
        list = None;
        let off = start + colon + 1 + (raw.len() - value.len());
        if value.starts_with('[') {
            flow_list(off, value.trim_end(), key, &mut out)?;
            continue;
        }
        if let Some((text, span)) = scalar(off, value)? {
            out.push((key.to_string(), text, span));
        }
    }
    Some(verbatim_values(source, out))
}

/// `key[n]`, the key of a list item (`format!` here was a tenth of
/// reading a page's front matter; pages list hundreds of keywords).
fn item_key(key: &str, n: usize) -> String {
    let mut s = String::with_capacity(key.len() + 5);
    s.push_str(key);
    s.push('[');
    s.push_str(&n.to_string());
    s.push(']');
    s
}

/// A value whose text is the source bytes at a span: (key, text, scalar).
type RawValue = (String, Span, Span);

/// The values' texts in one shared store: a page has dozens of values
/// (`f1_keywords` lists), and a store of its own for each was a visible
/// part of parsing a page.
fn verbatim_values(source: &str, raw: Vec<RawValue>) -> Vec<FrontMatterValue> {
    let len = raw.iter().map(|(_, t, _)| t.len()).sum();
    let mut buf = TextBuf::with_capacity(len, raw.len());
    let marks: Vec<_> = raw
        .iter()
        .map(|(_, t, _)| {
            let start = buf.begin();
            buf.push_verbatim(&source[t.range()], t.start as usize);
            (start, buf.mark())
        })
        .collect();
    let store = std::sync::Arc::new(buf);
    raw.into_iter()
        .zip(marks)
        .map(|((key, _, span), (start, end))| FrontMatterValue {
            key,
            text: Text::view(&store, start, end),
            span,
        })
        .collect()
}

/// A one-line flow list of simple scalars: `["a", b, 'c']`.
fn flow_list(off: usize, v: &str, key: &str, out: &mut Vec<RawValue>) -> Option<()> {
    let inner = v.strip_prefix('[')?.strip_suffix(']')?;
    let base = off + 1;
    let mut i = 0;
    let mut n = 0;
    let b = inner.as_bytes();
    while i < b.len() {
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        if i == b.len() {
            break;
        }
        let item_start = i;
        let item_end = if b[i] == b'"' || b[i] == b'\'' {
            let q = b[i];
            let close = inner[i + 1..].find(q as char)? + i + 1;
            close + 1
        } else {
            inner[i..].find(',').map_or(inner.len(), |c| c + i)
        };
        let item = inner[item_start..item_end].trim_end();
        let quoted = item.starts_with(['"', '\'']);
        if !quoted && item.bytes().any(|c| matches!(c, b'[' | b']' | b'{' | b'}')) {
            return None;
        }
        if let Some((text, span)) = scalar(base + item_start, item)? {
            out.push((item_key(key, n), text, span));
        }
        n += 1;
        i = item_end;
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        match b.get(i) {
            Some(b',') => i += 1,
            None => {}
            Some(_) => return None,
        }
    }
    Some(())
}

/// A scalar of the simple subset at `off`: `Some(Some((text, scalar)))`
/// for a string (the span of its text, and of the scalar as written),
/// `Some(None)` for a number, boolean or null, `None` when it is not simple.
fn scalar(off: usize, raw: &str) -> Option<Option<(Span, Span)>> {
    let v = raw.trim_end_matches(' ');
    let span = Span::new(off, off + v.len());
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q) {
            let inner = inner.strip_suffix(q)?;
            if inner.contains(q) || inner.contains('\\') {
                return None;
            }
            return Some(Some((Span::new(off + 1, off + 1 + inner.len()), span)));
        }
    }
    let first = v.chars().next()?;
    if "-?:,[]{}#&*!|>%@`".contains(first)
        || find2(v, b':', b' ').is_some()
        || find2(v, b' ', b'#').is_some()
        || v.ends_with(':')
    {
        return None;
    }
    if is_core_non_string(v) {
        return Some(None);
    }
    Some(Some((span, span)))
}

/// Where the bytes `a` `b` first occur in `s`. For short values this is
/// cheaper than `str::find(&str)`, which sets up a general substring search
/// on every call.
fn find2(s: &str, a: u8, b: u8) -> Option<usize> {
    let bytes = s.as_bytes();
    memchr::memchr_iter(a, bytes).find(|&i| bytes.get(i + 1) == Some(&b))
}

/// YAML 1.2 core schema: null, booleans and numbers are not strings.
fn is_core_non_string(v: &str) -> bool {
    if matches!(
        v,
        "~" | "null"
            | "Null"
            | "NULL"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | ".inf"
            | ".Inf"
            | ".INF"
            | "-.inf"
            | "+.inf"
            | ".nan"
            | ".NaN"
            | ".NAN"
    ) {
        return true;
    }
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    if let Some(hex) = digits.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(oct) = digits.strip_prefix("0o") {
        return !oct.is_empty() && oct.bytes().all(|c| (b'0'..=b'7').contains(&c));
    }
    // [0-9]+ or a float: digits, one dot, an exponent.
    let (mantissa, exp) = match digits.find(['e', 'E']) {
        Some(i) => (&digits[..i], Some(&digits[i + 1..])),
        None => (digits, None),
    };
    let mut parts = mantissa.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    let ok_int = int.bytes().all(|c| c.is_ascii_digit());
    let ok_frac = frac.is_none_or(|f| f.bytes().all(|c| c.is_ascii_digit()));
    let has_digit = !int.is_empty() || frac.is_some_and(|f| !f.is_empty());
    let ok_exp = exp.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|c| c.is_ascii_digit())
    });
    ok_int && ok_frac && has_digit && ok_exp
}

/// Top-level `key: value` (or `key = "value"`) lines, read without a YAML
/// parser: for TOML front matter and for YAML too broken to parse.
fn line_values(source: &str, body: Span, sep: char) -> Vec<FrontMatterValue> {
    let mut out: Vec<RawValue> = Vec::new();
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
        out.push((key.to_string(), span, span));
    }
    verbatim_values(source, out)
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
    let mut t = TextBuf::default();
    if let Some(i) = raw.find(value).filter(|_| !value.is_empty()) {
        t.push_verbatim(value, span.start as usize + i);
    } else {
        t.push_mapped(value, span.range());
    }
    t.freeze()
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
    fn the_simple_subset_agrees_with_the_yaml_parser() {
        let cases = [
            "title: Hello\ndescription: 'TBD'\nn: 5\nf: 1.5e3\nb: true\nz: ~\nms.date: 06/09/2017\nschema: 2.0.0\n",
            "title: \"C++ attributes\"\nhelpviewer_keywords:\n  - attributes\n  - \"C++\"\n# a comment\n\nfeature: Customers, Storefront\n",
            "Module Name: CimCmdlets\nHelp Version:  3.0\nLocale: en-US\nexl-id: 22632cab-3c44\n",
            "f1_keywords: [\"CWnd\", \"AFXWIN/CWnd::CWnd\"]\nhelpviewer_keywords: [\"CWnd [MFC], CWnd\", plain, 'single']\nempty: []\n",
        ];
        for yaml in cases {
            let src = format!("---\n{yaml}---\n");
            let (span, body, _) = detect(&src, 0).unwrap();
            let fast = simple_yaml(&src, body).expect("in the subset");
            let slow = {
                let mut v = Vec::new();
                let root = yaml::parse(&src[body.range()]).unwrap();
                flatten(&root, String::new(), body.start as usize, &src, &mut v);
                v
            };
            let key = |v: &Vec<FrontMatterValue>| {
                v.iter()
                    .map(|x| (x.key.clone(), x.text.as_str().to_string(), x.span))
                    .collect::<Vec<_>>()
            };
            assert_eq!(key(&fast), key(&slow), "{yaml}");
            let _ = span;
        }
    }

    /// The fast path against the parser on every front matter of the
    /// benchmark corpora (unpacked under target/corpora by scripts/bench.sh).
    #[test]
    #[ignore = "needs target/corpora"]
    fn the_simple_subset_agrees_on_the_corpora() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/target/corpora");
        let walked = crate::walk::walk(&[std::path::PathBuf::from(root)], false);
        let (mut fast_n, mut all) = (0, 0);
        for p in walked.files {
            let Ok(src) = std::fs::read_to_string(&p) else {
                continue;
            };
            let bom = if src.starts_with('\u{feff}') { 3 } else { 0 };
            let Some((_, body, Format::Yaml)) = detect(&src, bom) else {
                continue;
            };
            all += 1;
            let Some(fast) = simple_yaml(&src, body) else {
                continue;
            };
            fast_n += 1;
            let mut slow = Vec::new();
            let root = yaml::parse(&src[body.range()]).unwrap_or_else(|e| {
                panic!("{}: fast path accepted invalid YAML: {e}", p.display())
            });
            flatten(&root, String::new(), body.start as usize, &src, &mut slow);
            let key = |v: &Vec<FrontMatterValue>| {
                v.iter()
                    .map(|x| (x.key.clone(), x.text.as_str().to_string(), x.span))
                    .collect::<Vec<_>>()
            };
            assert_eq!(key(&fast), key(&slow), "{}", p.display());
        }
        eprintln!("{fast_n} of {all} front matters took the fast path");
        assert!(all == 0 || fast_n * 2 > all);
    }

    #[test]
    fn anything_else_goes_to_the_parser() {
        for yaml in [
            "a:\n  b: c\n",
            "a: >\n  folded\n",
            "a: [x, [y]]\n",
            "a: [x, {y: 1}]\n",
            "a: [\"x\\\"y\"]\n",
            "a: x\na: y\n",
            "title: Patch: broken\n",
            "a: &anchor x\n",
            "a: 'it''s'\n",
            "a: x\n  continued\n",
        ] {
            let src = format!("---\n{yaml}---\n");
            let (_, body, _) = detect(&src, 0).unwrap();
            assert!(simple_yaml(&src, body).is_none(), "{yaml}");
        }
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
