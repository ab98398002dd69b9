//! The one way text from outside reaches Typst: as a string literal, never as markup.
//!
//! Typst interprets `#`, `*`, `_`, `$`, `<`, `@`, `[`, `]`, `=` and `-` at a line start, `//`,
//! backslashes and more in markup. Rather than escaping each of those (and the next one Typst
//! adds), text is emitted as a string literal, in which only `\` and `"` are special:
//! `#"text";` in markup, `"text"` in code. The `;` ends the embedded expression, so whatever
//! the template writes next cannot extend it. Words made only of letters, digits and single
//! spaces cannot mean anything in markup and are emitted as they are, to keep the generated
//! source readable.

/// `text` as a Typst string literal, with its quotes.
pub fn typst_string_literal(text: &str) -> String {
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
    if is_inert_in_markup(text) {
        text.to_owned()
    } else {
        format!("#{};", typst_string_literal(text))
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
    fn control_characters_are_spelled_out() {
        assert_eq!(
            typst_string_literal("a\u{1b}b\u{7f}"),
            r#""a\u{1b}b\u{7f}""#
        );
        assert_eq!(typst_string_literal("x\ny\t"), r#""x\ny\t""#);
    }
}
