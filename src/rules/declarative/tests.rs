use super::*;

fn rule(yaml: &str) -> Result<Declarative, Vec<Located>> {
    parse(
        Path::new("rule.yaml"),
        yaml,
        Origin::User("rule.yaml".into()),
    )
}

const BASE: &str = "id: x\ncategory: placeholder\nsummary: s\nwhy: w\nmessage: m\n";

#[test]
fn bundled_rules_parse() {
    assert_eq!(bundled().len(), BUNDLED.len());
}

#[test]
fn bundled_list_matches_the_rules_folder() {
    let mut on_disk: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/rules"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = BUNDLED.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "every rules/*.yaml must be listed in BUNDLED"
    );
    for (name, _) in BUNDLED {
        let r = bundled()
            .into_iter()
            .find(|r| matches!(r.meta.origin, Origin::Bundled(n) if n == *name))
            .unwrap();
        assert_eq!(format!("{}.yaml", r.meta.id), *name, "one rule, one name");
    }
}

#[test]
fn errors_name_line_and_column() {
    let e = rule(&format!("{BASE}kind: existence\nwords: [a]\nbogus: 1\n"))
        .err()
        .unwrap();
    assert_eq!((e[0].line, e[0].column), (8, 1));
    assert!(
        e[0].message.contains("unknown field `bogus`"),
        "{}",
        e[0].message
    );

    let e = rule(&format!("{BASE}kind: existence\npatterns: ['(unclosed']\n"))
        .err()
        .unwrap();
    assert_eq!(e[0].line, 7);
    assert!(
        e[0].message.contains("invalid regular expression"),
        "{}",
        e[0].message
    );

    let e = rule(
        "id: x\ncategory: nonsense\nsummary: s\nwhy: w\nmessage: m\nkind: existence\nwords: [a]\n",
    )
    .err()
    .unwrap();
    assert_eq!((e[0].line, e[0].column), (2, 11));

    let e = rule(&format!(
        "{BASE}kind: existence\nwords: [a]\nscope: [paragraph, nowhere]\n"
    ))
    .err()
    .unwrap();
    assert!(
        e[0].message.contains("unknown scope `nowhere`"),
        "{}",
        e[0].message
    );

    let e = rule(&format!("{BASE}kind: existence\n")).err().unwrap();
    assert!(e[0].message.contains("no words"), "{}", e[0].message);
}

#[test]
fn substitution_offers_a_case_preserving_fix() {
    let r = rule(&format!(
        "{BASE}kind: substitution\nswap:\n  e-mail: email\nfix: safe\n"
    ))
    .unwrap();
    let doc = crate::document::Document::parse("Send an E-mail today.\n".into());
    let reg = crate::registry::Registry::builtin();
    let cx = Context {
        doc: &doc,
        path: Path::new("a.md"),
        registry: &reg,
        open_gates: &[],
        words: &Default::default(),
        links: &Default::default(),
        run: &Default::default(),
    };
    let mut out = Vec::new();
    r.check(&cx, &mut out);
    assert_eq!(out.len(), 1);
    let fix = out[0].fix.as_ref().unwrap();
    assert_eq!(fix.applicability, Applicability::Safe);
    assert_eq!(fix.edits[0].replacement, "Email");
    assert_eq!(doc.slice(fix.edits[0].span()), "E-mail");
}

#[test]
fn unanchoring_for_gates() {
    assert_eq!(
        unanchor(r"^\s*placeholder\s*$").as_deref(),
        Some(r"\s*placeholder\s*")
    );
    assert_eq!(unanchor(r"^[^x]+\$").as_deref(), Some(r"[^x]+\$"));
    assert_eq!(unanchor(r"(?:^|\s)x"), None);
}

#[test]
fn symbol_phrases_need_their_own_boundaries() {
    assert!(on_boundaries("a ??? b", &(2..5)));
    assert!(!on_boundaries("a ???? b", &(2..5)));
    assert!(!on_boundaries("do??? b", &(2..5)));
    assert!(on_boundaries("ACSD-XXX", &(5..8)));
    assert!(!on_boundaries("TBDs", &(0..3)));
}
