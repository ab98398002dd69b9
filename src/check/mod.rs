//! Stage 2, check: every reply against every operative paragraph of the mandate.
//!
//! In: [`Gathered`] (JSON documents, mandate, metadata, reference data). Out: [`Checked`]: the
//! replies accepted into the report, those left out with the reason, and a [`Finding`] for
//! every problem seen, each located by pointer, line and column. A reply with an error is left
//! out (and said so); warnings and notices do not exclude it. All findings of all replies are
//! collected in one run.
//!
//! Two halves: `structure` (is it shaped like a reply: the published JSON Schema, all
//! violations at once) and `rules` (what it says, against the mandate and the reference data
//! as of the report's date; treaty claims in `treaties`).

mod fonts;
mod rules;
mod structure;
mod suggest;
mod text;
mod treaties;

use std::collections::BTreeMap;

use serde::Deserialize;

pub use fonts::{
    font_coverage_finding, leave_out_text_the_fonts_cannot_show, uncovered_characters,
};
pub use structure::check_structure;
pub use suggest::did_you_mean;
pub use text::{MAX_WORD_CHARS, check_printed_text};

use crate::dates::parse_iso_date;
use crate::diagnostic::{Finding, count_errors};
use crate::gather::{Gathered, ReplyDocument};
use crate::reply::Reply;
use rules::is_blank;

/// A reply and where it came from.
#[derive(Debug, Clone)]
pub struct SourcedReply {
    /// File path (as shown to the user) or URL.
    pub source: String,
    pub reply: Reply,
}

#[derive(Debug, Clone)]
pub struct Checked {
    /// Replies that go into the report, in the order they were gathered.
    pub accepted: Vec<SourcedReply>,
    /// Replies left out, with the reason in a sentence.
    pub left_out: Vec<LeftOut>,
    /// Findings of this stage (the gather stage keeps its own), file by file, each file's in
    /// the order of their place in it.
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone)]
pub struct LeftOut {
    pub source: String,
    pub reason: String,
}

/// Checks every gathered reply, every character taken as printable. Never fails: problems
/// are findings.
pub fn check(gathered: &Gathered) -> Checked {
    check_with_fonts(gathered, |_| true)
}

/// Checks every gathered reply, the font rule included (`covers`: whether a font of the
/// report has the character). Which reply of a respondent stands is decided last, after every
/// rule that can leave a reply out: a later reply left out (for a glyph, say) does not take
/// the earlier good one with it.
pub fn check_with_fonts(gathered: &Gathered, covers: impl Fn(char) -> bool) -> Checked {
    let context = rules::Context {
        mandate: &gathered.mandate,
        reference: &gathered.reference,
        metadata: &gathered.metadata,
        report_date: parse_iso_date(&gathered.metadata.date),
    };
    let mut findings = Vec::new();
    let mut candidates = Vec::new();
    let mut left_out = Vec::new();
    for document in &gathered.documents {
        let (reply, document_findings) = check_document(&context, document);
        let errors = count_errors(&document_findings);
        match reply {
            Some(reply) if errors == 0 => candidates.push(SourcedReply {
                source: document.source.clone(),
                reply,
            }),
            _ => left_out.push(LeftOut {
                source: document.source.clone(),
                reason: format!(
                    "{errors} error{} (first: {})",
                    if errors == 1 { "" } else { "s" },
                    document_findings
                        .iter()
                        .find(|finding| finding.severity == crate::diagnostic::Severity::Error)
                        .map_or("", |finding| finding.message.as_str())
                ),
            }),
        }
        findings.extend(document_findings);
    }
    let mut checked = Checked {
        accepted: candidates,
        left_out,
        findings,
    };
    leave_out_text_the_fonts_cannot_show(gathered, &mut checked, covers);
    checked.accepted = keep_latest_per_respondent(
        std::mem::take(&mut checked.accepted),
        &mut checked.left_out,
        &mut checked.findings,
    );
    checked
}

/// The findings of one reply document as a build would make them, the font rule apart (the
/// same rules, the same context): what `report fetch` runs before a copy may replace a good one.
pub fn check_reply_document(gathered: &Gathered, document: &ReplyDocument) -> Vec<Finding> {
    let context = rules::Context {
        mandate: &gathered.mandate,
        reference: &gathered.reference,
        metadata: &gathered.metadata,
        report_date: parse_iso_date(&gathered.metadata.date),
    };
    check_document(&context, document).1
}

/// One document: its structure, then (if it is a reply) its content. Returns the reply when it
/// could be read, and every finding, located in the file and in order of place.
fn check_document(
    context: &rules::Context<'_>,
    document: &ReplyDocument,
) -> (Option<Reply>, Vec<Finding>) {
    let source = document.source.as_str();
    let mut findings = structure::check_structure(source, &document.value);
    findings.extend(text::check_typeset_text(source, &document.value));
    for (pointer, span) in document.source_map.duplicate_keys() {
        let key = pointer.rsplit('/').next().unwrap_or_default();
        findings.push(
            Finding::error(
                "duplicate-key",
                source,
                format!(
                    "`{}` appears twice in the same object; only the second would be read",
                    key.replace("~1", "/").replace("~0", "~")
                ),
            )
            .at_pointer(pointer.clone())
            .at_span(&document.source_map, span.clone())
            .with_hint("merge the two into one entry"),
        );
    }
    // The content rules run whenever the types can be read, even after structural errors
    // (a wrong language code does not hide an impossible date): one run, every finding.
    let structural_errors = count_errors(&findings);
    // Read from the borrowed value; a copy is made only for the rare reply with `120.0`.
    let read = if has_integral_float(&document.value) {
        let mut value = document.value.clone();
        integral_floats_as_integers(&mut value);
        Reply::deserialize(&value)
    } else {
        Reply::deserialize(&document.value)
    };
    let reply = match read {
        Ok(reply) => Some(reply),
        Err(_) if structural_errors > 0 => {
            // The reply is left out, but every other finding is still worth having now: the
            // content rules run on what remains once the parts in error are set aside.
            let broken: Vec<String> = findings
                .iter()
                .filter(|finding| finding.severity == crate::diagnostic::Severity::Error)
                .filter_map(|finding| finding.pointer.clone())
                .collect();
            if let Some((rest, set_aside)) = without_broken_parts(&document.value, &broken) {
                findings.extend(
                    rules::check_reply(context, source, &rest)
                        .into_iter()
                        // Facts set aside are not missing: the error about them says enough.
                        .filter(|finding| {
                            !matches!(finding.code, "missing-required-fact" | "no-paragraph")
                        })
                        .map(|mut finding| {
                            finding.pointer = finding
                                .pointer
                                .map(|pointer| pointer_in_file(&pointer, &set_aside));
                            finding
                        }),
                );
            }
            None
        }
        Err(error) => {
            // The schema and the types come from one source; should they ever disagree, the
            // reply is refused rather than half-read.
            findings.push(
                Finding::error(
                    "unreadable-reply",
                    source,
                    format!("the reply cannot be read: {error}"),
                )
                .with_hint("report this to the Secretariat with the file: the schema accepted it"),
            );
            None
        }
    };
    let reply = reply.map(|mut reply| {
        findings.extend(rules::check_reply(context, source, &reply));
        // What the report reads: blank paragraphs (as `report new` prints them) are not
        // answers, and an empty narrative is no narrative.
        reply.paragraphs.retain(|_, answer| !is_blank(answer));
        for answer in reply.paragraphs.values_mut() {
            if answer
                .narrative
                .as_deref()
                .is_some_and(|text| text.trim().is_empty())
            {
                answer.narrative = None;
            }
        }
        reply
    });
    let (findings, summaries) = at_most_of_a_kind(source, findings);
    let mut findings: Vec<Finding> = findings
        .into_iter()
        .map(|finding| with_paragraph_from_pointer(finding).locate(&document.source_map))
        .collect();
    findings.sort_by_key(|finding| {
        finding
            .position
            .map_or((0, 0), |position| (position.line, position.column))
    });
    findings.extend(summaries);
    (reply, findings)
}

/// The most findings of one kind listed for one reply: a mistake repeated a million times (a
/// generated file) is the same mistake, and listing each would cost time and memory out of
/// all proportion to what it tells.
pub const MAX_FINDINGS_OF_A_KIND: usize = 50;

/// The first [`MAX_FINDINGS_OF_A_KIND`] findings of each code, and for each code with more a
/// summary finding ("and 1,999,950 more of the same"), of the same code and severity.
fn at_most_of_a_kind(source: &str, findings: Vec<Finding>) -> (Vec<Finding>, Vec<Finding>) {
    let mut seen: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut more: BTreeMap<&'static str, (usize, crate::diagnostic::Severity)> = BTreeMap::new();
    let mut kept = Vec::with_capacity(findings.len().min(4 * MAX_FINDINGS_OF_A_KIND));
    for finding in findings {
        let count = seen.entry(finding.code).or_default();
        *count += 1;
        if *count <= MAX_FINDINGS_OF_A_KIND {
            kept.push(finding);
        } else {
            more.entry(finding.code).or_insert((0, finding.severity)).0 += 1;
        }
    }
    let summaries = more
        .into_iter()
        .map(|(code, (count, severity))| {
            Finding::new(
                severity,
                code,
                source,
                format!(
                    "and {} more `{code}` finding{} in this file, not listed",
                    crate::style::format_figure(count as u64),
                    if count == 1 { "" } else { "s" }
                ),
            )
            .with_hint(
                "these are usually one mistake repeated: fix the ones listed and check again",
            )
        })
        .collect();
    (kept, summaries)
}

/// What can be read of a reply once the parts at `broken` (JSON pointers of errors) are set
/// aside: each part, or the element that holds it when that is not enough (a count whose
/// `value` is text), up to a paragraph's answer. `None` when the reply's own fields (format,
/// respondent, date, language) are among them. With the reply come the elements set aside
/// from each array, by the array's pointer, to give findings their places in the file.
fn without_broken_parts(value: &serde_json::Value, broken: &[String]) -> Option<(Reply, SetAside)> {
    const MARK: &str = "\u{0}set aside";
    // Marks keep every array's indices as in the file, whatever is set aside.
    let mut marked = value.clone();
    integral_floats_as_integers(&mut marked);
    let mut pointers: Vec<String> = broken.to_vec();
    let depth = |pointer: &str| pointer.matches('/').count();
    for _ in 0..8 {
        for pointer in &pointers {
            if let Some(part) = marked.pointer_mut(pointer) {
                *part = serde_json::Value::String(MARK.to_owned());
            }
        }
        let mut rest = marked.clone();
        let mut set_aside = SetAside::new();
        remove_marked(&mut rest, MARK, "", &mut set_aside);
        if let Ok(reply) = Reply::deserialize(&rest) {
            return Some((reply, set_aside));
        }
        // One level up, no higher than a paragraph's answer (`/paragraphs/7`).
        pointers = pointers
            .iter()
            .filter_map(|pointer| {
                pointer
                    .rsplit_once('/')
                    .map(|(parent, _)| parent.to_owned())
            })
            .filter(|parent| depth(parent) >= 2 && parent.starts_with("/paragraphs/"))
            .collect();
        pointers.sort();
        pointers.dedup();
        if pointers.is_empty() {
            return None;
        }
    }
    None
}

/// Array pointer (as in the file) -> indices (as in the file) of the elements set aside.
type SetAside = BTreeMap<String, Vec<usize>>;

fn remove_marked(value: &mut serde_json::Value, mark: &str, at: &str, set_aside: &mut SetAside) {
    let is_mark = |value: &serde_json::Value| value.as_str() == Some(mark);
    match value {
        serde_json::Value::Object(map) => {
            map.retain(|_, value| !is_mark(value));
            for (key, value) in map.iter_mut() {
                let path = format!("{at}/{}", crate::source_map::escape_pointer_token(key));
                remove_marked(value, mark, &path, set_aside);
            }
        }
        serde_json::Value::Array(items) => {
            let removed: Vec<usize> = items
                .iter()
                .enumerate()
                .filter(|(_, item)| is_mark(item))
                .map(|(index, _)| index)
                .collect();
            let kept: Vec<usize> = (0..items.len())
                .filter(|index| !removed.contains(index))
                .collect();
            items.retain(|item| !is_mark(item));
            for (item, original) in items.iter_mut().zip(kept) {
                remove_marked(item, mark, &format!("{at}/{original}"), set_aside);
            }
            if !removed.is_empty() {
                set_aside.insert(at.to_owned(), removed);
            }
        }
        _ => {}
    }
}

/// A pointer into what remained, as a pointer into the file: array indices after elements set
/// aside count them again.
fn pointer_in_file(pointer: &str, set_aside: &SetAside) -> String {
    let mut path = String::new();
    for token in pointer.split('/').skip(1) {
        let token = match (set_aside.get(&path), token.parse::<usize>()) {
            (Some(removed), Ok(index)) => (0..)
                .filter(|original| !removed.contains(original))
                .nth(index)
                .map_or_else(|| token.to_owned(), |original| original.to_string()),
            _ => token.to_owned(),
        };
        path.push('/');
        path.push_str(&token);
    }
    path
}

/// A number such as `120.0`: integral, but written (and parsed) as a float.
fn is_integral_float(number: &serde_json::Number) -> bool {
    // Within ±2^53 every integral f64 is exact.
    number.as_f64().is_some_and(|float| {
        !number.is_i64()
            && !number.is_u64()
            && float.fract() == 0.0
            && float.abs() <= 9_007_199_254_740_992.0
    })
}

fn has_integral_float(value: &serde_json::Value) -> bool {
    use serde_json::Value;
    match value {
        Value::Number(number) => is_integral_float(number),
        Value::Array(items) => items.iter().any(has_integral_float),
        Value::Object(object) => object.values().any(has_integral_float),
        _ => false,
    }
}

/// JSON Schema counts `120.0` as an integer, as spreadsheet exports write it; serde would not.
/// So that the reader accepts what the schema accepts, such numbers become integers.
fn integral_floats_as_integers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(number) if is_integral_float(number) => {
            if let Some(float) = number.as_f64() {
                *value = Value::from(float as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_floats_as_integers),
        Value::Object(object) => object.values_mut().for_each(integral_floats_as_integers),
        _ => {}
    }
}

/// Findings under `/paragraphs/N/...` concern operative paragraph N.
pub(super) fn with_paragraph_from_pointer(finding: Finding) -> Finding {
    if finding.paragraph.is_some() {
        return finding;
    }
    let number = finding
        .pointer
        .as_deref()
        .and_then(|pointer| pointer.strip_prefix("/paragraphs/"))
        .and_then(|rest| rest.split('/').next())
        .and_then(|key| key.parse::<u32>().ok());
    match number {
        Some(number) => finding.in_paragraph(number),
        None => finding,
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
                "superseded",
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

#[cfg(test)]
mod tests {
    #[test]
    fn a_pointer_after_elements_set_aside_counts_them_again() {
        let mut set_aside = super::SetAside::new();
        set_aside.insert("/paragraphs/7/statistics".to_owned(), vec![0, 2]);
        assert_eq!(
            super::pointer_in_file("/paragraphs/7/statistics/0/measure", &set_aside),
            "/paragraphs/7/statistics/1/measure"
        );
        assert_eq!(
            super::pointer_in_file("/paragraphs/7/statistics/1", &set_aside),
            "/paragraphs/7/statistics/3"
        );
        assert_eq!(
            super::pointer_in_file("/submitted", &set_aside),
            "/submitted"
        );
    }
}
