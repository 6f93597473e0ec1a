//! Broken front matter: the page's title and description are lost, and
//! most site generators fail or publish the YAML as text.

use super::{Context, Rule, StaticMeta};
use crate::finding::{Category, Hit, Severity};

pub struct FrontMatterSyntax;

const META: StaticMeta = StaticMeta {
    id: "front-matter-syntax",
    category: Category::FrontMatter,
    severity: Severity::Error,
    enabled: true,
    summary: "Front matter that is not valid YAML or is never closed",
    why: "Front matter carries the page's title, description and metadata. When the \
          YAML is invalid or the closing `---` is missing, site generators fail or \
          publish the YAML as text. Fix the YAML at the place shown (a value with an \
          unquoted `: ` is the usual cause; quote it).",
    flags: &[
        "---\ntitle: Setup: the basics\n---\n# Setup\n\nText.\n",
        "---\ntitle: Setup\n\n# Setup\n\nText.\n",
    ],
    passes: &[
        "---\ntitle: \"Setup: the basics\"\n---\n# Setup\n\nText.\n",
        "# Setup\n\nText.\n\n---\n\nMore text after a break.\n",
    ],
    options: &[],
    fixable: false,
};

impl Rule for FrontMatterSyntax {
    crate::rule_meta!(META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Hit>) {
        if let Some((span, message)) = cx.doc.front_matter.as_ref().and_then(|f| f.error.as_ref()) {
            out.push(
                Hit::new(*span, format!("front matter: {message}"))
                    .help("fix the YAML here; quote values that contain `: ` or start with a special character"),
            );
        }
    }
}
