//! UN editorial style, as plain functions every stage may use: figures and amounts, numbers in
//! words, lists, capitals and plurals, year ranges, alphabetical order, and the words and
//! sentences of a text.
//!
//! A leaf: it imports nothing of the engine, so that compile, render, check and the command
//! line share one definition of each rule (the UN Editorial Manual's, where it has one).

use unicode_normalization::UnicodeNormalization;
use unicode_script::{Script, UnicodeScript};
use unicode_segmentation::UnicodeSegmentation;

/// `12345` -> `12,345`, as figures are printed in text and tables.
pub fn format_figure(value: u64) -> String {
    group_thousands(&value.to_string())
}

/// Digits grouped by three with commas, a leading minus kept.
pub fn group_thousands(digits: &str) -> String {
    let (sign, digits) = digits
        .strip_prefix('-')
        .map_or(("", digits), |rest| ("-", rest));
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, c) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// Numbers one to nine in words, 10 and above in figures, as UN editorial style has it.
pub fn number_in_words(value: u64) -> String {
    const WORDS: [&str; 10] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    usize::try_from(value)
        .ok()
        .and_then(|index| WORDS.get(index))
        .map_or_else(|| format_figure(value), |word| (*word).to_owned())
}

/// A number that stands beside another of the same kind ("8 of the 12"): the UN Editorial
/// Manual applies the rule of the higher number to both, so figures if either is 10 or more.
pub fn number_beside(value: u64, companion: u64) -> String {
    if companion >= 10 || value >= 10 {
        format_figure(value)
    } else {
        number_in_words(value)
    }
}

/// `1250000.5` -> `1,250,000.50`; whole amounts without decimals.
pub fn amount(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let cents = (value * 100.0).round();
    let whole = (cents / 100.0).trunc();
    let fraction = (cents - whole * 100.0).abs();
    let grouped = group_thousands(&format!("{whole:.0}"));
    if fraction == 0.0 {
        grouped
    } else {
        format!("{grouped}.{fraction:02.0}")
    }
}

/// Lists of more names than this go to a footnote, as UN reports put long lists.
pub const INLINE_NAMES: usize = 6;

/// `A`, `A and B`, `A, B and C` (the UN does not use the serial comma).
pub fn join_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [only] => only.as_ref().to_owned(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", init.join(", "), last.as_ref())
        }
    }
}

/// `Steps taken` -> `steps taken`: a phrase made to follow words in a sentence.
pub fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

/// `the Netherlands reported` -> `The Netherlands reported`: a sentence's first letter. A
/// sentence never starts with a figure (UN Editorial Manual): `9 of them` -> `Nine of them`.
pub fn capitalize(text: &str) -> String {
    let digits: String = text
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .collect();
    let rest = &text[digits.len()..];
    let number = digits.replace(',', "").parse::<u64>().ok();
    if let Some(words) = number
        .filter(|_| {
            !digits.ends_with(',') && (rest.is_empty() || rest.starts_with(char::is_whitespace))
        })
        .and_then(spelled_out)
    {
        return capitalize(&format!("{words}{rest}"));
    }
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// A number below 1,000 in words ("one hundred and ninety-two"), for the start of a sentence.
pub fn spelled_out(value: u64) -> Option<String> {
    const ONES: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let below_hundred = |value: usize| -> String {
        if value < 20 {
            ONES[value].to_owned()
        } else if value.is_multiple_of(10) {
            TENS[value / 10].to_owned()
        } else {
            format!("{}-{}", TENS[value / 10], ONES[value % 10])
        }
    };
    let value = usize::try_from(value).ok().filter(|value| *value < 1000)?;
    Some(match (value / 100, value % 100) {
        (0, rest) => below_hundred(rest),
        (hundreds, 0) => format!("{} hundred", ONES[hundreds]),
        (hundreds, rest) => format!("{} hundred and {}", ONES[hundreds], below_hundred(rest)),
    })
}

/// `a; b; and c`: a list whose items hold commas of their own.
pub fn join_list_semicolons(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [first, second] => format!("{first}; and {second}"),
        [init @ .., last] => format!("{}; and {last}", init.join("; ")),
    }
}

pub fn plural<'a>(count: u64, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}

/// `2003–2008`, or `2008` when the range is one year.
pub fn year_range(first: i32, last: i32) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first}\u{2013}{last}")
    }
}

/// Text as print sets it: straight quotation marks become curly ones (`"` as “ ”, `'` as ‘ ’),
/// an apostrophe becomes ’ ("Women’s", "ten years’"), and a hyphen between two years of a range
/// becomes an en dash ("2007–2012"; "029-2008" or "2008-01-01" are left alone).
pub fn typographic(text: &str) -> String {
    quotation_marks(text, false)
}

/// Text quoted inside a quotation: its own quotation marks alternate, double becoming single
/// and single double, as the Editorial Manual nests them; apostrophes stay.
pub fn nested_quotation(text: &str) -> String {
    quotation_marks(text, true)
}

fn quotation_marks(text: &str, nested: bool) -> String {
    const OPENERS: &[char] = &[
        '(', '[', '{', '\u{2014}', '\u{2013}', '-', '/', '\u{201c}', '\u{2018}',
    ];
    let (double_open, double_close, single_open, single_close) = if nested {
        ('\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}')
    } else {
        ('\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}')
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    // Single quotation marks opened and not yet closed: a `'` after a letter then closes one
    // rather than being an apostrophe.
    let mut singles_open = 0usize;
    for (index, &c) in chars.iter().enumerate() {
        let previous = index.checked_sub(1).map(|at| chars[at]);
        let next = chars.get(index + 1).copied();
        let opens = previous.is_none_or(|p| p.is_whitespace() || OPENERS.contains(&p));
        let word_follows = next.is_some_and(char::is_alphanumeric);
        match c {
            '"' | '\u{201c}' | '\u{201d}' => out.push(match c {
                '"' if opens => double_open,
                '"' => double_close,
                '\u{201c}' => double_open,
                _ => double_close,
            }),
            '\'' | '\u{2018}' | '\u{2019}' => {
                let after_word = previous.is_some_and(char::is_alphanumeric);
                if c == '\u{2018}' || (c == '\'' && opens && word_follows) {
                    singles_open += 1;
                    out.push(single_open);
                } else if after_word && word_follows {
                    out.push('\u{2019}');
                } else if singles_open > 0 && !word_follows {
                    singles_open -= 1;
                    out.push(single_close);
                } else {
                    out.push('\u{2019}');
                }
            }
            '-' if is_year_range_hyphen(&chars, index) => out.push('\u{2013}'),
            c => out.push(c),
        }
    }
    out
}

/// A hyphen between two years, the second later: `2007-2012`, not `029-2008` or `2008-01`.
fn is_year_range_hyphen(chars: &[char], index: usize) -> bool {
    let year_at = |start: usize| -> Option<u32> {
        let digits: String = chars.get(start..start + 4)?.iter().collect();
        let year: u32 = digits.parse().ok()?;
        (digits.chars().all(|c| c.is_ascii_digit()) && (1800..=2100).contains(&year))
            .then_some(year)
    };
    let Some(first) = index.checked_sub(4).and_then(year_at) else {
        return false;
    };
    let Some(second) = year_at(index + 1) else {
        return false;
    };
    let before = index.checked_sub(5).map(|at| chars[at]);
    let after = chars.get(index + 5).copied();
    let free =
        |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && !matches!(c, '-' | '/' | '.'));
    second > first && free(before) && free(after)
}

/// A respondent's phrase as it reads inside a sentence of the report: a phrase in sentence
/// case loses its capital ("Technical assistance on ..." -> "technical assistance on ..."), a
/// name keeps its capitals and takes the article ("United Nations Global Initiative" -> "the
/// United Nations Global Initiative"), an acronym is left as it is ("UN.GIFT and ...").
pub fn phrase_in_sentence(text: &str) -> String {
    let mut words = text.split_whitespace();
    let Some(first) = words.next() else {
        return String::new();
    };
    let second = words.next();
    let capitalized = |word: &str| {
        let mut letters = word.chars();
        letters.next().is_some_and(char::is_uppercase)
            && letters.clone().next().is_some_and(char::is_lowercase)
            && letters.all(|c| !c.is_uppercase())
    };
    if !capitalized(first) {
        return text.to_owned();
    }
    if first == "The" {
        return lowercase_first(text);
    }
    match second {
        Some(second) if second.chars().next().is_some_and(char::is_uppercase) => {
            format!("the {text}")
        }
        _ => lowercase_first(text),
    }
}

/// `text` with each acronym of `acronyms` not yet in `introduced` spelled out at its first
/// use outside quotation marks: "for UN.GIFT" -> "for the United Nations Global Initiative to
/// Fight Human Trafficking (UN.GIFT)"; where the full form comes first, the acronym follows
/// it in parentheses. The full form's article is dropped after "the" and capitalized after a
/// full stop. Quoted words are a respondent's and stay as written. `text` is one value of a
/// sentence, not the sentence: at its start the full form keeps its article as written.
pub fn spell_out_acronyms(
    text: &str,
    acronyms: &[(String, String)],
    introduced: &mut std::collections::BTreeSet<String>,
) -> String {
    let mut out = text.to_owned();
    for (short, full) in acronyms {
        if short.is_empty() || introduced.contains(short) {
            continue;
        }
        let name = full
            .strip_prefix("the ")
            .or_else(|| full.strip_prefix("The "))
            .unwrap_or(full);
        let short_at = first_unquoted_use(&out, short);
        let name_at = (!name.is_empty())
            .then(|| first_unquoted_use(&out, name))
            .flatten();
        match (short_at, name_at) {
            (_, Some(at)) if short_at.is_none_or(|short_at| at < short_at) => {
                introduced.insert(short.clone());
                let end = at + name.len();
                if !out[end..].starts_with(&format!(" ({short})")) {
                    out.insert_str(end, &format!(" ({short})"));
                }
            }
            (Some(at), _) => {
                introduced.insert(short.clone());
                let before = &out[..at];
                let spelled = if before.ends_with("the ") || before.ends_with("The ") {
                    name.to_owned()
                } else if before.trim_end().ends_with(['.', '!', '?']) {
                    capitalize(full)
                } else {
                    full.clone()
                };
                out = format!("{before}{spelled} ({short}){}", &out[at + short.len()..]);
            }
            _ => {}
        }
    }
    out
}

/// Where `short` first stands as a word of its own outside (curly) quotation marks.
fn first_unquoted_use(text: &str, short: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (index, c) in text.char_indices() {
        match c {
            '\u{201c}' => depth += 1,
            '\u{201d}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > 0 || !text[index..].starts_with(short) {
            continue;
        }
        let before = text[..index].chars().next_back();
        let after = text[index + short.len()..].chars().next();
        if before.is_none_or(|c| !c.is_alphanumeric() && c != '.')
            && after.is_none_or(|c| !c.is_alphanumeric())
        {
            return Some(index);
        }
    }
    None
}

/// Whether `title` names `year` as a word of its own ("Law No. 1 of 2008", "Act 2004").
pub fn names_year(title: &str, year: i32) -> bool {
    let year = year.to_string();
    title
        .split(|c: char| !c.is_ascii_digit())
        .any(|digits| digits == year)
}

/// "an" before a vowel sound ("an international mechanism"), "a" otherwise ("a national
/// mechanism", "a United Nations body").
pub fn indefinite_article(word: &str) -> &'static str {
    let lower = word.to_lowercase();
    let vowel = lower.starts_with(['a', 'e', 'i', 'o', 'u'])
        && !lower.starts_with("uni")
        && !lower.starts_with("eu")
        && !lower.starts_with("one");
    if vowel { "an" } else { "a" }
}

/// Alphabetical order as UN lists have it: a leading article, case and accents are ignored,
/// so that "the Netherlands" sorts under N and "Côte d’Ivoire" before "Croatia"; numbers sort
/// by their value ("No. 2" before "No. 10").
pub fn sort_key(name: &str) -> String {
    /// Wide enough for any number a name holds; longer runs of digits sort as text.
    const NUMBER_WIDTH: usize = 20;
    let name = name
        .strip_prefix("the ")
        .or_else(|| name.strip_prefix("The "))
        .unwrap_or(name);
    let letters: String = name
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    let mut key = String::with_capacity(letters.len());
    let mut rest = letters.as_str();
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        key.push_str(&rest[..start]);
        let digits = &rest[start..];
        let end = digits
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(digits.len());
        let number = &digits[..end];
        key.extend(std::iter::repeat_n(
            '0',
            NUMBER_WIDTH.saturating_sub(number.len()),
        ));
        key.push_str(number);
        rest = &digits[end..];
    }
    key.push_str(rest);
    key
}

/// Words as the document service counts them: runs of characters between white space that
/// hold at least one letter or digit ("cross-border", "2006–2008" and "A/64/150" are one word
/// each; a dash standing alone is none). The typeset report is counted by the same rule.
pub fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .count()
}

/// Abbreviations after which a full stop does not end a sentence ("Law No. 1", "art. 5").
const ABBREVIATIONS: &[&str] = &[
    "no", "nos", "art", "arts", "para", "paras", "sect", "sec", "vol", "vols", "p", "pp", "e.g",
    "i.e", "etc", "cf", "mr", "mrs", "ms", "dr", "st", "co", "inc", "ltd", "corp", "rev", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "incl",
    "ibid", "op", "cit", "ch", "chap", "fig", "gov", "govt", "dept", "res", "doc",
];

/// The sentences of a text, white space inside each made single. Sentence boundaries are
/// Unicode's (UAX #29), except after a common abbreviation or an initial ("No. 1", "J. Smith").
pub fn sentences(text: &str) -> Vec<String> {
    sentence_iter(text).collect()
}

/// [`sentences`], one at a time: the opening of a long text reads only what it needs.
fn sentence_iter(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut pieces = text.split_sentence_bounds();
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let mut current = String::new();
        loop {
            match pieces.next() {
                Some(piece) => {
                    current.push_str(piece);
                    if ends_with_abbreviation(piece) {
                        continue;
                    }
                }
                None => done = true,
            }
            let sentence = current.split_whitespace().collect::<Vec<_>>().join(" ");
            if !sentence.is_empty() {
                return Some(sentence);
            }
            if done {
                return None;
            }
            current.clear();
        }
    })
}

fn ends_with_abbreviation(piece: &str) -> bool {
    let trimmed = piece.trim_end();
    let Some(before_stop) = trimmed.strip_suffix('.') else {
        return false;
    };
    let last_word = before_stop
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or_default();
    let lower = last_word.to_lowercase();
    let is_initial = last_word.chars().count() == 1 && last_word.chars().all(char::is_uppercase);
    is_initial || ABBREVIATIONS.contains(&lower.as_str())
}

/// The writing system of a language of the report (ISO 639-1), for the letters a text in that
/// language is written in; `None` when the engine does not know the language.
pub fn script_of_language(language: &str) -> Option<Script> {
    match language {
        "en" | "fr" | "es" | "de" | "it" | "pt" | "nl" => Some(Script::Latin),
        "ru" | "uk" | "be" | "bg" | "sr" | "kk" => Some(Script::Cyrillic),
        "ar" | "fa" | "ur" => Some(Script::Arabic),
        "zh" | "ja" => Some(Script::Han),
        "el" => Some(Script::Greek),
        _ => None,
    }
}

/// Whether every letter of `text` is of `script` (digits, punctuation and symbols are common
/// to all scripts).
pub fn letters_all_in(text: &str, script: Script) -> bool {
    // ASCII letters are all Latin: most text needs no look-up.
    if text.is_ascii() {
        return script == Script::Latin || !text.chars().any(|c| c.is_ascii_alphabetic());
    }
    text.chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| matches!(c.script(), Script::Common | Script::Inherited) || c.script() == script)
}

/// Short words that are common in French, Spanish or Portuguese and not English words: two of
/// them in a sentence mark it as not English, even in a reply that says it is.
const NOT_ENGLISH_WORDS: &[&str] = &[
    "le", "la", "les", "de", "des", "du", "et", "un", "une", "en", "dans", "pour", "avec", "sur",
    "est", "sont", "aux", "par", "leur", "leurs", "qui", "ou", "el", "los", "las", "del", "y",
    "por", "para", "con", "una", "que", "su", "sus", "al", "lo", "se", "em", "os", "da", "das",
    "dos", "não", "é", "à",
];

/// Whether `text` reads as English: its letters are Latin and it holds at most one of the
/// short words of other languages written in Latin letters. The report prints text of a reply
/// as written only when it is in the report's language.
pub fn reads_as_english(text: &str) -> bool {
    if !letters_all_in(text, Script::Latin) {
        return false;
    }
    let foreign = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|word| !word.is_empty() && word.chars().all(char::is_lowercase))
        .filter(|word| NOT_ENGLISH_WORDS.contains(word))
        .count();
    foreign < 2
}

/// Whether `text` can stand in a document in `language` as written.
pub fn reads_as(text: &str, language: &str) -> bool {
    match language {
        "en" => reads_as_english(text),
        other => script_of_language(other).is_none_or(|script| letters_all_in(text, script)),
    }
}

/// The first sentences of `text` that make at most `max_words` words (at least the first
/// sentence, cut at `max_words` with an ellipsis when it alone is longer).
pub fn opening(text: &str, max_words: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut words = 0;
    for sentence in sentence_iter(text) {
        let count = count_words(&sentence);
        if out.is_empty() && count > max_words {
            let cut: Vec<&str> = sentence.split_whitespace().take(max_words).collect();
            let cut = cut
                .join(" ")
                .trim_end_matches([',', ';', ':', '.'])
                .to_owned();
            return format!("{cut} \u{2026}");
        }
        if words + count > max_words {
            break;
        }
        words += count;
        out.push(sentence);
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotation_marks_and_apostrophes_are_set_as_print_sets_them() {
        assert_eq!(
            typographic("the Women's Offices and ten years' imprisonment"),
            "the Women\u{2019}s Offices and ten years\u{2019} imprisonment"
        );
        assert_eq!(
            typographic("the \"Palermo\" Protocol ('the Protocol')."),
            "the \u{201c}Palermo\u{201d} Protocol (\u{2018}the Protocol\u{2019})."
        );
        assert_eq!(
            nested_quotation("the \"Palermo\" Protocol and the \u{201c}Convention\u{201d}'s text"),
            "the \u{2018}Palermo\u{2019} Protocol and the \u{2018}Convention\u{2019}\u{2019}s text"
        );
        assert_eq!(
            nested_quotation("the 'blue heart' campaign"),
            "the \u{201c}blue heart\u{201d} campaign"
        );
    }

    #[test]
    fn phrases_from_replies_read_inside_a_sentence() {
        assert_eq!(
            phrase_in_sentence("Technical assistance on trafficking in persons"),
            "technical assistance on trafficking in persons"
        );
        assert_eq!(
            phrase_in_sentence("United Nations Global Initiative to Fight Human Trafficking"),
            "the United Nations Global Initiative to Fight Human Trafficking"
        );
        assert_eq!(
            phrase_in_sentence("UN.GIFT and the Vienna Forum"),
            "UN.GIFT and the Vienna Forum"
        );
        assert_eq!(phrase_in_sentence("The Vienna Forum"), "the Vienna Forum");
        assert_eq!(
            phrase_in_sentence("assistance to victims"),
            "assistance to victims"
        );
        assert_eq!(phrase_in_sentence("Training"), "training");
    }

    #[test]
    fn an_acronym_is_spelled_out_at_its_first_use_outside_quotations() {
        let acronyms = vec![(
            "UN.GIFT".to_owned(),
            "the United Nations Global Initiative to Fight Human Trafficking".to_owned(),
        )];
        let mut introduced = std::collections::BTreeSet::new();
        assert_eq!(
            spell_out_acronyms(
                "Japan reported: \u{201c}UN.GIFT helped.\u{201d} It gave for UN.GIFT and UN.GIFT.",
                &acronyms,
                &mut introduced
            ),
            "Japan reported: \u{201c}UN.GIFT helped.\u{201d} It gave for the United Nations \
             Global Initiative to Fight Human Trafficking (UN.GIFT) and UN.GIFT."
        );
        // Once introduced, it stays short.
        assert_eq!(
            spell_out_acronyms("UN.GIFT grew.", &acronyms, &mut introduced),
            "UN.GIFT grew."
        );
        let mut fresh = std::collections::BTreeSet::new();
        assert_eq!(
            spell_out_acronyms("It grew. UN.GIFT grew.", &acronyms, &mut fresh),
            "It grew. The United Nations Global Initiative to Fight Human Trafficking (UN.GIFT) \
             grew."
        );
        // The full form first: the acronym follows it, and is short afterwards.
        let mut fresh = std::collections::BTreeSet::new();
        assert_eq!(
            spell_out_acronyms(
                "the United Nations Global Initiative to Fight Human Trafficking (USD 20,000)",
                &acronyms,
                &mut fresh
            ),
            "the United Nations Global Initiative to Fight Human Trafficking (UN.GIFT) (USD 20,000)"
        );
        assert_eq!(
            spell_out_acronyms("UN.GIFT", &acronyms, &mut fresh),
            "UN.GIFT"
        );
        let mut fresh = std::collections::BTreeSet::new();
        assert_eq!(
            spell_out_acronyms("through the UN.GIFT hub", &acronyms, &mut fresh),
            "through the United Nations Global Initiative to Fight Human Trafficking (UN.GIFT) hub"
        );
        let mut fresh = std::collections::BTreeSet::new();
        assert_eq!(
            spell_out_acronyms("MUN.GIFTS", &acronyms, &mut fresh),
            "MUN.GIFTS"
        );
    }

    #[test]
    fn a_hyphen_between_two_years_is_an_en_dash() {
        assert_eq!(
            typographic("Strategy 2007-2012"),
            "Strategy 2007\u{2013}2012"
        );
        assert_eq!(typographic("Law No. 029-2008/AN"), "Law No. 029-2008/AN");
        assert_eq!(typographic("on 2008-01-01"), "on 2008-01-01");
        assert_eq!(typographic("1999-2001-2003"), "1999-2001-2003");
        assert_eq!(typographic("2009-2008"), "2009-2008");
        assert_eq!(typographic("No. 12-2008"), "No. 12-2008");
    }

    #[test]
    fn numbers_follow_un_style() {
        assert_eq!(number_in_words(1), "one");
        assert_eq!(number_in_words(9), "nine");
        assert_eq!(number_in_words(12), "12");
        assert_eq!(number_in_words(192_000), "192,000");
        assert_eq!(number_beside(8, 12), "8");
        assert_eq!(number_beside(8, 9), "eight");
        assert_eq!(number_beside(12, 19), "12");
        assert_eq!(number_beside(12, 3), "12");
    }

    #[test]
    fn a_sentence_never_starts_with_a_figure() {
        assert_eq!(capitalize("9 of them"), "Nine of them");
        assert_eq!(
            capitalize("192 Member States"),
            "One hundred and ninety-two Member States"
        );
        assert_eq!(capitalize("23 States"), "Twenty-three States");
        assert_eq!(capitalize("the Netherlands"), "The Netherlands");
        assert_eq!(capitalize("2008 saw"), "2008 saw");
        assert_eq!(capitalize("1,250 victims"), "1,250 victims");
        assert_eq!(capitalize("63/194"), "63/194");
    }

    #[test]
    fn amounts_are_grouped() {
        assert_eq!(amount(1_250_000.0), "1,250,000");
        assert_eq!(amount(999.5), "999.50");
        assert_eq!(amount(100.0), "100");
    }

    #[test]
    fn lists_have_no_serial_comma() {
        let names = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(join_list(&names(&["Austria"])), "Austria");
        assert_eq!(
            join_list(&names(&["Austria", "Belgium"])),
            "Austria and Belgium"
        );
        assert_eq!(
            join_list(&names(&["Austria", "Belgium", "the Netherlands"])),
            "Austria, Belgium and the Netherlands"
        );
    }

    #[test]
    fn sorting_ignores_the_article_case_and_accents() {
        let mut names = vec![
            "the Netherlands",
            "Croatia",
            "Côte d’Ivoire",
            "Austria",
            "the Russian Federation",
            "Norway",
        ];
        names.sort_by_key(|name| sort_key(name));
        assert_eq!(
            names,
            vec![
                "Austria",
                "Côte d’Ivoire",
                "Croatia",
                "the Netherlands",
                "Norway",
                "the Russian Federation"
            ]
        );
        let mut networks = vec!["Network No. 10", "Network No. 2", "Network No. 1"];
        networks.sort_by_key(|name| sort_key(name));
        assert_eq!(
            networks,
            vec!["Network No. 1", "Network No. 2", "Network No. 10"]
        );
    }

    #[test]
    fn words_are_counted_as_the_document_service_counts_them() {
        assert_eq!(
            count_words("Cross-border trade in 2006–2008 – see A/64/150."),
            6
        );
        assert_eq!(count_words("  "), 0);
    }

    #[test]
    fn sentences_do_not_end_after_abbreviations_or_initials() {
        assert_eq!(
            sentences("Law No. 1 of 2008 applies. It  was amended in art. 5. J. Smith chairs it."),
            vec![
                "Law No. 1 of 2008 applies.",
                "It was amended in art. 5.",
                "J. Smith chairs it."
            ]
        );
    }

    #[test]
    fn the_opening_keeps_whole_sentences_within_the_words_given() {
        let text = "One two three. Four five six seven. Eight.";
        assert_eq!(opening(text, 3), "One two three.");
        assert_eq!(
            opening(text, 8),
            "One two three. Four five six seven. Eight."
        );
        assert_eq!(opening(text, 2), "One two \u{2026}");
    }

    #[test]
    fn text_in_another_language_or_script_is_recognized() {
        assert!(reads_as_english(
            "The Law of 10 August 2005 introduced article 433quinquies into the Criminal Code."
        ));
        assert!(!reads_as_english(
            "La loi du 15 mai 2008 incrimine la traite des personnes."
        ));
        assert!(!reads_as_english(
            "La Ley 985 de 2005 tipificó la trata de personas y creó un programa."
        ));
        assert!(!reads_as_english(
            "Federal Law No. 162-FZ \"О внесении изменений\" introduced article 127.1."
        ));
        assert!(reads_as_english(
            "La Strada International trained 40 lawyers."
        ));
        assert!(reads_as("Российская Федерация", "ru"));
    }
}
