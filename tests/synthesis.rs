//! The report is a synthesis by theme, within the word limit, at three sizes: the sample (19
//! replies), the size of the real response of 2009 (100 Member States and 31 organizations)
//! and full scale (192 Member States and 40 organizations). Nothing is lost: every respondent
//! is named in the body or Annex I, every typed fact is counted, every narrative is in the
//! compilation of replies.

mod common;

#[path = "../benches/common/generator.rs"]
mod generator;

use std::fs;
use std::path::Path;

use common::{config, copy_inputs, pdf_text, project_dir, squashed};
use report::build;
use report::typeset::Block;
use serde_json::Value;

/// The numbered paragraphs of the body (before the first annex), as the draft reads them.
fn body_paragraphs(built: &report::Build) -> Vec<String> {
    let mut paragraphs = Vec::new();
    for block in &built.blocks {
        match block {
            Block::Heading { text, .. } if text.starts_with("Annex") => break,
            Block::Paragraph { text } => paragraphs.push(text.clone()),
            _ => {}
        }
    }
    paragraphs
}

/// The replies of an inputs folder, as JSON.
fn replies(inputs: &Path) -> Vec<Value> {
    let mut replies: Vec<Value> = fs::read_dir(inputs.join("replies"))
        .expect("replies")
        .flatten()
        .map(|entry| serde_json::from_slice(&fs::read(entry.path()).expect("read")).expect("JSON"))
        .collect();
    replies.sort_by_key(|reply| reply["respondent"]["code"].as_str().map(str::to_owned));
    replies
}

#[test]
fn the_sample_report_is_a_synthesis_not_a_compilation() {
    let inputs = project_dir().join("inputs");
    let built = build(&config(&inputs)).expect("builds");
    let paragraphs = body_paragraphs(&built);
    assert!(paragraphs.len() > 30, "{} paragraphs", paragraphs.len());
    let text = pdf_text(&built.pdf);
    assert!(!text.contains("It added:"));

    // Paragraphs about a single respondent: only the featured examples, at most a tenth.
    let names: Vec<String> = built
        .report
        .respondents
        .iter()
        .flat_map(|respondent| [respondent.name.clone(), respondent.short.clone()])
        .collect();
    let about_one = paragraphs
        .iter()
        .filter(|paragraph| {
            let named: Vec<&String> = names
                .iter()
                .filter(|name| paragraph.contains(name.as_str()))
                .collect();
            let mut distinct: Vec<&str> = named.iter().map(|name| name.as_str()).collect();
            // "the Netherlands" and "Netherlands" are one respondent.
            distinct.retain(|name| {
                !named
                    .iter()
                    .any(|other| other.len() > name.len() && other.contains(name))
            });
            distinct.len() == 1
        })
        .count();
    assert!(
        about_one * 10 <= paragraphs.len(),
        "{about_one} of {} paragraphs are about a single respondent",
        paragraphs.len()
    );

    // No text of a reply in another language in the body, and every paragraph reads as
    // English.
    for reply in replies(&inputs) {
        if reply["language"] == "en" {
            continue;
        }
        for answer in reply["paragraphs"]
            .as_object()
            .expect("paragraphs")
            .values()
        {
            for sentence in answer["narrative"]
                .as_str()
                .map(report::style::sentences)
                .unwrap_or_default()
            {
                let opening: Vec<&str> = sentence.split_whitespace().take(6).collect();
                assert!(
                    !text.contains(&opening.join(" ")),
                    "printed in its language: {sentence}"
                );
            }
        }
    }
    for paragraph in &paragraphs {
        assert!(
            report::style::reads_as_english(paragraph),
            "not English: {paragraph}"
        );
    }

    // Every narrative is in the compilation of replies, as written.
    let compilation = squashed(&pdf_text(&built.compilation.pdf));
    for reply in replies(&inputs) {
        for answer in reply["paragraphs"]
            .as_object()
            .expect("paragraphs")
            .values()
        {
            if let Some(narrative) = answer["narrative"].as_str() {
                assert!(
                    compilation.contains(&squashed(narrative)),
                    "missing from the compilation: {narrative}"
                );
            }
        }
    }
}

fn edited(edit: impl FnOnce(&Path)) -> report::Build {
    let inputs = copy_inputs();
    edit(inputs.path());
    build(&config(inputs.path())).expect("builds")
}

fn edit_reply(inputs: &Path, code: &str, edit: impl FnOnce(&mut Value)) {
    let path = inputs.join(format!("replies/{code}.json"));
    let mut reply: Value = serde_json::from_slice(&fs::read(&path).expect("read")).expect("JSON");
    edit(&mut reply);
    fs::write(&path, reply.to_string()).expect("write");
}

#[test]
fn the_figures_follow_the_inputs() {
    let sample = build(&config(&project_dir().join("inputs"))).expect("builds");
    let text = pdf_text(&sample.pdf);
    assert!(text.contains("All of them described legislation criminalizing trafficking"));
    assert!(text.contains("forced begging (3)"), "{text}");

    // Belgium reports no law: eleven of the twelve did; forced begging falls to two.
    let without_law = edited(|inputs| {
        edit_reply(inputs, "BEL", |reply| {
            reply["paragraphs"]["4"]
                .as_object_mut()
                .expect("paragraph 4")
                .remove("laws");
        });
    });
    let text = pdf_text(&without_law.pdf);
    assert!(
        text.contains("Eleven of them described legislation"),
        "{text}"
    );
    assert!(text.contains("forced begging (2)"), "{text}");

    // Austria now supports a global plan of action: seven States do, and the list of them
    // goes to a footnote.
    let supports = edited(|inputs| {
        edit_reply(inputs, "AUT", |reply| {
            reply["paragraphs"]["10"]["position"] = Value::String("supports".into());
        });
    });
    let text = pdf_text(&supports.pdf);
    assert!(
        text.contains("Seven Member States")
            && text.contains("expressed support for a global plan of action"),
        "{text}"
    );
    assert!(!text.contains("Austria did not support"));
}

/// Builds a generated collection and checks what a report of that size must keep.
/// Checks the limit and that nothing is lost; returns the report's text, white space squashed.
fn keeps_to_the_limit_and_loses_nothing(generate: impl FnOnce(&Path) -> usize) -> String {
    let dir = tempfile::tempdir().expect("temporary folder");
    let written = generate(dir.path());
    let built = build(&config(dir.path())).expect("builds");
    assert_eq!(built.accepted, written);
    assert!(
        built.typst_warnings.is_empty(),
        "{:?}",
        built.typst_warnings
    );
    assert!(
        built.page_break_faults.is_empty(),
        "{:?}",
        built.page_break_faults
    );
    let limit = built.report.meta.word_limit as usize;
    assert!(
        built.words.body <= limit,
        "{} words of {limit}",
        built.words.body
    );
    assert!(
        built
            .findings
            .iter()
            .all(|finding| finding.code != "word-limit-exceeded")
    );
    // Some examples are quoted in every chapter that has any to quote.
    for chapter in &built.budget {
        if chapter.candidates > 0 {
            assert!(
                chapter.examples > 0,
                "no example in chapter {}",
                chapter.number
            );
        }
    }

    // Every respondent is named in the body or in Annex I.
    let text = pdf_text(&built.pdf);
    for respondent in &built.report.respondents {
        assert!(
            text.contains(&respondent.name) || text.contains(&respondent.short),
            "{} is not named",
            respondent.name
        );
    }

    // Every typed fact is counted: laws, mechanisms and contributions in the figures, every
    // yearly count in the annex of comparable data, every State in the treaty annex.
    let replies = replies(dir.path());
    let states: Vec<&Value> = replies
        .iter()
        .filter(|reply| reply["respondent"]["kind"] == "member_state")
        .collect();
    let facts = |name: &str| -> usize {
        states
            .iter()
            .flat_map(|reply| {
                reply["paragraphs"]
                    .as_object()
                    .expect("paragraphs")
                    .values()
            })
            .map(|answer| answer[name].as_array().map_or(0, Vec::len))
            .sum()
    };
    let figures = &built.report.figures;
    assert_eq!(
        figures.laws.as_ref().map(|laws| laws.laws),
        Some(facts("laws"))
    );
    let reported_amount: f64 = states
        .iter()
        .flat_map(|reply| {
            reply["paragraphs"]
                .as_object()
                .expect("paragraphs")
                .values()
        })
        .flat_map(|answer| {
            answer["contributions"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .map(|contribution| contribution["amount"].as_f64().unwrap_or(0.0))
        .sum();
    let totalled: f64 = figures
        .contributions
        .as_ref()
        .map(|contributions| contributions.totals.iter().map(|total| total.amount).sum())
        .unwrap_or(0.0);
    assert!(
        (reported_amount - totalled).abs() < 0.5,
        "{reported_amount} {totalled}"
    );
    let cells: usize = built
        .report
        .comparable_data
        .tables
        .iter()
        .flat_map(|table| &table.rows)
        .flat_map(|row| &row.cells)
        .filter(|cell| cell.as_str() != "..")
        .count();
    assert_eq!(cells, facts("statistics"));
    assert_eq!(built.report.treaty_status.rows.len(), states.len());

    // Every narrative is in the compilation of replies.
    for reply in &replies {
        for answer in reply["paragraphs"]
            .as_object()
            .expect("paragraphs")
            .values()
        {
            if let Some(narrative) = answer["narrative"].as_str() {
                for paragraph in report::editorial::normalized_narrative(narrative).split("\n\n") {
                    let escaped = report::render::escape::escape_markup(paragraph);
                    assert!(
                        built.compilation.typst_source.contains(&escaped),
                        "missing from the compilation: {paragraph}"
                    );
                }
            }
        }
    }
    squashed(&text)
}

#[test]
fn the_response_of_2009_keeps_to_the_word_limit_and_loses_nothing() {
    keeps_to_the_limit_and_loses_nothing(|dir| {
        generator::generate_with(&project_dir(), dir, 1, 100, 31)
    });
}

#[test]
fn full_scale_keeps_to_the_word_limit_and_loses_nothing() {
    let text =
        keeps_to_the_limit_and_loses_nothing(|dir| generator::generate(&project_dir(), dir, 1));
    // What the analysis says is true of this set: every State of 2009 replied (Kiribati was in
    // no regional group), each with figures for every year and a national mechanism only.
    assert!(
        text.contains(&squashed("Kiribati belongs to no regional group.")),
        "{text}"
    );
    assert!(!text.contains(&squashed("No regional group")));
    assert!(!text.contains(&squashed("remain incomplete")));
    assert!(text.contains(&squashed(
        "Coordination reported by Member States is national"
    )));
    assert!(!text.contains(&squashed("(192) scope")));
    // Numbered names in their numbers' order.
    let first = text
        .find(&squashed("No. 2, the Regional"))
        .expect("network 2 is named");
    let tenth = text
        .find(&squashed("No. 10, the Regional"))
        .expect("network 10 is named");
    assert!(first < tenth);
}

/// An observer State that replies (the Holy See) is a State but not a Member State: the
/// report counts it apart and never calls the group it joins "Member States".
#[test]
fn an_observer_state_is_never_counted_as_a_member_state() {
    let built = edited(|inputs| {
        fs::copy(
            project_dir().join("tests/check-cases/valid-observer-state.json"),
            inputs.join("replies/VAT.json"),
        )
        .expect("copy");
    });
    assert_eq!(built.accepted, 20);
    let body = body_paragraphs(&built).join("\n");
    assert!(
        body.contains("from 12 Member States")
            && body.contains("the Holy See, a non-member observer State"),
        "{body}"
    );
    assert!(body.contains("of the 13 States that replied"), "{body}");
    assert!(
        !body.contains("13 Member States"),
        "the observer State is counted as a Member State: {body}"
    );
    for (at, _) in body.match_indices("Holy See") {
        let before = body[..at].to_lowercase();
        assert!(
            before.ends_with("the "),
            "the Holy See takes its article: …{}",
            &body[at.saturating_sub(60)..at + 8]
        );
    }
}

/// The draft's text of the table whose caption starts with `caption`, with its notes: up to
/// the next table, heading or numbered paragraph.
fn table_text(built: &report::Build, caption: &str) -> String {
    let draft = report::draft::draft_text(&built.blocks);
    let start = draft
        .find(caption)
        .unwrap_or_else(|| panic!("no table `{caption}` in\n{draft}"));
    let mut lines = draft[start..].lines();
    let mut text = lines.next().unwrap_or_default().to_owned();
    for line in lines {
        let numbered = line
            .split_once(". ")
            .is_some_and(|(number, _)| number.parse::<u32>().is_ok());
        if line.starts_with("Table ") || line.starts_with('#') || numbered {
            break;
        }
        text.push('\n');
        text.push_str(line);
    }
    text
}

#[test]
fn totals_by_year_add_the_same_states_in_every_year() {
    // Brazil gives 2008 alone; Norway calls its figures not comparable between years.
    let built = edited(|inputs| {
        edit_reply(inputs, "BRA", |reply| {
            reply["paragraphs"]["7"] = serde_json::json!({
                "statistics": [{"year": 2008, "measure": "victims_identified", "value": 370}]
            });
        });
    });
    let table = table_text(&built, "Table 1 ");
    // The totals of 2006-2008 are those of the five States that gave every year: neither
    // Brazil's 2008 nor Norway's figures make a year jump.
    assert!(
        table.contains("| Victims identified (5) | 1,497 | 1,546 | 1,587 |"),
        "{table}"
    );
    assert!(
        table.contains(
            "Not added: the figures of Norway, which reported that its figures are not comparable"
        ),
        "{table}"
    );
    assert!(
        table.contains(
            "The figures of Brazil, which did not give every year of a measure, are not added"
        ),
        "{table}"
    );
    // The regional table gives one year, never a sum of years, and counts Brazil's 2008.
    let groups = table_text(&built, "Table 2 ");
    assert!(
        groups.contains("Figures for 2008 by regional group"),
        "{groups}"
    );
    assert!(
        groups.contains("| Latin American and Caribbean States (2) |                518 |"),
        "{groups}"
    );
    // The annex keeps every figure, marks those no total adds, and totals the same five States.
    let annex = table_text(&built, "Table 4 ");
    assert!(annex.contains("| Brazil[b]"), "{annex}");
    assert!(annex.contains("| Norway[a]"), "{annex}");
    assert!(
        annex.contains("| Total (five States) | 1,497 | 1,546 | 1,587 |"),
        "{annex}"
    );
    let draft = report::draft::draft_text(&built.blocks);
    assert!(draft.contains("[a] The State reported that its figures are not comparable"));
    assert!(draft.contains("[b] The State did not give figures for every year shown"));

    // Without Norway's statement its figures are added again.
    let comparable = edited(|inputs| {
        edit_reply(inputs, "NOR", |reply| {
            reply["paragraphs"]["7"]
                .as_object_mut()
                .expect("paragraph 7")
                .remove("comparable_between_years");
        });
    });
    let table = table_text(&comparable, "Table 1 ");
    assert!(
        table.contains("| Victims identified (6) | 1,588 | 1,739 | 1,850 |"),
        "{table}"
    );
    assert!(!table.contains("Not added"), "{table}");
}
