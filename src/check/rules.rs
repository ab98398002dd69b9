//! The semantic half of the check: a reply that is shaped right, against the mandate and the
//! reference data, as of the report's date.
//!
//! In: a [`Reply`] that passed the structural check. Out: findings with JSON pointers. What
//! each paragraph addresses, asks for and requires, which instruments belong to it, which
//! vocabularies and periods apply, and which counts bound which, all come from the mandate
//! file; this module holds only what data cannot say (how to compare a date or a count).

use std::collections::BTreeMap;

use time::Date;

use crate::dates::{format_long, parse_iso_date};
use crate::diagnostic::Finding;
use crate::mandate::{Mandate, OperativeParagraph};
use crate::metadata::ReportMetadata;
use crate::reference::Reference;
use crate::reply::{ParagraphAnswer, Reply, RespondentKind};
use crate::source_map::escape_pointer_token;

use super::suggest::did_you_mean;
use super::treaties::{Claim, verify_claim};

pub struct Context<'a> {
    pub mandate: &'a Mandate,
    pub reference: &'a Reference,
    pub metadata: &'a ReportMetadata,
    /// `None` when report.json has no valid date: the compile stage reports that; here it only
    /// disables the rules that need it.
    pub report_date: Option<Date>,
}

/// Every semantic finding about one reply.
pub fn check_reply(context: &Context<'_>, source: &str, reply: &Reply) -> Vec<Finding> {
    let mut findings = Vec::new();
    check_respondent(context, source, reply, &mut findings);
    check_date(
        context,
        source,
        "/submitted",
        None,
        &reply.submitted,
        &mut findings,
    );
    if let (Some(submitted), Some(requested)) = (
        parse_iso_date(&reply.submitted),
        parse_iso_date(&context.metadata.note_verbale.date),
    ) && submitted < requested
    {
        findings.push(
            Finding::warning(
                "reply-before-request",
                source,
                format!(
                    "the reply is dated {}, before the note verbale of {} that requested it",
                    format_long(submitted),
                    format_long(requested)
                ),
            )
            .at_pointer("/submitted")
            .with_hint("check the date: `submitted` is the date the reply was sent"),
        );
    }
    if let (Some(submitted), Some(deadline)) = (
        parse_iso_date(&reply.submitted),
        parse_iso_date(&context.metadata.deadline),
    ) && submitted > deadline
        && context.report_date.is_none_or(|report| submitted <= report)
    {
        findings.push(
            Finding::notice(
                "late-reply",
                source,
                format!(
                    "the reply was sent on {}, after the deadline of {}",
                    format_long(submitted),
                    format_long(deadline)
                ),
            )
            .at_pointer("/submitted")
            .with_hint("the reply is used; the report notes that it arrived late"),
        );
    }
    let answered = reply
        .paragraphs
        .iter()
        .filter(|(_, answer)| !is_blank(answer))
        .count();
    if answered == 0 {
        findings.push(
            Finding::warning("no-paragraph", source, "the reply answers no operative paragraph")
                .at_pointer("/paragraphs")
                .with_hint("fill in the paragraphs the reply reports on; `report new` lists those addressed to you"),
        );
    }
    for (key, answer) in &reply.paragraphs {
        check_paragraph(context, source, reply, key, answer, &mut findings);
    }
    findings
}

/// A paragraph entry with nothing in it (as `report new` prints it) counts as not answered.
pub fn is_blank(answer: &ParagraphAnswer) -> bool {
    answer
        .narrative
        .as_deref()
        .is_none_or(|text| text.trim().is_empty())
        && answer.treaty_actions.is_empty()
        && answer.laws.is_empty()
        && answer.coordination.is_empty()
        && answer.statistics.is_empty()
        && answer.contributions.is_empty()
        && answer.position.is_none()
}

fn check_respondent(
    context: &Context<'_>,
    source: &str,
    reply: &Reply,
    findings: &mut Vec<Finding>,
) {
    let respondent = &reply.respondent;
    let code = respondent.code.as_str();
    let reference = context.reference;
    let as_of = crate::reference::short_as_of(&reference.member_states.as_of);
    match respondent.kind {
        RespondentKind::MemberState => {
            if reference.member_state(code).is_some() {
                return;
            }
            let finding = match reference.observer(code) {
                Some(observer) => Finding::error(
                    "observer-as-member",
                    source,
                    format!(
                        "`{code}` is {}, a {} in {}, not a Member State",
                        observer.running_text,
                        observer.status,
                        context.report_year_text()
                    ),
                )
                .at_pointer("/respondent/kind")
                .with_hint("set the kind to `observer_state`"),
                None => Finding::error(
                    "not-a-member-state",
                    source,
                    format!(
                        "`{code}` was not a Member State of the United Nations in {} (reference list as of {as_of})",
                        context.report_year_text()
                    ),
                )
                .at_pointer("/respondent/code")
                .with_hint("use the ISO 3166-1 alpha-3 code of the State as it was then (for example `ITA`)"),
            };
            findings.push(finding);
        }
        RespondentKind::ObserverState => {
            if let Some(observer) = reference.observer(code) {
                findings.push(
                    Finding::notice(
                        "observer-reply",
                        source,
                        format!(
                            "`{code}` is {}, a {}; the report presents the reply as that of an observer",
                            observer.running_text, observer.status
                        ),
                    )
                    .at_pointer("/respondent/code"),
                );
            } else if let Some(state) = reference.member_state(code) {
                findings.push(
                    Finding::error(
                        "member-as-observer",
                        source,
                        format!(
                            "`{code}` ({}) was a Member State in {}, not an observer",
                            state.un_short_name_2009,
                            context.report_year_text()
                        ),
                    )
                    .at_pointer("/respondent/kind")
                    .with_hint("set the kind to `member_state`"),
                );
            } else {
                findings.push(
                    Finding::error(
                        "not-an-observer",
                        source,
                        format!(
                            "`{code}` had no observer status in {} (reference list as of {})",
                            context.report_year_text(),
                            crate::reference::short_as_of(&reference.observers.as_of)
                        ),
                    )
                    .at_pointer("/respondent/code")
                    .with_hint("check the code; observers in the reference data are listed in inputs/reference/observers-2009.json"),
                );
            }
        }
        kind => match reference.organization(code) {
            None => {
                let codes = reference
                    .organizations
                    .organizations
                    .iter()
                    .map(|organization| organization.code.as_str());
                let hint = match did_you_mean(code, codes) {
                    Some(meant) => format!("did you mean `{meant}`? The codes are in inputs/organizations.json"),
                    None => "use a code from inputs/organizations.json, or ask the Secretariat to add the organization".to_owned(),
                };
                findings.push(
                    Finding::error(
                        "unknown-organization",
                        source,
                        format!("`{code}` is not a known organization code"),
                    )
                    .at_pointer("/respondent/code")
                    .with_hint(hint),
                );
            }
            Some(organization) if organization.kind != kind => findings.push(
                Finding::error(
                    "wrong-respondent-kind",
                    source,
                    format!(
                        "`{code}` is listed as `{}`, not `{}`",
                        organization.kind.as_str(),
                        kind.as_str()
                    ),
                )
                .at_pointer("/respondent/kind")
                .with_hint(format!("set the kind to `{}`", organization.kind.as_str())),
            ),
            Some(_) => {}
        },
    }
}

impl Context<'_> {
    fn report_year_text(&self) -> String {
        self.report_date.map_or_else(
            || "the year of the report".to_owned(),
            |date| date.year().to_string(),
        )
    }

    fn report_year(&self) -> Option<i32> {
        self.report_date.map(Date::year)
    }
}

/// The facts a paragraph answer can hold, as named in JSON and in the mandate's `expects`.
fn facts_given(answer: &ParagraphAnswer) -> Vec<&'static str> {
    let mut facts = Vec::new();
    if answer
        .narrative
        .as_deref()
        .is_some_and(|text| !text.trim().is_empty())
    {
        facts.push("narrative");
    }
    if !answer.treaty_actions.is_empty() {
        facts.push("treaty_actions");
    }
    if !answer.laws.is_empty() {
        facts.push("laws");
    }
    if !answer.coordination.is_empty() {
        facts.push("coordination");
    }
    if !answer.statistics.is_empty() {
        facts.push("statistics");
    }
    if !answer.contributions.is_empty() {
        facts.push("contributions");
    }
    if answer.position.is_some() {
        facts.push("position");
    }
    facts
}

fn check_paragraph(
    context: &Context<'_>,
    source: &str,
    reply: &Reply,
    key: &str,
    answer: &ParagraphAnswer,
    findings: &mut Vec<Finding>,
) {
    let pointer = format!("/paragraphs/{}", escape_pointer_token(key));
    let Some(paragraph) = key
        .parse::<u32>()
        .ok()
        .filter(|number| number.to_string() == key)
        .and_then(|number| context.mandate.paragraph(number))
    else {
        let known: Vec<String> = context
            .mandate
            .paragraphs
            .iter()
            .map(|paragraph| paragraph.number.to_string())
            .collect();
        findings.push(
            Finding::error(
                "unknown-paragraph",
                source,
                format!(
                    "resolution {} has no operative paragraph `{key}`",
                    context.mandate.resolution.number
                ),
            )
            .at_key(pointer)
            .with_hint(format!(
                "paragraphs are keyed by their number as text: {}",
                known.join(", ")
            )),
        );
        return;
    };
    let number = paragraph.number;
    if is_blank(answer) {
        return;
    }
    if !paragraph.addresses_respondent(reply.respondent.kind, &reply.respondent.code) {
        let addressed_to = paragraph.addressed_to.strip_prefix("The ").map_or_else(
            || paragraph.addressed_to.clone(),
            |rest| format!("the {rest}"),
        );
        let not_to = if paragraph.addresses(reply.respondent.kind) {
            format!("`{}`", reply.respondent.code)
        } else {
            format!("a respondent of kind `{}`", reply.respondent.kind.as_str())
        };
        findings.push(
            Finding::warning(
                "not-addressed",
                source,
                format!("paragraph {number} is addressed to {addressed_to}, not to {not_to}"),
            )
            .at_key(pointer.clone())
            .in_paragraph(number)
            .with_hint("the answer is kept, but the report may not use it; move it to a paragraph addressed to you"),
        );
    }
    let given = facts_given(answer);
    for fact in &given {
        if paragraph.expects(fact).is_none() {
            let elsewhere: Vec<String> = context
                .mandate
                .paragraphs
                .iter()
                .filter(|other| {
                    other.expects(fact).is_some()
                        && other.addresses_respondent(reply.respondent.kind, &reply.respondent.code)
                })
                .map(|other| other.number.to_string())
                .collect();
            let hint = if elsewhere.is_empty() {
                "remove it, or describe it in the narrative".to_owned()
            } else {
                format!(
                    "the report uses `{fact}` under paragraph{} {}; move it there",
                    if elsewhere.len() == 1 { "" } else { "s" },
                    elsewhere.join(", ")
                )
            };
            findings.push(
                Finding::warning(
                    "fact-not-asked",
                    source,
                    format!("paragraph {number} does not ask for `{fact}`, so the report will not use it here"),
                )
                .at_key(format!("{pointer}/{fact}"))
                .in_paragraph(number)
                .with_hint(hint),
            );
        }
    }
    for expected in paragraph
        .expects
        .iter()
        .filter(|expected| expected.required)
    {
        if !given.contains(&expected.fact.as_str()) {
            findings.push(
                Finding::error(
                    "missing-required-fact",
                    source,
                    format!(
                        "paragraph {number} requires `{}`, which the answer does not give",
                        expected.fact
                    ),
                )
                .at_pointer(pointer.clone())
                .in_paragraph(number)
                .with_hint(format!(
                    "add `{}`: {}",
                    expected.fact,
                    crate::style::lowercase_first(&expected.description)
                )),
            );
        }
    }
    check_treaty_actions(
        context, source, reply, paragraph, &pointer, answer, findings,
    );
    check_vocabulary_facts(context, source, number, &pointer, answer, findings);
    check_statistics(context, source, paragraph, &pointer, answer, findings);
    for (index, contribution) in answer.contributions.iter().enumerate() {
        let at = format!("{pointer}/contributions/{index}");
        let written_as_code = contribution.currency.len() == 3
            && contribution
                .currency
                .chars()
                .all(|c| c.is_ascii_uppercase());
        // A code not written as three capitals is the structural check's finding.
        if written_as_code && iso_currency::Currency::from_code(&contribution.currency).is_none() {
            findings.push(
                Finding::error(
                    "unknown-currency",
                    source,
                    format!(
                        "`{}` is not an ISO 4217 currency code",
                        contribution.currency
                    ),
                )
                .at_pointer(format!("{at}/currency"))
                .in_paragraph(number)
                .with_hint(
                    "use the three-letter code of the currency, such as `USD`, `EUR` or `JPY`",
                ),
            );
        }
        check_year(
            context,
            source,
            &format!("{at}/year"),
            number,
            contribution.year,
            findings,
        );
    }
}

fn check_treaty_actions(
    context: &Context<'_>,
    source: &str,
    reply: &Reply,
    paragraph: &OperativeParagraph,
    pointer: &str,
    answer: &ParagraphAnswer,
    findings: &mut Vec<Finding>,
) {
    let number = paragraph.number;
    let vocabularies = &context.mandate.vocabularies;
    let belongs_here = paragraph
        .expects("treaty_actions")
        .map(|expected| expected.instruments.as_slice())
        .unwrap_or_default();
    for (index, action) in answer.treaty_actions.iter().enumerate() {
        let at = format!("{pointer}/treaty_actions/{index}");
        let instrument = context.mandate.instrument(&action.instrument);
        match instrument {
            None => findings.push(unknown_term(
                source,
                &format!("{at}/instrument"),
                number,
                "instrument",
                &action.instrument,
                context.mandate.instruments.iter().map(|i| i.code.as_str()),
            )),
            Some(instrument)
                if !belongs_here.is_empty() && !belongs_here.contains(&instrument.code) =>
            {
                let home = context
                    .mandate
                    .paragraphs
                    .iter()
                    .find(|other| {
                        other
                            .expects("treaty_actions")
                            .is_some_and(|expected| expected.instruments.contains(&instrument.code))
                    })
                    .map(|other| other.number);
                findings.push(
                    Finding::warning(
                        "instrument-elsewhere",
                        source,
                        format!(
                            "paragraph {number} is about the {}, not the {}",
                            belongs_here
                                .iter()
                                .map(|code| context
                                    .mandate
                                    .instrument(code)
                                    .map_or(code.as_str(), |known| known.short_title.as_str()))
                                .collect::<Vec<_>>()
                                .join(" and the "),
                            instrument.short_title
                        ),
                    )
                    .at_pointer(format!("{at}/instrument"))
                    .in_paragraph(number)
                    .with_hint(match home {
                        Some(home) => format!("move this action to paragraph {home}"),
                        None => "remove it, or mention it in the narrative".to_owned(),
                    }),
                );
            }
            Some(_) => {}
        }
        if !vocabularies.treaty_actions.contains_key(&action.action) {
            findings.push(unknown_term(
                source,
                &format!("{at}/action"),
                number,
                "treaty action",
                &action.action,
                vocabularies.treaty_actions.keys().map(String::as_str),
            ));
        }
        let earliest = instrument.and_then(|instrument| {
            let event = if instrument.opened_for_signature.is_some() {
                "opened for signature"
            } else {
                "concluded"
            };
            parse_iso_date(instrument.earliest_action())
                .map(|date| (date, instrument.short_title.as_str(), event))
        });
        let date_ok = check_date(
            context,
            source,
            &format!("{at}/date"),
            earliest,
            &action.date,
            findings,
        );
        if date_ok
            && reply.respondent.kind.is_state()
            && let Some(instrument) = instrument
            && vocabularies.treaty_actions.contains_key(&action.action)
        {
            let claim = Claim {
                source,
                pointer: &at,
                paragraph: number,
                state: &reply.respondent.code,
                action,
                instrument,
            };
            findings.extend(verify_claim(context.reference, &claim));
        }
    }
}

fn check_vocabulary_facts(
    context: &Context<'_>,
    source: &str,
    number: u32,
    pointer: &str,
    answer: &ParagraphAnswer,
    findings: &mut Vec<Finding>,
) {
    let vocabularies = &context.mandate.vocabularies;
    for (index, law) in answer.laws.iter().enumerate() {
        let at = format!("{pointer}/laws/{index}");
        for (form_index, form) in law.forms.iter().enumerate() {
            if !vocabularies.forms_of_exploitation.contains_key(form) {
                findings.push(unknown_term(
                    source,
                    &format!("{at}/forms/{form_index}"),
                    number,
                    "form of exploitation",
                    form,
                    vocabularies
                        .forms_of_exploitation
                        .keys()
                        .map(String::as_str),
                ));
            }
        }
        check_year(
            context,
            source,
            &format!("{at}/year"),
            number,
            law.year,
            findings,
        );
    }
    for (index, mechanism) in answer.coordination.iter().enumerate() {
        let at = format!("{pointer}/coordination/{index}");
        if !vocabularies
            .coordination_scopes
            .contains_key(&mechanism.scope)
        {
            findings.push(unknown_term(
                source,
                &format!("{at}/scope"),
                number,
                "coordination scope",
                &mechanism.scope,
                vocabularies.coordination_scopes.keys().map(String::as_str),
            ));
        }
        if let Some(year) = mechanism.established {
            check_year(
                context,
                source,
                &format!("{at}/established"),
                number,
                year,
                findings,
            );
        }
    }
    if let Some(position) = &answer.position
        && !vocabularies.positions.contains_key(position)
    {
        findings.push(unknown_term(
            source,
            &format!("{pointer}/position"),
            number,
            "position",
            position,
            vocabularies.positions.keys().map(String::as_str),
        ));
    }
}

fn check_statistics(
    context: &Context<'_>,
    source: &str,
    paragraph: &OperativeParagraph,
    pointer: &str,
    answer: &ParagraphAnswer,
    findings: &mut Vec<Finding>,
) {
    let number = paragraph.number;
    let vocabularies = &context.mandate.vocabularies;
    let expected = paragraph.expects("statistics");
    let period = &context.metadata.reporting_period;
    // (measure, year) -> index of the first count given for it.
    let mut seen: BTreeMap<(&str, i32), usize> = BTreeMap::new();
    for (index, count) in answer.statistics.iter().enumerate() {
        let at = format!("{pointer}/statistics/{index}");
        if !vocabularies.measures.contains_key(&count.measure) {
            findings.push(unknown_term(
                source,
                &format!("{at}/measure"),
                number,
                "measure",
                &count.measure,
                vocabularies.measures.keys().map(String::as_str),
            ));
        }
        let in_future = check_year(
            context,
            source,
            &format!("{at}/year"),
            number,
            count.year,
            findings,
        );
        check_breakdown(context, source, &at, number, count, findings);
        if !in_future
            && expected.is_some_and(|expected| expected.within_reporting_period)
            && !(period.from..=period.to).contains(&count.year)
        {
            findings.push(
                Finding::warning(
                    "outside-reporting-period",
                    source,
                    format!(
                        "{} is outside the reporting period ({}-{}), so the report's tables leave this count out",
                        count.year, period.from, period.to
                    ),
                )
                .at_pointer(format!("{at}/year"))
                .in_paragraph(number)
                .with_hint(format!("give counts for {} to {}; earlier trends can be described in the narrative", period.from, period.to)),
            );
        }
        match seen.get(&(count.measure.as_str(), count.year)) {
            Some(first) => findings.push(
                Finding::error(
                    "duplicate-count",
                    source,
                    format!(
                        "`{}` for {} is given twice (items {} and {} of `statistics`)",
                        count.measure,
                        count.year,
                        first + 1,
                        index + 1
                    ),
                )
                .at_pointer(at.clone())
                .in_paragraph(number)
                .with_hint("keep one count per measure and year; put sub-totals in `breakdown`"),
            ),
            None => {
                seen.insert((count.measure.as_str(), count.year), index);
            }
        }
    }
    let Some(expected) = expected else {
        return;
    };
    for bound in &expected.at_most {
        for (index, count) in answer.statistics.iter().enumerate() {
            if count.measure != bound.measure {
                continue;
            }
            let Some(limit) = answer
                .statistics
                .iter()
                .find(|other| other.measure == bound.limit && other.year == count.year)
            else {
                continue;
            };
            if count.value > limit.value {
                let word = |measure: &str| {
                    vocabularies
                        .measures
                        .get(measure)
                        .cloned()
                        .unwrap_or_else(|| measure.to_owned())
                };
                findings.push(
                    Finding::warning(
                        "count-exceeds-bound",
                        source,
                        format!(
                            "{} {} in {} but only {} {}",
                            count.value,
                            word(&bound.measure),
                            count.year,
                            limit.value,
                            word(&bound.limit)
                        ),
                    )
                    .at_pointer(format!("{pointer}/statistics/{index}/value"))
                    .in_paragraph(number)
                    .with_hint("check both figures; if they are right (for example, cases prosecuted in an earlier year), say so in the narrative"),
                );
            }
        }
    }
}

/// A breakdown's keys come from the mandate's vocabularies, and no part of a total, nor the
/// parts that divide it (female and male), exceed it.
fn check_breakdown(
    context: &Context<'_>,
    source: &str,
    at: &str,
    number: u32,
    count: &crate::reply::YearlyCount,
    findings: &mut Vec<Finding>,
) {
    let vocabularies = &context.mandate.vocabularies;
    let measure = vocabularies
        .measures
        .get(&count.measure)
        .cloned()
        .unwrap_or_else(|| count.measure.clone());
    let exceeds = |what: String, pointer: String| {
        Finding::warning("breakdown-exceeds-total", source, what)
            .at_pointer(pointer)
            .in_paragraph(number)
            .with_hint("a breakdown divides the count: check the figures; the count is used, its breakdown is shown as reported")
    };
    for (key, value) in &count.breakdown {
        let pointer = format!(
            "{at}/breakdown/{}",
            crate::source_map::escape_pointer_token(key)
        );
        if !vocabularies.breakdowns.is_empty()
            && !vocabularies.breakdowns.contains_key(key)
            && !vocabularies.forms_of_exploitation.contains_key(key)
        {
            findings.push(unknown_term(
                source,
                &pointer,
                number,
                "breakdown",
                key,
                vocabularies
                    .breakdowns
                    .keys()
                    .chain(vocabularies.forms_of_exploitation.keys())
                    .map(String::as_str),
            ));
        }
        if *value > count.value {
            findings.push(exceeds(
                format!(
                    "`{key}` is {value}, more than the {} {measure} of {} it breaks down",
                    count.value, count.year
                ),
                pointer,
            ));
        }
    }
    for group in &vocabularies.breakdown_groups {
        let parts: Vec<(&String, u64)> = group
            .iter()
            .filter_map(|key| Some((key, *count.breakdown.get(key)?)))
            .collect();
        let sum = parts
            .iter()
            .fold(0u64, |sum, (_, value)| sum.saturating_add(*value));
        if parts.len() > 1 && sum > count.value {
            let keys: Vec<&str> = parts.iter().map(|(key, _)| key.as_str()).collect();
            findings.push(exceeds(
                format!(
                    "{} add up to {sum}, more than the {} {measure} of {}",
                    crate::style::join_list(&keys),
                    count.value,
                    count.year
                ),
                format!("{at}/breakdown"),
            ));
        }
    }
}

fn unknown_term<'a>(
    source: &str,
    pointer: &str,
    paragraph: u32,
    what: &str,
    value: &str,
    known: impl Iterator<Item = &'a str> + Clone,
) -> Finding {
    let list: Vec<&str> = known.clone().collect();
    let hint = match did_you_mean(value, known) {
        Some(meant) => format!("did you mean `{meant}`? Use one of: {}", list.join(", ")),
        None => format!("use one of: {}", list.join(", ")),
    };
    Finding::error("unknown-term", source, format!("unknown {what} `{value}`"))
        .at_pointer(pointer)
        .in_paragraph(paragraph)
        .with_hint(hint)
}

/// A year after the year of the report is an error. Returns whether it was.
fn check_year(
    context: &Context<'_>,
    source: &str,
    pointer: &str,
    paragraph: u32,
    year: i32,
    findings: &mut Vec<Finding>,
) -> bool {
    let Some(report_year) = context.report_year() else {
        return false;
    };
    if year <= report_year {
        return false;
    }
    findings.push(
        Finding::error(
            "future-year",
            source,
            format!("{year} is after the year of the report ({report_year})"),
        )
        .at_pointer(pointer)
        .in_paragraph(paragraph)
        .with_hint("check the year; a reply can only report what happened before the report"),
    );
    true
}

fn looks_like_a_date(text: &str) -> bool {
    text.len() == 10
        && text.char_indices().all(|(at, c)| {
            if at == 4 || at == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// A date must be a real `YYYY-MM-DD` date, not after the report's date and, where the fact
/// concerns a treaty, not before the treaty was concluded. Returns whether it passed.
fn check_date(
    context: &Context<'_>,
    source: &str,
    pointer: &str,
    not_before: Option<(Date, &str, &str)>,
    text: &str,
    findings: &mut Vec<Finding>,
) -> bool {
    let Some(date) = parse_iso_date(text) else {
        if !looks_like_a_date(text) {
            // Not written YYYY-MM-DD: the structural check has said so already.
            return false;
        }
        findings.push(
            Finding::error(
                "impossible-date",
                source,
                format!("`{text}` is not a date in the calendar"),
            )
            .at_pointer(pointer)
            .with_hint(
                "write dates as YYYY-MM-DD with a month from 01 to 12 and a day that exists in it",
            ),
        );
        return false;
    };
    if let Some(report_date) = context.report_date
        && date > report_date
    {
        findings.push(
            Finding::error(
                "future-date",
                source,
                format!(
                    "{} is after the date of the report ({})",
                    format_long(date),
                    format_long(report_date)
                ),
            )
            .at_pointer(pointer)
            .with_hint("check the year; a reply can only report what happened before the report"),
        );
        return false;
    }
    if let Some((earliest, what, event)) = not_before
        && date < earliest
    {
        findings.push(
            Finding::error(
                "before-treaty",
                source,
                format!(
                    "{} is before the {what} was {event} ({})",
                    format_long(date),
                    format_long(earliest)
                ),
            )
            .at_pointer(pointer)
            .with_hint("check the date against the instrument of ratification or accession"),
        );
        return false;
    }
    true
}
