//! Part of stage 3, compile: the annexes that are tables of data rather than prose, namely the
//! treaty status of each replying State and the comparable data each State reported.
//!
//! In: the accepted respondents, the digests of every operative paragraph and the reference
//! data. Out: [`TreatyStatusTable`] and [`ComparableData`], which the templates
//! `annexes/annex-treaty-status.hbs` and `annexes/annex-comparable-data.hbs` print.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use time::Date;

use crate::dates::{format_long, format_short};
use crate::mandate::Mandate;
use crate::reference::{Participation, PartySince, Reference};

use super::model::{ParagraphDigest, RespondentEntry};

/// What a cell of a table holds where the record or the reply has nothing (UN tables: "..").
pub const NOT_AVAILABLE: &str = "..";
/// What a treaty status cell holds when the State had neither signed nor joined by the date.
pub const NO_ACTION: &str = "\u{2014}";

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

/// The figures of each State, one table per measure, one column per year.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ComparableData {
    pub years: Vec<i32>,
    pub tables: Vec<MeasureTable>,
    /// Operative paragraphs the figures answer.
    pub paragraphs: Vec<u32>,
    /// Whether any State left a year out (the note then explains "..").
    pub any_missing: bool,
    pub not_available: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeasureTable {
    pub measure: String,
    pub rows: Vec<TableRow>,
    /// Sum of the reported figures of each year.
    pub totals: Vec<String>,
    pub states: usize,
}

pub fn treaty_status(
    mandate: &Mandate,
    reference: &Reference,
    respondents: &[RespondentEntry],
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
            record_as_of: reference
                .treaties
                .treaties
                .get(&instrument.depositary_id)
                .map(|record| crate::reference::short_as_of(&record.as_of).to_owned())
                .unwrap_or_default(),
        };
        if instrument.table_heading.is_some() {
            table.abbreviated.push(column.clone());
        }
        table.instruments.push(column);
    }
    for state in respondents.iter().filter(|respondent| respondent.is_state) {
        let cells = mandate
            .instruments
            .iter()
            .map(|instrument| {
                match reference.participation(&instrument.depositary_id, &state.code, as_of) {
                    Participation::Party { since, accession } => {
                        table.any_accession |= accession;
                        let suffix = if accession { " a" } else { "" };
                        match since {
                            PartySince::Day(date) => format!("{}{suffix}", format_short(date)),
                            PartySince::Year(year) => {
                                table.any_year_only = true;
                                format!("{year}{suffix}")
                            }
                            PartySince::InForce(date) => {
                                format!("in force {}{suffix}", format_short(date))
                            }
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
                        table.any_not_recorded = true;
                        NOT_AVAILABLE.to_owned()
                    }
                }
            })
            .collect();
        table.rows.push(TableRow {
            name: state.name.clone(),
            cells,
        });
    }
    table
}

/// The figures every replying State gave for every measure, from the digests of the
/// paragraphs that ask for statistics.
pub fn comparable_data(
    mandate: &Mandate,
    digests: &BTreeMap<String, ParagraphDigest>,
    respondents: &[RespondentEntry],
) -> ComparableData {
    let table_name = |code: &str| {
        respondents
            .iter()
            .find(|respondent| respondent.code == code)
            .map(|respondent| respondent.name.clone())
    };
    // measure -> State (table name) -> year -> figure.
    let mut figures: BTreeMap<&str, BTreeMap<String, BTreeMap<i32, u64>>> = BTreeMap::new();
    let mut years = BTreeSet::new();
    let mut paragraphs = BTreeSet::new();
    for digest in digests.values() {
        for entry in digest.entries.iter().filter(|entry| entry.is_state) {
            let Some(name) = table_name(&entry.code) else {
                continue;
            };
            for fact in &entry.statistics {
                paragraphs.insert(digest.number);
                years.insert(fact.year);
                figures
                    .entry(fact.measure_key.as_str())
                    .or_default()
                    .entry(name.clone())
                    .or_default()
                    .insert(fact.year, fact.value);
            }
        }
    }
    let years: Vec<i32> = years.into_iter().collect();
    let mut any_missing = false;
    // Measures in the order the mandate's vocabulary lists them, as the body's tables.
    let tables = mandate
        .vocabularies
        .measures
        .iter()
        .filter_map(|(key, wording)| {
            let by_state = figures.get(key.as_str())?;
            let mut rows: Vec<(String, TableRow)> = by_state
                .iter()
                .map(|(name, by_year)| {
                    let cells = years
                        .iter()
                        .map(|year| match by_year.get(year) {
                            Some(value) => crate::render::format_figure(*value),
                            None => {
                                any_missing = true;
                                NOT_AVAILABLE.to_owned()
                            }
                        })
                        .collect();
                    (
                        super::sort_key(name),
                        TableRow {
                            name: name.clone(),
                            cells,
                        },
                    )
                })
                .collect();
            rows.sort_by(|a, b| a.0.cmp(&b.0));
            let totals = years
                .iter()
                .map(|year| {
                    let values: Vec<u64> = by_state
                        .values()
                        .filter_map(|by_year| by_year.get(year).copied())
                        .collect();
                    if values.is_empty() {
                        NOT_AVAILABLE.to_owned()
                    } else {
                        crate::render::format_figure(
                            values
                                .iter()
                                .fold(0u64, |sum, value| sum.saturating_add(*value)),
                        )
                    }
                })
                .collect();
            Some(MeasureTable {
                measure: wording.clone(),
                states: rows.len(),
                rows: rows.into_iter().map(|(_, row)| row).collect(),
                totals,
            })
        })
        .collect();
    ComparableData {
        years,
        tables,
        paragraphs: paragraphs.into_iter().collect(),
        any_missing,
        not_available: NOT_AVAILABLE,
    }
}
