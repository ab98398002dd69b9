//! Where a text of the document came from: used after the typeset stage when the PDF cannot
//! be written, to name the input (reply, summary, report metadata or mandate) and the place in
//! it that holds the text to blame.
//!
//! In: what the gather stage read and a text from the laid-out document. Out: an [`Origin`]
//! (file, JSON pointer, line and column), or none when the text comes from the templates.
//! Typst changes text as it sets it (curly quotation marks, one space for many, a hyphen at a
//! line end), so both sides are compared in a normalized form.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::Position;
use crate::gather::{Gathered, ReplyDocument};
use crate::source_map::{SourceMap, escape_pointer_token};

/// How much of the start of a text is looked for: enough to be unique among the inputs, short
/// enough to sit within the one line of a long paragraph the document shows it in.
const NEEDLE_CHARS: usize = 40;

/// The input value a text of the document came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file as shown to the user (or the URL of a fetched reply).
    pub source: String,
    pub pointer: String,
    pub position: Option<Position>,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`", self.source)?;
        if let Some(position) = &self.position {
            write!(f, ", line {}, column {}", position.line, position.column)?;
        }
        write!(f, " ({})", self.pointer)
    }
}

/// The first input whose text holds the start of `text`: the report metadata and the mandate
/// first (the title comes from there), then the replies and the summaries.
pub fn find_origin(gathered: &Gathered, text: &str) -> Option<Origin> {
    let needle: String = normalized(text).chars().take(NEEDLE_CHARS).collect();
    if needle.trim().is_empty() {
        return None;
    }
    let top_level = ["report.json", "mandate.json"]
        .iter()
        .filter_map(|name| read_document(&gathered.inputs_dir.join(name)));
    let read: Vec<ReplyDocument> = top_level.collect();
    read.iter()
        .chain(&gathered.documents)
        .chain(&gathered.summaries)
        .find_map(|document| {
            let pointer = pointer_to_text(&document.value, &needle, &mut String::new())?;
            let position = document
                .source_map
                .value_span(&pointer)
                .map(|span| document.source_map.position(span.start));
            Some(Origin {
                source: document.source.clone(),
                pointer,
                position,
            })
        })
}

fn read_document(path: &Path) -> Option<ReplyDocument> {
    let text = std::fs::read_to_string(path).ok()?;
    let value = serde_json::from_str(&text).ok()?;
    Some(ReplyDocument {
        source: crate::diagnostic::display_path(path),
        path: Some(path.to_path_buf()),
        value,
        source_map: SourceMap::new(Arc::from(text)),
    })
}

/// The pointer of the first string under `value` that holds `needle` once normalized.
fn pointer_to_text(value: &serde_json::Value, needle: &str, at: &mut String) -> Option<String> {
    match value {
        serde_json::Value::String(text) => normalized(text).contains(needle).then(|| at.clone()),
        serde_json::Value::Array(items) => items.iter().enumerate().find_map(|(index, item)| {
            let length = at.len();
            at.push_str(&format!("/{index}"));
            let found = pointer_to_text(item, needle, at);
            at.truncate(length);
            found
        }),
        serde_json::Value::Object(members) => members.iter().find_map(|(key, item)| {
            let length = at.len();
            at.push('/');
            at.push_str(&escape_pointer_token(key));
            let found = pointer_to_text(item, needle, at);
            at.truncate(length);
            found
        }),
        _ => None,
    }
}

/// Text as compared: straight quotation marks, one space for any run of white space, no soft
/// hyphens or zero-width characters.
fn normalized(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => continue,
            c => c,
        };
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_found_whatever_typst_did_to_its_quotes_and_spaces() {
        let value = serde_json::json!({
            "replies": [{"text": "nothing here"}, {"text": "The State's   \"new\" plan, adopted in 2008"}]
        });
        assert_eq!(
            pointer_to_text(
                &value,
                &normalized("The State\u{2019}s \u{201C}new\u{201D} plan"),
                &mut String::new()
            ),
            Some("/replies/1/text".to_owned())
        );
        assert_eq!(pointer_to_text(&value, "absent", &mut String::new()), None);
    }

    #[test]
    fn keys_with_slashes_are_escaped_in_the_pointer() {
        let value = serde_json::json!({"a/b": {"c~d": "long text"}});
        assert_eq!(
            pointer_to_text(&value, "long", &mut String::new()),
            Some("/a~1b/c~0d".to_owned())
        );
    }
}
