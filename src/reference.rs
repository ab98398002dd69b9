//! Reference data: facts about the world that replies are checked against and the report
//! states, each with its source and as-of date (`inputs/reference/`, `inputs/organizations.json`).
//!
//! Read by `gather`; consulted by `check` (is this code a Member State of 2009, a known
//! organization) and `compile` (names in running text, regional groups, treaty participation).

use std::collections::BTreeMap;

use serde::Deserialize;
use time::Date;

use crate::dates::parse_iso_date;
use crate::reply::RespondentKind;

/// Everything under `inputs/reference/` plus the organizations list.
#[derive(Debug, Clone)]
pub struct Reference {
    pub member_states: MemberStates,
    pub observers: Observers,
    pub treaties: TreatyStatus,
    pub organizations: Organizations,
    pub running_text_names: RunningTextNames,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MemberStates {
    pub title: String,
    pub as_of: String,
    pub records: Vec<MemberState>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MemberState {
    pub iso3: String,
    pub un_short_name_2009: String,
    /// `None` for a State that belonged to no regional group in 2009 (Kiribati).
    pub regional_group_2009: Option<String>,
}

/// Non-member States and entities with observer status in the year of the report.
#[derive(Debug, Clone, Deserialize)]
pub struct Observers {
    pub title: String,
    pub as_of: String,
    pub records: Vec<Observer>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Observer {
    pub iso3: String,
    pub name: String,
    /// How the name reads in a sentence ("the Holy See").
    pub running_text: String,
    /// `non-member observer State` or `observer entity`, as the report would say it.
    pub status: String,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TreatyStatus {
    pub title: String,
    pub compiled: String,
    /// Keyed by depositary id (`XVIII-12-a`).
    pub treaties: BTreeMap<String, TreatyRecord>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TreatyRecord {
    pub name: String,
    pub as_of: String,
    pub entries: Vec<TreatyEntry>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TreatyEntry {
    /// `None` for parties that are not States (the European Community).
    pub iso3: Option<String>,
    pub signature: Option<String>,
    pub instrument: Option<Instrument>,
    #[serde(default)]
    pub entry_into_force: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Instrument {
    pub kind: Option<String>,
    pub date: Option<String>,
    pub year: Option<i32>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Organizations {
    pub organizations: Vec<Organization>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Organization {
    pub code: String,
    pub kind: RespondentKind,
    pub name: String,
    /// How the name reads in a sentence ("the United Nations Office on Drugs and Crime (UNODC)").
    pub running_text: String,
    /// How later mentions read ("UNODC").
    pub short: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RunningTextNames {
    pub names: BTreeMap<String, String>,
}

/// The head of an as-of note, for messages: `2009` of `2009 (membership: 192 ...)`,
/// `mixed: 2004-2010` of `mixed: 2004-2010 (Tractatenblad, ...), ...`.
pub fn short_as_of(as_of: &str) -> &str {
    as_of
        .split([';', '('])
        .next()
        .unwrap_or(as_of)
        .trim_end_matches([' ', ','])
}

/// What the depositary record says about one State and one treaty as of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Participation {
    /// An instrument of ratification, accession ... dated on or before the date.
    Party,
    /// Signed on or before the date, with no instrument by then.
    Signatory,
    /// The record has the State, with nothing by that date.
    NeitherByThen,
    /// The record has no entry for the State: nothing can be said.
    NotRecorded,
}

impl Reference {
    pub fn member_state(&self, iso3: &str) -> Option<&MemberState> {
        self.member_states
            .records
            .iter()
            .find(|state| state.iso3 == iso3)
    }

    pub fn observer(&self, iso3: &str) -> Option<&Observer> {
        self.observers
            .records
            .iter()
            .find(|observer| observer.iso3 == iso3)
    }

    /// The record of `iso3` for the treaty with `depositary_id`, if the reference data has one.
    pub fn treaty_entry(
        &self,
        depositary_id: &str,
        iso3: &str,
    ) -> Option<(&TreatyRecord, &TreatyEntry)> {
        let record = self.treaties.treaties.get(depositary_id)?;
        let entry = record
            .entries
            .iter()
            .find(|entry| entry.iso3.as_deref() == Some(iso3))?;
        Some((record, entry))
    }

    pub fn organization(&self, code: &str) -> Option<&Organization> {
        self.organizations
            .organizations
            .iter()
            .find(|organization| organization.code == code)
    }

    /// The name of a State as a sentence uses it ("the Netherlands"), or its short name.
    pub fn state_in_running_text(&self, state: &MemberState) -> String {
        self.running_text_names
            .names
            .get(&state.iso3)
            .cloned()
            .unwrap_or_else(|| state.un_short_name_2009.clone())
    }

    /// Participation of a State in the treaty with `depositary_id` on `as_of`.
    ///
    /// An instrument known only by its year counts from 31 December of that year, so that a
    /// year-only record never makes a State a party earlier than it may have become one.
    pub fn participation(&self, depositary_id: &str, iso3: &str, as_of: Date) -> Participation {
        let Some((_, entry)) = self.treaty_entry(depositary_id, iso3) else {
            return Participation::NotRecorded;
        };
        let on_or_before = |date: Option<Date>| date.is_some_and(|date| date <= as_of);
        let instrument_date = entry.instrument.as_ref().and_then(|instrument| {
            instrument
                .date
                .as_deref()
                .and_then(parse_iso_date)
                .or_else(|| {
                    instrument.year.and_then(|year| {
                        Date::from_calendar_date(year, time::Month::December, 31).ok()
                    })
                })
        });
        if on_or_before(instrument_date) {
            return Participation::Party;
        }
        if instrument_date.is_none()
            && on_or_before(entry.entry_into_force.as_deref().and_then(parse_iso_date))
        {
            // Only the entry into force is known: the instrument came before it.
            return Participation::Party;
        }
        if on_or_before(entry.signature.as_deref().and_then(parse_iso_date)) {
            return Participation::Signatory;
        }
        Participation::NeitherByThen
    }
}
