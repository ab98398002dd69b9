//! Stage 3, compile: accepted replies -> the report model and the compilation of replies.
//!
//! In: the gathered inputs, the replies the check accepted and the editorial layer (the
//! editors' summaries and marks). Out: [`Compiled`]: the [`Report`] model, synthesized by
//! theme (counts, the respondents named in alphabetical order, the typed facts added up, the
//! ratification status from the reference data, the analysis figures), the ranked
//! [`Candidates`] for the examples that the word budget then chooses from ([`budget`]), the
//! [`RepliesDocument`] that reproduces every reply in full, and the notices of narratives that
//! need a summary. Nothing here writes prose beyond single facts; sentences are the templates'
//! business.
//!
//! One module per kind of content: [`respondents`] (who replied, Annex I, coverage),
//! [`synthesis`] (a section's paragraph added up), [`examples`] (what may be quoted, ranked),
//! [`budget`] (which examples fit), [`ratification`] (chapter II and Annex II), [`data`]
//! (Annex III), [`compilation`] (the replies in full); every type the templates see is in
//! [`model`].

pub mod budget;
pub mod compilation;
mod data;
mod examples;
mod model;
mod ratification;
mod respondents;
mod synthesis;

use time::Date;

pub use budget::{Candidates, ChapterWords, DEFAULT_EXAMPLES, Selection};
pub use compilation::{RepliesDocument, language_name};
pub use data::ComparableData;
pub use examples::Candidate;
pub use model::*;
pub use ratification::{TreatyProvenance, TreatyStatusTable};
pub use respondents::coverage;

use crate::check::Checked;
use crate::dates::{format_long, parse_iso_date};
use crate::diagnostic::Finding;
use crate::editorial::Editorial;
use crate::gather::Gathered;
use crate::metadata::{Chapter, RespondentGroup};
use budget::{DigestCandidates, Place};
use synthesis::Context;

/// A problem with the report metadata that makes a report impossible.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    #[error("report.json: `{field}` is `{value}`, which is not a date (write YYYY-MM-DD)")]
    BadDate { field: &'static str, value: String },
    #[error(
        "report.json: the outline names operative paragraph {0}, which the mandate does not have"
    )]
    UnknownParagraph(u32),
    #[error(
        "report.json: `agenda` does not say which list the item is on\n  hint: add `\"list\": \"provisional_agenda\"` (or `preliminary_list`, or `agenda` once the agenda is adopted)"
    )]
    NoAgendaList,
    #[error("report.json: `job_dates` holds {0} dates; the job line prints one or two")]
    JobDates(usize),
}

/// The job line of the first page: `V.09-45604 (E)    120809    140809`.
fn job_line(
    metadata: &crate::metadata::ReportMetadata,
    report_date: Date,
) -> Result<String, CompileError> {
    let dates = if metadata.job_dates.is_empty() {
        vec![report_date]
    } else {
        if metadata.job_dates.len() > 2 {
            return Err(CompileError::JobDates(metadata.job_dates.len()));
        }
        metadata
            .job_dates
            .iter()
            .map(|date| {
                parse_iso_date(date).ok_or_else(|| CompileError::BadDate {
                    field: "job_dates",
                    value: date.to_string(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?
    };
    let mut line = format!(
        "{}{} ({})",
        metadata.job_prefix,
        metadata.job_number,
        language_letter(&metadata.language)
    );
    for date in dates {
        line.push_str(&format!(
            "    {:02}{:02}{:02}",
            date.day(),
            u8::from(date.month()),
            date.year().rem_euclid(100)
        ));
    }
    Ok(line)
}

/// The letter of the document's language in the job line: (A)rabic, (C)hinese, (E)nglish,
/// (F)rench, (R)ussian, (S)panish.
fn language_letter(language: &str) -> String {
    let primary = language.split(['-', '_']).next().unwrap_or(language);
    match primary.to_ascii_lowercase().as_str() {
        "ar" => "A".to_owned(),
        "zh" => "C".to_owned(),
        "en" => "E".to_owned(),
        "fr" => "F".to_owned(),
        "ru" => "R".to_owned(),
        "es" => "S".to_owned(),
        other => other.to_ascii_uppercase(),
    }
}

/// What the compile stage makes of the accepted replies.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The report, without examples (the budget chooses them: [`budget::apply`]).
    pub report: Report,
    pub candidates: Candidates,
    /// Every reply in full, for the compilation of replies.
    pub replies: RepliesDocument,
    /// Narratives that need a summary before the report can print them.
    pub findings: Vec<Finding>,
}

/// Builds the report model from the accepted replies.
pub fn compile(
    gathered: &Gathered,
    checked: &Checked,
    editorial: &Editorial,
) -> Result<Compiled, CompileError> {
    let metadata = &gathered.metadata;
    let mandate = &gathered.mandate;
    let report_date = required_date("date", &metadata.date)?;
    let deadline = required_date("deadline", &metadata.deadline)?;
    let note_verbale_date = required_date("note_verbale.date", &metadata.note_verbale.date)?;
    let adopted = required_date(
        "resolution.adopted (mandate.json)",
        &mandate.resolution.adopted,
    )?;
    for chapter in &metadata.outline {
        for number in chapter.paragraphs.iter().chain(
            chapter
                .sections
                .iter()
                .flat_map(|section| &section.paragraphs),
        ) {
            if mandate.paragraph(*number).is_none() {
                return Err(CompileError::UnknownParagraph(*number));
            }
        }
    }

    let preparer_entity = metadata.prepared_by.entity();
    let respondents = respondents::respondents(
        &gathered.reference,
        &checked.accepted,
        preparer_entity.map(|entity| entity.code.as_str()),
    );
    let entries = respondents::entries(&respondents, deadline);
    let context = Context {
        mandate,
        reference: &gathered.reference,
        respondents: &respondents,
        language: &metadata.language,
        period: metadata.reporting_period,
    };

    let texts = examples::Texts::new(&respondents, editorial, &metadata.language, preparer_entity);
    let mut candidates = Candidates {
        digests: Vec::new(),
        chapters: metadata.outline.len(),
    };
    let mut chapters = Vec::with_capacity(metadata.outline.len());
    for (index, chapter) in metadata.outline.iter().enumerate() {
        chapters.push(chapter_model(
            &context,
            &texts,
            index,
            chapter,
            report_date,
            &mut candidates,
        ));
    }

    let all_instruments = ratification::instruments_of(mandate, &[]);
    let mut figures = context.figures(mandate.report_paragraph);
    let gaps = ratification::gaps(&ratification::status(
        &gathered.reference,
        &respondents,
        &all_instruments,
        report_date,
    ));
    figures.treaty_not_parties = gaps
        .iter()
        .filter(|gap| gap.not_parties > 0)
        .cloned()
        .collect();
    figures.treaty_unverified = gaps
        .into_iter()
        .filter(|gap| gap.not_recorded > 0)
        .collect();

    let illustrative = checked
        .accepted
        .iter()
        .any(|sourced| sourced.reply.illustrative);
    let annexes = metadata
        .annexes
        .iter()
        .enumerate()
        .map(|(index, annex)| AnnexModel {
            number: roman(index + 1),
            title: annex.title.clone(),
            partial: format!("annexes/{}", annex.template),
            template: annex.template.clone(),
        })
        .collect();
    let meta = Meta {
        symbol: metadata.symbol.clone(),
        organ: metadata.organ.clone(),
        distribution: metadata.distribution.clone(),
        date: format_long(report_date),
        date_iso: metadata.date.clone(),
        original_language: metadata.original_language.clone(),
        language: metadata.language.clone(),
        session: metadata.session.clone(),
        agenda_item: metadata.agenda.item,
        agenda_reference: metadata
            .agenda
            .reference(metadata.agenda.list().ok_or(CompileError::NoAgendaList)?),
        agenda_title: metadata.agenda.title.clone(),
        agenda_footnote: metadata.agenda.footnote.clone(),
        title: metadata.title.clone(),
        subtitle: metadata.subtitle.clone(),
        job_number: metadata.job_number.clone(),
        job_line: job_line(metadata, report_date)?,
        job_number_shown: format!("{}{}", metadata.job_prefix, metadata.job_number),
        bar_code: metadata
            .job_number
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect(),
        paper: metadata.paper.clone(),
        word_limit: metadata.word_limit,
        illustrative,
    };
    let replies = compilation::replies(mandate, metadata, &meta, &respondents);
    let compilation = CompilationReference {
        symbol: replies.meta.symbol.clone(),
        title: replies.meta.subtitle.clone(),
        cited_as: metadata.compilation.as_ref().map_or_else(
            || format!("a compilation of the replies ({})", replies.meta.symbol),
            |compilation| compilation.cited_as.clone(),
        ),
    };
    let findings = examples::summaries_needed(
        &respondents,
        &texts,
        &metadata.language,
        &gathered.documents,
    );
    let report = Report {
        with_annexes: true,
        meta,
        mandate: MandateFacts {
            resolution: mandate.resolution.number.clone(),
            resolution_title: mandate.resolution.title.clone(),
            adopted: format_long(adopted),
            adopting_session: mandate.resolution.session.clone(),
            report_paragraph: mandate.report_paragraph,
            report_paragraph_text: mandate
                .paragraph(mandate.report_paragraph)
                .map(|paragraph| paragraph.text.clone())
                .unwrap_or_default(),
            prepared_by: metadata.prepared_by.name().to_owned(),
        },
        replies: respondents::replies_facts(
            &entries,
            note_verbale_date,
            &metadata.note_verbale.sent_to,
            deadline,
        ),
        preparer: preparer_entity.map(|entity| Preparer {
            code: entity.code.clone(),
            name: respondents
                .iter()
                .find(|respondent| respondent.is_preparer)
                .map_or_else(
                    || entity.name.clone(),
                    |respondent| respondent.running.clone(),
                ),
            own_name: entity.own_name.clone(),
            replied: respondents.iter().any(|respondent| respondent.is_preparer),
        }),
        compilation,
        chapters,
        figures,
        annexes,
        treaty_status: ratification::table(mandate, &gathered.reference, &respondents, report_date),
        comparable_data: data::comparable(mandate, &respondents),
        acronyms: metadata
            .acronyms
            .iter()
            .map(|(short, full)| (short.clone(), full.clone()))
            .collect(),
        coverage: coverage(mandate, &entries),
        respondents: entries,
    };
    Ok(Compiled {
        report,
        candidates,
        replies,
        findings,
    })
}

fn chapter_model(
    context: &Context<'_>,
    texts: &examples::Texts,
    index: usize,
    chapter: &Chapter,
    report_date: Date,
    candidates: &mut Candidates,
) -> ChapterModel {
    let chapter_cap = chapter
        .examples
        .map_or(DEFAULT_EXAMPLES, |examples| examples as usize);
    let mut digest_of = |number: u32, group: RespondentGroup, place: Place, cap: usize| {
        let paragraph = context.mandate.paragraph(number)?;
        let digest = context.digest(paragraph, group);
        let answers = context.answers(number, group);
        let ranked = examples::ranked(&answers, number, texts);
        let answered: Vec<(String, String)> = answers
            .iter()
            .filter(|(respondent, _)| !respondent.is_preparer)
            .map(|(respondent, _)| (respondent.code.to_owned(), respondent.who.clone()))
            .collect();
        candidates.digests.push(DigestCandidates {
            place,
            ranked,
            overhead: budget::naming_overhead(&digest.group_many, digest.all_answered),
            answered,
            cap,
        });
        Some(digest)
    };
    let own_group = chapter.respondents.unwrap_or(RespondentGroup::All);
    let mut digests = Vec::new();
    for number in &chapter.paragraphs {
        let place = Place::Chapter(index, digests.len());
        if let Some(digest) = digest_of(*number, own_group, place, chapter_cap) {
            digests.push(digest);
        }
    }
    let mut sections = Vec::new();
    for (section_index, section) in chapter.sections.iter().enumerate() {
        let cap = section
            .examples
            .map_or(chapter_cap, |examples| examples as usize);
        let mut section_digests = Vec::new();
        for number in &section.paragraphs {
            let place = Place::Section(index, section_index, section_digests.len());
            if let Some(digest) = digest_of(*number, section.respondents, place, cap) {
                section_digests.push(digest);
            }
        }
        sections.push(SectionModel {
            letter: letter(section_index),
            title: section.title.clone(),
            respondents: synthesis::group_name(section.respondents).to_owned(),
            digests: section_digests,
        });
    }
    // The treaty status is given for the chapter that covers paragraphs naming instruments.
    let instruments = ratification::instruments_of(context.mandate, &chapter.paragraphs);
    let ratification = (!chapter.paragraphs.is_empty() && !instruments.is_empty()).then(|| {
        ratification::status(
            context.reference,
            context.respondents,
            &instruments,
            report_date,
        )
    });
    ChapterModel {
        number: roman(index + 1),
        title: chapter.title.clone(),
        template: chapter.template.clone(),
        partial: format!("chapters/{}", chapter.template),
        digests,
        sections,
        ratification,
    }
}

fn required_date(field: &'static str, value: &str) -> Result<Date, CompileError> {
    parse_iso_date(value).ok_or_else(|| CompileError::BadDate {
        field,
        value: value.to_owned(),
    })
}

/// Chapter numbers as UN documents print them.
pub fn roman(number: usize) -> String {
    const NUMERALS: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut rest = number;
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while rest >= value {
            out.push_str(numeral);
            rest -= value;
        }
    }
    out
}

/// Section letters: A, B, ... Z, then AA, AB ... (never reached in practice).
fn letter(index: usize) -> String {
    let mut index = index;
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'A' + (index % 26) as u8));
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_job_line_has_the_language_letter_and_each_processing_date() {
        assert_eq!(language_letter("en"), "E");
        assert_eq!(language_letter("fr-CH"), "F");
        assert_eq!(language_letter("zh"), "C");
        assert_eq!(language_letter("es"), "S");
        let agenda = |list, provisional| crate::metadata::AgendaItem {
            item: 105,
            list,
            provisional,
            title: String::new(),
            footnote: String::new(),
        };
        use crate::metadata::AgendaList;
        let reference =
            |item: crate::metadata::AgendaItem| item.list().map(|list| item.reference(list));
        assert_eq!(
            reference(agenda(Some(AgendaList::PreliminaryList), None)).as_deref(),
            Some("Item 105 of the preliminary list")
        );
        assert_eq!(
            reference(agenda(None, Some(false))).as_deref(),
            Some("Agenda item 105")
        );
        assert_eq!(
            reference(agenda(None, Some(true))).as_deref(),
            Some("Item 105 of the provisional agenda")
        );
        assert_eq!(reference(agenda(None, None)), None);
    }

    #[test]
    fn roman_numerals_and_letters() {
        assert_eq!(roman(1), "I");
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(6), "VI");
        assert_eq!(roman(9), "IX");
        assert_eq!(roman(14), "XIV");
        assert_eq!(letter(0), "A");
        assert_eq!(letter(4), "E");
        assert_eq!(letter(26), "AA");
    }
}
