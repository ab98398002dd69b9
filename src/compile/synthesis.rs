//! Part of stage 3, compile: the synthesis of a section. What the respondents of a group
//! reported on one operative paragraph, added up from their typed facts: how many reported,
//! who, the legislation by forms of exploitation and penalties, the coordination mechanisms by
//! scope, the comparable data by year, the positions (each respondent in one), the
//! contributions by currency and purpose; and the same figures over every reply for the
//! summary, the analysis and the conclusions.
//!
//! In: the respondents and their answers. Out: [`ParagraphDigest`]s without their examples
//! (the budget chooses those) and [`Figures`]. Names are in alphabetical order; terms in the
//! order of the mandate's vocabulary, or most reported first where the text ranks them.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{
    ContributionFigures, CoordinationFigures, CurrencyTotal, DataFigures, Figures, GroupStatistics,
    GroupStatisticsRow, LawFigures, ParagraphDigest, ParagraphGap, PenaltyRange, PositionGroup,
    PurposeTotal, StatisticsRow, StatisticsTable, TermCount,
};
use super::respondents::Respondent;
use crate::mandate::{Mandate, OperativeParagraph, Vocabulary};
use crate::metadata::{ReportingPeriod, RespondentGroup};
use crate::reference::Reference;
use crate::reply::{ParagraphAnswer, RespondentKind, YearlyCount};
use crate::style::{format_figure, reads_as, year_range};

/// What a cell of a table holds where nobody reported (UN tables: "..").
pub const NOT_AVAILABLE: &str = "..";

/// One respondent's answer to one paragraph.
pub(crate) type Answer<'a> = (&'a Respondent<'a>, &'a ParagraphAnswer);

pub(crate) struct Context<'a> {
    pub mandate: &'a Mandate,
    pub reference: &'a Reference,
    pub respondents: &'a [Respondent<'a>],
    /// The report's language (`en`).
    pub language: &'a str,
    pub period: ReportingPeriod,
}

/// What the replying States are called as a group: "Member States", unless an observer State
/// (the Holy See, Palestine) is among them, which is never counted as a Member State.
pub(crate) fn state_nouns(states: &[&Respondent<'_>]) -> (&'static str, &'static str) {
    if states
        .iter()
        .any(|state| state.kind == crate::reply::RespondentKind::ObserverState)
    {
        ("State", "States")
    } else {
        ("Member State", "Member States")
    }
}

pub(crate) fn in_group(respondent: &Respondent<'_>, group: RespondentGroup) -> bool {
    match group {
        RespondentGroup::States => respondent.is_state,
        RespondentGroup::Organizations => !respondent.is_state,
        RespondentGroup::All => true,
    }
}

pub(crate) fn group_name(group: RespondentGroup) -> &'static str {
    match group {
        RespondentGroup::States => "states",
        RespondentGroup::Organizations => "organizations",
        RespondentGroup::All => "all",
    }
}

impl<'a> Context<'a> {
    /// The answers of the group's respondents to paragraph `number`, the preparer's included
    /// (it is told apart where it matters), in alphabetical order.
    pub(crate) fn answers(&self, number: u32, group: RespondentGroup) -> Vec<Answer<'a>> {
        let key = number.to_string();
        self.respondents
            .iter()
            .filter(|respondent| in_group(respondent, group))
            .filter_map(|respondent| {
                let answer = respondent.sourced.reply.paragraphs.get(&key)?;
                Some((respondent, answer))
            })
            .collect()
    }

    /// The digest of one paragraph for one group, without examples.
    pub(crate) fn digest(
        &self,
        paragraph: &OperativeParagraph,
        group: RespondentGroup,
    ) -> ParagraphDigest {
        let answers: Vec<Answer<'a>> = self
            .answers(paragraph.number, group)
            .into_iter()
            .filter(|(respondent, _)| !respondent.is_preparer)
            .collect();
        let group_size = self
            .respondents
            .iter()
            .filter(|respondent| in_group(respondent, group) && !respondent.is_preparer)
            .count();
        let states_in_group: Vec<&Respondent<'_>> = self
            .respondents
            .iter()
            .filter(|respondent| respondent.is_state && !respondent.is_preparer)
            .collect();
        let (group_one, group_many) = match group {
            RespondentGroup::States => state_nouns(&states_in_group),
            RespondentGroup::Organizations => ("organization", "organizations"),
            RespondentGroup::All => ("respondent", "respondents"),
        };
        let vocabularies = &self.mandate.vocabularies;
        let states: Vec<Answer<'a>> = answers
            .iter()
            .copied()
            .filter(|(respondent, _)| respondent.is_state)
            .collect();
        let statistics_table = statistics_table(self.mandate, &answers, self.period);
        let laws = law_figures(&answers, &vocabularies.forms_of_exploitation);
        let coordination = coordination_figures(&answers, &vocabularies.coordination_scopes);
        let data = data_figures(&answers, &vocabularies.measures, self.period);
        let positions = position_groups(&answers, &vocabularies.positions);
        let contributions = contribution_figures(&answers, self.language);
        ParagraphDigest {
            has_facts: laws.is_some()
                || coordination.is_some()
                || data.is_some()
                || !positions.is_empty()
                || contributions.is_some()
                || !statistics_table.rows.is_empty(),
            number: paragraph.number,
            verb: paragraph.verb.clone(),
            subject: paragraph.subject.clone(),
            text: paragraph.text.clone(),
            group: group_name(group).to_owned(),
            group_size,
            group_one: group_one.to_owned(),
            group_many: group_many.to_owned(),
            answered: answers.len(),
            answered_names: answers
                .iter()
                .map(|(respondent, _)| respondent.who.clone())
                .collect(),
            laws,
            coordination,
            data,
            positions,
            contributions,
            statistics_table,
            statistics_by_group: statistics_by_group(
                self.mandate,
                self.reference,
                &states,
                self.period,
            ),
            own_voice: Vec::new(),
            featured: Vec::new(),
            examples: Vec::new(),
            also: Vec::new(),
            also_count: 0,
            quoted: false,
            all_answered: answers.len() >= group_size,
            names_first: answers.len() < group_size,
        }
    }

    /// Figures over every paragraph and every Member State's reply.
    pub(crate) fn figures(&self, report_paragraph: u32) -> Figures {
        let states: Vec<&Respondent<'a>> = self
            .respondents
            .iter()
            .filter(|respondent| respondent.kind == RespondentKind::MemberState)
            .collect();
        let answers: Vec<Answer<'a>> = states
            .iter()
            .flat_map(|respondent| {
                respondent
                    .sourced
                    .reply
                    .paragraphs
                    .values()
                    .map(move |answer| (*respondent, answer))
            })
            .collect();
        let vocabularies = &self.mandate.vocabularies;
        let mut gaps: Vec<ParagraphGap> = self
            .mandate
            .paragraphs
            .iter()
            .filter(|paragraph| {
                paragraph.number != report_paragraph
                    && paragraph.addresses(RespondentKind::MemberState)
                    && !paragraph.expects.is_empty()
            })
            .map(|paragraph| {
                let key = paragraph.number.to_string();
                ParagraphGap {
                    number: paragraph.number,
                    subject: paragraph.subject.clone(),
                    answered: states
                        .iter()
                        .filter(|respondent| respondent.sourced.reply.paragraphs.contains_key(&key))
                        .count(),
                    of: states.len(),
                }
            })
            .filter(|gap| gap.answered * 2 < gap.of)
            .collect();
        gaps.sort_by_key(|gap| (gap.answered, gap.number));
        Figures {
            states: states.len(),
            organizations: self
                .respondents
                .iter()
                .filter(|respondent| !respondent.is_state && !respondent.is_preparer)
                .count(),
            laws: law_figures(&answers, &vocabularies.forms_of_exploitation),
            coordination: coordination_figures(&answers, &vocabularies.coordination_scopes),
            data: data_figures(&answers, &vocabularies.measures, self.period),
            positions: position_groups(&answers, &vocabularies.positions),
            contributions: contribution_figures(&answers, self.language),
            gaps,
            treaty_not_parties: Vec::new(),
            treaty_unverified: Vec::new(),
        }
    }
}

/// The distinct respondents of `answers` that `has` holds for, by name in alphabetical order.
fn respondents_with<'a>(
    answers: &[Answer<'a>],
    has: impl Fn(&ParagraphAnswer) -> bool,
) -> Vec<&'a Respondent<'a>> {
    let mut seen = BTreeSet::new();
    answers
        .iter()
        .filter(|(_, answer)| has(answer))
        .filter(|(respondent, _)| seen.insert(respondent.code))
        .map(|(respondent, _)| *respondent)
        .collect()
}

fn names(respondents: &[&Respondent<'_>]) -> Vec<String> {
    respondents
        .iter()
        .map(|respondent| respondent.who.clone())
        .collect()
}

fn range_of(values: impl Iterator<Item = i32>) -> String {
    let values: Vec<i32> = values.collect();
    match (values.iter().min(), values.iter().max()) {
        (Some(first), Some(last)) => year_range(*first, *last),
        _ => String::new(),
    }
}

/// Terms of `vocabulary` with the respondents reporting each, in the vocabulary's order;
/// terms nobody reported are left out.
fn term_counts<'a>(
    answers: &[Answer<'a>],
    vocabulary: &Vocabulary,
    terms_of: impl Fn(&ParagraphAnswer) -> Vec<&str>,
) -> Vec<TermCount> {
    vocabulary
        .iter()
        .filter_map(|(key, wording)| {
            let reporting =
                respondents_with(answers, |answer| terms_of(answer).contains(&key.as_str()));
            (!reporting.is_empty()).then(|| TermCount {
                key: key.clone(),
                wording: wording.clone(),
                count: reporting.len(),
                names: names(&reporting),
            })
        })
        .collect()
}

fn law_figures(answers: &[Answer<'_>], forms: &Vocabulary) -> Option<LawFigures> {
    let reporting = respondents_with(answers, |answer| !answer.laws.is_empty());
    if reporting.is_empty() {
        return None;
    }
    let laws: Vec<&crate::reply::Law> = answers
        .iter()
        .flat_map(|(_, answer)| &answer.laws)
        .collect();
    let mut forms = term_counts(answers, forms, |answer| {
        answer
            .laws
            .iter()
            .flat_map(|law| law.forms.iter().map(String::as_str))
            .collect()
    });
    // Most reported first; the sort is stable, so ties keep the vocabulary's order.
    forms.sort_by_key(|form| std::cmp::Reverse(form.count));
    // A respondent's penalty is the highest any of its laws sets.
    let mut penalties: BTreeMap<&str, u32> = BTreeMap::new();
    for (respondent, answer) in answers {
        for years in answer.laws.iter().filter_map(|law| law.max_penalty_years) {
            let highest = penalties.entry(respondent.code).or_default();
            *highest = (*highest).max(years);
        }
    }
    let penalties = match (penalties.values().min(), penalties.values().max()) {
        (Some(lowest), Some(highest)) => Some(PenaltyRange {
            respondents: penalties.len(),
            lowest: *lowest,
            highest: *highest,
        }),
        _ => None,
    };
    Some(LawFigures {
        respondents: reporting.len(),
        names: names(&reporting),
        laws: laws.len(),
        years: range_of(laws.iter().map(|law| law.year)),
        forms,
        penalties,
    })
}

fn coordination_figures(
    answers: &[Answer<'_>],
    scopes: &Vocabulary,
) -> Option<CoordinationFigures> {
    let reporting = respondents_with(answers, |answer| !answer.coordination.is_empty());
    if reporting.is_empty() {
        return None;
    }
    let mut scopes = term_counts(answers, scopes, |answer| {
        answer
            .coordination
            .iter()
            .map(|mechanism| mechanism.scope.as_str())
            .collect()
    });
    // Most reported first; ties keep the vocabulary's order.
    scopes.sort_by_key(|scope| std::cmp::Reverse(scope.count));
    Some(CoordinationFigures {
        respondents: reporting.len(),
        names: names(&reporting),
        scopes,
        established: range_of(
            answers
                .iter()
                .flat_map(|(_, answer)| &answer.coordination)
                .filter_map(|mechanism| mechanism.established),
        ),
    })
}

/// `2006–2008`, `2006 and 2008`, `2004, 2006–2008`: the years given, ranges where they run on.
fn years_given(years: &BTreeSet<i32>) -> String {
    let mut runs: Vec<(i32, i32)> = Vec::new();
    for &year in years {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == year => *last = year,
            _ => runs.push((year, year)),
        }
    }
    let parts: Vec<String> = runs
        .iter()
        .map(|(first, last)| year_range(*first, *last))
        .collect();
    crate::style::join_list(&parts)
}

fn data_figures(
    answers: &[Answer<'_>],
    measures: &Vocabulary,
    period: ReportingPeriod,
) -> Option<DataFigures> {
    let reporting = respondents_with(answers, |answer| !answer.statistics.is_empty());
    if reporting.is_empty() {
        return None;
    }
    let period_years: BTreeSet<i32> = (period.from..=period.to).collect();
    let mut complete = Vec::new();
    let mut partial = Vec::new();
    for respondent in &reporting {
        let years: BTreeSet<i32> = answers
            .iter()
            .filter(|(other, _)| other.code == respondent.code)
            .flat_map(|(_, answer)| answer.statistics.iter().map(|count| count.year))
            .collect();
        if period_years.is_subset(&years) {
            complete.push(respondent.who.clone());
        } else {
            partial.push(format!("{} ({})", respondent.who, years_given(&years)));
        }
    }
    Some(DataFigures {
        respondents: reporting.len(),
        names: names(&reporting),
        period: year_range(period.from, period.to),
        complete_count: complete.len(),
        complete,
        partial_count: partial.len(),
        partial,
        measures: term_counts(answers, measures, |answer| {
            answer
                .statistics
                .iter()
                .map(|count| count.measure.as_str())
                .collect()
        }),
    })
}

fn position_groups(answers: &[Answer<'_>], positions: &Vocabulary) -> Vec<PositionGroup> {
    positions
        .iter()
        .filter_map(|(key, wording)| {
            let reporting =
                respondents_with(answers, |answer| answer.position.as_deref() == Some(key));
            (!reporting.is_empty()).then(|| PositionGroup {
                key: key.clone(),
                wording: wording.clone(),
                count: reporting.len(),
                names: names(&reporting),
            })
        })
        .collect()
}

fn currency_totals<'a>(
    contributions: impl Iterator<Item = (&'a str, &'a crate::reply::Contribution)>,
) -> Vec<CurrencyTotal> {
    let mut totals: BTreeMap<&str, (f64, BTreeSet<&str>)> = BTreeMap::new();
    for (code, contribution) in contributions {
        let total = totals.entry(contribution.currency.as_str()).or_default();
        total.0 += contribution.amount;
        total.1.insert(code);
    }
    totals
        .into_iter()
        .map(|(currency, (amount, contributors))| CurrencyTotal {
            currency: currency.to_owned(),
            amount,
            contributors: contributors.len(),
        })
        .collect()
}

/// Contributions grouped by purpose: lower-cased purpose -> (wording, contributions by code).
type ByPurpose<'a> = BTreeMap<String, (String, Vec<(&'a str, &'a crate::reply::Contribution)>)>;

fn contribution_figures(answers: &[Answer<'_>], language: &str) -> Option<ContributionFigures> {
    let reporting = respondents_with(answers, |answer| !answer.contributions.is_empty());
    if reporting.is_empty() {
        return None;
    }
    let all = || {
        answers.iter().flat_map(|(respondent, answer)| {
            answer
                .contributions
                .iter()
                .map(move |contribution| (*respondent, contribution))
        })
    };
    // Purposes are the respondents' own words: printed only when they are in the report's
    // language, grouped when two replies word them alike.
    let mut purposes: ByPurpose<'_> = BTreeMap::new();
    let mut other_purposes = 0;
    for (respondent, contribution) in all() {
        let Some(purpose) = contribution.purpose.as_deref().map(str::trim) else {
            continue;
        };
        if purpose.is_empty() {
            continue;
        }
        if respondent.sourced.reply.language != language || !reads_as(purpose, language) {
            other_purposes += 1;
            continue;
        }
        let wording = purpose.split_whitespace().collect::<Vec<_>>().join(" ");
        // "Assistance to victims" reads as a phrase in a sentence, a name takes its article,
        // "UN.GIFT" keeps its capitals.
        let wording = crate::style::phrase_in_sentence(&wording);
        purposes
            .entry(wording.to_lowercase())
            .or_insert_with(|| (wording, Vec::new()))
            .1
            .push((respondent.code, contribution));
    }
    let mut purposes: Vec<PurposeTotal> = purposes
        .into_values()
        .map(|(purpose, contributions)| {
            let contributors: BTreeSet<&str> =
                contributions.iter().map(|(code, _)| *code).collect();
            PurposeTotal {
                purpose,
                contributors: contributors.len(),
                totals: currency_totals(contributions.into_iter()),
            }
        })
        .collect();
    purposes.sort_by_key(|purpose| std::cmp::Reverse(purpose.contributors));
    Some(ContributionFigures {
        respondents: reporting.len(),
        names: names(&reporting),
        totals: currency_totals(
            all().map(|(respondent, contribution)| (respondent.code, contribution)),
        ),
        years: range_of(all().map(|(_, contribution)| contribution.year)),
        purposes,
        other_purposes,
    })
}

/// Whether a respondent's figures may be added into a total by year: it did not say they
/// cannot be compared from one year to the next.
pub(crate) fn comparable_between_years(answer: &ParagraphAnswer) -> bool {
    answer.comparable_between_years != Some(false)
}

/// The figures of `answers` totalled by measure and year over the reporting period: one row
/// per measure (in the mandate's order), one column per year. A total adds only the
/// respondents that gave the measure for every year of the period and did not call their
/// figures not comparable between years, so that its years compare like with like.
fn statistics_table(
    mandate: &Mandate,
    answers: &[Answer<'_>],
    period: ReportingPeriod,
) -> StatisticsTable {
    let years: Vec<i32> = (period.from..=period.to).collect();
    let mut added = BTreeSet::new();
    let mut incomplete = BTreeSet::new();
    let mut not_comparable = BTreeSet::new();
    let mut rows = Vec::new();
    for (key, wording) in &mandate.vocabularies.measures {
        let mut totals = vec![0u64; years.len()];
        let mut states = 0;
        for (respondent, answer) in answers {
            let figures: Vec<Option<u64>> = years
                .iter()
                .map(|year| {
                    answer
                        .statistics
                        .iter()
                        .find(|count| count.measure == *key && count.year == *year)
                        .map(|count| count.value)
                })
                .collect();
            if figures.iter().all(Option::is_none) {
                continue;
            }
            if !comparable_between_years(answer) {
                not_comparable.insert((respondent.sort_key.clone(), respondent.who.clone()));
                continue;
            }
            if figures.iter().any(Option::is_none) {
                incomplete.insert((respondent.sort_key.clone(), respondent.who.clone()));
                continue;
            }
            states += 1;
            added.insert(respondent.code);
            for (total, figure) in totals.iter_mut().zip(figures) {
                *total = total.saturating_add(figure.unwrap_or(0));
            }
        }
        if states > 0 {
            rows.push(StatisticsRow {
                measure: wording.clone(),
                states,
                cells: totals.into_iter().map(format_figure).collect(),
            });
        }
    }
    // A respondent left out of one measure's total may be added into another's.
    let incomplete = incomplete
        .into_iter()
        .filter(|entry| !not_comparable.contains(entry))
        .map(|(_, who)| who)
        .collect();
    StatisticsTable {
        years,
        period: year_range(period.from, period.to),
        rows,
        respondents: added.len(),
        not_comparable_count: not_comparable.len(),
        not_comparable: not_comparable.into_iter().map(|(_, who)| who).collect(),
        incomplete,
    }
}

/// The figures of the States of `answers` for one year, the latest of the reporting period any
/// of them gave, by regional group; groups in alphabetical order, measures in the mandate's
/// order. One year only: a sum over years would add figures that a State may count
/// differently from one year to the next, and years that different States gave.
fn statistics_by_group(
    mandate: &Mandate,
    reference: &Reference,
    answers: &[Answer<'_>],
    period: ReportingPeriod,
) -> GroupStatistics {
    const NO_GROUP: &str = "States not in a regional group";
    let states_answers = || answers.iter().filter(|(respondent, _)| respondent.is_state);
    let Some(year) = states_answers()
        .flat_map(|(_, answer)| &answer.statistics)
        .map(|count| count.year)
        .filter(|year| (period.from..=period.to).contains(year))
        .max()
    else {
        return GroupStatistics {
            not_available: NOT_AVAILABLE,
            ..GroupStatistics::default()
        };
    };
    let mut sums: BTreeMap<String, BTreeMap<&str, u64>> = BTreeMap::new();
    let mut states: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for (respondent, answer) in states_answers() {
        let of_year: Vec<&YearlyCount> = answer
            .statistics
            .iter()
            .filter(|count| count.year == year)
            .collect();
        if of_year.is_empty() {
            continue;
        }
        let group = reference
            .member_state(respondent.code)
            .and_then(|state| state.regional_group_2009.clone())
            .unwrap_or_else(|| NO_GROUP.to_owned());
        states
            .entry(group.clone())
            .or_default()
            .insert(respondent.code);
        let by_measure = sums.entry(group).or_default();
        for count in of_year {
            let sum = by_measure.entry(count.measure.as_str()).or_default();
            *sum = sum.saturating_add(count.value);
        }
    }
    let measures: Vec<(&String, &String)> = mandate
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
                    Some(sum) => format_figure(*sum),
                    None => {
                        any_missing = true;
                        NOT_AVAILABLE.to_owned()
                    }
                })
                .collect(),
        })
        .collect();
    let totals = measures
        .iter()
        .map(|(key, _)| {
            format_figure(
                sums.values()
                    .filter_map(|by_measure| by_measure.get(key.as_str()))
                    .fold(0u64, |total, sum| total.saturating_add(*sum)),
            )
        })
        .collect();
    GroupStatistics {
        measures: measures
            .iter()
            .map(|(_, wording)| (*wording).clone())
            .collect(),
        year: Some(year),
        rows,
        totals,
        any_missing,
        not_available: NOT_AVAILABLE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_run_into_ranges() {
        let years = |list: &[i32]| list.iter().copied().collect::<BTreeSet<i32>>();
        assert_eq!(years_given(&years(&[2006, 2007, 2008])), "2006\u{2013}2008");
        assert_eq!(years_given(&years(&[2006, 2008])), "2006 and 2008");
        assert_eq!(
            years_given(&years(&[2004, 2006, 2007, 2008])),
            "2004 and 2006\u{2013}2008"
        );
        assert_eq!(years_given(&years(&[2008])), "2008");
    }
}
