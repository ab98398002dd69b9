//! Part of stage 3, compile: the word budget. Which examples the report quotes, so that the
//! body keeps within the word limit.
//!
//! In: the ranked candidates of every digest, the words the laid-out report takes without any
//! example (the bare synthesis, chapter by chapter, measured by the typesetter), the limit and
//! the chapters' own budgets from the outline. Out: a [`Selection`], applied to the report
//! model by [`apply`].
//!
//! The words left after the bare synthesis go to the chapters that have examples: a chapter
//! with `words` in the outline gets what its budget leaves, the others share the rest in
//! proportion to the answers they report, and what a chapter cannot use goes to the others.
//! Inside a chapter, examples are taken in turn from each paragraph (the preparer's own work,
//! the editors' marks, then regional groups in turn, then alphabetical), at most `examples`
//! per paragraph, while they fit. If the laid-out chapter still comes out longer than its
//! budget, [`trim`] drops its examples from the last chosen. The same inputs always give the
//! same choice. Respondents that are not quoted are still named ([`ParagraphDigest::also`]).

use serde::Serialize;

use super::examples::Candidate;
use super::model::{ParagraphDigest, Report};

/// The most examples quoted per operative paragraph unless the outline says otherwise.
pub const DEFAULT_EXAMPLES: usize = 3;

/// Where a digest sits in the report model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A paragraph the chapter covers itself: chapter, digest.
    Chapter(usize, usize),
    /// A paragraph of a section: chapter, section, digest.
    Section(usize, usize, usize),
}

impl Place {
    pub fn chapter(self) -> usize {
        match self {
            Self::Chapter(chapter, _) | Self::Section(chapter, _, _) => chapter,
        }
    }
}

/// The candidates of one digest.
#[derive(Debug, Clone)]
pub struct DigestCandidates {
    pub place: Place,
    pub ranked: Vec<Candidate>,
    /// Everyone the digest reports as having answered: code and name in a sentence.
    pub answered: Vec<(String, String)>,
    /// The most examples (own work and featured ones aside) to quote.
    pub cap: usize,
    /// Words that quoting anyone adds besides the examples themselves: the sentence that names
    /// the respondents not quoted.
    pub overhead: usize,
}

impl DigestCandidates {
    /// The candidates that may be chosen, in order: the preparer's own work and the featured
    /// ones, then others up to the cap.
    fn eligible(&self) -> Vec<usize> {
        let mut others = 0;
        self.ranked
            .iter()
            .enumerate()
            .filter(|(_, candidate)| {
                if candidate.own_voice || candidate.featured {
                    true
                } else {
                    others += 1;
                    others <= self.cap
                }
            })
            .map(|(index, _)| index)
            .collect()
    }
}

/// The words that quoting adds to a paragraph besides the examples: the sentence on the
/// respondents not quoted. When not everyone reported, the names move from the first
/// sentence to it ("Similar information was provided by"); when everyone did, the others are
/// counted, not named ("The other nine Member States that replied provided similar
/// information"): Annex I names them all.
pub fn naming_overhead(group_many: &str, all_answered: bool) -> usize {
    if all_answered {
        7 + crate::style::count_words(group_many)
    } else {
        5
    }
}

/// Every digest's candidates, in the order of the report.
#[derive(Debug, Clone, Default)]
pub struct Candidates {
    pub digests: Vec<DigestCandidates>,
    /// How many chapters the report has.
    pub chapters: usize,
}

/// One chosen candidate: digest index, rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pick {
    digest: usize,
    rank: usize,
    words: usize,
}

/// The examples chosen, in the order they were chosen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    picks: Vec<Pick>,
}

impl Selection {
    /// No example at all: the bare synthesis.
    pub fn none() -> Self {
        Self::default()
    }

    pub fn is_empty(&self) -> bool {
        self.picks.is_empty()
    }

    /// Examples chosen in each chapter.
    pub fn per_chapter(&self, candidates: &Candidates) -> Vec<usize> {
        let mut counts = vec![0; candidates.chapters];
        for pick in &self.picks {
            if let Some(count) = candidates
                .digests
                .get(pick.digest)
                .and_then(|digest| counts.get_mut(digest.place.chapter()))
            {
                *count += 1;
            }
        }
        counts
    }
}

/// The words each chapter may give to examples, given the bare synthesis's words (`front`:
/// the title page; `chapters`: each chapter, in order), the limit and the outline's budgets.
pub fn allocate(
    candidates: &Candidates,
    front: usize,
    bare: &[usize],
    limit: usize,
    budgets: &[Option<u32>],
) -> Vec<usize> {
    let chapters = candidates.chapters;
    let body: usize = front + bare.iter().sum::<usize>();
    let spare = limit.saturating_sub(body);
    // What each chapter could use at most, and how many answers it reports.
    let mut demand = vec![0usize; chapters];
    let mut weight = vec![0usize; chapters];
    for digest in &candidates.digests {
        let chapter = digest.place.chapter();
        if chapter >= chapters {
            continue;
        }
        let eligible = digest.eligible();
        if !eligible.is_empty() {
            demand[chapter] += digest.overhead
                + eligible
                    .iter()
                    .map(|index| digest.ranked[*index].words)
                    .sum::<usize>();
        }
        weight[chapter] += digest.answered.len().max(1);
    }
    let mut allowance = vec![0usize; chapters];
    // Chapters with a budget of their own get what it leaves after their synthesis.
    let mut left = spare;
    for chapter in 0..chapters {
        if let Some(Some(budget)) = budgets.get(chapter) {
            let own = (*budget as usize)
                .saturating_sub(bare.get(chapter).copied().unwrap_or(0))
                .min(demand[chapter])
                .min(left);
            allowance[chapter] = own;
            left -= own;
        }
    }
    // The others share the rest by the answers they report; what one cannot use goes on to
    // the others, until nothing is left or every demand is met.
    let mut open: Vec<usize> = (0..chapters)
        .filter(|chapter| !matches!(budgets.get(*chapter), Some(Some(_))) && demand[*chapter] > 0)
        .collect();
    while left > 0 && !open.is_empty() {
        let total_weight: usize = open.iter().map(|chapter| weight[*chapter]).sum();
        let mut given = 0;
        for &chapter in &open {
            let share = left * weight[chapter] / total_weight.max(1);
            let take = share.min(demand[chapter] - allowance[chapter]);
            allowance[chapter] += take;
            given += take;
        }
        if given == 0 {
            // Shares rounded down to nothing: give the remainder to the first open chapter.
            let chapter = open[0];
            let take = left.min(demand[chapter] - allowance[chapter]);
            allowance[chapter] += take;
            given = take;
            if given == 0 {
                break;
            }
        }
        left -= given;
        open.retain(|chapter| allowance[*chapter] < demand[*chapter]);
    }
    allowance
}

/// The examples of each chapter within its allowance: one paragraph after another, the best
/// remaining candidate of each in turn, as long as it fits. The preparer's own work and the
/// editors' marks come first; then a region not yet heard in the paragraph, then a respondent
/// quoted less often so far in the report, then the ranking (regions in turn, alphabetical),
/// so that the report does not quote the same few States throughout.
pub fn choose(candidates: &Candidates, allowance: &[usize]) -> Selection {
    let mut picks = Vec::new();
    let mut times_quoted: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (chapter, &allowed) in allowance.iter().enumerate() {
        struct Progress<'a> {
            index: usize,
            remaining: Vec<usize>,
            others: usize,
            groups: Vec<&'a str>,
            quoted: bool,
        }
        let mut digests: Vec<Progress<'_>> = candidates
            .digests
            .iter()
            .enumerate()
            .filter(|(_, digest)| digest.place.chapter() == chapter)
            .map(|(index, digest)| Progress {
                index,
                remaining: (0..digest.ranked.len()).collect(),
                others: 0,
                groups: Vec::new(),
                quoted: false,
            })
            .collect();
        let mut left = allowed;
        loop {
            let mut picked_any = false;
            for progress in &mut digests {
                let digest = &candidates.digests[progress.index];
                let favoured = |rank: &usize| {
                    let candidate = &digest.ranked[*rank];
                    candidate.own_voice || candidate.featured
                };
                // The order in which this round tries the candidates left.
                let mut order: Vec<usize> = progress.remaining.clone();
                order.sort_by_key(|rank| {
                    let candidate = &digest.ranked[*rank];
                    (
                        !favoured(rank),
                        progress.groups.contains(&candidate.group.as_str()),
                        times_quoted
                            .get(candidate.code.as_str())
                            .copied()
                            .unwrap_or(0),
                        *rank,
                    )
                });
                for rank in order {
                    let candidate = &digest.ranked[rank];
                    if !favoured(&rank) && progress.others >= digest.cap {
                        break;
                    }
                    // The first example of a paragraph also brings the sentence naming the
                    // others.
                    let words = candidate.words + if progress.quoted { 0 } else { digest.overhead };
                    progress.remaining.retain(|other| *other != rank);
                    if words > left {
                        continue;
                    }
                    left -= words;
                    progress.quoted = true;
                    if !favoured(&rank) {
                        progress.others += 1;
                    }
                    progress.groups.push(candidate.group.as_str());
                    *times_quoted.entry(candidate.code.as_str()).or_default() += 1;
                    picks.push(Pick {
                        digest: progress.index,
                        rank,
                        words,
                    });
                    picked_any = true;
                    break;
                }
            }
            if !picked_any {
                break;
            }
        }
    }
    Selection { picks }
}

/// The selection with examples dropped, from the last chosen, from each chapter that came out
/// `over` its budget by that many words. `None` when there was nothing to drop.
pub fn trim(selection: &Selection, candidates: &Candidates, over: &[usize]) -> Option<Selection> {
    let mut to_drop: Vec<usize> = over.to_vec();
    let mut kept: Vec<Pick> = Vec::with_capacity(selection.picks.len());
    let mut dropped = false;
    for pick in selection.picks.iter().rev() {
        let chapter = candidates.digests[pick.digest].place.chapter();
        match to_drop.get_mut(chapter) {
            Some(excess) if *excess > 0 => {
                *excess = excess.saturating_sub(pick.words.max(1));
                dropped = true;
            }
            _ => kept.push(*pick),
        }
    }
    kept.reverse();
    dropped.then_some(Selection { picks: kept })
}

/// Writes the chosen examples into the report's digests, and names the respondents that are
/// not quoted.
pub fn apply(report: &mut Report, candidates: &Candidates, selection: &Selection) {
    for (index, digest) in candidates.digests.iter().enumerate() {
        let Some(target) = digest_at(report, digest.place) else {
            continue;
        };
        let mut chosen: Vec<&Candidate> = selection
            .picks
            .iter()
            .filter(|pick| pick.digest == index)
            .filter_map(|pick| digest.ranked.get(pick.rank))
            .collect();
        chosen.sort_by(|a, b| a.sort_key().cmp(b.sort_key()));
        target.own_voice = chosen
            .iter()
            .filter(|candidate| candidate.own_voice)
            .map(|candidate| candidate.text.clone())
            .collect();
        target.featured = chosen
            .iter()
            .filter(|candidate| candidate.featured && !candidate.own_voice)
            .map(|candidate| candidate.text.clone())
            .collect();
        target.examples = chosen
            .iter()
            .filter(|candidate| !candidate.featured && !candidate.own_voice)
            .map(|candidate| candidate.text.clone())
            .collect();
        target.also = digest
            .answered
            .iter()
            .filter(|(code, _)| !chosen.iter().any(|candidate| &candidate.code == code))
            .map(|(_, who)| who.clone())
            .collect();
        target.also_count = target.also.len();
        target.quoted = !target.featured.is_empty() || !target.examples.is_empty();
        target.names_first = !target.quoted && !target.all_answered;
    }
}

fn digest_at(report: &mut Report, place: Place) -> Option<&mut ParagraphDigest> {
    match place {
        Place::Chapter(chapter, digest) => {
            report.chapters.get_mut(chapter)?.digests.get_mut(digest)
        }
        Place::Section(chapter, section, digest) => report
            .chapters
            .get_mut(chapter)?
            .sections
            .get_mut(section)?
            .digests
            .get_mut(digest),
    }
}

/// Words of one chapter against its budget, for the build's summary and the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChapterWords {
    /// Roman numeral.
    pub number: String,
    pub title: String,
    pub words: usize,
    /// The chapter's budget (its synthesis and the words given to its examples), when it has
    /// examples to choose from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<usize>,
    /// Examples quoted, of those the chapter could quote.
    pub examples: usize,
    pub candidates: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(code: &str, words: usize) -> Candidate {
        super::super::examples::test_candidate(code, words)
    }

    fn digest(chapter: usize, index: usize, words: &[usize]) -> DigestCandidates {
        DigestCandidates {
            place: Place::Chapter(chapter, index),
            ranked: words
                .iter()
                .enumerate()
                .map(|(rank, words)| candidate(&format!("R{chapter}{index}{rank}"), *words))
                .collect(),
            answered: words
                .iter()
                .enumerate()
                .map(|(rank, _)| (format!("R{chapter}{index}{rank}"), format!("R{rank}")))
                .collect(),
            cap: 3,
            overhead: 0,
        }
    }

    #[test]
    fn the_spare_words_are_shared_and_what_one_chapter_cannot_use_goes_to_the_others() {
        let candidates = Candidates {
            digests: vec![digest(0, 0, &[10]), digest(1, 0, &[40, 40, 40, 40])],
            chapters: 2,
        };
        // 100 spare words: chapter 0 can use 10, chapter 1 up to 120 (three examples).
        let allowance = allocate(&candidates, 50, &[100, 250], 500, &[None, None]);
        assert_eq!(allowance, vec![10, 90]);
        let selection = choose(&candidates, &allowance);
        assert_eq!(selection.per_chapter(&candidates), vec![1, 2]);
    }

    #[test]
    fn a_chapter_budget_in_the_outline_is_kept() {
        let candidates = Candidates {
            digests: vec![digest(0, 0, &[30, 30, 30]), digest(1, 0, &[30, 30, 30])],
            chapters: 2,
        };
        let allowance = allocate(&candidates, 0, &[100, 100], 1_000, &[Some(130), None]);
        assert_eq!(allowance, vec![30, 90]);
    }

    #[test]
    fn nothing_is_chosen_when_the_synthesis_fills_the_limit() {
        let candidates = Candidates {
            digests: vec![digest(0, 0, &[5, 5])],
            chapters: 1,
        };
        let allowance = allocate(&candidates, 100, &[500], 550, &[None]);
        assert_eq!(allowance, vec![0]);
        assert!(choose(&candidates, &allowance).is_empty());
    }

    #[test]
    fn examples_are_taken_in_turn_and_trimmed_from_the_last_chosen() {
        let candidates = Candidates {
            digests: vec![digest(0, 0, &[10, 10, 10]), digest(0, 1, &[10, 10])],
            chapters: 1,
        };
        let selection = choose(&candidates, &[45]);
        // Round one takes the first of each, round two the second of each: 40 words.
        assert_eq!(
            selection
                .picks
                .iter()
                .map(|pick| (pick.digest, pick.rank))
                .collect::<Vec<_>>(),
            vec![(0, 0), (1, 0), (0, 1), (1, 1)]
        );
        let trimmed = trim(&selection, &candidates, &[15]).expect("something to drop");
        assert_eq!(
            trimmed
                .picks
                .iter()
                .map(|pick| (pick.digest, pick.rank))
                .collect::<Vec<_>>(),
            vec![(0, 0), (1, 0)]
        );
        assert_eq!(trim(&trimmed, &candidates, &[0]), None);
    }
}
