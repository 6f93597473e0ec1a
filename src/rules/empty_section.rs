//! A heading with nothing under it: the reader finds a title and no
//! content. A heading followed by its own sub-sections is not empty.

use std::sync::Arc;

use regex::RegexSet;

use super::{
    Context, OptionError, OptionKind, OptionSpec, Rule, RuleOptions, StaticMeta, compile_patterns,
};
use crate::finding::{Category, Hit, Severity};

#[derive(Default)]
pub struct EmptySection {
    /// Headings that may stay empty (reference-page conventions).
    allow: Option<RegexSet>,
}

const META: StaticMeta = StaticMeta {
    id: "empty-section",
    category: Category::Empty,
    severity: Severity::Warning,
    enabled: true,
    summary: "A heading with no content before the next heading of the same or a higher level",
    why: "A section with a heading and nothing under it was planned and not written, \
          or its content was removed and the heading left behind. Write the section or \
          remove the heading. A section whose only content is an HTML comment is \
          empty too: readers do not see comments. Sites whose reference pages keep \
          some headings empty on purpose (`## NOTES`, `## -examples`) list them in \
          the `allow` option.",
    flags: &[
        "# Guide\n\n## Architecture\n\n## Workflows\n\nText.\n",
        "# Guide\n\nIntro.\n\n## Next steps\n",
        "# Guide\n\nIntro.\n\n## Solution\n\n<!-- write this -->\n\n## Related\n\nText.\n",
        "## Setup {#setup}\n\n\n\n## Use\n\nText.\n",
    ],
    passes: &[
        "# Guide\n\n## Part one\n\n### Step\n\nText.\n",
        "# Guide\n\nIntro.\n\n## Code\n\n```sh\nmake\n```\n",
        "# Guide\n\n## Parts\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        "# Guide\n\n## Includes\n\n{{$include /help/_includes/note.md}}\n",
    ],
    options: &[OptionSpec {
        name: "allow",
        kind: OptionKind::List,
        default: "[]",
        doc: "Regular expressions (case-insensitive) for heading texts that may stay empty, e.g. `^NOTES$` or `^-examples$`.",
    }],
    fixable: false,
};

impl Rule for EmptySection {
    crate::rule_meta!(META);

    fn configure(&self, options: &RuleOptions) -> Result<Arc<dyn Rule>, OptionError> {
        let allow = match options.list("allow") {
            Some(p) if !p.is_empty() => Some(compile_patterns("allow", p)?),
            _ => None,
        };
        Ok(Arc::new(EmptySection { allow }))
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Hit>) {
        let doc = cx.doc;
        for s in &doc.sections {
            if s.has_subsections {
                continue;
            }
            let blocks = &doc.blocks[s.blocks.start as usize..s.blocks.end as usize];
            if blocks.iter().any(|b| b.is_content()) {
                continue;
            }
            let h = &doc.headings[s.heading as usize];
            let text = doc.heading_text(h);
            if self.allow.as_ref().is_some_and(|a| a.is_match(text.trim())) {
                continue;
            }
            let name = text.trim();
            out.push(
                Hit::new(h.span, format!("section `{name}` has no content"))
                    .help("write the section, or remove the heading"),
            );
        }
    }
}
