//! The report set as the document service sets it: curly quotation marks and apostrophes in
//! text from templates, reference data and replies alike, quotations nested inside quotations
//! with alternating marks, an en dash in every range of years; the compilation of replies keeps
//! each reply as received.

mod common;

use std::fs;

use common::{config, copy_inputs, pdf_text, project_dir};
use report::build;
use serde_json::Value;

#[test]
fn the_sample_report_has_no_straight_quotation_mark_or_apostrophe() {
    let built = build(&config(&project_dir().join("inputs"))).expect("builds");
    let draft = report::draft::draft_text(&built.blocks);
    let straight: Vec<&str> = draft
        .lines()
        .filter(|line| line.contains(['\'', '"']))
        .collect();
    assert!(straight.is_empty(), "straight marks in: {straight:#?}");
    assert!(draft.contains("Prosecutor\u{2019}s Office"), "{draft}");
}

#[test]
fn quoted_text_from_a_reply_is_set_as_print_and_kept_as_received_in_the_compilation() {
    let inputs = copy_inputs();
    let path = inputs.path().join("replies/BGR.json");
    let mut reply: Value = serde_json::from_slice(&fs::read(&path).expect("read")).expect("JSON");
    let narrative = "Statistics are compiled by the Prosecutor's Office under the \"National \
                     Programme\" for 2007-2012 and Law No. 029-2008.";
    reply["paragraphs"]["7"]["narrative"] = Value::String(narrative.to_owned());
    fs::write(&path, reply.to_string()).expect("write");
    let built = build(&config(inputs.path())).expect("builds");
    let draft = report::draft::draft_text(&built.blocks);
    // The report quotes Bulgaria: its double quotation marks become single ones inside the
    // report's, the apostrophe is curly, the range of years takes an en dash and the law's
    // number keeps its hyphen.
    assert!(
        draft.contains(
            "Bulgaria reported: \u{201c}Statistics are compiled by the Prosecutor\u{2019}s Office \
             under the \u{2018}National Programme\u{2019} for 2007\u{2013}2012 and Law No. \
             029-2008.\u{201d}"
        ),
        "{draft}"
    );
    // The compilation of replies reproduces the reply as received.
    let compilation = pdf_text(&built.compilation.pdf);
    assert!(
        compilation.contains("Prosecutor's Office under the \"National Programme\" for 2007-2012"),
        "{compilation}"
    );
}

#[test]
fn numbers_follow_the_editorial_manual() {
    let built = build(&config(&project_dir().join("inputs"))).expect("builds");
    let text = common::pdf_text(&built.pdf);
    // A series with a number of 10 or more is in figures throughout.
    assert!(
        text.contains("replies of 12 Member States and 6 organizations"),
        "{text}"
    );
    assert!(text.contains("received from 12 Member States and 6 organizations"));
    // A number below 10 with no larger one beside it is in words, in a comparison in figures.
    assert!(text.contains("one of them was not a party to the Optional Protocol"));
    assert!(
        text.contains("the status of 4 of the 12 replying States"),
        "{text}"
    );
    assert!(!text.contains("the status of 4 with regard"));

    // Fewer than 10 of each: words throughout.
    let inputs = copy_inputs();
    for code in [
        "AUT", "BEL", "BFA", "BGR", "BHR", "BLR", "BRA", "ILO", "IOM", "OHCHR",
    ] {
        fs::remove_file(inputs.path().join(format!("replies/{code}.json"))).expect("remove");
    }
    let built = build(&config(inputs.path())).expect("builds");
    let text = common::pdf_text(&built.pdf);
    assert!(
        text.contains("replies of five Member States and three organizations"),
        "{text}"
    );
}

#[test]
fn sentences_assembled_from_fields_read_as_an_editor_writes_them() {
    let built = build(&config(&project_dir().join("inputs"))).expect("builds");
    let draft = report::draft::draft_text(&built.blocks);
    // A name keeps its capitals and takes its article; the acronym of report.json's
    // `acronyms` is spelled out where it is first used, short afterwards.
    assert!(
        draft.contains(
            "the United Nations Global Initiative to Fight Human Trafficking (UN.GIFT) (USD \
             20,000), UN.GIFT (EUR 150,000)"
        ),
        "{draft}"
    );
    assert!(!draft.contains("united Nations"), "{draft}");
    // A phrase in sentence case loses its capital mid-sentence.
    assert!(draft.contains("technical assistance on trafficking in persons (EUR 100,000)"));
    // The compilation of replies: a law's year is not repeated after a title that says it,
    // a mechanism's scope is a phrase, a purpose reads inside its sentence.
    let compilation = pdf_text(&built.compilation.pdf);
    assert!(
        compilation.contains("Law No. 1 of 2008 with respect to trafficking in persons; forms"),
        "{compilation}"
    );
    assert!(compilation.contains(
        "Task Force on Combating Human Trafficking, a national mechanism established in 2004"
    ));
    assert!(!compilation.contains("(national,"), "{compilation}");
    assert!(compilation.contains("for technical assistance on trafficking in persons"));
    assert!(!compilation.contains("for Technical assistance"));
}
