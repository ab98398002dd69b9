//! Report metadata: what the masthead, the introduction and the outline of the report need
//! that is not in the replies (symbol, session, agenda item, dates, job number, word limit).
//!
//! Read from `inputs/report.json` by `gather`; used by `compile` (outline, dates) and passed to
//! the templates. The outline says which chapters the report has, in which order, which
//! template writes each and which operative paragraphs it covers.

use std::collections::BTreeMap;

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
    /// What the document service puts before the job number for its duty station (`V.` in
    /// Vienna, `GE.` in Geneva; none in New York).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub job_prefix: String,
    /// The dates (`YYYY-MM-DD`) the job line prints after the language: when the document was
    /// processed and, for a reissue, when it was reprocessed. The document's date when absent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub job_dates: Vec<String>,
    /// Typst paper name (`us-letter`, `a4`).
    pub paper: String,
    pub word_limit: u32,
    /// Who prepared the report: in running text ("the United Nations Office on Drugs and
    /// Crime"), or with its code, so that its own reply is written in the Secretariat's voice.
    pub prepared_by: PreparedBy,
    /// Where the replies are reproduced in full, as the report cites it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compilation: Option<CompilationMetadata>,
    pub note_verbale: NoteVerbale,
    /// Replies received after this date (`YYYY-MM-DD`) are noted as late.
    pub deadline: String,
    pub reporting_period: ReportingPeriod,
    pub outline: Vec<Chapter>,
    #[serde(default)]
    pub annexes: Vec<Annex>,
    /// Acronyms the report spells out at first use, each with its full form as a sentence
    /// reads it ("UN.GIFT": "the United Nations Global Initiative to Fight Human Trafficking").
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub acronyms: BTreeMap<String, String>,
}

/// The entity that prepares the report.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PreparedBy {
    /// Only its name in running text: no reply is written in its voice.
    Name(String),
    Entity(Preparer),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preparer {
    /// Its code in `organizations.json` (`UNODC`): its reply describes the Secretariat's own
    /// work and is written in the report's voice, not counted among the respondents.
    pub code: String,
    /// In running text ("the United Nations Office on Drugs and Crime").
    pub name: String,
    /// How the report names it in its own voice ("the Office").
    pub own_name: String,
}

impl PreparedBy {
    pub fn name(&self) -> &str {
        match self {
            Self::Name(name) => name,
            Self::Entity(entity) => &entity.name,
        }
    }

    pub fn entity(&self) -> Option<&Preparer> {
        match self {
            Self::Name(_) => None,
            Self::Entity(entity) => Some(entity),
        }
    }
}

/// The second document every build writes: every reply in full, as received.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompilationMetadata {
    /// Symbol on its masthead.
    pub symbol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol_note: Option<String>,
    pub title: String,
    /// How the report cites it, after "reproduced in full, as received, in".
    pub cited_as: String,
}

/// The list an agenda item is on, as the corner of the first page cites it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgendaList {
    ProvisionalAgenda,
    PreliminaryList,
    Agenda,
}

impl AgendaItem {
    /// The list, from `list` or from the older `provisional`; `None` when neither says.
    pub fn list(&self) -> Option<AgendaList> {
        self.list.or(self.provisional.map(|provisional| {
            if provisional {
                AgendaList::ProvisionalAgenda
            } else {
                AgendaList::Agenda
            }
        }))
    }

    /// "Item 104 of the provisional agenda", "Item 105 of the preliminary list", "Agenda item
    /// 106".
    pub fn reference(&self, list: AgendaList) -> String {
        match list {
            AgendaList::ProvisionalAgenda => {
                format!("Item {} of the provisional agenda", self.item)
            }
            AgendaList::PreliminaryList => format!("Item {} of the preliminary list", self.item),
            AgendaList::Agenda => format!("Agenda item {}", self.item),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    pub item: u32,
    /// Which list the item is on: `provisional_agenda` ("Item 104 of the provisional
    /// agenda"), `preliminary_list` ("Item 105 of the preliminary list") or `agenda` ("Agenda
    /// item 106"). Older metadata says `provisional` (true or false) instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<AgendaList>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisional: Option<bool>,
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
    /// Whose answers the chapter's own paragraphs report (all respondents when not said).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub respondents: Option<RespondentGroup>,
    /// The chapter's share of the word limit, headings and footnotes included; when not said,
    /// the words left after every chapter's synthesis are shared out in proportion to the
    /// answers each chapter covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<u32>,
    /// The most examples quoted per operative paragraph (3 when not said).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub examples: Option<u32>,
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
    /// The most examples quoted per operative paragraph (the chapter's, or 3, when not said).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub examples: Option<u32>,
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
