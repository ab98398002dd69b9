//! Integration tests of `report build`: the real binary and the library on the bundled inputs
//! and on fixture folders made from them. PDFs are checked by their extracted text.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{config, copy_dir, copy_inputs, pdf_text, project_dir};
use report::build;

#[test]
fn the_bundled_inputs_build_a_un_report() {
    let built = build(&config(&project_dir().join("inputs"))).expect("the sample report builds");
    assert!(
        built.typst_warnings.is_empty(),
        "Typst warnings: {:?}",
        built.typst_warnings
    );
    assert_eq!(built.replies_read, 19);
    assert_eq!(built.accepted, 19);
    // No heading at a page foot, no large gap, no page of a chapter's last lines.
    assert!(
        built.page_break_faults.is_empty(),
        "{:?}",
        built.page_break_faults
    );
    assert!(built.pages >= 5, "only {} pages", built.pages);
    let text = pdf_text(&built.pdf);
    let in_order = [
        "United Nations",
        "A/64/...",
        "General Assembly",
        "Distr.: General",
        "12 August 2009",
        "Original: English",
        "Sixty-fourth session",
        "Item 104 of the provisional agenda",
        "Crime prevention and criminal justice",
        "Improving the coordination of efforts against trafficking in persons",
        "Report of the Secretary-General",
        "Summary",
        "I. Introduction",
        "II. Status of ratification of the relevant international instruments",
        "III. Measures taken by Member States",
        "A. Criminalization, penalties and protection of victims",
        "IV. Activities of the United Nations system and other organizations",
        "V. Possible approaches to improve coordination",
        "VI. Conclusions and recommendations",
        "Annex I",
        "Member States and organizations that replied",
        "Annex II",
        "Status of the replying States with regard to the relevant international instruments",
        "Participation of the replying States in the relevant international instruments",
        "Annex III",
        "Comparable data reported by Member States",
        "Victims identified, by reporting State",
    ];
    let mut from = 0;
    for expected in in_order {
        let found = text[from..]
            .find(expected)
            .unwrap_or_else(|| panic!("`{expected}` missing after byte {from}"));
        from += found + expected.len();
    }
    assert!(text.contains("SAMPLE DATA"), "sample marking missing");
    // The job number under its Code 39 bar code, as the bar code encodes it.
    assert!(text.contains("09-45604 (E)"), "job line missing");
    assert!(text.contains("*0945604*"), "bar code legend missing");
    assert!(
        text.contains("replies had been received from 12 Member States"),
        "count of States"
    );
    // UNODC prepares the report: its own reply is not counted among the respondents.
    assert!(
        text.contains("12 Member States and 6 organizations"),
        "count of organizations"
    );
    assert!(text.contains("The Office"), "the Secretariat's own voice");
    // The report cites the compilation of replies once.
    assert!(text.contains("reproduced in full, as received, in conference room paper"));
    // Accented Latin and Cyrillic from the replies come out as text, not boxes, in the
    // compilation of replies (the report itself is in English).
    let replies = pdf_text(&built.compilation.pdf);
    assert!(
        replies.contains("Ministère de la justice"),
        "accented French missing"
    );
    assert!(replies.contains("Российской Федерации"), "Cyrillic missing");
    assert!(
        !text.contains("Ministère") && !text.contains("Российской"),
        "text in another language in the report"
    );
    // The treaty status of a State, from the depositary record, as the annex prints it.
    assert!(
        text.contains("Bahrain 7 June 2004 a 7 June 2004 a"),
        "{text}"
    );
    // Norway's figures of victims identified (inputs/replies/NOR.json), marked: it calls them
    // not comparable between years, so the total adds the five other States.
    assert!(text.contains("Norway a 91 193 263"), "Norway's figures");
    assert!(
        text.contains("Total (five States) 1,497 1,546 1,587"),
        "totals"
    );
}

/// Numbers that start a line of the PDF's text, in order, up to the first annex.
fn paragraph_numbers(pdf: &[u8]) -> Vec<u32> {
    let text = pdf_extract::extract_text_from_mem(pdf).expect("the PDF's text can be extracted");
    let body = text.split("Annex I").next().unwrap_or_default();
    body.lines()
        .filter_map(|line| {
            let (number, rest) = line.trim_start().split_once(". ")?;
            (!rest.is_empty() && number.len() <= 3)
                .then(|| number.parse().ok())
                .flatten()
        })
        .collect()
}

#[test]
fn body_paragraphs_are_numbered_consecutively_through_the_report() {
    let built = build(&config(&project_dir().join("inputs"))).expect("builds");
    let numbers = paragraph_numbers(&built.pdf);
    assert!(numbers.len() > 30, "{numbers:?}");
    let expected: Vec<u32> = (1..=numbers.len() as u32).collect();
    assert_eq!(numbers, expected);
}

#[test]
fn a_changed_reply_changes_the_figures() {
    let inputs = copy_inputs();
    fs::remove_file(inputs.path().join("replies/NOR.json")).expect("remove a reply");
    let built = build(&config(inputs.path())).expect("builds");
    let text = pdf_text(&built.pdf);
    assert!(text.contains("replies had been received from 11 Member States"));
    assert!(!text.contains("Norway"));
    assert!(!pdf_text(&built.compilation.pdf).contains("Norway"));
    // The annex of comparable data loses Norway's figures (not in its totals already).
    assert!(
        text.contains("Total (five States) 1,497 1,546 1,587"),
        "{text}"
    );
}

#[test]
fn a_reply_that_does_not_parse_is_left_out_and_the_others_go_on() {
    let inputs = copy_inputs();
    fs::write(inputs.path().join("replies/BROKEN.json"), "{\n  \"format\": \"report-reply/1\",\n  \"respondent\": {\"kind\": \"member_state\", \"code\": \"FRA\"\n}\n")
        .expect("write");
    let built = build(&config(inputs.path())).expect("builds");
    assert_eq!(built.replies_read, 20);
    assert_eq!(built.accepted, 19);
    let finding = built
        .findings
        .iter()
        .find(|f| f.source.ends_with("BROKEN.json"))
        .expect("finding for the broken reply");
    assert_eq!(finding.severity, report::diagnostic::Severity::Error);
    let position = finding.position.expect("a position");
    assert_eq!(position.line, 5);
}

#[test]
fn hostile_text_in_a_reply_is_typeset_literally() {
    let hostile = [
        r#"#read("/etc/passwd")"#,
        "*bold*",
        "_emph_",
        "<label>",
        "@ref",
        "$x$",
        "]",
        "[",
        r"back\slash",
        "#eval(\"1+1\")",
        "= heading",
        "`raw`",
        "// comment",
    ];
    let inputs = copy_inputs();
    let mut reply: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(inputs.path().join("replies/AUT.json")).expect("read"),
    )
    .expect("parse");
    reply["paragraphs"]["4"]["narrative"] = serde_json::Value::String(hostile.join(" QQ "));
    reply["paragraphs"]["4"]["laws"][0]["title"] =
        serde_json::Value::String("Law #1 [*x*] $y$ <z>".into());
    fs::write(inputs.path().join("replies/AUT.json"), reply.to_string()).expect("write");
    // An editor's summary is printed in the report as reply text is: the same escape.
    let narrative = reply["paragraphs"]["4"]["narrative"]
        .as_str()
        .expect("the narrative")
        .to_owned();
    fs::write(
        inputs.path().join("summaries/AUT.json"),
        serde_json::json!({
            "format": "report-summaries/1",
            "respondent": { "kind": "member_state", "code": "AUT" },
            "paragraphs": { "4": {
                "sha256": report::editorial::narrative_hash(&narrative),
                "summary": format!("Austria reported {}.", hostile.join(" SS ")),
                "feature": true
            } }
        })
        .to_string(),
    )
    .expect("write the summary");
    let built = build(&config(inputs.path())).expect("a hostile reply does not break the build");
    assert!(
        built.typst_warnings.is_empty(),
        "{:?}",
        built.typst_warnings
    );
    let text = pdf_text(&built.pdf);
    let replies = pdf_text(&built.compilation.pdf);
    for piece in hostile {
        // The report sets its text as print does (curly quotation marks), the compilation of
        // replies as received: either way, every character is printed, none acts as markup.
        assert!(
            text.contains(&report::style::typographic(piece)),
            "`{piece}` of the summary did not come out literally"
        );
        assert!(
            replies.contains(piece),
            "`{piece}` of the reply did not come out literally"
        );
    }
    assert!(replies.contains("Law #1 [*x*] $y$ <z>"));
    assert!(
        !text.contains("root:x:0") && !replies.contains("root:x:0"),
        "a file was read"
    );
}

#[test]
fn the_generated_typst_source_is_snapshotted() {
    let built = build(&config(&project_dir().join("inputs"))).expect("builds");
    insta::assert_snapshot!("sample_report_typst_source", built.typst_source);
}

#[test]
fn the_binary_writes_the_pdf_and_a_summary() {
    let out_dir = tempfile::tempdir().expect("temporary folder");
    let out = out_dir.path().join("report.pdf");
    let output = Command::new(env!("CARGO_BIN_EXE_report"))
        .current_dir(project_dir())
        .args(["build", "--out"])
        .arg(&out)
        .output()
        .expect("run report build");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("replies: 19 read, 19 accepted, 0 left out"),
        "{stdout}"
    );
    assert!(stdout.contains("pages"), "{stdout}");
    assert!(
        stdout.contains("words: ") && stdout.contains("to spare") && stdout.contains("Annex II"),
        "{stdout}"
    );
    assert!(stdout.contains("by chapter: front page"), "{stdout}");
    let pdf = fs::read(&out).expect("PDF written");
    assert!(pdf.starts_with(b"%PDF-"));
    // The compilation of replies beside it.
    let replies = fs::read(out_dir.path().join("report.replies.pdf")).expect("compilation");
    assert!(replies.starts_with(b"%PDF-"));
    assert!(stdout.contains("report.replies.pdf"), "{stdout}");

    // The manifest beside the PDF records the PDF and every file the build could read.
    let manifest_path = out_dir.path().join("report.manifest.json");
    assert!(stdout.contains("report.manifest.json"), "{stdout}");
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(&manifest_path).expect("manifest written"))
            .expect("manifest is JSON");
    assert_eq!(manifest["format"], "report-manifest/1");
    assert_eq!(manifest["engine"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        manifest["document"]["sha256"],
        report::manifest::sha256_hex(&pdf)
    );
    assert_eq!(manifest["replies"]["accepted"], 19);
    assert_eq!(manifest["document"]["word_limit"], 8500);
    assert!(manifest["document"]["words"]["body"].as_u64() > Some(2500));
    assert_eq!(
        manifest["compilation"]["sha256"],
        report::manifest::sha256_hex(&replies)
    );
    assert_eq!(manifest["compilation"]["pdf"], "report.replies.pdf");
    assert!(
        manifest["document"]["budget"]
            .as_array()
            .is_some_and(|chapters| chapters.len() == 6)
    );
    assert_eq!(
        manifest["document"]["words"]["annexes"][1]["name"],
        "Annex II"
    );
    let files = manifest["files"].as_array().expect("files");
    let recorded = |path: &str| {
        files
            .iter()
            .find(|file| file["path"] == path)
            .and_then(|file| file["sha256"].as_str())
            .map(str::to_owned)
    };
    for path in [
        "inputs/mandate.json",
        "inputs/replies/AUT.json",
        "report-templates/un-report.typ",
        "fonts/LiberationSerif-Regular.ttf",
    ] {
        let bytes = fs::read(project_dir().join(path)).expect("project file");
        assert_eq!(
            recorded(path),
            Some(report::manifest::sha256_hex(&bytes)),
            "{path}"
        );
    }
}

#[test]
fn the_same_inputs_give_the_same_bytes_wherever_they_are() {
    let here = build(&config(&project_dir().join("inputs"))).expect("builds");
    let again = build(&config(&project_dir().join("inputs"))).expect("builds");
    assert!(here.pdf == again.pdf, "two builds differ");
    let copy = copy_inputs();
    let elsewhere = build(&config(copy.path())).expect("builds");
    assert!(
        here.pdf == elsewhere.pdf,
        "a copy of the inputs builds differently"
    );
}

#[test]
fn a_failed_build_keeps_the_last_pdf() {
    let out_dir = tempfile::tempdir().expect("temporary folder");
    let out = out_dir.path().join("report.pdf");
    fs::write(&out, b"last good PDF").expect("write");
    let templates = tempfile::tempdir().expect("temporary folder");
    copy_dir(&project_dir().join("report-templates"), templates.path());
    fs::write(templates.path().join("un-report.typ"), "#let un-report(..args) = { panic(\"broken template\") }\n#let para = none\n#let plain = none\n#let chapter = none\n#let section = none\n#let annex = none\n#let data-table = none\n").expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_report"))
        .current_dir(project_dir())
        .args(["build", "--templates"])
        .arg(templates.path())
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run report build");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Typst could not typeset the report") && stderr.contains("/report.typ:"),
        "{stderr}"
    );
    assert_eq!(fs::read(&out).expect("still there"), b"last good PDF");
}

#[test]
fn strict_builds_refuse_replies_with_errors_or_warnings_and_keep_the_last_pdf() {
    let inputs = copy_inputs();
    let replies = inputs.path().join("replies");
    let with_typo = fs::read_to_string(replies.join("AUT.json"))
        .expect("sample")
        .replacen("\"language\"", "\"langauge\": \"en\",\n  \"language\"", 1);
    fs::write(replies.join("AUT.json"), with_typo).expect("write");
    fs::write(replies.join("broken.json"), "{\"format\": 1}").expect("write");
    let out_dir = tempfile::tempdir().expect("temporary folder");
    let out = out_dir.path().join("report.pdf");
    fs::write(&out, b"last good PDF").expect("write");
    let run = |strict: bool| run_build(inputs.path(), &out, strict);

    let strict = run(true);
    assert_eq!(strict.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert!(stderr.contains("--strict"), "{stderr}");
    assert!(stderr.contains("did you mean `language`?"), "{stderr}");
    assert_eq!(fs::read(&out).expect("still there"), b"last good PDF");

    let lenient = run(false);
    assert!(lenient.status.success());
    let stdout = String::from_utf8_lossy(&lenient.stdout);
    assert!(
        stdout.contains("20 read, 19 accepted, 1 left out"),
        "{stdout}"
    );
    assert!(stdout.contains("broken.json: 5 errors"), "{stdout}");
    assert!(fs::read(&out).expect("written").starts_with(b"%PDF-"));
}

#[test]
fn the_pdf_is_archival_and_accessible() {
    let built = build(&config(&project_dir().join("inputs"))).expect("the sample report builds");
    let pdf = String::from_utf8_lossy(&built.pdf);
    // The XMP metadata claims PDF/A-2a and PDF/UA-1; Typst writes the claim only after its
    // own validation of both passed.
    assert!(
        pdf.contains("<pdfaid:part>2</pdfaid:part>"),
        "no PDF/A-2 claim"
    );
    assert!(pdf.contains("<pdfaid:conformance>A</pdfaid:conformance>"));
    assert!(
        pdf.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "no PDF/UA-1 claim"
    );
    assert!(pdf.contains("/StructTreeRoot"), "not tagged");
    assert!(pdf.contains("/Lang(en)"), "no document language");

    // pdfinfo (poppler up to at least 22.12) says "Suspects object is wrong type (boolean)":
    // its test reads `isBool() && getBool()`, so a valid `false` falls into the error branch.
    // The catalog is right: MarkInfo holds booleans, as ISO 32000-1, 14.7.1 wants.
    let document = lopdf::Document::load_mem(&built.pdf).expect("the PDF parses");
    let catalog = document.catalog().expect("catalog");
    let mark_info = catalog
        .get(b"MarkInfo")
        .and_then(|object| match object {
            lopdf::Object::Reference(id) => document.get_dictionary(*id),
            object => object.as_dict(),
        })
        .expect("MarkInfo");
    assert_eq!(
        mark_info.get(b"Marked").ok(),
        Some(&lopdf::Object::Boolean(true))
    );
    if let Ok(suspects) = mark_info.get(b"Suspects") {
        assert_eq!(suspects, &lopdf::Object::Boolean(false));
    }
}

#[test]
fn a_reply_with_text_the_fonts_cannot_show_is_left_out_and_the_others_go_on() {
    let inputs = copy_inputs();
    let path = inputs.path().join("replies/EGY.json");
    let reply = fs::read_to_string(&path).expect("sample");
    // No bundled font has Chinese (Arabic is set in Noto Naskh Arabic).
    let chinese = reply.replacen("\"narrative\": \"", "\"narrative\": \"打击贩运人口 ", 1);
    assert_ne!(chinese, reply);
    fs::write(&path, chinese).expect("write");
    let built = build(&config(inputs.path())).expect("the other replies build");
    assert_eq!(built.accepted, 18);
    let finding = built
        .findings
        .iter()
        .find(|finding| finding.code == "font-coverage")
        .expect("a font-coverage finding");
    assert!(finding.source.ends_with("EGY.json"), "{finding}");
    assert!(finding.message.contains("`打` (U+6253)"), "{finding}");
    assert!(finding.position.is_some(), "{finding}");
    assert!(
        built
            .left_out
            .iter()
            .any(|left| left.source.ends_with("EGY.json"))
    );
}

#[test]
fn a_glyph_missing_from_the_fonts_in_a_template_is_an_error_not_a_blank_box() {
    let error = build_error_with_main_line("#text(\"打击\")", |_| {});
    assert!(
        error.contains("could not be displayed with font") && error.contains("打"),
        "{error}"
    );
}

/// Builds the bundled inputs with a copy of the templates whose main file ends with `line`
/// (after `prepare` has run on the copy), and returns the build error's message.
fn build_error_with_main_line(line: &str, prepare: impl FnOnce(&Path)) -> String {
    let templates = tempfile::tempdir().expect("temporary folder");
    copy_dir(&project_dir().join("report-templates"), templates.path());
    prepare(templates.path());
    let main = templates.path().join("report.typ.hbs");
    let original = fs::read_to_string(&main).expect("read");
    fs::write(&main, format!("{original}\n{line}\n")).expect("write");
    let mut config = config(&project_dir().join("inputs"));
    config.templates_dir = templates.path().to_path_buf();
    build(&config).expect_err("the build must fail").to_string()
}

#[test]
fn the_typst_world_refuses_files_outside_the_templates() {
    let message = build_error_with_main_line("#read(\"../../../../../../etc/hostname\")", |_| {});
    assert!(
        message.contains("/report.typ:") && message.contains("escape the project root"),
        "{message}"
    );
}

#[cfg(unix)]
#[test]
fn the_typst_world_refuses_symlinks_that_lead_out_of_the_templates() {
    let outside = tempfile::tempdir().expect("temporary folder");
    fs::write(
        outside.path().join("secret.txt"),
        "secret outside the templates",
    )
    .expect("write");
    let message = build_error_with_main_line("#read(\"link.txt\")", |templates| {
        std::os::unix::fs::symlink(
            outside.path().join("secret.txt"),
            templates.join("link.txt"),
        )
        .expect("symlink");
    });
    assert!(message.contains("access denied"), "{message}");
}

#[test]
fn the_typst_world_refuses_packages() {
    let message = build_error_with_main_line("#import \"@preview/example:0.1.0\": *", |_| {});
    assert!(message.contains("not available"), "{message}");
}

/// The Code 39 table of the layout template: each symbol is nine elements (five bars, four
/// spaces), three of them wide, two of those bars; no two symbols alike; the start/stop
/// character and the digits as the standard (ISO/IEC 16388) has them.
#[test]
fn the_bar_code_table_is_code_39() {
    let template =
        fs::read_to_string(project_dir().join("report-templates/un-report.typ")).expect("layout");
    let start = template.find("#let code39-patterns = (").expect("table");
    let end = start + template[start..].find("\n)").expect("table end");
    let mut patterns = std::collections::BTreeMap::new();
    for entry in template[start..end].split(',') {
        let parts: Vec<&str> = entry.split('"').collect();
        if parts.len() >= 4 {
            patterns.insert(parts[1].to_owned(), parts[3].to_owned());
        }
    }
    assert_eq!(patterns.len(), 40, "{patterns:?}");
    let mut seen = std::collections::BTreeSet::new();
    for (symbol, pattern) in &patterns {
        assert_eq!(pattern.len(), 9, "{symbol}");
        let wide: Vec<usize> = pattern.match_indices('1').map(|(at, _)| at).collect();
        assert_eq!(wide.len(), 3, "{symbol}: {pattern}");
        let wide_bars = wide.iter().filter(|at| *at % 2 == 0).count();
        assert_eq!(wide_bars, 2, "{symbol}: {pattern}");
        assert!(seen.insert(pattern.clone()), "{symbol} repeats a pattern");
    }
    assert_eq!(patterns["*"], "010010100");
    assert_eq!(patterns["0"], "000110100");
    assert_eq!(patterns["1"], "100100001");
    assert_eq!(patterns["-"], "010000101");
}

#[test]
fn a_report_over_the_word_limit_is_a_warning_and_fails_a_strict_build() {
    let within = build(&config(&project_dir().join("inputs"))).expect("builds");
    assert!(within.words.body > 1000, "{:?}", within.words);
    assert!(
        within.words.body <= 8500,
        "the sample report keeps to the limit"
    );
    assert_eq!(within.words.annexes.len(), 3);
    assert!(
        within
            .findings
            .iter()
            .all(|finding| finding.code != "word-limit-exceeded")
    );

    let with_limit = |limit: usize| {
        let inputs = copy_inputs();
        let metadata_path = inputs.path().join("report.json");
        let mut metadata: serde_json::Value =
            serde_json::from_slice(&fs::read(&metadata_path).expect("metadata")).expect("JSON");
        metadata["word_limit"] = serde_json::json!(limit);
        fs::write(
            &metadata_path,
            serde_json::to_string_pretty(&metadata).expect("JSON"),
        )
        .expect("write");
        inputs
    };
    let examples = |built: &report::Build| {
        built
            .budget
            .iter()
            .map(|chapter| chapter.examples)
            .sum::<usize>()
    };

    // A tighter limit: the budget quotes fewer examples, and the report keeps to it.
    let tighter = within.words.body - 300;
    let inputs = with_limit(tighter);
    let fitted = build(&config(inputs.path())).expect("builds");
    assert!(fitted.words.body <= tighter, "{} words", fitted.words.body);
    assert!(examples(&fitted) < examples(&within));
    assert!(
        fitted
            .findings
            .iter()
            .all(|finding| finding.code != "word-limit-exceeded")
    );

    // A limit below what the bare synthesis takes: no example is quoted, and the build says
    // the report is over.
    let inputs = with_limit(500);
    let over = build(&config(inputs.path())).expect("builds");
    assert_eq!(examples(&over), 0);
    let finding = over
        .findings
        .iter()
        .find(|finding| finding.code == "word-limit-exceeded")
        .expect("the word limit is checked");
    assert_eq!(finding.severity, report::diagnostic::Severity::Warning);
    assert_eq!(finding.pointer.as_deref(), Some("/word_limit"));
    assert!(finding.position.is_some());
    let excess = report::style::format_figure((over.words.body - 500) as u64);
    assert!(
        finding
            .message
            .contains(&format!("{excess} over the limit")),
        "{}",
        finding.message
    );

    let out_dir = tempfile::tempdir().expect("temporary folder");
    let out = out_dir.path().join("report.pdf");
    fs::write(&out, b"last good PDF").expect("write");
    let run = |strict: bool| run_build(inputs.path(), &out, strict);
    let strict = run(true);
    assert_eq!(strict.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert!(
        stderr.contains("word-limit-exceeded") && stderr.contains("report.json"),
        "{stderr}"
    );
    assert_eq!(fs::read(&out).expect("still there"), b"last good PDF");

    let lenient = run(false);
    assert!(lenient.status.success());
    let stdout = String::from_utf8_lossy(&lenient.stdout);
    assert!(stdout.contains(&format!("({excess} over)")), "{stdout}");
    assert!(fs::read(&out).expect("written").starts_with(b"%PDF-"));
}

#[test]
fn a_report_without_annexes_refers_to_none() {
    let inputs = copy_inputs();
    let metadata_path = inputs.path().join("report.json");
    let mut metadata: serde_json::Value =
        serde_json::from_slice(&fs::read(&metadata_path).expect("metadata")).expect("JSON");
    metadata["annexes"] = serde_json::json!([]);
    fs::write(
        &metadata_path,
        serde_json::to_string_pretty(&metadata).expect("JSON"),
    )
    .expect("write");
    let built = build(&config(inputs.path())).expect("builds without annexes");
    let text = pdf_text(&built.pdf);
    assert!(!text.contains("Annex"), "no annex is printed");
    assert!(!text.contains("in annex"), "no annex is referred to");
    assert!(built.words.annexes.is_empty());
}

/// A build killed at any moment leaves the last PDF and manifest whole: each is the old file
/// or a complete new one, never a partial write.
#[test]
fn a_build_killed_half_way_leaves_the_previous_outputs_intact() {
    let out_dir = tempfile::tempdir().expect("temporary folder");
    let out = out_dir.path().join("report.pdf");
    let manifest = out_dir.path().join("report.manifest.json");
    let old_pdf = b"%PDF-1.7 last good PDF\n%%EOF\n".to_vec();
    let old_manifest = b"{\"format\": \"report-manifest/1\"}\n".to_vec();
    for delay_ms in [5, 40, 120, 250, 400, 700] {
        fs::write(&out, &old_pdf).expect("write");
        fs::write(&manifest, &old_manifest).expect("write");
        let mut child = Command::new(env!("CARGO_BIN_EXE_report"))
            .current_dir(project_dir())
            .args(["build", "--out"])
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start report build");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let pdf = fs::read(&out).expect("the PDF is still there");
        let whole_new_pdf = pdf.starts_with(b"%PDF-")
            && pdf
                .windows(5)
                .rev()
                .take(64)
                .any(|window| window == b"%%EOF");
        assert!(
            pdf == old_pdf || whole_new_pdf,
            "after {delay_ms} ms: a partial PDF"
        );
        // A manifest on disk describes the PDF beside it: the old pair, or a new manifest of
        // the new PDF; between the two, no manifest at all.
        if let Ok(written) = fs::read(&manifest) {
            if written == old_manifest {
                assert_eq!(
                    pdf, old_pdf,
                    "after {delay_ms} ms: the old manifest of a new PDF"
                );
            } else {
                let described: serde_json::Value = serde_json::from_slice(&written)
                    .unwrap_or_else(|_| panic!("after {delay_ms} ms: a partial manifest"));
                assert_eq!(
                    described["document"]["sha256"],
                    report::manifest::sha256_hex(&pdf).as_str(),
                    "after {delay_ms} ms: a manifest of another PDF"
                );
            }
        }
    }
}

/// Where a file cannot be written (a folder in the manifest's place), the build fails before
/// it replaces anything, and says which file.
#[test]
fn an_output_that_cannot_be_written_fails_the_build_and_replaces_nothing() {
    let out_dir = tempfile::tempdir().expect("temporary folder");
    let out = out_dir.path().join("report.pdf");
    fs::write(&out, b"last good PDF").expect("write");
    let manifest = out_dir.path().join("report.manifest.json");
    fs::create_dir(&manifest).expect("a folder in the manifest's place");
    let output = run_build(&project_dir().join("inputs"), &out, false);
    assert_ne!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("report.manifest.json") && stderr.contains("nothing was replaced"),
        "{stderr}"
    );
    assert!(!String::from_utf8_lossy(&output.stdout).contains("wrote"));
    assert_eq!(fs::read(&out).expect("still there"), b"last good PDF");
    assert!(!out_dir.path().join("report.replies.pdf").exists());
}

/// `--draft --out x.typ` would write the PDF and then the Typst source over it; an output in
/// the inputs folder would replace an input. Both are refused before anything is written.
#[test]
fn outputs_that_would_overwrite_each_other_or_an_input_are_refused() {
    let out_dir = tempfile::tempdir().expect("temporary folder");
    let out = out_dir.path().join("x.typ");
    let output = Command::new(env!("CARGO_BIN_EXE_report"))
        .current_dir(project_dir())
        .args(["build", "--draft", "--out"])
        .arg(&out)
        .output()
        .expect("run report build");
    assert_ne!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("x.typ") && stderr.contains("written twice"),
        "{stderr}"
    );
    assert_eq!(fs::read_dir(out_dir.path()).expect("folder").count(), 0);

    let inputs = copy_inputs();
    let report_json = inputs.path().join("report.json");
    let before = fs::read(&report_json).expect("report.json");
    let output = run_build(inputs.path(), &report_json, false);
    assert_ne!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("inside the inputs folder"), "{stderr}");
    assert_eq!(fs::read(&report_json).expect("report.json"), before);
}

/// Outputs are readable as the umask allows, not private to their writer.
#[cfg(unix)]
#[test]
fn outputs_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let out_dir = tempfile::tempdir().expect("temporary folder");
    let out = out_dir.path().join("report.pdf");
    let output = Command::new("sh")
        .current_dir(project_dir())
        .arg("-c")
        .arg(format!(
            "umask 022 && exec '{}' build --out '{}'",
            env!("CARGO_BIN_EXE_report"),
            out.display()
        ))
        .output()
        .expect("run report build");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    for name in ["report.pdf", "report.replies.pdf", "report.manifest.json"] {
        let mode = fs::metadata(out_dir.path().join(name))
            .expect("written")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644, "{name}");
    }
}

/// `report build --inputs INPUTS --out OUT`, with `--strict` if asked.
fn run_build(inputs: &Path, out: &Path, strict: bool) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_report"));
    command
        .current_dir(project_dir())
        .args(["build", "--inputs"])
        .arg(inputs)
        .arg("--out")
        .arg(out);
    if strict {
        command.arg("--strict");
    }
    command.output().expect("run report build")
}

/// A stray file the build cannot read (no read permission) is recorded in the manifest as
/// unreadable and named; it does not fail a finished build.
#[cfg(unix)]
#[test]
fn a_stray_unreadable_file_is_named_and_recorded_not_fatal() {
    use std::os::unix::fs::PermissionsExt;
    let inputs = copy_inputs();
    let notes = inputs.path().join("notes.txt");
    fs::write(&notes, "private notes").expect("write");
    fs::set_permissions(&notes, fs::Permissions::from_mode(0o000)).expect("chmod");
    let out_dir = tempfile::tempdir().expect("temporary folder");
    let out = out_dir.path().join("report.pdf");
    let output = if fs::read(&notes).is_ok() {
        // Root reads anything: the build runs as `nobody`, for whom the file is unreadable.
        fs::set_permissions(inputs.path(), fs::Permissions::from_mode(0o755)).expect("chmod");
        fs::set_permissions(out_dir.path(), fs::Permissions::from_mode(0o777)).expect("chmod");
        let as_nobody = Command::new("runuser")
            .current_dir(project_dir())
            .args([
                "-u",
                "nobody",
                "--",
                env!("CARGO_BIN_EXE_report"),
                "build",
                "--inputs",
            ])
            .arg(inputs.path())
            .arg("--out")
            .arg(&out)
            .output();
        match as_nobody {
            Ok(output) => output,
            // Root without `runuser`: no user to whom the file is unreadable.
            Err(_) => return,
        }
    } else {
        run_build(inputs.path(), &out, false)
    };
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("notes.txt") && stderr.contains("could not be read"),
        "{stderr}"
    );
    let manifest: serde_json::Value = serde_json::from_slice(
        &fs::read(out_dir.path().join("report.manifest.json")).expect("manifest"),
    )
    .expect("JSON");
    let recorded = manifest["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|file| {
            file["path"]
                .as_str()
                .is_some_and(|path| path.ends_with("notes.txt"))
        })
        .expect("notes.txt is recorded");
    assert!(recorded["unreadable"].is_string() && recorded.get("sha256").is_none());
}

/// A later reply of a respondent that the font rule leaves out does not supersede the earlier
/// good one: the respondent stays in the report.
#[test]
fn a_later_reply_left_out_for_its_glyphs_leaves_the_earlier_one_standing() {
    let inputs = copy_inputs();
    let replies = inputs.path().join("replies");
    let mut later: serde_json::Value =
        serde_json::from_slice(&fs::read(replies.join("AUT.json")).expect("reply")).expect("JSON");
    later["submitted"] = serde_json::json!("2009-05-20");
    if let Some(paragraphs) = later["paragraphs"].as_object_mut() {
        for answer in paragraphs.values_mut() {
            if answer.get("narrative").is_some() {
                answer["narrative"] = serde_json::json!("奥地利报告了其国家行动计划。");
            }
        }
    }
    fs::write(
        replies.join("AUT-later.json"),
        serde_json::to_vec_pretty(&later).expect("JSON"),
    )
    .expect("write");
    let built = build(&config(inputs.path())).expect("builds");
    let left_out: Vec<&str> = built
        .left_out
        .iter()
        .map(|left| left.source.as_str())
        .collect();
    assert!(
        left_out
            .iter()
            .any(|source| source.ends_with("AUT-later.json")),
        "{left_out:?}"
    );
    assert!(
        !left_out.iter().any(|source| source.ends_with("/AUT.json")),
        "the earlier reply went with the later one: {left_out:?}"
    );
    assert!(built.findings.iter().any(
        |finding| finding.code == "font-coverage" && finding.source.ends_with("AUT-later.json")
    ));
    assert!(
        !built
            .findings
            .iter()
            .any(|finding| finding.code == "superseded")
    );
    assert_eq!(built.accepted, 19);
}

/// Two builds of different inputs writing the same `--out` at once take turns: whichever
/// finishes last, the manifest on disk describes the PDF and the compilation beside it.
#[test]
fn concurrent_builds_to_one_output_leave_a_manifest_of_the_pdf_beside_it() {
    let first = copy_inputs();
    let second = copy_inputs();
    let reply = second.path().join("replies").join("AUT.json");
    let text = fs::read_to_string(&reply).expect("reply");
    fs::write(
        &reply,
        text.replacen("The Task Force", "The Concurrent Task Force", 1),
    )
    .expect("write");
    let out_dir = tempfile::tempdir().expect("temporary folder");
    let out = out_dir.path().join("report.pdf");
    for _ in 0..3 {
        let builds: Vec<std::process::Child> = [first.path(), second.path()]
            .into_iter()
            .map(|inputs| {
                Command::new(env!("CARGO_BIN_EXE_report"))
                    .current_dir(project_dir())
                    .args(["build", "--inputs"])
                    .arg(inputs)
                    .arg("--out")
                    .arg(&out)
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .expect("start report build")
            })
            .collect();
        for mut build in builds {
            assert!(build.wait().expect("wait").success());
        }
        let manifest: serde_json::Value = serde_json::from_slice(
            &fs::read(out_dir.path().join("report.manifest.json")).expect("manifest"),
        )
        .expect("JSON");
        let pdf = fs::read(&out).expect("PDF");
        assert_eq!(
            manifest["document"]["sha256"],
            report::manifest::sha256_hex(&pdf).as_str()
        );
        let compilation = fs::read(report::manifest::compilation_path(&out)).expect("compilation");
        assert_eq!(
            manifest["compilation"]["sha256"],
            report::manifest::sha256_hex(&compilation).as_str(),
            "{manifest}"
        );
        let leftovers: Vec<_> = fs::read_dir(out_dir.path())
            .expect("folder")
            .filter_map(Result::ok)
            .filter(|entry| entry.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

/// A chapter template emptied by a slip would shift every later chapter's number: the build
/// refuses it, naming the template, and keeps the last PDF.
#[test]
fn an_empty_chapter_template_is_an_error_naming_it() {
    let templates = tempfile::tempdir().expect("temporary folder");
    copy_dir(&project_dir().join("report-templates"), templates.path());
    fs::write(
        templates.path().join("chapters").join("introduction.hbs"),
        "",
    )
    .expect("write");
    let out_dir = tempfile::tempdir().expect("temporary folder");
    let out = out_dir.path().join("report.pdf");
    fs::write(&out, b"last good PDF").expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_report"))
        .current_dir(project_dir())
        .args(["build", "--templates"])
        .arg(templates.path())
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run report build");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`chapters/introduction.hbs` wrote no heading for chapter I"),
        "{stderr}"
    );
    assert_eq!(fs::read(&out).expect("still there"), b"last good PDF");
}

/// The first page holds only the front matter; the next is a table of contents made from the
/// laid-out document: each chapter and section with its paragraphs and the page it starts on.
#[test]
fn the_first_page_is_front_matter_and_the_contents_follow_it() {
    let built = build(&config(&project_dir().join("inputs"))).expect("the sample report builds");
    let pages = pdf_extract::extract_text_from_mem_by_pages(&built.pdf).expect("pages");
    let flat = |page: &str| page.split_whitespace().collect::<Vec<_>>().join(" ");
    let first = flat(&pages[0]);
    assert!(first.contains("Summary") && first.contains("09-45604 (E)"));
    assert!(
        !first.contains("Introduction"),
        "the body starts on page 1: {first}"
    );
    let contents = &pages[1];
    assert!(
        flat(contents).contains("Contents Paragraphs Page"),
        "{contents}"
    );
    assert!(flat(contents).contains("Annexes"), "{contents}");
    // Each row: number, title, leader dots, then the paragraphs (first–last) and the page.
    let mut rows = 0;
    for line in contents.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let [.., range, page] = words.as_slice() else {
            continue;
        };
        let (Some((first_paragraph, _)), Ok(page)) = (range.split_once('–'), page.parse::<usize>())
        else {
            continue;
        };
        let title: String = words[1..words.len() - 2]
            .join(" ")
            .trim_end_matches(['.', ' '])
            .to_owned();
        let shown = flat(&pages[page - 1]);
        assert!(
            shown.contains(&title),
            "`{title}` is not on page {page}: {shown}"
        );
        assert!(
            shown.contains(&format!(" {first_paragraph}. ")),
            "paragraph {first_paragraph} is not on page {page}"
        );
        rows += 1;
    }
    assert!(rows >= 6, "only {rows} rows with paragraphs: {contents}");
}

/// The job line and the agenda reference are data: a Vienna job number with two processing
/// dates, and an item of the preliminary list.
#[test]
fn the_job_line_and_the_agenda_reference_come_from_the_metadata() {
    let inputs = copy_inputs();
    let path = inputs.path().join("report.json");
    let mut metadata: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&path).expect("report.json")).expect("JSON");
    metadata["job_prefix"] = "V.".into();
    metadata["job_dates"] = serde_json::json!(["2009-08-12", "2009-08-14"]);
    metadata["agenda"]["list"] = "preliminary_list".into();
    fs::write(
        &path,
        serde_json::to_string_pretty(&metadata).expect("JSON"),
    )
    .expect("write");
    let built = build(&config(inputs.path())).expect("the report builds");
    let pages = pdf_extract::extract_text_from_mem_by_pages(&built.pdf).expect("pages");
    let flat = |page: &str| page.split_whitespace().collect::<Vec<_>>().join(" ");
    let first = flat(&pages[0]);
    assert!(first.contains("V.09-45604 (E) 120809 140809"), "{first}");
    assert!(
        first.contains("*0945604*"),
        "the bar code has no prefix: {first}"
    );
    assert!(
        first.contains("Item 104 of the preliminary list"),
        "{first}"
    );
    assert!(
        flat(&pages[2]).contains("V.09-45604"),
        "the footer of a later page"
    );

    metadata["agenda"]["list"] = "agenda".into();
    metadata["job_dates"] = serde_json::json!(["2009-08-12", "2009-08-14", "2009-08-15"]);
    fs::write(
        &path,
        serde_json::to_string_pretty(&metadata).expect("JSON"),
    )
    .expect("write");
    let Err(error) = build(&config(inputs.path())) else {
        panic!("three job dates were printed");
    };
    assert!(
        error.to_string().contains("`job_dates` holds 3 dates"),
        "{error}"
    );
}

/// The coverage matrix is not an annex of the bundled outline; an outline that asks for it
/// gets a numbered table.
#[test]
fn the_coverage_annex_is_left_out_of_the_bundled_outline_and_numbered_when_asked_for() {
    let built = build(&config(&project_dir().join("inputs"))).expect("the sample report builds");
    assert!(!pdf_text(&built.pdf).contains("Operative paragraphs addressed in the replies"));
    let inputs = copy_inputs();
    let path = inputs.path().join("report.json");
    let mut metadata: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&path).expect("report.json")).expect("JSON");
    metadata["annexes"]
        .as_array_mut()
        .expect("annexes")
        .push(serde_json::json!({
            "template": "annex-coverage",
            "title": "Operative paragraphs addressed in the replies"
        }));
    fs::write(&path, metadata.to_string()).expect("write");
    let built = build(&config(inputs.path())).expect("the report builds");
    let text = pdf_text(&built.pdf);
    let annex = &text[text.find("Annex IV").expect("the coverage annex")..];
    assert!(
        annex.contains("Table") && annex.contains("reported on, by respondent"),
        "{annex}"
    );
}
