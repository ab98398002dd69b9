//! Part of stage 5, typeset: the laid-out report read back as blocks of text (headings,
//! paragraphs, tables, footnotes, other lines), in reading order, for the text draft that
//! reviewers diff. Reading the pages, not the model, means the draft says exactly what the PDF
//! says: paragraph and table numbers as Typst counted them, quotation marks as set.
//!
//! In: the [`PagedDocument`]. Out: [`Block`]s. The template marks what is not the report's
//! text (`<page-furniture>`: running heads, page numbers, the bar code) and the tables
//! (`#metadata((columns: n)) <draft-table>` before a table, `<table-cell>` on each cell);
//! headings, paragraphs and footnotes are Typst's own elements.

use typst::foundations::{Content, Value};
use typst::introspection::{Location, MetadataElem, Tag};
use typst::layout::{Frame, FrameItem, Point, Transform};
use typst::model::{FootnoteEntry, HeadingElem, ParElem, TableElem};
use typst::pdf::{PdfMarkerTag, PdfMarkerTagKind};
use typst::text::{SuperElem, TextItem};
use typst_layout::PagedDocument;

use super::words::{Joiner, SOFT_HYPHEN, group_transform, run_bounds};

/// Label of page furniture, left out of the draft (and of the word count).
pub const FURNITURE_LABEL: &str = "page-furniture";
/// Label of the marker before a table, holding `(columns: n)`.
pub const TABLE_LABEL: &str = "draft-table";
/// Label of each cell of a marked table.
pub const CELL_LABEL: &str = "table-cell";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading {
        level: usize,
        text: String,
    },
    Paragraph {
        text: String,
    },
    /// Text that is in no paragraph: masthead, title, captions.
    Line {
        text: String,
    },
    Table {
        rows: Vec<Vec<String>>,
    },
    /// The note's text, its marker first (`2 Compiled on ...`).
    Footnote {
        text: String,
    },
}

/// The document read back: its blocks, and where each page starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    pub blocks: Vec<Block>,
    /// The first text run of each page (page furniture aside): a change of layout that moves
    /// a page break shows here even when no word changed.
    pub page_starts: Vec<String>,
}

/// Reads the document's blocks in reading order; footnotes come where their page puts them.
pub fn read_blocks(document: &PagedDocument) -> Reading {
    let mut reader = Reader::default();
    for (page, content) in document.pages().iter().enumerate() {
        reader.start_page();
        reader.frame(page, &content.frame, Transform::identity());
    }
    reader.flush_loose();
    Reading {
        blocks: reader.blocks,
        page_starts: reader.page_starts,
    }
}

#[derive(Debug)]
enum Kind {
    Heading(usize),
    Paragraph,
    Footnote,
    Table {
        columns: usize,
    },
    Cell,
    /// A footnote's number or letter in the text, or another superscript: shown as `[2]`.
    NoteMarker,
}

#[derive(Debug)]
struct Open {
    location: Location,
    kind: Kind,
    text: String,
    cells: Vec<String>,
}

#[derive(Debug, Default)]
struct Reader {
    blocks: Vec<Block>,
    open: Vec<Open>,
    furniture: Vec<Location>,
    /// Columns announced by the last `<draft-table>` marker, for the next table.
    next_table_columns: Option<usize>,
    loose: String,
    joiner: Joiner,
    page_starts: Vec<String>,
    /// A footnote that ran over from the page before, with what was open inside it: it goes
    /// on after this page's footnote separator.
    parked: Vec<Open>,
}

impl Reader {
    fn start_page(&mut self) {
        if let Some(index) = self
            .open
            .iter()
            .position(|open| matches!(open.kind, Kind::Footnote))
        {
            let mut continued = self.open.split_off(index);
            self.parked.append(&mut continued);
        }
    }

    fn frame(&mut self, page: usize, frame: &Frame, ts: Transform) {
        for (position, item) in frame.items() {
            match item {
                FrameItem::Group(group) => {
                    self.frame(page, &group.frame, group_transform(ts, *position, group));
                }
                FrameItem::Tag(Tag::Start(content, _)) => self.start(content),
                FrameItem::Tag(Tag::End(location, ..)) => self.end(*location),
                FrameItem::Text(text) => self.text(page, *position, text, ts),
                _ => {}
            }
        }
    }

    fn start(&mut self, content: &Content) {
        let Some(location) = content.location() else {
            return;
        };
        let label = content.label().map(|label| label.resolve());
        let label = label.as_ref().map(|label| label.as_str());
        if label == Some(FURNITURE_LABEL) {
            self.furniture.push(location);
            return;
        }
        if label == Some(super::words::FOOTNOTE_SEPARATOR_LABEL) {
            self.flush_loose();
            self.joiner.reset();
            self.open.append(&mut self.parked);
            return;
        }
        if !self.furniture.is_empty() {
            return;
        }
        if label == Some(TABLE_LABEL)
            && let Some(marker) = content.to_packed::<MetadataElem>()
            && let Value::Dict(dict) = &marker.value
            && let Ok(Value::Int(columns)) = dict.get("columns")
        {
            self.next_table_columns = usize::try_from(*columns).ok();
            return;
        }
        let kind = if content.is::<HeadingElem>() {
            let level = match content.get_by_name("level") {
                Ok(Value::Int(level)) => usize::try_from(level).unwrap_or(1),
                _ => 1,
            };
            Kind::Heading(level)
        } else if content.is::<FootnoteEntry>() {
            Kind::Footnote
        } else if content.is::<TableElem>() {
            match self.next_table_columns.take() {
                Some(columns) => Kind::Table { columns },
                None => return,
            }
        } else if label == Some(CELL_LABEL) && self.in_table() {
            Kind::Cell
        } else if content
            .to_packed::<PdfMarkerTag>()
            .is_some_and(|tag| matches!(tag.kind, PdfMarkerTagKind::Label))
            || (content.is::<SuperElem>() && !self.in_marker())
        {
            Kind::NoteMarker
        } else if content.is::<ParElem>() && !self.in_collector() {
            Kind::Paragraph
        } else {
            return;
        };
        if matches!(
            kind,
            Kind::Heading(_) | Kind::Paragraph | Kind::Footnote | Kind::Table { .. }
        ) {
            self.flush_loose();
        }
        if matches!(kind, Kind::NoteMarker) {
            self.push_text("[");
        }
        self.joiner.reset();
        self.open.push(Open {
            location,
            kind,
            text: String::new(),
            cells: Vec::new(),
        });
    }

    /// Inside a heading, footnote or cell, a paragraph is part of it, not a block of its own.
    fn in_collector(&self) -> bool {
        self.open.iter().any(|open| {
            matches!(
                open.kind,
                Kind::Heading(_) | Kind::Footnote | Kind::Cell | Kind::Table { .. }
            )
        })
    }

    fn in_marker(&self) -> bool {
        self.open
            .iter()
            .any(|open| matches!(open.kind, Kind::NoteMarker))
    }

    fn in_table(&self) -> bool {
        self.open
            .iter()
            .any(|open| matches!(open.kind, Kind::Table { .. }))
    }

    fn end(&mut self, location: Location) {
        if let Some(index) = self.furniture.iter().rposition(|open| *open == location) {
            self.furniture.remove(index);
            return;
        }
        let Some(index) = self.open.iter().rposition(|open| open.location == location) else {
            return;
        };
        // Elements close in order; anything opened inside and not closed is closed with it.
        while self.open.len() > index {
            let Some(open) = self.open.pop() else {
                break;
            };
            self.close(open);
        }
    }

    fn close(&mut self, open: Open) {
        let text = tidy(&open.text);
        match open.kind {
            Kind::Heading(level) => self.blocks.push(Block::Heading { level, text }),
            Kind::Paragraph => {
                if !text.is_empty() {
                    self.blocks.push(Block::Paragraph { text });
                }
            }
            Kind::Footnote => self.blocks.push(Block::Footnote { text }),
            Kind::Cell => {
                if let Some(table) = self
                    .open
                    .iter_mut()
                    .rev()
                    .find(|open| matches!(open.kind, Kind::Table { .. }))
                {
                    table.cells.push(text);
                }
            }
            Kind::Table { columns } => {
                let mut rows: Vec<Vec<String>> = open
                    .cells
                    .chunks(columns.max(1))
                    .map(<[String]>::to_vec)
                    .collect();
                // A table that runs over a page repeats its header there: keep it once.
                if let Some(header) = rows.first().cloned() {
                    let mut seen_header = false;
                    rows.retain(|row| {
                        if *row == header {
                            let keep = !seen_header;
                            seen_header = true;
                            keep
                        } else {
                            true
                        }
                    });
                }
                self.blocks.push(Block::Table { rows });
            }
            Kind::NoteMarker => {
                let marker = text;
                self.push_text(&marker);
                self.push_text("]");
            }
        }
        self.joiner.reset();
    }

    fn push_text(&mut self, text: &str) {
        match self.open.last_mut() {
            Some(open) => open.text.push_str(text),
            None => self.loose.push_str(text),
        }
    }

    fn text(&mut self, page: usize, position: Point, text: &TextItem, ts: Transform) {
        if !self.furniture.is_empty() {
            return;
        }
        let (start, end) = run_bounds(position, text, ts);
        if self.page_starts.len() <= page {
            self.page_starts.resize(page, String::new());
            self.page_starts.push(text.text.trim().to_owned());
        }
        if text.text.as_str() == SOFT_HYPHEN {
            self.joiner.soft_hyphen(page, end);
            return;
        }
        let continues = self.joiner.continues(page, start);
        let new_line = self.joiner.on_new_line(page, start);
        if self.open.is_empty() && new_line && !continues {
            // Outside paragraphs, each line of the page is a line of the draft.
            self.flush_loose();
        } else if !continues {
            self.push_text(" ");
        }
        self.push_text(text.text.as_str());
        self.joiner.ran(page, end, text.text.as_str());
    }

    fn flush_loose(&mut self) {
        let text = tidy(&self.loose);
        if !text.is_empty() {
            self.blocks.push(Block::Line { text });
        }
        self.loose.clear();
    }
}

/// Single spaces, no space before a closing footnote bracket or after an opening one.
fn tidy(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("[ ", "[")
        .replace(" ]", "]")
}
