//! Part of stage 3, compile: the comparable data annex. Every figure every replying State
//! gave, one table per measure, one column per year, as reported.
//!
//! In: the respondents and their answers. Out: [`ComparableData`], which
//! `annexes/annex-comparable-data.hbs` prints.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

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
    /// The note letters of the rows no total adds, where there are such rows.
    pub not_comparable_mark: Option<&'static str>,
    pub incomplete_mark: Option<&'static str>,
    pub not_available: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeasureTable {
    pub measure: String,
    pub rows: Vec<FigureRow>,
    /// Sum of each year's figures of the States that gave every year and did not call them
    /// not comparable between years; empty when there is no such State.
    pub totals: Vec<String>,
    /// The States the totals add.
    pub states: usize,
}

/// One State's figures of a measure, one cell per year.
#[derive(Debug, Clone, Serialize)]
pub struct FigureRow {
    pub name: String,
    pub cells: Vec<String>,
    /// The State called its figures not comparable between years: in no total.
    pub not_comparable: bool,
    /// The State left out some year of the table: in no total.
    pub incomplete: bool,
}

/// Each State's figures of one measure: (sort key, table name) -> year -> figure.
type FiguresByState<'a> = BTreeMap<(&'a str, &'a str), BTreeMap<i32, u64>>;

/// The figures every replying State gave for every measure, under any paragraph.
pub(crate) fn comparable(mandate: &Mandate, respondents: &[Respondent<'_>]) -> ComparableData {
    // Tables by State name: a State that called its figures not comparable between years.
    let mut not_comparable: BTreeSet<&str> = BTreeSet::new();
    // measure -> State (in alphabetical order) -> year -> figure.
    let mut figures: BTreeMap<&str, FiguresByState<'_>> = BTreeMap::new();
    let mut years = BTreeSet::new();
    let mut paragraphs = BTreeSet::new();
    for respondent in respondents.iter().filter(|respondent| respondent.is_state) {
        for (key, answer) in &respondent.sourced.reply.paragraphs {
            if !answer.statistics.is_empty() && !super::synthesis::comparable_between_years(answer)
            {
                not_comparable.insert(respondent.name.as_str());
            }
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
    let mut any_not_comparable = false;
    let mut any_incomplete = false;
    // Measures in the order the mandate's vocabulary lists them, as the body's tables.
    let tables = mandate
        .vocabularies
        .measures
        .iter()
        .filter_map(|(key, wording)| {
            let by_state = figures.get(key.as_str())?;
            let mut totals = vec![0u64; years.len()];
            let mut added = 0;
            let mut rows = Vec::new();
            for ((_, name), by_year) in by_state {
                let comparable = !not_comparable.contains(name);
                let complete = years.iter().all(|year| by_year.contains_key(year));
                let cells = years
                    .iter()
                    .map(|year| match by_year.get(year) {
                        Some(value) => format_figure(*value),
                        None => {
                            any_missing = true;
                            NOT_AVAILABLE.to_owned()
                        }
                    })
                    .collect();
                if comparable && complete {
                    added += 1;
                    for (total, year) in totals.iter_mut().zip(&years) {
                        *total = total.saturating_add(by_year.get(year).copied().unwrap_or(0));
                    }
                }
                any_not_comparable |= !comparable;
                any_incomplete |= comparable && !complete;
                rows.push(FigureRow {
                    name: (*name).to_owned(),
                    cells,
                    not_comparable: !comparable,
                    incomplete: comparable && !complete,
                });
            }
            Some(MeasureTable {
                measure: wording.clone(),
                states: added,
                rows,
                totals: if added > 0 {
                    totals.into_iter().map(format_figure).collect()
                } else {
                    Vec::new()
                },
            })
        })
        .collect();
    let (not_comparable_mark, incomplete_mark) = match (any_not_comparable, any_incomplete) {
        (true, true) => (Some("a"), Some("b")),
        (true, false) => (Some("a"), None),
        (false, true) => (None, Some("a")),
        (false, false) => (None, None),
    };
    ComparableData {
        years,
        tables,
        paragraphs: paragraphs.into_iter().collect(),
        any_missing,
        not_comparable_mark,
        incomplete_mark,
        not_available: NOT_AVAILABLE,
    }
}
