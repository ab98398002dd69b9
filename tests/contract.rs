//! `report check` is the respondent's contract: a reply it passes is one the build uses as
//! written. These tests run the binary as a respondent would, on a reply file of their own.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::project_dir;
use serde_json::{Value, json};

/// Runs `report` in `dir` with `args`; returns stdout, stderr and the exit code.
fn report(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_report"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run report");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

/// A good reply of Italy, with `edit` applied, written to a temporary folder.
fn reply_file(edit: impl FnOnce(&mut Value)) -> (tempfile::TempDir, String) {
    let mut reply = json!({
        "format": "report-reply/1",
        "respondent": { "kind": "member_state", "code": "ITA" },
        "submitted": "2009-04-17",
        "language": "en",
        "paragraphs": {
            "4": { "narrative": "Article 601 of the Criminal Code criminalizes trafficking in persons." }
        }
    });
    edit(&mut reply);
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("ITA.json");
    fs::write(&path, serde_json::to_vec_pretty(&reply).expect("JSON")).expect("write");
    (dir, path.display().to_string())
}

fn inputs() -> String {
    project_dir().join("inputs").display().to_string()
}

#[test]
fn text_the_fonts_cannot_show_fails_check_as_it_is_left_out_of_the_build() {
    let (_dir, file) = reply_file(|reply| {
        reply["paragraphs"]["4"]["narrative"] = Value::String("意大利刑法第601条。".to_owned());
    });
    // Run outside the project: the fonts built into the binary are used.
    let elsewhere = tempfile::tempdir().expect("temporary folder");
    let (stdout, _, code) = report(elsewhere.path(), &["check", &file, "--inputs", &inputs()]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("font-coverage"), "{stdout}");
    // And with the project's fonts folder named.
    let fonts = project_dir().join("fonts").display().to_string();
    let (stdout, _, code) = report(
        elsewhere.path(),
        &["check", &file, "--inputs", &inputs(), "--fonts", &fonts],
    );
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("font-coverage"), "{stdout}");
}

#[test]
fn a_misspelt_field_says_its_text_is_not_used_and_strict_fails_on_it() {
    let (_dir, file) = reply_file(|reply| {
        reply["paragraphs"]["4"] = json!({ "narative": "Article 601 criminalizes trafficking." });
    });
    let (stdout, _, code) = report(&project_dir(), &["check", &file]);
    assert_eq!(code, 0, "a warning alone: {stdout}");
    assert!(
        stdout.contains(
            "unknown field `narative` is ignored: what it holds will not be in the report"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("did you mean `narrative`?"), "{stdout}");
    for flag in ["--strict", "--deny-warnings"] {
        let (stdout, _, code) = report(&project_dir(), &["check", flag, &file]);
        assert_eq!(code, 1, "{flag}: {stdout}");
    }
    // A clean reply passes --strict.
    let (_clean, file) = reply_file(|_| {});
    let (stdout, _, code) = report(&project_dir(), &["check", "--strict", &file]);
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn breakdowns_and_dates_that_cannot_be_are_findings() {
    let (_dir, file) = reply_file(|reply| {
        reply["submitted"] = Value::String("2009-01-20".to_owned());
        reply["paragraphs"]["7"] = json!({ "statistics": [
            { "year": 2008, "measure": "victims_identified", "value": 40,
              "breakdown": { "female": 30, "male": 20 } },
            { "year": 2008, "measure": "prosecutions", "value": 12,
              "breakdown": { "femal": 5 } }
        ] });
    });
    let (stdout, _, _) = report(&project_dir(), &["check", &file]);
    assert!(stdout.contains("breakdown-exceeds-total"), "{stdout}");
    assert!(
        stdout.contains("female and male add up to 50, more than the 40"),
        "{stdout}"
    );
    assert!(stdout.contains("unknown-term"), "{stdout}");
    assert!(stdout.contains("did you mean `female`?"), "{stdout}");
    assert!(stdout.contains("reply-before-request"), "{stdout}");
    assert!(
        stdout.contains("before the note verbale of 13 February 2009"),
        "{stdout}"
    );
}

#[test]
fn a_wrong_type_does_not_hide_the_other_findings() {
    let (_dir, file) = reply_file(|reply| {
        reply["paragraphs"]["7"] = json!({ "statistics": [
            { "year": 2008, "measure": "victims_identified", "value": "372" },
            { "year": 2008, "measure": "prosecutoins", "value": 12 }
        ] });
        reply["paragraphs"]["4"]["laws"] = json!([
            { "title": "Law 228/2003", "year": 2003, "forms": ["sexual_exploitaton"] }
        ]);
    });
    let (stdout, _, code) = report(&project_dir(), &["check", &file]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("wrong-type"), "{stdout}");
    // Found in the same run: the misspelt measure and form, with what was meant.
    assert!(
        stdout.contains("unknown measure `prosecutoins`"),
        "{stdout}"
    );
    assert!(stdout.contains("did you mean `prosecutions`?"), "{stdout}");
    assert!(stdout.contains("sexual_exploitaton"), "{stdout}");
}

#[test]
fn a_reply_on_standard_input_is_checked() {
    let reply = fs::read(project_dir().join("inputs/replies/AUT.json")).expect("read");
    let mut child = Command::new(env!("CARGO_BIN_EXE_report"))
        .current_dir(project_dir())
        .args(["check", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run report check -");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(&reply).expect("write the reply");
    }
    let output = child.wait_with_output().expect("wait");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("checked 1 reply: 1 can be used"),
        "{stdout}"
    );
}

#[test]
fn report_new_says_which_code_was_meant() {
    let (_, stderr, code) = report(&project_dir(), &["new", "--state", "Italy"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("Italy is `--state ITA`"), "{stderr}");
    let (_, stderr, _) = report(&project_dir(), &["new", "--state", "VAT"]);
    assert!(stderr.contains("use `--observer VAT`"), "{stderr}");
    let (_, stderr, _) = report(&project_dir(), &["new", "--observer", "ITA"]);
    assert!(stderr.contains("use `--state ITA`"), "{stderr}");
    // No note of the reference files in the message: the year alone.
    assert!(stderr.contains("an observer State of 2009;"), "{stderr}");
}

#[test]
fn fetch_options_take_what_users_write_and_refuse_what_cannot_work() {
    let empty = tempfile::tempdir().expect("temporary folder");
    let inputs = empty.path().display().to_string();
    let (_, stderr, _) = report(
        &project_dir(),
        &[
            "fetch",
            "--inputs",
            &inputs,
            "--timeout",
            "1.5",
            "--connect-timeout",
            "0.5",
        ],
    );
    assert!(!stderr.contains("invalid value"), "{stderr}");
    for (flag, value) in [
        ("--concurrency", "0"),
        ("--timeout", "0"),
        ("--timeout", "soon"),
    ] {
        let (_, stderr, code) =
            report(&project_dir(), &["fetch", "--inputs", &inputs, flag, value]);
        assert_eq!(code, 2, "{flag} {value}: {stderr}");
        assert!(stderr.contains("invalid value"), "{flag} {value}: {stderr}");
    }
}

#[test]
fn messages_do_not_quote_the_reference_files_notes() {
    let (stdout, _, _) = report(&project_dir(), &["check", "inputs/replies/JPN.json"]);
    assert!(stdout.contains("treaty-claim-unverified"), "{stdout}");
    assert!(stdout.contains("depositary records available"), "{stdout}");
    assert!(
        !stdout.contains("as of mixed") && !stdout.contains("Tractatenblad"),
        "{stdout}"
    );
}

#[test]
fn out_naming_a_folder_puts_the_pdf_in_it() {
    let out = tempfile::tempdir().expect("temporary folder");
    let folder = format!("{}/", out.path().display());
    let (stdout, stderr, code) = report(&project_dir(), &["build", "--out", &folder]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        out.path().join("A_64_....pdf").is_file(),
        "{stdout}{stderr}"
    );
    assert!(out.path().join("A_64_....manifest.json").is_file());
}

#[test]
fn report_diff_refuses_what_is_neither_a_draft_nor_an_inputs_folder() {
    let (_, stderr, code) = report(&project_dir(), &["diff", "README.md", "inputs"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`README.md` is not a text draft"),
        "{stderr}"
    );
    let (_, stderr, code) = report(&project_dir(), &["diff", "inputs", "src"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`src` is a folder but not an inputs folder"),
        "{stderr}"
    );
}

#[test]
fn completions_and_manual_pages_come_from_the_command_definitions() {
    let (script, _, code) = report(&project_dir(), &["completions", "bash"]);
    assert_eq!(code, 0);
    assert!(
        script.contains("_report()") && script.contains("worksheet"),
        "{script}"
    );
    let (page, _, code) = report(&project_dir(), &["man"]);
    assert_eq!(code, 0);
    assert!(
        page.contains(".TH report 1") && page.contains("report\\-build"),
        "{page}"
    );
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("man");
    let (_, stderr, code) = report(
        &project_dir(),
        &["man", "--out-dir", &out.display().to_string()],
    );
    assert_eq!(code, 0, "{stderr}");
    for page in ["report.1", "report-build.1", "report-check.1"] {
        assert!(out.join(page).is_file(), "{page} missing");
    }
}

#[test]
fn a_respondent_needs_only_the_binary() {
    // An empty folder, no project anywhere above it: the bundled inputs are used.
    let folder = tempfile::tempdir().expect("temporary folder");
    let (blank, stderr, code) = report(folder.path(), &["new", "--state", "ITA"]);
    assert_eq!(code, 0, "{stderr}");
    let mut reply: Value = serde_json::from_str(&blank).expect("the blank reply is JSON");
    reply["submitted"] = Value::String("2009-04-17".to_owned());
    reply["language"] = Value::String("en".to_owned());
    reply["paragraphs"]["4"]["narrative"] = Value::String(
        "Article 601 of the Criminal Code criminalizes trafficking in persons.".to_owned(),
    );
    fs::write(folder.path().join("ITA.json"), reply.to_string()).expect("write");
    let (stdout, _, code) = report(folder.path(), &["check", "ITA.json"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("1 can be used"), "{stdout}");
    // A Secretariat command there says what it looked for.
    let (_, stderr, code) = report(folder.path(), &["build"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("looked for `inputs/mandate.json`"),
        "{stderr}"
    );
}

#[test]
fn secretariat_commands_find_the_project_from_a_subfolder() {
    let (stdout, stderr, code) = report(&project_dir().join("src/cli"), &["coverage"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Austria"), "{stdout}");
}

#[test]
fn an_editors_schema_line_is_part_of_the_format() {
    let (_dir, file) = reply_file(|reply| {
        reply["$schema"] = Value::String("./report-reply.schema.json".to_owned());
    });
    let (stdout, _, code) = report(&project_dir(), &["check", "--strict", &file]);
    assert_eq!(code, 0, "{stdout}");
    assert!(!stdout.contains("unknown-field"), "{stdout}");
}

/// Every file under `dir`, as paths relative to it.
fn files_under(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).expect("read folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                files.push(relative.display().to_string().replace('\\', "/"));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn report_init_starts_a_folder_that_builds() {
    let parent = tempfile::tempdir().expect("temporary folder");
    let dir = parent.path().join("new-report");
    let (stdout, stderr, code) = report(parent.path(), &["init", "new-report"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("created new-report"), "{stdout}");
    // The templates and fonts are the project's, file for file and byte for byte.
    for folder in ["report-templates", "fonts", "inputs/reference"] {
        let ours = files_under(&project_dir().join(folder));
        assert_eq!(files_under(&dir.join(folder)), ours, "{folder}");
        for file in ours {
            assert_eq!(
                fs::read(dir.join(folder).join(&file)).expect("read"),
                fs::read(project_dir().join(folder).join(&file)).expect("read"),
                "{folder}/{file}"
            );
        }
    }
    assert!(dir.join("inputs/replies").is_dir());
    // A reply, then a build, in the new folder.
    let (blank, _, code) = report(&dir, &["new", "--state", "ITA"]);
    assert_eq!(code, 0);
    let mut reply: Value = serde_json::from_str(&blank).expect("JSON");
    reply["submitted"] = Value::String("2009-04-17".to_owned());
    reply["language"] = Value::String("en".to_owned());
    reply["paragraphs"]["4"]["narrative"] = Value::String(
        "Article 601 of the Criminal Code criminalizes trafficking in persons.".to_owned(),
    );
    fs::write(dir.join("inputs/replies/ITA.json"), reply.to_string()).expect("write");
    let (stdout, stderr, code) = report(&dir.join("inputs"), &["build"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(dir.join("out/A_64_....pdf").is_file(), "{stdout}{stderr}");
    // A folder that is not empty is refused.
    let (_, stderr, code) = report(parent.path(), &["init", "new-report"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("exists and is not empty"), "{stderr}");
}

#[test]
fn colour_and_quiet_work_as_in_the_tools_users_know() {
    let (_dir, file) = reply_file(|reply| {
        reply["paragraphs"]["4"] = json!({ "narative": "Article 601 criminalizes trafficking." });
        reply["paragraphs"]["7"] = json!({ "statistics": [
            { "year": 2008, "measure": "prosecutoins", "value": 12 }
        ] });
    });
    let (coloured, _, _) = report(&project_dir(), &["check", "--color", "always", &file]);
    assert!(coloured.contains("\u{1b}["), "{coloured}");
    // Not a terminal, or NO_COLOR, or never: plain text.
    let (plain, _, _) = report(&project_dir(), &["check", &file]);
    assert!(!plain.contains('\u{1b}'), "{plain}");
    let output = Command::new(env!("CARGO_BIN_EXE_report"))
        .current_dir(project_dir())
        .env("NO_COLOR", "1")
        .args(["check", "--color", "never", &file])
        .output()
        .expect("run");
    assert!(!String::from_utf8_lossy(&output.stdout).contains('\u{1b}'));
    // --quiet: the errors, nothing else.
    let (quiet, _, code) = report(&project_dir(), &["check", "--quiet", &file]);
    assert_eq!(code, 1);
    assert!(quiet.contains("error[unknown-term]"), "{quiet}");
    assert!(
        !quiet.contains("warning[") && !quiet.contains("checked 1 reply"),
        "{quiet}"
    );
    let out = tempfile::tempdir().expect("temporary folder");
    let pdf = out.path().join("r.pdf").display().to_string();
    let (stdout, stderr, code) = report(&project_dir(), &["build", "-q", "--out", &pdf]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty() && stderr.is_empty(), "{stdout}{stderr}");
}

#[test]
fn the_build_summary_can_be_json() {
    let out = tempfile::tempdir().expect("temporary folder");
    let pdf = out.path().join("r.pdf");
    let (stdout, stderr, code) = report(
        &project_dir(),
        &[
            "build",
            "--format",
            "json",
            "--out",
            &pdf.display().to_string(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let summary: Value = serde_json::from_str(&stdout).expect("the summary is JSON");
    assert_eq!(summary["format"], "report-build/1");
    assert_eq!(summary["pdf"], pdf.display().to_string());
    assert_eq!(summary["replies"]["accepted"], 19);
    assert_eq!(summary["findings"]["errors"], 0);
    assert!(summary["pages"].as_u64().is_some_and(|pages| pages >= 5));
    assert!(
        summary["words"]["body"]
            .as_u64()
            .is_some_and(|words| words > 1000)
    );
    assert!(Path::new(summary["manifest"].as_str().unwrap_or_default()).is_file());
}
