//! Part of stage 3, compile: the comparable data annex. Every figure every replying State
//! gave, one table per measure, one column per year, as reported.
//!
//! In: the respondents and their answers. Out: [`ComparableData`], which
//! `annexes/annex-comparable-data.hbs` prints.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::ratification::TableRow;
use super::respondents::Respondent;
use super::synthesis::NOT_AVAILABLE;
use crate::mandate::Mandate;
use crate::style::format_figure;

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

/// Each State's figures of one measure: (sort key, table name) -> year -> figure.
type FiguresByState<'a> = BTreeMap<(&'a str, &'a str), BTreeMap<i32, u64>>;

/// The figures every replying State gave for every measure, under any paragraph.
pub(crate) fn comparable(mandate: &Mandate, respondents: &[Respondent<'_>]) -> ComparableData {
    // measure -> State (in alphabetical order) -> year -> figure.
    let mut figures: BTreeMap<&str, FiguresByState<'_>> = BTreeMap::new();
    let mut years = BTreeSet::new();
    let mut paragraphs = BTreeSet::new();
    for respondent in respondents.iter().filter(|respondent| respondent.is_state) {
        for (key, answer) in &respondent.sourced.reply.paragraphs {
            for count in &answer.statistics {
                if let Ok(number) = key.parse::<u32>() {
                    paragraphs.insert(number);
                }
                years.insert(count.year);
                figures
                    .entry(count.measure.as_str())
                    .or_default()
                    .entry((respondent.sort_key.as_str(), respondent.name.as_str()))
                    .or_default()
                    .insert(count.year, count.value);
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
            let rows: Vec<TableRow> = by_state
                .iter()
                .map(|((_, name), by_year)| TableRow {
                    name: (*name).to_owned(),
                    cells: years
                        .iter()
                        .map(|year| match by_year.get(year) {
                            Some(value) => format_figure(*value),
                            None => {
                                any_missing = true;
                                NOT_AVAILABLE.to_owned()
                            }
                        })
                        .collect(),
                })
                .collect();
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
                        format_figure(
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
                rows,
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
