use super::*;

fn parse(yaml: &str) -> Result<Config, Error> {
    Config::parse(
        Path::new("draftlint.yaml"),
        Path::new("."),
        yaml,
        Selection::default(),
    )
}

fn errors(yaml: &str) -> Vec<Located> {
    match parse(yaml) {
        Err(Error::Config(e)) => e,
        Err(other) => panic!("expected config errors, got {other}"),
        Ok(_) => panic!("expected config errors for {yaml:?}"),
    }
}

fn severity(c: &Config, path: &str, rule: &str) -> Option<Severity> {
    c.rules_for(Path::new(path))
        .unwrap()
        .active
        .iter()
        .find(|a| &*a.rule.meta().id == rule)
        .map(|a| a.severity)
}

#[test]
fn levels_categories_and_overrides() {
    let c = parse(
        "rules:\n  placeholder: warning\n  placeholder-text: error\n  todo-comment: off\noverrides:\n  - files: [\"reference/**\"]\n    rules:\n      empty-section: off\n",
    )
    .unwrap();
    assert_eq!(
        severity(&c, "a.md", "placeholder-text"),
        Some(Severity::Error)
    );
    assert_eq!(
        severity(&c, "a.md", "enumerated-stub"),
        Some(Severity::Warning)
    );
    assert_eq!(severity(&c, "a.md", "todo-comment"), None);
    assert_eq!(
        severity(&c, "a.md", "empty-section"),
        Some(Severity::Warning)
    );
    assert_eq!(severity(&c, "reference/x/a.md", "empty-section"), None);
}

#[test]
fn unknown_keys_and_bad_values_point_at_the_place() {
    let e = errors("rules:\n  empty-sectoin: off\n");
    assert_eq!((e[0].line, e[0].column), (2, 3));
    assert!(
        e[0].message.contains("did you mean `empty-section`"),
        "{}",
        e[0].message
    );

    let e = errors("rule:\n  x: y\n");
    assert_eq!((e[0].line, e[0].column), (1, 1));
    assert!(
        e[0].message.contains("did you mean `rules`"),
        "{}",
        e[0].message
    );

    let e = errors("rules:\n  empty-section: loud\n");
    assert_eq!((e[0].line, e[0].column), (2, 18));

    let e = errors("rules:\n  empty-section:\n    allow: ['(bad']\n");
    assert_eq!(e[0].line, 3);
    assert!(
        e[0].message.contains("invalid regular expression"),
        "{}",
        e[0].message
    );

    let e = errors("rules:\n  empty-section:\n    allwo: []\n");
    assert!(
        e[0].message.contains("did you mean `allow`"),
        "{}",
        e[0].message
    );

    let e = errors("ignore: ['[unclosed']\n");
    assert_eq!(e[0].line, 1);
    assert!(e[0].message.contains("invalid glob"), "{}", e[0].message);

    let e = errors("rules:\n  placeholder:\n    allow: []\n");
    assert!(e[0].message.contains("is a category"), "{}", e[0].message);

    let e = errors("rules: [1, 2]\n");
    assert!(
        e[0].message.contains("must be a mapping"),
        "{}",
        e[0].message
    );

    let e = errors("rules:\n  a: b\n  a: c\n");
    assert_eq!(e[0].line, 3, "{}", e[0].message);
}

#[test]
fn ignore_globs() {
    let c = parse("ignore: [\"drafts/\", \"CHANGELOG.md\", \"archive/**/*.md\"]\n").unwrap();
    assert!(c.ignores(Path::new("drafts/a.md")));
    assert!(c.ignores(Path::new("docs/CHANGELOG.md")));
    assert!(c.ignores(Path::new("archive/2020/a.md")));
    assert!(!c.ignores(Path::new("docs/a.md")));
}

#[test]
fn selection_narrows_and_names_are_checked() {
    let sel = Selection {
        select: vec!["placeholder".into()],
        ignore: vec!["placeholder-link".into()],
    };
    let c = Config::parse(Path::new("d.yaml"), Path::new("."), "", sel).unwrap();
    let ids: Vec<String> = c
        .rules_for(Path::new("a.md"))
        .unwrap()
        .active
        .iter()
        .map(|a| a.rule.meta().id.to_string())
        .collect();
    assert!(ids.contains(&"placeholder-text".to_string()));
    assert!(!ids.contains(&"placeholder-link".to_string()));
    assert!(!ids.contains(&"empty-section".to_string()));
    let bad = Selection {
        select: vec!["nope".into()],
        ignore: vec![],
    };
    assert!(matches!(
        Config::parse(Path::new("d.yaml"), Path::new("."), "", bad),
        Err(Error::Usage(_))
    ));
}
