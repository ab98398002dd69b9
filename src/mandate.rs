//! The resolution as data: its operative paragraphs, whom each addresses, what a reply is
//! expected to report, the instruments it names and the vocabularies facts are drawn from.
//!
//! Read from `inputs/mandate.json` by `gather`; consulted by `check` (which paragraphs exist,
//! whom they address, which vocabulary a fact must use) and by `compile` (paragraph subjects
//! and texts). Nothing about resolution 63/194 is written in Rust: another resolution is
//! another file.

use serde::{Deserialize, Serialize};

use crate::reply::RespondentKind;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mandate {
    pub resolution: Resolution,
    /// The operative paragraph that requests the report.
    pub report_paragraph: u32,
    pub instruments: Vec<Instrument>,
    pub vocabularies: Vocabularies,
    pub paragraphs: Vec<OperativeParagraph>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    /// `A/RES/63/194`.
    pub symbol: String,
    /// `63/194`, as the report cites it ("resolution 63/194").
    pub number: String,
    pub title: String,
    /// Date of adoption, `YYYY-MM-DD`.
    pub adopted: String,
    /// Session that adopted it, in words (`sixty-third`).
    pub session: String,
    pub source: String,
}

/// A treaty the resolution names.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// Code used in replies (`TIP_PROTOCOL`).
    pub code: String,
    /// Chapter and number in the depositary's record (`XVIII-12-a`); the key in the reference data.
    pub depositary_id: String,
    pub short_title: String,
    /// Column heading in tables where the short title is too long (`CEDAW`); the table's
    /// note then spells out the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table_heading: Option<String>,
    pub title: String,
    /// Date the text was concluded (adopted), `YYYY-MM-DD`.
    pub concluded: String,
    /// Date it was opened for signature, where it differs from `concluded`; no signature,
    /// ratification or accession can predate it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened_for_signature: Option<String>,
    pub concluded_at: String,
    pub citation: String,
}

/// Fixed lists that facts are drawn from: key -> how the report words it, in the order the
/// mandate file lists them (the order of tables and of `report new`'s lists).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabularies {
    /// Worded as what follows "it had": `signed`, `acceded to`.
    pub treaty_actions: Vocabulary,
    pub forms_of_exploitation: Vocabulary,
    pub measures: Vocabulary,
    pub positions: Vocabulary,
    pub coordination_scopes: Vocabulary,
    /// Keys a count's `breakdown` may use besides the forms of exploitation (`female`,
    /// `children`). Empty: any key is accepted.
    #[serde(default, skip_serializing_if = "Vocabulary::is_empty")]
    pub breakdowns: Vocabulary,
    /// Breakdown keys that divide one total between them (`female` and `male`): together
    /// they cannot exceed it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breakdown_groups: Vec<Vec<String>>,
}

pub type Vocabulary = indexmap::IndexMap<String, String>;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperativeParagraph {
    pub number: u32,
    /// The opening verb as the resolution has it ("Calls upon").
    pub verb: String,
    /// Whom the resolution addresses, in its own words.
    pub addressed_to: String,
    /// Which kinds of respondent may report on the paragraph.
    pub addressees: Vec<RespondentKind>,
    /// The organizations the paragraph names, by code (`UNODC`, `IOM`), when it addresses
    /// those only: an organization of an addressed kind that is not named is not addressed.
    /// States are addressed by kind alone. Empty: every respondent of the kinds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addressed_entities: Vec<String>,
    /// What the paragraph is about, as a heading-like phrase.
    pub subject: String,
    /// Full text of the paragraph, without its number.
    pub text: String,
    /// What a reply is expected to report.
    pub expects: Vec<ExpectedFact>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedFact {
    /// Field of the paragraph answer (`narrative`, `treaty_actions`, `laws`, ...).
    pub fact: String,
    #[serde(default)]
    pub required: bool,
    /// For treaty actions: which instruments belong to this paragraph.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instruments: Vec<String>,
    /// For yearly facts: the year must lie in the report's reporting period.
    #[serde(default)]
    pub within_reporting_period: bool,
    /// For yearly counts: one measure may not exceed another of the same year (convictions
    /// cannot outnumber prosecutions). A breach is flagged, not refused: the two may come from
    /// different registers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub at_most: Vec<CountBound>,
    pub description: String,
}

/// `measure` should be at most `limit` in the same year.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountBound {
    pub measure: String,
    pub limit: String,
}

impl Mandate {
    pub fn paragraph(&self, number: u32) -> Option<&OperativeParagraph> {
        self.paragraphs
            .iter()
            .find(|paragraph| paragraph.number == number)
    }

    pub fn instrument(&self, code: &str) -> Option<&Instrument> {
        self.instruments
            .iter()
            .find(|instrument| instrument.code == code)
    }
}

impl Instrument {
    /// The earliest date any treaty action can bear: the opening for signature, or the
    /// conclusion when the opening is not recorded.
    pub fn earliest_action(&self) -> &str {
        self.opened_for_signature
            .as_deref()
            .unwrap_or(&self.concluded)
    }
}

impl OperativeParagraph {
    pub fn addresses(&self, kind: RespondentKind) -> bool {
        self.addressees.contains(&kind)
    }

    /// Whether the paragraph addresses this respondent: its kind is addressed and, where the
    /// paragraph names the organizations it addresses, it is one of them.
    pub fn addresses_respondent(&self, kind: RespondentKind, code: &str) -> bool {
        self.addresses(kind)
            && (kind.is_state()
                || self.addressed_entities.is_empty()
                || self
                    .addressed_entities
                    .iter()
                    .any(|named| named.eq_ignore_ascii_case(code)))
    }

    /// What the paragraph expects of `fact` (`narrative`, `laws`, ...), if it asks for it.
    pub fn expects(&self, fact: &str) -> Option<&ExpectedFact> {
        self.expects.iter().find(|expected| expected.fact == fact)
    }
}
