//! Small prose helpers shared by rules: words, sentences, and telling a
//! mention of a marker ("TBD stands for to be determined") from a use.

use std::ops::Range;

use crate::document::{Block, BlockKind, Document, OPAQUE};

/// Words: runs of letters, digits, apostrophes and inner hyphens.
pub fn words(text: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    let mut it = text.char_indices().peekable();
    std::iter::from_fn(move || {
        loop {
            let (start, c) = it.next()?;
            if !c.is_alphanumeric() {
                continue;
            }
            let mut end = start + c.len_utf8();
            while let Some(&(i, c)) = it.peek() {
                let joins = (c == '\'' || c == '’' || c == '-')
                    && text[i + c.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                if c.is_alphanumeric() || joins {
                    end = i + c.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            return Some((start..end, &text[start..end]));
        }
    })
}

/// Sentences: split after `.`, `!`, `?` followed by white space, and at
/// line breaks between lines that each end a thought (hard breaks).
pub fn sentences(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let c = bytes[i];
            i += 1;
            let end_mark = matches!(c, b'.' | b'!' | b'?')
                && bytes.get(i).is_none_or(|n| n.is_ascii_whitespace());
            if end_mark || c == b'\n' {
                let r = start..i;
                start = i;
                if !text[r.clone()].trim().is_empty() {
                    return Some(trim(text, r));
                }
            }
        }
        if start < bytes.len() {
            let r = start..bytes.len();
            start = bytes.len();
            if !text[r.clone()].trim().is_empty() {
                return Some(trim(text, r));
            }
        }
        None
    })
}

/// `r` without leading and trailing white space.
pub fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    r.start + lead..r.start + lead + t.len()
}

/// True when every letter of `w` is upper case and it has at least two.
pub fn is_upper_word(w: &str) -> bool {
    let mut letters = 0;
    for c in w.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2
}

/// Whether the text has anything but white space and opaque stand-ins.
pub fn has_prose(text: &str) -> bool {
    text.chars().any(|c| !c.is_whitespace() && c != OPAQUE)
}

/// The end of the line holding `at`.
pub fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i)
}

/// The end of the sentence or line holding `at`, whichever comes first.
pub fn clause_end(text: &str, at: usize) -> usize {
    let end = line_end(text, at);
    let b = text.as_bytes();
    for i in at..end {
        if matches!(b[i], b'.' | b'!' | b'?') && (i + 1 == end || b[i + 1] == b' ') {
            return i + 1;
        }
    }
    end
}

const QUOTES: &[(char, char)] = &[
    ('"', '"'),
    ('\'', '\''),
    ('“', '”'),
    ('‘', '’'),
    ('«', '»'),
    ('`', '`'),
];

/// Whether `text[r]` is wrapped in quotation marks.
pub fn is_quoted(text: &str, r: &Range<usize>) -> bool {
    let before = text[..r.start].chars().next_back();
    let after = text[r.end..].chars().next();
    QUOTES
        .iter()
        .any(|(o, c)| before == Some(*o) && after == Some(*c))
}

/// Words after a marker that say it is being defined or talked about.
const DEFINES: &[&str] = &[
    "stands for",
    "is short for",
    "is an abbreviation",
    "is an acronym",
    "means",
    "meaning",
    "to be determined",
    "to be announced",
    "to be decided",
    "to be confirmed",
    "is a placeholder",
    "is a ",
    "is an ",
    "represents",
];

/// Words before a marker that say it is being talked about.
const TALKS_ABOUT: &[&str] = &[
    "the term",
    "the word",
    "the abbreviation",
    "the acronym",
    "the marker",
    "the keyword",
    "the placeholder",
    "the text",
    "the string",
    "the label",
    "marked",
    "labeled",
    "labelled",
    "tagged",
    "avoid",
    "never use",
    "do not use",
    "don't use",
    "instead of",
];

/// Whether the match `text[r]` in `block` is a mention (a glossary term, a
/// quoted word, a definition) rather than a use.
pub fn is_mention(doc: &Document, block: &Block, text: &str, r: &Range<usize>) -> bool {
    if is_quoted(text, r) {
        return true;
    }
    let after =
        text[r.end..].trim_start_matches([' ', ')', '*', '_', ':', '-', '–', '—', '(', '=', ',']);
    let after = after.to_lowercase();
    if DEFINES.iter().any(|d| after.starts_with(d)) {
        return true;
    }
    let before = text[..r.start]
        .trim_end_matches([' ', '"', '“', '\'', '*', '_'])
        .to_lowercase();
    if TALKS_ABOUT.iter().any(|t| before.ends_with(t)) {
        return true;
    }
    // A glossary: the match is the whole first cell of a table row whose
    // other cells explain it, or the term of a `**TERM**: meaning` item.
    if let BlockKind::TableCell { table, row, col: 0 } = block.kind
        && row > 0
        && text.trim() == text[r.clone()].trim()
    {
        return doc
            .cells(table)
            .any(|(rw, c, b)| rw == row && c > 0 && has_prose(b.text.as_str()));
    }
    if r.start == text.len() - text.trim_start().len() && block.item.is_some() {
        let src = doc.slice(block.span);
        let term_is_bold = src.starts_with("**") || src.starts_with("__");
        let rest = text[r.end..].trim_start();
        let defined =
            rest.len() > 3 && rest.starts_with([':', '-', '–', '—']) && has_prose(&rest[1..]);
        return term_is_bold && defined;
    }
    false
}

/// Common given names (US Census 1990, public domain) that are not also
/// common English words; used to tell a note to a colleague ("check with
/// Maria") from an instruction to a reader ("check with your administrator").
pub fn is_given_name(word: &str) -> bool {
    static NAMES: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
        std::sync::LazyLock::new(|| include_str!("../../data/given-names.txt").lines().collect());
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    let lower = word.to_lowercase();
    NAMES.contains(lower.as_str())
}

/// White-space separated tokens with surrounding punctuation trimmed; a
/// token keeps inner `_`, `.`, `/` so identifiers stay whole.
pub fn tokens(text: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    let sep = |c: char| c.is_whitespace() || c == OPAQUE;
    let edge = |c: char| !c.is_alphanumeric() && c != '_';
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < text.len() {
            let rest = &text[at..];
            let lead = rest.len() - rest.trim_start_matches(sep).len();
            let start = at + lead;
            let len = text[start..].find(sep).unwrap_or(text.len() - start);
            at = start + len;
            let raw = &text[start..at];
            let head = raw.len() - raw.trim_start_matches(edge).len();
            let t = raw.trim_matches(edge);
            if !t.is_empty() {
                return Some((start + head..start + head + t.len(), t));
            }
        }
        None
    })
}

/// A token that is an identifier or code-like rather than a word.
pub fn is_identifier(t: &str) -> bool {
    t.contains(['_', '.', '/', '\\', '=', '@', '#', '$', '<', '>'])
        || t.chars().any(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_inner_apostrophes_and_hyphens() {
        let w: Vec<_> = words("Don't re-rank 'quoted' x-").map(|(_, w)| w).collect();
        assert_eq!(w, ["Don't", "re-rank", "quoted", "x"]);
    }

    #[test]
    fn sentences_split_on_end_marks_and_lines() {
        let t = "One two. Three? Four\nFive v1.2 six";
        let s: Vec<_> = sentences(t).map(|r| &t[r]).collect();
        assert_eq!(s, ["One two.", "Three?", "Four", "Five v1.2 six"]);
    }

    #[test]
    fn tokens_trim_punctuation_and_keep_identifiers() {
        let t = "  (Hello), FILE_SHARE_READ | x.y \u{FFFC}end.  ";
        let got: Vec<_> = tokens(t).map(|(r, w)| (&t[r], w)).collect();
        assert_eq!(
            got,
            [
                ("Hello", "Hello"),
                ("FILE_SHARE_READ", "FILE_SHARE_READ"),
                ("x.y", "x.y"),
                ("end", "end")
            ]
        );
    }

    #[test]
    fn quoted_and_upper() {
        let t = "the \"TBD\" marker";
        assert!(is_quoted(t, &(5..8)));
        assert!(is_upper_word("REACH"));
        assert!(!is_upper_word("A"));
        assert!(!is_upper_word("Reach"));
    }
}
