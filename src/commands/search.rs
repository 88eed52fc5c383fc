//! `search TEXT`: finds claims (by their text, quote, translation and notes) and articles
//! (by title and text) through the ledger's full-text index, best match first, each with
//! a snippet around the words found. Also the "has this been checked before?" lines that
//! `claim add` and `extract --accept` print: the claims already recorded that look like
//! a new one.

use anyhow::Result;

use super::claim::parse_status;
use super::{resolve, Ctx};
use crate::cli::SearchArgs;
use crate::error::user;
use crate::model::search::{
    overlap, significant_words, snippet, words, ArticleFound, ClaimFound, Snippet,
};
use crate::model::Claim;
use crate::render::views;
use std::collections::HashMap;

use crate::store::{FoundBy, Ledger, LookAlike, LookAlikeQuery, SearchQuery, Store};

pub(super) fn run(ctx: &Ctx, args: SearchArgs) -> Result<()> {
    let text = args.text.join(" ");
    let words = words(&text);
    if words.is_empty() {
        return Err(user(
            "the search has no words; give at least one word or number to find, e.g. `crosscheck search atme`",
        ));
    }
    let status = args.status.as_deref().map(parse_status).transpose()?;
    let mut store = ctx.open()?;
    let (claims, articles) = store.read(|l| {
        let query = SearchQuery {
            words: words.clone(),
            any: false,
            incident_id: match &args.incident {
                Some(key) => Some(resolve::incident(l, key)?.id),
                None => None,
            },
            source_id: match &args.source {
                Some(key) => Some(resolve::source(l, key)?.id),
                None => None,
            },
            status,
            limit: args.limit,
        };
        let mut claims = Vec::new();
        for hit in l.search_claims(&query)? {
            let claim = resolve::claim(l, &hit.id.to_string())?;
            let (field, snippet) = claim_snippet(l, &claim, &words)?;
            claims.push(ClaimFound {
                claim,
                score: hit.score,
                field,
                snippet,
            });
        }
        let mut articles = Vec::new();
        for hit in l.search_articles(&query)? {
            let article = resolve::article(l, &hit.id.to_string())?;
            let (field, snippet) = [
                ("title", Some(&article.title)),
                ("body", article.body.as_ref()),
            ]
            .into_iter()
            .find_map(|(field, text)| Some((field, snippet(text?, &words)?)))
            .unwrap_or_else(|| ("title", plain(&article.title)));
            articles.push(ArticleFound {
                article,
                score: hit.score,
                field,
                snippet,
            });
        }
        Ok((claims, articles))
    })?;
    ctx.emit(views::search::results(&text, &claims, &articles))
}

/// The start of a text, when the index matched words the snippet maker did not see (a
/// tokenizer's edge case): the hit is still shown.
fn plain(text: &str) -> Snippet {
    let cut: String = text.chars().take(80).collect();
    Snippet {
        text: if cut.len() < text.len() {
            format!("{cut}…")
        } else {
            cut
        },
        highlights: Vec::new(),
    }
}

/// Where in a claim the words are: its own texts first, then its notes, newest first.
fn claim_snippet(
    ledger: &mut dyn Ledger,
    claim: &Claim,
    words: &[String],
) -> Result<(&'static str, Snippet)> {
    let own = [
        ("text", Some(&claim.text)),
        ("quote", claim.quote.as_ref()),
        ("translation", claim.translation.as_ref()),
    ];
    if let Some(found) = own
        .into_iter()
        .find_map(|(field, text)| Some((field, snippet(text?, words)?)))
    {
        return Ok(found);
    }
    let mut notes: Vec<String> = ledger
        .status_history(claim.id)?
        .into_iter()
        .filter_map(|c| c.note)
        .collect();
    notes.extend(
        ledger
            .evidence(claim.id)?
            .into_iter()
            .filter_map(|e| e.note),
    );
    Ok(notes
        .iter()
        .rev()
        .find_map(|n| snippet(n, words))
        .map_or_else(|| ("text", plain(&claim.text)), |s| ("note", s)))
}

/// How close an earlier claim's text must be to a new one's to be named: half of the
/// new claim's significant words.
const CLOSE_TEXT: f64 = 0.5;

/// How many claims sharing words with a new one are read to find the close ones.
const CANDIDATES: i64 = 30;

/// At most this many earlier claims are named.
const AT_MOST: usize = 3;

/// Tells on stderr, for each claim just recorded, the claims already recorded that look
/// like it. Never fails the command that recorded them: the claims are committed, and a
/// hint that cannot be given is left out.
pub(super) fn tell_checked_before(ctx: &Ctx, store: &mut Store, recorded: &[i64]) {
    let lines = store.read(|l| {
        let mut lines = Vec::new();
        for &id in recorded {
            if let Some(claim) = l.get_claim(id)? {
                lines.extend(checked_before(l, &claim, recorded)?);
            }
        }
        Ok(lines)
    });
    for line in lines.unwrap_or_default() {
        ctx.notice(&line);
    }
}

/// As [`tell_checked_before`], for one claim the caller has at hand (`claim add`): when
/// there is nothing to look for (no words worth searching, no figure on an incident),
/// the ledger is not read at all.
pub(super) fn tell_claim_checked_before(ctx: &Ctx, store: &mut Store, claim: &Claim) {
    let query = look_alike_query(claim);
    if query.words.is_empty() && query.metrics.is_empty() {
        return;
    }
    // `checked_before` reads with one statement (`Ledger::look_alikes`).
    let lines = store.read_one(|l| checked_before(l, claim, &[claim.id]));
    for line in lines.unwrap_or_default() {
        ctx.notice(&line);
    }
}

/// What to look for: the claim's significant words, and its metrics on its incident.
fn look_alike_query(claim: &Claim) -> LookAlikeQuery {
    LookAlikeQuery {
        words: significant_words(&claim.text),
        limit: CANDIDATES,
        incident_id: claim.incident_id,
        metrics: match claim.incident_id {
            Some(_) => claim
                .figures
                .iter()
                .map(|f| f.figure.metric.clone())
                .collect(),
            None => Vec::new(),
        },
    }
}

/// One line each (at most three) for the claims already recorded that look like `claim`:
/// same incident and metric, or close text. For stderr; a desk's first question is
/// whether a claim was checked before. One read of the ledger.
fn checked_before(ledger: &mut dyn Ledger, claim: &Claim, exclude: &[i64]) -> Result<Vec<String>> {
    let query = look_alike_query(claim);
    let found_all = ledger.look_alikes(&query)?;
    let mut known: HashMap<i64, &LookAlike> = HashMap::new();
    // (claim id, why), best first.
    let mut found: Vec<(i64, String)> = Vec::new();
    // The newest claims with all the words, then with any of them: a desk's recent
    // work first, and no relevance to compute over a large ledger.
    let mut close: Vec<(f64, i64)> = Vec::new();
    for pass in [FoundBy::AllWords, FoundBy::AnyWord] {
        if pass == FoundBy::AnyWord && close.len() >= AT_MOST {
            break;
        }
        for other in found_all.iter().filter(|o| o.found_by == pass) {
            if exclude.contains(&other.id) || close.iter().any(|(_, c)| *c == other.id) {
                continue;
            }
            known.insert(other.id, other);
            let share = overlap(&claim.text, &other.text);
            if share >= CLOSE_TEXT {
                close.push((share, other.id));
            }
        }
    }
    close.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
    found.extend(
        close
            .into_iter()
            .map(|(_, id)| (id, "close text".to_string())),
    );
    // Newest first; a claim found by two metrics once.
    let mut same: Vec<(i64, String)> = Vec::new();
    for other in &found_all {
        let FoundBy::Metric(metric) = &other.found_by else {
            continue;
        };
        if exclude.contains(&other.id) || same.iter().any(|(id, _)| *id == other.id) {
            continue;
        }
        known.insert(other.id, other);
        same.push((other.id, format!("same incident and metric {metric}")));
    }
    for (id, why) in same {
        if let Some(at) = found.iter().position(|(f, _)| *f == id) {
            found[at].1 = format!("{why}, close text");
        } else {
            found.push((id, why));
        }
    }
    let mut lines = Vec::new();
    for (id, why) in found.into_iter().take(AT_MOST) {
        let Some(other) = known.get(&id) else {
            continue;
        };
        let mut text: String = other.text.chars().take(60).collect();
        if text.len() < other.text.len() {
            text.push('…');
        }
        lines.push(format!(
            "claim {} may have been checked before: claim {} ({}, {}) \"{text}\" ({why})",
            claim.id, other.id, other.status, other.source_name
        ));
    }
    Ok(lines)
}
