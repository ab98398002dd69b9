//! Where a value is in a JSON text: JSON pointer -> byte range -> line and character column.
//!
//! Used by `gather` (positions of syntax errors) and `check` (positions of every finding about
//! a value that parsed). serde_json gives the values; this map, built once per file from a
//! span-keeping parse (jsonc-parser in strict JSON mode), says where each one was written. It
//! also sees what serde_json silently resolves: an object with the same key twice.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use crate::diagnostic::Position;

/// One source text and the places of its values.
#[derive(Debug, Clone)]
pub struct SourceMap {
    text: Arc<str>,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
    /// Pointer -> byte range of the value.
    values: HashMap<String, Range<usize>>,
    /// Pointer -> byte range of the member name (object members only).
    keys: HashMap<String, Range<usize>>,
    /// Members whose key appeared earlier in the same object: pointer and range of the repeat.
    duplicates: Vec<(String, Range<usize>)>,
}

impl SourceMap {
    /// Maps `text`. Only call this on text serde_json has parsed: its depth limit is what keeps
    /// the (recursive) span parse shallow. Text that is not JSON maps lines only.
    pub fn new(text: Arc<str>) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        let mut map = Self {
            text: Arc::clone(&text),
            line_starts,
            values: HashMap::new(),
            keys: HashMap::new(),
            duplicates: Vec::new(),
        };
        let strict = ParseOptions {
            allow_comments: false,
            allow_loose_object_property_names: false,
            allow_trailing_commas: false,
            allow_missing_commas: false,
            allow_single_quoted_strings: false,
            allow_hexadecimal_numbers: false,
            allow_unary_plus_numbers: false,
            allow_bare_decimal_point_numbers: false,
            allow_non_finite_numbers: false,
            allow_extended_string_escapes: false,
        };
        if let Ok(parsed) = parse_to_ast(&text, &CollectOptions::default(), &strict)
            && let Some(value) = parsed.value
        {
            map.record(String::new(), &value);
        }
        map
    }

    fn record(&mut self, pointer: String, value: &Value<'_>) {
        let range = value.range();
        match value {
            Value::Object(object) => {
                let mut seen = std::collections::HashSet::new();
                for property in &object.properties {
                    let name = match &property.name {
                        ObjectPropName::String(literal) => literal.value.as_ref(),
                        ObjectPropName::Word(word) => word.value,
                    };
                    let child = format!("{pointer}/{}", escape_pointer_token(name));
                    let name_range = property.name.range();
                    if !seen.insert(name.to_owned()) {
                        self.duplicates
                            .push((child.clone(), name_range.start..name_range.end));
                    }
                    self.keys
                        .insert(child.clone(), name_range.start..name_range.end);
                    self.record(child, &property.value);
                }
            }
            Value::Array(array) => {
                for (index, element) in array.elements.iter().enumerate() {
                    self.record(format!("{pointer}/{index}"), element);
                }
            }
            _ => {}
        }
        self.values.insert(pointer, range.start..range.end);
    }

    pub fn text(&self) -> &Arc<str> {
        &self.text
    }

    /// The range of the value at `pointer`, or of its nearest ancestor that exists (a missing
    /// member is best shown at the object that lacks it).
    pub fn value_span(&self, pointer: &str) -> Option<Range<usize>> {
        let mut current = pointer;
        loop {
            if let Some(range) = self.values.get(current) {
                return Some(range.clone());
            }
            let (parent, _) = current.rsplit_once('/')?;
            current = parent;
        }
    }

    /// The range of the member name at `pointer`, falling back to the value.
    pub fn key_span(&self, pointer: &str) -> Option<Range<usize>> {
        self.keys
            .get(pointer)
            .cloned()
            .or_else(|| self.value_span(pointer))
    }

    /// Keys repeated within one object, each with the range of the repeat.
    pub fn duplicate_keys(&self) -> &[(String, Range<usize>)] {
        &self.duplicates
    }

    /// Line and character column (both 1-based) of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line_index = self
            .line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        let line_start = self.line_starts.get(line_index).copied().unwrap_or(0);
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self
            .text
            .get(line_start..end)
            .map_or(0, |before| before.chars().count());
        Position {
            line: line_index + 1,
            column: column + 1,
        }
    }

    /// Byte offset of a 1-based line and 1-based byte column (as serde_json reports them),
    /// clamped to the text.
    pub fn offset(&self, line: usize, byte_column: usize) -> usize {
        let Some(&line_start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let mut offset = (line_start + byte_column.saturating_sub(1)).min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

/// Escapes one reference token of a JSON pointer (RFC 6901).
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(text: &str) -> SourceMap {
        SourceMap::new(Arc::from(text))
    }

    #[test]
    fn finds_values_keys_and_character_columns() {
        let text = "{\n  \"name\": \"Côte d’Ivoire\", \"year\": 2008,\n  \"list\": [1, {\"a/b\": true}]\n}";
        let source = map(text);
        let year = source.value_span("/year").unwrap_or_default();
        assert_eq!(&text[year.clone()], "2008");
        // `ô` and `’` before `2008` are 5 bytes but 2 characters: byte column 39, character 36.
        assert_eq!(source.position(year.start).column, 36);
        assert_eq!(source.position(year.start).line, 2);
        let nested = source.value_span("/list/1/a~1b").unwrap_or_default();
        assert_eq!(&text[nested], "true");
        let key = source.key_span("/name").unwrap_or_default();
        assert_eq!(&text[key], "\"name\"");
    }

    #[test]
    fn missing_members_point_at_the_nearest_ancestor() {
        let text = r#"{"paragraphs": {"4": {}}}"#;
        let source = map(text);
        let span = source
            .value_span("/paragraphs/4/laws/0/year")
            .unwrap_or_default();
        assert_eq!(&text[span], "{}");
    }

    #[test]
    fn repeated_keys_are_reported_at_the_repeat() {
        let text = r#"{"a": 1, "b": 2, "a": 3}"#;
        let source = map(text);
        let duplicates = source.duplicate_keys();
        assert_eq!(duplicates.len(), 1);
        assert_eq!(duplicates[0].0, "/a");
        assert_eq!(duplicates[0].1.start, 17);
    }

    #[test]
    fn offsets_round_trip_and_clamp() {
        let source = map("{\n  \"é\": 1\n}");
        // serde_json's byte column 9 on line 2 is the `1` (after a two-byte `é`).
        let offset = source.offset(2, 9);
        assert_eq!(source.position(offset).column, 8);
        assert_eq!(source.offset(99, 1), source.text().len());
        assert_eq!(source.position(10_000).line, 3);
    }
}
