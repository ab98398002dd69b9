//! The reply format: what a Member State or organization sends in answer to the note verbale.
//!
//! Shared by every stage: `gather` parses JSON into [`Reply`], `check` inspects it, `compile`
//! reads the accepted ones. The format is versioned by its `format` field
//! ([`REPLY_FORMAT`]) so that replies written today still read after it grows: every field
//! added later is optional, and fields this version does not know are kept in `unknown_fields`
//! (so that `check` can report them) instead of being silently dropped.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The format identifier every reply of this version carries in its `format` field.
pub const REPLY_FORMAT: &str = "report-reply/1";

/// One reply from one respondent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    /// Format identifier, `report-reply/1` for this version.
    pub format: String,
    /// True when the reply is sample data and not a real statement of the respondent.
    #[serde(default)]
    pub illustrative: bool,
    pub respondent: Respondent,
    /// Date the reply was sent, `YYYY-MM-DD`.
    pub submitted: String,
    /// Language the reply was written in, an ISO 639-1 code (`en`, `fr`, `es`, `ru`, `ar`, `zh`, ...).
    pub language: String,
    /// Free remarks about the reply itself (not typeset), for instance why it is illustrative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
    /// Answers keyed by operative paragraph number (`"1"` ... `"12"`).
    #[serde(default)]
    pub paragraphs: BTreeMap<String, ParagraphAnswer>,
    /// Fields this format version does not define; reported by `check`.
    #[serde(flatten, skip_serializing)]
    pub unknown_fields: BTreeMap<String, serde_json::Value>,
}

/// Who replies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Respondent {
    pub kind: RespondentKind,
    /// ISO 3166-1 alpha-3 for States; the code from `inputs/organizations.json` for others.
    pub code: String,
    /// The name as the respondent gives it; the report uses the reference name where one exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(flatten, skip_serializing)]
    pub unknown_fields: BTreeMap<String, serde_json::Value>,
}

/// The kinds of respondent that a mandate can address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ParagraphAnswer {
    /// Plain text, never markup. Paragraphs separated by a blank line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narrative: Option<String>,
    /// Signatures, ratifications, accessions ... of the instruments the mandate names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub treaty_actions: Vec<TreatyAction>,
    /// Legislation adopted or amended.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub laws: Vec<Law>,
    /// National coordinating bodies and regional or bilateral initiatives.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub coordination: Vec<CoordinationMechanism>,
    /// Comparable data: yearly counts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statistics: Vec<YearlyCount>,
    /// Voluntary contributions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contributions: Vec<Contribution>,
    /// A position from the mandate's fixed list (for instance on a global plan of action).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    #[serde(flatten, skip_serializing)]
    pub unknown_fields: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TreatyAction {
    /// Instrument code from the mandate file (`UNTOC`, `TIP_PROTOCOL`, `OPSC`, `CEDAW`).
    pub instrument: String,
    /// `signature`, `ratification`, `accession`, `acceptance`, `approval` or `succession`.
    pub action: String,
    /// Date of the action, `YYYY-MM-DD`.
    pub date: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Law {
    pub title: String,
    pub year: i32,
    /// Forms of exploitation covered, from the mandate's vocabulary.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forms: Vec<String>,
    /// Maximum penalty in years of imprisonment, where the law sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_penalty_years: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoordinationMechanism {
    pub name: String,
    /// `national`, `bilateral`, `regional` or `international`.
    pub scope: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub established: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearlyCount {
    pub year: i32,
    /// What was counted, from the mandate's vocabulary (`victims_identified`, `prosecutions`, ...).
    pub measure: String,
    pub value: u64,
    /// Optional breakdown (`female`, `male`, `children`, `adults`, a form of exploitation ...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub breakdown: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    pub amount: f64,
    /// ISO 4217 currency code.
    pub currency: String,
    pub year: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
}
