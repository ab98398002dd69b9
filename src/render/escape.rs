//! The one way text from outside reaches Typst: as a string literal, never as markup.
//!
//! Typst interprets `#`, `*`, `_`, `$`, `<`, `@`, `[`, `]`, `=` and `-` at a line start, `//`,
//! backslashes and more in markup. Rather than escaping each of those (and the next one Typst
//! adds), text is emitted as a string literal, in which only `\` and `"` are special:
//! `#"text";` in markup, `"text"` in code. The `;` ends the embedded expression, so whatever
//! the template writes next cannot extend it. Words made only of letters, digits and single
//! spaces cannot mean anything in markup and are emitted as they are, to keep the generated
//! source readable.
//!
//! While the report is rendered ([`with_typography`]) the text is also set as print sets it
//! ([`crate::style::typographic`]: curly quotation marks and apostrophes, an en dash in a range
//! of years), whatever field it comes from. The compilation of replies reproduces them as
//! received and is rendered without.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeSet;

/// The typography of the render in progress on this thread, if it sets text as print does.
struct Typography {
    acronyms: Vec<(String, String)>,
    introduced: BTreeSet<String>,
}

thread_local! {
    static TYPOGRAPHY: RefCell<Option<Typography>> = const { RefCell::new(None) };
}

/// Runs `render` with every escaped text set typographically, on this thread, and each of
/// `acronyms` (short form, full form) spelled out at its first use in an escaped text.
pub fn with_typography<T>(acronyms: &[(String, String)], render: impl FnOnce() -> T) -> T {
    struct Restore(Option<Typography>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let earlier = self.0.take();
            TYPOGRAPHY.with(|typography| *typography.borrow_mut() = earlier);
        }
    }
    let earlier = TYPOGRAPHY.with(|typography| {
        typography.borrow_mut().replace(Typography {
            acronyms: acronyms.to_vec(),
            introduced: BTreeSet::new(),
        })
    });
    let _restore = Restore(earlier);
    render()
}

fn typography_on() -> bool {
    TYPOGRAPHY.with(|typography| typography.borrow().is_some())
}

fn as_printed(text: &str) -> Cow<'_, str> {
    if typography_on() && text.contains(['"', '\'', '-', '\u{201c}', '\u{2018}']) {
        Cow::Owned(crate::style::typographic(text))
    } else {
        Cow::Borrowed(text)
    }
}

/// Running text as print sets it, its acronyms spelled out where they are first used.
fn as_printed_prose(text: &str) -> Cow<'_, str> {
    let text = as_printed(text);
    TYPOGRAPHY.with(|typography| match typography.borrow_mut().as_mut() {
        Some(state) if state.introduced.len() < state.acronyms.len() => Cow::Owned(
            crate::style::spell_out_acronyms(&text, &state.acronyms, &mut state.introduced),
        ),
        _ => text,
    })
}

/// `text` as a Typst string literal, with its quotes.
pub fn typst_string_literal(text: &str) -> String {
    let text = as_printed(text);
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` for a markup context: shown literally, whatever it contains.
pub fn escape_markup(text: &str) -> String {
    let text = as_printed_prose(text);
    if is_inert_in_markup(&text) {
        text.into_owned()
    } else {
        format!("#{};", typst_string_literal(&text))
    }
}

/// Letters, digits and single inner spaces: nothing Typst markup could act on.
fn is_inert_in_markup(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
        && text.chars().all(|c| c.is_alphanumeric() || c == ' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_stay_readable() {
        assert_eq!(escape_markup("Côte"), "Côte");
        assert_eq!(
            escape_markup("Российская Федерация"),
            "Российская Федерация"
        );
        assert_eq!(escape_markup("2009"), "2009");
    }

    #[test]
    fn anything_else_becomes_a_terminated_string_literal() {
        assert_eq!(
            escape_markup("#read(\"/etc/passwd\")"),
            r##"#"#read(\"/etc/passwd\")";"##
        );
        assert_eq!(escape_markup("*bold*"), r#"#"*bold*";"#);
        assert_eq!(escape_markup("a\\b"), r#"#"a\\b";"#);
        assert_eq!(escape_markup(""), r#"#"";"#);
        assert_eq!(escape_markup(" lead"), r#"#" lead";"#);
    }

    #[test]
    fn the_report_sets_text_as_print_and_the_compilation_as_received() {
        let text = "the Women's Offices, \"quoted\", 2007-2012";
        assert_eq!(
            escape_markup(text),
            r#"#"the Women's Offices, \"quoted\", 2007-2012";"#
        );
        assert_eq!(
            with_typography(&[], || escape_markup(text)),
            "#\"the Women\u{2019}s Offices, \u{201c}quoted\u{201d}, 2007\u{2013}2012\";"
        );
        // The flag is this render's: it is off again afterwards.
        assert_eq!(escape_markup("'a'"), r#"#"'a'";"#);
    }

    #[test]
    fn control_characters_are_spelled_out() {
        assert_eq!(
            typst_string_literal("a\u{1b}b\u{7f}"),
            r#""a\u{1b}b\u{7f}""#
        );
        assert_eq!(typst_string_literal("x\ny\t"), r#""x\ny\t""#);
    }
}
