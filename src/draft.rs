//! The text draft: the report as reviewers read and diff it. One block per paragraph of text,
//! blank lines between blocks, no wrapping, so that a change shows as a changed line.
//!
//! In: the [`Block`]s read back from the laid-out PDF (`typeset::read_blocks`). Out: text:
//! `# ` and `## ` before chapter and section headings, paragraphs with their numbers as
//! printed, footnote references as `[2]`, tables as aligned rows between `|`, other lines
//! (masthead, title, captions) as they are, and every footnote, numbered, at the end.

use crate::typeset::Block;

/// Format line at the top of every text draft.
pub const DRAFT_FORMAT: &str = "report-draft/1";

pub fn draft_text(blocks: &[Block]) -> String {
    let mut out = format!("<!-- {DRAFT_FORMAT} -->\n");
    let mut footnotes = Vec::new();
    for block in blocks {
        let text = match block {
            Block::Heading { level, text } => {
                format!("{} {text}", "#".repeat((*level).clamp(1, 6)))
            }
            Block::Paragraph { text } | Block::Line { text } => text.clone(),
            Block::Table { rows } => table_text(rows),
            Block::Footnote { text } => {
                footnotes.push(footnote_text(text));
                continue;
            }
        };
        out.push('\n');
        out.push_str(&text);
        out.push('\n');
    }
    if !footnotes.is_empty() {
        out.push_str("\n---\n");
        for note in footnotes {
            out.push('\n');
            out.push_str(&note);
            out.push('\n');
        }
    }
    out
}

/// `[2] Compiled on ...` as read (the number is a superscript), or `2 Compiled on ...` ->
/// `[2] Compiled on ...`.
fn footnote_text(text: &str) -> String {
    if text.starts_with('[') {
        return text.to_owned();
    }
    match text.split_once(' ') {
        Some((marker, rest)) if marker.chars().count() <= 3 => format!("[{marker}] {rest}"),
        _ => format!("[] {text}"),
    }
}

/// Rows between `|`, the first column left-aligned and the others right-aligned, as figures
/// are in the PDF.
fn table_text(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|column| {
            rows.iter()
                .filter_map(|row| row.get(column))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|row| {
            let cells: Vec<String> = (0..columns)
                .map(|column| {
                    let cell = row.get(column).map_or("", String::as_str);
                    let width = widths.get(column).copied().unwrap_or(0);
                    if column == 0 {
                        format!("{cell:<width$}")
                    } else {
                        format!("{cell:>width$}")
                    }
                })
                .collect();
            format!("| {} |", cells.join(" | "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}
