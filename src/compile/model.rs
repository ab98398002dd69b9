//! The report model: what the templates see, every type in one place. Every string in it that
//! came from a reply or a summary is plain text; the render stage escapes it on the way into
//! Typst. Lists of names are in alphabetical order, as the UN lists them.
//!
//! The model is a synthesis, not a copy of the replies: per operative paragraph, how many
//! respondents reported, what their typed facts add up to, and a few examples chosen within
//! the word budget ([`ParagraphDigest::examples`], filled in by the budget). Every reply in
//! full is in the compilation of replies ([`super::compilation`]).

use serde::Serialize;

use super::data::ComparableData;
use super::ratification::TreatyStatusTable;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// False while the word budget counts the body: the annexes (long tables at full scale,
    /// never counted against the limit) are then left out of the layout, which is then several
    /// times faster. The main template skips them when it is false.
    pub with_annexes: bool,
    pub meta: Meta,
    pub mandate: MandateFacts,
    pub replies: RepliesFacts,
    /// The entity that prepares the report, when it replied too: its own work is written in
    /// the Secretariat's voice, not as a respondent's.
    pub preparer: Option<Preparer>,
    /// Where the replies are reproduced in full.
    pub compilation: CompilationReference,
    pub chapters: Vec<ChapterModel>,
    /// Figures over every reply, by kind of fact, for the summary, the analysis and the
    /// conclusions.
    pub figures: Figures,
    pub annexes: Vec<AnnexModel>,
    /// Every respondent whose reply the report uses, the preparer excepted, in alphabetical
    /// order (Annex I).
    pub respondents: Vec<RespondentEntry>,
    pub coverage: Coverage,
    pub treaty_status: TreatyStatusTable,
    pub comparable_data: ComparableData,
    /// Acronyms spelled out at their first use in text the report assembles (see
    /// `render::escape`); not a template value.
    #[serde(skip)]
    pub acronyms: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Preparer {
    pub code: String,
    /// "the United Nations Office on Drugs and Crime (UNODC)".
    pub name: String,
    /// How the report refers to it in its own voice ("the Office").
    pub own_name: String,
    /// Whether its reply is in the report (its activities then appear in its own voice).
    pub replied: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CompilationReference {
    pub symbol: String,
    pub title: String,
    /// How the report cites it ("conference room paper A/C.3/64/CRP.1").
    pub cited_as: String,
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
    /// The template's name without folder (`annex-respondents`), for references from the text.
    pub template: String,
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
    /// `Item 104 of the provisional agenda`, as the corner of the first page cites it.
    pub agenda_reference: String,
    pub agenda_title: String,
    pub agenda_footnote: String,
    pub title: String,
    pub subtitle: String,
    pub job_number: String,
    /// `V.09-45604 (E)    120809    140809`: the job number with its duty station's prefix,
    /// the language and the processing dates, as the first page prints them.
    pub job_line: String,
    /// `V.09-45604`: the job number as the later pages' footers print it.
    pub job_number_shown: String,
    /// `0945604`: what the bar code of the first page encodes (the job number's letters and
    /// digits, without the prefix).
    pub bar_code: String,
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
    /// Who prepared the report, in running text.
    pub prepared_by: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RepliesFacts {
    pub note_verbale_date: String,
    pub sent_to: String,
    pub deadline: String,
    /// Respondents whose replies the report uses, the preparer excepted.
    pub respondents: usize,
    /// Member States only; observer States are counted apart.
    pub states: usize,
    pub state_names: Vec<String>,
    pub observers: usize,
    /// "the Holy See, a non-member observer State".
    pub observer_names: Vec<String>,
    /// Organizations and other entities, the preparer excepted.
    pub organizations: usize,
    pub organization_names: Vec<String>,
    /// One of the counts of States, observers and organizations is 10 or more: the series is
    /// then in figures throughout ("12 Member States and 6 organizations").
    pub counts_in_figures: bool,
    /// Respondents whose reply came after the deadline.
    pub late: Vec<String>,
    pub late_count: usize,
    /// The replying Member States by regional group; those in none are named apart.
    pub regional_groups: Vec<GroupCount>,
    pub ungrouped_states: Vec<String>,
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

/// What the respondents of a section reported on one operative paragraph, synthesized.
#[derive(Debug, Clone, Serialize)]
pub struct ParagraphDigest {
    pub number: u32,
    pub verb: String,
    pub subject: String,
    pub text: String,
    /// Whose answers the digest holds: `states`, `organizations` or `all`.
    pub group: String,
    /// Respondents of the section's group whose replies the report uses ("of the 12").
    pub group_size: usize,
    /// How one and several respondents of the group are called ("Member State", "Member States").
    pub group_one: String,
    pub group_many: String,
    /// Respondents of the group that reported on the paragraph.
    pub answered: usize,
    pub answered_names: Vec<String>,
    pub laws: Option<LawFigures>,
    pub coordination: Option<CoordinationFigures>,
    pub data: Option<DataFigures>,
    /// The positions taken, each respondent in one of them.
    pub positions: Vec<PositionGroup>,
    pub contributions: Option<ContributionFigures>,
    /// The figures reported, totalled by measure and year.
    pub statistics_table: StatisticsTable,
    /// The figures of the whole period by regional group of the reporting States.
    pub statistics_by_group: GroupStatistics,
    /// Whether the typed facts make sentences or tables of their own (the examples then get a
    /// paragraph of their own; otherwise they follow the first sentence).
    pub has_facts: bool,
    /// What the preparer itself did, in its own voice (not counted among the respondents).
    pub own_voice: Vec<String>,
    /// Examples that the editors marked to feature, each a paragraph of its own.
    pub featured: Vec<String>,
    /// Examples chosen within the budget: summaries, or the opening of a reply in the report's
    /// language, each a sentence naming its respondent.
    pub examples: Vec<String>,
    /// Respondents that reported on the paragraph and are not quoted: still named (or, when
    /// everyone reported, counted: "the other nine").
    pub also: Vec<String>,
    pub also_count: usize,
    /// Whether any respondent is quoted (an example or a featured one).
    pub quoted: bool,
    /// Whether every respondent of the group reported on the paragraph.
    pub all_answered: bool,
    /// Whether the first sentence names who reported: when nobody is quoted (the examples'
    /// paragraph then names no one) and not everyone reported.
    pub names_first: bool,
}

/// Legislation reported under a paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct LawFigures {
    /// Respondents that reported at least one law.
    pub respondents: usize,
    pub names: Vec<String>,
    pub laws: usize,
    /// Years of adoption or amendment: `2003–2008`.
    pub years: String,
    /// Forms of exploitation covered, most reported first, with the respondents covering each.
    pub forms: Vec<TermCount>,
    /// Respondents that gave a maximum penalty, and the range of those penalties in years.
    pub penalties: Option<PenaltyRange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PenaltyRange {
    pub respondents: usize,
    pub lowest: u32,
    pub highest: u32,
}

/// A term of a vocabulary and how many respondents reported it.
#[derive(Debug, Clone, Serialize)]
pub struct TermCount {
    pub key: String,
    pub wording: String,
    pub count: usize,
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CoordinationFigures {
    pub respondents: usize,
    pub names: Vec<String>,
    /// Respondents per scope of mechanism, most reported first.
    pub scopes: Vec<TermCount>,
    /// Years the mechanisms were established: `1996–2008`.
    pub established: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DataFigures {
    /// Respondents that gave figures.
    pub respondents: usize,
    pub names: Vec<String>,
    /// The reporting period of the report: `2006–2008`.
    pub period: String,
    /// Those that gave figures for every year of the period.
    pub complete: Vec<String>,
    pub complete_count: usize,
    /// The others, each with the years it gave: `Norway (2007–2008)`.
    pub partial: Vec<String>,
    pub partial_count: usize,
    /// Respondents that gave figures for each measure, in the vocabulary's order.
    pub measures: Vec<TermCount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PositionGroup {
    pub key: String,
    /// As the mandate's vocabulary words it, after the names ("expressed support for ...").
    pub wording: String,
    pub count: usize,
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContributionFigures {
    pub respondents: usize,
    pub names: Vec<String>,
    /// Totals by currency, in currency order.
    pub totals: Vec<CurrencyTotal>,
    /// Years of the contributions: `2007–2008`.
    pub years: String,
    /// Totals by purpose (as the replies in the report's language word it), most contributors
    /// first.
    pub purposes: Vec<PurposeTotal>,
    /// Contributions whose purpose is not given in the report's language.
    pub other_purposes: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct CurrencyTotal {
    pub currency: String,
    pub amount: f64,
    pub contributors: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PurposeTotal {
    pub purpose: String,
    pub contributors: usize,
    pub totals: Vec<CurrencyTotal>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct StatisticsTable {
    /// Every year of the reporting period.
    pub years: Vec<i32>,
    /// `2006–2008`.
    pub period: String,
    pub rows: Vec<StatisticsRow>,
    /// Respondents whose figures some total adds.
    pub respondents: usize,
    /// Respondents that gave figures but called them not comparable between years: in no total.
    pub not_comparable: Vec<String>,
    pub not_comparable_count: usize,
    /// Respondents that gave a measure for some years of the period only: in no total of it.
    pub incomplete: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatisticsRow {
    pub measure: String,
    /// Respondents whose figures the row adds: the same for every year.
    pub states: usize,
    /// One cell per year of `years`.
    pub cells: Vec<String>,
}

/// One row per regional group, one column per measure, each cell the sum of one year.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GroupStatistics {
    pub measures: Vec<String>,
    /// The year of the figures: the latest of the reporting period the States gave.
    pub year: Option<i32>,
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

/// Figures over every reply, by kind of fact: for the summary, the analysis of chapter V and
/// the conclusions, so that those templates need no paragraph number.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// Member States whose replies the report uses.
    pub states: usize,
    pub organizations: usize,
    pub laws: Option<LawFigures>,
    pub coordination: Option<CoordinationFigures>,
    pub data: Option<DataFigures>,
    pub positions: Vec<PositionGroup>,
    pub contributions: Option<ContributionFigures>,
    /// Operative paragraphs addressed to States that fewer than half of the replying States
    /// reported on, fewest first.
    pub gaps: Vec<ParagraphGap>,
    /// Instruments with replying States that were not parties, or whose status the record
    /// does not show.
    /// Instruments some replying State was not a party to.
    pub treaty_not_parties: Vec<TreatyGap>,
    /// Instruments the records leave the status of some replying State unknown for.
    pub treaty_unverified: Vec<TreatyGap>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ParagraphGap {
    pub number: u32,
    pub subject: String,
    pub answered: usize,
    pub of: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct TreatyGap {
    pub short_title: String,
    pub not_parties: usize,
    pub not_recorded: usize,
    pub of: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct RatificationModel {
    /// Date the status is given as at (the report date).
    pub as_of: String,
    pub replying_states: usize,
    /// How one and several of the replying States are called: "Member State(s)", or
    /// "State(s)" when an observer State is among them (it is not a Member State).
    pub state_one: String,
    pub state_many: String,
    /// The publication the records reproduce, as the footnote cites it; `None` when the
    /// reference data name none.
    pub depositary: Option<String>,
    pub instruments: Vec<InstrumentStatus>,
}

/// Party status of the replying States for one instrument, from the depositary record.
#[derive(Debug, Clone, Serialize)]
pub struct InstrumentStatus {
    pub code: String,
    pub short_title: String,
    pub title: String,
    pub citation: String,
    /// Entries the (partial) record holds for this instrument.
    pub recorded_entries: usize,
    pub parties: Vec<String>,
    pub party_count: usize,
    pub signatories: Vec<String>,
    pub signatory_count: usize,
    /// Replying States the record has no entry for: their status cannot be stated.
    pub not_recorded: Vec<String>,
    /// Of those, the States that reported having become parties (ratification, accession ...).
    pub reported_parties: Vec<String>,
    /// Whether every replying State was a party.
    pub all_parties: bool,
    /// Parties in all, as at the latest date on or before the report's the data have a count.
    pub worldwide: Option<WorldwideParties>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WorldwideParties {
    pub parties: u32,
    /// `as at 26 September 2008`, or `in December 2008` where the source gives only the month.
    pub when: String,
}
