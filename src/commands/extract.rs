//! `extract`: the figures an article states, proposed as claims, so that a fact-checker
//! reviews rather than retypes. The extractor knows nothing of the ledger; here its
//! proposals meet the ledger's sources and, with `--accept`, become claims.

use anyhow::Result;

use super::claim::{self, ClaimInput};
use super::{metric, resolve, search, Ctx};
use crate::cli::ExtractArgs;
use crate::clock;
use crate::error::user;
use crate::extract::{self, Candidate};
use crate::model::metric::Vocabulary;
use crate::model::{lookup_key, Article, Figure, Source};
use crate::render::views;
use crate::render::views::extract::{FigureWhy, ProposalWhy, ProposedFigure, Span};
use crate::store::{ClaimFilter, Ledger};

/// How a credited name meets the ledger.
#[derive(Debug, Clone)]
enum Match {
    /// A known source: by name or alias, or named inside the credit ("a spokesman for the Pentagon").
    Known(Source),
    /// Nobody like it is known: recorded as a new source on --accept.
    New(String),
    /// It resembles known names without matching one.
    Resembles(String, Vec<String>),
}

/// Finds the ledger's source for a name as an article wrote it.
fn match_source(ledger: &mut dyn Ledger, names: &[(i64, String)], credited: &str) -> Result<Match> {
    if let Some(s) = ledger.find_source(credited)? {
        return Ok(Match::Known(s));
    }
    let key = lookup_key(credited);
    let words: Vec<&str> = key
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    // The longest known name that occurs in the credit as whole words.
    let mut best: Option<(usize, i64)> = None;
    for (id, name) in names {
        let name_key = lookup_key(name);
        let name_words: Vec<&str> = name_key
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let long_enough = name_key.chars().count() >= 3;
        if long_enough
            && !name_words.is_empty()
            && words
                .windows(name_words.len())
                .any(|w| w == name_words.as_slice())
            && best.is_none_or(|(len, _)| name_key.len() > len)
        {
            best = Some((name_key.len(), *id));
        }
        // A spelling a letter or two away ("Syrische" for "Syrisch") is the same source.
        if strsim::normalized_damerau_levenshtein(&key, &name_key) >= 0.9 && best.is_none() {
            best = Some((name_key.len(), *id));
        }
    }
    if let Some((_, id)) = best {
        if let Some(s) = ledger.find_source(&id.to_string())? {
            return Ok(Match::Known(s));
        }
    }
    let all: Vec<String> = names.iter().map(|(_, n)| n.clone()).collect();
    let similar = resolve::similar_names(credited, &all);
    Ok(if similar.is_empty() {
        Match::New(credited.trim().to_string())
    } else {
        Match::Resembles(credited.trim().to_string(), similar)
    })
}

/// One candidate from the extractor, with how its credits meet the ledger.
struct Proposal {
    candidate: Candidate,
    source: Option<Match>,
    via: Option<Match>,
    /// Its quote is already recorded for the article.
    recorded: bool,
}

/// The words of `body` at byte range `r`, by character offsets.
fn span(body: &str, r: Option<&std::ops::Range<usize>>) -> Option<Span> {
    let r = r?;
    Some(Span {
        start: char_offset(body, r.start),
        end: char_offset(body, r.end),
        text: body.get(r.clone())?.to_string(),
    })
}

fn describe(m: &Match) -> String {
    match m {
        Match::Known(s) => format!("known: {}", s.name),
        Match::New(n) => format!("new: {n}"),
        Match::Resembles(n, similar) => format!(
            "resembles {} (refused without --new-source): {n}",
            similar.join(", ")
        ),
    }
}

fn char_offset(body: &str, byte: usize) -> i64 {
    body.get(..byte).map_or(0, |prefix| prefix.chars().count()) as i64
}

pub(super) fn run(ctx: &Ctx, args: ExtractArgs) -> Result<()> {
    let mut store = ctx.open()?;
    let (article, proposals, vocabulary) = store.read(|l| {
        let article = resolve::article(l, &args.article)?;
        let proposals = propose(l, &article, &args)?;
        Ok((article, proposals, l.metrics()?))
    })?;
    if !args.accept {
        return ctx.emit(views::extract::proposals(
            &article.slug,
            &shown(&article, &proposals, &vocabulary),
        ));
    }
    let who = ctx.who(&store)?;
    let now = clock::now_text()?;
    let (recorded, skipped, notices) = store.write(|l| accept(l, &article, &args, &who, &now))?;
    for n in notices {
        ctx.notice(&n);
    }
    search::tell_checked_before(ctx, &mut store, &recorded);
    ctx.emit(views::extract::accepted(&article.slug, &recorded, skipped))
}

/// The extractor's proposals for an article, with how each credit meets the ledger and
/// whether its quote is already recorded.
fn propose(
    ledger: &mut dyn Ledger,
    article: &Article,
    args: &ExtractArgs,
) -> Result<Vec<Proposal>> {
    let lang = args.lang.as_deref();
    let Some(body) = &article.body else {
        return Err(user(format!(
            "article {} has no text to extract from; record it with `crosscheck article add --file PATH`",
            article.slug
        )));
    };
    let Some(lang) = lang.or(article.lang.as_deref()) else {
        return Err(user(format!(
            "article {} has no language; say which with --lang (en, nl, de or fr)",
            article.slug
        )));
    };
    let opts = extract::Options {
        vague: args.vague,
        // The date part of the publication stamp: dates in the text are read against it.
        published: article
            .published_at
            .as_deref()
            .and_then(|p| p.get(..10))
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
    };
    let candidates = extract::extract_with(body, lang, &opts)
        .map_err(|e| user(format!("article {}: {e}", article.slug)))?;
    let recorded: Vec<String> = ledger
        .list_claims(&ClaimFilter {
            article_id: Some(article.id),
            ..ClaimFilter::default()
        })?
        .into_iter()
        .filter_map(|c| c.quote)
        .collect();
    let names = ledger.source_names()?;
    let mut out = Vec::new();
    for c in candidates {
        let source = match &c.source {
            Some(name) => Some(match_source(ledger, &names, name)?),
            None => None,
        };
        let via = match &c.via {
            Some(name) => Some(match_source(ledger, &names, name)?),
            None => None,
        };
        let recorded = recorded.contains(&c.quote);
        out.push(Proposal {
            candidate: c,
            source,
            via,
            recorded,
        });
    }
    Ok(out)
}

/// The proposals as the view shows them: offsets in characters, credits described.
fn shown(
    article: &Article,
    proposals: &[Proposal],
    vocabulary: &Vocabulary,
) -> Vec<views::extract::Proposal> {
    let body = article.body.as_deref().unwrap_or("");
    proposals
        .iter()
        .map(|p| {
            let c = &p.candidate;
            views::extract::Proposal {
                quote: c.quote.clone(),
                quote_start: char_offset(body, c.start),
                quote_end: char_offset(body, c.end),
                source: c.source.clone(),
                source_match: match &p.source {
                    Some(m) => describe(m),
                    None => format!(
                        "none credited: {}",
                        article.outlet.as_deref().unwrap_or("unattributed")
                    ),
                },
                via: c.via.clone(),
                via_match: p.via.as_ref().map(describe),
                as_of: c.as_of.map(|d| d.to_string()),
                figures: c
                    .figures
                    .iter()
                    .map(|f| ProposedFigure {
                        metric: f.metric.clone(),
                        spec: f.spec.clone(),
                        low: f.low,
                        high: f.high,
                        qualifier: f.qualifier.as_str(),
                        number_text: f.number_text.clone(),
                        why: FigureWhy {
                            number: span(body, Some(&(f.start..f.end))),
                            metric: span(body, f.metric_span.as_ref()),
                            qualifier: span(body, f.qualifier_span.as_ref()),
                        },
                        unknown_metric: vocabulary
                            .unknown_parts(&f.metric)
                            .iter()
                            .map(|u| u.part.written(&u.name))
                            .collect(),
                    })
                    .collect(),
                confidence: c.confidence,
                already_recorded: p.recorded,
                why: ProposalWhy {
                    source: span(body, c.source_span.as_ref()),
                    date: span(body, c.date_span.as_ref()),
                },
            }
        })
        .collect()
}

/// Records every proposal not yet recorded; returns the new claim ids, the number
/// skipped and notices for the user.
fn accept(
    ledger: &mut dyn Ledger,
    article: &Article,
    args: &ExtractArgs,
    who: &str,
    now: &str,
) -> Result<(Vec<i64>, usize, Vec<String>)> {
    let proposals = propose(ledger, article, args)?;
    let mut recorded = Vec::new();
    let mut skipped = 0;
    let mut notices = Vec::new();
    for Proposal {
        candidate: c,
        source,
        via,
        recorded: done,
    } in proposals
    {
        if done || recorded_quote(ledger, article.id, &c.quote)? {
            skipped += 1;
            continue;
        }
        let source_name = match source {
            Some(Match::Known(s)) => s.name,
            Some(Match::New(n)) => n,
            Some(Match::Resembles(n, similar)) if !args.new_source => {
                return Err(user(format!(
                    "the text credits '{n}', which resembles {}; add it as an alias (`crosscheck source alias \"{}\" \"{n}\"`) or pass --new-source; nothing was recorded",
                    similar.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(" and "),
                    similar[0]
                )));
            }
            Some(Match::Resembles(n, _)) => n,
            // Nobody credited: the article states it on its own authority.
            None => article
                .outlet
                .clone()
                .unwrap_or_else(|| "unattributed".to_string()),
        };
        let via_name = match via {
            Some(Match::Known(s)) => Some(s.name),
            Some(Match::New(n) | Match::Resembles(n, _)) => Some(n),
            None => None,
        }
        .filter(|v| lookup_key(v) != lookup_key(&source_name));
        let mut figures: Vec<Figure> = Vec::new();
        for f in &c.figures {
            let figure = Figure::parse(&f.spec)?;
            if figures.iter().any(|g| g.metric == figure.metric) {
                notices.push(format!(
                    "'{}' states {} twice; only the first ({}) was recorded",
                    c.quote,
                    figure.metric,
                    figures
                        .iter()
                        .find(|g| g.metric == figure.metric)
                        .map(Figure::spec)
                        .unwrap_or_default()
                ));
                continue;
            }
            figures.push(figure);
        }
        // Refused here, before any claim of the article is written, naming the proposal.
        let vocabulary = ledger.metrics()?;
        metric::missing_for(&vocabulary, &figures, args.new_metric, &|f| {
            format!("the figure {} proposed from \"{}\"", f.spec(), c.quote)
        })?;
        let (claim, mut more) = claim::add(
            ledger,
            &ClaimInput {
                article: article.id.to_string(),
                source: source_name,
                via: via_name,
                incident: args.incident.clone(),
                text: c.quote.clone(),
                quote: Some(c.quote.clone()),
                translation: None,
                figures,
                as_of: c.as_of.map(|d| d.to_string()),
                new_source: true,
                new_metric: args.new_metric,
            },
            who,
            now,
        )?;
        notices.append(&mut more);
        recorded.push(claim.id);
    }
    Ok((recorded, skipped, notices))
}

fn recorded_quote(ledger: &mut dyn Ledger, article_id: i64, quote: &str) -> Result<bool> {
    Ok(ledger
        .list_claims(&ClaimFilter {
            article_id: Some(article_id),
            ..ClaimFilter::default()
        })?
        .iter()
        .any(|c| c.quote.as_deref() == Some(quote)))
}
