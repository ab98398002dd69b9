//! `report check` on the bad-case fixtures in `tests/check-cases/`.
//!
//! Each case is a reply file `NAME.json` (or a folder `NAME/` of replies, or an input built by
//! [`generated_input`] when too large to commit) with `NAME.expected` beside it: one line per
//! finding, `file severity code pointer line:column` (`-` where there is none). The test runs
//! gather + check on every case and compares. After a deliberate change, rewrite the expected
//! files with `REPORT_UPDATE_EXPECTED=1 cargo test --test check` and review the diff.
//!
//! Also here: the human and JSON outputs of the binary (insta snapshots), an independent JSON
//! Schema validator (boon) agreeing with the check, `report new` round trips, and no panic on
//! any prefix of a reply.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use report::diagnostic::Finding;

fn project_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cases_dir() -> PathBuf {
    project_dir().join("tests/check-cases")
}

fn inputs_dir() -> PathBuf {
    project_dir().join("inputs")
}

/// Inputs too large (or too odd) to commit, built on the fly.
fn generated_input(name: &str) -> Option<Vec<u8>> {
    let reply_with_narrative = |narrative: &str| {
        format!(
            "{{\n  \"format\": \"report-reply/1\",\n  \"respondent\": {{\"kind\": \"member_state\", \"code\": \"ITA\"}},\n  \"submitted\": \"2009-04-20\",\n  \"language\": \"en\",\n  \"paragraphs\": {{\"4\": {{\"narrative\": \"{narrative}\"}}}}\n}}\n"
        )
        .into_bytes()
    };
    match name {
        // A 10 MB string: refused by size before it is parsed.
        "huge-string" => Some(reply_with_narrative(&"a".repeat(10 * 1024 * 1024))),
        // Within the file limit, over the narrative limit.
        "narrative-too-long" => Some(reply_with_narrative(&"word ".repeat(12_000))),
        // 10,000 levels of nesting: refused by the parser's depth limit, without recursion.
        "deep-nesting" => {
            let mut text = String::from("{\"format\": \"report-reply/1\", \"paragraphs\": ");
            text.push_str(&"[".repeat(10_000));
            text.push_str(&"]".repeat(10_000));
            text.push_str("}\n");
            Some(text.into_bytes())
        }
        _ => None,
    }
}

struct Case {
    name: String,
    expected_path: PathBuf,
    files: Vec<PathBuf>,
    /// Keeps generated inputs alive for the duration of the case.
    _temp: Option<tempfile::TempDir>,
}

fn cases() -> Vec<Case> {
    let mut names: Vec<String> = fs::read_dir(cases_dir())
        .expect("tests/check-cases exists")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            (path.extension()? == "expected")
                .then(|| path.file_stem()?.to_str().map(str::to_owned))
                .flatten()
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let json = cases_dir().join(format!("{name}.json"));
            let folder = cases_dir().join(&name);
            let (files, temp) = if json.is_file() {
                (vec![json], None)
            } else if folder.is_dir() {
                let mut files: Vec<PathBuf> = fs::read_dir(&folder)
                    .expect("case folder is readable")
                    .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                    .collect();
                files.sort();
                (files, None)
            } else {
                let bytes = generated_input(&name)
                    .unwrap_or_else(|| panic!("case `{name}` has no input and none is generated"));
                let temp = tempfile::tempdir().expect("temp dir");
                let path = temp.path().join(format!("{name}.json"));
                fs::write(&path, bytes).expect("write generated input");
                (vec![path], Some(temp))
            };
            Case {
                expected_path: cases_dir().join(format!("{name}.expected")),
                name,
                files,
                _temp: temp,
            }
        })
        .collect()
}

/// Gather + check on `files`, every finding in file order.
fn check_files(files: &[PathBuf]) -> (Vec<Finding>, usize) {
    let gathered =
        report::gather::gather_replies(&inputs_dir(), Some(files)).expect("bundled inputs read");
    let checked = report::check::check(&gathered);
    let accepted = checked.accepted.len();
    let findings = report::diagnostic::in_source_order([gathered.findings, checked.findings]);
    (findings, accepted)
}

fn finding_line(finding: &Finding) -> String {
    let file = Path::new(&finding.source)
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let position = finding.position.map_or_else(
        || "-".to_owned(),
        |position| format!("{}:{}", position.line, position.column),
    );
    format!(
        "{file} {} {} {} {position}",
        finding.severity,
        finding.code,
        finding.pointer.as_deref().unwrap_or("-")
    )
}

#[test]
fn every_bad_case_gives_exactly_its_expected_findings() {
    let cases = cases();
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let update = std::env::var_os("REPORT_UPDATE_EXPECTED").is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let (findings, _) = check_files(&case.files);
        let actual: Vec<String> = findings.iter().map(finding_line).collect();
        if update {
            fs::write(&case.expected_path, actual.join("\n") + "\n").expect("write expected");
            continue;
        }
        let expected_text = fs::read_to_string(&case.expected_path).expect("expected file");
        let expected: Vec<&str> = expected_text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect();
        if actual != expected {
            failures.push(format!(
                "case `{}`\n  expected:\n    {}\n  actual:\n    {}",
                case.name,
                expected.join("\n    "),
                actual.join("\n    ")
            ));
        }
        for finding in &findings {
            assert!(!finding.message.is_empty(), "{}: empty message", case.name);
            if finding.severity != report::diagnostic::Severity::Notice {
                assert!(
                    finding.hint.is_some(),
                    "{}: `{}` says what is wrong but not what to do",
                    case.name,
                    finding.code
                );
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_case_except_the_valid_ones_is_caught() {
    for case in cases() {
        let (findings, accepted) = check_files(&case.files);
        if case.name.starts_with("valid-") {
            assert_eq!(
                accepted,
                case.files.len(),
                "{} should be accepted",
                case.name
            );
            assert_eq!(
                report::diagnostic::Counts::of(&findings).errors
                    + report::diagnostic::Counts::of(&findings).warnings,
                0,
                "{}",
                case.name
            );
        } else {
            assert!(!findings.is_empty(), "{} gave no finding", case.name);
        }
    }
}

/// Every committed case as paths relative to the project folder, case by case (the generated
/// ones live in temporary folders whose names change).
fn committed_cases() -> Vec<(String, Vec<String>)> {
    let mut committed = Vec::new();
    for case in cases() {
        if case._temp.is_some() {
            continue;
        }
        let files = case
            .files
            .iter()
            .map(|file| {
                file.strip_prefix(project_dir())
                    .expect("case under the project")
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        committed.push((case.name, files));
    }
    committed
}

fn run_check(args: &[String]) -> (String, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_report"))
        .current_dir(project_dir())
        .arg("check")
        .args(args)
        .output()
        .expect("run report check");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

#[test]
fn human_output_is_snapshotted() {
    let mut all = String::new();
    for (name, files) in committed_cases() {
        let (stdout, code) = run_check(&files);
        all.push_str(&format!("===== {name} (exit {code})\n{stdout}\n"));
    }
    insta::assert_snapshot!("check_human", all);
}

#[test]
fn json_output_is_snapshotted_and_stable() {
    let mut all = serde_json::Map::new();
    for (name, mut files) in committed_cases() {
        files.extend(["--format".to_owned(), "json".to_owned()]);
        let (stdout, code) = run_check(&files);
        let document: serde_json::Value = serde_json::from_str(&stdout).expect("JSON output");
        assert_eq!(document["format"], "report-findings/1");
        let errors = document["summary"]["errors"].as_u64().unwrap_or_default();
        assert_eq!(code, if errors > 0 { 1 } else { 0 }, "{name}");
        all.insert(name, document);
    }
    insta::assert_json_snapshot!("check_json", all);
}

#[test]
fn exit_codes_say_valid_invalid_or_unreadable() {
    let valid = "tests/check-cases/valid-member-state.json".to_owned();
    assert_eq!(run_check(std::slice::from_ref(&valid)).1, 0);
    let warned = "tests/check-cases/unknown-field-typo.json".to_owned();
    assert_eq!(run_check(&[warned]).1, 0, "warnings alone do not fail");
    let invalid = "tests/check-cases/negative-count.json".to_owned();
    assert_eq!(run_check(&[invalid]).1, 1);
    let missing = "tests/check-cases/no-such-file.json".to_owned();
    assert_eq!(run_check(&[valid.clone(), missing]).1, 2);
    let output = Command::new(env!("CARGO_BIN_EXE_report"))
        .current_dir(project_dir())
        .args(["check", "--inputs", "no-such-folder", &valid])
        .output()
        .expect("run report check");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no-such-folder"));
    // With no file named, every bundled reply is checked, and they are all valid.
    let (stdout, code) = run_check(&[]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("checked 19 replies: 19 can be used"),
        "{stdout}"
    );
}

fn boon_validator() -> (boon::Schemas, boon::SchemaIndex) {
    let schema = report::reply::reply_schema();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler
        .add_resource(report::reply::REPLY_SCHEMA_ID, schema)
        .expect("schema resource");
    let index = compiler
        .compile(report::reply::REPLY_SCHEMA_ID, &mut schemas)
        .expect("boon compiles the published schema");
    (schemas, index)
}

fn parse_json(bytes: &[u8]) -> Option<serde_json::Value> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    serde_json::from_slice(bytes).ok()
}

#[test]
fn an_independent_schema_validator_agrees_with_the_check() {
    let (schemas, index) = boon_validator();
    let mut files: Vec<PathBuf> = cases().into_iter().flat_map(|case| case.files).collect();
    let samples = fs::read_dir(inputs_dir().join("replies")).expect("bundled replies");
    files.extend(samples.filter_map(|entry| entry.ok().map(|entry| entry.path())));
    let mut compared = 0;
    for file in files {
        let Some(value) = parse_json(&fs::read(&file).unwrap_or_default()) else {
            continue;
        };
        let schema_valid = schemas.validate(&value, index).is_ok();
        let structural_errors = report::check::check_structure("reply", &value)
            .iter()
            .filter(|finding| finding.severity == report::diagnostic::Severity::Error)
            .count();
        assert_eq!(
            schema_valid,
            structural_errors == 0,
            "{}: boon says {}, report check found {structural_errors} structural errors",
            file.display(),
            if schema_valid { "valid" } else { "invalid" }
        );
        let (_, accepted) = check_files(std::slice::from_ref(&file));
        if accepted > 0 {
            assert!(
                schema_valid,
                "{} accepted but not schema-valid",
                file.display()
            );
        }
        compared += 1;
    }
    assert!(compared >= 40, "compared only {compared} files");
}

/// The schema `report schema` prints: the mandate's terms as enums.
#[test]
fn the_mandate_schema_accepts_what_check_accepts_and_refuses_misspelt_terms() {
    let gathered =
        report::gather::gather_replies(&inputs_dir(), Some(&[])).expect("bundled inputs read");
    let schema = report::reply::reply_schema_for(&gathered.mandate);
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler
        .add_resource(report::reply::REPLY_SCHEMA_ID, schema)
        .expect("schema resource");
    let index = compiler
        .compile(report::reply::REPLY_SCHEMA_ID, &mut schemas)
        .expect("boon compiles the mandate's schema");
    let mut files: Vec<PathBuf> = cases().into_iter().flat_map(|case| case.files).collect();
    let samples = fs::read_dir(inputs_dir().join("replies")).expect("bundled replies");
    files.extend(samples.filter_map(|entry| entry.ok().map(|entry| entry.path())));
    let mut refused_terms = 0;
    for file in files {
        let Some(value) = parse_json(&fs::read(&file).unwrap_or_default()) else {
            continue;
        };
        let valid = schemas.validate(&value, index).is_ok();
        let (findings, accepted) = check_files(std::slice::from_ref(&file));
        if accepted > 0 {
            assert!(
                valid,
                "{} accepted but not valid against the mandate's schema",
                file.display()
            );
        }
        let misspelt = findings
            .iter()
            .any(|finding| matches!(finding.code, "unknown-term" | "unknown-paragraph"));
        if misspelt {
            assert!(
                !valid,
                "{}: a misspelt term the schema lets through",
                file.display()
            );
            refused_terms += 1;
        }
    }
    assert!(
        refused_terms >= 2,
        "only {refused_terms} cases with misspelt terms"
    );
}

#[test]
fn the_schema_command_prints_the_published_schema() {
    let output = Command::new(env!("CARGO_BIN_EXE_report"))
        .arg("schema")
        .output()
        .expect("run report schema");
    assert!(output.status.success());
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON schema");
    let gathered =
        report::gather::gather_replies(&inputs_dir(), Some(&[])).expect("bundled inputs read");
    assert_eq!(printed, report::reply::reply_schema_for(&gathered.mandate));
    assert_eq!(printed["$id"], report::reply::REPLY_SCHEMA_ID);
    assert!(
        !printed["$id"]
            .as_str()
            .unwrap_or_default()
            .contains("example")
    );
    // The mandate's terms are the only ones allowed, as `report check` allows them.
    assert_eq!(
        printed["$defs"]["YearlyCount"]["properties"]["measure"]["enum"],
        serde_json::json!([
            "victims_identified",
            "investigations",
            "prosecutions",
            "convictions"
        ])
    );
    assert_eq!(
        printed["properties"]["paragraphs"]["propertyNames"]["enum"][11],
        "12"
    );
    assert_eq!(printed["properties"]["submitted"]["format"], "date");
    // An editor's `$schema` line is part of the format.
    assert!(printed["properties"]["$schema"].is_object());
}

fn new_reply(args: &[&str]) -> (String, i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_report"))
        .current_dir(project_dir())
        .arg("new")
        .args(args)
        .output()
        .expect("run report new");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_blank_reply_filled_in_passes_the_check() {
    let (blank, code, _) = new_reply(&["--state", "ita"]);
    assert_eq!(code, 0);
    let mut reply: serde_json::Value = serde_json::from_str(&blank).expect("blank is JSON");
    let paragraphs = reply["paragraphs"].as_object().expect("paragraphs");
    let numbers: Vec<&str> = paragraphs.keys().map(String::as_str).collect();
    assert_eq!(numbers, ["1", "2", "4", "5", "7", "9", "10", "11"]);
    assert!(
        paragraphs
            .values()
            .all(|answer| answer["$comment"].is_string()),
        "every paragraph is explained"
    );

    let temp = tempfile::tempdir().expect("temp dir");
    let path = temp.path().join("ITA.json");
    fs::write(&path, &blank).expect("write blank");
    let (findings, accepted) = check_files(std::slice::from_ref(&path));
    assert_eq!(accepted, 0, "the blank is not dated yet");
    assert_eq!(
        findings.iter().map(|f| f.code).collect::<Vec<_>>(),
        ["bad-date", "no-paragraph"]
    );

    reply["submitted"] = "2009-04-20".into();
    reply["paragraphs"]["4"]["narrative"] =
        "Trafficking is an offence under the Criminal Code.".into();
    reply["paragraphs"]["7"]["statistics"] =
        serde_json::json!([{"year": 2008, "measure": "prosecutions", "value": 35}]);
    reply["paragraphs"]["10"]["position"] = "supports".into();
    fs::write(&path, serde_json::to_string_pretty(&reply).expect("json")).expect("write");
    let (findings, accepted) = check_files(std::slice::from_ref(&path));
    assert_eq!(accepted, 1, "{findings:#?}");
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn blank_replies_exist_for_every_kind_of_respondent() {
    let (organization, code, _) = new_reply(&["--organization", "UNODC"]);
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&organization).expect("JSON");
    assert_eq!(value["respondent"]["kind"], "united_nations_entity");
    assert!(value["paragraphs"]["6"].is_object());
    assert!(
        value["paragraphs"]["1"].is_null(),
        "paragraph 1 is for States"
    );

    let (observer, code, _) = new_reply(&["--observer", "VAT"]);
    assert_eq!(code, 0);
    assert!(observer.contains("\"observer_state\""));

    let (_, code, stderr) = new_reply(&["--organization", "UNDOC"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean `UNODC`?"), "{stderr}");
    let (_, code, stderr) = new_reply(&["--state", "SSD"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("SSD"), "{stderr}");
    let (_, code, _) = new_reply(&[]);
    assert_eq!(code, 2, "clap refuses a missing respondent");
}

#[test]
fn no_prefix_of_a_reply_makes_the_check_panic() {
    let text = fs::read(cases_dir().join("non-ascii-columns.json")).expect("case");
    let temp = tempfile::tempdir().expect("temp dir");
    let path = temp.path().join("prefix.json");
    // Every cut, including those inside a multi-byte character.
    for end in (0..text.len()).step_by(7) {
        fs::write(&path, &text[..end]).expect("write prefix");
        let (findings, accepted) = check_files(std::slice::from_ref(&path));
        assert_eq!(accepted, 0);
        assert!(!findings.is_empty(), "a cut at {end} went unnoticed");
    }
}

#[test]
fn coverage_shows_who_answered_what() {
    let output = Command::new(env!("CARGO_BIN_EXE_report"))
        .current_dir(project_dir())
        .args(["coverage", "--format", "json"])
        .output()
        .expect("run report coverage");
    assert!(output.status.success());
    let coverage: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(coverage["format"], "report-coverage/1");
    let paragraphs = coverage["paragraphs"].as_array().expect("paragraphs");
    assert_eq!(paragraphs.len(), 11, "paragraph 12 asks nobody");
    let rows = coverage["rows"].as_array().expect("rows");
    // UNODC prepares the report: its own reply is not a respondent's.
    assert_eq!(rows.len(), 18);
    assert!(rows.iter().all(|row| row["code"] != "UNODC"));
    let norway = rows
        .iter()
        .find(|row| row["code"] == "NOR")
        .expect("Norway replied");
    // Norway reports on paragraph 4 but not on paragraph 1; paragraph 3 does not address States.
    assert_eq!(norway["cells"][3], "answered");
    assert_eq!(norway["cells"][0], "not_answered");
    assert_eq!(norway["cells"][2], "not_addressed");
    // Paragraphs 8 and 11 name the organizations they address (UNODC and IOM; UNODC): the
    // ILO, a United Nations entity, is not addressed by them.
    let column = |number: u64| {
        paragraphs
            .iter()
            .position(|paragraph| paragraph.as_u64() == Some(number))
            .expect("paragraph")
    };
    let ilo = rows
        .iter()
        .find(|row| row["code"] == "ILO")
        .expect("ILO replied");
    assert_eq!(ilo["cells"][column(8)], "not_addressed");
    assert_eq!(ilo["cells"][column(11)], "not_addressed");
    let iom = rows
        .iter()
        .find(|row| row["code"] == "IOM")
        .expect("IOM replied");
    assert_ne!(iom["cells"][column(8)], "not_addressed");

    let table = Command::new(env!("CARGO_BIN_EXE_report"))
        .current_dir(project_dir())
        .arg("coverage")
        .output()
        .expect("run report coverage");
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(
        table.lines().any(|line| line.starts_with("Norway")),
        "{table}"
    );
}
