//! The resolution as data: its operative paragraphs, whom each addresses, what a reply is
//! expected to report, the instruments it names and the vocabularies facts are drawn from.
//!
//! Read from `inputs/mandate.json` by `gather`; consulted by `check` (which paragraphs exist,
//! whom they address, which vocabulary a fact must use) and by `compile` (paragraph subjects
//! and texts). Nothing about resolution 63/194 is written in Rust: another resolution is
//! another file.

use std::collections::BTreeMap;

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
    pub title: String,
    /// Date the text was concluded; no action can predate it.
    pub concluded: String,
    pub concluded_at: String,
    pub citation: String,
}

/// Fixed lists that facts are drawn from: key -> how the report words it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabularies {
    pub treaty_actions: BTreeMap<String, String>,
    pub forms_of_exploitation: BTreeMap<String, String>,
    pub measures: BTreeMap<String, String>,
    pub positions: BTreeMap<String, String>,
    pub coordination_scopes: BTreeMap<String, String>,
}

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
    pub description: String,
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

impl OperativeParagraph {
    pub fn addresses(&self, kind: RespondentKind) -> bool {
        self.addressees.contains(&kind)
    }
}
