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
    /// How a UN document cites the record the data reproduce ("Multilateral Treaties Deposited
    /// with the Secretary-General"); absent, the report cites no publication.
    #[serde(default)]
    pub depositary_publication: Option<String>,
    /// Where that publication is read (`treaties.un.org`).
    #[serde(default)]
    pub depositary_url: Option<String>,
    /// The documents the entries were read from, by id.
    #[serde(default)]
    pub sources: BTreeMap<String, TreatySource>,
    /// Keyed by depositary id (`XVIII-12-a`).
    pub treaties: BTreeMap<String, TreatyRecord>,
}

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
pub struct TreatySource {
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub as_of: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TreatyRecord {
    pub name: String,
    pub as_of: String,
    pub entries: Vec<TreatyEntry>,
    /// Counts of parties in all, each as at its date, as a source stated them.
    #[serde(default)]
    pub parties_worldwide: Vec<PartiesCount>,
}

/// "124 parties as at 26 September 2008", with where it was read.
#[derive(Debug, Clone, Deserialize)]
pub struct PartiesCount {
    /// `2008-09-26`, or `2008-12` where the source gives only the month.
    pub as_at: String,
    pub parties: u32,
    /// An id of [`TreatyStatus::sources`] or the symbol of the document that states it.
    pub source: String,
}

/// The date of a count, as precisely as its source gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountDate {
    Day(Date),
    Month(i32, time::Month),
}

impl CountDate {
    pub fn parse(text: &str) -> Option<Self> {
        if let Some(day) = parse_iso_date(text) {
            return Some(Self::Day(day));
        }
        let (year, month) = text.split_once('-')?;
        if year.len() != 4 || month.len() != 2 {
            return None;
        }
        let month = time::Month::try_from(month.parse::<u8>().ok()?).ok()?;
        Some(Self::Month(year.parse().ok()?, month))
    }

    /// The last day the count may describe: a month's count is as at its last day at most.
    pub fn latest_day(self) -> Option<Date> {
        match self {
            Self::Day(day) => Some(day),
            Self::Month(year, month) => {
                Date::from_calendar_date(year, month, time::util::days_in_month(month, year)).ok()
            }
        }
    }

    /// As a sentence dates a count: `as at 26 September 2008`, `in December 2008`.
    pub fn phrase(self) -> String {
        match self {
            Self::Day(day) => format!("as at {}", crate::dates::format_long(day)),
            Self::Month(year, month) => format!("in {month} {year}"),
        }
    }
}

impl TreatyRecord {
    /// The latest count of parties dated on or before `as_of`, with its date.
    pub fn parties_worldwide_as_at(&self, as_of: Date) -> Option<(&PartiesCount, CountDate)> {
        self.parties_worldwide
            .iter()
            .filter_map(|count| Some((count, CountDate::parse(&count.as_at)?)))
            .filter(|(_, date)| date.latest_day().is_some_and(|day| day <= as_of))
            .max_by_key(|(_, date)| date.latest_day())
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct TreatyEntry {
    /// `None` for parties that are not States (the European Community).
    pub iso3: Option<String>,
    pub signature: Option<String>,
    pub instrument: Option<Instrument>,
    #[serde(default)]
    pub entry_into_force: Option<String>,
    /// Ids of [`TreatyStatus::sources`] the entry was read from.
    #[serde(default)]
    pub sources: Vec<String>,
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

/// `'` between letters becomes `’` (U+2019), the apostrophe of print.
fn typographic_apostrophes(text: &mut String) {
    if !text.contains('\'') {
        return;
    }
    let chars: Vec<char> = text.chars().collect();
    *text = chars
        .iter()
        .enumerate()
        .map(|(index, &c)| {
            let between_letters = index > 0
                && chars[index - 1].is_alphabetic()
                && chars
                    .get(index + 1)
                    .is_some_and(|next| next.is_alphabetic());
            if c == '\'' && between_letters {
                '\u{2019}'
            } else {
                c
            }
        })
        .collect();
}

/// What the depositary record says about one State and one treaty as of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Participation {
    /// An instrument of ratification, accession ... dated on or before the date.
    Party {
        since: PartySince,
        /// The record says the instrument was one of accession.
        accession: bool,
    },
    /// Signed on or before the date, with no instrument by then.
    Signatory { signed: Date },
    /// The record has the State, with nothing by that date.
    NeitherByThen,
    /// The record has no entry for the State: nothing can be said.
    NotRecorded,
}

/// How precisely the record dates a State's instrument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartySince {
    Day(Date),
    /// The record gives only the year.
    Year(i32),
    /// The record gives only the date the treaty entered into force for the State.
    InForce(Date),
}

impl Reference {
    /// Names as print has them: "Côte d’Ivoire", "United Nations Children’s Fund". The
    /// reference files keep the typewriter apostrophe of their sources; replies are never
    /// changed, as the report must show what a respondent wrote.
    pub fn use_typographic_apostrophes(&mut self) {
        for state in &mut self.member_states.records {
            typographic_apostrophes(&mut state.un_short_name_2009);
        }
        for name in self.running_text_names.names.values_mut() {
            typographic_apostrophes(name);
        }
        for observer in &mut self.observers.records {
            typographic_apostrophes(&mut observer.name);
            typographic_apostrophes(&mut observer.running_text);
        }
        for organization in &mut self.organizations.organizations {
            typographic_apostrophes(&mut organization.name);
            typographic_apostrophes(&mut organization.short);
            typographic_apostrophes(&mut organization.running_text);
        }
    }

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
        let instrument = entry.instrument.as_ref();
        let accession = instrument
            .and_then(|instrument| instrument.kind.as_deref())
            .is_some_and(|kind| kind == "accession");
        let day = instrument
            .and_then(|instrument| instrument.date.as_deref())
            .and_then(parse_iso_date);
        let year = instrument.and_then(|instrument| instrument.year);
        match (day, year) {
            (Some(day), _) if day <= as_of => {
                return Participation::Party {
                    since: PartySince::Day(day),
                    accession,
                };
            }
            (None, Some(year))
                if Date::from_calendar_date(year, time::Month::December, 31)
                    .is_ok_and(|end| end <= as_of) =>
            {
                return Participation::Party {
                    since: PartySince::Year(year),
                    accession,
                };
            }
            (None, None) => {
                // Only the entry into force is known: the instrument came before it.
                if let Some(in_force) = entry.entry_into_force.as_deref().and_then(parse_iso_date)
                    && in_force <= as_of
                {
                    return Participation::Party {
                        since: PartySince::InForce(in_force),
                        accession,
                    };
                }
            }
            _ => {}
        }
        match entry.signature.as_deref().and_then(parse_iso_date) {
            Some(signed) if signed <= as_of => Participation::Signatory { signed },
            _ => Participation::NeitherByThen,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn apostrophes_between_letters_become_typographic() {
        let mut name = "Côte d'Ivoire".to_owned();
        super::typographic_apostrophes(&mut name);
        assert_eq!(name, "Côte d\u{2019}Ivoire");
        let mut quoted = "'quoted' and Children's".to_owned();
        super::typographic_apostrophes(&mut quoted);
        assert_eq!(quoted, "'quoted' and Children\u{2019}s");
    }
}
