//! The structural half of the check: is the JSON shaped like a reply? Validates a parsed
//! document against the reply schema (generated from the Rust types, see
//! [`crate::reply::reply_schema`]) and words every violation for the person who wrote the file.
//!
//! In: a JSON value. Out: findings with JSON pointers (errors for anything the reader cannot
//! take; warnings for fields the format does not know, with the field probably meant). All
//! violations of a file are reported at once, which a plain serde parse could not do.

use std::sync::OnceLock;

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use crate::diagnostic::Finding;
use crate::reply::{COMMENT_FIELD, reply_schema};
use crate::source_map::escape_pointer_token;

use super::suggest::did_you_mean;

/// The schema `check` validates with: the published one, with every object closed to fields it
/// does not define (except `$comment`), so that unknown fields surface as their own findings.
/// The published schema leaves objects open because an unknown field is a warning, not an
/// error: a validator run by a respondent must accept what `report check` accepts.
fn strict_schema() -> Value {
    let mut schema = reply_schema();
    close_objects(&mut schema);
    schema
}

fn close_objects(node: &mut Value) {
    match node {
        Value::Object(object) => {
            if object.contains_key("properties") {
                object.insert("additionalProperties".to_owned(), Value::Bool(false));
                let mut comment = serde_json::Map::new();
                comment.insert(
                    format!("^\\{COMMENT_FIELD}$"),
                    serde_json::json!({ "type": "string" }),
                );
                object.insert("patternProperties".to_owned(), Value::Object(comment));
            }
            for child in object.values_mut() {
                close_objects(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(close_objects),
        _ => {}
    }
}

struct Schema {
    document: Value,
    validator: Option<jsonschema::Validator>,
}

fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let document = strict_schema();
        let validator = jsonschema::validator_for(&document).ok();
        Schema {
            document,
            validator,
        }
    })
}

/// Validates `value` as a reply; every violation becomes a finding of `source`.
pub fn check_structure(source: &str, value: &Value) -> Vec<Finding> {
    let schema = schema();
    let Some(validator) = &schema.validator else {
        // The schema is generated from our own types; a test builds it. Should it ever fail,
        // say so instead of accepting everything.
        return vec![Finding::error(
            "internal",
            source,
            "the reply schema could not be compiled, so the reply was not checked",
        )];
    };
    // Most replies are valid, and asking only that is much cheaper than collecting errors.
    if validator.is_valid(value) {
        return Vec::new();
    }
    // Described (with pointers, hints, suggestions) only as many as will be listed: the rest
    // are counted, for the summary that `check` writes of each kind.
    let mut findings = Vec::new();
    let mut errors = validator.iter_errors(value);
    for error in errors.by_ref() {
        findings.extend(describe(source, &error, &schema.document));
        if findings.len() >= STRUCTURE_FINDINGS_DESCRIBED {
            break;
        }
    }
    let rest = errors.count();
    if rest > 0 {
        findings.push(
            Finding::error(
                "more-problems",
                source,
                format!(
                    "and {} more problems of the reply's form, not listed",
                    crate::style::format_figure(rest as u64)
                ),
            )
            .with_hint(
                "these are usually one mistake repeated: fix the ones listed and check again",
            ),
        );
    }
    findings
}

/// The most problems of form described for one reply (see [`super::MAX_FINDINGS_OF_A_KIND`]).
const STRUCTURE_FINDINGS_DESCRIBED: usize = 200;

fn describe(source: &str, error: &ValidationError<'_>, document: &Value) -> Vec<Finding> {
    let pointer = error.instance_path().as_str();
    let schema_path = error.schema_path().as_str();
    let instance = error.instance().as_ref();
    let field = field_label(pointer);
    let finding = match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let known = known_fields(document, schema_path);
            return unexpected
                .iter()
                .map(|name| {
                    let hint = match did_you_mean(name, known.iter().map(String::as_str)) {
                        Some(meant) => format!(
                            "did you mean `{meant}`? The fields here are: {}",
                            known.join(", ")
                        ),
                        None => format!("the fields here are: {}", known.join(", ")),
                    };
                    Finding::warning(
                        "unknown-field",
                        source,
                        format!(
                            "unknown field `{name}` is ignored: what it holds will not be in the report"
                        ),
                    )
                    .at_key(format!("{pointer}/{}", escape_pointer_token(name)))
                    .with_hint(hint)
                })
                .collect();
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            return vec![
                Finding::error(
                    "missing-field",
                    source,
                    format!("required field `{name}` is missing"),
                )
                .at_pointer(format!("{pointer}/{}", escape_pointer_token(name)))
                .with_hint(required_hint(name)),
            ];
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(single) => describe_type(&single.to_string()),
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|one| describe_type(&one.to_string()))
                    .filter(|text| *text != "null")
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            if pointer.is_empty() {
                Finding::error(
                    "not-an-object",
                    source,
                    format!(
                        "a reply is a JSON object `{{...}}`, not {}",
                        describe_value(instance)
                    ),
                )
                .with_hint("start from the blank reply that `report new` prints")
            } else {
                let hint = if expected == "a whole number" && instance.is_number() {
                    "write a whole number without a decimal point: counts are of persons or cases"
                        .to_owned()
                } else {
                    format!("write {expected} here")
                };
                Finding::error(
                    "wrong-type",
                    source,
                    format!(
                        "{field} must be {expected}, not {}",
                        describe_value(instance)
                    ),
                )
                .with_hint(hint)
            }
        }
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => Finding::error(
            "below-minimum",
            source,
            format!("{field} is {instance}, below the smallest accepted value ({limit})"),
        )
        .with_hint(range_hint(pointer)),
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => Finding::error(
            "above-maximum",
            source,
            format!("{field} is {instance}, above the largest accepted value ({limit})"),
        )
        .with_hint(range_hint(pointer)),
        ValidationErrorKind::MaxLength { limit } => Finding::error(
            "too-long",
            source,
            format!(
                "{field} is {} characters long; at most {limit} are accepted",
                instance.as_str().map_or(0, |text| text.chars().count())
            ),
        )
        .with_hint("summarize: the report quotes a few sentences from each respondent"),
        ValidationErrorKind::MaxItems { limit } => Finding::error(
            "too-many-entries",
            source,
            format!(
                "{field} has {} entries; at most {limit} are accepted",
                instance.as_array().map_or(0, Vec::len)
            ),
        )
        .with_hint(
            "keep the entries the report needs; a reply is a summary, not a database export",
        ),
        ValidationErrorKind::MinLength { .. } => {
            Finding::error("empty-text", source, format!("{field} is empty"))
                .with_hint("write the text, or remove the entry")
        }
        ValidationErrorKind::Pattern { .. } => pattern_finding(source, pointer, instance),
        ValidationErrorKind::Constant { expected_value } => Finding::error(
            "wrong-format-version",
            source,
            format!("{field} must be {expected_value}, not {instance}"),
        )
        .with_hint(format!(
            "this version of `report` reads replies whose `format` is {expected_value}"
        )),
        ValidationErrorKind::Enum { options } => {
            let choices: Vec<&str> = options
                .as_array()
                .map(|values| values.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let given = instance.as_str().unwrap_or_default();
            let hint = match did_you_mean(given, choices.iter().copied()) {
                Some(meant) => {
                    format!("did you mean `{meant}`? Use one of: {}", choices.join(", "))
                }
                None => format!("use one of: {}", choices.join(", ")),
            };
            Finding::error(
                "not-in-list",
                source,
                format!("{field} cannot be {instance}"),
            )
            .with_hint(hint)
        }
        _ => Finding::error(
            "invalid",
            source,
            format!("{field} is not accepted: {error}"),
        )
        .with_hint("`report schema` shows what each field accepts"),
    };
    vec![finding.at_pointer(pointer)]
}

/// `` `year` `` for `/paragraphs/7/statistics/0/year`; `` item 2 of `forms` `` for an element.
fn field_label(pointer: &str) -> String {
    let segments: Vec<&str> = pointer.split('/').skip(1).collect();
    match segments.as_slice() {
        [] => "the reply".to_owned(),
        [.., parent, last] if last.parse::<usize>().is_ok() && !parent.is_empty() => {
            let index = last.parse::<usize>().unwrap_or_default() + 1;
            if *parent == "breakdown" {
                format!("`{last}` of `breakdown`")
            } else {
                format!("item {index} of `{parent}`")
            }
        }
        [.., last] => format!("`{}`", last.replace("~1", "/").replace("~0", "~")),
    }
}

fn describe_type(json_type: &str) -> String {
    match json_type {
        "integer" => "a whole number",
        "number" => "a number",
        "string" => "text in double quotes",
        "array" => "a list `[...]`",
        "object" => "an object `{...}`",
        "boolean" => "`true` or `false`",
        "null" => "null",
        other => other,
    }
    .to_owned()
}

fn describe_value(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(flag) => format!("`{flag}`"),
        Value::Number(number) => number.to_string(),
        Value::String(text) => {
            let shown: String = text.chars().take(40).collect();
            if shown.len() < text.len() {
                format!("the text \"{shown}...\"")
            } else {
                format!("the text \"{shown}\"")
            }
        }
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

fn last_segment(pointer: &str) -> &str {
    pointer.rsplit('/').next().unwrap_or_default()
}

fn pattern_finding(source: &str, pointer: &str, instance: &Value) -> Finding {
    let field = field_label(pointer);
    let given = describe_value(instance);
    let (code, message, hint) = match last_segment(pointer) {
        "submitted" | "date" => (
            "bad-date",
            format!("{field} is {given}, which is not a date written YYYY-MM-DD"),
            "write dates as YYYY-MM-DD, for example 2009-04-30",
        ),
        "language" => (
            "bad-language",
            format!("{field} is {given}, which is not a two-letter ISO 639-1 language code"),
            "use `en`, `fr`, `es`, `ru`, `ar` or `zh` (lower case)",
        ),
        "currency" => (
            "bad-currency",
            format!("{field} is {given}, which is not an ISO 4217 currency code"),
            "use three capital letters, such as `USD` or `EUR`",
        ),
        "code" => (
            "bad-code",
            format!("{field} is {given}, which is not a respondent code"),
            "States use their ISO 3166-1 alpha-3 code in capitals (`ITA`); organizations the code in inputs/organizations.json",
        ),
        _ => (
            "bad-text",
            format!("{field} is {given}, which is not written as expected"),
            "see the reply format in README.md",
        ),
    };
    Finding::error(code, source, message).with_hint(hint)
}

fn required_hint(name: &str) -> String {
    match name {
        "format" => "add \"format\": \"report-reply/1\"".to_owned(),
        "submitted" => "add the date the reply is sent: \"submitted\": \"YYYY-MM-DD\"".to_owned(),
        "language" => "add the language of the reply: \"language\": \"en\"".to_owned(),
        "respondent" => {
            "add \"respondent\": {\"kind\": \"member_state\", \"code\": \"ITA\"}".to_owned()
        }
        other => format!("add `{other}`; `report new` prints a reply with every field explained"),
    }
}

fn range_hint(pointer: &str) -> String {
    let segments: Vec<&str> = pointer.split('/').collect();
    let last = last_segment(pointer);
    if last == "value" || segments.contains(&"breakdown") {
        "counts are numbers of persons or cases: whole numbers, 0 or more".to_owned()
    } else if last == "amount" {
        "give the amount contributed, 0 or more".to_owned()
    } else if last == "year" || last == "established" {
        "write the year in four digits".to_owned()
    } else if last == "max_penalty_years" {
        "give the longest term of imprisonment in years (at most 150); describe life imprisonment in the narrative".to_owned()
    } else {
        "see the reply format in README.md".to_owned()
    }
}

/// The fields the object schema at `schema_path` (which ends in `/additionalProperties`)
/// defines, resolving `$ref`s.
fn known_fields(document: &Value, schema_path: &str) -> Vec<String> {
    let object_path = schema_path
        .strip_suffix("/additionalProperties")
        .unwrap_or(schema_path);
    let mut node = document;
    for token in object_path.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        let next = match node {
            Value::Object(object) => object.get(&token),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|at| items.get(at)),
            _ => None,
        };
        let Some(next) = next else {
            return Vec::new();
        };
        node = next;
        // Follow a reference the evaluation went through.
        if let Some(reference) = node.get("$ref").and_then(Value::as_str)
            && let Some(target) = reference
                .strip_prefix('#')
                .and_then(|path| document.pointer(path))
            && token == "$ref"
        {
            node = target;
        }
    }
    node.get("properties")
        .and_then(Value::as_object)
        .map(|properties| properties.keys().cloned().collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_compiles() {
        assert!(schema().validator.is_some());
    }

    #[test]
    fn reports_every_violation_of_a_file_at_once() {
        let value = serde_json::json!({
            "format": "report-reply/1",
            "respondent": {"kind": "member_state", "code": "ITA"},
            "submitted": "30/04/2009",
            "language": "en",
            "paragraphs": {"7": {"statistics": [
                {"year": 2008, "measure": "prosecutions", "value": -3},
                {"year": 2008, "measure": "convictions", "value": 2.5, "valeu": 1}
            ]}}
        });
        let findings = check_structure("r.json", &value);
        let codes: Vec<(&str, Option<&str>)> = findings
            .iter()
            .map(|finding| (finding.code, finding.pointer.as_deref()))
            .collect();
        assert!(
            codes.contains(&("bad-date", Some("/submitted"))),
            "{codes:?}"
        );
        assert!(
            codes.contains(&("below-minimum", Some("/paragraphs/7/statistics/0/value"))),
            "{codes:?}"
        );
        assert!(
            codes.contains(&("wrong-type", Some("/paragraphs/7/statistics/1/value"))),
            "{codes:?}"
        );
        let unknown = findings
            .iter()
            .find(|finding| finding.code == "unknown-field")
            .and_then(|finding| finding.hint.clone())
            .unwrap_or_default();
        assert!(unknown.starts_with("did you mean `value`?"), "{unknown}");
    }

    #[test]
    fn comments_are_allowed_anywhere() {
        let value = serde_json::json!({
            "$comment": "filled in by the Permanent Mission",
            "format": "report-reply/1",
            "respondent": {"kind": "member_state", "code": "ITA"},
            "submitted": "2009-04-30",
            "language": "en",
            "paragraphs": {"4": {"$comment": "see the annex", "narrative": "Text."}}
        });
        assert_eq!(check_structure("r.json", &value), Vec::new());
    }
}
