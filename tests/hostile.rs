//! The hostile corpus (`tests/hostile/`, 89 replies written to break, trick or overload the
//! engine) through `report check` and `report build`, beside the 19 good sample replies.
//! `tests/hostile-expectations.json` says what each must come to: accepted, with its hostile
//! text printed literally, or left out with findings of the codes listed.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{config, copy_inputs, pdf_text, project_dir, squashed};
use report::build;
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
        // The font rule runs in `report check` too: a reply it passes is one the build uses.
        if expected.outcome == "accepted" {
            assert!(found.is_empty(), "{name}: unexpected errors {found:?}");
        } else {
            let wanted: BTreeSet<String> = expected.codes.iter().cloned().collect();
            assert_eq!(found, wanted, "{name}");
        }
    }
}

#[test]
fn report_build_prints_hostile_text_literally_and_keeps_every_good_reply() {
    let inputs = copy_inputs();
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
    let built = build(&config(inputs.path())).expect("hostile replies do not stop the build");
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

/// More reply files than the limit (20,000 `{}` files that sort before the real replies) is an
/// error that stops the build and names the limit: reading the first 10,000 would leave every
/// real reply out with exit 0.
#[test]
fn more_reply_files_than_the_limit_stop_the_build_and_name_the_limit() {
    let inputs = copy_inputs();
    let replies = inputs.path().join("replies");
    for index in 0..=report::gather::MAX_REPLIES {
        fs::write(replies.join(format!("aa-{index:05}.json")), "{}").expect("write");
    }
    let Err(error) = report::gather::gather(inputs.path()) else {
        panic!("the limit does not stop the build");
    };
    assert!(
        error.to_string().contains("more than the limit of 10000"),
        "{error}"
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_report"))
        .current_dir(project_dir())
        .args(["build", "--inputs"])
        .arg(inputs.path())
        .arg("--out")
        .arg(
            tempfile::tempdir()
                .expect("temporary folder")
                .path()
                .join("r.pdf"),
        )
        .output()
        .expect("run report build");
    assert_eq!(output.status.code(), Some(2));
}

/// Every entry of the replies folder that looks like a reply and is not read gets a finding:
/// a folder, a FIFO, a link that leads nowhere or out of the inputs folder (whose target is
/// never shown), replies in a subfolder, a reply saved in the inputs folder itself. A reply
/// whose extension is in capitals is read. Nothing hangs, and the good replies are all used.
#[cfg(unix)]
#[test]
fn entries_that_are_not_reply_files_each_get_a_finding_and_nothing_hangs() {
    let inputs = copy_inputs();
    let replies = inputs.path().join("replies");
    fs::rename(replies.join("AUT.json"), replies.join("AUT.JSON")).expect("rename");
    std::os::unix::fs::symlink(replies.join("missing.json"), replies.join("dangling.json"))
        .expect("link");
    std::os::unix::fs::symlink("/etc/passwd", replies.join("leak.json")).expect("link");
    fs::create_dir(replies.join("folder.json")).expect("folder");
    fs::create_dir(replies.join("old")).expect("folder");
    fs::copy(
        replies.join("NOR.json"),
        replies.join("old").join("NOR.json"),
    )
    .expect("copy");
    fs::copy(
        replies.join("NOR.json"),
        inputs.path().join("NOR-copy.json"),
    )
    .expect("copy");
    make_fifo(&replies.join("pipe.json"));

    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_report"))
        .current_dir(project_dir())
        .args(["check", "--format", "json", "--inputs"])
        .arg(inputs.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run report check");
    let started = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("report check hangs");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let output = child.wait_with_output().expect("output");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        !stdout.contains("root:"),
        "the link's target is shown: {stdout}"
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let found: BTreeSet<(String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|finding| {
            (
                file_name(finding["source"].as_str().unwrap_or_default()),
                finding["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    for expected in [
        ("dangling.json", "dangling-link"),
        ("leak.json", "link-outside-inputs"),
        ("folder.json", "not-a-file"),
        ("pipe.json", "not-a-file"),
        ("old", "replies-in-subfolder"),
        ("NOR-copy.json", "not-read"),
    ] {
        assert!(
            found.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "no {expected:?} in {found:?}"
        );
    }
    let built = build(&config(inputs.path())).expect("builds");
    assert_eq!(built.accepted, 19);
}

/// A named pipe at `path`, made as a user would (`mkfifo`).
#[cfg(unix)]
fn make_fifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(made.success());
}

/// A FIFO in the place of `report.json` is refused, not waited on.
#[cfg(unix)]
#[test]
fn a_fifo_as_a_required_input_is_refused_not_waited_on() {
    let inputs = copy_inputs();
    let metadata = inputs.path().join("report.json");
    fs::remove_file(&metadata).expect("remove");
    make_fifo(&metadata);
    let Err(error) = report::gather::gather(inputs.path()) else {
        panic!("a FIFO is read as report.json");
    };
    assert!(
        error.to_string().contains("report.json") && error.to_string().contains("FIFO"),
        "{error}"
    );
}

/// A generated reply with millions of wrong entries costs time and memory in proportion to its
/// size, not to the square of its findings: a list far longer than any reply needs is one
/// finding, and below that each kind of finding is listed 50 times with a count of the rest.
#[test]
fn millions_of_wrong_entries_on_one_line_are_summarized_not_listed() {
    let sample: serde_json::Value = serde_json::from_slice(
        &fs::read(project_dir().join("inputs/replies/AUT.json")).expect("reply"),
    )
    .expect("JSON");
    let check = |laws: serde_json::Value| {
        let mut reply = sample.clone();
        reply["paragraphs"]["4"]["laws"] = laws;
        let bytes = serde_json::to_vec(&reply).expect("JSON");
        let (document, mut findings) = report::gather::parse_reply(bytes, "generated.json");
        if let Some(document) = document {
            let gathered = report::gather::gather_replies(&project_dir().join("inputs"), Some(&[]))
                .expect("inputs");
            findings.extend(report::check::check_reply_document(&gathered, &document));
        }
        findings
    };

    // Two million numbers where law objects belong: one finding, naming the list.
    let findings = check(serde_json::Value::Array(vec![
        serde_json::json!(1);
        2_000_000
    ]));
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].code, "too-many-values");
    assert_eq!(findings[0].pointer.as_deref(), Some("/paragraphs/4/laws"));

    // 150,000 (within the value limit): the form's problems described up to a cap, the rest
    // counted.
    let findings = check(serde_json::Value::Array(vec![
        serde_json::json!(1);
        150_000
    ]));
    assert!(findings.len() <= 60, "{} findings", findings.len());
    assert!(
        findings
            .iter()
            .any(|finding| finding.message.contains("more")
                && finding.message.contains("not listed")),
        "{findings:?}"
    );

    // 60,000 laws whose titles hold a control character: 50 listed, the rest counted.
    let findings = check(serde_json::Value::Array(vec![
        serde_json::json!({"title": "\u{7}"});
        60_000
    ]));
    let listed = findings
        .iter()
        .filter(|finding| finding.code == "control-character" && finding.position.is_some())
        .count();
    assert_eq!(listed, report::check::MAX_FINDINGS_OF_A_KIND);
    assert!(
        findings
            .iter()
            .any(|finding| finding.code == "control-character"
                && finding.message.contains("59,950 more"))
    );
}

/// Nothing from a reply or a file name reaches the terminal raw: keys with escape sequences, a
/// carriage return, C1 controls (which JSON allows unescaped) and a file name with a line
/// break are all shown escaped, so none can forge a line such as `wrote fake.pdf`.
#[test]
fn control_characters_from_a_reply_never_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut reply: serde_json::Value = serde_json::from_slice(
        &fs::read(project_dir().join("inputs/replies/AUT.json")).expect("reply"),
    )
    .expect("JSON");
    reply["\u{1b}]0;PWNED\u{7}"] = serde_json::json!(1);
    reply["a\rwrote fake.pdf"] = serde_json::json!(1);
    reply["csi\u{9b}31m"] = serde_json::json!(1);
    let path = dir.path().join("bad\nwrote fake.pdf.json");
    // serde_json escapes C0 controls but writes U+009B as it is, as a hostile file would.
    fs::write(&path, serde_json::to_vec(&reply).expect("JSON")).expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_report"))
        .current_dir(project_dir())
        .arg("check")
        .arg(&path)
        .output()
        .expect("run report check");
    for stream in [&output.stdout, &output.stderr] {
        let text = String::from_utf8_lossy(stream);
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "a raw control character reached the terminal: {text:?}"
        );
        assert!(
            !text.lines().any(|line| line.starts_with("wrote fake.pdf")),
            "a forged line: {text}"
        );
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        format!("{stdout}{stderr}").contains("\\u{1b}]0;PWNED\\u{7}"),
        "{stdout}{stderr}"
    );
}

/// A PDF that the export cannot write (a length limit of PDF/A and PDF/UA, which carries no
/// place of its own) is blamed on the input its text came from, never left with Typst's
/// generic hint.
#[test]
fn an_export_failure_names_the_input_and_the_place_of_its_text() {
    let inputs = copy_inputs();
    let metadata_path = inputs.path().join("report.json");
    let mut metadata: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&metadata_path).expect("report.json"))
            .expect("JSON");
    metadata["title"] = serde_json::Value::String(format!(
        "Trafficking in women and girls{}",
        " and a title far too long".repeat(1500)
    ));
    fs::write(
        &metadata_path,
        serde_json::to_string_pretty(&metadata).expect("JSON"),
    )
    .expect("write");
    let error = match build(&config(inputs.path())) {
        Ok(_) => panic!("a title of 37,000 characters was written into a PDF/A"),
        Err(error) => error.to_string(),
    };
    assert!(error.contains("a PDF string is longer than"), "{error}");
    assert!(error.contains("the document's title"), "{error}");
    assert!(
        error.contains("report.json`, line ") && error.contains("(/title)"),
        "the error names the file, the line and the field: {error}"
    );
    assert!(
        !error.contains("ensure title and author names"),
        "Typst's generic hint is replaced: {error}"
    );
}
