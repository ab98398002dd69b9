//! The hostile corpus (`tests/hostile/`, 86 replies written to break, trick or overload the
//! engine) through `report check` and `report build`, beside the 19 good sample replies.
//! `tests/hostile-expectations.json` says what each must come to: accepted, with its hostile
//! text printed literally, or left out with findings of the codes listed.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_dir, pdf_text, project_dir, squashed};
use report::{BuildConfig, build};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Expectations {
    replies: BTreeMap<String, Expected>,
}

#[derive(Debug, Deserialize)]
struct Expected {
    outcome: String,
    #[serde(default)]
    codes: Vec<String>,
    #[serde(default)]
    in_pdf: Vec<String>,
}

fn expectations() -> Expectations {
    serde_json::from_slice(
        &fs::read(project_dir().join("tests/hostile-expectations.json")).expect("expectations"),
    )
    .expect("expectations are JSON")
}

fn corpus() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(project_dir().join("tests/hostile"))
        .expect("corpus")
        .flatten()
        .map(|entry| entry.path())
        .collect();
    files.sort();
    files
}

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn the_corpus_is_large_and_every_file_has_an_expectation() {
    let files: BTreeSet<String> = corpus()
        .iter()
        .map(|path| file_name(&path.to_string_lossy()))
        .collect();
    let expected: BTreeSet<String> = expectations().replies.keys().cloned().collect();
    assert!(files.len() >= 60, "only {} hostile replies", files.len());
    assert_eq!(files, expected);
}

#[test]
fn report_check_reports_every_problem_without_panicking() {
    let output = Command::new(env!("CARGO_BIN_EXE_report"))
        .current_dir(project_dir())
        .arg("check")
        .args(corpus())
        .args(["--format", "json"])
        .output()
        .expect("run report check");
    // 1: some replies have errors. A panic would be 101; an unreadable input 2.
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let mut errors: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for finding in findings["findings"].as_array().expect("findings") {
        if finding["severity"] == "error" {
            errors
                .entry(file_name(finding["source"].as_str().unwrap_or_default()))
                .or_default()
                .insert(finding["code"].as_str().unwrap_or_default().to_owned());
        }
    }
    for (name, expected) in expectations().replies {
        let found = errors.get(&name).cloned().unwrap_or_default();
        let font_only = expected.codes == ["font-coverage"];
        if expected.outcome == "accepted" || font_only {
            // The font check needs the fonts, so only `report build` runs it.
            assert!(found.is_empty(), "{name}: unexpected errors {found:?}");
        } else {
            let wanted: BTreeSet<String> = expected.codes.iter().cloned().collect();
            assert_eq!(found, wanted, "{name}");
        }
    }
}

#[test]
fn report_build_prints_hostile_text_literally_and_keeps_every_good_reply() {
    let inputs = tempfile::tempdir().expect("temporary folder");
    copy_dir(&project_dir().join("inputs"), inputs.path());
    for path in corpus() {
        fs::copy(
            &path,
            inputs
                .path()
                .join("replies")
                .join(path.file_name().expect("name")),
        )
        .expect("copy");
    }
    let built = build(&BuildConfig {
        inputs_dir: inputs.path().to_path_buf(),
        templates_dir: project_dir().join("report-templates"),
        fonts_dir: project_dir().join("fonts"),
    })
    .expect("hostile replies do not stop the build");
    assert!(
        built.typst_warnings.is_empty(),
        "{:?}",
        built.typst_warnings
    );

    let left_out: BTreeSet<String> = built
        .left_out
        .iter()
        .map(|left| file_name(&left.source))
        .collect();
    let expectations = expectations();
    let expected_out: BTreeSet<String> = expectations
        .replies
        .iter()
        .filter(|(_, expected)| expected.outcome == "left out")
        .map(|(name, _)| name.clone())
        .collect();
    // Exactly the bad ones are left out: every good sample reply is still in the report.
    let parsed_but_out: BTreeSet<String> = left_out.iter().cloned().collect();
    let unparsed: BTreeSet<String> = built
        .findings
        .iter()
        .filter(|finding| finding.code == "json-syntax")
        .map(|finding| file_name(&finding.source))
        .collect();
    let all_out: BTreeSet<String> = parsed_but_out.union(&unparsed).cloned().collect();
    assert_eq!(all_out, expected_out);
    assert_eq!(
        built.accepted,
        19 + expectations.replies.len() - expected_out.len()
    );

    // Every reply left out has its problem reported, with the expected code.
    for name in &expected_out {
        let codes: BTreeSet<&str> = built
            .findings
            .iter()
            .filter(|finding| file_name(&finding.source) == *name)
            .map(|finding| finding.code)
            .collect();
        for code in &expectations.replies[name].codes {
            assert!(
                codes.contains(code.as_str()),
                "{name}: no `{code}` in {codes:?}"
            );
        }
    }

    let text = pdf_text(&built.pdf);
    // Every reply is printed in full in the compilation of replies. Compared as `squashed`
    // says: line breaks and shaping change spaces, hyphens and invisible characters, nothing
    // else.
    let replies = pdf_text(&built.compilation.pdf);
    let printed = squashed(&replies);
    for (name, expected) in &expectations.replies {
        for piece in &expected.in_pdf {
            let piece = squashed(piece);
            // Text extraction reads glyphs in the order they are drawn, left to right, so a
            // right-to-left script (Arabic) comes out with its characters reversed.
            let drawn: String = piece.chars().rev().collect();
            assert!(
                printed.contains(&piece) || printed.contains(&drawn),
                "{name}: `{piece}` is not in the compilation of replies as written"
            );
        }
    }
    for good in [
        "Austria",
        "Burkina Faso",
        "Russian Federation",
        "UNODC",
        "La Strada International",
    ] {
        assert!(text.contains(good), "{good} is missing");
    }
    assert!(
        !text.contains("root:x:0") && !replies.contains("root:x:0"),
        "a file outside the sandbox was read"
    );
}

#[test]
fn more_reply_files_than_the_limit_are_not_read_and_the_limit_is_reported() {
    let inputs = tempfile::tempdir().expect("temporary folder");
    copy_dir(&project_dir().join("inputs"), inputs.path());
    let replies = inputs.path().join("replies");
    for index in 0..=report::gather::MAX_REPLIES {
        fs::write(replies.join(format!("zz-{index:05}.json")), "{}").expect("write");
    }
    let gathered = report::gather::gather(inputs.path()).expect("gathers");
    assert_eq!(gathered.replies_read, report::gather::MAX_REPLIES);
    let finding = gathered
        .findings
        .iter()
        .find(|finding| finding.code == "too-many-replies")
        .expect("the limit is reported");
    assert!(
        finding.message.contains("more than the limit of 10000"),
        "{}",
        finding.message
    );
}
