//! `report worksheet`: writes and refreshes the editors' summaries files, then lists what awaits
//! them: every narrative with its language and length, the state of its summary, and the words
//! each chapter has left.
//!
//! In: the same folders as `report build`. Out: the files in `<inputs>/summaries/` (written
//! only when they change) and the list on stdout, for people or as `report-worksheet/1` JSON.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;
use serde::Serialize;

use super::{OutputFormat, Sources, print_out, thousands};
use crate::compile::ChapterWords;
use crate::editorial::worksheet::{self, Sections, Status, Worksheet};
use crate::style::{opening, reads_as};
use crate::{BuildError, Session};

#[derive(Debug, Args)]
pub struct WorksheetArgs {
    #[command(flatten)]
    pub sources: Sources,
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

#[derive(Serialize)]
struct WorksheetDocument<'a> {
    format: &'static str,
    summaries_dir: String,
    created: &'a [String],
    updated: &'a [String],
    unchanged: usize,
    words: usize,
    word_limit: u32,
    chapters: &'a [ChapterWords],
    entries: &'a [worksheet::Entry],
}

pub fn run_worksheet(args: &WorksheetArgs) -> ExitCode {
    let config = args.sources.config();
    let mut session = Session::new(config.clone());
    let result = session
        .build()
        .and_then(|built| Ok((built, session.check()?)));
    let (built, checked) = match result {
        Ok(done) => done,
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "error: {error}");
            return ExitCode::from(match error {
                BuildError::Gather(_) => 2,
                _ => 1,
            });
        }
    };
    let language = checked.gathered.metadata.language.clone();
    let sections = sections(&built.report);
    let refreshed = worksheet::refresh(
        &config.inputs_dir,
        &checked.gathered.summaries,
        &checked.checked.accepted,
        &sections,
        |entry_language, text| {
            entry_language == language && reads_as(&opening(text, 45), &language)
        },
    );
    let refreshed = match refreshed {
        Ok(refreshed) => refreshed,
        Err(error) => {
            let _ = writeln!(
                std::io::stderr(),
                "error: cannot write the summaries in `{}`: {error}",
                crate::gather::summaries_dir(&config.inputs_dir).display()
            );
            return ExitCode::from(2);
        }
    };
    let summaries_dir =
        crate::diagnostic::display_path(&crate::gather::summaries_dir(&config.inputs_dir));
    let text = match args.format {
        OutputFormat::Json => {
            let document = WorksheetDocument {
                format: worksheet::WORKSHEET_FORMAT,
                summaries_dir,
                created: &refreshed.created,
                updated: &refreshed.updated,
                unchanged: refreshed.unchanged,
                words: built.words.body,
                word_limit: built.report.meta.word_limit,
                chapters: &built.budget,
                entries: &refreshed.entries,
            };
            serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
        }
        OutputFormat::Human => overview(&refreshed, &built, &summaries_dir),
    };
    print_out(&text)
}

/// Where each paragraph's answers are reported: the first section (or chapter) of the outline
/// that covers the paragraph for States, and for organizations.
fn sections(report: &crate::compile::Report) -> Sections {
    let mut sections = Sections::new();
    for chapter in &report.chapters {
        let places = chapter
            .digests
            .iter()
            .map(|digest| (digest, format!("{}. {}", chapter.number, chapter.title)))
            .chain(chapter.sections.iter().flat_map(|section| {
                section.digests.iter().map(move |digest| {
                    (
                        digest,
                        format!("{}.{} {}", chapter.number, section.letter, section.title),
                    )
                })
            }));
        for (digest, place) in places {
            let kinds: &[bool] = match digest.group.as_str() {
                "states" => &[true],
                "organizations" => &[false],
                _ => &[true, false],
            };
            for is_state in kinds {
                sections
                    .entry((digest.number, *is_state))
                    .or_insert_with(|| place.clone());
            }
        }
    }
    sections
}

fn overview(refreshed: &Worksheet, built: &crate::Build, summaries_dir: &str) -> String {
    let mut text = format!(
        "summaries: {summaries_dir} ({} created, {} updated, {} unchanged)\n",
        refreshed.created.len(),
        refreshed.updated.len(),
        refreshed.unchanged
    );
    text.push_str(&format!(
        "narratives: {}; {} summarized, {} stale, {} need a summary, {} quoted by their opening unless summarized\n",
        refreshed.entries.len(),
        refreshed.count(Status::Summarized),
        refreshed.count(Status::Stale),
        refreshed.count(Status::Needed),
        refreshed.count(Status::Optional),
    ));
    let limit = u64::from(built.report.meta.word_limit);
    let body = built.words.body as u64;
    text.push_str(&format!(
        "\nwords: {} of {} in the body ({}); by chapter, with the budget where examples are chosen:\n",
        thousands(body),
        thousands(limit),
        if body <= limit {
            format!("{} to spare", thousands(limit - body))
        } else {
            format!("{} over", thousands(body - limit))
        },
    ));
    for chapter in &built.budget {
        let budget = match chapter.budget {
            Some(budget) => format!(
                "{:>6} of {:>6}, {:>5} available; {} of {} examples quoted",
                thousands(chapter.words as u64),
                thousands(budget as u64),
                thousands(budget.saturating_sub(chapter.words) as u64),
                chapter.examples,
                chapter.candidates
            ),
            None => format!("{:>6}", thousands(chapter.words as u64)),
        };
        text.push_str(&format!(
            "  {:<5} {budget}   {}\n",
            chapter.number, chapter.title
        ));
    }
    for (status, heading) in [
        (
            Status::Needed,
            "need a summary (not in the report's language: the report names the respondent only)",
        ),
        (
            Status::Stale,
            "stale (the reply changed after the summary was written: revise it, then delete `\"stale\": true`)",
        ),
    ] {
        let entries: Vec<&worksheet::Entry> = refreshed
            .entries
            .iter()
            .filter(|entry| entry.status == status)
            .collect();
        if entries.is_empty() {
            continue;
        }
        text.push_str(&format!("\n{} {heading}:\n", entries.len()));
        for entry in entries {
            text.push_str(&format!(
                "  {:<10} paragraph {:<3} {:<3} {:>5} words  {}  {}\n",
                entry.respondent,
                entry.paragraph,
                entry.language,
                thousands(entry.words as u64),
                entry.section,
                entry.file
            ));
        }
    }
    text
}
