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

use super::model::{InstrumentStatus, RatificationModel, TreatyGap};
use super::respondents::Respondent;
use super::synthesis::NOT_AVAILABLE;
use crate::dates::{format_long, format_short, parse_iso_date};
use crate::mandate::{Instrument, Mandate};
use crate::reference::{Participation, PartySince, Reference};

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
    pub any_accession: bool,
    pub any_signature: bool,
    pub any_year_only: bool,
    pub any_no_action: bool,
    pub any_not_recorded: bool,
    /// A State the record does not cover reported the action shown.
    pub any_reported: bool,
    /// Instruments whose heading abbreviates the title, for the note.
    pub abbreviated: Vec<InstrumentColumn>,
    pub source: String,
    pub compiled: String,
    pub no_action: &'static str,
    pub not_available: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct InstrumentColumn {
    pub heading: String,
    pub title: String,
    pub record_as_of: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableRow {
    /// Name as a table prints it ("Russian Federation").
    pub name: String,
    pub cells: Vec<String>,
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

fn record_as_of(reference: &Reference, instrument: &Instrument) -> String {
    reference
        .treaties
        .treaties
        .get(&instrument.depositary_id)
        .map(|record| crate::reference::short_as_of(&record.as_of).to_owned())
        .unwrap_or_default()
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
                record_as_of: record_as_of(reference, instrument),
                recorded_entries: record.map_or(0, |record| record.entries.len()),
                party_count: parties.len(),
                parties,
                signatory_count: signatories.len(),
                signatories,
                not_recorded,
                reported_parties,
            }
        })
        .collect();
    let (state_one, state_many) = crate::compile::synthesis::state_nouns(&states);
    RatificationModel {
        as_of: format_long(as_of),
        replying_states: states.len(),
        state_one: state_one.to_owned(),
        state_many: state_many.to_owned(),
        source: reference.treaties.title.clone(),
        compiled: reference.treaties.compiled_on(),
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
/// holds no entry, the State's own report is shown, marked.
pub(crate) fn table(
    mandate: &Mandate,
    reference: &Reference,
    respondents: &[Respondent<'_>],
    as_of: Date,
) -> TreatyStatusTable {
    let mut table = TreatyStatusTable {
        as_of: format_long(as_of),
        source: reference.treaties.title.clone(),
        compiled: reference.treaties.compiled_on(),
        no_action: NO_ACTION,
        not_available: NOT_AVAILABLE,
        ..TreatyStatusTable::default()
    };
    for instrument in &mandate.instruments {
        let column = InstrumentColumn {
            heading: instrument
                .table_heading
                .clone()
                .unwrap_or_else(|| instrument.short_title.clone()),
            title: instrument.title.clone(),
            record_as_of: record_as_of(reference, instrument),
        };
        if instrument.table_heading.is_some() {
            table.abbreviated.push(column.clone());
        }
        table.instruments.push(column);
    }
    for state in replying_states(respondents) {
        let cells = mandate
            .instruments
            .iter()
            .map(|instrument| cell(&mut table, reference, state, instrument, as_of))
            .collect();
        table.rows.push(TableRow {
            name: state.name.clone(),
            cells,
        });
    }
    table
}

fn cell(
    table: &mut TreatyStatusTable,
    reference: &Reference,
    state: &Respondent<'_>,
    instrument: &Instrument,
    as_of: Date,
) -> String {
    match reference.participation(&instrument.depositary_id, state.code, as_of) {
        Participation::Party { since, accession } => {
            table.any_accession |= accession;
            let suffix = if accession { " a" } else { "" };
            match since {
                PartySince::Day(date) => format!("{}{suffix}", format_short(date)),
                PartySince::Year(year) => {
                    table.any_year_only = true;
                    format!("{year}{suffix}")
                }
                PartySince::InForce(date) => format!("in force {}{suffix}", format_short(date)),
            }
        }
        Participation::Signatory { signed } => {
            table.any_signature = true;
            format!("signed {}", format_short(signed))
        }
        Participation::NeitherByThen => {
            table.any_no_action = true;
            NO_ACTION.to_owned()
        }
        Participation::NotRecorded => {
            let joined = reported_joining(state, instrument)
                .and_then(|(action, date)| Some((action, parse_iso_date(date)?)));
            let signed = reported_signature(state, instrument).and_then(parse_iso_date);
            match (joined, signed) {
                (Some((action, date)), _) => {
                    table.any_reported = true;
                    let suffix = if action == "accession" {
                        table.any_accession = true;
                        " a"
                    } else {
                        ""
                    };
                    format!("{}{suffix} (r)", format_short(date))
                }
                (None, Some(date)) => {
                    table.any_reported = true;
                    table.any_signature = true;
                    format!("signed {} (r)", format_short(date))
                }
                (None, None) => {
                    table.any_not_recorded = true;
                    NOT_AVAILABLE.to_owned()
                }
            }
        }
    }
}
