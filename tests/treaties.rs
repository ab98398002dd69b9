//! The status of ratification as the report states it: the depositary cited as the UN cites
//! it, no date after the report's, the number of parties in all as at a date the reference data
//! give, Annex II in the Editorial Manual's notation (dates written out, note letters for
//! accession, entry into force and what a State reported), and the provenance of every cell in
//! the manifest.

mod common;

use std::fs;
use std::path::Path;

use common::{config, copy_inputs, pdf_text, project_dir};
use report::build;
use serde_json::Value;

/// The draft's text of Annex II: from its heading to the next annex, notes included.
fn treaty_annex(built: &report::Build) -> String {
    let draft = report::draft::draft_text(&built.blocks);
    let start = draft.find("# Annex II\n").expect("Annex II");
    let rest = &draft[start..];
    let end = rest.find("# Annex III").unwrap_or(rest.len());
    rest[..end].to_owned()
}

fn edit_json(path: &Path, edit: impl FnOnce(&mut Value)) {
    let mut value: Value = serde_json::from_slice(&fs::read(path).expect("read")).expect("JSON");
    edit(&mut value);
    fs::write(path, serde_json::to_vec_pretty(&value).expect("JSON")).expect("write");
}

#[test]
fn the_depositary_is_cited_as_the_un_cites_it_and_no_date_follows_the_report_date() {
    let built = build(&config(&project_dir().join("inputs"))).expect("builds");
    // Extraction puts a space where the italic title ends.
    let text = pdf_text(&built.pdf).replace(" ,", ",");
    assert!(
        text.contains(
            "Multilateral Treaties Deposited with the Secretary-General, status as at 12 August 2009"
        ),
        "{text}"
    );
    // Private short names of the reference data's sources never reach the document.
    for private in [
        "verdragen",
        "WPD",
        "Tractatenblad",
        "Compiled on",
        "this task",
    ] {
        assert!(!text.contains(private), "`{private}` in the report");
    }
    // No year after that of the report (2009) in the report's text, but for what a reply
    // itself says (a national strategy for 2007-2012).
    let years_after = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_ascii_digit())
            .filter(|word| word.len() == 4)
            .filter(|year| {
                year.parse::<u32>()
                    .is_ok_and(|year| (2010..2100).contains(&year))
            })
            .map(str::to_owned)
            .collect()
    };
    let mut replies = String::new();
    for entry in fs::read_dir(project_dir().join("inputs/replies")).expect("replies") {
        replies.push_str(&fs::read_to_string(entry.expect("entry").path()).expect("read"));
    }
    let quoted = years_after(&replies);
    let later: Vec<String> = years_after(&text)
        .into_iter()
        .filter(|year| !quoted.contains(year))
        .collect();
    assert!(later.is_empty(), "years after the report's: {later:?}");
    // Parties in all, as at the latest date the reference data give on or before the report's.
    assert!(
        text.contains("which had 124 parties in all as at 26 September 2008"),
        "{text}"
    );
    assert!(text.contains("which had 185 parties in all in December 2008"));
    assert!(
        !text.contains("173 parties"),
        "a count of 2018 in a report of 2009"
    );
}

#[test]
fn a_count_of_parties_dated_after_the_report_is_never_stated() {
    let inputs = copy_inputs();
    edit_json(
        &inputs.path().join("reference/treaty-status.json"),
        |status| {
            let counts = &mut status["treaties"]["XVIII-12-a"]["parties_worldwide"];
            *counts = serde_json::json!([
                {"as_at": "2009-08-13", "parties": 131, "source": "UNODC2008_TIP"},
                {"as_at": "2009-08", "parties": 130, "source": "UNODC2008_TIP"},
                {"as_at": "2009-07", "parties": 129, "source": "UNODC2008_TIP"}
            ]);
            status["treaties"]["IV-8"]["parties_worldwide"] = serde_json::json!([]);
        },
    );
    let built = build(&config(inputs.path())).expect("builds");
    let text = pdf_text(&built.pdf);
    // A month's count may describe its last day: August 2009 is not yet over on 12 August.
    assert!(
        text.contains("which had 129 parties in all in July 2009"),
        "{text}"
    );
    assert!(!text.contains("131 parties") && !text.contains("130 parties"));
    assert!(
        !text.contains("185 parties"),
        "a count the data no longer hold"
    );
}

#[test]
fn annex_ii_writes_dates_out_and_marks_accession_entry_into_force_and_reports_with_notes() {
    let built = build(&config(&project_dir().join("inputs"))).expect("builds");
    let annex = treaty_annex(&built);
    // Dates as the Editorial Manual writes them, accession as a note letter.
    assert!(
        annex.contains("| Bahrain            |             7 June 2004[a] |"),
        "{annex}"
    );
    assert!(annex.contains("15 September 2005"), "{annex}");
    assert!(
        !annex.contains(" Sep ") && !annex.contains(" Jun "),
        "{annex}"
    );
    assert!(annex.contains("[a] Accession."), "{annex}");
    // Egypt's record gives only the entry into force of the Convention: not an instrument date.
    assert!(annex.contains("| Egypt              |                   Party[b] |"));
    assert!(!annex.contains("in force 4"), "{annex}");
    assert!(annex.contains("[b] Party; the records give only the date on which"));
    // Japan's signature is its own report: the records hold no entry for it.
    assert!(annex.contains("Signed 9 December 2002[c]"), "{annex}");
    assert!(annex.contains("[c] As reported by the State; the records available do not show"));
    assert!(!annex.contains("(r)"));
    // The superscript letters are in the PDF too.
    let text = pdf_text(&built.pdf);
    assert!(
        text.contains("Bahrain 7 June 2004 a 7 June 2004 a"),
        "{text}"
    );
}

#[test]
fn a_signature_a_state_reports_and_the_record_lacks_is_shown_as_reported() {
    let inputs = copy_inputs();
    // The record holds the Russian Federation for the Optional Protocol, with nothing by the
    // report date ("—"); its reply says it signed.
    edit_json(&inputs.path().join("replies/RUS.json"), |reply| {
        reply["paragraphs"]["2"]["treaty_actions"] = serde_json::json!([
            {"instrument": "OPSC", "action": "signature", "date": "2001-02-06"}
        ]);
    });
    let built = build(&config(inputs.path())).expect("builds");
    let annex = treaty_annex(&built);
    let row = annex
        .lines()
        .find(|line| line.starts_with("| Russian Federation"))
        .expect("the Russian Federation's row");
    assert!(row.contains("Signed 6 February 2001["), "{row}");
    assert!(!row.contains('—'), "{row}");
    let cell = built
        .report
        .treaty_status
        .provenance
        .cells
        .iter()
        .find(|cell| cell.state == "RUS" && cell.instrument == "IV-11-c")
        .expect("the cell's provenance");
    assert_eq!(cell.basis, "reported by the State");
}

#[test]
fn the_manifest_records_where_each_treaty_fact_comes_from() {
    let inputs = project_dir().join("inputs");
    let config = config(&inputs);
    let built = build(&config).expect("builds");
    let out = tempfile::tempdir().expect("temp dir");
    let manifest = report::manifest::manifest(&config, &built, &out.path().join("report.pdf"))
        .expect("manifest");
    let manifest = serde_json::to_value(&manifest).expect("JSON");
    let treaties = &manifest["treaty_status"];
    assert_eq!(
        treaties["depositary"],
        "Multilateral Treaties Deposited with the Secretary-General"
    );
    assert_eq!(treaties["as_at"], "2009-08-12");
    let cells = treaties["cells"].as_array().expect("cells");
    // Every replying State x every instrument.
    assert_eq!(cells.len(), 12 * 4);
    let bahrain = cells
        .iter()
        .find(|cell| cell["state"] == "BHR" && cell["instrument"] == "XVIII-12-a")
        .expect("Bahrain's cell");
    assert_eq!(bahrain["shown"], "7 June 2004 (a)");
    assert_eq!(bahrain["basis"], "record");
    let sources = bahrain["sources"].as_array().expect("sources");
    assert!(!sources.is_empty());
    assert!(
        sources.iter().all(|source| source["url"]
            .as_str()
            .is_some_and(|url| url.starts_with("http"))),
        "{sources:?}"
    );
    let count = treaties["parties_worldwide"]
        .as_array()
        .expect("counts")
        .iter()
        .find(|count| count["instrument"] == "XVIII-12-a")
        .expect("the Protocol's count");
    assert_eq!(count["parties"], 124);
    assert_eq!(count["source"]["id"], "UNODC2008_TIP");
}
