//! Stage 3, compile: accepted replies -> the report model.
//!
//! In: the gathered inputs and the replies the check accepted. Out: [`Report`], every figure
//! and name the templates print: who replied, per chapter and section what each respondent
//! reported, counts, totals and the ratification status from the reference data. Nothing here
//! writes prose beyond single facts; sentences are the templates' business. Lists of States are
//! in alphabetical order, as the UN lists them.

mod annexes;
mod model;

use std::collections::{BTreeMap, BTreeSet};

use time::Date;

pub use model::*;

use crate::check::{Checked, SourcedReply};
use crate::dates::{format_long, parse_iso_date};
use crate::gather::Gathered;
use crate::mandate::Mandate;
use crate::metadata::{Chapter, RespondentGroup, Section};
use crate::reference::{Participation, Reference};
use crate::reply::{ParagraphAnswer, Reply, RespondentKind};

/// A problem with the report metadata that makes a report impossible.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    #[error("report.json: `{field}` is `{value}`, which is not a date (write YYYY-MM-DD)")]
    BadDate { field: &'static str, value: String },
    #[error(
        "report.json: the outline names operative paragraph {0}, which the mandate does not have"
    )]
    UnknownParagraph(u32),
}

/// Builds the report model from the accepted replies.
pub fn compile(gathered: &Gathered, checked: &Checked) -> Result<Report, CompileError> {
    let metadata = &gathered.metadata;
    let mandate = &gathered.mandate;
    let report_date = required_date("date", &metadata.date)?;
    let deadline = required_date("deadline", &metadata.deadline)?;
    let note_verbale_date = required_date("note_verbale.date", &metadata.note_verbale.date)?;
    let adopted = required_date(
        "resolution.adopted (mandate.json)",
        &mandate.resolution.adopted,
    )?;
    for chapter in &metadata.outline {
        for number in chapter.paragraphs.iter().chain(
            chapter
                .sections
                .iter()
                .flat_map(|section| &section.paragraphs),
        ) {
            if mandate.paragraph(*number).is_none() {
                return Err(CompileError::UnknownParagraph(*number));
            }
        }
    }

    let mut respondents: Vec<RespondentEntry> = checked
        .accepted
        .iter()
        .map(|sourced| respondent_entry(&gathered.reference, sourced, deadline))
        .collect();
    respondents.sort_by_key(|r| sort_key(&r.name));
    let states: Vec<&RespondentEntry> = respondents
        .iter()
        .filter(|r| r.kind == RespondentKind::MemberState.as_str())
        .collect();
    let observers: Vec<&RespondentEntry> = respondents
        .iter()
        .filter(|r| r.kind == RespondentKind::ObserverState.as_str())
        .collect();
    let organizations: Vec<&RespondentEntry> = respondents.iter().filter(|r| !r.is_state).collect();

    let compiler = Compiler {
        mandate,
        reference: &gathered.reference,
        accepted: &checked.accepted,
        report_date,
    };
    let chapters = metadata
        .outline
        .iter()
        .enumerate()
        .map(|(index, chapter)| compiler.chapter(index, chapter))
        .collect();

    let illustrative = checked
        .accepted
        .iter()
        .any(|sourced| sourced.reply.illustrative);
    let late: Vec<String> = respondents
        .iter()
        .filter(|r| r.late)
        .map(|r| r.short.clone())
        .collect();
    let op = compiler.all_paragraphs();
    let annexes: Vec<AnnexModel> = metadata
        .annexes
        .iter()
        .enumerate()
        .map(|(index, annex)| AnnexModel {
            number: roman(index + 1),
            title: annex.title.clone(),
            partial: format!("annexes/{}", annex.template),
        })
        .collect();
    Ok(Report {
        meta: Meta {
            symbol: metadata.symbol.clone(),
            organ: metadata.organ.clone(),
            distribution: metadata.distribution.clone(),
            date: format_long(report_date),
            date_iso: metadata.date.clone(),
            original_language: metadata.original_language.clone(),
            language: metadata.language.clone(),
            session: metadata.session.clone(),
            agenda_item: metadata.agenda.item,
            agenda_provisional: metadata.agenda.provisional,
            agenda_title: metadata.agenda.title.clone(),
            agenda_footnote: metadata.agenda.footnote.clone(),
            title: metadata.title.clone(),
            subtitle: metadata.subtitle.clone(),
            job_number: metadata.job_number.clone(),
            job_line: format!(
                "{} (E)    {:02}{:02}{:02}",
                metadata.job_number,
                report_date.day(),
                u8::from(report_date.month()),
                report_date.year().rem_euclid(100)
            ),
            paper: metadata.paper.clone(),
            word_limit: metadata.word_limit,
            illustrative,
        },
        mandate: MandateFacts {
            resolution: mandate.resolution.number.clone(),
            resolution_title: mandate.resolution.title.clone(),
            adopted: format_long(adopted),
            adopting_session: mandate.resolution.session.clone(),
            report_paragraph: mandate.report_paragraph,
            report_paragraph_text: mandate
                .paragraph(mandate.report_paragraph)
                .map(|paragraph| paragraph.text.clone())
                .unwrap_or_default(),
            prepared_by: metadata.prepared_by.clone(),
        },
        replies: RepliesFacts {
            note_verbale_date: format_long(note_verbale_date),
            sent_to: metadata.note_verbale.sent_to.clone(),
            deadline: format_long(deadline),
            respondents: respondents.len(),
            states: states.len(),
            state_names: states.iter().map(|r| r.running.clone()).collect(),
            observers: observers.len(),
            observer_names: observers.iter().map(|r| r.running.clone()).collect(),
            organizations: organizations.len(),
            organization_names: organizations.iter().map(|r| r.running.clone()).collect(),
            late_count: late.len(),
            late,
            regional_groups: regional_groups(&states),
        },
        treaty_status: annexes::treaty_status(
            mandate,
            &gathered.reference,
            &respondents,
            report_date,
        ),
        comparable_data: annexes::comparable_data(mandate, &op, &respondents),
        op,
        chapters,
        annexes,
        coverage: coverage(mandate, &respondents),
        respondents,
    })
}

/// The coverage matrix of the accepted respondents.
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
        // Tables name organizations by acronym ("UNODC") where they have one; a short form
        // that only reads inside a sentence ("the Special Rapporteur ...") gives way to the name.
        name: if entry.is_state || entry.short.starts_with(char::is_lowercase) {
            entry.name.clone()
        } else {
            entry.short.clone()
        },
        cells: paragraphs
            .iter()
            .map(|paragraph| {
                let addressed = paragraph
                    .addressees
                    .iter()
                    .any(|kind| kind.as_str() == entry.kind);
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

fn required_date(field: &'static str, value: &str) -> Result<Date, CompileError> {
    parse_iso_date(value).ok_or_else(|| CompileError::BadDate {
        field,
        value: value.to_owned(),
    })
}

/// Alphabetical order ignoring a leading article and case, so that "the Netherlands" sorts
/// under N as in UN lists.
fn sort_key(name: &str) -> String {
    let name = name.strip_prefix("the ").unwrap_or(name);
    name.to_lowercase()
}

fn respondent_entry(
    reference: &Reference,
    sourced: &SourcedReply,
    deadline: Date,
) -> RespondentEntry {
    let reply = &sourced.reply;
    let respondent = &reply.respondent;
    let fallback = respondent
        .name
        .clone()
        .unwrap_or_else(|| respondent.code.clone());
    let (name, short, running, group) = if respondent.kind == RespondentKind::ObserverState {
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
    let submitted = parse_iso_date(&reply.submitted);
    RespondentEntry {
        code: respondent.code.clone(),
        kind: respondent.kind.as_str().to_owned(),
        is_state: respondent.kind.is_state(),
        name,
        short,
        running,
        regional_group: group,
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
}

fn regional_groups(states: &[&RespondentEntry]) -> Vec<GroupCount> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for state in states {
        let group = state
            .regional_group
            .clone()
            .unwrap_or_else(|| "No regional group".to_owned());
        *counts.entry(group).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(group, count)| GroupCount { group, count })
        .collect()
}

struct Compiler<'a> {
    mandate: &'a Mandate,
    reference: &'a Reference,
    accepted: &'a [SourcedReply],
    report_date: Date,
}

impl Compiler<'_> {
    fn chapter(&self, index: usize, chapter: &Chapter) -> ChapterModel {
        let sections = chapter
            .sections
            .iter()
            .enumerate()
            .map(|(index, section)| self.section(index, section))
            .collect();
        let own = Section {
            title: chapter.title.clone(),
            paragraphs: chapter.paragraphs.clone(),
            respondents: RespondentGroup::All,
        };
        ChapterModel {
            number: roman(index + 1),
            title: chapter.title.clone(),
            template: chapter.template.clone(),
            partial: format!("chapters/{}", chapter.template),
            digests: self.section(0, &own).digests,
            sections,
            ratification: (chapter.template == "ratification")
                .then(|| self.ratification(&chapter.paragraphs)),
        }
    }

    fn section(&self, index: usize, section: &Section) -> SectionModel {
        let in_group = |reply: &Reply| match section.respondents {
            RespondentGroup::States => reply.respondent.kind.is_state(),
            RespondentGroup::Organizations => !reply.respondent.kind.is_state(),
            RespondentGroup::All => true,
        };
        let group_size = self.accepted.iter().filter(|s| in_group(&s.reply)).count();
        let (group_one, group_many) = match section.respondents {
            RespondentGroup::States => ("Member State", "Member States"),
            RespondentGroup::Organizations => ("organization", "organizations"),
            RespondentGroup::All => ("respondent", "respondents"),
        };
        let digests = section
            .paragraphs
            .iter()
            .filter_map(|number| self.mandate.paragraph(*number))
            .map(|paragraph| {
                let mut entries: Vec<Entry> = self
                    .accepted
                    .iter()
                    .filter(|sourced| in_group(&sourced.reply))
                    .filter_map(|sourced| {
                        let answer = sourced
                            .reply
                            .paragraphs
                            .get(&paragraph.number.to_string())?;
                        Some(self.entry(sourced, answer))
                    })
                    .collect();
                entries.sort_by_key(|e| sort_key(&e.who));
                let statistics = statistics_totals(self.mandate, &entries);
                let statistics_table = statistics_table(&statistics);
                let statistics_by_group = self.statistics_by_group(&entries);
                let contributions = contribution_totals(&entries);
                let positions = position_counts(self.mandate, &entries);
                ParagraphDigest {
                    number: paragraph.number,
                    verb: paragraph.verb.clone(),
                    subject: paragraph.subject.clone(),
                    text: paragraph.text.clone(),
                    group: group_name(section.respondents).to_owned(),
                    group_size,
                    group_one: group_one.to_owned(),
                    group_many: group_many.to_owned(),
                    answered: entries.len(),
                    answered_names: entries.iter().map(|entry| entry.who.clone()).collect(),
                    with_laws: entries.iter().filter(|e| !e.laws.is_empty()).count(),
                    with_coordination: entries
                        .iter()
                        .filter(|e| !e.coordination.is_empty())
                        .count(),
                    with_statistics: entries.iter().filter(|e| !e.statistics.is_empty()).count(),
                    statistics,
                    statistics_table,
                    statistics_by_group,
                    contributions,
                    positions,
                    entries,
                }
            })
            .collect();
        SectionModel {
            letter: letter(index),
            title: section.title.clone(),
            respondents: group_name(section.respondents).to_owned(),
            digests,
        }
    }

    fn entry(&self, sourced: &SourcedReply, answer: &ParagraphAnswer) -> Entry {
        let reply = &sourced.reply;
        let vocabularies = &self.mandate.vocabularies;
        let who = if reply.respondent.kind.is_state() {
            self.reference
                .member_state(&reply.respondent.code)
                .map(|state| self.reference.state_in_running_text(state))
        } else {
            self.reference
                .organization(&reply.respondent.code)
                .map(|organization| organization.short.clone())
        }
        .or_else(|| reply.respondent.name.clone())
        .unwrap_or_else(|| reply.respondent.code.clone());
        let term = |map: &crate::mandate::Vocabulary, key: &str| {
            map.get(key).cloned().unwrap_or_else(|| key.to_owned())
        };
        let treaty_actions: Vec<TreatyActionFact> = answer
            .treaty_actions
            .iter()
            .map(|action| TreatyActionFact {
                instrument: self
                    .mandate
                    .instrument(&action.instrument)
                    .map_or_else(|| action.instrument.clone(), |i| i.short_title.clone()),
                action: term(&vocabularies.treaty_actions, &action.action),
                date: parse_iso_date(&action.date)
                    .map(format_long)
                    .unwrap_or_else(|| action.date.clone()),
            })
            .collect();
        Entry {
            code: reply.respondent.code.clone(),
            who,
            is_state: reply.respondent.kind.is_state(),
            language: reply.language.clone(),
            language_name: language_name(&reply.language),
            has_facts: !(answer.treaty_actions.is_empty()
                && answer.laws.is_empty()
                && answer.coordination.is_empty()
                && answer.contributions.is_empty()
                && answer.position.is_none()),
            narrative: answer
                .narrative
                .as_deref()
                .map(|text| {
                    text.split("\n\n")
                        .map(|paragraph| paragraph.split_whitespace().collect::<Vec<_>>().join(" "))
                        .filter(|paragraph| !paragraph.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            treaty_actions_by_instrument: by_instrument(&treaty_actions),
            treaty_actions,
            laws: answer
                .laws
                .iter()
                .map(|law| LawFact {
                    title: law.title.clone(),
                    year: law.year,
                    forms: law
                        .forms
                        .iter()
                        .map(|form| term(&vocabularies.forms_of_exploitation, form))
                        .collect(),
                    max_penalty_years: law.max_penalty_years,
                })
                .collect(),
            coordination: answer
                .coordination
                .iter()
                .map(|mechanism| CoordinationFact {
                    name: mechanism.name.clone(),
                    scope: term(&vocabularies.coordination_scopes, &mechanism.scope),
                    established: mechanism.established,
                })
                .collect(),
            statistics: answer
                .statistics
                .iter()
                .map(|count| StatisticFact {
                    year: count.year,
                    measure_key: count.measure.clone(),
                    measure: term(&vocabularies.measures, &count.measure),
                    value: count.value,
                })
                .collect(),
            contributions: answer
                .contributions
                .iter()
                .map(|contribution| ContributionFact {
                    amount: contribution.amount,
                    currency: contribution.currency.clone(),
                    year: contribution.year,
                    purpose: contribution.purpose.clone(),
                })
                .collect(),
            position_key: answer.position.clone(),
            position: answer
                .position
                .as_deref()
                .map(|position| term(&vocabularies.positions, position)),
        }
    }

    /// Digests of every operative paragraph over all respondents, keyed by number.
    fn all_paragraphs(&self) -> BTreeMap<String, ParagraphDigest> {
        let every = Section {
            title: String::new(),
            paragraphs: self.mandate.paragraphs.iter().map(|p| p.number).collect(),
            respondents: RespondentGroup::All,
        };
        self.section(0, &every)
            .digests
            .into_iter()
            .map(|digest| (digest.number.to_string(), digest))
            .collect()
    }

    /// The figures of `entries` summed over the years, by regional group of the reporting
    /// State; groups in alphabetical order, measures in the mandate's order.
    fn statistics_by_group(&self, entries: &[Entry]) -> GroupStatistics {
        const NO_GROUP: &str = "States not in a regional group";
        // group -> measure -> (sum, States reporting)
        let mut sums: BTreeMap<String, BTreeMap<&str, u64>> = BTreeMap::new();
        let mut states: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
        let mut years = BTreeSet::new();
        for entry in entries.iter().filter(|entry| entry.is_state) {
            if entry.statistics.is_empty() {
                continue;
            }
            let group = self
                .reference
                .member_state(&entry.code)
                .and_then(|state| state.regional_group_2009.clone())
                .unwrap_or_else(|| NO_GROUP.to_owned());
            states
                .entry(group.clone())
                .or_default()
                .insert(entry.code.as_str());
            let by_measure = sums.entry(group).or_default();
            for fact in &entry.statistics {
                years.insert(fact.year);
                let sum = by_measure.entry(fact.measure_key.as_str()).or_default();
                *sum = sum.saturating_add(fact.value);
            }
        }
        let measures: Vec<(&String, &String)> = self
            .mandate
            .vocabularies
            .measures
            .iter()
            .filter(|(key, _)| {
                sums.values()
                    .any(|by_measure| by_measure.contains_key(key.as_str()))
            })
            .collect();
        let mut any_missing = false;
        let rows = sums
            .iter()
            .map(|(group, by_measure)| GroupStatisticsRow {
                group: group.clone(),
                states: states.get(group).map_or(0, BTreeSet::len),
                cells: measures
                    .iter()
                    .map(|(key, _)| match by_measure.get(key.as_str()) {
                        Some(sum) => crate::render::format_figure(*sum),
                        None => {
                            any_missing = true;
                            annexes::NOT_AVAILABLE.to_owned()
                        }
                    })
                    .collect(),
            })
            .collect();
        let totals = measures
            .iter()
            .map(|(key, _)| {
                crate::render::format_figure(
                    sums.values()
                        .filter_map(|by_measure| by_measure.get(key.as_str()))
                        .fold(0u64, |total, sum| total.saturating_add(*sum)),
                )
            })
            .collect();
        let period = match (years.first(), years.last()) {
            (Some(first), Some(last)) if first != last => format!("{first}\u{2013}{last}"),
            (Some(only), _) => only.to_string(),
            _ => String::new(),
        };
        GroupStatistics {
            measures: measures
                .iter()
                .map(|(_, wording)| (*wording).clone())
                .collect(),
            period,
            rows,
            totals,
            any_missing,
            not_available: annexes::NOT_AVAILABLE,
        }
    }

    /// Party status of the replying States for the instruments of `paragraphs`, from the
    /// depositary record as of the report date.
    fn ratification(&self, paragraphs: &[u32]) -> RatificationModel {
        let codes: BTreeSet<&str> = paragraphs
            .iter()
            .filter_map(|number| self.mandate.paragraph(*number))
            .flat_map(|paragraph| &paragraph.expects)
            .flat_map(|fact| &fact.instruments)
            .map(String::as_str)
            .collect();
        let states: Vec<(&str, String)> = {
            let mut states: Vec<(&str, String)> = self
                .accepted
                .iter()
                .filter(|sourced| sourced.reply.respondent.kind.is_state())
                .filter_map(|sourced| {
                    let state = self
                        .reference
                        .member_state(&sourced.reply.respondent.code)?;
                    Some((
                        state.iso3.as_str(),
                        self.reference.state_in_running_text(state),
                    ))
                })
                .collect();
            states.sort_by_key(|s| sort_key(&s.1));
            states
        };
        let instruments = self
            .mandate
            .instruments
            .iter()
            .filter(|instrument| codes.contains(instrument.code.as_str()))
            .map(|instrument| {
                let record = self
                    .reference
                    .treaties
                    .treaties
                    .get(&instrument.depositary_id);
                let mut parties = Vec::new();
                let mut signatories = Vec::new();
                let mut not_recorded = Vec::new();
                for (iso3, name) in &states {
                    match self.reference.participation(
                        &instrument.depositary_id,
                        iso3,
                        self.report_date,
                    ) {
                        Participation::Party { .. } => parties.push(name.clone()),
                        Participation::Signatory { .. } => signatories.push(name.clone()),
                        Participation::NeitherByThen => {}
                        Participation::NotRecorded => not_recorded.push(name.clone()),
                    }
                }
                InstrumentStatus {
                    code: instrument.code.clone(),
                    short_title: instrument.short_title.clone(),
                    title: instrument.title.clone(),
                    citation: instrument.citation.clone(),
                    record_as_of: record
                        .map(|r| crate::reference::short_as_of(&r.as_of).to_owned())
                        .unwrap_or_default(),
                    recorded_entries: record.map_or(0, |r| r.entries.len()),
                    party_count: parties.len(),
                    parties,
                    signatory_count: signatories.len(),
                    signatories,
                    not_recorded,
                }
            })
            .collect();
        RatificationModel {
            as_of: format_long(self.report_date),
            replying_states: states.len(),
            source: self.reference.treaties.title.clone(),
            compiled: self.reference.treaties.compiled_on(),
            instruments,
        }
    }
}

fn group_name(group: RespondentGroup) -> &'static str {
    match group {
        RespondentGroup::States => "states",
        RespondentGroup::Organizations => "organizations",
        RespondentGroup::All => "all",
    }
}

fn by_instrument(actions: &[TreatyActionFact]) -> Vec<InstrumentActions> {
    let mut groups: Vec<InstrumentActions> = Vec::new();
    for action in actions {
        match groups
            .iter_mut()
            .find(|group| group.instrument == action.instrument)
        {
            Some(group) => group.actions.push(action.clone()),
            None => groups.push(InstrumentActions {
                instrument: action.instrument.clone(),
                actions: vec![action.clone()],
            }),
        }
    }
    groups
}

fn statistics_totals(mandate: &Mandate, entries: &[Entry]) -> Vec<StatisticTotal> {
    let mut totals: BTreeMap<(String, i32), (u64, BTreeSet<String>)> = BTreeMap::new();
    for entry in entries {
        for fact in &entry.statistics {
            let total = totals
                .entry((fact.measure_key.clone(), fact.year))
                .or_default();
            total.0 = total.0.saturating_add(fact.value);
            total.1.insert(entry.who.clone());
        }
    }
    // Measures in the order the mandate lists them, then years ascending.
    let order: Vec<&String> = mandate.vocabularies.measures.keys().collect();
    let mut rows: Vec<StatisticTotal> = totals
        .into_iter()
        .map(|((measure, year), (total, reporting))| StatisticTotal {
            measure: mandate
                .vocabularies
                .measures
                .get(&measure)
                .cloned()
                .unwrap_or_else(|| measure.clone()),
            measure_key: measure,
            year,
            total,
            respondents: reporting.len(),
        })
        .collect();
    rows.sort_by_key(|row| {
        (
            order
                .iter()
                .position(|key| **key == row.measure_key)
                .unwrap_or(usize::MAX),
            row.year,
        )
    });
    rows
}

fn statistics_table(totals: &[StatisticTotal]) -> StatisticsTable {
    let years: Vec<i32> = totals
        .iter()
        .map(|total| total.year)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut rows: Vec<StatisticsRow> = Vec::new();
    for total in totals {
        let column = years
            .iter()
            .position(|year| *year == total.year)
            .unwrap_or(0);
        if rows.last().is_none_or(|row| row.measure != total.measure) {
            rows.push(StatisticsRow {
                measure: total.measure.clone(),
                cells: vec!["\u{2014}".to_owned(); years.len()],
            });
        }
        if let Some(cell) = rows.last_mut().and_then(|row| row.cells.get_mut(column)) {
            *cell = crate::render::format_figure(total.total);
        }
    }
    StatisticsTable { years, rows }
}

/// English names of the six official languages; other codes are shown as given.
fn language_name(code: &str) -> String {
    match code {
        "ar" => "Arabic",
        "zh" => "Chinese",
        "en" => "English",
        "fr" => "French",
        "ru" => "Russian",
        "es" => "Spanish",
        other => other,
    }
    .to_owned()
}

fn contribution_totals(entries: &[Entry]) -> Vec<CurrencyTotal> {
    let mut totals: BTreeMap<String, (f64, BTreeSet<String>)> = BTreeMap::new();
    for entry in entries {
        for contribution in &entry.contributions {
            let total = totals.entry(contribution.currency.clone()).or_default();
            total.0 += contribution.amount;
            total.1.insert(entry.who.clone());
        }
    }
    totals
        .into_iter()
        .map(|(currency, (amount, contributors))| CurrencyTotal {
            currency,
            amount,
            contributors: contributors.len(),
        })
        .collect()
}

fn position_counts(mandate: &Mandate, entries: &[Entry]) -> Vec<PositionCount> {
    mandate
        .vocabularies
        .positions
        .iter()
        .filter_map(|(key, wording)| {
            let names: Vec<String> = entries
                .iter()
                .filter(|entry| entry.position_key.as_deref() == Some(key.as_str()))
                .map(|entry| entry.who.clone())
                .collect();
            (!names.is_empty()).then(|| PositionCount {
                key: key.clone(),
                wording: wording.clone(),
                count: names.len(),
                names,
            })
        })
        .collect()
}

/// Chapter numbers as UN documents print them.
pub fn roman(number: usize) -> String {
    const NUMERALS: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut rest = number;
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while rest >= value {
            out.push_str(numeral);
            rest -= value;
        }
    }
    out
}

/// Section letters: A, B, ... Z, then AA, AB ... (never reached in practice).
fn letter(index: usize) -> String {
    let mut index = index;
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'A' + (index % 26) as u8));
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals_and_letters() {
        assert_eq!(roman(1), "I");
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(6), "VI");
        assert_eq!(roman(9), "IX");
        assert_eq!(roman(14), "XIV");
        assert_eq!(letter(0), "A");
        assert_eq!(letter(4), "E");
        assert_eq!(letter(26), "AA");
    }

    #[test]
    fn sorting_ignores_the_article() {
        let mut names = vec![
            "the Netherlands",
            "Austria",
            "the Russian Federation",
            "Norway",
        ];
        names.sort_by_key(|name| sort_key(name));
        assert_eq!(
            names,
            vec![
                "Austria",
                "the Netherlands",
                "Norway",
                "the Russian Federation"
            ]
        );
    }
}
