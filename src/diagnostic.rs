//! One type for every problem a user must see: [`Finding`], and its two renderings.
//!
//! Every stage reports problems in replies as findings instead of stopping; the CLI prints
//! them in one place. A finding names its source (file or URL), the place in it (JSON pointer,
//! line and character column), the operative paragraph when there is one, what is wrong, what
//! to do, and a stable code that scripts can rely on. [`render_human`] shows the offending line
//! with a marker; [`render_json`] is the stable machine-readable list (`report-findings/1`).

use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use crate::source_map::SourceMap;

/// Format identifier of the JSON rendering.
pub const FINDINGS_FORMAT: &str = "report-findings/1";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Notice,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Notice => "notice",
            Self::Warning => "warning",
            Self::Error => "error",
        })
    }
}

/// A place in a source: line and column are 1-based; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// The text a finding points into and the byte range it marks, for the human rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    pub text: Arc<str>,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// Stable identifier of the rule (`unknown-field`, `treaty-date-contradicted`, ...).
    pub code: &'static str,
    /// The file (as the user named it) or URL the problem is in.
    pub source: String,
    /// JSON pointer to the offending value, when the file parsed far enough to have one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// Operative paragraph the finding concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    pub message: String,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(skip)]
    pub excerpt: Option<Excerpt>,
    /// Mark the member name rather than its value (unknown or repeated fields).
    #[serde(skip)]
    on_key: bool,
}

impl Finding {
    pub fn new(
        severity: Severity,
        code: &'static str,
        source: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity,
            code,
            source: source.into(),
            pointer: None,
            position: None,
            paragraph: None,
            message: message.into(),
            hint: None,
            excerpt: None,
            on_key: false,
        }
    }

    pub fn error(
        code: &'static str,
        source: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Error, code, source, message)
    }

    pub fn warning(
        code: &'static str,
        source: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, code, source, message)
    }

    pub fn notice(
        code: &'static str,
        source: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Notice, code, source, message)
    }

    pub fn at_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    /// Points at the member name of `pointer` (the field itself is the problem).
    pub fn at_key(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self.on_key = true;
        self
    }

    pub fn at_position(mut self, position: Position) -> Self {
        self.position = Some(position);
        self
    }

    pub fn in_paragraph(mut self, paragraph: u32) -> Self {
        self.paragraph = Some(paragraph);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Marks `span` of the mapped source and sets the position from it.
    pub fn at_span(mut self, source_map: &SourceMap, span: Range<usize>) -> Self {
        self.position = Some(source_map.position(span.start));
        self.excerpt = Some(Excerpt {
            text: Arc::clone(source_map.text()),
            span,
        });
        self
    }

    /// Fills in position and excerpt from the pointer, where the source map knows it.
    pub fn locate(self, source_map: &SourceMap) -> Self {
        if self.excerpt.is_some() {
            return self;
        }
        let span = self.pointer.as_deref().and_then(|pointer| {
            if self.on_key {
                source_map.key_span(pointer)
            } else {
                source_map.value_span(pointer)
            }
        });
        match span {
            Some(span) => self.at_span(source_map, span),
            None => self,
        }
    }
}

impl fmt::Display for Finding {
    /// `error[code]: inputs/replies/ITA.json:12:7 (/paragraphs/4/laws/0/year, paragraph 4): message`
    /// followed by an indented hint line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: {}", self.severity, self.code, self.source)?;
        if let Some(position) = self.position {
            write!(f, ":{}:{}", position.line, position.column)?;
        }
        match (&self.pointer, self.paragraph) {
            (Some(pointer), Some(paragraph)) => write!(f, " ({pointer}, paragraph {paragraph})")?,
            (Some(pointer), None) => write!(f, " ({pointer})")?,
            (None, Some(paragraph)) => write!(f, " (paragraph {paragraph})")?,
            (None, None) => {}
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Lines up to this many characters are handed whole to the renderer (which trims them to the
/// terminal around the marker); longer ones, as in a minified file, are cut to
/// [`EXCERPT_WINDOW`] characters first so that no finding copies megabytes.
const EXCERPT_WIDTH: usize = 2000;
const EXCERPT_WINDOW: usize = 160;

/// Findings as people read them: each with the offending line of the file and a marker under
/// the place, the pointer and paragraph, and the hint. Plain text, no colour.
pub fn render_human(findings: &[Finding]) -> String {
    render_human_styled(findings, false)
}

/// [`render_human`], coloured as rustc colours its diagnostics when `colour` is set.
pub fn render_human_styled(findings: &[Finding], colour: bool) -> String {
    let mut out = String::new();
    for finding in findings {
        let line = finding.excerpt.as_ref().and_then(excerpt_line);
        // Colour codes are the renderer's own; text from outside that holds a control
        // character is rendered plain and escaped, so that it can never pass for them.
        let outside_text_is_printable = [
            Some(finding.message.as_str()),
            Some(finding.source.as_str()),
            finding.hint.as_deref(),
            finding.pointer.as_deref(),
            line.as_ref().map(|line| &*line.text),
        ]
        .into_iter()
        .flatten()
        .all(|text| matches!(printable(text), std::borrow::Cow::Borrowed(_)));
        let renderer = if colour && outside_text_is_printable {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let level = match finding.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Notice => Level::NOTE.with_name("notice"),
        };
        let title = level
            .clone()
            .primary_title(finding.message.as_str())
            .id(finding.code);
        let mut group = Group::with_title(title);
        match line {
            Some(line) if !line.cut => {
                group = group.element(
                    Snippet::source(line.text)
                        .path(finding.source.as_str())
                        .line_start(line.number)
                        .annotation(AnnotationKind::Primary.span(line.marker)),
                );
            }
            Some(line) => {
                // The renderer would count the column in the cut line: the origin says it.
                let mut origin = annotate_snippets::Origin::path(finding.source.as_str());
                if let Some(position) = finding.position {
                    origin = origin.line(position.line).char_column(position.column);
                }
                group = group.element(origin).element(
                    Snippet::source(line.text)
                        .line_start(line.number)
                        .annotation(AnnotationKind::Primary.span(line.marker)),
                );
            }
            None => {
                let mut origin = annotate_snippets::Origin::path(finding.source.as_str());
                if let Some(position) = finding.position {
                    origin = origin.line(position.line).char_column(position.column);
                }
                group = group.element(origin);
            }
        }
        let mut place = Vec::new();
        if let Some(paragraph) = finding.paragraph {
            place.push(format!("operative paragraph {paragraph}"));
        }
        if let Some(pointer) = &finding.pointer {
            place.push(format!(
                "at {}",
                if pointer.is_empty() { "/" } else { pointer }
            ));
        }
        if !place.is_empty() {
            group = group.element(Level::NOTE.message(place.join(", ")));
        }
        if let Some(hint) = &finding.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        let rendered = renderer.render(&[group]);
        if colour && outside_text_is_printable {
            out.push_str(&rendered);
        } else {
            out.push_str(&printable(&rendered));
        }
        out.push_str("\n\n");
    }
    out
}

/// Text for a terminal: every control character but the line break and the tab (C0, DEL, C1
/// such as U+009B, which JSON allows unescaped) and every control of text direction is shown
/// as an escape (`\u{1b}`), so that a key, a value or a file name from outside can neither
/// send commands to the terminal nor forge a line of output.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    escaped(text, |c| {
        (c.is_control() && c != '\n' && c != '\t') || moves_text(c)
    })
}

/// `text` with each character `unsafe_char` picks shown as `\u{..}`.
fn escaped(text: &str, unsafe_char: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(&unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            shown.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            shown.push(c);
        }
    }
    std::borrow::Cow::Owned(shown)
}

/// Controls of text direction (embeddings, overrides, isolates), which make text display
/// otherwise than it reads.
pub fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// What moves text on a terminal besides the controls: direction controls, and the line and
/// paragraph separators.
fn moves_text(c: char) -> bool {
    is_direction_control(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

struct ExcerptLine {
    text: String,
    /// Whether the line was cut to [`EXCERPT_WINDOW`].
    cut: bool,
    number: usize,
    marker: Range<usize>,
}

/// The line holding the start of the excerpt's span, cut to [`EXCERPT_WINDOW`] characters around
/// it, with the marker range inside the cut line (at least one character wide).
fn excerpt_line(excerpt: &Excerpt) -> Option<ExcerptLine> {
    let text = excerpt.text.as_ref();
    let start = excerpt.span.start.min(text.len());
    if !text.is_char_boundary(start) {
        return None;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |at| start + at);
    let number = text[..line_start].matches('\n').count() + 1;
    let line = text[line_start..line_end].trim_end_matches('\r');
    let marker_start_chars = text[line_start..start].chars().count();
    // Not `clamp`: in a CRLF file the start can be the `\r` just past the trimmed line.
    let span_end = excerpt.span.end.min(line_start + line.len()).max(start);
    let marker_chars = text
        .get(start..span_end)
        .map_or(0, |marked| marked.chars().count())
        .max(1);
    let line_chars = line.chars().count();
    let (cut_from, cut_to) = if line_chars <= EXCERPT_WIDTH {
        (0, line_chars)
    } else {
        let from = marker_start_chars.saturating_sub(EXCERPT_WINDOW / 4);
        (from, (from + EXCERPT_WINDOW).min(line_chars))
    };
    let mut cut: String = line
        .chars()
        .skip(cut_from)
        .take(cut_to - cut_from)
        .collect();
    let mut marker_from = marker_start_chars - cut_from;
    if cut_from > 0 {
        cut.insert_str(0, "...");
        marker_from += 3;
    }
    if cut_to < line_chars {
        cut.push_str("...");
    }
    let cut_len = cut.chars().count();
    let marker_to = (marker_from + marker_chars).min(cut_len.max(marker_from + 1));
    let byte_at = |chars: usize| {
        cut.char_indices()
            .nth(chars)
            .map_or(cut.len(), |(at, _)| at)
    };
    let marker = byte_at(marker_from)..byte_at(marker_to).max(byte_at(marker_from));
    Some(ExcerptLine {
        number,
        marker,
        cut: line_chars > EXCERPT_WIDTH,
        text: cut,
    })
}

#[derive(Serialize)]
struct FindingsDocument<'a> {
    format: &'static str,
    summary: Counts,
    findings: &'a [Finding],
}

/// How many findings of each severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub notices: usize,
}

impl Counts {
    pub fn of(findings: &[Finding]) -> Self {
        let mut counts = Self::default();
        for finding in findings {
            match finding.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Notice => counts.notices += 1,
            }
        }
        counts
    }
}

/// The stable machine-readable list: `{"format": "report-findings/1", "summary": {...},
/// "findings": [{severity, code, source, pointer, position: {line, column}, paragraph,
/// message, hint}]}`. Absent parts are left out, never null.
pub fn render_json(findings: &[Finding]) -> String {
    let document = FindingsDocument {
        format: FINDINGS_FORMAT,
        summary: Counts::of(findings),
        findings,
    };
    serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
}

/// How a path is shown in findings: as given, with forward slashes on every platform.
pub fn display_path(path: &Path) -> String {
    let shown = match path.to_str() {
        Some(text) => text.to_owned(),
        None => undecodable_name(path),
    };
    let shown = shown.replace('\\', "/");
    // A file name may hold a line break or an escape sequence: shown escaped, it can neither
    // forge a line of output nor command the terminal.
    escaped(&shown, |c| c.is_control() || moves_text(c)).into_owned()
}

/// A name that is not UTF-8, its undecodable bytes as `\xNN`: two such names never print the
/// same.
fn undecodable_name(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut shown = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            shown.push_str(chunk.valid());
            for byte in chunk.invalid() {
                shown.push_str(&format!("\\x{byte:02X}"));
            }
        }
        shown
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().into_owned()
    }
}

/// The findings of several stages as one list, in the one order every run uses: file by file
/// in name order, each file's findings in the order they were found.
pub fn in_source_order(stages: impl IntoIterator<Item = Vec<Finding>>) -> Vec<Finding> {
    let mut findings: Vec<Finding> = stages.into_iter().flatten().collect();
    findings.sort_by(|a, b| a.source.cmp(&b.source));
    findings
}

/// How many of `findings` are errors.
pub fn count_errors(findings: &[Finding]) -> usize {
    Counts::of(findings).errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn located(text: &str, pointer: &str) -> Finding {
        let map = SourceMap::new(Arc::from(text));
        Finding::error("test", "reply.json", "something is wrong")
            .at_pointer(pointer)
            .with_hint("fix it")
            .locate(&map)
    }

    #[test]
    fn human_rendering_marks_the_value_with_the_character_column() {
        let finding = located("{\n  \"name\": \"Côte\", \"year\": -1\n}", "/year");
        assert_eq!(
            finding.position,
            Some(Position {
                line: 2,
                column: 27
            })
        );
        let text = render_human(&[finding]);
        assert!(text.contains("error[test]: something is wrong"), "{text}");
        assert!(text.contains("reply.json:2:27"), "{text}");
        assert!(text.contains("^^"), "{text}");
        assert!(text.contains("help: fix it"), "{text}");
    }

    #[test]
    fn long_lines_are_cut_around_the_marker() {
        let long = "x".repeat(5000);
        let text = format!("{{\"a\": \"{long}\", \"b\": true}}");
        let rendered = render_human(&[located(&text, "/b")]);
        assert!(rendered.len() < 1000, "{rendered}");
        assert!(rendered.contains("\"b\": true"), "{rendered}");
        assert!(rendered.contains("..."), "{rendered}");
    }

    #[test]
    fn marks_at_the_end_of_crlf_lines_and_past_the_text_do_not_panic() {
        let text = "{\r\n  \"a\": 1\r\n}";
        let map = SourceMap::new(Arc::from(text));
        for start in 0..=text.len() + 2 {
            let finding =
                Finding::error("test", "crlf.json", "somewhere").at_span(&map, start..start + 3);
            let rendered = render_human(&[finding]);
            assert!(rendered.contains("crlf.json"), "{rendered}");
        }
    }

    #[test]
    fn json_rendering_is_a_stable_document() {
        let finding = located("{\"year\": -1}", "/year");
        let value: serde_json::Value =
            serde_json::from_str(&render_json(&[finding])).unwrap_or_default();
        assert_eq!(value["format"], FINDINGS_FORMAT);
        assert_eq!(value["summary"]["errors"], 1);
        assert_eq!(value["findings"][0]["position"]["column"], 10);
        assert_eq!(value["findings"][0]["code"], "test");
        assert!(value["findings"][0].get("paragraph").is_none());
    }
}
