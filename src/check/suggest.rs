//! "Did you mean": the known name closest to a misspelt one, for hints.

/// The candidate closest to `given` when it is close enough to be a likely typo: at most a
/// third of the letters differ (Damerau-Levenshtein, so swapped letters count once). Case and
/// `-`/`_` differences are ignored in the comparison.
pub fn did_you_mean<'a>(given: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let normalize = |text: &str| text.to_lowercase().replace('-', "_");
    let given_normal = normalize(given);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let distance = strsim::damerau_levenshtein(&given_normal, &normalize(candidate));
        let allowed = (candidate.chars().count().max(given.chars().count()) / 3).max(1);
        if distance <= allowed && best.is_none_or(|(best_distance, _)| distance < best_distance) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let known = ["narrative", "treaty_actions", "laws", "statistics"];
        assert_eq!(
            did_you_mean("narative", known.into_iter()),
            Some("narrative")
        );
        assert_eq!(
            did_you_mean("Statistcs", known.into_iter()),
            Some("statistics")
        );
        assert_eq!(
            did_you_mean("treaty-actions", known.into_iter()),
            Some("treaty_actions")
        );
        assert_eq!(did_you_mean("budget", known.into_iter()), None);
    }
}
