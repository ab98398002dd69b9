//! Part of stage 3, compile: the compilation of replies, the second document of every build.
//! Every reply the report uses, in full, as received: grouped by kind of respondent, each
//! narrative in its original language, each typed fact beside it. Its words do not count
//! against the report's limit; the report cites it once.
//!
//! In: the respondents and the report metadata. Out: [`RepliesDocument`], which
//! `compilation.typ.hbs` turns into Typst.

use serde::Serialize;

use super::model::Meta;
use super::respondents::Respondent;
use crate::mandate::Mandate;
use crate::metadata::ReportMetadata;
use crate::reply::RespondentKind;
use crate::style::{amount, format_figure};

#[derive(Debug, Clone, Serialize)]
pub struct RepliesDocument {
    pub meta: Meta,
    /// The report the compilation belongs to.
    pub report_symbol: String,
    pub resolution: String,
    pub groups: Vec<ReplyGroup>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReplyGroup {
    /// Roman numeral of its chapter.
    pub number: String,
    pub title: String,
    pub replies: Vec<ReplyText>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReplyText {
    pub name: String,
    pub submitted: String,
    /// English name of the reply's language.
    pub language: String,
    pub paragraphs: Vec<ReplyParagraph>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReplyParagraph {
    pub number: u32,
    pub subject: String,
    /// The narrative's paragraphs, white space made single.
    pub narrative: Vec<String>,
    pub treaty_actions: Vec<TreatyActionText>,
    pub laws: Vec<LawText>,
    pub coordination: Vec<MechanismText>,
    pub statistics: Option<StatisticsText>,
    pub contributions: Vec<ContributionText>,
    pub position: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TreatyActionText {
    pub instrument: String,
    /// As the vocabulary words it ("ratified").
    pub action: String,
    pub date: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LawText {
    pub title: String,
    /// The year of the law, when its title does not say it.
    pub year: Option<i32>,
    pub forms: Vec<String>,
    pub max_penalty_years: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MechanismText {
    pub name: String,
    pub scope: String,
    /// "a" or "an", for "a national mechanism", "an international mechanism".
    pub article: &'static str,
    pub established: Option<i32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatisticsText {
    pub years: Vec<i32>,
    /// The width of each year's column, wide enough for its widest figure (`3.5em`): fixed
    /// widths spare Typst measuring every cell first, about a sixth of the compilation's
    /// layout time at full scale.
    pub column_width: String,
    pub rows: Vec<StatisticsTextRow>,
    /// Breakdowns as reported: `2008, persons prosecuted: female 10, male 30`.
    pub breakdowns: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatisticsTextRow {
    pub measure: String,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContributionText {
    pub currency: String,
    pub amount: String,
    pub year: i32,
    pub purpose: Option<String>,
}

/// English names of the six official languages; other codes are shown as given.
pub fn language_name(code: &str) -> String {
    match code {
        "ar" => "Arabic",
        "zh" => "Chinese",
        "en" => "English",
        "fr" => "French",
        "ru" => "Russian",
        "es" => "Spanish",
        other => other,
    }
    .to_owned()
}

/// The compilation of the replies of `respondents`.
pub(crate) fn replies(
    mandate: &Mandate,
    metadata: &ReportMetadata,
    meta: &Meta,
    respondents: &[Respondent<'_>],
) -> RepliesDocument {
    let groups = [
        ("Member States", RespondentKind::MemberState),
        ("Observer States", RespondentKind::ObserverState),
    ]
    .into_iter()
    .map(|(title, kind)| (title, respondents_of(respondents, |r| r.kind == kind)))
    .chain(std::iter::once((
        "Organizations and other entities",
        respondents_of(respondents, |r| !r.is_state),
    )))
    .filter(|(_, members)| !members.is_empty())
    .enumerate()
    .map(|(index, (title, members))| ReplyGroup {
        number: super::roman(index + 1),
        title: title.to_owned(),
        replies: members
            .into_iter()
            .map(|respondent| reply_text(mandate, respondent))
            .collect(),
    })
    .collect();
    let mut languages: Vec<String> = Vec::new();
    for respondent in respondents {
        let name = language_name(&respondent.sourced.reply.language);
        if !languages.contains(&name) {
            languages.push(name);
        }
    }
    languages.sort();
    let compilation = metadata.compilation.as_ref();
    let mut meta = meta.clone();
    meta.symbol = compilation.map_or_else(
        || format!("{}/Replies", metadata.symbol),
        |compilation| compilation.symbol.clone(),
    );
    meta.subtitle = compilation.map_or_else(
        || "Replies received from Member States and organizations".to_owned(),
        |compilation| compilation.title.clone(),
    );
    meta.original_language = if languages.is_empty() {
        meta.original_language.clone()
    } else {
        languages.join("/")
    };
    RepliesDocument {
        meta,
        report_symbol: metadata.symbol.clone(),
        resolution: mandate.resolution.number.clone(),
        groups,
    }
}

fn respondents_of<'a>(
    respondents: &'a [Respondent<'a>],
    keep: impl Fn(&Respondent<'_>) -> bool,
) -> Vec<&'a Respondent<'a>> {
    respondents
        .iter()
        .filter(|respondent| keep(respondent))
        .collect()
}

fn reply_text(mandate: &Mandate, respondent: &Respondent<'_>) -> ReplyText {
    let reply = &respondent.sourced.reply;
    let vocabularies = &mandate.vocabularies;
    let term = |map: &crate::mandate::Vocabulary, key: &str| {
        map.get(key).cloned().unwrap_or_else(|| key.to_owned())
    };
    let mut paragraphs: Vec<ReplyParagraph> = reply
        .paragraphs
        .iter()
        .filter_map(|(key, answer)| {
            let number: u32 = key.parse().ok()?;
            Some(ReplyParagraph {
                number,
                subject: mandate
                    .paragraph(number)
                    .map(|paragraph| paragraph.subject.clone())
                    .unwrap_or_default(),
                narrative: answer
                    .narrative
                    .as_deref()
                    .map(|text| {
                        crate::editorial::normalized_narrative(text)
                            .split("\n\n")
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default(),
                treaty_actions: answer
                    .treaty_actions
                    .iter()
                    .map(|action| TreatyActionText {
                        instrument: mandate
                            .instrument(&action.instrument)
                            .map_or_else(|| action.instrument.clone(), |i| i.short_title.clone()),
                        action: term(&vocabularies.treaty_actions, &action.action),
                        date: crate::dates::parse_iso_date(&action.date)
                            .map(crate::dates::format_long)
                            .unwrap_or_else(|| action.date.clone()),
                    })
                    .collect(),
                laws: answer
                    .laws
                    .iter()
                    .map(|law| LawText {
                        title: law.title.clone(),
                        // "Law No. 1 of 2008" says its year already.
                        year: (!crate::style::names_year(&law.title, law.year)).then_some(law.year),
                        forms: law
                            .forms
                            .iter()
                            .map(|form| term(&vocabularies.forms_of_exploitation, form))
                            .collect(),
                        max_penalty_years: law.max_penalty_years,
                    })
                    .collect(),
                coordination: answer
                    .coordination
                    .iter()
                    .map(|mechanism| MechanismText {
                        name: mechanism.name.clone(),
                        scope: term(&vocabularies.coordination_scopes, &mechanism.scope),
                        article: crate::style::indefinite_article(&term(
                            &vocabularies.coordination_scopes,
                            &mechanism.scope,
                        )),
                        established: mechanism.established,
                    })
                    .collect(),
                statistics: statistics_text(mandate, answer),
                contributions: answer
                    .contributions
                    .iter()
                    .map(|contribution| ContributionText {
                        currency: contribution.currency.clone(),
                        amount: amount(contribution.amount),
                        year: contribution.year,
                        purpose: contribution
                            .purpose
                            .as_deref()
                            .map(crate::style::phrase_in_sentence),
                    })
                    .collect(),
                position: answer
                    .position
                    .as_deref()
                    .map(|position| term(&vocabularies.positions, position)),
            })
        })
        .collect();
    paragraphs.sort_by_key(|paragraph| paragraph.number);
    ReplyText {
        name: respondent.name.clone(),
        submitted: crate::dates::parse_iso_date(&reply.submitted)
            .map(crate::dates::format_long)
            .unwrap_or_else(|| reply.submitted.clone()),
        language: language_name(&reply.language),
        paragraphs,
    }
}

fn statistics_text(
    mandate: &Mandate,
    answer: &crate::reply::ParagraphAnswer,
) -> Option<StatisticsText> {
    if answer.statistics.is_empty() {
        return None;
    }
    let measures = &mandate.vocabularies.measures;
    let wording = |key: &str| measures.get(key).cloned().unwrap_or_else(|| key.to_owned());
    let mut years: Vec<i32> = answer.statistics.iter().map(|count| count.year).collect();
    years.sort_unstable();
    years.dedup();
    let mut keys: Vec<&str> = Vec::new();
    for count in &answer.statistics {
        if !keys.contains(&count.measure.as_str()) {
            keys.push(count.measure.as_str());
        }
    }
    // The mandate's order first, measures it does not know after.
    keys.sort_by_key(|key| measures.get_index_of(*key).unwrap_or(usize::MAX));
    let rows: Vec<StatisticsTextRow> = keys
        .iter()
        .map(|key| StatisticsTextRow {
            measure: wording(key),
            cells: years
                .iter()
                .map(|year| {
                    answer
                        .statistics
                        .iter()
                        .find(|count| count.measure == *key && count.year == *year)
                        .map_or_else(|| "..".to_owned(), |count| format_figure(count.value))
                })
                .collect(),
        })
        .collect();
    let breakdowns = answer
        .statistics
        .iter()
        .filter(|count| !count.breakdown.is_empty())
        .map(|count| {
            let parts: Vec<String> = count
                .breakdown
                .iter()
                .map(|(part, value)| {
                    format!("{} {}", part.replace('_', " "), format_figure(*value))
                })
                .collect();
            format!(
                "{}, {}: {}",
                count.year,
                wording(&count.measure),
                parts.join(", ")
            )
        })
        .collect();
    let widest = rows
        .iter()
        .flat_map(|row| row.cells.iter().map(|cell| cell.chars().count()))
        .chain(years.iter().map(|year| year.to_string().len()))
        .max()
        .unwrap_or(4);
    // Figures are half an em wide in the 9-point table type; the rest is the cells' inset and a gap.
    let column_width = format!("{:.1}em", widest as f64 * 0.5 + 2.0);
    Some(StatisticsText {
        years,
        column_width,
        rows,
        breakdowns,
    })
}
