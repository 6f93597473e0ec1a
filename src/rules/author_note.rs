//! Notes addressed to colleagues rather than readers: "from rohan:",
//! "Note to editor:", "Verify with Maria before this ships", "@sam: …".
//! The signal is who the sentence speaks to: a named colleague or a role on
//! the team, not the reader ("Ask your administrator for access").

use std::sync::LazyLock;

use regex::Regex;

use super::util::{clause_end, is_given_name};
use super::{Context, Rule, StaticMeta};
use crate::finding::{Category, Hit, Severity};

pub struct AuthorNote;

const META: StaticMeta = StaticMeta {
    id: "author-note",
    category: Category::AuthorNote,
    severity: Severity::Error,
    enabled: true,
    summary: "A note addressed to a colleague (\"from rohan:\", \"Note to editor:\", \"Verify with Maria before this ships\", \"@sam:\")",
    why: "Drafts collect notes between the people writing them: who said what, who to \
          ask, what to check before shipping. Readers should never see them. Act on \
          the note, then remove it (or move it to a comment or the pull request).\n\n\
          The rule looks for who a sentence speaks to. A named person (\"check with \
          Emily\"), a role on the team (\"Note to editor\"), an @-mention at the start \
          of a line, or a line that opens with \"from <name>:\" is a colleague. \
          \"Ask your administrator\", \"Contact Adobe Support\", \"Note: the API is rate \
          limited\" and thanks to contributors (\"Thanks @octocat\") speak to or about \
          readers and are left alone.",
    flags: &[
        "from rohan:\nfrom his presentation the OOTB are the above.\n",
        "Note to editor: the screenshot is outdated.\n",
        "Verify with Maria before this ships.\n",
        "[Insert graphic -- check with Emily about getting original high-res image]\n",
        "@sam: can you confirm the default?\n",
        "Reach out to Jeff about the data flow diagram.\n",
    ],
    passes: &[
        "Ask your administrator for access.\n",
        "Note: the API is rate limited.\n",
        "Contact Adobe Support if the problem persists.\n",
        "From the Admin sidebar, go to **Stores**.\n",
        "Thanks to @octocat for the fix.\n",
        "Check with your hosting provider before you upgrade.\n",
        "From here: run the installer.\n",
        "Verify with Page Builder that the block renders.\n",
        "+ **From only:** the animation runs from the From value.\n",
        "from source: build the crate with cargo.\n",
    ],
    options: &[],
    fixable: false,
};

/// "from rohan:" opening a line.
static FROM_LABEL: LazyLock<Regex> =
    LazyLock::new(|| crate::pattern::regex(FROM_LABEL_SRC).expect("valid regex"));
const FROM_LABEL_SRC: &str =
    r"(?m)^\s*(?P<m>(?i:from|per|cc|attn|via)\s+@?(?P<who>[A-Za-z][\w-]*)\s*:)";

/// "Note to editor:", "Question for the writer:".
static ROLE_LABEL: LazyLock<Regex> =
    LazyLock::new(|| crate::pattern::regex(ROLE_LABEL_SRC).expect("valid regex"));
const ROLE_LABEL_SRC: &str = r"(?i)\b(?P<m>(?:note|question|comment|feedback|message)\s+(?:to|for)\s+(?:the\s+)?(?:self|editor|editors|writer|writers|reviewer|reviewers|author|authors|team|devs?|engineering|sme|pm|docs team)\b)";

/// "check with Maria", "reach out to Jeff", "ask Emily".
static ASK_PERSON: LazyLock<Regex> =
    LazyLock::new(|| crate::pattern::regex(ASK_PERSON_SRC).expect("valid regex"));
const ASK_PERSON_SRC: &str = r"\b(?P<m>(?i:(?:check|verify|confirm|follow up|sync(?: up)?|talk|speak|discuss|consult|reach out|circle back|touch base|coordinate|clarify|double-check)\s+(?:this\s+|it\s+)?(?:with|to)|ask|ping|email|e-mail|message|remind|tell|loop in|cc)\s+(?P<who>[A-Z][a-z]+)(?P<poss>'s)?)\b";

/// "@sam:" opening a line, or "cc @sam".
static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::regex(r"(?m)(?:^\s*(?P<a>@[A-Za-z][A-Za-z0-9_-]*)\s*[:,]\s*\S|\b(?i:cc|ping|ask)\s*:?\s*(?P<b>@[A-Za-z][A-Za-z0-9_-]*))")
        .expect("valid regex")
});

/// Adverbs and common words that can follow "from" and a colon.
const NOT_PEOPLE: &[&str] = &[
    "here", "there", "now", "then", "above", "below", "scratch", "source", "home", "today",
    "start", "the", "this", "that", "it", "them", "which", "where", "what",
];

impl Rule for AuthorNote {
    crate::rule_meta!(META);

    fn gates(&self) -> Vec<String> {
        // Each pattern loosened (no line anchors) so literal prefilters
        // apply; a gate may match more than its pattern, never less.
        vec![
            r"(?i:from|per|cc|attn|via)\s+@?[A-Za-z][\w-]*\s*:".into(),
            ROLE_LABEL_SRC.into(),
            ASK_PERSON_SRC.into(),
            "@[A-Za-z]".into(),
        ]
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Hit>) {
        // Only blocks where one of the patterns matches at all, found in one
        // pass per pattern over the page's prose. A pattern whose gate (see
        // `gates`, same order) did not match the page cannot match on it.
        let prose = &cx.doc.prose;
        let (from, role, ask) = (cx.gate_open(0), cx.gate_open(1), cx.gate_open(2));
        let mention = cx.gate_open(3) && memchr::memchr(b'@', prose.text().as_bytes()).is_some();
        let mut candidates: Vec<u32> = Vec::new();
        for (open, re) in [
            (from, &*FROM_LABEL),
            (role, &*ROLE_LABEL),
            (ask, &*ASK_PERSON),
        ] {
            if open {
                candidates.extend(prose.blocks_matching(re));
            }
        }
        if mention {
            candidates.extend(prose.blocks_matching(&MENTION));
        }
        candidates.sort_unstable();
        candidates.dedup();
        for &i in &candidates {
            let b = &cx.doc.blocks[i as usize];
            let text = b.text.as_str();
            let mut found: Vec<(std::ops::Range<usize>, String)> = Vec::new();
            if from {
                for c in FROM_LABEL.captures_iter(text) {
                    let who = &c["who"];
                    let m = c.name("m").expect("group m");
                    // "from rohan:" on a line of its own, as a header over the
                    // note below it; a bold label ("**From only:** the value…")
                    // is a term being defined.
                    let src = b.text.span(m.range());
                    let rest_of_line = cx.doc.source[src.end as usize..]
                        .split(['\n', '\r'])
                        .next()
                        .unwrap_or("");
                    let alone = rest_of_line.trim().is_empty();
                    let bold = cx.doc.source[..src.start as usize].ends_with(['*', '_']);
                    let lower_name = who.chars().next().is_some_and(char::is_lowercase)
                        && !NOT_PEOPLE.contains(&who)
                        && who.chars().all(char::is_alphabetic);
                    if !bold && ((lower_name && alone) || is_given_name(who)) {
                        found.push((m.range(), format!("note from `{who}` to the team")));
                    }
                }
            }
            if role {
                for c in ROLE_LABEL.captures_iter(text) {
                    let m = c.name("m").expect("group m");
                    found.push((
                        m.range(),
                        format!("note addressed to the team: `{}`", m.as_str()),
                    ));
                }
            }
            if ask {
                for c in ASK_PERSON.captures_iter(text) {
                    let who = &c["who"];
                    let m = c.name("m").expect("group m");
                    // A following capitalised word makes a name of a product or team
                    // ("Ask Adobe Support"), unless it is a surname after a given name.
                    if is_given_name(who) {
                        found.push((m.range(), format!("note about asking `{who}`, a colleague")));
                    }
                }
            }
            if mention {
                for c in MENTION.captures_iter(text) {
                    let m = c
                        .name("a")
                        .or_else(|| c.name("b"))
                        .expect("one group matches");
                    found.push((m.range(), format!("`{}` addresses a colleague", m.as_str())));
                }
            }
            found.sort_by_key(|(r, _)| r.start);
            let mut last = 0;
            for (r, message) in found {
                if r.start < last {
                    continue;
                }
                let end = clause_end(text, r.start).max(r.end);
                last = end;
                out.push(
                    Hit::new(b.text.span(r.start..end), message)
                        .help("act on the note, then remove it from the page"),
                );
            }
        }
    }
}
