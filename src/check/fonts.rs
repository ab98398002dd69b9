//! Text the fonts cannot show: found reply by reply, so that one reply in a script the bundled
//! fonts lack is left out (with a finding) instead of stopping the whole build at the PDF/A
//! glyph check.
//!
//! In: the check's outcome and a test of which characters the fonts cover. Out: the same
//! outcome with such replies moved from accepted to left out, and a finding per string.

use serde_json::Value;
use typst::text::is_default_ignorable;

use crate::diagnostic::Finding;
use crate::gather::Gathered;

use super::{Checked, LeftOut, with_paragraph_from_pointer};

/// The most characters one finding lists.
const SHOWN_CHARACTERS: usize = 8;

/// Leaves out every accepted reply with typeset text that `covers` says no font can show.
pub fn leave_out_text_the_fonts_cannot_show(
    gathered: &Gathered,
    checked: &mut Checked,
    covers: impl Fn(char) -> bool,
) {
    // Nearly all text is ASCII, which the report's fonts cover: such a string needs no look-up.
    let ascii_covered = (0x20u8..0x7f).all(|byte| covers(char::from(byte)));
    let mut kept = Vec::with_capacity(checked.accepted.len());
    for sourced in std::mem::take(&mut checked.accepted) {
        // The reply as read, not the file: fields the format does not know are never printed.
        let value = serde_json::to_value(&sourced.reply).unwrap_or(Value::Null);
        let mut uncovered: Vec<(String, Vec<char>)> = Vec::new();
        super::text::for_each_typeset_string(&value, &mut |path, text| {
            if ascii_covered && text.is_ascii() {
                return;
            }
            let missing = uncovered_characters(text, &covers);
            if !missing.is_empty() {
                uncovered.push((super::text::pointer(path), missing));
            }
        });
        if uncovered.is_empty() {
            kept.push(sourced);
            continue;
        }
        let source_map = gathered
            .documents
            .iter()
            .find(|document| document.source == sourced.source)
            .map(|document| &document.source_map);
        for (pointer, characters) in &uncovered {
            let mut finding = font_coverage_finding(&sourced.source, pointer, characters).with_hint(
                "the report is typeset with the fonts in fonts/: send the text in a language of the report, or ask the Secretariat to add a font for this script",
            );
            finding = with_paragraph_from_pointer(finding);
            if let Some(source_map) = source_map {
                finding = finding.locate(source_map);
            }
            checked.findings.push(finding);
        }
        checked.left_out.push(LeftOut {
            source: sourced.source.clone(),
            reason: format!(
                "text the report's fonts cannot show ({} place{})",
                uncovered.len(),
                if uncovered.len() == 1 { "" } else { "s" }
            ),
        });
    }
    checked.accepted = kept;
}

/// The characters of `text` that need a glyph and that `covers` says no font has, each once.
///
/// Default-ignorable characters (zero-width space and joiners, the byte-order mark, variation
/// selectors) need no glyph: Typst drops them when it shapes text, as Unicode says a renderer
/// may, so they never make a missing glyph.
pub fn uncovered_characters(text: &str, covers: impl Fn(char) -> bool) -> Vec<char> {
    let mut missing: Vec<char> = Vec::new();
    for c in text.chars() {
        if !c.is_whitespace()
            && !c.is_control()
            && !is_default_ignorable(c)
            && !covers(c)
            && !missing.contains(&c)
        {
            missing.push(c);
        }
    }
    missing
}

/// The `font-coverage` error for `characters` of the text at `pointer`.
pub fn font_coverage_finding(source: &str, pointer: &str, characters: &[char]) -> Finding {
    let listed: Vec<String> = characters
        .iter()
        .take(SHOWN_CHARACTERS)
        .map(|c| format!("`{c}` (U+{:04X})", u32::from(*c)))
        .collect();
    let more = characters.len().saturating_sub(SHOWN_CHARACTERS);
    Finding::error(
        "font-coverage",
        source,
        format!(
            "the report's fonts cannot show {}{}",
            listed.join(", "),
            if more > 0 {
                format!(" and {more} other characters")
            } else {
                String::new()
            }
        ),
    )
    .at_pointer(pointer)
}
