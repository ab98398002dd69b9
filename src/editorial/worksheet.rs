//! `report worksheet`: writes and refreshes the editors' summaries files, one per respondent in
//! `summaries/`, from the replies the report uses.
//!
//! In: the accepted replies, the summaries files as gathered, where each paragraph is reported
//! in the report (its section) and the report's language. Out: the files, written atomically
//! and only when they change, and a [`Worksheet`]: every narrative with its language, its
//! length and the state of its summary (current, stale, awaiting one).
//!
//! Each entry shows the narrative (`text`) and records its SHA-256; editors write `summary`
//! (and may set `feature`). When a reply changes, the refresh keeps the summary, shows the new
//! text with the old one as `previous_text` and marks the entry `"stale": true` until an
//! editor has revised the summary and deleted the mark. Nothing an editor wrote is removed:
//! entries of paragraphs a reply no longer answers stay, marked stale.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Map, Value};

use super::{SUMMARIES_FORMAT, narrative_hash, normalized_narrative};
use crate::check::SourcedReply;
use crate::diagnostic::display_path;
use crate::gather::{ReplyDocument, summaries_dir};
use crate::reply::RespondentKind;

/// The format identifier of `report worksheet --format json`.
pub const WORKSHEET_FORMAT: &str = "report-worksheet/1";

/// What an entry's summary is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The reply is not in the report's language and has no summary: the report names the
    /// respondent but cannot print what it said.
    Needed,
    /// The reply changed after the summary was written.
    Stale,
    /// In the report's language and not summarized: the report may quote its opening.
    Optional,
    /// Summarized, and current.
    Summarized,
}

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub respondent: String,
    pub paragraph: u32,
    /// The section of the report that reports it (`III.A Criminalization ...`).
    pub section: String,
    pub language: String,
    pub words: usize,
    pub status: Status,
    pub feature: bool,
    /// The summaries file, as the user named the folder.
    pub file: String,
}

/// The outcome of a refresh.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Worksheet {
    pub created: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: usize,
    pub entries: Vec<Entry>,
}

impl Worksheet {
    pub fn count(&self, status: Status) -> usize {
        self.entries
            .iter()
            .filter(|entry| entry.status == status)
            .count()
    }
}

/// Where the report uses a paragraph's answers, by paragraph and by whether the respondent is
/// a State: `III.A Criminalization, penalties and protection of victims`.
pub type Sections = BTreeMap<(u32, bool), String>;

/// Writes or refreshes the summaries file of every accepted reply that has a narrative.
/// `quotable` says whether a narrative in a language can be quoted as written.
pub fn refresh(
    inputs_dir: &Path,
    existing: &[ReplyDocument],
    accepted: &[SourcedReply],
    sections: &Sections,
    quotable: impl Fn(&str, &str) -> bool,
) -> std::io::Result<Worksheet> {
    let dir = summaries_dir(inputs_dir);
    let mut worksheet = Worksheet::default();
    for sourced in accepted {
        let reply = &sourced.reply;
        let code = reply.respondent.code.as_str();
        let narratives: Vec<(&String, &str)> = reply
            .paragraphs
            .iter()
            .filter_map(|(key, answer)| Some((key, answer.narrative.as_deref()?)))
            .collect();
        let found = existing.iter().find(|document| {
            document
                .value
                .get("respondent")
                .and_then(|respondent| respondent.get("code"))
                .and_then(Value::as_str)
                == Some(code)
        });
        if narratives.is_empty() && found.is_none() {
            continue;
        }
        let (path, mut file) = match found {
            Some(document) => (
                document
                    .path
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(&document.source)),
                document.value.clone(),
            ),
            None => (dir.join(format!("{code}.json")), Value::Object(Map::new())),
        };
        let shown = display_path(&path);
        let refreshed = refresh_file(&mut file, sourced, &narratives, sections);
        for (paragraph, entry) in refreshed {
            let text = entry
                .get("text")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let stale = entry.get("stale").and_then(Value::as_bool) == Some(true);
            let summarized = entry
                .get("summary")
                .and_then(Value::as_str)
                .is_some_and(|summary| !summary.trim().is_empty());
            let language = entry
                .get("language")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let status = match (summarized, stale) {
                (_, true) => Status::Stale,
                (true, false) => Status::Summarized,
                (false, false) if text.is_empty() => continue,
                (false, false) if quotable(language, text) => Status::Optional,
                (false, false) => Status::Needed,
            };
            worksheet.entries.push(Entry {
                respondent: code.to_owned(),
                paragraph,
                section: entry
                    .get("section")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                language: entry
                    .get("language")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                words: entry.get("words").and_then(Value::as_u64).unwrap_or(0) as usize,
                status,
                feature: entry.get("feature").and_then(Value::as_bool) == Some(true),
                file: shown.clone(),
            });
        }
        let text = serde_json::to_string_pretty(&file).unwrap_or_default() + "\n";
        let before = found.map(|document| document.source_map.text().as_ref());
        if before == Some(text.as_str()) {
            worksheet.unchanged += 1;
            continue;
        }
        std::fs::create_dir_all(&dir)?;
        crate::output::write_atomically(&path, text.as_bytes())?;
        if found.is_some() {
            worksheet.updated.push(shown);
        } else {
            worksheet.created.push(shown);
        }
    }
    worksheet.entries.sort_by(|a, b| {
        (a.status, &a.respondent, a.paragraph).cmp(&(b.status, &b.respondent, b.paragraph))
    });
    Ok(worksheet)
}

/// Brings one file up to date with its reply; returns its entries, by paragraph.
fn refresh_file(
    file: &mut Value,
    sourced: &SourcedReply,
    narratives: &[(&String, &str)],
    sections: &Sections,
) -> Vec<(u32, Map<String, Value>)> {
    let reply = &sourced.reply;
    let is_state = reply.respondent.kind.is_state();
    let mut old = match file {
        Value::Object(object) => std::mem::take(object),
        _ => Map::new(),
    };
    let mut old_paragraphs = match old.remove("paragraphs") {
        Some(Value::Object(paragraphs)) => paragraphs,
        _ => Map::new(),
    };
    let mut paragraphs: BTreeMap<u32, Map<String, Value>> = BTreeMap::new();
    for (key, narrative) in narratives {
        let Ok(number) = key.parse::<u32>() else {
            continue;
        };
        let old_entry = match old_paragraphs.remove(key.as_str()) {
            Some(Value::Object(entry)) => entry,
            _ => Map::new(),
        };
        let section = sections
            .get(&(number, is_state))
            .cloned()
            .unwrap_or_default();
        paragraphs.insert(
            number,
            refreshed_entry(old_entry, narrative, &reply.language, section),
        );
    }
    // Entries of paragraphs the reply no longer answers are kept for the editors, marked.
    for (key, entry) in old_paragraphs {
        let Ok(number) = key.parse::<u32>() else {
            continue;
        };
        let Value::Object(mut entry) = entry else {
            continue;
        };
        let had_text = entry
            .get("text")
            .and_then(Value::as_str)
            .is_some_and(|text| !text.is_empty());
        if had_text {
            let text = entry.remove("text").unwrap_or(Value::Null);
            entry.insert("previous_text".to_owned(), text);
            entry.insert("text".to_owned(), Value::String(String::new()));
            entry.insert("stale".to_owned(), Value::Bool(true));
        }
        paragraphs.insert(number, in_field_order(entry));
    }
    let mut out = Map::new();
    out.insert(
        "format".to_owned(),
        Value::String(SUMMARIES_FORMAT.to_owned()),
    );
    let mut respondent = Map::new();
    respondent.insert(
        "kind".to_owned(),
        Value::String(kind_name(reply.respondent.kind).to_owned()),
    );
    respondent.insert(
        "code".to_owned(),
        Value::String(reply.respondent.code.clone()),
    );
    out.insert("respondent".to_owned(), Value::Object(respondent));
    out.insert(
        "$comment".to_owned(),
        Value::String(
            "Written by `report worksheet`. For each paragraph, write `summary`: two or three sentences in the report's language, in indirect speech (\"Belgium reported that ...\"); set `feature` to true to give it a paragraph of its own. `text` is the reply as received and `sha256` its hash: when the reply changes, the entry is marked `stale`; revise the summary, then delete the `stale` line.".to_owned(),
        ),
    );
    let mut entries = Map::new();
    for (number, entry) in &paragraphs {
        entries.insert(number.to_string(), Value::Object(entry.clone()));
    }
    out.insert("paragraphs".to_owned(), Value::Object(entries));
    // Anything else an editor wrote at the top of the file is kept.
    for (key, value) in old {
        if !matches!(key.as_str(), "format" | "respondent" | "$comment") {
            out.insert(key, value);
        }
    }
    *file = Value::Object(out);
    paragraphs.into_iter().collect()
}

fn kind_name(kind: RespondentKind) -> &'static str {
    kind.as_str()
}

fn refreshed_entry(
    mut entry: Map<String, Value>,
    narrative: &str,
    language: &str,
    section: String,
) -> Map<String, Value> {
    let text = normalized_narrative(narrative);
    let hash = narrative_hash(narrative);
    let recorded = entry
        .get("sha256")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let has_summary = entry
        .get("summary")
        .and_then(Value::as_str)
        .is_some_and(|summary| !summary.trim().is_empty());
    if let Some(recorded) = recorded
        && recorded != hash
    {
        // The reply changed: the old text stays beside the new for the editor to compare.
        if let Some(old_text) = entry.remove("text") {
            entry.insert("previous_text".to_owned(), old_text);
        }
        if has_summary {
            entry.insert("stale".to_owned(), Value::Bool(true));
        }
    }
    entry.insert("section".to_owned(), Value::String(section));
    entry.insert("language".to_owned(), Value::String(language.to_owned()));
    entry.insert(
        "words".to_owned(),
        Value::from(crate::style::count_words(&text)),
    );
    entry.insert("sha256".to_owned(), Value::String(hash));
    entry.insert("text".to_owned(), Value::String(text));
    if !entry.contains_key("summary") {
        entry.insert("summary".to_owned(), Value::String(String::new()));
    }
    in_field_order(entry)
}

/// The fields of an entry in the order editors read them: where and what the text is, the
/// text, then what they write; fields of their own after.
fn in_field_order(mut entry: Map<String, Value>) -> Map<String, Value> {
    const ORDER: &[&str] = &[
        "section",
        "language",
        "words",
        "sha256",
        "stale",
        "text",
        "previous_text",
        "summary",
        "feature",
    ];
    let mut out = Map::new();
    for key in ORDER {
        if let Some(value) = entry.remove(*key) {
            out.insert((*key).to_owned(), value);
        }
    }
    out.extend(entry);
    out
}
