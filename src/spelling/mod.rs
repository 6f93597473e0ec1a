//! Spelling: the lexicon (dictionary, vocabulary, known misspellings), how
//! prose is cut into words, and a project's own words.

pub mod lexicon;
pub mod tokens;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use foldhash::fast::FixedState;

/// Names of a project's word list, searched in each folder from a linted
/// file up, like the config.
pub const WORD_FILES: [&str; 2] = ["draftlint-words.txt", ".draftlint-words.txt"];

/// A project's own words: product names, jargon. Matched regardless of
/// case, with plural `s`/`es` and possessive `'s`.
#[derive(Debug, Clone, Default)]
pub struct Words {
    lower: HashSet<String, FixedState>,
}

impl Words {
    pub fn new<I, S>(words: I) -> Words
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut w = Words::default();
        w.extend(words);
        w
    }

    /// A word list: words separated by white space, `#` to the end of a
    /// line is a comment.
    pub fn parse(text: &str) -> Words {
        Words::new(
            text.lines()
                .flat_map(|l| l.split('#').next().unwrap_or("").split_whitespace()),
        )
    }

    pub fn extend<I, S>(&mut self, words: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for w in words {
            // A hyphenated entry is checked by part, like the text.
            for part in w.as_ref().split('-') {
                let p = part.trim();
                if !p.is_empty() {
                    self.lower.insert(p.to_lowercase());
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.lower.is_empty()
    }

    /// Whether `lower` (a lower-case word) is one of these words, or one of
    /// them with a plural ending.
    pub fn contains(&self, lower: &str) -> bool {
        if self.lower.is_empty() {
            return false;
        }
        self.lower.contains(lower)
            || lower
                .strip_suffix('s')
                .is_some_and(|w| self.lower.contains(w))
            || lower
                .strip_suffix("es")
                .is_some_and(|w| self.lower.contains(w))
    }

    /// Both lists' words.
    pub fn union(&self, other: &Words) -> Words {
        let mut w = self.clone();
        w.lower.extend(other.lower.iter().cloned());
        w
    }
}

/// The word list governing `start` (a file or folder), walking up.
pub fn discover(start: &Path) -> Option<PathBuf> {
    crate::config::find_up(start, &WORD_FILES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_words_ignore_case_and_plurals() {
        let w = Words::parse("Sensei  # Adobe's AI\nre-rank\nKafka\n\n# comment only\n");
        for yes in ["sensei", "senseis", "rank", "kafka", "kafkas"] {
            assert!(w.contains(yes), "{yes}");
        }
        for no in ["comment", "adobe", "ai", "sense"] {
            assert!(!w.contains(no), "{no}");
        }
    }
}
