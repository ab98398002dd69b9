//! Handlebars helpers for writing UN prose, so that a template reads as the sentence it
//! writes: numbers, amounts, lists, capitals and plurals; shares ("8 of the 12 Member
//! States"), lists of names that go to a footnote when long, lists joined the UN way, and
//! numbered paragraphs. Value helpers return plain text, which the registry's escape function
//! then escapes like any other value; the helpers that write markup (a footnote, a numbered
//! paragraph) escape every name they write with the same function. The rules themselves are
//! in [`crate::style`].

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use handlebars::{
    BlockContext, Context, Handlebars, Helper, HelperDef, HelperResult, JsonTruthy, Output,
    RenderContext, RenderErrorReason, Renderable, StringOutput, handlebars_helper,
};
use serde_json::Value;

use super::escape::{escape_markup, typst_string_literal};
use crate::style::{
    amount, capitalize, format_figure, join_list, join_list_semicolons, lowercase_first,
    number_beside, number_in_words, plural,
};

pub use crate::style::INLINE_NAMES;
/// `listed_if_few` names a group of at most this many in brackets.
pub const FEW_NAMES: usize = 3;

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

/// "all 12 Member States", "both Member States", "the Member State", "8 of the 12 Member
/// States", "none of the 12 Member States", "neither of the two Member States".
pub fn share(part: u64, whole: u64, one: &str, many: &str) -> String {
    match (part, whole) {
        (_, 0) | (0, 1) => format!("no {one}"),
        (1, 1) => format!("the {one}"),
        (2, 2) => format!("both {many}"),
        (0, 2) => format!("neither of the two {many}"),
        (0, _) => format!("none of the {} {many}", number_in_words(whole)),
        (part, whole) if part >= whole => format!("all {} {many}", number_in_words(whole)),
        (part, whole) => format!(
            "{} of the {} {many}",
            number_beside(part, whole),
            number_beside(whole, part)
        ),
    }
}

/// "all of them", "both of them", "it", "8 of them", "none of them", "neither of them".
pub fn of_them(part: u64, whole: u64) -> String {
    match (part, whole) {
        (1, 1) => "it".to_owned(),
        (2, 2) => "both of them".to_owned(),
        (0, 2) => "neither of them".to_owned(),
        (0, _) => "none of them".to_owned(),
        (part, whole) if part >= whole => "all of them".to_owned(),
        (part, whole) => format!("{} of them", number_beside(part, whole)),
    }
}

handlebars_helper!(spell: |value: u64| number_in_words(value));
handlebars_helper!(spell_beside: |value: u64, companion: u64| number_beside(value, companion));
handlebars_helper!(figure: |value: u64| format_figure(value));
handlebars_helper!(money: |value: f64| amount(value));
handlebars_helper!(list: |items: Value| join_list(&strings(&items)));
handlebars_helper!(lower_first: |text: str| lowercase_first(text));
handlebars_helper!(capitalize_helper: |text: str| capitalize(text));
handlebars_helper!(plural_helper: |count: u64, one: str, many: str| plural(count, one, many).to_owned());
handlebars_helper!(agree: |count: u64, one: str, many: str| if count <= 1 { one.to_owned() } else { many.to_owned() });
// `figures=true` when the count is one of a series in which some number is 10 or more.
handlebars_helper!(count_helper: |value: u64, one: str, many: str, {figures: bool = false}| format!(
    "{} {}",
    if figures { format_figure(value) } else { number_in_words(value) },
    plural(value, one, many)
));
handlebars_helper!(share_helper: |part: u64, whole: u64, one: str, many: str| share(part, whole, one, many));
handlebars_helper!(of_them_helper: |part: u64, whole: u64| of_them(part, whole));
handlebars_helper!(str_literal: |text: str| typst_string_literal(text));

fn param<'a>(
    helper: &'a Helper<'_>,
    index: usize,
    name: &'static str,
) -> Result<&'a Value, RenderErrorReason> {
    helper
        .param(index)
        .map(|param| param.value())
        .ok_or(RenderErrorReason::ParamNotFoundForIndex(name, index))
}

fn text_param(
    helper: &Helper<'_>,
    index: usize,
    name: &'static str,
) -> Result<String, RenderErrorReason> {
    match param(helper, index, name)? {
        Value::String(text) => Ok(text.clone()),
        other => Err(RenderErrorReason::ParamTypeMismatchForName(
            name,
            index.to_string(),
            format!("text, not {other}"),
        )),
    }
}

/// Punctuation as markup: plain stops and commas as they are (they mean nothing to Typst),
/// anything else escaped.
fn punctuation_markup(punctuation: &str) -> String {
    if punctuation
        .chars()
        .all(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?'))
    {
        punctuation.to_owned()
    } else {
        escape_markup(punctuation)
    }
}

/// A footnote is a sentence of its own: a list that starts with an article ("the Council of
/// Europe") starts with a capital there.
fn footnote(names: &[String]) -> String {
    format!(
        "#footnote[{}]",
        escape_markup(&capitalize(&format!("{}.", join_list(names))))
    )
}

/// `{{listed names "."}}`: the names in brackets before the punctuation when there are a few,
/// in a footnote after it when there are many: ` (Austria and Norway).` or `.[1]`. With
/// `colon=true` a few names follow a colon instead: `: Austria and Norway.`
#[derive(Clone, Copy)]
struct Listed;

impl HelperDef for Listed {
    fn call<'reg: 'rc, 'rc>(
        &self,
        helper: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let names = strings(param(helper, 0, "listed")?);
        let punctuation = text_param(helper, 1, "listed")?;
        let punctuation = punctuation_markup(&punctuation);
        if names.is_empty() {
            out.write(&punctuation)?;
        } else if names.len() <= INLINE_NAMES {
            let colon = helper
                .hash_get("colon")
                .is_some_and(|value| value.value().as_bool() == Some(true));
            if colon {
                out.write(&format!(": {}", escape_markup(&join_list(&names))))?;
            } else {
                out.write(&format!(" ({})", escape_markup(&join_list(&names))))?;
            }
            out.write(&punctuation)?;
        } else {
            out.write(&punctuation)?;
            out.write(&footnote(&names))?;
        }
        Ok(())
    }
}

/// `{{listed_if_few names}}`: ` (Burkina Faso)` for a group of a few, nothing for more.
#[derive(Clone, Copy)]
struct ListedIfFew;

impl HelperDef for ListedIfFew {
    fn call<'reg: 'rc, 'rc>(
        &self,
        helper: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let names = strings(param(helper, 0, "listed_if_few")?);
        if !names.is_empty() && names.len() <= FEW_NAMES {
            out.write(&format!(" ({})", escape_markup(&join_list(&names))))?;
        }
        Ok(())
    }
}

/// `{{who names "States"}}`: the names themselves when there are a few ("Austria and
/// Norway"), else their number with the names in a footnote ("27 States[1]"); `capital=true`
/// at the start of a sentence. A third argument is the punctuation that follows, which the
/// footnote's indicator then follows, as the UN places it: `{{who names "States" "."}}`.
/// With `footnote=false` many names are counted only, where a table names them all.
#[derive(Clone, Copy)]
struct Who;

impl HelperDef for Who {
    fn call<'reg: 'rc, 'rc>(
        &self,
        helper: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let names = strings(param(helper, 0, "who")?);
        let many = text_param(helper, 1, "who")?;
        let punctuation = match helper.param(2) {
            Some(_) => punctuation_markup(&text_param(helper, 2, "who")?),
            None => String::new(),
        };
        let capital = helper
            .hash_get("capital")
            .is_some_and(|value| value.value().as_bool() == Some(true));
        let with_footnote = helper
            .hash_get("footnote")
            .is_none_or(|value| value.value().as_bool() != Some(false));
        let cased = |text: String| if capital { capitalize(&text) } else { text };
        if names.len() <= INLINE_NAMES {
            out.write(&escape_markup(&cased(join_list(&names))))?;
            out.write(&punctuation)?;
        } else {
            let count = names.len() as u64;
            out.write(&escape_markup(&cased(format!(
                "{} {many}",
                number_in_words(count)
            ))))?;
            out.write(&punctuation)?;
            if with_footnote {
                out.write(&footnote(&names))?;
            }
        }
        Ok(())
    }
}

/// `{{#join items}}{{wording}} ({{count}}){{/join}}`: the block written for each item, the
/// results joined as the UN joins a list ("a, b and c"; with `semicolons=true`, for items
/// that hold commas, "a; b; and c"). `@first`, `@last` and `@index` are set as in `each`.
#[derive(Clone, Copy)]
struct Join;

impl HelperDef for Join {
    fn call<'reg: 'rc, 'rc>(
        &self,
        helper: &Helper<'rc>,
        registry: &'reg Handlebars<'reg>,
        context: &'rc Context,
        render_context: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let items = param(helper, 0, "join")?
            .as_array()
            .cloned()
            .unwrap_or_default();
        let Some(template) = helper.template() else {
            return Ok(());
        };
        let mut parts = Vec::with_capacity(items.len());
        let last = items.len().saturating_sub(1);
        for (index, item) in items.into_iter().enumerate() {
            let mut block = BlockContext::new();
            block.set_base_value(item);
            block.set_local_var("first", Value::Bool(index == 0));
            block.set_local_var("last", Value::Bool(index == last));
            block.set_local_var("index", Value::from(index));
            render_context.push_block(block);
            let mut buffer = StringOutput::new();
            let rendered = template.render(registry, context, render_context, &mut buffer);
            render_context.pop_block();
            rendered?;
            parts.push(
                buffer
                    .into_string()
                    .map_err(|error| RenderErrorReason::Other(error.to_string()))?,
            );
        }
        let semicolons = helper
            .hash_get("semicolons")
            .is_some_and(|value| value.value().as_bool() == Some(true));
        if semicolons {
            out.write(&join_list_semicolons(&parts))?;
        } else {
            out.write(&join_list(&parts))?;
        }
        Ok(())
    }
}

/// `{{#with value}}...{{/with}}` that writes nothing for an absent fact: the built-in helper,
/// in strict mode, refuses a `null` without an `{{else}}`, and the model's optional facts
/// (`laws`, `data` ...) are `null` wherever nobody reported them. A misspelt name is still an
/// error: strict mode refuses the lookup itself.
#[derive(Clone, Copy)]
struct With;

impl HelperDef for With {
    fn call<'reg: 'rc, 'rc>(
        &self,
        helper: &Helper<'rc>,
        registry: &'reg Handlebars<'reg>,
        context: &'rc Context,
        render_context: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let param = helper
            .param(0)
            .ok_or(RenderErrorReason::ParamNotFoundForIndex("with", 0))?;
        if param.value().is_truthy(false) {
            let mut block = BlockContext::new();
            match param.context_path() {
                Some(path) => block.base_path_mut().clone_from(path),
                None => block.set_base_value(param.value().clone()),
            }
            if let Some(parent) = render_context.block() {
                block
                    .local_variables_mut()
                    .clone_from(parent.local_variables());
            }
            render_context.push_block(block);
            let rendered = match helper.template() {
                Some(template) => template.render(registry, context, render_context, out),
                None => Ok(()),
            };
            render_context.pop_block();
            rendered
        } else if let Some(inverse) = helper.inverse() {
            inverse.render(registry, context, render_context, out)
        } else {
            Ok(())
        }
    }
}

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
    registry.register_helper("capitalize", Box::new(capitalize_helper));
    registry.register_helper("lower_first", Box::new(lower_first));
    registry.register_helper("plural", Box::new(plural_helper));
    registry.register_helper("agree", Box::new(agree));
    registry.register_helper("number_of", Box::new(count_helper));
    registry.register_helper("share", Box::new(share_helper));
    registry.register_helper("of_them", Box::new(of_them_helper));
    registry.register_helper("listed", Box::new(Listed));
    registry.register_helper("listed_if_few", Box::new(ListedIfFew));
    registry.register_helper("who", Box::new(Who));
    registry.register_helper("join", Box::new(Join));
    registry.register_helper("with", Box::new(With));
    registry.register_helper("str", Box::new(str_literal));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_worded_as_the_un_words_them() {
        let states = |part, whole| share(part, whole, "Member State", "Member States");
        assert_eq!(states(12, 12), "all 12 Member States");
        assert_eq!(states(5, 5), "all five Member States");
        assert_eq!(states(2, 2), "both Member States");
        assert_eq!(states(1, 1), "the Member State");
        assert_eq!(states(8, 12), "8 of the 12 Member States");
        assert_eq!(states(3, 7), "three of the seven Member States");
        assert_eq!(states(0, 12), "none of the 12 Member States");
        assert_eq!(states(0, 2), "neither of the two Member States");
        assert_eq!(of_them(4, 4), "all of them");
        assert_eq!(of_them(1, 1), "it");
        assert_eq!(of_them(6, 12), "6 of them");
        assert_eq!(of_them(2, 5), "two of them");
    }

    fn render(template: &str, data: &Value) -> String {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(escape_markup);
        register(&mut registry, &ParagraphNumbers::default());
        registry
            .render_template(template, data)
            .expect("the template renders")
    }

    #[test]
    fn long_lists_of_names_go_to_a_footnote() {
        let few = serde_json::json!({ "names": ["Austria", "Norway"] });
        assert_eq!(
            render("{{listed names \".\"}}", &few),
            " (Austria and Norway)."
        );
        assert_eq!(
            render("{{who names \"States\"}}", &few),
            "Austria and Norway"
        );
        let names: Vec<String> = (1..=8).map(|n| format!("State{n}")).collect();
        let many = serde_json::json!({ "names": names });
        assert_eq!(
            render("{{listed names \".\"}}", &many),
            ".#footnote[#\"State1, State2, State3, State4, State5, State6, State7 and State8.\";]"
        );
        assert!(
            render("{{who names \"States\" capital=true}}", &many)
                .starts_with("Eight States#footnote[")
        );
        assert_eq!(render("{{listed_if_few names}}", &many), "");
        let mut with_article = names.clone();
        with_article[0] = "the Council of Europe".to_owned();
        let with_article = serde_json::json!({ "names": with_article });
        assert!(
            render("{{who names \"organizations\"}}", &with_article)
                .starts_with("eight organizations#footnote[#\"The Council of Europe, State2")
        );
    }

    #[test]
    fn join_writes_a_list_of_blocks() {
        let data = serde_json::json!({ "forms": [
            { "wording": "sexual exploitation", "count": 12 },
            { "wording": "forced labour", "count": 11 },
            { "wording": "removal of organs", "count": 3 }
        ]});
        assert_eq!(
            render("{{#join forms}}{{wording}} ({{count}}){{/join}}", &data),
            "sexual exploitation (12), forced labour (11) and removal of organs (3)"
        );
    }
}
