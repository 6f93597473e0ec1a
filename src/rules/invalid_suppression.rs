//! A suppression comment that names no real rule suppresses nothing, and
//! the writer believes it does. Report it.

use super::{Context, Rule, StaticMeta};
use crate::finding::{Category, Hit, Severity};
use crate::suppress::Suppressions;

pub struct InvalidSuppression;

const META: StaticMeta = StaticMeta {
    id: "invalid-suppression",
    category: Category::Structure,
    severity: Severity::Warning,
    enabled: true,
    summary: "A draftlint suppression comment with an unknown directive, rule or category",
    why: "A comment such as `<!-- draftlint-disable placeholder-txt -->` suppresses \
          nothing, while the writer believes it does. Fix the name; `draftlint rules` \
          lists every rule id and category.",
    flags: &[
        "<!-- draftlint-disable placeholder-txt -->\n\nText.\n",
        "<!-- draftlint-disabel -->\n\nText.\n",
    ],
    passes: &[
        "<!-- draftlint-disable placeholder-text -- product name -->\n\nText.\n",
        "<!-- draftlint-disable-next-line spelling -->\nText.\n",
    ],
    options: &[],
    fixable: false,
};

impl Rule for InvalidSuppression {
    crate::rule_meta!(META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Hit>) {
        let s = Suppressions::parse(cx.doc);
        for (span, message) in s.problems {
            out.push(Hit::new(span, message));
        }
        for n in s.names {
            if !cx.registry.knows(&n.name) {
                let mut hit = Hit::new(
                    n.span,
                    format!(
                        "unknown rule or category `{}` in a suppression comment",
                        n.name
                    ),
                );
                if let Some(s) = cx.registry.suggest(&n.name) {
                    hit = hit.help(format!("did you mean `{s}`?"));
                }
                out.push(hit);
            }
        }
    }
}
