//! `report new`: the blank reply a respondent starts from.
//!
//! In: the mandate, the reference data and who is replying. Out: a JSON reply in the current
//! format with every operative paragraph addressed to that kind of respondent present, empty,
//! and explained in a `$comment` (the paragraph's text, each fact it asks for, the shape of an
//! entry and the terms allowed). Left as printed, every paragraph counts as not answered; once
//! filled in and dated, the file passes `report check`.

use serde_json::{Map, Value, json};

use crate::mandate::{ExpectedFact, Mandate, OperativeParagraph};
use crate::metadata::ReportMetadata;
use crate::reference::Reference;
use crate::reply::{COMMENT_FIELD, REPLY_FORMAT, RespondentKind};

#[derive(Debug, thiserror::Error)]
pub enum NewReplyError {
    #[error("`{code}` is not the code of a Member State of {year}{suggestion}")]
    NotAMemberState {
        code: String,
        year: String,
        suggestion: String,
    },
    #[error("`{code}` is not the code of an observer State of {year}{suggestion}")]
    NotAnObserver {
        code: String,
        year: String,
        suggestion: String,
    },
    #[error("`{code}` is not in inputs/organizations.json{suggestion}")]
    UnknownOrganization { code: String, suggestion: String },
}

/// Who the blank reply is for.
#[derive(Debug, Clone)]
pub enum Replier {
    State(String),
    Observer(String),
    Organization(String),
}

/// The year a reference list is as of (`2009` of `2009-08-12` or of `2009 (membership ...)`).
fn year_of(as_of: &str) -> String {
    as_of.get(..4).unwrap_or(as_of).to_owned()
}

/// What the respondent probably meant by a code that is not one of `flag`'s: the code of a
/// State named in full (`Italy` -> `ITA`), the other flag for an observer or a Member State
/// (`--state VAT` -> `--observer VAT`), or a code a letter away.
fn state_suggestion(reference: &Reference, given: &str, flag: &str) -> String {
    let given_name = given.to_lowercase();
    let by_name = reference
        .member_states
        .records
        .iter()
        .map(|state| {
            (
                state.iso3.as_str(),
                state.un_short_name_2009.as_str(),
                "--state",
            )
        })
        .chain(
            reference
                .observers
                .records
                .iter()
                .map(|observer| (observer.iso3.as_str(), observer.name.as_str(), "--observer")),
        )
        .collect::<Vec<_>>();
    if let Some((code, name, other)) = by_name
        .iter()
        .find(|(code, _, other)| *code == given && *other != flag)
    {
        return format!(
            "; `{code}` ({name}) is {}: use `{other} {code}`",
            if *other == "--observer" {
                "an observer State"
            } else {
                "a Member State"
            }
        );
    }
    if let Some((code, name, right)) = by_name
        .iter()
        .find(|(_, name, _)| name.to_lowercase() == given_name)
    {
        return format!("; {name} is `{right} {code}`");
    }
    let codes = by_name
        .iter()
        .filter(|(_, _, right)| *right == flag)
        .map(|(code, _, _)| *code);
    crate::check::did_you_mean(given, codes)
        .map(|meant| format!("; did you mean `{meant}`?"))
        .unwrap_or_default()
}

/// The blank reply as pretty-printed JSON.
pub fn blank_reply(
    mandate: &Mandate,
    metadata: &ReportMetadata,
    reference: &Reference,
    replier: &Replier,
) -> Result<String, NewReplyError> {
    let (kind, code, name) = match replier {
        Replier::State(code) => {
            let code = code.trim().to_uppercase();
            let state =
                reference
                    .member_state(&code)
                    .ok_or_else(|| NewReplyError::NotAMemberState {
                        code: code.clone(),
                        year: crate::reference::short_as_of(&reference.member_states.as_of)
                            .to_owned(),
                        suggestion: state_suggestion(reference, &code, "--state"),
                    })?;
            (
                RespondentKind::MemberState,
                code,
                state.un_short_name_2009.clone(),
            )
        }
        Replier::Observer(code) => {
            let code = code.trim().to_uppercase();
            let observer =
                reference
                    .observer(&code)
                    .ok_or_else(|| NewReplyError::NotAnObserver {
                        code: code.clone(),
                        year: year_of(&reference.observers.as_of),
                        suggestion: state_suggestion(reference, &code, "--observer"),
                    })?;
            (RespondentKind::ObserverState, code, observer.name.clone())
        }
        Replier::Organization(code) => {
            let organization = reference
                .organizations
                .organizations
                .iter()
                .find(|organization| organization.code.eq_ignore_ascii_case(code))
                .ok_or_else(|| {
                    let codes = reference
                        .organizations
                        .organizations
                        .iter()
                        .map(|organization| organization.code.as_str());
                    NewReplyError::UnknownOrganization {
                        code: code.clone(),
                        suggestion: crate::check::did_you_mean(code, codes)
                            .map(|meant| format!("; did you mean `{meant}`?"))
                            .unwrap_or_default(),
                    }
                })?;
            (
                organization.kind,
                organization.code.clone(),
                organization.name.clone(),
            )
        }
    };

    let mut paragraphs = Map::new();
    for paragraph in mandate.paragraphs.iter().filter(|paragraph| {
        paragraph.addresses_respondent(kind, &code) && !paragraph.expects.is_empty()
    }) {
        paragraphs.insert(
            paragraph.number.to_string(),
            blank_paragraph(mandate, metadata, paragraph),
        );
    }
    let mut reply = Map::new();
    reply.insert(
        COMMENT_FIELD.to_owned(),
        Value::String(format!(
            "Reply of {name} to the note verbale of {} on General Assembly resolution {} ({}). \
             Fill in the paragraphs you report on and leave the others as they are: an empty \
             paragraph counts as not answered. Write plain text, never markup. Set `submitted` \
             to the date you send the reply and `language` to its ISO 639-1 code, then run \
             `report check <this file>` before sending. Comments like this one may stay.",
            crate::dates::parse_iso_date(&metadata.note_verbale.date).map_or_else(
                || metadata.note_verbale.date.clone(),
                crate::dates::format_long
            ),
            mandate.resolution.number,
            mandate.resolution.title
        )),
    );
    reply.insert("format".to_owned(), json!(REPLY_FORMAT));
    reply.insert("illustrative".to_owned(), json!(false));
    reply.insert(
        "respondent".to_owned(),
        json!({ "kind": kind.as_str(), "code": code, "name": name }),
    );
    reply.insert("submitted".to_owned(), json!("YYYY-MM-DD"));
    reply.insert("language".to_owned(), json!("en"));
    reply.insert("paragraphs".to_owned(), Value::Object(paragraphs));
    let text = serde_json::to_string_pretty(&Value::Object(reply)).unwrap_or_default();
    Ok(text + "\n")
}

fn blank_paragraph(
    mandate: &Mandate,
    metadata: &ReportMetadata,
    paragraph: &OperativeParagraph,
) -> Value {
    let mut explanation = format!(
        "Operative paragraph {}: {}",
        paragraph.number, paragraph.text
    );
    let mut entry = Map::new();
    for expected in &paragraph.expects {
        explanation.push_str(&format!(
            " | `{}` ({}): {}",
            expected.fact,
            if expected.required {
                "required"
            } else {
                "optional"
            },
            expected.description
        ));
        explanation.push_str(&fact_shape(mandate, metadata, expected));
        let empty = match expected.fact.as_str() {
            "narrative" => json!(""),
            "position" => Value::Null,
            _ => json!([]),
        };
        entry.insert(expected.fact.clone(), empty);
    }
    let mut with_comment = Map::new();
    with_comment.insert(COMMENT_FIELD.to_owned(), Value::String(explanation));
    with_comment.extend(entry);
    Value::Object(with_comment)
}

fn terms<'a>(terms: impl Iterator<Item = &'a String>) -> String {
    terms.map(String::as_str).collect::<Vec<_>>().join(", ")
}

/// How one entry of a fact is written, with the terms allowed.
fn fact_shape(mandate: &Mandate, metadata: &ReportMetadata, expected: &ExpectedFact) -> String {
    let vocabularies = &mandate.vocabularies;
    match expected.fact.as_str() {
        "treaty_actions" => {
            let instruments = if expected.instruments.is_empty() {
                terms(mandate.instruments.iter().map(|instrument| &instrument.code))
            } else {
                expected.instruments.join(", ")
            };
            format!(
                " Each entry: {{\"instrument\": one of {instruments}; \"action\": one of {}; \"date\": \"YYYY-MM-DD\"}}.",
                terms(vocabularies.treaty_actions.keys())
            )
        }
        "laws" => format!(
            " Each entry: {{\"title\": the title of the law; \"year\": 2008; \"forms\": a list of {}; \"max_penalty_years\": 12 (optional)}}.",
            terms(vocabularies.forms_of_exploitation.keys())
        ),
        "coordination" => format!(
            " Each entry: {{\"name\": the body or initiative; \"scope\": one of {}; \"established\": 2007 (optional)}}.",
            terms(vocabularies.coordination_scopes.keys())
        ),
        "statistics" => {
            let mut shape = format!(
                " Each entry: {{\"year\": 2008; \"measure\": one of {}; \"value\": a whole number of persons or cases; \"breakdown\": {{\"female\": 0, \"male\": 0, ...}} (optional)}}, one entry per measure and year.",
                terms(vocabularies.measures.keys())
            );
            if expected.within_reporting_period {
                shape.push_str(&format!(
                    " Years {} to {}.",
                    metadata.reporting_period.from, metadata.reporting_period.to
                ));
            }
            for bound in &expected.at_most {
                shape.push_str(&format!(
                    " `{}` should not exceed `{}` of the same year.",
                    bound.measure, bound.limit
                ));
            }
            shape
        }
        "contributions" => " Each entry: {\"amount\": 100000; \"currency\": an ISO 4217 code such as USD or EUR; \"year\": 2008; \"purpose\": text (optional)}.".to_owned(),
        "position" => format!(
            " One of: {}.",
            terms(vocabularies.positions.keys())
        ),
        _ => String::new(),
    }
}
