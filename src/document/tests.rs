use super::*;

fn doc(s: &str) -> Document {
    Document::parse(s.to_string())
}

#[test]
fn prose_is_readable_text_mapped_to_source() {
    let d = doc("Foo &amp; bar \\* baz\ncoming\nsoon `code` end\n");
    let b = &d.blocks[0];
    assert_eq!(b.text.as_str(), "Foo & bar * baz coming soon \u{FFFC} end");
    let t = b.text.as_str();
    let at = t.find("coming soon").unwrap();
    assert_eq!(d.slice(b.text.span(at..at + 11)), "coming\nsoon");
    let code = t.find(OPAQUE).unwrap();
    assert_eq!(d.slice(b.text.span(code..code + 3)), "`code`");
}

#[test]
fn crlf_and_bom_keep_spans_exact() {
    let src = "\u{feff}---\r\ntitle: TBD\r\n---\r\n# Head\r\n\r\nText TBD here\r\n";
    let d = doc(src);
    let fm = d.front_matter.as_ref().unwrap();
    assert_eq!(d.slice(fm.values[0].span), "TBD");
    let p = d
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Paragraph)
        .unwrap();
    let at = p.text.as_str().find("TBD").unwrap();
    let span = p.text.span(at..at + 3);
    assert_eq!(d.slice(span), "TBD");
    let lc = d.line_col(span.start, ColumnUnit::Chars);
    assert_eq!((lc.line, lc.column), (6, 6));
    let lc = d.line_col(d.headings[0].span.start, ColumnUnit::Chars);
    assert_eq!((lc.line, lc.column), (4, 1));
}

#[test]
fn bom_is_not_a_column() {
    let d = doc("\u{feff}# Title\n");
    assert_eq!(d.line_col(3, ColumnUnit::Chars).column, 1);
    assert_eq!(d.headings.len(), 1);
}

#[test]
fn headings_sections_and_subsections() {
    let d = doc("# A\n\nintro\n\n## B\n\n### C\n\ntext\n\n## D\n<!-- only a comment -->\n\n## E\n");
    let names: Vec<_> = d.headings.iter().map(|h| d.heading_text(h)).collect();
    assert_eq!(names, ["A", "B", "C", "D", "E"]);
    let content: Vec<bool> = d
        .sections
        .iter()
        .map(|s| {
            d.blocks[s.blocks.start as usize..s.blocks.end as usize]
                .iter()
                .any(Block::is_content)
        })
        .collect();
    assert_eq!(content, [true, false, true, false, false]);
    assert!(d.sections[1].has_subsections);
    assert!(!d.sections[3].has_subsections);
    assert_eq!(
        d.sections[0].end,
        d.headings[4].span.start.max(d.sections[0].end)
    );
    assert_eq!(d.sections[1].end, d.headings[3].span.start);
}

#[test]
fn heading_attributes_are_ids_not_text() {
    let d = doc("## Setup {#set-up}\n");
    assert_eq!(d.heading_text(&d.headings[0]), "Setup");
    assert_eq!(d.headings[0].id.as_deref(), Some("set-up"));
}

#[test]
fn tight_list_items_get_a_paragraph() {
    let d = doc("- Concept 1\n- **Segments** - \n  - nested\n");
    assert_eq!(d.items.len(), 3);
    let texts: Vec<_> = d.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, ["Concept 1", "Segments -", "nested"]);
    assert_eq!(d.items[0].list, d.items[1].list);
    assert_ne!(d.items[2].list, d.items[0].list);
    assert_eq!(d.items[2].parent, Some(1));
    assert_eq!(d.items[1].blocks, 1..3);
    assert_eq!(d.blocks[1].item, Some(1));
}

#[test]
fn table_cells_know_their_place() {
    let d = doc("| A | B |\n|---|---|\n| x |   |\n");
    let cells: Vec<_> = d
        .blocks
        .iter()
        .map(|b| match b.kind {
            BlockKind::TableCell { row, col, .. } => (row, col, b.text.as_str()),
            _ => panic!("not a cell"),
        })
        .collect();
    assert_eq!(cells, [(0, 0, "A"), (0, 1, "B"), (1, 0, "x"), (1, 1, "")]);
    assert_eq!(d.tables[0].rows, 2);
    assert_eq!(d.tables[0].columns, 2);
}

#[test]
fn comments_block_and_inline() {
    let d = doc("a <!-- TODO: x --> b\n\n<!--\nTODO: block\n-->\n\n<!-- one --> <!-- two -->\n");
    let texts: Vec<_> = d
        .comments
        .iter()
        .map(|c| (c.inline, c.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            (true, " TODO: x "),
            (false, "\nTODO: block\n"),
            (false, " one "),
            (false, " two ")
        ]
    );
    assert_eq!(d.blocks[0].text.as_str(), "a \u{FFFC} b");
    assert!(
        d.blocks[1..]
            .iter()
            .all(|b| b.kind == BlockKind::CommentBlock)
    );
}

#[test]
fn links_images_and_definitions() {
    let d = doc(
        "[text](a.md) ![alt](i.png){width=\"600\"} [ref][lbl] [](empty) <https://x.y>\n\n[lbl]: b.md\n",
    );
    let l: Vec<_> = d
        .links
        .iter()
        .map(|l| (l.kind, l.image, d.slice(l.text), l.dest.as_str()))
        .collect();
    assert_eq!(
        l,
        [
            (LinkKind::Inline, false, "text", "a.md"),
            (LinkKind::Inline, true, "alt", "i.png"),
            (LinkKind::Reference, false, "ref", "b.md"),
            (LinkKind::Inline, false, "", "empty"),
            (LinkKind::Autolink, false, "https://x.y", "https://x.y"),
        ]
    );
    assert_eq!(d.definitions.len(), 1);
    assert_eq!(d.slice(d.definitions[0].span), "[lbl]: b.md");
    assert_eq!(d.blocks[0].text.as_str(), "text alt\u{FFFC} ref  \u{FFFC}");
}

#[test]
fn site_markup_is_masked_but_wrapped_words_stay() {
    let d = doc(
        ">[!NOTE]\n>\n>Use [!DNL Data Connection] and [!UICONTROL Save].\n\n{{$include /help/_includes/a.md}}\n",
    );
    assert_eq!(d.blocks[0].quote.map(|q| q.alert), Some(true));
    assert_eq!(
        d.blocks[0].text.as_str(),
        "Use \u{FFFC}Data Connection\u{FFFC} and \u{FFFC}Save\u{FFFC}."
    );
    assert_eq!(d.blocks[1].text.as_str(), "\u{FFFC}");
}

#[test]
fn readable_html_attributes_are_prose() {
    let d = doc(
        "<Listing number=\"17-51\" caption=\"TODO\" file-name=\"src/main.rs\">\n\ntext\n\n</Listing>\n",
    );
    let attr = d
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::HtmlAttribute)
        .unwrap();
    assert_eq!(attr.text.as_str(), "TODO");
    assert_eq!(d.slice(attr.span), "TODO");
}

#[test]
fn front_matter_only_at_start_and_thematic_breaks_stay() {
    let d = doc("# T\n\ntext\n\n---\ntitle: not front matter\n---\n");
    assert!(d.front_matter.is_none());
    assert!(d.blocks.iter().any(|b| b.kind == BlockKind::ThematicBreak));
}

#[test]
fn deep_nesting_does_not_overflow() {
    let src = ">".repeat(10_000) + " deep\n";
    let d = doc(&src);
    assert!(d.blocks.iter().any(|b| b.text.as_str() == "deep"));
}

#[test]
fn unresolved_references() {
    let d =
        doc("See [the guide][gd], [this][] and [plain] text, [!NOTE] and [ok][d].\n\n[d]: x.md\n");
    let got: Vec<(&str, LinkKind, &str)> = d
        .unresolved
        .iter()
        .map(|u| (d.slice(u.span), u.kind, u.label.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("[the guide][gd]", LinkKind::Reference, "gd"),
            ("[this][]", LinkKind::Collapsed, "this"),
            ("[plain]", LinkKind::Shortcut, "plain"),
            ("[!NOTE]", LinkKind::Shortcut, "!NOTE"),
        ]
    );
}
