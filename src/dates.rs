//! Calendar dates as the inputs write them (`YYYY-MM-DD`) and as UN documents print them
//! (`12 August 2009`). Used by every stage that reads or shows a date.

use time::Date;
use time::macros::format_description;

/// Parses an ISO 8601 calendar date (`2009-08-12`).
pub fn parse_iso_date(text: &str) -> Option<Date> {
    Date::parse(text, format_description!("[year]-[month]-[day]")).ok()
}

/// `12 August 2009`, the form UN documents use in running text and on the masthead.
pub fn format_long(date: Date) -> String {
    format!("{} {} {}", date.day(), date.month(), date.year())
}

/// `24 Sep 2003`, the form treaty status tables use, as the depositary's own tables do.
pub fn format_short(date: Date) -> String {
    let month: String = date.month().to_string().chars().take(3).collect();
    format!("{} {month} {}", date.day(), date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats_the_un_way() {
        let date = parse_iso_date("2009-08-12").expect("valid date");
        assert_eq!(format_long(date), "12 August 2009");
        let date = parse_iso_date("2009-02-03").expect("valid date");
        assert_eq!(format_long(date), "3 February 2009");
        assert_eq!(format_short(date), "3 Feb 2009");
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        assert_eq!(parse_iso_date("2009-02-30"), None);
        assert_eq!(parse_iso_date("12/08/2009"), None);
        assert_eq!(parse_iso_date("2009-8-12"), None);
        assert_eq!(parse_iso_date(""), None);
    }
}
