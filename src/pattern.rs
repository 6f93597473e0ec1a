//! Regular expressions for prose, compiled one way everywhere.

/// Compile a regular expression whose `\b` and `\B` are ASCII word
/// boundaries. Unicode boundaries force the regex crate off its DFAs onto
/// its slowest engine whenever the text holds a non-ASCII character, which
/// prose nearly always does (curly quotes, dashes, the opaque stand-in);
/// for finding words in prose the two agree.
pub fn regex(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::Regex::new(&ascii_boundaries(pattern))
}

/// Rewrite unescaped `\b` / `\B` as `(?-u:\b)` / `(?-u:\B)`.
pub fn ascii_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push_str("(?-u:\\b)"),
            Some('B') => out.push_str("(?-u:\\B)"),
            Some(n) => {
                out.push('\\');
                out.push(n);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_boundaries_leave_escapes_alone() {
        assert_eq!(ascii_boundaries(r"\bTBD\b"), r"(?-u:\b)TBD(?-u:\b)");
        assert_eq!(ascii_boundaries(r"\\b\B"), r"\\b(?-u:\B)");
        let re = regex(r"\bTBD\b").unwrap();
        assert!(re.is_match("“TBD” \u{FFFC}"));
        assert!(!re.is_match("TBDs"));
    }
}
