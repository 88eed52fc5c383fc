//! What changed across the ledger: every claim recorded, status change, piece of
//! evidence, correction and erasure, and every edit of a source, an article or an
//! incident and every merge of sources, newest first, read from the history and the
//! record the ledger already keeps. `log` answers "what happened since yesterday?" and
//! "what did my colleague do?".

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::{Stance, Status};

/// One change, as `log` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogEntry {
    /// When, UTC.
    pub at: String,
    /// Who.
    pub who: String,
    /// What kind of change: `recorded` (a claim's first history row), `status`,
    /// `evidence`, `correction`, `erasure`, `source_edit`, `merge`, `article_edit` or
    /// `incident_edit`.
    pub kind: LogKind,
    /// The claim it is about; none for a change of a source, an article or an incident.
    pub claim: Option<i64>,
    /// The claim's incident, by slug.
    pub incident: Option<String>,
    /// For a status change: the status before.
    pub from: Option<Status>,
    /// For a status change or a recorded claim: the status after.
    pub to: Option<Status>,
    /// For evidence: its address.
    pub url: Option<String>,
    /// For evidence: how it bears on the claim.
    pub stance: Option<Stance>,
    /// The note given with it.
    pub note: Option<String>,
    /// The row's id in its table (status_change, evidence, correction or erasure); for
    /// an edit or a merge, its entry's position in the record's ledger chain.
    pub id: i64,
    /// For a correction or an erasure: the row it applies to, as `history` names it
    /// (`status:12`, `claim:3`); for an edit, the row edited (`article:2`); for a merge,
    /// the source merged into (`source:3`).
    pub target: Option<String>,
    /// For a correction or an erasure: the field it applies to; for an edit, the fields
    /// it set, separated by commas.
    pub field: Option<String>,
    /// For a correction: why; for an erasure: the reason.
    pub why: Option<String>,
    /// For an edit: the fields it set with their new values (null: cleared); for a
    /// merge: the source merged away (`from`, its id, and `name`). As the record's entry
    /// holds them.
    pub set: Option<serde_json::Value>,
}

/// The kinds of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LogKind {
    /// A claim was recorded.
    Recorded,
    /// A claim's status changed.
    Status,
    /// Evidence was attached.
    Evidence,
    /// A note, URL or stance was corrected.
    Correction,
    /// A text was erased.
    Erasure,
    /// A source's kind, grade or notes changed.
    SourceEdit,
    /// One source was merged into another.
    Merge,
    /// An article's metadata changed.
    ArticleEdit,
    /// An incident's title, date or place changed.
    IncidentEdit,
}

impl LogKind {
    /// Its name in tables and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            LogKind::Recorded => "recorded",
            LogKind::Status => "status",
            LogKind::Evidence => "evidence",
            LogKind::Correction => "correction",
            LogKind::Erasure => "erasure",
            LogKind::SourceEdit => "source_edit",
            LogKind::Merge => "merge",
            LogKind::ArticleEdit => "article_edit",
            LogKind::IncidentEdit => "incident_edit",
        }
    }
}

/// Which changes to list. Every filter present must hold.
#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    /// At or after this stored time or date (text order is time order).
    pub since: Option<String>,
    /// By this person (or role).
    pub who: Option<String>,
    /// About this incident.
    pub incident_id: Option<i64>,
    /// About this claim.
    pub claim_id: Option<i64>,
}

/// Reads `--since`: a span back from `now` (`30m`, `24h`, `7d`, `2w`), or a date or time
/// as every command takes them (`2023-09`, `2023-09-14`, `2023-09-14T08:00Z`). Returns the
/// stored form to compare with.
pub fn parse_since(text: &str, now: DateTime<Utc>) -> Result<String, String> {
    let text = text.trim();
    let bad = || {
        format!(
            "--since '{text}' is neither a span such as 30m, 24h, 7d or 2w nor a date or time such as 2023-09-14 or 2023-09-14T08:00Z"
        )
    };
    if let Some(unit) = text.chars().last().filter(|c| c.is_ascii_alphabetic()) {
        let amount = &text[..text.len() - 1];
        if !amount.is_empty() && amount.bytes().all(|b| b.is_ascii_digit()) {
            let n: i64 = amount.parse().map_err(|_| bad())?;
            let span = match unit {
                'm' => Duration::try_minutes(n),
                'h' => Duration::try_hours(n),
                'd' => Duration::try_days(n),
                'w' => Duration::try_weeks(n),
                _ => None,
            }
            .ok_or_else(bad)?;
            let from = now.checked_sub_signed(span).ok_or_else(bad)?;
            return Ok(crate::clock::stamp(from));
        }
    }
    crate::clock::parse_when(text).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2023-09-14T12:00:00Z")
            .expect("time")
            .with_timezone(&Utc)
    }

    #[test]
    fn spans_count_back_from_now() {
        assert_eq!(
            parse_since("24h", now()).as_deref(),
            Ok("2023-09-13T12:00:00Z")
        );
        assert_eq!(
            parse_since("7d", now()).as_deref(),
            Ok("2023-09-07T12:00:00Z")
        );
        assert_eq!(
            parse_since("2w", now()).as_deref(),
            Ok("2023-08-31T12:00:00Z")
        );
        assert_eq!(
            parse_since("90m", now()).as_deref(),
            Ok("2023-09-14T10:30:00Z")
        );
    }

    #[test]
    fn dates_and_times_are_taken_as_given() {
        assert_eq!(parse_since("2023-09", now()).as_deref(), Ok("2023-09"));
        assert_eq!(
            parse_since("2023-09-14T08:00+02:00", now()).as_deref(),
            Ok("2023-09-14T06:00:00Z")
        );
    }

    #[test]
    fn nonsense_is_refused() {
        for bad in [
            "",
            "yesterday",
            "24",
            "h",
            "24x",
            "-1d",
            "2023-13",
            "99999999999999999999d",
        ] {
            assert!(parse_since(bad, now()).is_err(), "{bad}");
        }
    }
}
