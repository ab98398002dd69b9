//! Handlebars helpers for writing UN prose: numbers, amounts, lists, capitals, plurals, and
//! Typst string literals for code contexts. Value helpers return plain text, which the
//! registry's escape function then escapes like any other value.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, Renderable,
    handlebars_helper,
};
use serde_json::Value;

use super::escape::typst_string_literal;

/// Numbers one to nine in words, 10 and above in figures, as UN editorial style has it.
pub fn number_in_words(value: u64) -> String {
    const WORDS: [&str; 10] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    usize::try_from(value)
        .ok()
        .and_then(|index| WORDS.get(index))
        .map_or_else(
            || group_thousands(&value.to_string()),
            |word| (*word).to_owned(),
        )
}

/// A number that stands beside another of the same kind ("8 of the 12"): the UN Editorial
/// Manual applies the rule of the higher number to both, so figures if either is 10 or more.
pub fn number_beside(value: u64, companion: u64) -> String {
    if companion >= 10 {
        group_thousands(&value.to_string())
    } else {
        number_in_words(value)
    }
}

/// `1250000.5` -> `1,250,000.50`; whole amounts without decimals.
pub fn amount(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let cents = (value * 100.0).round();
    let whole = (cents / 100.0).trunc();
    let fraction = (cents - whole * 100.0).abs();
    let grouped = group_thousands(&format!("{whole:.0}"));
    if fraction == 0.0 {
        grouped
    } else {
        format!("{grouped}.{fraction:02.0}")
    }
}

pub fn group_thousands(digits: &str) -> String {
    let (sign, digits) = digits
        .strip_prefix('-')
        .map_or(("", digits), |rest| ("-", rest));
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, c) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// `A`, `A and B`, `A, B and C` (the UN does not use the serial comma).
/// `Steps taken` -> `steps taken`: a phrase made to follow words in a sentence.
pub fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

pub fn join_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| match item {
                    Value::String(text) => text.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
        .unwrap_or_default()
}

handlebars_helper!(spell: |value: u64| number_in_words(value));
handlebars_helper!(spell_beside: |value: u64, companion: u64| number_beside(value, companion));
handlebars_helper!(figure: |value: u64| group_thousands(&value.to_string()));
handlebars_helper!(money: |value: f64| amount(value));
handlebars_helper!(list: |items: Value| join_list(&strings(&items)));
handlebars_helper!(lower_first: |text: str| lowercase_first(text));
handlebars_helper!(capitalize: |text: str| {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
});
handlebars_helper!(plural: |count: u64, one: str, many: str| if count == 1 { one.to_owned() } else { many.to_owned() });
handlebars_helper!(str_literal: |text: str| typst_string_literal(text));

/// `{{#para}}text{{/para}}`: a numbered body paragraph, written as `#para(12)[text]`. The
/// numbers are given here, in the order the paragraphs are written, because Typst would need
/// a `context` per paragraph to number them, and at full scale (thousands of paragraphs)
/// that alone was 40 % of the layout time and 30 % of the memory. A render starts at 1
/// ([`ParagraphNumbers::restart`]).
#[derive(Clone, Default)]
pub(super) struct ParagraphNumbers {
    last: Arc<AtomicU64>,
}

impl ParagraphNumbers {
    pub(super) fn restart(&self) {
        self.last.store(0, Ordering::SeqCst);
    }
}

impl HelperDef for ParagraphNumbers {
    fn call<'reg: 'rc, 'rc>(
        &self,
        helper: &Helper<'rc>,
        registry: &'reg Handlebars<'reg>,
        context: &'rc Context,
        render_context: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let number = self.last.fetch_add(1, Ordering::SeqCst) + 1;
        out.write(&format!("#para({number})["))?;
        if let Some(body) = helper.template() {
            body.render(registry, context, render_context, out)?;
        }
        out.write("]")?;
        Ok(())
    }
}

pub(super) fn register(registry: &mut Handlebars<'_>, paragraphs: &ParagraphNumbers) {
    registry.register_helper("para", Box::new(paragraphs.clone()));
    registry.register_helper("spell", Box::new(spell));
    registry.register_helper("spell_beside", Box::new(spell_beside));
    registry.register_helper("figure", Box::new(figure));
    registry.register_helper("money", Box::new(money));
    registry.register_helper("list", Box::new(list));
    registry.register_helper("capitalize", Box::new(capitalize));
    registry.register_helper("lower_first", Box::new(lower_first));
    registry.register_helper("plural", Box::new(plural));
    registry.register_helper("str", Box::new(str_literal));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_un_style() {
        assert_eq!(number_in_words(1), "one");
        assert_eq!(number_in_words(9), "nine");
        assert_eq!(number_in_words(12), "12");
        assert_eq!(number_in_words(192_000), "192,000");
        assert_eq!(number_beside(8, 12), "8");
        assert_eq!(number_beside(8, 9), "eight");
        assert_eq!(number_beside(12, 19), "12");
    }

    #[test]
    fn amounts_are_grouped() {
        assert_eq!(amount(1_250_000.0), "1,250,000");
        assert_eq!(amount(999.5), "999.50");
        assert_eq!(amount(100.0), "100");
    }

    #[test]
    fn lists_have_no_serial_comma() {
        let names = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(join_list(&names(&["Austria"])), "Austria");
        assert_eq!(
            join_list(&names(&["Austria", "Belgium"])),
            "Austria and Belgium"
        );
        assert_eq!(
            join_list(&names(&["Austria", "Belgium", "the Netherlands"])),
            "Austria, Belgium and the Netherlands"
        );
    }
}
