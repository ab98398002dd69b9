//! The editorial layer: `report worksheet` writes the summaries files and keeps what editors
//! wrote; a summary is printed while the text it summarizes is unchanged, reported as stale
//! (and not printed) once the reply changes; summaries are checked as reply text is; a reply
//! in another language without a summary is named, never printed.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{config, copy_inputs, pdf_text, project_dir, squashed};
use report::build;
use report::diagnostic::Severity;
use serde_json::Value;

fn report(inputs: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_report"))
        .current_dir(project_dir())
        .args(args)
        .arg("--inputs")
        .arg(inputs)
        .output()
        .expect("run report")
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).expect("read")).expect("JSON")
}

fn write_json(path: &Path, value: &Value) {
    fs::write(
        path,
        serde_json::to_string_pretty(value).expect("JSON") + "\n",
    )
    .expect("write");
}

/// Every narrative of the bundled replies: respondent code, paragraph, text.
fn narratives(inputs: &Path) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for entry in fs::read_dir(inputs.join("replies"))
        .expect("replies")
        .flatten()
    {
        let reply = read_json(&entry.path());
        let code = reply["respondent"]["code"]
            .as_str()
            .expect("code")
            .to_owned();
        for (key, answer) in reply["paragraphs"].as_object().expect("paragraphs") {
            if let Some(text) = answer["narrative"].as_str() {
                found.push((code.clone(), key.clone(), text.to_owned()));
            }
        }
    }
    found
}

#[test]
fn the_worksheet_writes_an_entry_for_every_narrative_and_keeps_what_editors_wrote() {
    let inputs = copy_inputs();
    let summaries = inputs.path().join("summaries");
    fs::remove_dir_all(&summaries).expect("start without summaries");

    let output = report(inputs.path(), &["worksheet", "--format", "json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let worksheet: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(worksheet["format"], "report-worksheet/1");
    assert_eq!(worksheet["created"].as_array().map(Vec::len), Some(19));
    let narratives = narratives(inputs.path());
    let entries = worksheet["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), narratives.len());
    // The French and Spanish replies, and the English one that quotes a Russian title, need
    // a summary before the report can print them.
    let needed: Vec<&Value> = entries
        .iter()
        .filter(|entry| entry["status"] == "needed")
        .collect();
    assert_eq!(needed.len(), 12, "{needed:#?}");
    assert!(
        needed.iter().all(
            |entry| ["BFA", "COL", "RUS"].contains(&entry["respondent"].as_str().unwrap_or(""))
        )
    );
    assert!(
        worksheet["chapters"]
            .as_array()
            .is_some_and(|c| c.len() == 6)
    );

    // Each entry shows the text and records its SHA-256.
    for (code, paragraph, text) in &narratives {
        let file = read_json(&summaries.join(format!("{code}.json")));
        let entry = &file["paragraphs"][paragraph.as_str()];
        assert_eq!(
            entry["sha256"].as_str(),
            Some(report::editorial::narrative_hash(text).as_str()),
            "{code} {paragraph}"
        );
        assert_eq!(
            entry["text"].as_str(),
            Some(report::editorial::normalized_narrative(text).as_str())
        );
        assert_eq!(entry["summary"], "");
    }

    // An editor writes a summary of Burkina Faso's French reply on paragraph 5.
    let path = summaries.join("BFA.json");
    let mut file = read_json(&path);
    file["paragraphs"]["5"]["summary"] = Value::String(
        "Burkina Faso reported that vigilance committees worked at the national, provincial and village levels."
            .into(),
    );
    file["paragraphs"]["5"]["note"] = Value::String("checked by the editor".into());
    write_json(&path, &file);
    let again = report(inputs.path(), &["worksheet", "--format", "json"]);
    let again: Value = serde_json::from_slice(&again.stdout).expect("JSON");
    assert_eq!(again["created"].as_array().map(Vec::len), Some(0));
    let kept = read_json(&path);
    assert_eq!(kept, file, "the refresh keeps what the editor wrote");
    assert!(
        again["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .any(|entry| {
                entry["respondent"] == "BFA"
                    && entry["paragraph"] == 5
                    && entry["status"] == "summarized"
            })
    );

    // The report prints the summary, and no longer lists the narrative as needing one.
    let built = build(&config(inputs.path())).expect("builds");
    assert!(pdf_text(&built.pdf).contains("vigilance committees worked at the national"));
    let needing = |code: &str, paragraph: u32| {
        built.findings.iter().any(|finding| {
            finding.code == "summary-needed"
                && finding.source.ends_with(&format!("{code}.json"))
                && finding.paragraph == Some(paragraph)
        })
    };
    assert!(!needing("BFA", 5));
    assert!(needing("BFA", 7));
    // The editor's own field is an unknown field: said, not lost.
    assert!(
        built
            .findings
            .iter()
            .any(|finding| finding.code == "unknown-field"
                && finding.source.ends_with("BFA.json")
                && finding.severity == Severity::Warning)
    );
}

#[test]
fn a_summary_of_text_that_changed_is_stale_and_not_printed() {
    let inputs = copy_inputs();
    let printed = "received in transit centres until they could return to their families";
    let before = build(&config(inputs.path())).expect("builds");
    assert!(squashed(&pdf_text(&before.pdf)).contains(&squashed(printed)));

    // Burkina Faso sends a new reply: its narrative on paragraph 4 changes.
    let reply_path = inputs.path().join("replies/BFA.json");
    let mut reply = read_json(&reply_path);
    let old_text = reply["paragraphs"]["4"]["narrative"]
        .as_str()
        .expect("narrative")
        .to_owned();
    let new_text = format!("{old_text} Une nouvelle loi est en préparation.");
    reply["paragraphs"]["4"]["narrative"] = Value::String(new_text.clone());
    write_json(&reply_path, &reply);

    let after = build(&config(inputs.path())).expect("builds");
    let stale = after
        .findings
        .iter()
        .find(|finding| finding.code == "summary-stale")
        .expect("the summary is reported as stale");
    assert_eq!(stale.severity, Severity::Warning);
    assert!(stale.source.ends_with("summaries/BFA.json"), "{stale}");
    assert_eq!(stale.pointer.as_deref(), Some("/paragraphs/4/summary"));
    assert!(stale.position.is_some());
    assert!(!squashed(&pdf_text(&after.pdf)).contains(&squashed(printed)));
    // It falls back to what a reply in another language gets: named, and on the to-do list.
    assert!(
        after
            .findings
            .iter()
            .any(|finding| finding.code == "summary-needed"
                && finding.source.ends_with("replies/BFA.json")
                && finding.paragraph == Some(4))
    );

    // A strict build refuses it.
    let strict = report(
        inputs.path(),
        &["build", "--strict", "--out", "/dev/null/x.pdf"],
    );
    assert_eq!(strict.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&strict.stderr).contains("summary-stale"));

    // The worksheet shows the new text beside the old one, keeps the summary, marks it.
    let output = report(inputs.path(), &["worksheet"]);
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("1 stale"), "{stdout}");
    let summaries_path = inputs.path().join("summaries/BFA.json");
    let mut summaries = read_json(&summaries_path);
    let entry = &summaries["paragraphs"]["4"];
    assert_eq!(entry["stale"], true);
    assert_eq!(
        entry["previous_text"].as_str(),
        Some(report::editorial::normalized_narrative(&old_text).as_str())
    );
    assert_eq!(
        entry["sha256"].as_str(),
        Some(report::editorial::narrative_hash(&new_text).as_str())
    );
    assert!(
        entry["summary"]
            .as_str()
            .is_some_and(|summary| summary.contains(printed))
    );
    let still = build(&config(inputs.path())).expect("builds");
    assert!(
        still
            .findings
            .iter()
            .any(|finding| finding.code == "summary-stale")
    );

    // The editor revises the summary and removes the mark: it is printed again.
    let entry = summaries["paragraphs"]["4"].as_object_mut().expect("entry");
    entry.remove("stale");
    entry.insert(
        "summary".into(),
        Value::String(format!(
            "Burkina Faso reported that victims were {printed}, and that a new law was being prepared."
        )),
    );
    write_json(&summaries_path, &summaries);
    let revised = build(&config(inputs.path())).expect("builds");
    assert!(
        revised
            .findings
            .iter()
            .all(|finding| finding.code != "summary-stale")
    );
    assert!(squashed(&pdf_text(&revised.pdf)).contains(&squashed("a new law was being prepared")));
}

/// Builds the sample with one summaries entry replaced, and returns the build.
fn build_with_entry(code: &str, paragraph: &str, edit: impl FnOnce(&mut Value)) -> report::Build {
    let inputs = copy_inputs();
    let path = inputs.path().join(format!("summaries/{code}.json"));
    let mut file = read_json(&path);
    edit(&mut file["paragraphs"][paragraph]);
    write_json(&path, &file);
    build(&config(inputs.path())).expect("a bad summary does not stop the build")
}

#[test]
fn summaries_are_checked_as_reply_text_is_and_a_bad_one_is_not_printed() {
    /// The finding expected, the summary written, and any other change to the entry.
    type Case = (&'static str, &'static str, Box<dyn Fn(&mut Value)>);
    let cases: [Case; 5] = [
        (
            "control-character",
            "Burkina Faso reported \u{1b}[31m that QQmarker",
            Box::new(|_| {}),
        ),
        (
            "direction-control",
            "Burkina Faso reported \u{202e}that QQmarker",
            Box::new(|_| {}),
        ),
        (
            "font-coverage",
            "Burkina Faso reported 打 that QQmarker",
            Box::new(|_| {}),
        ),
        (
            "too-long",
            "",
            Box::new(|entry| {
                entry["summary"] = Value::String(format!("QQmarker {}", "word ".repeat(500)));
            }),
        ),
        (
            "summary-unanchored",
            "Burkina Faso reported that QQmarker.",
            Box::new(|entry| {
                entry.as_object_mut().expect("entry").remove("sha256");
            }),
        ),
    ];
    for (code, summary, extra) in cases {
        let built = build_with_entry("BFA", "4", |entry| {
            if !summary.is_empty() {
                entry["summary"] = Value::String(summary.to_owned());
            }
            extra(entry);
        });
        let finding = built
            .findings
            .iter()
            .find(|finding| finding.code == code)
            .unwrap_or_else(|| panic!("no `{code}` finding"));
        assert!(finding.source.ends_with("summaries/BFA.json"), "{finding}");
        assert_eq!(finding.paragraph, Some(4), "{finding}");
        assert!(finding.position.is_some(), "{finding}");
        assert!(
            !pdf_text(&built.pdf).contains("QQmarker"),
            "{code}: the summary was printed"
        );
        assert!(
            built.typst_warnings.is_empty(),
            "{:?}",
            built.typst_warnings
        );
    }

    let misspelt = build_with_entry("BFA", "4", |entry| {
        let summary = entry["summary"].take();
        entry
            .as_object_mut()
            .expect("entry")
            .insert("sumary".into(), summary);
    });
    let finding = misspelt
        .findings
        .iter()
        .find(|finding| finding.code == "unknown-field")
        .expect("the misspelt field is reported");
    assert!(
        finding
            .hint
            .as_deref()
            .is_some_and(|hint| hint.contains("`summary`"))
    );
}

#[test]
fn a_reply_in_another_language_without_a_summary_is_named_not_printed() {
    let inputs = copy_inputs();
    fs::remove_file(inputs.path().join("summaries/COL.json")).expect("remove the summaries");
    let built = build(&config(inputs.path())).expect("builds");
    let text = pdf_text(&built.pdf);
    let body = text.split("Annex I").next().unwrap_or_default();
    assert!(body.contains("Colombia"), "Colombia is named");
    let reply = read_json(&inputs.path().join("replies/COL.json"));
    for answer in reply["paragraphs"]
        .as_object()
        .expect("paragraphs")
        .values()
    {
        let Some(narrative) = answer["narrative"].as_str() else {
            continue;
        };
        for sentence in report::style::sentences(narrative) {
            let opening: String = sentence
                .split_whitespace()
                .take(6)
                .collect::<Vec<_>>()
                .join(" ");
            assert!(!text.contains(&opening), "Spanish text printed: {opening}");
        }
    }
    let needed = built
        .findings
        .iter()
        .filter(|finding| finding.code == "summary-needed" && finding.source.ends_with("COL.json"))
        .count();
    assert_eq!(needed, 6);
    // Every other narrative in another language has its summary.
    assert_eq!(built.summaries_needed, needed);
}
