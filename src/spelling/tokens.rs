//! Words in prose, as a spelling checker should see them: identifiers,
//! paths, versions, handles and acronyms are not words to check.

use std::ops::Range;

/// How a word is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `referred`
    Lower,
    /// `Personalization`
    Capitalized,
}

/// A word to check: its range in the text, and its shape. Possessive `'s`
/// is left out of the range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub range: Range<usize>,
    pub shape: Shape,
    /// The chunk of text between spaces it came from, punctuation and all.
    pub chunk: Range<usize>,
    /// The chunk is in quotes: a word mentioned, not used (`"teh"`).
    pub quoted: bool,
    /// Followed by a hyphen and more (`re` in `re-rank`).
    pub prefix: bool,
}

/// Characters that end a chunk of text besides whitespace: dashes, the
/// opaque stand-in for code and markup, ellipses.
fn is_break(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{FFFC}' | '—' | '–' | '…' | '\u{00A0}' | '\u{200B}' | '|' | '·' | '•'
        )
}

/// Punctuation that may wrap a word: quotes, brackets, sentence
/// punctuation. (Emphasis marks are gone from the text; a `_` or `*` left
/// in it is part of an identifier.)
fn is_wrap(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '«'
            | '»'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | '¿'
            | '¡'
    )
}

/// Every word worth checking in `text`, in order. A chunk of text between
/// spaces is skipped whole when it holds anything but letters, hyphens and
/// apostrophes once its wrapping punctuation is gone (`foo_bar`, `v1.2`,
/// `a/b`, `@name`, `e.g.`, `file.md`, `naïve`). Hyphenated chunks are
/// checked part by part. Parts that are acronyms (`CDP`), mixed case
/// (`iPhone`, `camelCase`) or a single letter are skipped.
pub fn words(text: &str, mut f: impl FnMut(Word)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        while i < n {
            let (brk, w) = break_at(text, i);
            if !brk {
                break;
            }
            i += w;
        }
        let start = i;
        while i < n {
            // Runs of ASCII that is no break, without decoding: nearly
            // all of the text.
            i += bytes[i..]
                .iter()
                .position(|&b| !b.is_ascii() || ascii_break(b))
                .unwrap_or(n - i);
            if i == n {
                break;
            }
            let (brk, w) = break_at(text, i);
            if brk {
                break;
            }
            i += w;
        }
        if start < i {
            chunk_words(&text[start..i], start, &mut f);
        }
    }
}

fn ascii_break(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | b'|')
}

/// Whether the character at byte `i` (a character boundary) ends a chunk,
/// and its length.
#[inline]
fn break_at(text: &str, i: usize) -> (bool, usize) {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        return (ascii_break(b), 1);
    }
    let c = text[i..].chars().next().unwrap_or(' ');
    (is_break(c), c.len_utf8())
}

fn chunk_words(chunk: &str, at: usize, f: &mut impl FnMut(Word)) {
    // Most chunks are letters with sentence punctuation after them: the
    // same result as the general path below, in one pass.
    let b = chunk.as_bytes();
    let end = b.len()
        - b.iter()
            .rev()
            .take_while(|c| matches!(c, b'.' | b',' | b';' | b':' | b'!' | b'?' | b')'))
            .count();
    if end >= 2 && b[..end].iter().all(u8::is_ascii_alphabetic) {
        let rest_upper = b[1..end].iter().any(u8::is_ascii_uppercase);
        let shape = match (b[0].is_ascii_uppercase(), rest_upper) {
            (false, false) => Shape::Lower,
            (true, false) => Shape::Capitalized,
            _ => return,
        };
        f(Word {
            range: at..at + end,
            shape,
            chunk: at..at + chunk.len(),
            quoted: false,
            prefix: false,
        });
        return;
    }
    let (lead, core, quoted) = if chunk.is_ascii() {
        // The same as below, byte by byte: nearly every chunk is ASCII.
        let b = chunk.as_bytes();
        let wrap = |c: u8| c.is_ascii() && is_wrap(char::from(c));
        let lead = b.iter().position(|&c| !wrap(c)).unwrap_or(b.len());
        let end = b.iter().rposition(|&c| !wrap(c)).map_or(lead, |i| i + 1);
        let core = &chunk[lead..end];
        if core.is_empty()
            || !core
                .bytes()
                .all(|c| c.is_ascii_alphabetic() || c == b'-' || c == b'\'')
        {
            return;
        }
        let last = b
            .iter()
            .rposition(|c| !b".,;:!?)".contains(c))
            .map(|i| char::from(b[i]));
        let quoted = is_quote(b.first().map(|&c| char::from(c))) && is_quote(last);
        (lead, core, quoted)
    } else {
        let core = chunk.trim_start_matches(is_wrap);
        let lead = chunk.len() - core.len();
        let core = core.trim_end_matches(is_wrap);
        let quoted = is_quote(chunk.chars().next())
            && is_quote(
                chunk
                    .trim_end_matches(['.', ',', ';', ':', '!', '?', ')'])
                    .chars()
                    .next_back(),
            );
        let wordlike = |c: char| c.is_ascii_alphabetic() || c == '-' || c == '\'' || c == '’';
        if core.is_empty() || !core.chars().all(wordlike) {
            return;
        }
        (lead, core, quoted)
    };
    let mut off = 0;
    let parts = core.split('-').count();
    for (n, part) in core.split('-').enumerate() {
        let p_at = at + lead + off;
        off += part.len() + 1;
        let word = strip_possessive(part);
        let bytes = word.as_bytes();
        if bytes.len() < 2 || !bytes[0].is_ascii_alphabetic() {
            continue;
        }
        // Apostrophes only inside a word (contractions): `'tis` and
        // quoted words lose them above.
        let shape = if bytes.iter().all(|b| !b.is_ascii_uppercase()) {
            Shape::Lower
        } else if bytes[0].is_ascii_uppercase()
            && bytes[1..].iter().all(|b| !b.is_ascii_uppercase())
        {
            Shape::Capitalized
        } else {
            // ALL CAPS and mixed case: acronyms and identifiers.
            continue;
        };
        f(Word {
            range: p_at..p_at + word.len(),
            shape,
            chunk: at..at + chunk.len(),
            quoted,
            prefix: n + 1 < parts,
        });
    }
}

fn is_quote(c: Option<char>) -> bool {
    matches!(c, Some('"' | '\'' | '“' | '”' | '‘' | '’' | '«' | '»'))
}

/// `user's` → `user`, `users'` → `users`, `don’t` stays.
fn strip_possessive(part: &str) -> &str {
    for s in ["'s", "’s", "'S", "’S"] {
        if let Some(w) = part.strip_suffix(s) {
            return w;
        }
    }
    part.trim_end_matches(['\'', '’'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        words(text, |w| out.push(&text[w.range]));
        out
    }

    #[test]
    fn prose_words_with_their_punctuation_gone() {
        assert_eq!(
            list("Pesonalization, at “scale” (really)! Segments - the user's don’t"),
            [
                "Pesonalization",
                "at",
                "scale",
                "really",
                "Segments",
                "the",
                "user",
                "don’t"
            ]
        );
    }

    #[test]
    fn hyphenated_words_are_checked_by_part() {
        assert_eq!(
            list("re-rank e-commerce well-known"),
            ["re", "rank", "commerce", "well", "known"]
        );
    }

    #[test]
    fn identifiers_acronyms_and_paths_are_not_words() {
        assert!(
            list("foo_bar v1.2 a/b @name e.g. file.md naïve CDP iPhone camelCase x").is_empty()
        );
        assert!(list("#tag $HOME 10x x86 <tag> a=b _ftime *ptr").is_empty());
    }

    #[test]
    fn quoted_words_are_mentions() {
        let text = "as \"teh\" or “stnap”, not teh.";
        let mut got = Vec::new();
        words(text, |w| got.push((&text[w.range], w.quoted)));
        assert_eq!(
            got,
            [
                ("as", false),
                ("teh", true),
                ("or", false),
                ("stnap", true),
                ("not", false),
                ("teh", false)
            ]
        );
    }

    #[test]
    fn ranges_are_byte_ranges_of_the_text() {
        let text = "“Ünïcode” first — second\u{FFFC}third";
        let mut got = Vec::new();
        words(text, |w| got.push((w.range.clone(), &text[w.range])));
        assert_eq!(
            got.iter().map(|g| g.1).collect::<Vec<_>>(),
            ["first", "second", "third"]
        );
    }
}
