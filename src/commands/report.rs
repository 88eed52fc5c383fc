//! `report`: the verification report of one incident, gathered in one read transaction
//! and written by `render::report` as Markdown, HTML, JSON or ClaimReview JSON-LD.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use anyhow::{Context, Result};

use super::lint::{check_incident, Ledgerwide};
use super::output::OutputFile;
use super::{compare, format_name, resolve, Ctx};
use crate::cli::{FormatArg, ReportArgs};
use crate::clock;
use crate::error::user;
use crate::model::publication::{changed_after_publication, claim_changes};
use crate::model::review::{Decision, Review};
use crate::model::{lookup_key, Evidence, Incident, StatusChange, Tolerance};
use crate::render::report::{
    self, claimreview, AcknowledgedFinding, ClaimEntry, LedgerHead, Report, ReportFormat, Words,
};
use crate::store::{ClaimFilter, Ledger};

pub(super) fn run(ctx: &Ctx, args: ReportArgs) -> Result<()> {
    let format = match ctx.format {
        None | Some(FormatArg::Markdown) => ReportFormat::Markdown,
        Some(FormatArg::Html) => ReportFormat::Html,
        Some(FormatArg::Json) => ReportFormat::Json,
        Some(FormatArg::Claimreview) => ReportFormat::ClaimReview,
        Some(other) => {
            return Err(user(format!(
                "report writes markdown, html, json or claimreview, not {}; e.g. --format html",
                format_name(other)
            )))
        }
    };
    let publishing = if format == ReportFormat::ClaimReview {
        let publisher = args
            .publisher
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .ok_or_else(|| {
                user("--format claimreview needs --publisher NAME (or CROSSCHECK_PUBLISHER): the organisation that publishes the reviews")
            })?;
        let url = args
            .report_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .ok_or_else(|| {
                user("--format claimreview needs --report-url URL (or CROSSCHECK_REPORT_URL): the page the reviews will be published on")
            })?;
        if !report::is_web_link(url) {
            return Err(user(format!(
                "--report-url '{url}' is not an http or https address"
            )));
        }
        Some((publisher.to_string(), url.to_string()))
    } else {
        None
    };
    let words = match args.lang.as_deref().map(str::trim) {
        None | Some("") => &report::words::ENGLISH,
        Some(tag) => Words::find(tag).ok_or_else(|| {
            user(format!(
                "--lang '{tag}': the report is written in {}; e.g. --lang nl",
                Words::codes()
            ))
        })?,
    };
    let generated_at = clock::now_text()?;
    let mut store = ctx.open()?;
    // Where the record stood, read in the same snapshot as what the report shows.
    let mut built = store.read(|l| {
        let mut built = gather(l, &args.incident, &generated_at)?;
        built.ledger_head = LedgerHead {
            record: l.record_head()?,
        };
        Ok(built)
    })?;
    built.words = words;
    built.publisher = args.publisher.clone();
    built.report_url = args.report_url.clone();
    let mut text = match format {
        ReportFormat::Markdown => report::markdown::render(&built),
        ReportFormat::Html => report::html::render(&built),
        ReportFormat::Json => crate::render::json_text(&report::to_json(&built)),
        ReportFormat::ClaimReview => {
            let (publisher, url) = publishing.unwrap_or_default();
            crate::render::json_text(&claimreview::render(&built, &publisher, &url))
        }
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    match &args.output {
        Some(path) => {
            let mut file = OutputFile::create(path, &store.files(), args.force)?;
            file.write_all(text.as_bytes())
                .with_context(|| format!("cannot write the report to {}", path.display()))?;
            file.finish()?;
            ctx.notice(&format!(
                "wrote the report of {} to {}",
                built.incident.slug,
                path.display()
            ));
            Ok(())
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
            Ok(())
        }
    }
}

/// The findings of the publish gate that the desk acknowledged and that still stand as
/// acknowledged (a finding changed since is not): the methodology lists them. The gate
/// runs only when the incident has acknowledgements at all.
fn acknowledged(ledger: &mut dyn Ledger, incident: &Incident) -> Result<Vec<AcknowledgedFinding>> {
    if ledger.acknowledgements(incident.id)?.is_empty() {
        return Ok(Vec::new());
    }
    let everywhere = Ledgerwide::read(ledger)?;
    let (_, findings) = check_incident(ledger, incident, &everywhere)?;
    Ok(findings
        .into_iter()
        .filter_map(|f| {
            let a = f.acknowledged?;
            Some(AcknowledgedFinding {
                finding: f.name,
                who: a.who,
                at: a.at,
                note: a.note,
            })
        })
        .collect())
}

/// Everything the report of one incident shows, read in one transaction.
pub(super) fn gather(ledger: &mut dyn Ledger, key: &str, generated_at: &str) -> Result<Report> {
    let incident = resolve::incident(ledger, key)?;
    let claims = ledger.list_claims(&ClaimFilter {
        incident_id: Some(incident.id),
        ..ClaimFilter::default()
    })?;
    let mut history: HashMap<i64, Vec<StatusChange>> = HashMap::new();
    for mut change in ledger.incident_history(incident.id)? {
        if change.internal {
            change.note = None;
        }
        history.entry(change.claim_id).or_default().push(change);
    }
    let mut evidence: HashMap<i64, Vec<Evidence>> = HashMap::new();
    for mut e in ledger.incident_evidence(incident.id)? {
        // An internal note is the desk's own: no published format carries it.
        if e.internal {
            e.note = None;
        }
        evidence.entry(e.claim_id).or_default().push(e);
    }
    // Approvals by the verdict (status change) they approve.
    let mut approvals: HashMap<i64, Review> = HashMap::new();
    for r in ledger.incident_reviews(incident.id)? {
        if r.decision == Decision::Approved {
            approvals.insert(r.status_change_id, r);
        }
    }
    let review_required = super::review::required(ledger)?;
    let article_ids: HashSet<i64> = claims.iter().map(|c| c.article_id).collect();
    let source_ids: HashSet<i64> = claims
        .iter()
        .flat_map(|c| std::iter::once(c.source_id).chain(c.via_id))
        .collect();
    // Only what the incident's claims refer to, each by its key: a ledger of 50,000
    // articles must not be read whole for a report on one incident.
    let mut articles = Vec::with_capacity(article_ids.len());
    for id in &article_ids {
        articles.extend(ledger.find_article(&id.to_string())?);
    }
    // Oldest first: the order in which the story was told; undated ones last.
    articles.sort_by(|a, b| {
        (a.published_at.is_none(), &a.published_at, a.id).cmp(&(
            b.published_at.is_none(),
            &b.published_at,
            b.id,
        ))
    });
    let mut sources: Vec<_> = Vec::with_capacity(source_ids.len());
    for id in &source_ids {
        sources.extend(
            ledger
                .list_sources(Some(*id))?
                .into_iter()
                .map(|l| l.source),
        );
    }
    sources.sort_by_key(|s| (lookup_key(&s.name), s.id));
    let comparison = compare::comparison(ledger, &incident, None, Tolerance::DEFAULT, false)?;
    let claims = claims
        .into_iter()
        .map(|claim| {
            let history = history.remove(&claim.id).unwrap_or_default();
            let approval = match history.last() {
                Some(last) if last.to.is_verdict() => approvals.remove(&last.id),
                _ => None,
            };
            ClaimEntry {
                history,
                evidence: evidence.remove(&claim.id).unwrap_or_default(),
                approval,
                claim,
            }
        })
        .collect();
    let publications = ledger.publications(incident.id)?;
    let acknowledgements = acknowledged(ledger, &incident)?;
    let corrections = match publications.iter().map(|p| &p.data.published_at).min() {
        None => None,
        Some(first) => {
            let published: Vec<(&str, i64)> = publications
                .iter()
                .map(|p| (p.data.published_at.as_str(), p.entry_id))
                .collect();
            let mut found = ledger.public_corrections(incident.id, first)?;
            found.retain(|c| {
                changed_after_publication(&published, (&c.made, c.made_entry), (&c.at, c.at_entry))
            });
            // What each corrected claim's new version changed.
            for c in &mut found {
                if let Some(new) = c.new_claim {
                    if let (Some(before), Some(after)) =
                        (ledger.get_claim(c.claim)?, ledger.get_claim(new)?)
                    {
                        c.changes = claim_changes(&before, &after);
                    }
                }
            }
            Some(found)
        }
    };
    Ok(Report {
        publications,
        acknowledgements,
        corrections,
        ledger_head: LedgerHead::default(),
        words: &report::words::ENGLISH,
        vocabulary: ledger.metrics()?,
        incident,
        articles,
        sources,
        claims,
        comparison,
        tolerance: Tolerance::DEFAULT,
        generated_at: generated_at.to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        publisher: None,
        report_url: None,
        review_required,
    })
}
