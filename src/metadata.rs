//! Report metadata: what the masthead, the introduction and the outline of the report need
//! that is not in the replies (symbol, session, agenda item, dates, job number, word limit).
//!
//! Read from `inputs/report.json` by `gather`; used by `compile` (outline, dates) and passed to
//! the templates. The outline says which chapters the report has, in which order, which
//! template writes each and which operative paragraphs it covers.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportMetadata {
    /// Document symbol (`A/64/...` until the document service assigns the number).
    pub symbol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol_note: Option<String>,
    pub organ: String,
    pub distribution: String,
    /// Date of the document, `YYYY-MM-DD`; also the date Typst sees as today.
    pub date: String,
    pub original_language: String,
    /// BCP 47 language of the document (`en`).
    pub language: String,
    pub session: String,
    pub agenda: AgendaItem,
    pub title: String,
    pub subtitle: String,
    pub job_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_number_note: Option<String>,
    /// Typst paper name (`us-letter`, `a4`).
    pub paper: String,
    pub word_limit: u32,
    /// Who prepared the report, in running text ("the United Nations Office on Drugs and Crime").
    pub prepared_by: String,
    pub note_verbale: NoteVerbale,
    /// Replies received after this date (`YYYY-MM-DD`) are noted as late.
    pub deadline: String,
    pub reporting_period: ReportingPeriod,
    pub outline: Vec<Chapter>,
    #[serde(default)]
    pub annexes: Vec<Annex>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    pub item: u32,
    pub provisional: bool,
    pub title: String,
    /// Symbol of the agenda document, printed as the asterisk footnote.
    pub footnote: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteVerbale {
    pub date: String,
    pub sent_to: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportingPeriod {
    pub from: i32,
    pub to: i32,
}

/// One chapter of the report body, written by the template `chapters/<template>.hbs`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chapter {
    pub template: String,
    pub title: String,
    /// Operative paragraphs the chapter itself covers (without sections).
    #[serde(default)]
    pub paragraphs: Vec<u32>,
    #[serde(default)]
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub title: String,
    pub paragraphs: Vec<u32>,
    /// Whose answers the section reports.
    pub respondents: RespondentGroup,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RespondentGroup {
    States,
    Organizations,
    All,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annex {
    pub template: String,
    pub title: String,
}
