//! The report model: what the templates see. Every string in it that came from a reply is
//! plain text; the render stage escapes it on the way into Typst.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub meta: Meta,
    pub mandate: MandateFacts,
    pub replies: RepliesFacts,
    pub chapters: Vec<ChapterModel>,
    /// Digest of every operative paragraph over all respondents, keyed by number, for
    /// templates that cite a figure outside the paragraph's own section (summary, conclusions).
    pub op: std::collections::BTreeMap<String, ParagraphDigest>,
    pub annexes: Vec<AnnexModel>,
    /// Every accepted respondent, in alphabetical order.
    pub respondents: Vec<RespondentEntry>,
    pub coverage: Coverage,
    pub treaty_status: super::annexes::TreatyStatusTable,
    pub comparable_data: super::annexes::ComparableData,
}

/// Respondent x paragraph: who answered what. Shown by `report coverage` and in an annex.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    /// The operative paragraphs a respondent can answer (those that address someone and ask
    /// for something), in order.
    pub paragraphs: Vec<u32>,
    /// States first, then organizations, each alphabetical.
    pub rows: Vec<CoverageRow>,
    /// Whether any cell is [`CoverageCell::AnsweredNotAddressed`] (the legend then explains it).
    pub answered_not_addressed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CoverageRow {
    pub code: String,
    pub kind: String,
    pub is_state: bool,
    /// Short name as a table prints it ("Netherlands", "UNODC").
    pub name: String,
    /// One cell per entry of [`Coverage::paragraphs`].
    pub cells: Vec<CoverageCell>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CoverageCell {
    Answered,
    NotAnswered,
    /// The paragraph does not address this kind of respondent, and it did not answer it.
    NotAddressed,
    /// Answered although the paragraph does not address this kind of respondent.
    AnsweredNotAddressed,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnnexModel {
    /// Roman numeral.
    pub number: String,
    pub title: String,
    /// Name of the handlebars template that writes the annex (`annexes/<template>`).
    pub partial: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub symbol: String,
    pub organ: String,
    pub distribution: String,
    /// `12 August 2009`.
    pub date: String,
    pub date_iso: String,
    pub original_language: String,
    pub language: String,
    pub session: String,
    pub agenda_item: u32,
    pub agenda_provisional: bool,
    pub agenda_title: String,
    pub agenda_footnote: String,
    pub title: String,
    pub subtitle: String,
    pub job_number: String,
    /// `09-45604 (E)    120809`: job number, language and date as the first page prints them.
    pub job_line: String,
    pub paper: String,
    pub word_limit: u32,
    /// True when any accepted reply is sample data: every page then says so.
    pub illustrative: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct MandateFacts {
    /// `63/194`.
    pub resolution: String,
    pub resolution_title: String,
    pub adopted: String,
    pub adopting_session: String,
    pub report_paragraph: u32,
    pub report_paragraph_text: String,
    pub prepared_by: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RepliesFacts {
    pub note_verbale_date: String,
    pub sent_to: String,
    pub deadline: String,
    pub respondents: usize,
    /// Member States only; observer States are counted apart.
    pub states: usize,
    pub state_names: Vec<String>,
    pub observers: usize,
    /// "the Holy See, a non-member observer State".
    pub observer_names: Vec<String>,
    pub organizations: usize,
    pub organization_names: Vec<String>,
    /// Respondents whose reply came after the deadline.
    pub late: Vec<String>,
    pub late_count: usize,
    pub regional_groups: Vec<GroupCount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupCount {
    pub group: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct RespondentEntry {
    pub code: String,
    pub kind: String,
    pub is_state: bool,
    /// Name as lists print it ("Netherlands", "United Nations Office on Drugs and Crime").
    pub name: String,
    /// Name as a sentence uses it ("the Netherlands", "UNODC").
    pub short: String,
    /// Full name as a sentence uses it ("the United Nations Office on Drugs and Crime (UNODC)").
    pub running: String,
    pub regional_group: Option<String>,
    pub submitted: String,
    pub late: bool,
    pub language: String,
    pub paragraphs: Vec<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChapterModel {
    /// Roman numeral.
    pub number: String,
    pub title: String,
    pub template: String,
    /// Name of the handlebars template that writes the chapter (`chapters/<template>`).
    pub partial: String,
    /// Digests of the paragraphs the chapter covers directly.
    pub digests: Vec<ParagraphDigest>,
    pub sections: Vec<SectionModel>,
    pub ratification: Option<RatificationModel>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionModel {
    /// Capital letter.
    pub letter: String,
    pub title: String,
    /// `states`, `organizations` or `all`.
    pub respondents: String,
    pub digests: Vec<ParagraphDigest>,
}

/// What the respondents of a section said about one operative paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct ParagraphDigest {
    pub number: u32,
    pub verb: String,
    pub subject: String,
    pub text: String,
    /// Whose answers the digest holds: `states`, `organizations` or `all`.
    pub group: String,
    /// Accepted respondents of the section's group (for "Of the 12 States that replied").
    pub group_size: usize,
    /// How one and several respondents of the group are called ("Member State", "Member States").
    pub group_one: String,
    pub group_many: String,
    pub answered: usize,
    pub answered_names: Vec<String>,
    pub with_laws: usize,
    pub with_coordination: usize,
    pub with_statistics: usize,
    pub statistics: Vec<StatisticTotal>,
    /// The same totals as a table: one row per measure, one column per year.
    pub statistics_table: StatisticsTable,
    /// The figures of the whole period by regional group of the reporting States.
    pub statistics_by_group: GroupStatistics,
    pub contributions: Vec<CurrencyTotal>,
    pub positions: Vec<PositionCount>,
    pub entries: Vec<Entry>,
}

/// One respondent's answer to one paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The respondent's code (`AUT`, `UNODC`).
    pub code: String,
    /// Name as a sentence uses it.
    pub who: String,
    pub is_state: bool,
    pub language: String,
    /// English name of the reply's language ("French").
    pub language_name: String,
    /// Whether any typed fact (law, treaty action ...) was given besides the narrative.
    pub has_facts: bool,
    /// Narrative paragraphs, whitespace normalized.
    pub narrative: Vec<String>,
    pub treaty_actions: Vec<TreatyActionFact>,
    /// The same actions grouped by instrument, in the order the instruments first appear,
    /// for "had signed the Convention on ... and ratified it on ...".
    pub treaty_actions_by_instrument: Vec<InstrumentActions>,
    pub laws: Vec<LawFact>,
    pub coordination: Vec<CoordinationFact>,
    pub statistics: Vec<StatisticFact>,
    pub contributions: Vec<ContributionFact>,
    pub position_key: Option<String>,
    pub position: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TreatyActionFact {
    pub instrument: String,
    pub action: String,
    pub date: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct InstrumentActions {
    pub instrument: String,
    pub actions: Vec<TreatyActionFact>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LawFact {
    pub title: String,
    pub year: i32,
    pub forms: Vec<String>,
    pub max_penalty_years: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CoordinationFact {
    pub name: String,
    pub scope: String,
    pub established: Option<i32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatisticFact {
    pub year: i32,
    pub measure_key: String,
    pub measure: String,
    pub value: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContributionFact {
    pub amount: f64,
    pub currency: String,
    pub year: i32,
    pub purpose: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatisticTotal {
    pub measure_key: String,
    pub measure: String,
    pub year: i32,
    pub total: u64,
    /// How many respondents the total adds up.
    pub respondents: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct StatisticsTable {
    pub years: Vec<i32>,
    pub rows: Vec<StatisticsRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatisticsRow {
    pub measure: String,
    /// One cell per year of `years`: the total, or an em dash where nobody reported.
    pub cells: Vec<String>,
}

/// One row per regional group, one column per measure, each cell the sum of the period.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GroupStatistics {
    pub measures: Vec<String>,
    /// `2006–2008`, or the one year.
    pub period: String,
    pub rows: Vec<GroupStatisticsRow>,
    pub totals: Vec<String>,
    /// Whether some group has no figure for some measure (the note then explains "..").
    pub any_missing: bool,
    pub not_available: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupStatisticsRow {
    pub group: String,
    /// How many States of the group reported figures.
    pub states: usize,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CurrencyTotal {
    pub currency: String,
    pub amount: f64,
    pub contributors: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PositionCount {
    pub key: String,
    pub wording: String,
    pub count: usize,
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RatificationModel {
    /// Date the status is given as at (the report date).
    pub as_of: String,
    pub replying_states: usize,
    pub source: String,
    pub compiled: String,
    pub instruments: Vec<InstrumentStatus>,
}

/// Party status of the replying States for one instrument, from the depositary record.
#[derive(Debug, Clone, Serialize)]
pub struct InstrumentStatus {
    pub code: String,
    pub short_title: String,
    pub title: String,
    pub citation: String,
    pub record_as_of: String,
    /// Entries the (partial) record holds for this instrument.
    pub recorded_entries: usize,
    pub parties: Vec<String>,
    pub party_count: usize,
    pub signatories: Vec<String>,
    pub signatory_count: usize,
    /// Replying States the record has no entry for: their status cannot be stated.
    pub not_recorded: Vec<String>,
}
