//! The editorial layer, between check and compile: the summaries that Secretariat staff write,
//! per reply and per operative paragraph, in the report's language and in indirect speech
//! ("Belgium reported that its Criminal Code had been amended in 2005 to ...").
//!
//! In: the summaries files gathered from `summaries/` (one per respondent, format
//! `report-summaries/1`), the replies the check accepted and which characters the fonts show.
//! Out: [`Editorial`], the summaries the report may print and the editors' marks of examples
//! to feature, with a finding for each problem. A summary records the SHA-256 of the text it
//! summarizes; when the reply changes, the summary is stale: reported (a warning; `--strict`
//! fails on it) and not printed, since it describes text that no longer exists. A summary is
//! held to the rules of reply text (control characters, direction controls, word length, the
//! fonts) and to a length limit.
//!
//! `report worksheet` ([`worksheet`]) writes and refreshes the files.

pub mod worksheet;

use std::collections::BTreeMap;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::check::{SourcedReply, check_printed_text, did_you_mean, uncovered_characters};
use crate::diagnostic::{Finding, Severity};
use crate::gather::ReplyDocument;
use crate::mandate::Mandate;
use crate::source_map::escape_pointer_token;

/// The format identifier every summaries file carries.
pub const SUMMARIES_FORMAT: &str = "report-summaries/1";

/// The longest summary accepted, in characters: a summary is two or three sentences.
pub const MAX_SUMMARY_CHARS: usize = 2_000;

/// Fields of a summaries file.
const FILE_FIELDS: &[&str] = &["format", "respondent", "paragraphs", "$comment"];
/// Fields of one entry: `report worksheet` writes `language`, `words`, `text`, `sha256` (and
/// `stale` and `previous_text` when the reply changed); the editors write `summary` and
/// `feature`.
const ENTRY_FIELDS: &[&str] = &[
    "section",
    "language",
    "words",
    "text",
    "sha256",
    "stale",
    "previous_text",
    "summary",
    "feature",
    "$comment",
];

/// The narrative of an answer as the report reads it: paragraphs split at blank lines, white
/// space inside each made single.
pub fn normalized_narrative(text: &str) -> String {
    text.split("\n\n")
        .map(|paragraph| paragraph.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|paragraph| !paragraph.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The SHA-256 (hexadecimal) of a narrative as the report reads it: a change of line breaks
/// or spacing alone does not make a summary stale, any change of words does.
pub fn narrative_hash(text: &str) -> String {
    let digest = Sha256::digest(normalized_narrative(text).as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// What the editors said of one answer, once checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditorsNote {
    /// A current summary the report may print.
    pub summary: Option<String>,
    /// The editors want this answer among the examples.
    pub feature: bool,
}

/// Counts of the summaries, for the build's summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct SummaryCounts {
    /// Current summaries the report may print.
    pub current: usize,
    /// Summaries of text that changed since (not printed).
    pub stale: usize,
    /// Summaries with an error (not printed).
    pub refused: usize,
}

/// The checked editorial layer.
#[derive(Debug, Clone, Default)]
pub struct Editorial {
    notes: BTreeMap<(String, u32), EditorsNote>,
    pub counts: SummaryCounts,
    pub findings: Vec<Finding>,
}

impl Editorial {
    /// No summaries at all (`report coverage`, or a folder without `summaries/`).
    pub fn none() -> Self {
        Self::default()
    }

    /// The editors' note on the answer of `code` to `paragraph`, if any.
    pub fn note(&self, code: &str, paragraph: u32) -> Option<&EditorsNote> {
        self.notes.get(&(code.to_owned(), paragraph))
    }

    pub fn summary(&self, code: &str, paragraph: u32) -> Option<&str> {
        self.note(code, paragraph)
            .and_then(|note| note.summary.as_deref())
    }

    pub fn featured(&self, code: &str, paragraph: u32) -> bool {
        self.note(code, paragraph).is_some_and(|note| note.feature)
    }
}

/// Checks the summaries files against the accepted replies. Never fails: problems are
/// findings, and a summary with a problem is simply not printed.
pub fn check(
    documents: &[ReplyDocument],
    accepted: &[SourcedReply],
    mandate: &Mandate,
    covers: impl Fn(char) -> bool,
) -> Editorial {
    let mut editorial = Editorial::default();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for document in documents {
        let mut findings = Vec::new();
        check_document(
            document,
            accepted,
            mandate,
            &covers,
            &mut seen,
            &mut editorial,
            &mut findings,
        );
        editorial.findings.extend(
            findings
                .into_iter()
                .map(|finding| finding.locate(&document.source_map)),
        );
    }
    editorial
}

fn check_document(
    document: &ReplyDocument,
    accepted: &[SourcedReply],
    mandate: &Mandate,
    covers: &impl Fn(char) -> bool,
    seen: &mut BTreeMap<String, String>,
    editorial: &mut Editorial,
    findings: &mut Vec<Finding>,
) {
    let source = document.source.as_str();
    let Value::Object(file) = &document.value else {
        findings.push(
            Finding::error(
                "summaries-shape",
                source,
                "a summaries file must be a JSON object with `format`, `respondent` and `paragraphs`",
            )
            .with_hint("`report worksheet` writes the summaries files: run it to start again"),
        );
        return;
    };
    unknown_fields(source, "", file, FILE_FIELDS, findings);
    match file.get("format") {
        Some(Value::String(format)) if format == SUMMARIES_FORMAT => {}
        other => {
            findings.push(
                Finding::error(
                    "summaries-format",
                    source,
                    format!(
                        "`format` is {}, not `{SUMMARIES_FORMAT}`: the file is not read",
                        other.map_or("missing".to_owned(), |value| format!("`{value}`"))
                    ),
                )
                .at_pointer("/format")
                .with_hint(format!("write \"format\": \"{SUMMARIES_FORMAT}\"")),
            );
            return;
        }
    }
    let Some(code) = file
        .get("respondent")
        .and_then(|respondent| respondent.get("code"))
        .and_then(Value::as_str)
    else {
        findings.push(
            Finding::error(
                "summaries-respondent",
                source,
                "the file does not say whose reply it summarizes: `respondent` must hold its `code`",
            )
            .at_pointer("/respondent")
            .with_hint("write \"respondent\": { \"code\": \"AUT\" } with the respondent's code"),
        );
        return;
    };
    if let Some(first) = seen.insert(code.to_owned(), source.to_owned()) {
        findings.push(
            Finding::error(
                "summaries-duplicate",
                source,
                format!("`{first}` already holds the summaries of `{code}`; this file is not read"),
            )
            .at_pointer("/respondent/code")
            .with_hint("keep one summaries file per respondent: merge the two"),
        );
        return;
    }
    let reply = accepted
        .iter()
        .find(|sourced| sourced.reply.respondent.code == code);
    let Some(paragraphs) = file.get("paragraphs") else {
        return;
    };
    let Value::Object(paragraphs) = paragraphs else {
        findings.push(
            Finding::error(
                "summaries-shape",
                source,
                "`paragraphs` must be an object keyed by operative paragraph number",
            )
            .at_pointer("/paragraphs"),
        );
        return;
    };
    if reply.is_none() && paragraphs.values().any(has_summary) {
        findings.push(
            Finding::warning(
                "summary-orphaned",
                source,
                format!("no reply of `{code}` is in the report, so its summaries are not used"),
            )
            .at_pointer("/respondent/code")
            .with_hint("check the code, or whether the reply was left out (see its findings)"),
        );
        return;
    }
    for (key, entry) in paragraphs {
        let pointer = format!("/paragraphs/{}", escape_pointer_token(key));
        let Some(number) = key
            .parse::<u32>()
            .ok()
            .filter(|number| mandate.paragraph(*number).is_some())
        else {
            findings.push(
                Finding::warning(
                    "summary-unknown-paragraph",
                    source,
                    format!(
                        "the mandate has no operative paragraph `{key}`; this entry is not used"
                    ),
                )
                .at_key(pointer.clone()),
            );
            continue;
        };
        let Value::Object(entry) = entry else {
            findings.push(
                Finding::error(
                    "summaries-shape",
                    source,
                    "an entry must be an object with `summary` and `sha256`",
                )
                .at_pointer(pointer.clone())
                .in_paragraph(number),
            );
            continue;
        };
        let mut entry_findings = Vec::new();
        unknown_fields(source, &pointer, entry, ENTRY_FIELDS, &mut entry_findings);
        let note = check_entry(
            source,
            &pointer,
            entry,
            reply.and_then(|sourced| {
                sourced
                    .reply
                    .paragraphs
                    .get(key)
                    .and_then(|answer| answer.narrative.as_deref())
            }),
            covers,
            editorial,
            &mut entry_findings,
        );
        findings.extend(
            entry_findings
                .into_iter()
                .map(|finding| finding.in_paragraph(number)),
        );
        if note != EditorsNote::default() {
            editorial.notes.insert((code.to_owned(), number), note);
        }
    }
}

fn has_summary(entry: &Value) -> bool {
    entry
        .get("summary")
        .and_then(Value::as_str)
        .is_some_and(|summary| !summary.trim().is_empty())
}

/// One entry: whether its summary can be printed and whether it is marked to feature.
fn check_entry(
    source: &str,
    pointer: &str,
    entry: &serde_json::Map<String, Value>,
    narrative: Option<&str>,
    covers: &impl Fn(char) -> bool,
    editorial: &mut Editorial,
    findings: &mut Vec<Finding>,
) -> EditorsNote {
    let feature = match entry.get("feature") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(feature)) => *feature,
        Some(_) => {
            findings.push(
                Finding::error("wrong-type", source, "`feature` must be true or false")
                    .at_pointer(format!("{pointer}/feature")),
            );
            false
        }
    };
    let summary = match entry.get("summary") {
        None | Some(Value::Null) => None,
        Some(Value::String(summary)) if summary.trim().is_empty() => None,
        Some(Value::String(summary)) => Some(summary.as_str()),
        Some(_) => {
            findings.push(
                Finding::error("wrong-type", source, "`summary` must be text")
                    .at_pointer(format!("{pointer}/summary")),
            );
            editorial.counts.refused += 1;
            return EditorsNote::default();
        }
    };
    let Some(narrative) = narrative else {
        if summary.is_some() || feature {
            findings.push(
                Finding::warning(
                    "summary-stale",
                    source,
                    "the reply no longer has a narrative for this paragraph; the summary is not used",
                )
                .at_pointer(format!("{pointer}/summary"))
                .with_hint("delete the entry, or run `report worksheet` to mark it"),
            );
            editorial.counts.stale += summary.is_some() as usize;
        }
        return EditorsNote::default();
    };
    let current_hash = narrative_hash(narrative);
    let recorded = entry.get("sha256").and_then(Value::as_str);
    let marked_stale = entry.get("stale").and_then(Value::as_bool) == Some(true);
    if recorded.is_some_and(|recorded| recorded != current_hash) || marked_stale {
        if summary.is_some() || feature {
            findings.push(
                Finding::warning(
                    "summary-stale",
                    source,
                    if marked_stale {
                        "the summary is marked stale: the reply changed after it was written; it is not used"
                    } else {
                        "the reply changed after this summary was written; the summary is not used"
                    },
                )
                .at_pointer(format!("{pointer}/summary"))
                .with_hint(
                    "run `report worksheet` to see the new text beside the old one, revise the summary, then delete the line `\"stale\": true`",
                ),
            );
            editorial.counts.stale += summary.is_some() as usize;
        }
        return EditorsNote::default();
    }
    let Some(summary) = summary else {
        return EditorsNote {
            summary: None,
            feature,
        };
    };
    if recorded.is_none() {
        findings.push(
            Finding::warning(
                "summary-unanchored",
                source,
                "the summary does not record the SHA-256 of the text it summarizes, so it cannot be known to be current; it is not used",
            )
            .at_pointer(format!("{pointer}/summary"))
            .with_hint("run `report worksheet`: it records the text and its SHA-256 beside the summary"),
        );
        editorial.counts.refused += 1;
        return EditorsNote::default();
    }
    let summary_pointer = format!("{pointer}/summary");
    let mut problems = check_printed_text(source, &summary_pointer, summary);
    if summary.chars().count() > MAX_SUMMARY_CHARS {
        problems.push(
            Finding::error(
                "too-long",
                source,
                format!(
                    "the summary has {} characters, more than the {MAX_SUMMARY_CHARS} a summary may have",
                    summary.chars().count()
                ),
            )
            .at_pointer(summary_pointer.clone())
            .with_hint("a summary is two or three sentences; the reply itself is in the compilation of replies"),
        );
    }
    let missing = uncovered_characters(summary, covers);
    if !missing.is_empty() {
        problems.push(
            crate::check::font_coverage_finding(source, &summary_pointer, &missing).with_hint(
                "a summary is written in the report's language, with the characters of its fonts",
            ),
        );
    }
    let refused = problems
        .iter()
        .any(|finding| finding.severity == Severity::Error);
    findings.extend(problems);
    if refused {
        editorial.counts.refused += 1;
        return EditorsNote::default();
    }
    editorial.counts.current += 1;
    EditorsNote {
        summary: Some(summary.split_whitespace().collect::<Vec<_>>().join(" ")),
        feature,
    }
}

fn unknown_fields(
    source: &str,
    pointer: &str,
    object: &serde_json::Map<String, Value>,
    known: &[&str],
    findings: &mut Vec<Finding>,
) {
    for key in object.keys() {
        if known.contains(&key.as_str()) {
            continue;
        }
        let mut finding = Finding::warning(
            "unknown-field",
            source,
            format!("unknown field `{key}` is ignored"),
        )
        .at_key(format!("{pointer}/{}", escape_pointer_token(key)));
        finding = match did_you_mean(key, known.iter().copied()) {
            Some(meant) => finding.with_hint(format!("did you mean `{meant}`?")),
            None => finding.with_hint(format!("the fields here are: {}", known.join(", "))),
        };
        findings.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_ignores_spacing_but_not_words() {
        let text = "Section 104a applies.\n\nVictims   are assisted.";
        assert_eq!(
            narrative_hash(text),
            narrative_hash("Section 104a\n applies.\n\n Victims are assisted. ")
        );
        assert_ne!(
            narrative_hash(text),
            narrative_hash("Section 104b applies.\n\nVictims are assisted.")
        );
        assert_eq!(narrative_hash(text).len(), 64);
    }
}
