//! `import`: a file into the ledger, in one transaction, streamed, a bad row stopping it
//! with its line and column and nothing written. Two kinds of file: crosscheck's own
//! export (JSON Lines or CSV, read by src/portable/format.rs and replayed by
//! src/portable/replay.rs into an empty ledger, every id and hash kept), and other
//! fact-checkers' schema.org ClaimReview JSON-LD (read by the ClaimReview reader beside
//! its writer), whose reviews this command records as new claims with their verdicts.

use std::collections::HashMap;
use std::fs::File;
use std::io::{IsTerminal, Read};
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::json;

use super::{resolve, Ctx};
use crate::cli::ImportArgs;
use crate::clock;
use crate::error::user;
use crate::model::{lookup_key, slugify, Stance, Status};
use crate::portable::input::{self, TextInput};
use crate::portable::{format, Counts, Replay};
use crate::render::report::claimreview::read::{self as claimreview, Review};
use crate::render::views;
use crate::store::{
    is_postgres_url, Ledger, NewArticle, NewClaim, NewEvidence, NewSource, NewStatusChange,
    OpenMode, Opened, Store,
};

pub(super) fn run(ctx: &Ctx, args: ImportArgs) -> Result<()> {
    let path = &args.file;
    let name = path.display().to_string();
    let kind = detect(path)?;
    let file = File::open(path).with_context(|| format!("cannot read {name}"))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = progress_bar(len);
    let input = Progress {
        inner: TextInput::new(file, &name),
        bar: bar.clone(),
    };
    let now = clock::now_text()?;
    // Where no ledger is yet, import makes one, as `init` would (on PostgreSQL: the
    // schema in an empty database), so that a file is a ledger in one step.
    let db_path = ctx.db_path();
    let on_file = db_path.to_str().is_none_or(|p| !is_postgres_url(p));
    let mut store = Store::open(&db_path, OpenMode::Create)?;
    let created = store.opened() == Opened::Created;
    let counts = import(ctx, &mut store, kind, input, &name, &args, &now);
    bar.finish_and_clear();
    if counts.is_err() && created && on_file {
        // The file was made for this import and holds nothing: a failed import leaves
        // no empty ledger behind to be mistaken for the imported one.
        drop(store);
        for suffix in ["", "-wal", "-shm"] {
            let mut file = db_path.clone().into_os_string();
            file.push(suffix);
            let _ = std::fs::remove_file(file);
        }
    }
    let (counts, skipped) = counts.map_err(|err| match input::refusal(&err) {
        Some(why) => user(why),
        None => err,
    })?;
    if created {
        ctx.notice(&format!("created an empty ledger at {}", ctx.db_shown()));
    }
    let skipped_text = match skipped {
        0 => String::new(),
        1 => "; 1 review already in the ledger, skipped".to_string(),
        n => format!("; {n} reviews already in the ledger, skipped"),
    };
    ctx.emit(views::done(
        format!(
            "imported {name}: {} sources, {} articles, {} incidents, {} claims, {} figures, {} status changes, {} evidence{skipped_text}",
            counts.sources,
            counts.articles,
            counts.incidents,
            counts.claims,
            counts.figures,
            counts.status_changes,
            counts.evidence
        ),
        json!({ "file": name, "imported": counts, "skipped": skipped }),
    ))
}

/// Reads `input` into the ledger in one transaction; returns what was recorded and how
/// many ClaimReviews were skipped as already in the ledger.
fn import(
    ctx: &Ctx,
    store: &mut Store,
    kind: ImportKind,
    input: impl Read,
    name: &str,
    args: &ImportArgs,
    now: &str,
) -> Result<(Counts, u64)> {
    // An export carries its own who and when; only ClaimReview rows are recorded anew.
    let who = match kind {
        ImportKind::ClaimReview => ctx.who(store)?,
        _ => String::new(),
    };
    let db = ctx.db_shown();
    let write = |l: &mut dyn Ledger| {
        if kind != ImportKind::ClaimReview && !l.is_empty()? {
            return Err(user(format!(
                "{db} is not empty: an export is imported only into an empty ledger, where it keeps every id; give a new file with --db, which import creates"
            )));
        }
        match kind {
            ImportKind::Jsonl | ImportKind::Csv => {
                let mut replay = Replay::default();
                let mut each = |row| replay.row(l, row);
                if kind == ImportKind::Jsonl {
                    format::read_jsonl(input, name, &mut each)?;
                } else {
                    format::read_csv(input, name, &mut each)?;
                }
                let counts = replay.finish(l).map_err(|e| format::at_line(e, name, 0))?;
                // The comparison's summary is derived: built once from what was loaded.
                l.rebuild_summary()?;
                // The record as imported must verify as a whole: every entry's hash, every
                // checkpoint, every field against the entry that vouches for it.
                let findings = super::verify::check_imported(l)?;
                if let Some(first) = findings.problems().first() {
                    return Err(user(format!(
                        "{name}: the imported record does not verify ({first}); the file was changed after export; nothing was imported"
                    )));
                }
                Ok((counts, 0))
            }
            ImportKind::ClaimReview => {
                let incident = match &args.incident {
                    Some(key) => Some(resolve::incident(l, key)?.id),
                    None => None,
                };
                let mut recorder = Recorder::new(l, &who, now, incident)?;
                claimreview::read(input, name, &mut |review| recorder.record(l, review))?;
                Ok((recorder.counts, recorder.skipped))
            }
        }
    };
    // An export goes into an empty ledger (refused first thing otherwise), where the
    // backend may load it in bulk; reviews are recorded like any other write.
    match kind {
        ImportKind::ClaimReview => store.write(write),
        ImportKind::Jsonl | ImportKind::Csv => store.bulk_write(write),
    }
}

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ImportKind {
    Csv,
    Jsonl,
    ClaimReview,
}

/// How much of a file is looked at to tell its kind: enough for the first row of any
/// export, and a bound on what an endless file (`/dev/zero`) costs before it is refused.
const HEAD_BYTES: u64 = 64 * 1024;

fn detect(path: &Path) -> Result<ImportKind> {
    let shown = path.display().to_string();
    let mut head = Vec::new();
    File::open(path)
        .and_then(|f| f.take(HEAD_BYTES).read_to_end(&mut head))
        .with_context(|| format!("cannot read {shown}"))?;
    // Not text at all (a device, an image, random bytes): refused before any reading.
    if let Some(at) = input::first_nul(&head) {
        return Err(user(format!(
            "{shown} holds a NUL byte at offset {at}: it is not a text file (an export is JSON Lines or CSV, a ClaimReview document JSON); nothing was imported"
        )));
    }
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
    let text = String::from_utf8_lossy(&head);
    let first = text.lines().next().unwrap_or("");
    let first = first.trim_start_matches('\u{feff}').trim_start();
    Ok(if first.starts_with('{') && first.contains("\"record\"") {
        ImportKind::Jsonl
    } else if first.starts_with('{') || first.starts_with('[') {
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

/// Records reviews as claims with their verdicts: each review's source found by name or
/// alias or added, its article found by address or added, the claim, the status change
/// to the verdict (the rating's own words in the note) and the review as evidence.
struct Recorder<'a> {
    who: &'a str,
    now: &'a str,
    incident_id: Option<i64>,
    // The ledger has no index on an article's address, and a slug is numbered by trying
    // -2, -3, … in turn: asked of the ledger for each review, both grow with the ledger
    // and the import turns quadratic (10,000 reviews took 2 s, 100,000 did not finish in
    // 120 s). Both are kept here instead: the addresses read once, the next number of
    // each slug remembered.
    by_url: HashMap<String, i64>,
    next_number: HashMap<String, u64>,
    /// The reviews the ledger holds, for the same reason read once: each piece of
    /// evidence's address and its claim's text, as a 64-bit hash, with the claim. A hit
    /// is checked exactly on that claim, so a hash shared by two reviews can at worst
    /// record a review twice, never skip a new one.
    reviews: HashMap<u64, i64>,
    counts: Counts,
    /// Reviews found already in the ledger and not recorded again.
    skipped: u64,
}

/// What identifies a review in the ledger: its address and the claim it reviews, hashed.
fn review_key(url: &str, claimed: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    // The standard hasher with its fixed keys: the same pair gives the same hash within
    // this run, which is all the map needs.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (url, claimed).hash(&mut h);
    h.finish()
}

impl<'a> Recorder<'a> {
    fn new(
        ledger: &mut dyn Ledger,
        who: &'a str,
        now: &'a str,
        incident_id: Option<i64>,
    ) -> Result<Recorder<'a>> {
        let mut by_url: HashMap<String, i64> = HashMap::new();
        ledger.each_article(&mut |listing| {
            if let Some(url) = listing.article.url {
                let id = by_url.entry(url).or_insert(listing.article.id);
                *id = (*id).min(listing.article.id);
            }
            Ok(())
        })?;
        let mut reviews = HashMap::new();
        ledger.each_evidence_with_claim_text(&mut |claim, url, text| {
            reviews.insert(review_key(url, text), claim);
            Ok(())
        })?;
        Ok(Recorder {
            who,
            now,
            incident_id,
            by_url,
            next_number: HashMap::new(),
            reviews,
            counts: Counts::default(),
            skipped: 0,
        })
    }

    /// Whether the ledger already holds this review: a claim with its text and a piece of
    /// evidence at its address. A review without an address has nothing that tells it
    /// from a new review of the same claim, and is recorded.
    fn already_recorded(&self, ledger: &mut dyn Ledger, review: &Review) -> Result<bool> {
        let Some(url) = &review.url else {
            return Ok(false);
        };
        match self.reviews.get(&review_key(url, &review.claimed)) {
            Some(&claim) => ledger.claim_has_text_and_evidence(claim, &review.claimed, url),
            None => Ok(false),
        }
    }

    fn record(&mut self, ledger: &mut dyn Ledger, review: Review) -> Result<()> {
        if self.already_recorded(ledger, &review)? {
            self.skipped += 1;
            return Ok(());
        }
        let (who, now, incident_id) = (self.who, self.now, self.incident_id);
        let counts = &mut self.counts;
        let by_url = &mut self.by_url;
        let next_number = &mut self.next_number;
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
                    created_by: who.to_string(),
                })?
            }
        };
        let existing = review
            .article_url
            .as_ref()
            .and_then(|url| by_url.get(url).copied());
        let article_id = match existing {
            Some(id) => id,
            None => {
                let base = slugify(&review.article_title);
                let number = next_number.entry(base.clone()).or_insert(1);
                let mut slug = match *number {
                    1 => base.clone(),
                    k => format!("{base}-{k}"),
                };
                while ledger.article_slug_taken(&slug)? {
                    *number += 1;
                    slug = format!("{base}-{}", *number);
                }
                *number += 1;
                counts.articles += 1;
                let id = ledger.insert_article(&NewArticle {
                    slug,
                    title: review.article_title.clone(),
                    outlet: review.outlet.clone(),
                    url: review.article_url.clone(),
                    lang: review.lang.clone(),
                    published_at: review.published.clone(),
                    body: None,
                    body_sha256: None,
                    created_at: now.to_string(),
                    created_by: who.to_string(),
                })?;
                if let Some(url) = &review.article_url {
                    by_url.insert(url.clone(), id);
                }
                id
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
            claim_key: None,
            supersedes: None,
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
            internal: false,
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
                internal: false,
            })?;
            counts.evidence += 1;
            self.reviews
                .insert(review_key(url, &review.claimed), claim_id);
        }
        Ok(())
    }
}
