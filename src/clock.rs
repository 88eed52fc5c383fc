//! The one place that reads the clock. `CROSSCHECK_NOW` pins it, so that tests, the demo
//! and reproducible reports record the same times on every run.

use anyhow::{Context, Result};
use chrono::{DateTime, SecondsFormat, Utc};

/// The current time, UTC, or `CROSSCHECK_NOW` when set (RFC 3339).
pub fn now() -> Result<DateTime<Utc>> {
    // An empty CROSSCHECK_NOW (`CROSSCHECK_NOW= crosscheck …`) means not set, as an empty
    // CROSSCHECK_USER does.
    match std::env::var("CROSSCHECK_NOW").map(|v| v.trim().to_string()) {
        Ok(pinned) if !pinned.is_empty() => DateTime::parse_from_rfc3339(&pinned)
            .map(|t| t.with_timezone(&Utc))
            .with_context(|| {
                format!("CROSSCHECK_NOW='{pinned}' is not an RFC 3339 time such as 2022-02-03T12:00:00Z")
            }),
        _ => Ok(Utc::now()),
    }
}

/// The current time as the ledger stores it: UTC RFC 3339 to the second, `Z` suffix.
pub fn now_text() -> Result<String> {
    Ok(stamp(now()?))
}

/// A time as the ledger stores it.
pub fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Reads a date or time typed by a user, keeping the precision it was given with:
///
/// - `YYYY`, `YYYY-MM` and `YYYY-MM-DD`, stored as given (a report that names only a
///   month keeps only the month);
/// - a time, `YYYY-MM-DDTHH:MM` or `…THH:MM:SS` (a space may stand for the `T`), with `Z`
///   or an offset (`+01:00`, `+0100`, `+01`), converted to UTC; no offset means UTC.
///
/// Returns the stored form: the date as given, or `YYYY-MM-DDTHH:MM:SSZ`. Stored forms
/// sort as text in time order, a less precise date before the more precise ones inside
/// it (`2023-09` before `2023-09-14` before `2023-09-14T08:00:00Z`), which is how the
/// comparison decides an origin's latest figure. Refused rather than changed: second 60
/// (a leap second, which no stored form can order) and fractions of a second (the ledger
/// keeps times to the second; `.000` is accepted).
pub fn parse_when(text: &str) -> Result<String, String> {
    let text = text.trim();
    let bad = || {
        format!(
            "'{text}' is not a date or time; write YYYY, YYYY-MM, YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS] with Z or an offset such as +01:00 (no offset means UTC)"
        )
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let number = |s: &str| s.parse::<u32>().unwrap_or(u32::MAX);
    let year_ok = |s: &str| digits(s, 4) && number(s) >= 1000;
    // Every form is ASCII; the checks below cut the text at byte offsets.
    if !text.is_ascii() {
        return Err(bad());
    }
    match text.len() {
        4 if year_ok(text) => return Ok(text.to_string()),
        7 if year_ok(&text[..4]) && &text[4..5] == "-" && digits(&text[5..], 2) => {
            return if (1..=12).contains(&number(&text[5..])) {
                Ok(text.to_string())
            } else {
                Err(bad())
            };
        }
        10 => {
            return match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                Ok(_) if year_ok(&text[..4]) && digits(&text[5..7], 2) && digits(&text[8..], 2) => {
                    Ok(text.to_string())
                }
                _ => Err(bad()),
            }
        }
        _ => {}
    }
    // A time: the date, a separator, the clock, then perhaps a zone.
    if text.len() < 16 || !text.is_char_boundary(10) || !text.is_char_boundary(11) {
        return Err(bad());
    }
    let (date_part, rest) = text.split_at(10);
    if !matches!(&rest[..1], "T" | "t" | " ") {
        return Err(bad());
    }
    let rest = &rest[1..];
    let date = match chrono::NaiveDate::parse_from_str(date_part, "%Y-%m-%d") {
        Ok(d) if year_ok(&date_part[..4]) => d,
        _ => return Err(bad()),
    };
    let zone_at = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (clock_part, zone) = rest.split_at(zone_at);
    let mut fields = clock_part.splitn(3, ':');
    let hour = fields.next().filter(|h| digits(h, 2)).map(number);
    let minute = fields.next().filter(|m| digits(m, 2)).map(number);
    let (second, fraction) = match fields.next() {
        None => (Some(0), ""),
        Some(s) => match s.split_once('.') {
            Some((whole, frac)) if !frac.is_empty() && frac.bytes().all(|b| b.is_ascii_digit()) => {
                (Some(whole).filter(|w| digits(w, 2)).map(number), frac)
            }
            Some(_) => (None, ""),
            None => (Some(s).filter(|w| digits(w, 2)).map(number), ""),
        },
    };
    let (Some(hour), Some(minute), Some(second)) = (hour, minute, second) else {
        return Err(bad());
    };
    if second == 60 {
        return Err(format!(
            "'{text}' has second 60 (a leap second), which the ledger cannot place in order; write :59"
        ));
    }
    if fraction.bytes().any(|b| b != b'0') {
        return Err(format!(
            "'{text}' gives a fraction of a second, which the ledger does not keep; write the time to the second"
        ));
    }
    let offset_seconds: i64 = match zone {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            let body = &zone[1..];
            let (h, m) = match body.len() {
                2 if digits(body, 2) => (number(body), 0),
                4 if digits(body, 4) => (number(&body[..2]), number(&body[2..])),
                5 if digits(&body[..2], 2) && &body[2..3] == ":" && digits(&body[3..], 2) => {
                    (number(&body[..2]), number(&body[3..]))
                }
                _ => return Err(bad()),
            };
            if h > 23 || m > 59 {
                return Err(bad());
            }
            sign * i64::from(h * 3600 + m * 60)
        }
    };
    let local = date.and_hms_opt(hour, minute, second).ok_or_else(bad)?;
    let utc = local.and_utc() - chrono::Duration::seconds(offset_seconds);
    Ok(stamp(utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times() {
        assert_eq!(parse_when("2022-02-03").as_deref(), Ok("2022-02-03"));
        assert_eq!(
            parse_when("2022-02-03T14:00:00+01:00").as_deref(),
            Ok("2022-02-03T13:00:00Z")
        );
        assert_eq!(
            parse_when("2022-02-03 14:00").as_deref(),
            Ok("2022-02-03T14:00:00Z")
        );
        for bad in [
            "",
            "yesterday",
            "2022-13-01",
            "2022-2-3",
            "03-02-2022",
            "2022-02-30",
            "2022-13",
            "2022-00",
            "0999",
            "22",
            "2022-02-03T25:00Z",
            "2022-02-03T14:60Z",
            "2022-02-03T14:00+24:00",
            "2022-02-03T14:00+1",
            "2022-02-03X14:00",
            "2022-02-03T14",
            "2022-02-03T14:00:5",
            "2022-02-03T14:00:05.",
            "2022-02-03T14:00Zulu",
            "2022-02-03T14:00:00ä",
        ] {
            assert!(parse_when(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn partial_dates_keep_their_precision() {
        assert_eq!(parse_when("2023").as_deref(), Ok("2023"));
        assert_eq!(parse_when(" 2023-09 ").as_deref(), Ok("2023-09"));
        assert_eq!(parse_when("2023-09-14").as_deref(), Ok("2023-09-14"));
        // Text order is time order, the less precise date first.
        let mut stored: Vec<String> = [
            "2023-09-14T08:00Z",
            "2023-09-14",
            "2023",
            "2023-09",
            "2023-10",
        ]
        .iter()
        .map(|t| parse_when(t).expect("parses"))
        .collect();
        stored.sort();
        assert_eq!(
            stored,
            [
                "2023",
                "2023-09",
                "2023-09-14",
                "2023-09-14T08:00:00Z",
                "2023-10"
            ]
        );
    }

    #[test]
    fn text_that_is_not_ascii_is_refused_wherever_it_falls() {
        // Each puts a character of several bytes across an offset the parser cuts at:
        // the month's dash, the zone's minutes, the date's end.
        for given in [
            "abc\u{16100}",
            "202\u{e9}-09",
            "2022-02-03T14:00+a\u{16100}",
            "2022-02-03T14:00+01\u{e9}0",
            "2022-02-0\u{e9}T14:00Z",
            "\u{e9}\u{e9}",
        ] {
            let refused = parse_when(given).expect_err(given);
            assert!(
                refused.contains("is not a date or time"),
                "{given}: {refused}"
            );
        }
    }

    #[test]
    fn times_with_minutes_offsets_and_whole_fractions() {
        for (given, stored) in [
            ("2022-02-03T14:00Z", "2022-02-03T14:00:00Z"),
            ("2022-02-03T14:00+01:00", "2022-02-03T13:00:00Z"),
            ("2022-02-03t14:00:30z", "2022-02-03T14:00:30Z"),
            ("2022-02-03 14:00:30-0530", "2022-02-03T19:30:30Z"),
            ("2022-02-03T00:30+02", "2022-02-02T22:30:00Z"),
            ("2022-02-03T14:00:05.000Z", "2022-02-03T14:00:05Z"),
            ("2022-02-03T14:00:05", "2022-02-03T14:00:05Z"),
        ] {
            assert_eq!(parse_when(given).as_deref(), Ok(stored), "{given}");
        }
    }

    #[test]
    fn leap_seconds_and_fractions_are_refused_not_changed() {
        let leap = parse_when("2016-12-31T23:59:60Z").expect_err("second 60");
        assert!(leap.contains("second 60"), "{leap}");
        let fraction = parse_when("2022-02-03T14:00:05.25Z").expect_err("fraction");
        assert!(fraction.contains("fraction of a second"), "{fraction}");
    }
}
