//! Integration tests of the text draft and `report diff`: snapshots of the draft and the Typst
//! source (sample inputs and a smaller fixture folder), and diffs of crafted pairs of drafts.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use common::{config, copy_dir, project_dir};
use report::diff::{Change, compare};
use report::{build, draft::draft_text};

/// The draft of the bundled inputs, built once for all tests.
fn sample_draft() -> &'static str {
    static DRAFT: OnceLock<String> = OnceLock::new();
    DRAFT.get_or_init(|| {
        let built = build(&config(&project_dir().join("inputs"))).expect("the sample builds");
        draft_text(&built.blocks)
    })
}

#[test]
fn the_sample_draft_is_snapshotted() {
    insta::assert_snapshot!("sample_draft", sample_draft());
}

/// Where each page of the sample starts: a layout change (type size, margins, spacing) that
/// changes no word still moves page breaks, and so still needs a reviewer.
#[test]
fn the_sample_page_breaks_are_snapshotted() {
    let built = build(&config(&project_dir().join("inputs"))).expect("the sample builds");
    let pages: Vec<String> = built
        .page_starts
        .iter()
        .enumerate()
        .map(|(index, start)| format!("page {}: {start}", index + 1))
        .collect();
    insta::assert_snapshot!("sample_page_starts", pages.join("\n"));
}

/// A smaller report: three replies (a State, an organization, a late State).
#[test]
fn a_fixture_with_three_replies_has_its_draft_and_typst_source_snapshotted() {
    let inputs = tempfile::tempdir().expect("temporary folder");
    copy_dir(&project_dir().join("inputs"), inputs.path());
    for entry in fs::read_dir(inputs.path().join("replies"))
        .expect("replies")
        .flatten()
    {
        let keep = ["AUT.json", "NOR.json", "UNODC.json"];
        if !keep.iter().any(|name| entry.file_name() == *name) {
            fs::remove_file(entry.path()).expect("remove");
        }
    }
    let built = build(&config(inputs.path())).expect("the fixture builds");
    insta::assert_snapshot!("three_replies_draft", draft_text(&built.blocks));
    insta::assert_snapshot!("three_replies_typst_source", built.typst_source);
}

#[test]
fn the_draft_reads_as_the_pdf_does() {
    let draft = sample_draft();
    assert!(draft.starts_with("<!-- report-draft/1 -->"));
    // Headings, numbered paragraphs with footnote references, tables, collected footnotes.
    assert!(draft.contains("\n# I. Introduction\n"));
    assert!(draft.contains("\n## A. Criminalization, penalties and protection of victims\n"));
    assert!(draft.contains("\n1. In paragraph 12 of its resolution 63/194"));
    assert!(draft.contains("the depositary records available to the Secretariat,[3] as at"));
    assert!(draft.contains("| Victims identified (5) | 1,497 | 1,546 | 1,587 |"));
    assert!(draft.contains("\n---\n\n[*] A/64/150.\n"));
    assert!(draft.contains("\n# Annex III\n"));
    // No page furniture: no running head, page number or bar code legend.
    assert!(!draft.contains("*0945604*"));
    assert!(!draft.contains("SAMPLE DATA"));
    // One paragraph per line: paragraph 3 is long, and whole.
    let third = draft
        .lines()
        .find(|line| line.starts_with("3. "))
        .expect("paragraph 3");
    assert!(
        third.ends_with("The respondents are listed in annex I."),
        "{third}"
    );
}

/// Rewrites the numbered paragraphs of a draft: `edit` gets each paragraph's number and text
/// and returns the paragraphs to put there (none, itself, or more); numbers are given again.
fn renumbered(draft: &str, mut edit: impl FnMut(u32, &str) -> Vec<String>) -> String {
    let mut next = 1;
    draft
        .split("\n\n")
        .flat_map(|block| {
            let numbered = block
                .split_once(". ")
                .and_then(|(number, text)| Some((number.parse::<u32>().ok()?, text)));
            match numbered {
                Some((number, text)) => edit(number, text)
                    .into_iter()
                    .map(|text| {
                        let line = format!("{next}. {text}");
                        next += 1;
                        line
                    })
                    .collect::<Vec<_>>(),
                None => vec![block.to_owned()],
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The number of the paragraph of the sample draft that holds `text`.
fn number_of_paragraph_with(text: &str) -> String {
    sample_draft()
        .lines()
        .find(|line| line.contains(text))
        .and_then(|line| line.split_once(". "))
        .map(|(number, _)| number.to_owned())
        .unwrap_or_else(|| panic!("no paragraph holds `{text}`"))
}

/// The number of the first paragraph under the heading that starts with `heading`.
fn first_paragraph_under(heading: &str) -> u32 {
    let draft = sample_draft();
    let after = &draft[draft
        .find(heading)
        .unwrap_or_else(|| panic!("no `{heading}`"))..];
    after
        .lines()
        .find_map(|line| line.split_once(". ")?.0.parse().ok())
        .expect("a numbered paragraph")
}

#[test]
fn one_word_changed_is_one_change_with_the_word() {
    let old = sample_draft();
    let new = old.replacen(
        "continued efforts to implement",
        "sustained efforts to implement",
        1,
    );
    let diff = compare(old, &new);
    assert_eq!(diff.changes.len(), 1, "{:#?}", diff.changes);
    let Change::Changed { new, words, .. } = &diff.changes[0] else {
        panic!("{:?}", diff.changes[0]);
    };
    assert_eq!(
        new.number.as_deref(),
        Some(number_of_paragraph_with("continued efforts to implement").as_str())
    );
    assert!(
        words
            .iter()
            .any(|word| word.op == "removed" && word.text == "continued")
    );
    assert!(
        words
            .iter()
            .any(|word| word.op == "added" && word.text == "sustained")
    );
    assert_eq!(diff.summary.renumbered, 0);
}

#[test]
fn a_paragraph_inserted_in_chapter_two_is_one_addition_though_all_later_numbers_shift() {
    let old = sample_draft();
    let second = first_paragraph_under("# II. ") + 1;
    let new = renumbered(old, |number, text| {
        if number == second {
            vec![
                "A paragraph added by the editor.".to_owned(),
                text.to_owned(),
            ]
        } else {
            vec![text.to_owned()]
        }
    });
    let diff = compare(old, &new);
    assert_eq!(diff.changes.len(), 1, "{:#?}", diff.changes);
    let Change::Added { new } = &diff.changes[0] else {
        panic!("{:?}", diff.changes[0]);
    };
    assert_eq!(new.number.as_deref(), Some(second.to_string().as_str()));
    assert!(new.under.starts_with("II. Status of ratification"));
    assert!(diff.summary.renumbered > 30, "{:?}", diff.summary);
}

#[test]
fn a_paragraph_deleted_is_one_removal() {
    let old = sample_draft();
    let new = renumbered(old, |number, text| {
        if number == 40 {
            vec![]
        } else {
            vec![text.to_owned()]
        }
    });
    let diff = compare(old, &new);
    assert_eq!(diff.changes.len(), 1, "{:#?}", diff.changes);
    let Change::Removed { old } = &diff.changes[0] else {
        panic!("{:?}", diff.changes[0]);
    };
    assert_eq!(old.number.as_deref(), Some("40"));
}

#[test]
fn a_paragraph_moved_is_one_move() {
    let old = sample_draft();
    let mut moved = String::new();
    let new = renumbered(old, |number, text| match number {
        20 => {
            moved = text.to_owned();
            vec![]
        }
        30 => vec![text.to_owned(), moved.clone()],
        _ => vec![text.to_owned()],
    });
    let diff = compare(old, &new);
    assert_eq!(diff.changes.len(), 1, "{:#?}", diff.changes);
    let Change::Moved { old, new } = &diff.changes[0] else {
        panic!("{:?}", diff.changes[0]);
    };
    assert_eq!(old.number.as_deref(), Some("20"));
    assert_eq!(new.number.as_deref(), Some("30"));
}

#[test]
fn a_table_cell_changed_is_one_changed_row() {
    let old = sample_draft();
    let new = old.replacen(
        "| Victims identified (5) | 1,497 |",
        "| Victims identified (5) | 1,498 |",
        1,
    );
    assert!(old != new, "the test must change the draft");
    let diff = compare(old, &new);
    assert_eq!(diff.changes.len(), 1, "{:#?}", diff.changes);
    let Change::Changed { new, words, .. } = &diff.changes[0] else {
        panic!("{:?}", diff.changes[0]);
    };
    assert_eq!(new.kind, "table row");
    assert!(
        words
            .iter()
            .any(|word| word.op == "added" && word.text.contains("1,498"))
    );
}

#[test]
fn a_footnote_changed_is_one_changed_footnote() {
    let old = sample_draft();
    let new = old.replacen("[*] A/64/150.", "[*] A/64/151.", 1);
    assert!(old != new, "the test must change the draft");
    let diff = compare(old, &new);
    assert_eq!(diff.changes.len(), 1, "{:#?}", diff.changes);
    let Change::Changed { new, .. } = &diff.changes[0] else {
        panic!("{:?}", diff.changes[0]);
    };
    assert_eq!(new.kind, "footnote");
}

fn report_diff(old: &Path, new: &Path, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_report"))
        .current_dir(project_dir())
        .arg("diff")
        .arg(old)
        .arg(new)
        .args(extra)
        .output()
        .expect("run report diff")
}

#[test]
fn report_diff_exit_codes_and_outputs() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let old = dir.path().join("old.draft.txt");
    let new = dir.path().join("new.draft.txt");
    fs::write(&old, sample_draft()).expect("write");
    fs::write(&new, sample_draft()).expect("write");

    let same = report_diff(&old, &new, &[]);
    assert_eq!(same.status.code(), Some(0));
    assert!(same.stdout.is_empty(), "identical drafts print nothing");

    fs::write(
        &new,
        sample_draft().replacen(
            "continued efforts to implement",
            "sustained efforts to implement",
            1,
        ),
    )
    .expect("write");
    let human = report_diff(&old, &new, &[]);
    assert_eq!(human.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&human.stdout);
    let number = number_of_paragraph_with("continued efforts to implement");
    assert!(
        stdout.contains(&format!("changed paragraph {number}"))
            && stdout.contains("[-continued-]{+sustained+}"),
        "{stdout}"
    );
    let json = report_diff(&old, &new, &["--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(value["format"], "report-diff/1");
    assert_eq!(value["summary"]["changed"], 1);
    assert_eq!(value["changes"][0]["kind"], "changed");

    let missing = report_diff(&old, &dir.path().join("nothing-here.txt"), &[]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nothing-here.txt"));
}

#[test]
fn report_diff_builds_two_inputs_folders_on_the_fly() {
    let old = tempfile::tempdir().expect("temporary folder");
    copy_dir(&project_dir().join("inputs"), old.path());
    let new = tempfile::tempdir().expect("temporary folder");
    copy_dir(&project_dir().join("inputs"), new.path());
    // An editor revises a summary the report prints.
    let summaries = new.path().join("summaries/BFA.json");
    let text = fs::read_to_string(&summaries).expect("summaries").replacen(
        "received in transit centres",
        "sheltered in transit centres",
        1,
    );
    fs::write(&summaries, text).expect("write");
    let output = report_diff(old.path(), new.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("[-received-]{+sheltered+}"), "{stdout}");
    assert!(
        stdout.contains("1 changed, 0 added, 0 removed, 0 moved"),
        "{stdout}"
    );
}

#[test]
fn build_can_write_the_draft_and_the_typst_source_beside_the_pdf() {
    let out = tempfile::tempdir().expect("temporary folder");
    let pdf = out.path().join("report.pdf");
    let output = Command::new(env!("CARGO_BIN_EXE_report"))
        .current_dir(project_dir())
        .args(["build", "--draft", "--out"])
        .arg(&pdf)
        .output()
        .expect("run report build");
    assert!(output.status.success());
    let draft = fs::read_to_string(out.path().join("report.draft.txt")).expect("draft written");
    assert_eq!(draft, sample_draft());
    let source = fs::read_to_string(out.path().join("report.typ")).expect("source written");
    assert!(source.contains("#import \"un-report.typ\""));
}
