//! Part of stage 3, compile: who replied, named as the report names them.
//!
//! In: the accepted replies and the reference data. Out: a [`Respondent`] per reply (its names
//! for lists, sentences and tables, its regional group, whether it is the entity preparing the
//! report), the introduction's facts ([`RepliesFacts`]), the entries of Annex I and the
//! coverage matrix. Every list is in alphabetical order, as the UN lists names.

use std::collections::BTreeMap;

use time::Date;

use super::model::{
    Coverage, CoverageCell, CoverageRow, GroupCount, RepliesFacts, RespondentEntry,
};
use crate::check::SourcedReply;
use crate::dates::{format_long, parse_iso_date};
use crate::mandate::Mandate;
use crate::reference::Reference;
use crate::reply::RespondentKind;
use crate::style::sort_key;

/// One accepted reply and the names of its respondent.
#[derive(Debug, Clone)]
pub(crate) struct Respondent<'a> {
    pub sourced: &'a SourcedReply,
    pub code: &'a str,
    pub kind: RespondentKind,
    pub is_state: bool,
    /// The entity that prepares the report: written in the report's own voice.
    pub is_preparer: bool,
    /// As lists print it ("Netherlands", "United Nations Office on Drugs and Crime").
    pub name: String,
    /// As a sentence names it after the first mention ("the Netherlands", "UNODC").
    pub who: String,
    /// In running text at first mention ("the United Nations Office on Drugs and Crime (UNODC)").
    pub running: String,
    pub regional_group: Option<String>,
    pub sort_key: String,
}

/// The respondents of the accepted replies, in alphabetical order.
pub(crate) fn respondents<'a>(
    reference: &Reference,
    accepted: &'a [SourcedReply],
    preparer: Option<&str>,
) -> Vec<Respondent<'a>> {
    let mut respondents: Vec<Respondent<'a>> = accepted
        .iter()
        .map(|sourced| respondent(reference, sourced, preparer))
        .collect();
    respondents.sort_by(|a, b| a.sort_key.cmp(&b.sort_key));
    respondents
}

fn respondent<'a>(
    reference: &Reference,
    sourced: &'a SourcedReply,
    preparer: Option<&str>,
) -> Respondent<'a> {
    let reply = &sourced.reply;
    let respondent = &reply.respondent;
    let fallback = respondent
        .name
        .clone()
        .unwrap_or_else(|| respondent.code.clone());
    let (name, who, running, group) = if respondent.kind == RespondentKind::ObserverState {
        match reference.observer(&respondent.code) {
            Some(observer) => (
                observer.name.clone(),
                observer.running_text.clone(),
                format!("{}, a {}", observer.running_text, observer.status),
                None,
            ),
            None => (fallback.clone(), fallback.clone(), fallback, None),
        }
    } else if respondent.kind.is_state() {
        match reference.member_state(&respondent.code) {
            Some(state) => (
                state.un_short_name_2009.clone(),
                reference.state_in_running_text(state),
                reference.state_in_running_text(state),
                state.regional_group_2009.clone(),
            ),
            None => (fallback.clone(), fallback.clone(), fallback, None),
        }
    } else {
        match reference.organization(&respondent.code) {
            Some(organization) => (
                organization.name.clone(),
                organization.short.clone(),
                organization.running_text.clone(),
                None,
            ),
            None => (fallback.clone(), fallback.clone(), fallback, None),
        }
    };
    Respondent {
        sourced,
        code: &respondent.code,
        kind: respondent.kind,
        is_state: respondent.kind.is_state(),
        is_preparer: preparer == Some(respondent.code.as_str()) && !respondent.kind.is_state(),
        sort_key: sort_key(&name),
        name,
        who,
        running,
        regional_group: group,
    }
}

/// Annex I's entries: every respondent but the preparer.
pub(crate) fn entries(respondents: &[Respondent<'_>], deadline: Date) -> Vec<RespondentEntry> {
    respondents
        .iter()
        .filter(|respondent| !respondent.is_preparer)
        .map(|respondent| {
            let reply = &respondent.sourced.reply;
            let submitted = parse_iso_date(&reply.submitted);
            RespondentEntry {
                code: respondent.code.to_owned(),
                kind: respondent.kind.as_str().to_owned(),
                is_state: respondent.is_state,
                name: respondent.name.clone(),
                short: respondent.who.clone(),
                running: respondent.running.clone(),
                regional_group: respondent.regional_group.clone(),
                submitted: submitted
                    .map(format_long)
                    .unwrap_or_else(|| reply.submitted.clone()),
                late: submitted.is_some_and(|date| date > deadline),
                language: reply.language.clone(),
                paragraphs: reply
                    .paragraphs
                    .keys()
                    .filter_map(|key| key.parse().ok())
                    .collect(),
            }
        })
        .collect()
}

/// What the introduction says of the replies.
pub(crate) fn replies_facts(
    entries: &[RespondentEntry],
    note_verbale_date: Date,
    sent_to: &str,
    deadline: Date,
) -> RepliesFacts {
    let states: Vec<&RespondentEntry> = entries
        .iter()
        .filter(|entry| entry.kind == RespondentKind::MemberState.as_str())
        .collect();
    let observers: Vec<&RespondentEntry> = entries
        .iter()
        .filter(|entry| entry.kind == RespondentKind::ObserverState.as_str())
        .collect();
    let organizations: Vec<&RespondentEntry> =
        entries.iter().filter(|entry| !entry.is_state).collect();
    let late: Vec<String> = entries
        .iter()
        .filter(|entry| entry.late)
        .map(|entry| entry.short.clone())
        .collect();
    RepliesFacts {
        note_verbale_date: format_long(note_verbale_date),
        sent_to: sent_to.to_owned(),
        deadline: format_long(deadline),
        respondents: entries.len(),
        states: states.len(),
        state_names: states.iter().map(|entry| entry.running.clone()).collect(),
        observers: observers.len(),
        observer_names: observers
            .iter()
            .map(|entry| entry.running.clone())
            .collect(),
        counts_in_figures: [states.len(), observers.len(), organizations.len()]
            .iter()
            .any(|count| *count >= 10),
        organizations: organizations.len(),
        organization_names: organizations
            .iter()
            .map(|entry| entry.running.clone())
            .collect(),
        late_count: late.len(),
        late,
        regional_groups: regional_groups(&states),
        ungrouped_states: states
            .iter()
            .filter(|entry| entry.regional_group.is_none())
            .map(|entry| entry.running.clone())
            .collect(),
    }
}

fn regional_groups(states: &[&RespondentEntry]) -> Vec<GroupCount> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for group in states
        .iter()
        .filter_map(|state| state.regional_group.clone())
    {
        *counts.entry(group).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(group, count)| GroupCount { group, count })
        .collect()
}

/// The coverage matrix of the respondents (the preparer is not a respondent).
pub fn coverage(mandate: &Mandate, respondents: &[RespondentEntry]) -> Coverage {
    let paragraphs: Vec<&crate::mandate::OperativeParagraph> = mandate
        .paragraphs
        .iter()
        .filter(|paragraph| !paragraph.addressees.is_empty() && !paragraph.expects.is_empty())
        .collect();
    let row = |entry: &RespondentEntry| CoverageRow {
        code: entry.code.clone(),
        kind: entry.kind.clone(),
        is_state: entry.is_state,
        name: if entry.is_state || entry.short.starts_with(char::is_lowercase) {
            entry.name.clone()
        } else {
            entry.short.clone()
        },
        cells: paragraphs
            .iter()
            .map(|paragraph| {
                let addressed = paragraph.addressees.iter().any(|kind| {
                    kind.as_str() == entry.kind
                        && paragraph.addresses_respondent(*kind, &entry.code)
                });
                match (entry.paragraphs.contains(&paragraph.number), addressed) {
                    (true, true) => CoverageCell::Answered,
                    (true, false) => CoverageCell::AnsweredNotAddressed,
                    (false, true) => CoverageCell::NotAnswered,
                    (false, false) => CoverageCell::NotAddressed,
                }
            })
            .collect(),
    };
    let rows: Vec<CoverageRow> = respondents
        .iter()
        .filter(|entry| entry.is_state)
        .chain(respondents.iter().filter(|entry| !entry.is_state))
        .map(row)
        .collect();
    Coverage {
        paragraphs: paragraphs
            .iter()
            .map(|paragraph| paragraph.number)
            .collect(),
        answered_not_addressed: rows
            .iter()
            .flat_map(|row| &row.cells)
            .any(|cell| *cell == CoverageCell::AnsweredNotAddressed),
        rows,
    }
}
