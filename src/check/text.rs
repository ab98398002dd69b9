//! Part of stage 2, check: text that cannot be typeset as written. Control characters (which no
//! font shows and PDF/A refuses), the controls of text direction (which can make a sentence
//! read as something else than what it says), and words too long for any line.
//!
//! In: a reply as JSON. Out: a finding (an error) per offending string, pointing at it. Also
//! [`for_each_typeset_string`], the strings of a reply that reach the PDF, for the font check.

use serde_json::Value;

use crate::diagnostic::{Finding, is_direction_control};
use crate::source_map::escape_pointer_token;

/// The longest word, in characters, between the places Typst may break a line. A line of the
/// report holds about 90 characters.
pub const MAX_WORD_CHARS: usize = 80;

/// The line breaker Typst uses (UAX #14 as ICU4X implements it, the same data): a run that it
/// cannot break is one word however many hyphens or slashes it holds ("----", "2008-01-01/"
/// repeated), and a word longer than a line overflows it and can make the PDF export fail.
static LINE_BREAKS: std::sync::LazyLock<icu_segmenter::LineSegmenterBorrowed<'static>> =
    std::sync::LazyLock::new(|| {
        icu_segmenter::LineSegmenter::new_lstm(icu_segmenter::options::LineBreakOptions::default())
    });

/// The longest run of characters between two places where Typst may break a line.
fn longest_unbreakable(text: &str) -> usize {
    let mut longest = 0;
    let mut last = 0;
    for point in LINE_BREAKS.segment_str(text) {
        let run = text[last..point].trim_end();
        longest = longest.max(run.chars().count());
        last = point;
    }
    longest.max(text[last..].trim_end().chars().count())
}

/// Top-level fields that are never typeset.
const NOT_TYPESET: &[&str] = &["remarks", "format", "submitted", "language"];

/// One step of the way from a reply's root to a value.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The JSON pointer of a path of [`Step`]s.
pub fn pointer(path: &[Step<'_>]) -> String {
    let mut pointer = String::new();
    for step in path {
        pointer.push('/');
        match step {
            Step::Key(key) => pointer.push_str(&escape_pointer_token(key)),
            Step::Index(index) => pointer.push_str(&index.to_string()),
        }
    }
    pointer
}

/// Calls `visit` with every string of `value` that the report may print and the path to it.
/// The path is a borrowed stack, not a pointer string: most strings raise no finding, and this
/// runs over every string of every reply, so a pointer is made only when one is needed.
pub fn for_each_typeset_string<'a>(value: &'a Value, visit: &mut impl FnMut(&[Step<'a>], &'a str)) {
    let mut path = Vec::new();
    walk(value, &mut path, visit);
}

fn walk<'a>(
    value: &'a Value,
    path: &mut Vec<Step<'a>>,
    visit: &mut impl FnMut(&[Step<'a>], &'a str),
) {
    match value {
        Value::String(text) => visit(path, text),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(Step::Index(index));
                walk(item, path, visit);
                path.pop();
            }
        }
        Value::Object(object) => {
            for (key, item) in object {
                let skipped = (path.is_empty() && NOT_TYPESET.contains(&key.as_str()))
                    || key == crate::reply::COMMENT_FIELD;
                if !skipped {
                    path.push(Step::Key(key));
                    walk(item, path, visit);
                    path.pop();
                }
            }
        }
        _ => {}
    }
}

/// The longest run between white space so far, as a scan meets each character: only a run
/// longer than [`MAX_WORD_CHARS`] needs the line breaker's closer look.
#[derive(Default)]
struct Words {
    current: usize,
    longest: usize,
}

impl Words {
    fn next(&mut self, breaks_words: bool) {
        if breaks_words {
            self.current = 0;
        } else {
            self.current += 1;
            self.longest = self.longest.max(self.current);
        }
    }
}

/// What one pass over a printed string finds.
#[derive(Debug, PartialEq, Eq)]
struct Scan {
    /// The first control character other than a line break or a tab.
    control: Option<char>,
    /// The first control of text direction.
    direction: Option<char>,
    /// The longest run of characters between white space.
    longest_word: usize,
}

/// One pass over the characters: this runs on every string of every reply. Most text is
/// ASCII, which is scanned byte by byte without decoding; in ASCII there is no direction
/// control.
fn scan(text: &str) -> Scan {
    if !text.is_ascii() {
        return scan_characters(text);
    }
    let mut words = Words::default();
    let mut control = None;
    for byte in text.bytes() {
        if byte.is_ascii_control() && !matches!(byte, b'\n' | b'\r' | b'\t') {
            control.get_or_insert(char::from(byte));
        }
        // `char::is_whitespace` also counts the vertical tab, which ASCII's does not.
        words.next(byte.is_ascii_whitespace() || byte == b'\x0b');
    }
    Scan {
        control,
        direction: None,
        longest_word: words.longest,
    }
}

fn scan_characters(text: &str) -> Scan {
    let mut words = Words::default();
    let mut control = None;
    let mut direction = None;
    for c in text.chars() {
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t') {
            control.get_or_insert(c);
        }
        if is_direction_control(c) {
            direction.get_or_insert(c);
        }
        words.next(c.is_whitespace());
    }
    Scan {
        control,
        direction,
        longest_word: words.longest,
    }
}

pub fn check_typeset_text(source: &str, value: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    for_each_typeset_string(value, &mut |path, text| {
        printed_text_findings(source, text, || pointer(path), &mut findings);
    });
    findings
}

/// The findings of one printed string at `pointer` (a summary written by the editors is
/// printed as a reply's text is, and held to the same rules).
pub fn check_printed_text(source: &str, pointer: &str, text: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    printed_text_findings(source, text, || pointer.to_owned(), &mut findings);
    findings
}

fn printed_text_findings(
    source: &str,
    text: &str,
    pointer: impl Fn() -> String,
    findings: &mut Vec<Finding>,
) {
    let Scan {
        control,
        direction,
        longest_word: longest,
    } = scan(text);
    if let Some(c) = control {
        findings.push(
            Finding::error(
                "control-character",
                source,
                format!(
                    "the text holds the control character U+{:04X}, which cannot be printed",
                    u32::from(c)
                ),
            )
            .at_pointer(pointer())
            .with_hint("remove it; it usually comes from copying text out of another program"),
        );
    }
    if let Some(c) = direction {
        findings.push(
            Finding::error(
                "direction-control",
                source,
                format!(
                    "the text holds U+{:04X}, a control of text direction that can make it read otherwise than it is written",
                    u32::from(c)
                ),
            )
            .at_pointer(pointer())
            .with_hint("remove it: the report sets each language in its own direction"),
        );
    }
    let longest = if longest > MAX_WORD_CHARS {
        longest_unbreakable(text)
    } else {
        longest
    };
    if longest > MAX_WORD_CHARS {
        findings.push(
            Finding::error(
                "word-too-long",
                source,
                format!(
                    "a word of {longest} characters cannot be set on a line of the report (at most {MAX_WORD_CHARS})"
                ),
            )
            .at_pointer(pointer())
            .with_hint(
                "put spaces between words (a run of hyphens, slashes or figures without a space cannot be broken either); give a long web address in a shorter form",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(value: Value) -> Vec<&'static str> {
        check_typeset_text("r.json", &value)
            .iter()
            .map(|finding| finding.code)
            .collect()
    }

    #[test]
    fn the_ascii_scan_finds_what_the_character_scan_finds() {
        let every_ascii: String = (0u8..128).map(char::from).collect();
        for text in [
            every_ascii.as_str(),
            "a\u{b}b\u{c}c\u{1f}d\u{7f}",
            "one two/three-four\tfive\r\nsix",
            "",
        ] {
            assert_eq!(scan(text), scan_characters(text), "{text:?}");
        }
    }

    #[test]
    fn finds_controls_direction_overrides_and_overlong_words_in_printed_text_only() {
        assert_eq!(
            codes(serde_json::json!({"paragraphs": {"4": {"narrative": "a\u{1b}[31m red"}}})),
            vec!["control-character"]
        );
        assert_eq!(
            codes(serde_json::json!({"paragraphs": {"4": {"narrative": "x \u{202E}abc"}}})),
            vec!["direction-control"]
        );
        assert_eq!(
            codes(serde_json::json!({"paragraphs": {"4": {"laws": [{"title": "x".repeat(81)}]}}})),
            vec!["word-too-long"]
        );
        // Line breaks, tabs, a long address with slashes, and what is never printed are fine.
        assert!(codes(serde_json::json!({
            "remarks": "\u{7}",
            "paragraphs": {"4": {
                "narrative": "one\ntwo\tthree https://www.unodc.org/unodc/en/human-trafficking/global-report-on-trafficking-in-persons.html",
                "$comment": "\u{202E}"
            }}
        }))
        .is_empty());
    }

    #[test]
    fn a_word_is_what_typst_cannot_break_not_what_lies_between_hyphens() {
        let narrative =
            |text: String| codes(serde_json::json!({"paragraphs": {"4": {"narrative": text}}}));
        // Hyphens, slashes and dashes in a row, and dates joined by slashes: no break at all.
        for unbreakable in [
            "-".repeat(100),
            "/".repeat(100),
            "\u{2014}".repeat(100),
            "2008-01-01/".repeat(10),
        ] {
            assert_eq!(
                narrative(format!("Intro {unbreakable} end")),
                vec!["word-too-long"]
            );
        }
        // Words joined by hyphens or slashes break after each; long ones are fine.
        assert!(narrative("well-known-".repeat(20)).is_empty());
        assert!(narrative("victims/offenders/".repeat(10)).is_empty());
        assert_eq!(longest_unbreakable("one two-six"), 4);
    }
}
