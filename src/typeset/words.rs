//! Part of stage 5, typeset: the words of the laid-out report, counted as the document service
//! counts them against the word limit.
//!
//! In: the [`PagedDocument`] Typst laid out. Out: [`WordCount`], the words of the report itself
//! (title, summary, headings, paragraphs, tables, footnotes) and of each annex apart.
//!
//! The template says what counts, so that Rust holds no knowledge of the layout:
//! - `#metadata((part: "body")) <word-count>` starts the counted report;
//!   `#metadata((part: "chapter", name: "I")) <word-count>` starts a chapter of it, so that the
//!   word budget sees each chapter's words (what comes before the first chapter is the front
//!   matter: title and summary); a footnote counts with the chapter that refers to it;
//!   `#metadata((part: "annex", name: "Annex I")) <word-count>` starts an annex, counted apart.
//!   Text before the first marker (the masthead) is not counted.
//! - Anything labelled `<page-furniture>` (running heads, page numbers, the job line) or
//!   `<not-counted>` (the numbers of paragraphs and headings, which a word processor generates
//!   and does not count either) is skipped. Footnote numbers are skipped as well.
//!
//! A word is a run of characters between white space that holds a letter or a digit, as a
//! word processor counts: "cross-border", "2006-2008" and "A/64/150" are one word each, a lone
//! dash is none. The count reads the text runs on the pages in reading order and puts them
//! back together: a word hyphenated at a line end is one word, and text runs that touch on one
//! line (a change of font inside a word) are joined, while table cells side by side are not.

use std::collections::HashMap;

use serde::Serialize;
use typst::foundations::{Repr, Value};
use typst::introspection::{Location, MetadataElem, Tag};
use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst::model::{FootnoteElem, FootnoteEntry};
use typst::pdf::{PdfMarkerTag, PdfMarkerTagKind};
use typst::text::TextItem;
use typst_layout::PagedDocument;

/// Label of the markers that start the body and each annex.
pub const PART_LABEL: &str = "word-count";
/// Label of content that is never counted.
pub const SKIP_LABEL: &str = "not-counted";
/// Label of the line above a page's footnotes: a footnote that runs over from the page before
/// goes on after it, not in the body text above it.
pub const FOOTNOTE_SEPARATOR_LABEL: &str = "footnote-separator";

/// The soft hyphen Typst puts in the text of a hyphen it adds at a line break.
pub(super) const SOFT_HYPHEN: &str = "\u{ad}";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WordCount {
    /// The report itself: what the word limit applies to.
    pub body: usize,
    /// Of the body, the words before the first chapter (title, summary, their footnotes).
    pub front: usize,
    /// Of the body, each chapter's words, in order, footnotes with the chapter that refers
    /// to them.
    pub chapters: Vec<PartWords>,
    /// Each annex, in order, counted apart.
    pub annexes: Vec<PartWords>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartWords {
    pub name: String,
    pub words: usize,
}

impl WordCount {
    pub fn annexes_total(&self) -> usize {
        self.annexes.iter().map(|annex| annex.words).sum()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WordCountError {
    #[error(
        "a `<{PART_LABEL}>` marker must hold `(part: \"body\")`, `(part: \"chapter\", name: \"I\")` or `(part: \"annex\", name: \"Annex I\")`, not `{0}`"
    )]
    BadMarker(String),
    #[error(
        "the template marks no body for the word count: put `#metadata((part: \"body\")) <{PART_LABEL}>` where the counted text starts"
    )]
    NoBody,
}

/// Counts the words of `document` part by part.
pub fn count_words(document: &PagedDocument) -> Result<WordCount, WordCountError> {
    let mut walk = Walk::default();
    for (page, content) in document.pages().iter().enumerate() {
        walk.start_page();
        walk.frame(page, &content.frame, Transform::identity())?;
    }
    walk.finish()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Body,
    Annex(usize),
}

/// Where the last text run ended, to decide whether the next one continues its word.
#[derive(Debug, Clone, Copy)]
struct RunEnd {
    page: usize,
    at: Point,
    /// The run ended in a dash, or is a hyphen that Typst added: a word broken at the line end.
    dash: bool,
    soft_hyphen: bool,
}

/// Puts the text runs of the pages back together: whether a run continues the word of the
/// previous one (a hyphenated line end, a change of font inside a word) or starts a new one
/// (a new line, a gap such as between table cells). Shared with the draft reader.
#[derive(Debug, Default)]
pub(super) struct Joiner {
    last: Option<RunEnd>,
}

impl Joiner {
    /// Forgets the last run: what comes next starts a new word.
    pub(super) fn reset(&mut self) {
        self.last = None;
    }

    /// Typst added a hyphen at a line end, ending at `end`.
    pub(super) fn soft_hyphen(&mut self, page: usize, end: Point) {
        self.last = Some(RunEnd {
            page,
            at: end,
            dash: false,
            soft_hyphen: true,
        });
    }

    /// A run of `text` ended at `end`.
    pub(super) fn ran(&mut self, page: usize, end: Point, text: &str) {
        self.last = Some(RunEnd {
            page,
            at: end,
            dash: text.ends_with(['-', '\u{2010}', '\u{2013}', '\u{2014}']),
            soft_hyphen: false,
        });
    }

    /// Whether a run starting at `start` continues the word the last run ended in.
    pub(super) fn continues(&self, page: usize, start: Point) -> bool {
        let Some(last) = self.last else {
            return false;
        };
        if page != last.page {
            return last.soft_hyphen;
        }
        if same_line(last.at, start) {
            // Runs of one line touch when the font or style changes inside a word; a table
            // cell or a tab leaves a gap.
            (start.x - last.at.x).abs() < Abs::pt(0.5)
        } else {
            // A new line continues the word only after a hyphen or a dash at the line end.
            last.soft_hyphen || last.dash
        }
    }

    /// Whether a run starting at `start` is on another line than the last run.
    pub(super) fn on_new_line(&self, page: usize, start: Point) -> bool {
        self.last
            .is_none_or(|last| page != last.page || !same_line(last.at, start))
    }
}

/// The transform of a group's contents: its position in the parent, then its own transform.
pub(super) fn group_transform(
    ts: Transform,
    position: Point,
    group: &typst::layout::GroupItem,
) -> Transform {
    ts.pre_concat(Transform::translate(position.x, position.y))
        .pre_concat(group.transform)
}

/// Where a text run starts and ends on the page.
pub(super) fn run_bounds(position: Point, text: &TextItem, ts: Transform) -> (Point, Point) {
    (
        position.transform(ts),
        Point::new(position.x + text.width(), position.y).transform(ts),
    )
}

/// Baselines closer than this are one line: a superscript sits a few points up, while lines
/// of text are at least ten points apart.
fn same_line(a: Point, b: Point) -> bool {
    (a.y - b.y).abs() < Abs::pt(4.5)
}

#[derive(Debug, Default)]
struct Walk {
    /// None before the first marker: the masthead.
    part: Option<Part>,
    saw_body: bool,
    /// Elements being skipped, by location; text is counted only when this is empty.
    skipping: Vec<Location>,
    body: usize,
    front: usize,
    chapters: Vec<PartWords>,
    /// The chapter being counted (none: the front matter).
    chapter: Option<usize>,
    /// The chapter each footnote was referred to from, by the footnote's location.
    note_chapters: HashMap<Location, Option<usize>>,
    /// Footnote entries being counted, each with the chapter its words go to.
    entries: Vec<(Location, Option<usize>)>,
    /// Entries that ran over from the page before: they go on after this page's separator.
    parked: Vec<(Location, Option<usize>)>,
    annexes: Vec<PartWords>,
    in_word: bool,
    word_has_alphanumeric: bool,
    joiner: Joiner,
}

impl Walk {
    /// A new page: a footnote still open goes on below the separator, not in the body.
    fn start_page(&mut self) {
        self.end_word();
        self.parked.append(&mut self.entries);
    }

    fn frame(&mut self, page: usize, frame: &Frame, ts: Transform) -> Result<(), WordCountError> {
        for (position, item) in frame.items() {
            match item {
                FrameItem::Group(group) => {
                    self.frame(page, &group.frame, group_transform(ts, *position, group))?;
                }
                FrameItem::Tag(Tag::Start(content, _)) => {
                    let label = content.label().map(|label| label.resolve());
                    let label = label.as_ref().map(|label| label.as_str());
                    if let Some(marker) = content.to_packed::<MetadataElem>()
                        && label == Some(PART_LABEL)
                    {
                        self.switch_part(&marker.value)?;
                    }
                    let is_footnote_number = content
                        .to_packed::<PdfMarkerTag>()
                        .is_some_and(|tag| matches!(tag.kind, PdfMarkerTagKind::Label));
                    let skipped =
                        label == Some(SKIP_LABEL) || label == Some(super::reading::FURNITURE_LABEL);
                    if (skipped || is_footnote_number)
                        && let Some(location) = content.location()
                    {
                        self.skipping.push(location);
                    }
                    if label == Some(FOOTNOTE_SEPARATOR_LABEL) {
                        self.end_word();
                        self.entries.append(&mut self.parked);
                    }
                    if content.to_packed::<FootnoteElem>().is_some()
                        && let Some(location) = content.location()
                    {
                        self.note_chapters.entry(location).or_insert(self.chapter);
                    }
                    if let Some(entry) = content.to_packed::<FootnoteEntry>()
                        && let Some(location) = content.location()
                    {
                        let chapter = entry
                            .note
                            .location()
                            .and_then(|note| self.note_chapters.get(&note).copied())
                            .unwrap_or(self.chapter);
                        self.end_word();
                        self.entries.push((location, chapter));
                    }
                }
                FrameItem::Tag(Tag::End(location, ..)) => {
                    if let Some(index) = self.skipping.iter().rposition(|open| open == location) {
                        self.skipping.remove(index);
                    }
                    if let Some(index) = self.entries.iter().rposition(|(open, _)| open == location)
                    {
                        self.end_word();
                        self.entries.remove(index);
                    }
                }
                FrameItem::Text(text) => self.text(page, *position, text, ts),
                _ => {}
            }
        }
        Ok(())
    }

    fn switch_part(&mut self, value: &Value) -> Result<(), WordCountError> {
        let bad = || WordCountError::BadMarker(value.repr().to_string());
        let Value::Dict(marker) = value else {
            return Err(bad());
        };
        let field = |name: &str| match marker.get(name) {
            Ok(Value::Str(text)) => Some(text.as_str().to_owned()),
            _ => None,
        };
        self.end_word();
        self.joiner.reset();
        match field("part").as_deref() {
            Some("body") => {
                self.saw_body = true;
                self.part = Some(Part::Body);
                self.chapter = None;
            }
            Some("chapter") => {
                let name = field("name").ok_or_else(bad)?;
                self.saw_body = true;
                self.part = Some(Part::Body);
                self.chapters.push(PartWords { name, words: 0 });
                self.chapter = Some(self.chapters.len() - 1);
            }
            Some("annex") => {
                let name = field("name").ok_or_else(bad)?;
                self.annexes.push(PartWords { name, words: 0 });
                self.part = Some(Part::Annex(self.annexes.len() - 1));
            }
            _ => return Err(bad()),
        }
        Ok(())
    }

    fn text(&mut self, page: usize, position: Point, text: &TextItem, ts: Transform) {
        if self.part.is_none() || !self.skipping.is_empty() {
            return;
        }
        let (start, end) = run_bounds(position, text, ts);
        if text.text.as_str() == SOFT_HYPHEN {
            self.joiner.soft_hyphen(page, end);
            return;
        }
        if !self.joiner.continues(page, start) {
            self.end_word();
        }
        for c in text.text.chars() {
            if c.is_whitespace() {
                self.end_word();
            } else {
                self.in_word = true;
                self.word_has_alphanumeric |= c.is_alphanumeric();
            }
        }
        self.joiner.ran(page, end, text.text.as_str());
    }

    fn end_word(&mut self) {
        if self.in_word && self.word_has_alphanumeric {
            match self.part {
                Some(Part::Body) => {
                    self.body += 1;
                    let chapter = self
                        .entries
                        .last()
                        .map_or(self.chapter, |(_, chapter)| *chapter);
                    match chapter.and_then(|index| self.chapters.get_mut(index)) {
                        Some(chapter) => chapter.words += 1,
                        None => self.front += 1,
                    }
                }
                Some(Part::Annex(index)) => {
                    if let Some(annex) = self.annexes.get_mut(index) {
                        annex.words += 1;
                    }
                }
                None => {}
            }
        }
        self.in_word = false;
        self.word_has_alphanumeric = false;
    }

    fn finish(mut self) -> Result<WordCount, WordCountError> {
        self.end_word();
        if !self.saw_body {
            return Err(WordCountError::NoBody);
        }
        Ok(WordCount {
            body: self.body,
            front: self.front,
            chapters: self.chapters,
            annexes: self.annexes,
        })
    }
}

#[cfg(test)]
pub(super) mod tests {
    use std::path::Path;

    use typst::foundations::Datetime;

    use super::*;
    use crate::typeset::{SandboxWorld, load_fonts};

    pub(in crate::typeset) fn layout(source: &str) -> PagedDocument {
        let fonts_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
        let fonts = load_fonts(&fonts_dir)
            .expect("the bundled fonts load")
            .fonts;
        let templates = tempfile::tempdir().expect("a temporary folder");
        let today = Datetime::from_ymd(2009, 8, 12).expect("a valid date");
        let world = SandboxWorld::new(templates.path(), fonts, source.to_owned(), today)
            .expect("the sandbox opens");
        let compiled = typst::compile::<PagedDocument>(&world);
        assert!(compiled.warnings.is_empty(), "{:?}", compiled.warnings);
        compiled.output.expect("the test document compiles")
    }

    const PREAMBLE: &str = r#"
#set page(width: 12cm, height: 12cm, margin: 1.5cm,
  header: [#block[Running head of four words] <not-counted>],
  footer: context [#block[Page #here().page()] <not-counted>])
#set text(font: "Liberation Serif", size: 10pt, lang: "en")
"#;

    #[test]
    fn counts_body_footnotes_headings_and_tables_and_annexes_apart() {
        let document = layout(&format!(
            r#"{PREAMBLE}
Masthead words are not counted

#metadata((part: "body")) <word-count>
= Heading of four words

#box[12.] <not-counted> Text with cross-border trade in 2006–2008 – and a note.#footnote[The note has five words.]

#table(columns: 2, [Cell], [12], [two words], [x])

#pagebreak()
#metadata((part: "annex", name: "Annex I")) <word-count>
= Annex I

Annex text of five words.

#metadata((part: "annex", name: "Annex II")) <word-count>
One more.
"#
        ));
        let count = count_words(&document).expect("the markers are well formed");
        // 4 (heading) + 9 (paragraph: no number, the lone dash is no word) + 5 (footnote, its
        // number left out) + 5 (table); not the masthead, the running head or the page number.
        assert_eq!(count.body, 23);
        assert_eq!(count.front, 23);
        assert_eq!(
            count.annexes,
            vec![
                PartWords {
                    name: "Annex I".to_owned(),
                    words: 7
                },
                PartWords {
                    name: "Annex II".to_owned(),
                    words: 2
                },
            ]
        );
        assert_eq!(count.annexes_total(), 9);
    }

    #[test]
    fn chapters_are_counted_apart_with_their_footnotes() {
        let document = layout(&format!(
            r#"{PREAMBLE}
#metadata((part: "body")) <word-count>
Title of three words.

#metadata((part: "chapter", name: "I")) <word-count>
Chapter one has five words.#footnote[Its note has six words here.]

#metadata((part: "chapter", name: "II")) <word-count>
Chapter two is three.
"#
        ));
        let count = count_words(&document).expect("the markers are well formed");
        assert_eq!(count.front, 4);
        assert_eq!(
            count.chapters,
            vec![
                PartWords {
                    name: "I".to_owned(),
                    words: 11
                },
                PartWords {
                    name: "II".to_owned(),
                    words: 4
                },
            ]
        );
        assert_eq!(count.body, 19);
    }

    fn has_soft_hyphen(frame: &Frame) -> bool {
        frame.items().any(|(_, item)| match item {
            FrameItem::Group(group) => has_soft_hyphen(&group.frame),
            FrameItem::Text(text) => text.text.as_str() == SOFT_HYPHEN,
            _ => false,
        })
    }

    #[test]
    fn a_word_hyphenated_at_the_line_end_is_one_word() {
        let document = layout(&format!(
            r#"{PREAMBLE}
#metadata((part: "body")) <word-count>
#block(width: 2.2cm)[#set text(hyphenate: true); #set par(justify: true)
internationalization characterization responsibilities intergovernmental]
"#
        ));
        assert!(
            document
                .pages()
                .iter()
                .any(|page| has_soft_hyphen(&page.frame)),
            "the test needs Typst to hyphenate"
        );
        assert_eq!(count_words(&document).map(|count| count.body), Ok(4));
    }

    #[test]
    fn runs_that_touch_on_a_line_are_one_word() {
        let document = layout(&format!(
            r#"{PREAMBLE}
#metadata((part: "body")) <word-count>
Anti#text(weight: "bold")[trafficking] and #text(style: "italic")[co]operation.
"#
        ));
        assert_eq!(count_words(&document).map(|count| count.body), Ok(3));
    }

    #[test]
    fn a_template_without_a_body_marker_or_with_a_bad_one_is_an_error() {
        let document = layout(&format!("{PREAMBLE}\nNo markers here."));
        assert_eq!(count_words(&document), Err(WordCountError::NoBody));

        let document = layout(&format!(
            "{PREAMBLE}\n#metadata((part: \"preface\")) <word-count>\nText."
        ));
        assert!(matches!(
            count_words(&document),
            Err(WordCountError::BadMarker(_))
        ));
    }
}
