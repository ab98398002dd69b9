//! Part of stage 3, compile: the status of ratification, from the depositary record, for the
//! chapter that reports it and for the annex that tabulates it.
//!
//! In: the replying States, the mandate's instruments and the reference data as at the report
//! date. Out: [`RatificationModel`] (per instrument: the parties among the replying States,
//! the signatories, the States the partial record does not cover and which of those reported
//! having become parties), [`TreatyStatusTable`] (every replying State x every instrument) and
//! the [`TreatyGap`]s the analysis cites.

use std::collections::BTreeSet;

use serde::Serialize;
use time::Date;

use super::model::{InstrumentStatus, RatificationModel, TreatyGap, WorldwideParties};
use super::respondents::Respondent;
use super::synthesis::NOT_AVAILABLE;
use crate::dates::{format_long, parse_iso_date};
use crate::mandate::{Instrument, Mandate};
use crate::reference::{Participation, PartySince, Reference, TreatyRecord};

/// What a treaty status cell holds when the State had neither signed nor joined by the date.
pub const NO_ACTION: &str = "\u{2014}";

/// Actions that make a State a party.
const JOINING: &[&str] = &[
    "ratification",
    "accession",
    "acceptance",
    "approval",
    "succession",
];

/// Every replying State x every instrument of the mandate, as at the report date.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TreatyStatusTable {
    pub as_of: String,
    pub instruments: Vec<InstrumentColumn>,
    pub rows: Vec<TableRow>,
    /// Which notations occur, so that the note explains only those.
    pub any_signature: bool,
    pub any_year_only: bool,
    pub any_no_action: bool,
    pub any_not_recorded: bool,
    /// The note letters of the marks that occur, in the order they first appear in the table:
    /// an instrument of accession, a party known only by the entry into force, a status the
    /// State reported and the records do not show.
    pub accession_mark: Option<String>,
    pub in_force_mark: Option<String>,
    pub reported_mark: Option<String>,
    /// Instruments whose heading abbreviates the title, for the note.
    pub abbreviated: Vec<InstrumentColumn>,
    /// The publication the records reproduce, for the source line.
    pub depositary: Option<String>,
    pub no_action: &'static str,
    pub not_available: &'static str,
    /// Where each cell comes from, for the manifest (not printed).
    #[serde(skip)]
    pub provenance: TreatyProvenance,
}

#[derive(Debug, Clone, Serialize)]
pub struct InstrumentColumn {
    pub heading: String,
    pub title: String,
}

/// What one cell shows: the text and the note letters after it (`a`, `a,c`).
#[derive(Debug, Clone, Serialize)]
pub struct TreatyCell {
    pub text: String,
    pub marks: String,
}

/// The provenance of every treaty fact the report states, as the manifest records it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TreatyProvenance {
    /// The publication the records reproduce, as cited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depositary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depositary_url: Option<String>,
    pub as_at: String,
    pub cells: Vec<CellProvenance>,
    pub parties_worldwide: Vec<CountProvenance>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CellProvenance {
    /// Depositary id of the instrument (`XVIII-12-a`).
    pub instrument: String,
    /// The State's code.
    pub state: String,
    /// What the table shows.
    pub shown: String,
    /// `record`, `reported by the State` or `no record`.
    pub basis: &'static str,
    /// The documents the record's entry was read from.
    pub sources: Vec<SourceUse>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CountProvenance {
    pub instrument: String,
    pub parties: u32,
    pub as_at: String,
    pub source: SourceUse,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceUse {
    pub id: String,
    #[serde(flatten)]
    pub source: crate::reference::TreatySource,
}

fn source_use(reference: &Reference, id: &str) -> SourceUse {
    SourceUse {
        id: id.to_owned(),
        source: reference
            .treaties
            .sources
            .get(id)
            .cloned()
            .unwrap_or_default(),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TableRow {
    /// Name as a table prints it ("Russian Federation").
    pub name: String,
    pub cells: Vec<TreatyCell>,
}

/// The replying Member and observer States the record may hold.
fn replying_states<'a>(respondents: &'a [Respondent<'a>]) -> Vec<&'a Respondent<'a>> {
    respondents
        .iter()
        .filter(|respondent| respondent.is_state)
        .collect()
}

/// The actions a State reported for the instrument, under any paragraph.
fn reported_actions<'a>(
    respondent: &'a Respondent<'a>,
    instrument: &'a Instrument,
) -> impl Iterator<Item = &'a crate::reply::TreatyAction> {
    respondent
        .sourced
        .reply
        .paragraphs
        .values()
        .flat_map(|answer| &answer.treaty_actions)
        .filter(move |action| action.instrument == instrument.code)
}

/// The last action joining the instrument that a State reported, with its date.
fn reported_joining<'a>(
    respondent: &'a Respondent<'a>,
    instrument: &'a Instrument,
) -> Option<(&'a str, &'a str)> {
    reported_actions(respondent, instrument)
        .filter(|action| JOINING.contains(&action.action.as_str()))
        .map(|action| (action.action.as_str(), action.date.as_str()))
        .max_by_key(|(_, date)| *date)
}

fn reported_signature<'a>(
    respondent: &'a Respondent<'a>,
    instrument: &'a Instrument,
) -> Option<&'a str> {
    reported_actions(respondent, instrument)
        .find(|action| action.action == "signature")
        .map(|action| action.date.as_str())
}

/// The latest count of parties in all dated on or before `as_of`.
fn worldwide(record: Option<&TreatyRecord>, as_of: Date) -> Option<WorldwideParties> {
    let (count, date) = record?.parties_worldwide_as_at(as_of)?;
    Some(WorldwideParties {
        parties: count.parties,
        when: date.phrase(),
    })
}

/// Status of the replying States for `instruments`.
pub(crate) fn status(
    reference: &Reference,
    respondents: &[Respondent<'_>],
    instruments: &[&Instrument],
    as_of: Date,
) -> RatificationModel {
    let states = replying_states(respondents);
    let instruments = instruments
        .iter()
        .map(|instrument| {
            let record = reference.treaties.treaties.get(&instrument.depositary_id);
            let mut parties = Vec::new();
            let mut signatories = Vec::new();
            let mut not_recorded = Vec::new();
            let mut reported_parties = Vec::new();
            for state in &states {
                match reference.participation(&instrument.depositary_id, state.code, as_of) {
                    Participation::Party { .. } => parties.push(state.who.clone()),
                    Participation::Signatory { .. } => signatories.push(state.who.clone()),
                    Participation::NeitherByThen => {}
                    Participation::NotRecorded => {
                        not_recorded.push(state.who.clone());
                        if reported_joining(state, instrument).is_some() {
                            reported_parties.push(state.who.clone());
                        }
                    }
                }
            }
            InstrumentStatus {
                all_parties: !states.is_empty() && parties.len() == states.len(),
                code: instrument.code.clone(),
                short_title: instrument.short_title.clone(),
                title: instrument.title.clone(),
                citation: instrument.citation.clone(),
                recorded_entries: record.map_or(0, |record| record.entries.len()),
                party_count: parties.len(),
                parties,
                signatory_count: signatories.len(),
                signatories,
                not_recorded,
                reported_parties,
                worldwide: worldwide(record, as_of),
            }
        })
        .collect();
    let (state_one, state_many) = crate::compile::synthesis::state_nouns(&states);
    RatificationModel {
        as_of: format_long(as_of),
        replying_states: states.len(),
        state_one: state_one.to_owned(),
        state_many: state_many.to_owned(),
        depositary: reference.treaties.depositary_publication.clone(),
        instruments,
    }
}

/// The instruments named by `paragraphs` (all of the mandate's when none is given).
pub(crate) fn instruments_of<'a>(mandate: &'a Mandate, paragraphs: &[u32]) -> Vec<&'a Instrument> {
    let codes: BTreeSet<&str> = paragraphs
        .iter()
        .filter_map(|number| mandate.paragraph(*number))
        .flat_map(|paragraph| &paragraph.expects)
        .flat_map(|fact| &fact.instruments)
        .map(String::as_str)
        .collect();
    mandate
        .instruments
        .iter()
        .filter(|instrument| paragraphs.is_empty() || codes.contains(instrument.code.as_str()))
        .collect()
}

/// Instruments some replying State was not a party to, or whose status the record leaves
/// unknown, for the analysis.
pub(crate) fn gaps(model: &RatificationModel) -> Vec<TreatyGap> {
    model
        .instruments
        .iter()
        .map(|instrument| TreatyGap {
            short_title: instrument.short_title.clone(),
            not_parties: model
                .replying_states
                .saturating_sub(instrument.party_count + instrument.not_recorded.len()),
            not_recorded: instrument.not_recorded.len(),
            of: model.replying_states,
        })
        .filter(|gap| gap.not_parties > 0 || gap.not_recorded > 0)
        .collect()
}

/// Annex II: every replying State x every instrument, as at the report date. Where the record
/// holds no entry, or none by the date, the State's own report is shown, marked.
pub(crate) fn table(
    mandate: &Mandate,
    reference: &Reference,
    respondents: &[Respondent<'_>],
    as_of: Date,
) -> TreatyStatusTable {
    let mut table = TreatyStatusTable {
        as_of: format_long(as_of),
        depositary: reference.treaties.depositary_publication.clone(),
        no_action: NO_ACTION,
        not_available: NOT_AVAILABLE,
        ..TreatyStatusTable::default()
    };
    table.provenance = TreatyProvenance {
        depositary: reference.treaties.depositary_publication.clone(),
        depositary_url: reference.treaties.depositary_url.clone(),
        as_at: as_of.to_string(),
        ..TreatyProvenance::default()
    };
    for instrument in &mandate.instruments {
        let column = InstrumentColumn {
            heading: instrument
                .table_heading
                .clone()
                .unwrap_or_else(|| instrument.short_title.clone()),
            title: instrument.title.clone(),
        };
        if instrument.table_heading.is_some() {
            table.abbreviated.push(column.clone());
        }
        let record = reference.treaties.treaties.get(&instrument.depositary_id);
        if let Some((count, _)) = record.and_then(|record| record.parties_worldwide_as_at(as_of)) {
            table.provenance.parties_worldwide.push(CountProvenance {
                instrument: instrument.depositary_id.clone(),
                parties: count.parties,
                as_at: count.as_at.clone(),
                source: source_use(reference, &count.source),
            });
        }
        table.instruments.push(column);
    }
    let mut letters = NoteLetters::default();
    for state in replying_states(respondents) {
        let mut cells = Vec::new();
        for instrument in &mandate.instruments {
            let shown = cell(&mut table, reference, state, instrument, as_of);
            let marks = letters.marks(&mut table, &shown);
            let text = shown.text;
            table.provenance.cells.push(CellProvenance {
                instrument: instrument.depositary_id.clone(),
                state: state.code.to_owned(),
                shown: if marks.is_empty() {
                    text.clone()
                } else {
                    format!("{text} ({marks})")
                },
                basis: shown.basis,
                sources: reference
                    .treaty_entry(&instrument.depositary_id, state.code)
                    .map(|(_, entry)| {
                        entry
                            .sources
                            .iter()
                            .map(|id| source_use(reference, id))
                            .collect()
                    })
                    .unwrap_or_default(),
            });
            cells.push(TreatyCell { text, marks });
        }
        table.rows.push(TableRow {
            name: state.name.clone(),
            cells,
        });
    }
    table
}

/// A cell before its note letters are known.
struct ShownCell {
    text: String,
    accession: bool,
    in_force_only: bool,
    reported: bool,
    basis: &'static str,
}

impl ShownCell {
    fn recorded(text: String, accession: bool) -> Self {
        Self {
            text,
            accession,
            in_force_only: false,
            reported: false,
            basis: "record",
        }
    }
}

/// Note letters given in the order the marks first appear, as the Editorial Manual has it.
#[derive(Default)]
struct NoteLetters {
    given: usize,
}

impl NoteLetters {
    fn next(&mut self) -> String {
        let letter = char::from(b'a' + u8::try_from(self.given % 26).unwrap_or(0));
        self.given += 1;
        letter.to_string()
    }

    fn marks(&mut self, table: &mut TreatyStatusTable, cell: &ShownCell) -> String {
        let mut marks = Vec::new();
        for (present, slot) in [
            (cell.accession, &mut table.accession_mark),
            (cell.in_force_only, &mut table.in_force_mark),
            (cell.reported, &mut table.reported_mark),
        ] {
            if present {
                let letter = slot.get_or_insert_with(|| self.next()).clone();
                marks.push(letter);
            }
        }
        marks.join(",")
    }
}

fn cell(
    table: &mut TreatyStatusTable,
    reference: &Reference,
    state: &Respondent<'_>,
    instrument: &Instrument,
    as_of: Date,
) -> ShownCell {
    match reference.participation(&instrument.depositary_id, state.code, as_of) {
        Participation::Party { since, accession } => match since {
            PartySince::Day(date) => ShownCell::recorded(format_long(date), accession),
            PartySince::Year(year) => {
                table.any_year_only = true;
                ShownCell::recorded(year.to_string(), accession)
            }
            // The date the treaty entered into force for the State is not that of its
            // instrument: the cell says only that it was a party.
            PartySince::InForce(_) => ShownCell {
                in_force_only: true,
                ..ShownCell::recorded("Party".to_owned(), accession)
            },
        },
        Participation::Signatory { signed } => {
            table.any_signature = true;
            ShownCell::recorded(format!("Signed {}", format_long(signed)), false)
        }
        recorded @ (Participation::NeitherByThen | Participation::NotRecorded) => {
            if let Some(reported) = reported_cell(table, state, instrument, as_of) {
                return reported;
            }
            if recorded == Participation::NeitherByThen {
                table.any_no_action = true;
                ShownCell::recorded(NO_ACTION.to_owned(), false)
            } else {
                table.any_not_recorded = true;
                ShownCell {
                    basis: "no record",
                    ..ShownCell::recorded(NOT_AVAILABLE.to_owned(), false)
                }
            }
        }
    }
}

/// What the State reported, where the records show nothing by the date: its instrument, or
/// else its signature, dated on or before the report date.
fn reported_cell(
    table: &mut TreatyStatusTable,
    state: &Respondent<'_>,
    instrument: &Instrument,
    as_of: Date,
) -> Option<ShownCell> {
    let joined = reported_joining(state, instrument)
        .and_then(|(action, date)| Some((action, parse_iso_date(date)?)))
        .filter(|(_, date)| *date <= as_of);
    let signed = reported_signature(state, instrument)
        .and_then(parse_iso_date)
        .filter(|date| *date <= as_of);
    let (text, accession) = match (joined, signed) {
        (Some((action, date)), _) => (format_long(date), action == "accession"),
        (None, Some(date)) => {
            table.any_signature = true;
            (format!("Signed {}", format_long(date)), false)
        }
        (None, None) => return None,
    };
    Some(ShownCell {
        reported: true,
        basis: "reported by the State",
        ..ShownCell::recorded(text, accession)
    })
}
