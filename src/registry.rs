//! Every rule in one place: built-in Rust rules, the YAML rules bundled in
//! the binary, and the user's rule folders, with lookups by id and by
//! category for selection and configuration.

use std::path::PathBuf;
use std::sync::Arc;

use crate::error::{Error, Located};
use crate::finding::Category;
use crate::rules::{self, Origin, Rule, declarative};

#[derive(Clone)]
pub struct Registry {
    rules: Vec<Arc<dyn Rule>>,
}

impl Registry {
    /// Built-in and bundled rules.
    pub fn builtin() -> Registry {
        let mut rules = rules::builtin();
        rules.extend(
            declarative::bundled()
                .into_iter()
                .map(|r| Arc::new(r) as Arc<dyn Rule>),
        );
        Registry { rules }
    }

    /// Built-in and bundled rules plus every rule in `folders`.
    pub fn with_folders(folders: &[PathBuf]) -> Result<Registry, Error> {
        let mut reg = Registry::builtin();
        let mut errors = Vec::new();
        for dir in folders {
            match declarative::load_folder(dir) {
                Ok(found) => {
                    for r in found {
                        if let Some(existing) = reg.get(&r.meta().id) {
                            let Origin::User(path) = &r.meta().origin else {
                                continue;
                            };
                            let (line, col) = r.id_at;
                            let other = match &existing.meta().origin {
                                Origin::User(p) => format!("in {}", p.display()),
                                _ => "a built-in rule".to_string(),
                            };
                            errors.push(Located::new(
                                path,
                                line,
                                col,
                                format!(
                                    "duplicate rule id `{}`: already defined by {other}",
                                    r.meta().id
                                ),
                            ));
                            continue;
                        }
                        reg.rules.push(Arc::new(r));
                    }
                }
                Err(e) => errors.extend(e),
            }
        }
        if errors.is_empty() {
            Ok(reg)
        } else {
            Err(Error::Config(errors))
        }
    }

    pub fn rules(&self) -> &[Arc<dyn Rule>] {
        &self.rules
    }

    pub fn get(&self, id: &str) -> Option<&Arc<dyn Rule>> {
        self.rules.iter().find(|r| &*r.meta().id == id)
    }

    /// Indices of the rules a selector names: a rule id, a category, or `all`.
    pub fn select(&self, selector: &str) -> Option<Vec<usize>> {
        if selector == "all" {
            return Some((0..self.rules.len()).collect());
        }
        if let Some(i) = self.rules.iter().position(|r| &*r.meta().id == selector) {
            return Some(vec![i]);
        }
        let cat: Category = selector.parse().ok()?;
        Some(
            self.rules
                .iter()
                .enumerate()
                .filter(|(_, r)| r.meta().category == cat)
                .map(|(i, _)| i)
                .collect(),
        )
    }

    /// Whether `name` is a rule id or a category.
    pub fn knows(&self, name: &str) -> bool {
        self.get(name).is_some() || name.parse::<Category>().is_ok()
    }

    /// The closest known rule id, for "did you mean" help.
    pub fn suggest(&self, name: &str) -> Option<&str> {
        self.rules
            .iter()
            .map(|r| &*r.meta().id)
            .chain(Category::ALL.iter().map(|c| c.as_str()))
            .map(|id| (edit_distance(name, id), id))
            .filter(|(d, id)| *d <= 2.max(id.len() / 4))
            .min()
            .map(|(_, id)| id)
    }
}

/// Edit distance over characters, a transposition of neighbours counting
/// as one edit (optimal string alignment): `giude` is one edit from
/// `guide`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        d[i * w] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j - 1] + cost)
                .min(d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

#[cfg(test)]
mod distance_tests {
    #[test]
    fn transpositions_are_one_edit() {
        use super::edit_distance as d;
        assert_eq!(d("giude", "guide"), 1);
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("same", "same"), 0);
    }
}

/// A documented example that does not behave as documented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: Arc<str>,
    pub example: String,
    /// The example is listed as flagged (true) or as passing (false).
    pub should_flag: bool,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = if self.should_flag {
            "is not flagged"
        } else {
            "is flagged but should pass"
        };
        write!(
            f,
            "{}: example {what}:\n{}",
            self.rule,
            self.example.trim_end()
        )
    }
}

/// Run every rule's examples with every rule of `registry` active at its
/// default settings: each example listed as flagged must give a finding of
/// its rule, each listed as passing none. Rules without both kinds of
/// example are reported too.
pub fn check_examples(registry: &Arc<Registry>) -> Vec<ExampleFailure> {
    use crate::engine::{Active, RuleSet};
    let active = registry
        .rules()
        .iter()
        .map(|r| Active {
            rule: r.clone(),
            severity: r.meta().severity,
        })
        .collect();
    let set = RuleSet::new(active, registry.clone());
    let path = std::path::Path::new("example.md");
    let mut failures = Vec::new();
    // A build without the dictionaries finds no misspelling.
    let no_dictionaries = crate::spelling::lexicon::Lexicon::get().is_none();
    for rule in registry.rules() {
        let m = rule.meta();
        let silent = (no_dictionaries && *m.id == *"spelling") || rule.needs_network();
        let count = |text: &str| {
            let (_, findings) = crate::lint(path, text.to_string(), &set);
            findings.iter().filter(|f| f.rule == m.id).count()
        };
        let fail = |example: &str, should_flag| ExampleFailure {
            rule: m.id.clone(),
            example: example.to_string(),
            should_flag,
        };
        if m.flags.is_empty() {
            failures.push(fail("(none: every rule needs an example it flags)", true));
        }
        if m.passes.is_empty() {
            failures.push(fail("(none: every rule needs an example it passes)", false));
        }
        failures.extend(
            m.flags
                .iter()
                .filter(|_| !silent)
                .filter(|e| count(e) == 0)
                .map(|e| fail(e, true)),
        );
        failures.extend(
            m.passes
                .iter()
                .filter(|e| count(e) != 0)
                .map(|e| fail(e, false)),
        );
    }
    failures
}
