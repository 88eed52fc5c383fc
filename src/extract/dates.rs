//! Dates in the text, resolved against the article's publication date.
//!
//! A toll reported "on Thursday" or "gisteren" is a claim about that day, not
//! about the day the article went out; dating it right keeps a rising toll in
//! order when several articles are compared. Only the sentence that states
//! the figures is read, and only forms that name one day: an explicit date
//! ("13 March", "Oct. 31, 2019", "19. Januar 2024"), a word relative to
//! publication ("yesterday", "gisteren", "gestern", "hier") or a weekday,
//! taken as the latest such day on or before publication.

use super::lexicon::Lexicon;
use super::tokens::{Kind, Token};
use chrono::{Datelike, Duration, NaiveDate};
use std::ops::Range;

fn day_number(t: &Token) -> Option<u32> {
    if t.kind != Kind::Number || t.lower.len() > 2 {
        return None;
    }
    t.lower.parse::<u32>().ok().filter(|d| (1..=31).contains(d))
}

fn year_number(t: &Token) -> Option<i32> {
    if t.kind != Kind::Number || t.lower.len() != 4 {
        return None;
    }
    t.lower
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=2100).contains(y))
}

/// Index of the next token after `i` skipping one glued full stop or comma.
fn skip_sep(toks: &[Token], i: usize, end: usize, seps: &[&str]) -> usize {
    match toks.get(i) {
        Some(t) if i < end && t.kind == Kind::Punct && seps.contains(&t.lower.as_str()) => i + 1,
        _ => i,
    }
}

/// An explicit day and month at token `i`, with an optional year:
/// "13 March 2024", "19. Januar", "March 13, 2024", "Oct. 31".
fn explicit(
    lx: &Lexicon,
    toks: &[Token],
    i: usize,
    end: usize,
) -> Option<(u32, u32, Option<i32>, usize)> {
    let t = &toks[i];
    if let Some(day) = day_number(t) {
        let k = skip_sep(toks, i + 1, end, &["."]);
        let month = toks.get(k).filter(|_| k < end).and_then(|m| lx.month(m))?;
        let y = k + 1;
        let year = toks.get(y).filter(|_| y < end).and_then(year_number);
        return Some((day, month, year, if year.is_some() { y + 1 } else { k + 1 }));
    }
    let month = lx.month(t)?;
    let k = skip_sep(toks, i + 1, end, &["."]);
    let day = toks.get(k).filter(|_| k < end).and_then(day_number)?;
    // "May 2024" is a month, not a day: the number must not be a year.
    let y = skip_sep(toks, k + 1, end, &[","]);
    let year = toks.get(y).filter(|_| y < end).and_then(year_number);
    Some((day, month, year, if year.is_some() { y + 1 } else { k + 1 }))
}

/// The day a sentence dates its figures to, with the tokens that say so.
pub(crate) fn date_in(
    lx: &Lexicon,
    toks: &[Token],
    sent: &Range<usize>,
    published: NaiveDate,
) -> Option<(NaiveDate, Range<usize>)> {
    let mut relative: Option<(NaiveDate, Range<usize>)> = None;
    let mut weekday: Option<(NaiveDate, Range<usize>)> = None;
    for i in sent.clone() {
        if let Some((day, month, year, next)) = explicit(lx, toks, i, sent.end) {
            let y = year.unwrap_or(published.year());
            let mut date = NaiveDate::from_ymd_opt(y, month, day);
            // Without a year, a date after publication is last year's.
            if year.is_none() && date.is_some_and(|d| d > published) {
                date = NaiveDate::from_ymd_opt(y - 1, month, day);
            }
            if let Some(d) = date {
                return Some((d, i..next));
            }
        }
        let t = &toks[i];
        if t.kind != Kind::Word {
            continue;
        }
        if relative.is_none() {
            if let Some((n, days)) = lx.relative_days.at(toks, i, sent.end) {
                relative = Some((published + Duration::days(days), i..i + n));
            }
        }
        if weekday.is_none() {
            if let Some(wd) = lx.weekday(&t.lower) {
                let back = (published.weekday().num_days_from_monday() + 7 - wd) % 7;
                weekday = Some((published - Duration::days(i64::from(back)), i..i + 1));
            }
        }
    }
    relative.or(weekday)
}

#[cfg(test)]
mod tests {
    use super::super::lexicon::tables_for;
    use super::super::tokens::tokenize;
    use super::*;

    fn date(text: &str, lang: &str, published: &str) -> Option<String> {
        let lx = tables_for(lang).expect("lang");
        let toks = tokenize(text);
        let p = NaiveDate::parse_from_str(published, "%Y-%m-%d").expect("date");
        date_in(lx, &toks, &(0..toks.len()), p).map(|(d, _)| d.to_string())
    }

    #[test]
    fn weekdays_are_the_latest_such_day_on_or_before_publication() {
        // 2026-03-13 is a Friday.
        let d = |t, l| date(t, l, "2026-03-13");
        assert_eq!(
            d("On Thursday 12 died.", "en").as_deref(),
            Some("2026-03-12")
        );
        assert_eq!(
            d("Op vrijdag vielen 3 doden.", "nl").as_deref(),
            Some("2026-03-13")
        );
        assert_eq!(
            d("Am Samstag starben 4 Menschen.", "de").as_deref(),
            Some("2026-03-07")
        );
        assert_eq!(
            d("Am Donnerstagabend starben 4.", "de").as_deref(),
            Some("2026-03-12")
        );
        assert_eq!(d("Dimanche, 5 morts.", "fr").as_deref(), Some("2026-03-08"));
    }

    #[test]
    fn relative_words_and_explicit_dates() {
        let d = |t, l| date(t, l, "2026-03-13");
        assert_eq!(
            d("Gisteren vielen 3 doden.", "nl").as_deref(),
            Some("2026-03-12")
        );
        assert_eq!(d("Gestern starben 4.", "de").as_deref(), Some("2026-03-12"));
        assert_eq!(d("Hier, 5 morts.", "fr").as_deref(), Some("2026-03-12"));
        assert_eq!(d("Yesterday 5 died.", "en").as_deref(), Some("2026-03-12"));
        assert_eq!(
            d("On 2 March 40 died.", "en").as_deref(),
            Some("2026-03-02")
        );
        assert_eq!(
            d("By Oct. 31, 2025, 40 had died.", "en").as_deref(),
            Some("2025-10-31")
        );
        assert_eq!(
            d("Am 19. Januar starben 4.", "de").as_deref(),
            Some("2026-01-19")
        );
        // A day after publication without a year belongs to the year before.
        assert_eq!(
            d("Le 20 décembre, 5 morts.", "fr").as_deref(),
            Some("2025-12-20")
        );
        assert_eq!(d("Twelve people died, police said.", "en"), None);
        assert_eq!(d("In May 2024 twelve people died.", "en"), None);
    }
}
