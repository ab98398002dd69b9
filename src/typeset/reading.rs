//! Part of stage 5, typeset: the laid-out report read back as blocks of text (headings,
//! paragraphs, tables, footnotes, other lines), in reading order, for the text draft that
//! reviewers diff. Reading the pages, not the model, means the draft says exactly what the PDF
//! says: paragraph and table numbers as Typst counted them, quotation marks as set.
//!
//! It also measures where the body's lines sit on each page, for the check of page breaks
//! ([`page_break_faults`]: a heading left at a page foot, a large gap at a page foot, a page
//! holding only the last lines of a chapter).
//!
//! In: the [`PagedDocument`]. Out: [`Block`]s and [`PageLayout`]s. The template marks what is not the report's
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
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reading {
    pub blocks: Vec<Block>,
    /// The first text run of each page (page furniture aside): a change of layout that moves
    /// a page break shows here even when no word changed.
    pub page_starts: Vec<String>,
    /// Where the body's lines and the footnotes sit on each page.
    pub pages: Vec<PageLayout>,
    /// Headings whose next line of body text is on a later page: `(page, heading)`, pages
    /// counted from 1.
    pub stranded_headings: Vec<(usize, String)>,
}

/// How one page is filled, in points from its top.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageLayout {
    pub height: f64,
    /// Baselines of the body's lines (footnotes and page furniture aside), top to bottom.
    pub body_lines: Vec<f64>,
    /// The first footnote line's baseline, where the page has footnotes.
    pub footnote_top: Option<f64>,
    /// The page opens with an annex (which starts a page of its own) or the first chapter.
    pub opens_annex: bool,
    /// A chapter or annex heading is on the page.
    pub has_chapter_heading: bool,
}

/// What an editor would send back about the page breaks of `reading`, one line per fault: a
/// heading left at the foot of a page, a gap of more than a fifth of the page at the foot of a
/// page the chapter goes on after, a page holding three lines or fewer of a chapter's end
/// before an annex. Pages before the first chapter (front matter, contents) are not checked.
pub fn page_break_faults(reading: &Reading) -> Vec<String> {
    let mut faults: Vec<String> = reading
        .stranded_headings
        .iter()
        .map(|(page, heading)| format!("page {page}: the heading `{heading}` is at the page foot"))
        .collect();
    let Some(first) = reading
        .pages
        .iter()
        .position(|page| page.has_chapter_heading)
    else {
        return faults;
    };
    // The text area's foot: the lowest body line of any page.
    let foot = reading
        .pages
        .iter()
        .flat_map(|page| page.body_lines.last())
        .fold(0.0_f64, |lowest, line| lowest.max(*line));
    for (index, page) in reading.pages.iter().enumerate().skip(first) {
        let number = index + 1;
        let Some(last) = page.body_lines.last() else {
            continue;
        };
        let next_opens_annex = reading
            .pages
            .get(index + 1)
            .is_none_or(|next| next.opens_annex);
        if next_opens_annex {
            if page.body_lines.len() <= 3 && !page.has_chapter_heading {
                faults.push(format!(
                    "page {number}: only {} line(s), the end of a chapter, before the next page",
                    page.body_lines.len()
                ));
            }
            continue;
        }
        let bottom = page.footnote_top.map_or(foot, |top| top.min(foot));
        let gap = bottom - last;
        if gap > page.height / 5.0 {
            faults.push(format!(
                "page {number}: a gap of {:.0} pt at the foot, and the chapter goes on overleaf",
                gap
            ));
        }
    }
    faults
}

/// Reads the document's blocks in reading order; footnotes come where their page puts them.
pub fn read_blocks(document: &PagedDocument) -> Reading {
    let mut reader = Reader::default();
    for (page, content) in document.pages().iter().enumerate() {
        reader.start_page();
        reader.pages.push(PageLayout {
            height: content.frame.height().to_pt(),
            ..PageLayout::default()
        });
        reader.frame(page, &content.frame, Transform::identity());
    }
    reader.flush_loose();
    Reading {
        blocks: reader.blocks,
        page_starts: reader.page_starts,
        pages: reader.pages,
        stranded_headings: reader.stranded_headings,
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
    pages: Vec<PageLayout>,
    /// The last heading closed, with its page, until body text follows it.
    pending_heading: Option<(usize, String)>,
    stranded_headings: Vec<(usize, String)>,
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
            Kind::Heading(level) => {
                let page = self.pages.len().saturating_sub(1);
                if level == 1
                    && let Some(layout) = self.pages.last_mut()
                {
                    layout.has_chapter_heading = true;
                    if text.starts_with("Annex") && layout.body_lines.len() <= 1 {
                        layout.opens_annex = true;
                    }
                }
                self.pending_heading = Some((page, text.clone()));
                self.blocks.push(Block::Heading { level, text });
            }
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
        self.measure(page, start.y.to_pt());
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

    /// Notes where a line of the page sits: in a footnote, in a heading or in the body.
    fn measure(&mut self, page: usize, baseline: f64) {
        let in_footnote = self
            .open
            .iter()
            .any(|open| matches!(open.kind, Kind::Footnote));
        let in_heading = self
            .open
            .iter()
            .any(|open| matches!(open.kind, Kind::Heading(_)));
        let Some(layout) = self.pages.get_mut(page) else {
            return;
        };
        if in_footnote {
            layout.footnote_top = Some(
                layout
                    .footnote_top
                    .map_or(baseline, |top| top.min(baseline)),
            );
            return;
        }
        // Superscripts sit a few points above their line: one line.
        if !layout
            .body_lines
            .iter()
            .any(|line| (line - baseline).abs() < 4.5)
        {
            layout.body_lines.push(baseline);
            layout.body_lines.sort_by(f64::total_cmp);
        }
        if !in_heading
            && let Some((heading_page, heading)) = self.pending_heading.take()
            && heading_page != page
        {
            self.stranded_headings.push((heading_page + 1, heading));
        }
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

#[cfg(test)]
mod page_break_tests {
    use super::{page_break_faults, read_blocks};
    use crate::typeset::words::tests::layout;

    const PAGE: &str = r#"
#set page(width: 12cm, height: 12cm, margin: 1.5cm)
#set text(font: "Liberation Serif", size: 10pt, lang: "en")
"#;

    fn faults(body: &str) -> Vec<String> {
        page_break_faults(&read_blocks(&layout(&format!("{PAGE}{body}"))))
    }

    #[test]
    fn a_heading_at_a_page_foot_is_a_fault() {
        let stranded = faults(
            "= I. Introduction\n#lorem(60)\n#v(1fr)\n#block(sticky: false)[#heading(level: 2)[A. Alone]]\n#pagebreak()\n#lorem(30)",
        );
        assert!(
            stranded
                .iter()
                .any(|fault| fault.contains("`A. Alone` is at the page foot")),
            "{stranded:?}"
        );
        // Typst keeps a heading with what follows it by default.
        let kept = faults("= I. Introduction\n#lorem(60)\n#v(6.3cm)\n== A. Kept\n#lorem(40)");
        assert!(kept.iter().all(|fault| !fault.contains("Kept")), "{kept:?}");
    }

    #[test]
    fn a_large_gap_before_a_page_the_chapter_goes_on_is_a_fault() {
        let gap = faults("= I. Introduction\n#lorem(20)\n#pagebreak()\n#lorem(200)");
        assert!(
            gap.iter().any(|fault| fault.contains("page 1: a gap")),
            "{gap:?}"
        );
        // Before an annex, which starts a page of its own, a short page is no gap.
        let annex = faults("= I. Introduction\n#lorem(200)\n#pagebreak()\n= Annex I\n#lorem(20)");
        assert!(
            annex.iter().all(|fault| !fault.contains("gap")),
            "{annex:?}"
        );
    }

    #[test]
    fn a_page_holding_only_a_chapter_end_is_a_fault() {
        let short = faults(
            "= I. Introduction\n#lorem(100)\n#pagebreak()\nLast words.\n#pagebreak()\n= Annex I\n#lorem(20)",
        );
        assert!(
            short
                .iter()
                .any(|fault| fault.contains("page 2: only 1 line")),
            "{short:?}"
        );
    }
}
