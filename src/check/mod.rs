//! Stage 2, check: every reply against every operative paragraph of the mandate.
//!
//! In: [`Gathered`]. Out: [`Checked`]: the replies accepted into the report and a [`Finding`]
//! for every problem seen. A reply with an error is left out (and said so); warnings and
//! notices do not exclude it. All findings of all replies are collected in one run.
//!
//! Rules come from the mandate file (which paragraphs exist, whom they address, the
//! vocabularies) and the reference data (Member States of the year, organizations).

use std::collections::BTreeMap;

use time::Date;

use crate::dates::parse_iso_date;
use crate::diagnostic::{Finding, Severity};
use crate::gather::{Gathered, SourcedReply};
use crate::mandate::Mandate;
use crate::reference::Reference;
use crate::reply::{ParagraphAnswer, REPLY_FORMAT, Reply};

#[derive(Debug, Clone)]
pub struct Checked {
    /// Replies that go into the report, in the order they were gathered.
    pub accepted: Vec<SourcedReply>,
    /// Replies left out, with the reason in a sentence.
    pub left_out: Vec<LeftOut>,
    /// Findings of this stage (the gather stage keeps its own).
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone)]
pub struct LeftOut {
    pub source: String,
    pub reason: String,
}

/// Checks every gathered reply. Never fails: problems are findings.
pub fn check(gathered: &Gathered) -> Checked {
    let context = Context {
        mandate: &gathered.mandate,
        reference: &gathered.reference,
        // A bad metadata date is the compile stage's error; here it only disables the rule
        // "not after the report's date".
        report_date: parse_iso_date(&gathered.metadata.date),
    };
    let mut findings = Vec::new();
    let mut candidates = Vec::new();
    let mut left_out = Vec::new();
    for sourced in &gathered.replies {
        let reply_findings = check_reply(&context, sourced);
        let errors = reply_findings
            .iter()
            .filter(|finding| finding.severity == Severity::Error)
            .count();
        if errors == 0 {
            candidates.push(sourced.clone());
        } else {
            left_out.push(LeftOut {
                source: sourced.source.clone(),
                reason: format!(
                    "{errors} error{} (first: {})",
                    if errors == 1 { "" } else { "s" },
                    reply_findings
                        .iter()
                        .find(|finding| finding.severity == Severity::Error)
                        .map_or("", |finding| finding.message.as_str())
                ),
            });
        }
        findings.extend(reply_findings);
    }
    let accepted = keep_latest_per_respondent(candidates, &mut left_out, &mut findings);
    Checked {
        accepted,
        left_out,
        findings,
    }
}

struct Context<'a> {
    mandate: &'a Mandate,
    reference: &'a Reference,
    report_date: Option<Date>,
}

fn check_reply(context: &Context<'_>, sourced: &SourcedReply) -> Vec<Finding> {
    let source = sourced.source.as_str();
    let reply = &sourced.reply;
    let mut findings = Vec::new();

    if reply.format != REPLY_FORMAT {
        findings.push(
            Finding::error(source, format!("unknown reply format `{}`", reply.format))
                .at_pointer("/format")
                .with_hint(format!("this version of `report` reads `{REPLY_FORMAT}`")),
        );
    }
    report_unknown_fields(&mut findings, source, "", &reply.unknown_fields);
    report_unknown_fields(
        &mut findings,
        source,
        "/respondent",
        &reply.respondent.unknown_fields,
    );
    check_respondent(context, source, reply, &mut findings);
    check_date_field(
        context,
        source,
        "/submitted",
        None,
        &reply.submitted,
        &mut findings,
    );
    if reply.language.trim().is_empty() {
        findings.push(
            Finding::error(source, "the language of the reply is empty")
                .at_pointer("/language")
                .with_hint("give an ISO 639-1 code such as `en`, `fr` or `es`"),
        );
    }
    if reply.paragraphs.is_empty() {
        findings.push(
            Finding::warning(source, "the reply answers no operative paragraph")
                .at_pointer("/paragraphs")
                .with_hint(
                    "add the paragraphs the reply reports on, keyed by number (\"4\": {...})",
                ),
        );
    }
    for (key, answer) in &reply.paragraphs {
        check_paragraph(context, source, reply, key, answer, &mut findings);
    }
    findings
}

fn report_unknown_fields(
    findings: &mut Vec<Finding>,
    source: &str,
    parent: &str,
    unknown: &BTreeMap<String, serde_json::Value>,
) {
    for field in unknown.keys() {
        findings.push(
            Finding::warning(source, format!("unknown field `{field}` is ignored"))
                .at_pointer(format!("{parent}/{}", escape_pointer(field)))
                .with_hint("check the spelling against the reply format in README.md"),
        );
    }
}

fn check_respondent(
    context: &Context<'_>,
    source: &str,
    reply: &Reply,
    findings: &mut Vec<Finding>,
) {
    use crate::reply::RespondentKind;
    let respondent = &reply.respondent;
    match respondent.kind {
        RespondentKind::MemberState => {
            if context.reference.member_state(&respondent.code).is_none() {
                findings.push(
                    Finding::error(
                        source,
                        format!(
                            "`{}` is not the ISO 3166-1 alpha-3 code of a Member State in the reference list ({})",
                            respondent.code, context.reference.member_states.as_of
                        ),
                    )
                    .at_pointer("/respondent/code")
                    .with_hint("use the three-letter code of the State (for example `ITA`), or kind `observer_state` for an observer"),
                );
            }
        }
        RespondentKind::ObserverState => {}
        kind => match context.reference.organization(&respondent.code) {
            None => findings.push(
                Finding::error(
                    source,
                    format!("`{}` is not a known organization code", respondent.code),
                )
                .at_pointer("/respondent/code")
                .with_hint("use a code from inputs/organizations.json, or ask the Secretariat to add the organization"),
            ),
            Some(organization) if organization.kind != kind => findings.push(
                Finding::error(
                    source,
                    format!(
                        "`{}` is listed as `{}`, not `{}`",
                        respondent.code,
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

fn check_paragraph(
    context: &Context<'_>,
    source: &str,
    reply: &Reply,
    key: &str,
    answer: &ParagraphAnswer,
    findings: &mut Vec<Finding>,
) {
    let pointer = format!("/paragraphs/{}", escape_pointer(key));
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
                source,
                format!(
                    "resolution {} has no operative paragraph `{key}`",
                    context.mandate.resolution.number
                ),
            )
            .at_pointer(pointer)
            .with_hint(format!(
                "paragraphs are keyed by number: {}",
                known.join(", ")
            )),
        );
        return;
    };
    let number = paragraph.number;
    if !paragraph.addresses(reply.respondent.kind) {
        findings.push(
            Finding::warning(
                source,
                format!(
                    "paragraph {number} is addressed to {}, not to a respondent of kind `{}`",
                    paragraph.addressed_to,
                    reply.respondent.kind.as_str()
                ),
            )
            .at_pointer(pointer.clone())
            .in_paragraph(number)
            .with_hint("the answer is kept, but the report may not use it; move it to a paragraph addressed to you"),
        );
    }
    report_unknown_fields(findings, source, &pointer, &answer.unknown_fields);
    if answer
        .narrative
        .as_deref()
        .is_some_and(|text| text.trim().is_empty())
    {
        findings.push(
            Finding::warning(source, "the narrative is empty")
                .at_pointer(format!("{pointer}/narrative"))
                .in_paragraph(number)
                .with_hint("write what was done, or remove the field"),
        );
    }
    let vocabularies = &context.mandate.vocabularies;
    for (index, action) in answer.treaty_actions.iter().enumerate() {
        let at = format!("{pointer}/treaty_actions/{index}");
        let instrument = context.mandate.instrument(&action.instrument);
        if instrument.is_none() {
            findings.push(unknown_term(
                source,
                &format!("{at}/instrument"),
                number,
                "instrument",
                &action.instrument,
                context.mandate.instruments.iter().map(|i| i.code.as_str()),
            ));
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
        let concluded = instrument.and_then(|instrument| {
            parse_iso_date(&instrument.concluded)
                .map(|date| (date, instrument.short_title.as_str()))
        });
        check_date_field(
            context,
            source,
            &format!("{at}/date"),
            concluded,
            &action.date,
            findings,
        );
    }
    for (index, law) in answer.laws.iter().enumerate() {
        for (form_index, form) in law.forms.iter().enumerate() {
            if !vocabularies.forms_of_exploitation.contains_key(form) {
                findings.push(unknown_term(
                    source,
                    &format!("{pointer}/laws/{index}/forms/{form_index}"),
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
    }
    for (index, mechanism) in answer.coordination.iter().enumerate() {
        if !vocabularies
            .coordination_scopes
            .contains_key(&mechanism.scope)
        {
            findings.push(unknown_term(
                source,
                &format!("{pointer}/coordination/{index}/scope"),
                number,
                "coordination scope",
                &mechanism.scope,
                vocabularies.coordination_scopes.keys().map(String::as_str),
            ));
        }
    }
    for (index, count) in answer.statistics.iter().enumerate() {
        if !vocabularies.measures.contains_key(&count.measure) {
            findings.push(unknown_term(
                source,
                &format!("{pointer}/statistics/{index}/measure"),
                number,
                "measure",
                &count.measure,
                vocabularies.measures.keys().map(String::as_str),
            ));
        }
    }
    for (index, contribution) in answer.contributions.iter().enumerate() {
        let currency = &contribution.currency;
        if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
            findings.push(
                Finding::error(
                    source,
                    format!("`{currency}` is not an ISO 4217 currency code"),
                )
                .at_pointer(format!("{pointer}/contributions/{index}/currency"))
                .in_paragraph(number)
                .with_hint("use three capital letters, such as `USD` or `EUR`"),
            );
        }
        if !contribution.amount.is_finite() || contribution.amount < 0.0 {
            findings.push(
                Finding::error(source, "a contribution cannot be negative")
                    .at_pointer(format!("{pointer}/contributions/{index}/amount"))
                    .in_paragraph(number)
                    .with_hint("give the amount contributed as a positive number"),
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

fn unknown_term<'a>(
    source: &str,
    pointer: &str,
    paragraph: u32,
    what: &str,
    value: &str,
    known: impl Iterator<Item = &'a str>,
) -> Finding {
    let known: Vec<&str> = known.collect();
    Finding::error(source, format!("unknown {what} `{value}`"))
        .at_pointer(pointer)
        .in_paragraph(paragraph)
        .with_hint(format!("use one of: {}", known.join(", ")))
}

/// A date must be a real `YYYY-MM-DD` date, not after the report's date and, where the fact
/// concerns a treaty, not before the treaty was concluded.
fn check_date_field(
    context: &Context<'_>,
    source: &str,
    pointer: &str,
    not_before: Option<(Date, &str)>,
    text: &str,
    findings: &mut Vec<Finding>,
) {
    let Some(date) = parse_iso_date(text) else {
        findings.push(
            Finding::error(source, format!("`{text}` is not a date"))
                .at_pointer(pointer)
                .with_hint("write dates as YYYY-MM-DD, for example 2009-04-30"),
        );
        return;
    };
    if let Some(report_date) = context.report_date
        && date > report_date
    {
        findings.push(
            Finding::error(
                source,
                format!(
                    "{} is after the date of the report ({})",
                    crate::dates::format_long(date),
                    crate::dates::format_long(report_date)
                ),
            )
            .at_pointer(pointer)
            .with_hint("check the year; a reply can only report what happened before the report"),
        );
    }
    if let Some((earliest, what)) = not_before
        && date < earliest
    {
        findings.push(
            Finding::error(
                source,
                format!(
                    "{} is before the {what} was concluded ({})",
                    crate::dates::format_long(date),
                    crate::dates::format_long(earliest)
                ),
            )
            .at_pointer(pointer)
            .with_hint("check the date against the instrument of ratification or accession"),
        );
    }
}

/// The same respondent replying twice: the later reply (by date sent, then by file order) is
/// used and the earlier is reported as superseded.
fn keep_latest_per_respondent(
    candidates: Vec<SourcedReply>,
    left_out: &mut Vec<LeftOut>,
    findings: &mut Vec<Finding>,
) -> Vec<SourcedReply> {
    let respondent_key = |sourced: &SourcedReply| {
        (
            sourced.reply.respondent.kind,
            sourced.reply.respondent.code.clone(),
        )
    };
    let mut latest: BTreeMap<_, usize> = BTreeMap::new();
    for (index, sourced) in candidates.iter().enumerate() {
        let key = respondent_key(sourced);
        match latest.get(&key) {
            Some(&kept) if candidates[kept].reply.submitted > sourced.reply.submitted => {}
            _ => {
                latest.insert(key, index);
            }
        }
    }
    let mut accepted = Vec::with_capacity(latest.len());
    for (index, sourced) in candidates.iter().enumerate() {
        let kept = latest[&respondent_key(sourced)];
        if kept == index {
            accepted.push(sourced.clone());
            continue;
        }
        let newer = &candidates[kept].source;
        findings.push(
            Finding::warning(
                &sourced.source,
                format!(
                    "superseded: `{}` sent a later reply ({newer}), which is used instead",
                    sourced.reply.respondent.code
                ),
            )
            .with_hint("remove the earlier reply from the inputs if it is no longer wanted"),
        );
        left_out.push(LeftOut {
            source: sourced.source.clone(),
            reason: format!("superseded by {newer}"),
        });
    }
    accepted
}

/// Escapes a key for use in a JSON pointer (RFC 6901).
fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
