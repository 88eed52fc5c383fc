//! The one place that reads the clock. `CROSSCHECK_NOW` pins it, so that tests, the demo
//! and reproducible reports record the same times on every run.

use anyhow::{Context, Result};
use chrono::{DateTime, SecondsFormat, Utc};

/// The current time, UTC, or `CROSSCHECK_NOW` when set (RFC 3339).
pub fn now() -> Result<DateTime<Utc>> {
    match std::env::var("CROSSCHECK_NOW") {
        Ok(pinned) => DateTime::parse_from_rfc3339(pinned.trim())
            .map(|t| t.with_timezone(&Utc))
            .with_context(|| {
                format!("CROSSCHECK_NOW='{pinned}' is not an RFC 3339 time such as 2022-02-03T12:00:00Z")
            }),
        Err(_) => Ok(Utc::now()),
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

/// Reads a date or time typed by a user: `YYYY-MM-DD`, or a time with an offset
/// (`2022-02-03T14:00:00+01:00`, converted to UTC), or a time without one
/// (`2022-02-03 14:00`, taken as UTC). Returns the stored form.
pub fn parse_when(text: &str) -> Result<String, String> {
    let text = text.trim();
    let bad = || {
        format!(
            "'{text}' is not a date or time; write YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS] with Z or an offset such as +01:00 (no offset means UTC)"
        )
    };
    if let Ok(date) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        if text.len() == 10 {
            return Ok(date.format("%Y-%m-%d").to_string());
        }
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(stamp(t.with_timezone(&Utc)));
    }
    for layout in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(text, layout) {
            return Ok(stamp(t.and_utc()));
        }
    }
    Err(bad())
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
        ] {
            assert!(parse_when(bad).is_err(), "{bad}");
        }
    }
}
