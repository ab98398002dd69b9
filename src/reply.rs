//! The reply format: what a Member State or organization sends in answer to the note verbale.
//!
//! Shared by every stage: `gather` parses JSON into [`Reply`], `check` inspects it, `compile`
//! reads the accepted ones. The format is versioned by its `format` field
//! ([`REPLY_FORMAT`]) so that replies written today still read after it grows: every field
//! added later is optional. Fields this version does not know are not read; `check` reports
//! each as a warning (with the field probably meant), so none is dropped silently.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The format identifier every reply of this version carries in its `format` field.
pub const REPLY_FORMAT: &str = "report-reply/1";

/// A member with this name is a comment anywhere in a reply: kept by editors, ignored by every
/// stage (the blank reply of `report new` explains each paragraph in one).
pub const COMMENT_FIELD: &str = "$comment";

/// The longest narrative accepted for one paragraph, in characters: about ten times what the
/// report can quote from one respondent, so only runaway exports hit it.
pub const MAX_NARRATIVE_CHARS: u32 = 50_000;

/// The most entries a list of one paragraph may hold (laws, mechanisms, contributions, treaty
/// actions): each becomes a sentence or a table row, and a real reply has a handful.
pub const MAX_LIST_ITEMS: u32 = 100;

/// The most yearly counts one paragraph may hold: every measure for every year of a long
/// reporting period, several times over.
pub const MAX_STATISTICS: u32 = 1_000;

/// The largest count accepted (victims, cases, persons): far above any country's yearly figure,
/// and small enough that totals of 10,000 replies cannot overflow.
pub const MAX_COUNT: u64 = 1_000_000_000;

/// The largest contribution accepted, in any currency: a trillion units.
pub const MAX_AMOUNT: f64 = 1e12;

/// The schema's identifier: a URN, since the format is not published at a web address.
pub const REPLY_SCHEMA_ID: &str = "urn:un-report:schema:report-reply-1";

/// `YYYY-MM-DD`; whether the day exists is checked by `check`, which can say so in words.
const DATE_PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// The published JSON Schema (draft 2020-12) of the reply format, generated from these types so
/// that the schema and the reader cannot drift apart.
pub fn reply_schema() -> serde_json::Value {
    let generated = schemars::schema_for!(Reply).to_value();
    // The identifying keywords first, so that a person opening the file sees what it is.
    let mut schema = serde_json::Map::new();
    schema.insert(
        "$schema".to_owned(),
        serde_json::json!("https://json-schema.org/draft/2020-12/schema"),
    );
    schema.insert("$id".to_owned(), serde_json::json!(REPLY_SCHEMA_ID));
    schema.insert(
        "title".to_owned(),
        serde_json::json!(format!("Reply to a note verbale ({REPLY_FORMAT})")),
    );
    if let serde_json::Value::Object(generated) = generated {
        for (key, value) in generated {
            schema.entry(key).or_insert(value);
        }
    }
    serde_json::Value::Object(schema)
}

/// The schema of replies to `mandate`: [`reply_schema`] with the mandate's vocabularies as
/// enums (measures, forms of exploitation and breakdown keys, scopes, positions, instruments,
/// treaty actions) and its operative paragraphs as the only keys of `paragraphs`, so that an
/// editor that reads the schema flags a misspelt term as `report check` does.
pub fn reply_schema_for(mandate: &crate::mandate::Mandate) -> serde_json::Value {
    let mut schema = reply_schema();
    let keys = |vocabulary: &crate::mandate::Vocabulary| -> Vec<serde_json::Value> {
        vocabulary
            .keys()
            .map(|key| serde_json::json!(key))
            .collect()
    };
    let vocabularies = &mandate.vocabularies;
    let mut set = |pointer: &str, keyword: &str, value: serde_json::Value| {
        if let Some(serde_json::Value::Object(node)) = schema.pointer_mut(pointer) {
            node.insert(keyword.to_owned(), value);
        }
    };
    set(
        "/$defs/YearlyCount/properties/measure",
        "enum",
        keys(&vocabularies.measures).into(),
    );
    if !vocabularies.breakdowns.is_empty() {
        let mut names = keys(&vocabularies.breakdowns);
        names.extend(keys(&vocabularies.forms_of_exploitation));
        set(
            "/$defs/YearlyCount/properties/breakdown",
            "propertyNames",
            serde_json::json!({ "enum": names }),
        );
    }
    set(
        "/$defs/Law/properties/forms/items",
        "enum",
        keys(&vocabularies.forms_of_exploitation).into(),
    );
    set(
        "/$defs/CoordinationMechanism/properties/scope",
        "enum",
        keys(&vocabularies.coordination_scopes).into(),
    );
    let mut positions = keys(&vocabularies.positions);
    positions.push(serde_json::Value::Null);
    set(
        "/$defs/ParagraphAnswer/properties/position",
        "enum",
        positions.into(),
    );
    set(
        "/$defs/TreatyAction/properties/action",
        "enum",
        keys(&vocabularies.treaty_actions).into(),
    );
    let instruments: Vec<serde_json::Value> = mandate
        .instruments
        .iter()
        .map(|instrument| serde_json::json!(instrument.code))
        .collect();
    set(
        "/$defs/TreatyAction/properties/instrument",
        "enum",
        instruments.into(),
    );
    let paragraphs: Vec<serde_json::Value> = mandate
        .paragraphs
        .iter()
        .map(|paragraph| serde_json::json!(paragraph.number.to_string()))
        .collect();
    set(
        "/properties/paragraphs",
        "propertyNames",
        serde_json::json!({ "enum": paragraphs }),
    );
    schema
}

/// One reply from one respondent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Reply {
    /// Format identifier, `report-reply/1` for this version.
    #[schemars(extend("const" = "report-reply/1"))]
    pub format: String,
    /// True when the reply is sample data and not a real statement of the respondent.
    #[serde(default)]
    pub illustrative: bool,
    pub respondent: Respondent,
    /// Date the reply was sent, `YYYY-MM-DD`.
    #[schemars(regex(pattern = DATE_PATTERN), extend("format" = "date"))]
    pub submitted: String,
    /// Language the reply was written in, an ISO 639-1 code (`en`, `fr`, `es`, `ru`, `ar`, `zh`, ...).
    #[schemars(regex(pattern = r"^[a-z]{2}$"))]
    pub language: String,
    /// Free remarks about the reply itself (not typeset), for instance why it is illustrative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 5000))]
    pub remarks: Option<String>,
    /// Answers keyed by operative paragraph number (`"1"` ... `"12"`).
    #[serde(default)]
    pub paragraphs: BTreeMap<String, ParagraphAnswer>,
    /// The schema an editor validates the file with; ignored by the engine.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 2000))]
    pub schema: Option<String>,
}

/// Who replies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Respondent {
    pub kind: RespondentKind,
    /// ISO 3166-1 alpha-3 for States; the code from `inputs/organizations.json` for others.
    #[schemars(regex(pattern = r"^[A-Z][A-Z0-9-]{1,19}$"))]
    pub code: String,
    /// The name as the respondent gives it; the report uses the reference name where one exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 300))]
    pub name: Option<String>,
}

/// The kinds of respondent that a mandate can address.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RespondentKind {
    MemberState,
    ObserverState,
    UnitedNationsEntity,
    IntergovernmentalOrganization,
    TreatyBody,
    SpecialProcedure,
    NonGovernmentalOrganization,
}

impl RespondentKind {
    pub fn is_state(self) -> bool {
        matches!(self, Self::MemberState | Self::ObserverState)
    }

    /// The identifier used in JSON and in the mandate file.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MemberState => "member_state",
            Self::ObserverState => "observer_state",
            Self::UnitedNationsEntity => "united_nations_entity",
            Self::IntergovernmentalOrganization => "intergovernmental_organization",
            Self::TreatyBody => "treaty_body",
            Self::SpecialProcedure => "special_procedure",
            Self::NonGovernmentalOrganization => "non_governmental_organization",
        }
    }
}

/// What a respondent says about one operative paragraph: narrative and typed facts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ParagraphAnswer {
    /// Plain text, never markup. Paragraphs separated by a blank line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = MAX_NARRATIVE_CHARS))]
    pub narrative: Option<String>,
    /// Signatures, ratifications, accessions ... of the instruments the mandate names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = MAX_LIST_ITEMS))]
    pub treaty_actions: Vec<TreatyAction>,
    /// Legislation adopted or amended.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = MAX_LIST_ITEMS))]
    pub laws: Vec<Law>,
    /// National coordinating bodies and regional or bilateral initiatives.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = MAX_LIST_ITEMS))]
    pub coordination: Vec<CoordinationMechanism>,
    /// Comparable data: yearly counts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = MAX_STATISTICS))]
    pub statistics: Vec<YearlyCount>,
    /// `false` where the respondent says its yearly figures cannot be compared from one year to
    /// the next (a change of registration, of definition): the report then shows them but adds
    /// them into no total by year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparable_between_years: Option<bool>,
    /// Voluntary contributions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = MAX_LIST_ITEMS))]
    pub contributions: Vec<Contribution>,
    /// A position from the mandate's fixed list (for instance on a global plan of action).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 100))]
    pub position: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TreatyAction {
    /// Instrument code from the mandate file (`UNTOC`, `TIP_PROTOCOL`, `OPSC`, `CEDAW`).
    #[schemars(length(max = 100))]
    pub instrument: String,
    /// `signature`, `ratification`, `accession`, `acceptance`, `approval` or `succession`.
    #[schemars(length(max = 100))]
    pub action: String,
    /// Date of the action, `YYYY-MM-DD`.
    #[schemars(regex(pattern = DATE_PATTERN), extend("format" = "date"))]
    pub date: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Law {
    #[schemars(length(min = 1, max = 1000))]
    pub title: String,
    #[schemars(range(min = 1800, max = 2100))]
    pub year: i32,
    /// Forms of exploitation covered, from the mandate's vocabulary.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 50))]
    pub forms: Vec<String>,
    /// Maximum penalty in years of imprisonment, where the law sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = 150))]
    pub max_penalty_years: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CoordinationMechanism {
    #[schemars(length(min = 1, max = 1000))]
    pub name: String,
    /// `national`, `bilateral`, `regional` or `international`.
    #[schemars(length(max = 100))]
    pub scope: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1800, max = 2100))]
    pub established: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct YearlyCount {
    #[schemars(range(min = 1800, max = 2100))]
    pub year: i32,
    /// What was counted, from the mandate's vocabulary (`victims_identified`, `prosecutions`, ...).
    #[schemars(length(max = 100))]
    pub measure: String,
    #[schemars(range(max = MAX_COUNT))]
    pub value: u64,
    /// Optional breakdown (`female`, `male`, `children`, `adults`, a form of exploitation ...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub breakdown: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Contribution {
    #[schemars(range(min = 0, max = MAX_AMOUNT))]
    pub amount: f64,
    /// ISO 4217 currency code.
    #[schemars(regex(pattern = r"^[A-Z]{3}$"))]
    pub currency: String,
    #[schemars(range(min = 1800, max = 2100))]
    pub year: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 1000))]
    pub purpose: Option<String>,
}
