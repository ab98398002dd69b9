//! A State's claimed treaty action against the depositary record in the reference data.
//!
//! In: one treaty action of a State's reply. Out: at most one finding. A claim the record
//! contradicts is an error that quotes both; a claim the record cannot confirm (no entry for the
//! State, or no date of that kind) is a notice that says so with the record's as-of date. A
//! claim is never silently accepted and never refused for want of data.

use crate::dates::{format_long, parse_iso_date};
use crate::diagnostic::Finding;
use crate::mandate::Instrument;
use crate::reference::{Reference, TreatyEntry};
use crate::reply::TreatyAction;

pub struct Claim<'a> {
    pub source: &'a str,
    pub pointer: &'a str,
    pub paragraph: u32,
    pub state: &'a str,
    pub action: &'a TreatyAction,
    pub instrument: &'a Instrument,
}

/// Compares one claim with the record. Returns `None` when the record confirms it.
pub fn verify_claim(reference: &Reference, claim: &Claim<'_>) -> Option<Finding> {
    let Claim {
        source,
        pointer,
        paragraph,
        state,
        action,
        instrument,
    } = *claim;
    let claimed_date = parse_iso_date(&action.date)?;
    let what = format!("{} of the {}", action.action, instrument.short_title);
    let Some((_, entry)) = reference.treaty_entry(&instrument.depositary_id, state) else {
        return Some(unverifiable(
            claim,
            format!(
                "the {what} on {} cannot be verified against the depositary records available, which are partial: they hold no entry for `{state}`",
                format_long(claimed_date)
            ),
        ));
    };
    let recorded = |date: Option<&str>| date.and_then(parse_iso_date);
    let contradicted = |recorded_text: String| {
        Finding::error(
            "treaty-claim-contradicted",
            source,
            format!(
                "the reply gives {what} on {}, but the depositary record has {recorded_text}",
                format_long(claimed_date)
            ),
        )
        .at_pointer(pointer)
        .in_paragraph(paragraph)
        .with_hint(format!(
            "check the date and kind against the instrument deposited with the Secretary-General (depositary record {})",
            instrument.depositary_id
        ))
    };
    if action.action == "signature" {
        return match recorded(entry.signature.as_deref()) {
            Some(date) if date == claimed_date => None,
            Some(date) => Some(contradicted(format!("signature on {}", format_long(date)))),
            None => Some(unverifiable(
                claim,
                format!(
                    "the {what} on {} cannot be verified against the depositary records available: they give no signature date for `{state}`",
                    format_long(claimed_date)
                ),
            )),
        };
    }
    let Some(recorded_instrument) = &entry.instrument else {
        return Some(unverifiable(
            claim,
            format!(
                "the {what} on {} cannot be verified against the depositary records available: they give no instrument for `{state}`",
                format_long(claimed_date)
            ),
        ));
    };
    let recorded_kind = recorded_instrument.kind.as_deref();
    if let Some(kind) = recorded_kind
        && !kind_agrees(kind, &action.action)
    {
        return Some(contradicted(
            format!(
                "{} {}",
                kind.replace('_', " "),
                describe_recorded_date(entry)
            )
            .trim_end()
            .to_owned(),
        ));
    }
    match (
        recorded(recorded_instrument.date.as_deref()),
        recorded_instrument.year,
    ) {
        (Some(date), _) if date == claimed_date => None,
        (Some(date), _) => Some(contradicted(format!(
            "{} on {}",
            recorded_kind.unwrap_or("the instrument").replace('_', " "),
            format_long(date)
        ))),
        (None, Some(year)) if year == claimed_date.year() => Some(unverifiable(
            claim,
            format!(
                "the depositary records available give only the year of the instrument of `{state}` ({year}), which agrees; the day cannot be verified"
            ),
        )),
        (None, Some(year)) => Some(contradicted(format!("an instrument in {year}"))),
        (None, None) => Some(unverifiable(
            claim,
            format!(
                "the {what} on {} cannot be verified against the depositary records available: they give no date for the instrument of `{state}`",
                format_long(claimed_date)
            ),
        )),
    }
}

fn unverifiable(claim: &Claim<'_>, message: String) -> Finding {
    Finding::notice("treaty-claim-unverified", claim.source, message)
        .at_pointer(claim.pointer)
        .in_paragraph(claim.paragraph)
        .with_hint("the report states the claim as the respondent's; no action is needed unless the date is wrong")
}

/// Whether a claimed action agrees with the kind the record gives. The record's sources lump
/// ratification, acceptance and approval together (Tractatenblad "R").
fn kind_agrees(recorded: &str, claimed: &str) -> bool {
    match recorded {
        "ratification_acceptance_or_approval" => {
            matches!(claimed, "ratification" | "acceptance" | "approval")
        }
        recorded => recorded == claimed,
    }
}

fn describe_recorded_date(entry: &TreatyEntry) -> String {
    let Some(instrument) = &entry.instrument else {
        return String::new();
    };
    match (
        instrument.date.as_deref().and_then(parse_iso_date),
        instrument.year,
    ) {
        (Some(date), _) => format!("on {}", format_long(date)),
        (None, Some(year)) => format!("in {year}"),
        (None, None) => String::new(),
    }
}
