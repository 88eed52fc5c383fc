//! `import`: a file into the ledger, in one transaction, streamed, a bad row stopping it
//! with its line and column and nothing written. Two kinds of file: crosscheck's own
//! export (JSON Lines or CSV, read by src/portable/format.rs and replayed by
//! src/portable/replay.rs into an empty ledger, every id and hash kept), and other
//! fact-checkers' schema.org ClaimReview JSON-LD (read by the ClaimReview reader beside
//! its writer), whose reviews this command records as new claims with their verdicts.

use std::fs::File;
use std::io::{BufRead, BufReader, IsTerminal, Read};
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::json;

use super::{resolve, Ctx};
use crate::cli::ImportArgs;
use crate::clock;
use crate::error::user;
use crate::model::{lookup_key, slugify, Stance, Status};
use crate::portable::{format, Counts, Replay};
use crate::render::report::claimreview::read::{self as claimreview, Review};
use crate::render::views;
use crate::store::{Ledger, NewArticle, NewClaim, NewEvidence, NewSource, NewStatusChange};

pub(super) fn run(ctx: &Ctx, args: ImportArgs) -> Result<()> {
    let path = &args.file;
    let name = path.display().to_string();
    let kind = detect(path)?;
    let file = File::open(path).with_context(|| format!("cannot read {name}"))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = progress_bar(len);
    let input = Progress {
        inner: file,
        bar: bar.clone(),
    };
    let now = clock::now_text()?;
    let mut store = ctx.open()?;
    // An export carries its own who and when; only ClaimReview rows are recorded anew.
    let who = match kind {
        ImportKind::ClaimReview => ctx.who(&store)?,
        _ => String::new(),
    };
    let db = ctx.db_shown();
    let counts = store.write(|l| {
        if kind != ImportKind::ClaimReview && !l.is_empty()? {
            return Err(user(format!(
                "{db} is not empty: an export is imported only into an empty ledger, where it keeps every id; run `crosscheck --db NEW.db init` and import there"
            )));
        }
        match kind {
            ImportKind::Jsonl | ImportKind::Csv => {
                let mut replay = Replay::default();
                let mut each = |row| replay.row(l, row);
                if kind == ImportKind::Jsonl {
                    format::read_jsonl(input, &name, &mut each)?;
                } else {
                    format::read_csv(input, &name, &mut each)?;
                }
                replay.finish().map_err(|e| format::at_line(e, &name, 0))
            }
            ImportKind::ClaimReview => {
                let incident = match &args.incident {
                    Some(key) => Some(resolve::incident(l, key)?.id),
                    None => None,
                };
                let reviews = claimreview::read(input, &name)?;
                record_reviews(l, reviews, &who, &now, incident)
            }
        }
    });
    bar.finish_and_clear();
    let counts = counts?;
    ctx.emit(views::done(
        format!(
            "imported {name}: {} sources, {} articles, {} incidents, {} claims, {} figures, {} status changes, {} evidence",
            counts.sources,
            counts.articles,
            counts.incidents,
            counts.claims,
            counts.figures,
            counts.status_changes,
            counts.evidence
        ),
        json!({ "file": name, "imported": counts }),
    ))
}

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ImportKind {
    Csv,
    Jsonl,
    ClaimReview,
}

fn detect(path: &Path) -> Result<ImportKind> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv") => return Ok(ImportKind::Csv),
        Some("jsonl" | "ndjson") => return Ok(ImportKind::Jsonl),
        Some("json" | "jsonld") => return Ok(ImportKind::ClaimReview),
        _ => {}
    }
    let mut head = String::new();
    BufReader::new(File::open(path).with_context(|| format!("cannot read {}", path.display()))?)
        .read_line(&mut head)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let head = head.trim_start();
    Ok(if head.starts_with('{') && head.contains("\"record\"") {
        ImportKind::Jsonl
    } else if head.starts_with('{') || head.starts_with('[') {
        ImportKind::ClaimReview
    } else {
        ImportKind::Csv
    })
}

/// A reader that moves the progress bar as bytes go by.
struct Progress<R> {
    inner: R,
    bar: indicatif::ProgressBar,
}

impl<R: Read> Read for Progress<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        Ok(n)
    }
}

fn progress_bar(len: u64) -> indicatif::ProgressBar {
    // A bar only for a person watching; scripts and logs get silence.
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "importing {bar:40} {bytes}/{total_bytes} ({eta} left)",
    ) {
        bar.set_style(style);
    }
    bar
}

/// Records each review as a claim with its verdict: its source found by name or alias or
/// added, its article found by address or added, the claim, the status change to the
/// verdict (the rating's own words in the note) and the review as evidence.
fn record_reviews(
    ledger: &mut dyn Ledger,
    reviews: Vec<Review>,
    who: &str,
    now: &str,
    incident_id: Option<i64>,
) -> Result<Counts> {
    let mut counts = Counts::default();
    for review in reviews {
        let reviewer = &review.reviewer;
        let source_id = match ledger.source_holding_key(&lookup_key(&review.source_name))? {
            Some(id) => id,
            None => {
                counts.sources += 1;
                ledger.insert_source(&NewSource {
                    name: review.source_name.clone(),
                    kind: review.source_kind,
                    grade: None,
                    notes: Some(format!("imported from ClaimReview by {reviewer}")),
                    created_at: now.to_string(),
                })?
            }
        };
        let existing = match &review.article_url {
            Some(url) => ledger.find_article_by_url(url)?,
            None => None,
        };
        let article_id = match existing {
            Some(a) => a.id,
            None => {
                let base = slugify(&review.article_title);
                let mut slug = base.clone();
                let mut k = 2;
                while ledger.article_slug_taken(&slug)? {
                    slug = format!("{base}-{k}");
                    k += 1;
                }
                counts.articles += 1;
                ledger.insert_article(&NewArticle {
                    slug,
                    title: review.article_title.clone(),
                    outlet: review.outlet.clone(),
                    url: review.article_url.clone(),
                    lang: review.lang.clone(),
                    published_at: review.published.clone(),
                    body: None,
                    body_sha256: None,
                    created_at: now.to_string(),
                })?
            }
        };
        let claim_id = ledger.insert_claim(&NewClaim {
            article_id,
            incident_id,
            source_id,
            via_id: None,
            text: review.claimed.clone(),
            quote: None,
            quote_span: None,
            translation: None,
            as_of: review.as_of.clone().unwrap_or_else(|| now.to_string()),
            figures: Vec::new(),
            created_at: now.to_string(),
            created_by: who.to_string(),
        })?;
        counts.claims += 1;
        let status = review.rating.verdict;
        let on = review
            .date
            .as_ref()
            .map(|d| format!(" on {d}"))
            .unwrap_or_default();
        let note = match (&review.rating.text, &review.rating.unmapped) {
            (Some(text), None) => {
                format!("rated '{text}' by {reviewer}{on} (imported ClaimReview)")
            }
            (Some(text), Some(why)) => format!(
                "rated '{text}' by {reviewer}{on} (imported ClaimReview; {why}, so it is recorded as unverifiable)"
            ),
            (None, why) => format!(
                "reviewed by {reviewer}{on} (imported ClaimReview; {}, so it is recorded as unverifiable)",
                why.as_deref().unwrap_or("the review has no rating")
            ),
        };
        let change = ledger.insert_status_change(&NewStatusChange {
            claim_id,
            from: Status::Unverified,
            to: status,
            who: who.to_string(),
            at: now.to_string(),
            note: Some(note),
        })?;
        counts.status_changes += 1;
        if let Some(url) = &review.url {
            ledger.insert_evidence(&NewEvidence {
                claim_id,
                status_change_id: Some(change),
                url: url.clone(),
                stance: Stance::for_status(status),
                note: Some(format!("ClaimReview by {reviewer}")),
                who: who.to_string(),
                at: now.to_string(),
            })?;
            counts.evidence += 1;
        }
    }
    Ok(counts)
}
