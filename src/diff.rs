//! `report diff`: two text drafts compared paragraph by paragraph, as a reviewer wants to see
//! them: what was added, removed, changed (down to the words) and moved, with a paragraph that
//! only got a new number (because one was inserted before it) not reported as changed.
//!
//! In: the texts of two drafts (`report-draft/1`, see [`crate::draft`]). Out: a [`DraftDiff`],
//! rendered for people ([`render_human`], coloured on a terminal) or programs ([`render_json`],
//! `report-diff/1`).
//!
//! Blocks are the draft's paragraphs, headings, footnotes and table rows. They are matched on
//! their text without paragraph numbers and footnote numbers (similar's patience diff); a
//! deleted and an inserted block with the same text are a move; a deleted and an inserted block
//! at the same place that still share most words are a change, shown word by word.

use serde::Serialize;
use similar::{Algorithm, ChangeTag, DiffOp, TextDiff};

pub const DIFF_FORMAT: &str = "report-diff/1";

/// Words shown on each side of a changed stretch.
const CONTEXT_WORDS: usize = 6;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftBlock {
    /// `paragraph`, `heading`, `footnote`, `table row` or `line`.
    pub kind: &'static str,
    /// The paragraph's number (`12`), a footnote's marker (`2`), if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The heading the block is under.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub under: String,
    pub text: String,
    /// The text it is matched on: no numbers of paragraphs or footnotes.
    #[serde(skip)]
    key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    Added {
        new: DraftBlock,
    },
    Removed {
        old: DraftBlock,
    },
    Changed {
        old: DraftBlock,
        new: DraftBlock,
        words: Vec<WordChange>,
    },
    Moved {
        old: DraftBlock,
        new: DraftBlock,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordChange {
    /// `same`, `removed` or `added`.
    pub op: &'static str,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DiffSummary {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    pub moved: usize,
    /// Blocks whose text is the same but whose number changed.
    pub renumbered: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DraftDiff {
    pub format: &'static str,
    pub summary: DiffSummary,
    pub changes: Vec<Change>,
}

impl DraftDiff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.summary.renumbered == 0
    }
}

/// The blocks of a draft: paragraphs separated by blank lines, each table row on its own.
pub fn parse_draft(text: &str) -> Vec<DraftBlock> {
    let mut blocks = Vec::new();
    let mut under = String::new();
    let mut in_footnotes = false;
    for chunk in text.split("\n\n") {
        let chunk = chunk.trim_matches('\n');
        if chunk.is_empty() || chunk.starts_with("<!--") {
            continue;
        }
        if chunk == "---" {
            in_footnotes = true;
            continue;
        }
        for line in chunk.lines() {
            let line = line.trim_end();
            if line.is_empty() {
                continue;
            }
            let block = classify(line, in_footnotes, &under);
            if block.kind == "heading" {
                under = block.text.trim_start_matches('#').trim().to_owned();
            }
            blocks.push(block);
        }
    }
    blocks
}

fn classify(line: &str, in_footnotes: bool, under: &str) -> DraftBlock {
    let block = |kind, number: Option<&str>, key: String| DraftBlock {
        kind,
        number: number.map(str::to_owned),
        under: under.to_owned(),
        text: line.to_owned(),
        key,
    };
    if line.starts_with('#') {
        return block("heading", None, line.to_owned());
    }
    if line.starts_with('|') {
        return block("table row", None, without_note_numbers(line));
    }
    if in_footnotes
        && let Some(rest) = line.strip_prefix('[')
        && let Some((marker, text)) = rest.split_once("] ")
    {
        return block("footnote", Some(marker), without_note_numbers(text));
    }
    if let Some((number, text)) = line.split_once(". ")
        && !number.is_empty()
        && number.len() <= 4
        && number.chars().all(|c| c.is_ascii_digit())
    {
        return block("paragraph", Some(number), without_note_numbers(text));
    }
    block("line", None, without_note_numbers(line))
}

/// `Secretariat,[2] as at` -> `Secretariat,[] as at`: footnote numbers shift when a note is
/// added before them.
fn without_note_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..=open]);
        let after = &rest[open + 1..];
        match after.find(']') {
            Some(close) if after[..close].chars().all(|c| c.is_ascii_digit()) => {
                rest = &after[close..];
            }
            _ => rest = after,
        }
    }
    out.push_str(rest);
    out
}

/// Compares two drafts.
pub fn compare(old_text: &str, new_text: &str) -> DraftDiff {
    let old = parse_draft(old_text);
    let new = parse_draft(new_text);
    let old_keys: Vec<&str> = old.iter().map(|block| block.key.as_str()).collect();
    let new_keys: Vec<&str> = new.iter().map(|block| block.key.as_str()).collect();
    let ops = similar::capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys);

    let mut summary = DiffSummary::default();
    // Deleted and inserted blocks, by index, in the order the diff meets them; a Replace keeps
    // its pairs together so that a block edited in place is paired with its new version.
    let mut removed: Vec<usize> = Vec::new();
    let mut added: Vec<usize> = Vec::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for op in &ops {
        match *op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                summary.renumbered += (0..len)
                    .filter(|offset| {
                        old[old_index + offset].number != new[new_index + offset].number
                    })
                    .count();
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => removed.extend(old_index..old_index + old_len),
            DiffOp::Insert {
                new_index, new_len, ..
            } => added.extend(new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let paired = old_len.min(new_len);
                for offset in 0..paired {
                    pairs.push((old_index + offset, new_index + offset));
                }
                removed.extend(old_index + paired..old_index + old_len);
                added.extend(new_index + paired..new_index + new_len);
            }
        }
    }

    // Pairs that share too little are a removal and an addition, not a change; a short block
    // (a footnote, a heading) or one that kept its number is a change all the same.
    let mut changed = Vec::new();
    for (old_index, new_index) in pairs {
        let (before, after) = (&old[old_index], &new[new_index]);
        let short = before.key.split_whitespace().count() <= 4;
        let kept_number = before.number.is_some() && before.number == after.number;
        if before.kind == after.kind
            && (short || kept_number || similarity(&before.key, &after.key) >= 0.5)
        {
            changed.push((old_index, new_index));
        } else {
            removed.push(old_index);
            added.push(new_index);
        }
    }

    // A block removed in one place and added in another with the same text has moved.
    let mut moved = Vec::new();
    removed.retain(|old_index| {
        match added
            .iter()
            .position(|new_index| new[*new_index].key == old[*old_index].key)
        {
            Some(position) => {
                moved.push((*old_index, added.remove(position)));
                false
            }
            None => true,
        }
    });

    let mut changes: Vec<(usize, Change)> = Vec::new();
    for (old_index, new_index) in changed {
        changes.push((
            new_index,
            Change::Changed {
                old: old[old_index].clone(),
                new: new[new_index].clone(),
                words: word_changes(&old[old_index].key, &new[new_index].key),
            },
        ));
    }
    for (old_index, new_index) in moved {
        changes.push((
            new_index,
            Change::Moved {
                old: old[old_index].clone(),
                new: new[new_index].clone(),
            },
        ));
    }
    for new_index in added {
        changes.push((
            new_index,
            Change::Added {
                new: new[new_index].clone(),
            },
        ));
    }
    for old_index in removed {
        // A removed block is placed where its successor now stands.
        let anchor = ops
            .iter()
            .find_map(|op| match *op {
                DiffOp::Delete {
                    old_index: start,
                    old_len,
                    new_index,
                }
                | DiffOp::Replace {
                    old_index: start,
                    old_len,
                    new_index,
                    ..
                } if (start..start + old_len).contains(&old_index) => Some(new_index),
                _ => None,
            })
            .unwrap_or(new.len());
        changes.push((
            anchor,
            Change::Removed {
                old: old[old_index].clone(),
            },
        ));
    }
    changes.sort_by_key(|(position, _)| *position);
    for (_, change) in &changes {
        match change {
            Change::Added { .. } => summary.added += 1,
            Change::Removed { .. } => summary.removed += 1,
            Change::Changed { .. } => summary.changed += 1,
            Change::Moved { .. } => summary.moved += 1,
        }
    }
    DraftDiff {
        format: DIFF_FORMAT,
        summary,
        changes: changes.into_iter().map(|(_, change)| change).collect(),
    }
}

fn similarity(old: &str, new: &str) -> f32 {
    TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_words(old, new)
        .ratio()
}

/// The words of a changed block: stretches that stayed are cut to a few words of context.
fn word_changes(old: &str, new: &str) -> Vec<WordChange> {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_words(old, new);
    let mut changes: Vec<WordChange> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => "same",
            ChangeTag::Delete => "removed",
            ChangeTag::Insert => "added",
        };
        match changes.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => changes.push(WordChange {
                op,
                text: change.value().to_owned(),
            }),
        }
    }
    let last = changes.len().saturating_sub(1);
    for (index, change) in changes.iter_mut().enumerate() {
        if change.op == "same" {
            change.text = shorten(&change.text, index > 0, index < last);
        }
    }
    changes
}

/// Keeps the words next to a change: the last ones after a change before it, the first ones
/// before a change after it.
fn shorten(text: &str, after_change: bool, before_change: bool) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let keep = CONTEXT_WORDS;
    let leading = text.starts_with(char::is_whitespace);
    let trailing = text.ends_with(char::is_whitespace);
    let wrap = |body: String| {
        format!(
            "{}{body}{}",
            if leading { " " } else { "" },
            if trailing { " " } else { "" }
        )
    };
    match (after_change, before_change) {
        (true, true) if words.len() > 2 * keep => wrap(format!(
            "{} … {}",
            words[..keep].join(" "),
            words[words.len() - keep..].join(" ")
        )),
        (true, false) if words.len() > keep => wrap(format!("{} …", words[..keep].join(" "))),
        (false, true) if words.len() > keep => {
            wrap(format!("… {}", words[words.len() - keep..].join(" ")))
        }
        _ => text.to_owned(),
    }
}

/// How a block is named in the output: `paragraph 12`, `heading`, `footnote 2`, `table row`.
fn name(block: &DraftBlock) -> String {
    match &block.number {
        Some(number) => format!("{} {number}", block.kind),
        None => block.kind.to_owned(),
    }
}

/// Colours for a terminal; plain markers otherwise.
pub struct Style {
    pub colour: bool,
}

impl Style {
    fn removed(&self, text: &str) -> String {
        if self.colour {
            let style = anstyle::Style::new()
                .fg_color(Some(anstyle::AnsiColor::Red.into()))
                .strikethrough();
            format!("{style}{text}{style:#}")
        } else {
            format!("[-{text}-]")
        }
    }

    fn added(&self, text: &str) -> String {
        if self.colour {
            let style = anstyle::Style::new()
                .fg_color(Some(anstyle::AnsiColor::Green.into()))
                .underline();
            format!("{style}{text}{style:#}")
        } else {
            format!("{{+{text}+}}")
        }
    }

    fn heading(&self, text: &str) -> String {
        if self.colour {
            let style = anstyle::Style::new().bold();
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    }
}

/// One entry per change: what and where, then the words (`[-old-]{+new+}` without colour).
pub fn render_human(diff: &DraftDiff, style: &Style) -> String {
    let mut out = String::new();
    for change in &diff.changes {
        let (title, body) = match change {
            Change::Added { new } => (
                format!("added {}", located(new)),
                style.added(&clip(&new.text)),
            ),
            Change::Removed { old } => (
                format!("removed {} (old numbering)", located(old)),
                style.removed(&clip(&old.text)),
            ),
            Change::Changed { old, new, words } => {
                let was = match (&old.number, &new.number) {
                    (Some(old_number), Some(new_number)) if old_number != new_number => {
                        format!(" (was {old_number})")
                    }
                    _ => String::new(),
                };
                let body: String = words
                    .iter()
                    .map(|word| match word.op {
                        "removed" => style.removed(&word.text),
                        "added" => style.added(&word.text),
                        _ => word.text.clone(),
                    })
                    .collect();
                (format!("changed {}{was}", located(new)), body)
            }
            Change::Moved { old, new } => (
                format!(
                    "moved {} to {}",
                    located(old),
                    located(new).trim_start_matches(&format!("{} ", new.kind))
                ),
                clip(&new.text),
            ),
        };
        out.push_str(&style.heading(&title));
        out.push('\n');
        out.push_str("  ");
        out.push_str(body.trim());
        out.push_str("\n\n");
    }
    let summary = &diff.summary;
    if diff.is_empty() {
        out.push_str("the drafts are the same\n");
    } else {
        out.push_str(&format!(
            "{} changed, {} added, {} removed, {} moved; {} renumbered without other change\n",
            summary.changed, summary.added, summary.removed, summary.moved, summary.renumbered
        ));
    }
    out
}

fn located(block: &DraftBlock) -> String {
    if block.under.is_empty() || block.kind == "heading" {
        name(block)
    } else {
        format!("{} (under \"{}\")", name(block), block.under)
    }
}

/// Long blocks are shown by their beginning.
fn clip(text: &str) -> String {
    const MAX: usize = 300;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut} …")
    }
}

pub fn render_json(diff: &DraftDiff) -> String {
    serde_json::to_string_pretty(diff).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footnote_numbers_do_not_count_as_text() {
        assert_eq!(
            without_note_numbers("Secretariat,[2] as at [a] and [12]"),
            "Secretariat,[] as at [a] and []"
        );
    }

    #[test]
    fn a_line_is_classified_by_its_shape() {
        let block = classify("12. The text.[3]", false, "I. Introduction");
        assert_eq!(block.kind, "paragraph");
        assert_eq!(block.number.as_deref(), Some("12"));
        assert_eq!(block.key, "The text.[]");
        assert_eq!(classify("# I. Introduction", false, "").kind, "heading");
        assert_eq!(classify("| a | 1 |", false, "").kind, "table row");
        assert_eq!(classify("[2] A note.", true, "").kind, "footnote");
        assert_eq!(classify("2009. Not a number.", false, "").kind, "paragraph");
        assert_eq!(classify("Summary", false, "").kind, "line");
    }
}
