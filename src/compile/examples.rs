//! Part of stage 3, compile: the examples a section may quote, and in which order.
//!
//! In: the answers to one paragraph and the editorial layer. Out: the candidates, ranked: the
//! preparer's own work first (in the report's voice), then the answers the editors marked to
//! feature, then the others so that different regional groups are heard, each group in
//! alphabetical order. A candidate's text is the editors' summary where there is a current
//! one; otherwise, for a reply in the report's language, its opening sentences as a short
//! quotation. A reply in another language without a summary is never printed: it is counted
//! and named, and the build lists it as needing a summary.

use std::collections::{BTreeMap, HashMap};

use super::respondents::Respondent;
use super::synthesis::Answer;
use crate::diagnostic::Finding;
use crate::editorial::Editorial;
use crate::gather::ReplyDocument;
use crate::metadata::Preparer;
use crate::style::{capitalize, count_words, opening, reads_as, sort_key};

/// The most words of a reply's opening quoted as an example.
pub const OPENING_WORDS: usize = 45;
/// The most words of the preparer's own text printed for one paragraph without a summary.
pub const OWN_VOICE_WORDS: usize = 90;

/// A text the report may print for one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub code: String,
    /// How the respondent is named in a sentence.
    pub who: String,
    /// The sentence(s) as printed, naming the respondent (or, in the report's own voice, not).
    pub text: String,
    pub words: usize,
    pub featured: bool,
    /// The preparer's own work, in the report's voice: not an example of what others did.
    pub own_voice: bool,
    /// The respondent's regional group (empty for organizations), to hear different regions.
    pub group: String,
    sort_key: String,
}

impl Candidate {
    pub fn sort_key(&self) -> &str {
        &self.sort_key
    }
}

/// What the report can print of one answer, if anything.
fn text_of(
    respondent: &Respondent<'_>,
    number: u32,
    narrative: Option<&str>,
    editorial: &Editorial,
    language: &str,
    preparer: Option<&Preparer>,
) -> Option<(String, bool)> {
    let featured = editorial.featured(respondent.code, number);
    if let Some(summary) = editorial.summary(respondent.code, number) {
        return Some((summary.to_owned(), featured));
    }
    let narrative = narrative?;
    if respondent.sourced.reply.language != language {
        return None;
    }
    let words = if respondent.is_preparer {
        OWN_VOICE_WORDS
    } else {
        OPENING_WORDS
    };
    let opening = opening(narrative, words);
    if opening.is_empty() || !reads_as(&opening, language) {
        return None;
    }
    if respondent.is_preparer {
        let own_name = preparer.map_or("the Office", |preparer| preparer.own_name.as_str());
        Some((in_own_voice(&opening, respondent, own_name), featured))
    } else {
        Some((quoted(&respondent.who, &opening), featured))
    }
}

/// `Norway reported: “…”`. A quotation that is a whole sentence keeps its full stop inside the
/// closing mark; one that ends otherwise (cut short, or without a stop of its own) is followed
/// by the report's full stop, outside it, as the Editorial Manual places it.
fn quoted(who: &str, opening: &str) -> String {
    let ends_a_sentence = opening
        .trim_end_matches(['\u{201d}', '\u{2019}', '"', '\'', ')'])
        .ends_with(['.', '!', '?']);
    format!(
        "{} reported: \u{201c}{}\u{201d}{}",
        capitalize(who),
        crate::style::nested_quotation(opening),
        if ends_a_sentence { "" } else { "." }
    )
}

/// The preparer's own text in the report's voice: where it names itself ("UNODC organized
/// ...", "the United Nations Office on Drugs and Crime"), the report says "the Office".
fn in_own_voice(text: &str, respondent: &Respondent<'_>, own_name: &str) -> String {
    let mut names: Vec<String> = vec![respondent.name.clone(), respondent.who.clone()];
    for name in names.clone() {
        names.push(format!("the {name}"));
        names.push(format!("The {name}"));
    }
    // Longest first, so that "the United Nations Office ..." goes before "UNODC" inside it.
    names.sort_by_key(|name| std::cmp::Reverse(name.len()));
    names.retain(|name| !name.trim().is_empty());
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'scan: while !rest.is_empty() {
        for name in &names {
            if let Some(after) = rest.strip_prefix(name.as_str()) {
                let boundary_before = out.chars().last().is_none_or(|c| !c.is_alphanumeric());
                let boundary_after = after.chars().next().is_none_or(|c| !c.is_alphanumeric());
                if boundary_before && boundary_after {
                    let sentence_start = out.trim_end().is_empty()
                        || out.trim_end().ends_with(['.', '!', '?', ':', '\u{201c}']);
                    out.push_str(&if sentence_start {
                        capitalize(own_name)
                    } else {
                        own_name.to_owned()
                    });
                    rest = after;
                    continue 'scan;
                }
            }
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    out
}

/// What the report can print of each answer, worked out once per answer (a paragraph may be
/// reported in more than one section, and the notices need it too).
pub(crate) struct Texts {
    texts: HashMap<(String, u32), (String, bool)>,
}

impl Texts {
    pub(crate) fn new(
        respondents: &[Respondent<'_>],
        editorial: &Editorial,
        language: &str,
        preparer: Option<&Preparer>,
    ) -> Self {
        let mut texts = HashMap::new();
        for respondent in respondents {
            for (key, answer) in &respondent.sourced.reply.paragraphs {
                let Ok(number) = key.parse::<u32>() else {
                    continue;
                };
                if let Some(text) = text_of(
                    respondent,
                    number,
                    answer.narrative.as_deref(),
                    editorial,
                    language,
                    preparer,
                ) {
                    texts.insert((respondent.code.to_owned(), number), text);
                }
            }
        }
        Self { texts }
    }

    fn get(&self, code: &str, number: u32) -> Option<&(String, bool)> {
        self.texts.get(&(code.to_owned(), number))
    }
}

/// The candidates among `answers` to paragraph `number`, ranked.
pub(crate) fn ranked(answers: &[Answer<'_>], number: u32, texts: &Texts) -> Vec<Candidate> {
    let mut own = Vec::new();
    let mut featured = Vec::new();
    // Regional group (none for organizations) -> candidates in alphabetical order.
    let mut by_group: BTreeMap<String, Vec<Candidate>> = BTreeMap::new();
    for (respondent, _) in answers {
        let Some((text, is_featured)) = texts.get(respondent.code, number).cloned() else {
            continue;
        };
        let candidate = Candidate {
            code: respondent.code.to_owned(),
            who: respondent.who.clone(),
            words: count_words(&text),
            text,
            featured: is_featured,
            own_voice: respondent.is_preparer,
            group: respondent.regional_group.clone().unwrap_or_default(),
            sort_key: sort_key(&respondent.name),
        };
        if candidate.own_voice {
            own.push(candidate);
        } else if candidate.featured {
            featured.push(candidate);
        } else {
            by_group
                .entry(respondent.regional_group.clone().unwrap_or_default())
                .or_default()
                .push(candidate);
        }
    }
    featured.sort_by(|a, b| a.sort_key.cmp(&b.sort_key));
    let mut ranked = own;
    ranked.extend(featured);
    let mut groups: Vec<std::vec::IntoIter<Candidate>> = by_group
        .into_values()
        .map(|mut candidates| {
            candidates.sort_by(|a, b| a.sort_key.cmp(&b.sort_key));
            candidates.into_iter()
        })
        .collect();
    // One from each regional group in turn, so that the first examples come from different
    // regions.
    loop {
        let before = ranked.len();
        for group in &mut groups {
            ranked.extend(group.next());
        }
        if ranked.len() == before {
            break;
        }
    }
    ranked
}

/// A notice for every narrative the report cannot print as written and that has no summary:
/// the editors' list of summaries to write.
pub(crate) fn summaries_needed(
    respondents: &[Respondent<'_>],
    texts: &Texts,
    language: &str,
    documents: &[ReplyDocument],
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for respondent in respondents {
        let reply = &respondent.sourced.reply;
        for (key, answer) in &reply.paragraphs {
            let Ok(number) = key.parse::<u32>() else {
                continue;
            };
            if answer.narrative.is_none() || texts.get(respondent.code, number).is_some() {
                continue;
            }
            let in_language = reply.language == language;
            let mut finding = Finding::notice(
                "summary-needed",
                &respondent.sourced.source,
                if in_language {
                    "the narrative quotes text in another language or script, so the report cannot print it as written: it needs a summary in the report's language".to_owned()
                } else {
                    format!(
                        "the narrative is in `{}`, so the report names the respondent but cannot print what it said: it needs a summary in the report's language (`{language}`)",
                        reply.language
                    )
                },
            )
            .at_pointer(format!("/paragraphs/{key}/narrative"))
            .in_paragraph(number)
            .with_hint("run `report worksheet` and write the summary in the respondent's summaries file");
            if let Some(document) = documents
                .iter()
                .find(|document| document.source == respondent.sourced.source)
            {
                finding = finding.locate(&document.source_map);
            }
            findings.push(finding);
        }
    }
    findings
}

/// A candidate of `words` words, for the budget's tests.
#[cfg(test)]
pub(crate) fn test_candidate(code: &str, words: usize) -> Candidate {
    Candidate {
        code: code.to_owned(),
        who: code.to_owned(),
        text: "word ".repeat(words).trim_end().to_owned(),
        words,
        featured: false,
        own_voice: false,
        group: String::new(),
        sort_key: code.to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_full_stop_goes_inside_a_whole_sentence_and_after_anything_else() {
        assert_eq!(
            super::quoted("Norway", "Victims are assisted."),
            "Norway reported: \u{201c}Victims are assisted.\u{201d}"
        );
        assert_eq!(
            super::quoted("Norway", "Victims are assisted in \u{2026}"),
            "Norway reported: \u{201c}Victims are assisted in \u{2026}\u{201d}."
        );
        assert_eq!(
            super::quoted("the Netherlands", "See the \"Plan\""),
            "The Netherlands reported: \u{201c}See the \u{2018}Plan\u{2019}\u{201d}."
        );
    }
}
