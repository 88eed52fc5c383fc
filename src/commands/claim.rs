//! `claim add | list | show`: one statement, attributed to its origin, as one article
//! reports it, with the figures inside it. Quotes are checked against the article text.

use anyhow::{Context, Result};

use super::{metric, resolve, search, Ctx};
use crate::cli::{ClaimAddArgs, ClaimCommand, ClaimListArgs};
use crate::clock;
use crate::error::user;
use crate::model::{quote, Claim, ClaimFigure, Figure, Status};
use crate::render::views;
use crate::store::{ClaimFilter, Ledger, NewClaim};

pub(super) fn run(ctx: &Ctx, cmd: ClaimCommand) -> Result<()> {
    match cmd {
        ClaimCommand::Add(args) => {
            let input = ClaimInput::from_args(&args)?;
            let now = clock::now_text()?;
            let mut store = ctx.open()?;
            let who = ctx.who(&store)?;
            let (claim, notices) = store.write_retrying(|l| add(l, &input, &who, &now))?;
            for notice in notices {
                ctx.notice(&notice);
            }
            search::tell_claim_checked_before(ctx, &mut store, &claim);
            ctx.emit(views::claim::added(&claim))
        }
        ClaimCommand::List(args) => list(ctx, &args),
        ClaimCommand::Assign(args) => super::review::assign(ctx, args),
        ClaimCommand::Correct(args) => super::versions::correct(ctx, args),
        ClaimCommand::Withdraw(args) => super::versions::withdraw(ctx, args),
        ClaimCommand::Show(args) => {
            let mut store = ctx.open()?;
            let (claim, versions) =
                store.read_small(|l| super::versions::versions_of(l, &args.claim))?;
            let named = versions
                .iter()
                .find(|v| v.claim.id == claim.id)
                .context("the claim is missing from its own versions")?;
            let summaries = super::versions::summaries(&versions);
            let timeline = super::versions::timeline(named);
            ctx.emit(views::claim::show(&claim, &timeline, &summaries))
        }
    }
}

fn list(ctx: &Ctx, args: &ClaimListArgs) -> Result<()> {
    let status = args.status.as_deref().map(parse_status).transpose()?;
    let mut store = ctx.open()?;
    // `--assigned me` names who is acting; `none`, claims nobody works.
    let assigned = match args.assigned.as_deref().map(str::trim) {
        Some("") => {
            return Err(user(
                "--assigned is empty; give a name, `me` (you) or `none` (nobody)",
            ))
        }
        Some(word) if word.eq_ignore_ascii_case("me") => Some(Some(ctx.who(&store)?)),
        Some(word) => Some(super::review::assignee_named(word, "")),
        None => None,
    };
    // Written as the claims are read: memory stays flat however many the ledger holds.
    let out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut shown = views::claim::ClaimList::new(out, ctx.format(), ctx.style)?;
    store.read(|l| {
        let filter = ClaimFilter {
            incident_id: match &args.incident {
                Some(key) => Some(resolve::incident(l, key)?.id),
                None => None,
            },
            status,
            source_id: match &args.source {
                Some(key) => Some(resolve::source(l, key)?.id),
                None => None,
            },
            article_id: match &args.article {
                Some(key) => Some(resolve::article(l, key)?.id),
                None => None,
            },
            awaiting_review: args.awaiting_review,
            assigned: assigned.clone(),
            all_versions: args.all_versions,
        };
        l.each_claim(&filter, &mut |c| Ok(shown.push(&c)?))
    })?;
    shown.finish()?;
    Ok(())
}

/// Reads a status name, forgiving case and a dash or space for the underscore.
pub(super) fn parse_status(text: &str) -> Result<Status> {
    Status::parse(&text.trim().to_lowercase().replace(['-', ' '], "_")).ok_or_else(|| {
        user(format!(
            "'{text}' is not a status; use one of {}",
            Status::names()
        ))
    })
}

/// A claim as typed, its figures and time already parsed.
pub(super) struct ClaimInput {
    pub article: String,
    pub source: String,
    pub via: Option<String>,
    pub incident: Option<String>,
    pub text: String,
    pub quote: Option<String>,
    pub translation: Option<String>,
    pub figures: Vec<Figure>,
    pub as_of: Option<String>,
    pub new_source: bool,
    /// Add the figures' unknown bases and breakdowns to the vocabulary.
    pub new_metric: bool,
}

impl ClaimInput {
    fn from_args(args: &ClaimAddArgs) -> Result<ClaimInput> {
        let figures = args
            .figures
            .iter()
            .map(|spec| Figure::parse(spec))
            .collect::<Result<Vec<_>, _>>()?;
        let as_of = match &args.as_of {
            Some(t) => Some(clock::parse_when(t).map_err(|e| user(format!("--as-of: {e}")))?),
            None => None,
        };
        Ok(ClaimInput {
            article: args.article.clone(),
            source: args.source.clone(),
            via: args.via.clone(),
            incident: args.incident.clone(),
            text: args.text.clone(),
            quote: args.quote.clone(),
            translation: args.translation.clone(),
            figures,
            as_of,
            new_source: args.new_source,
            new_metric: args.new_metric,
        })
    }
}

/// Validates and records a claim; returns it and notices for the user (sources created).
pub(super) fn add(
    ledger: &mut dyn Ledger,
    input: &ClaimInput,
    who: &str,
    now: &str,
) -> Result<(Claim, Vec<String>)> {
    let by = crate::store::Acting { who, at: now };
    let Prepared {
        claim: new,
        missing,
        mut notices,
        names,
    } = prepare(ledger, input, who, now)?;
    let added = ledger.add_claim(&new)?;
    notices.extend(metric::record_missing(ledger, &missing, added.id, by)?);
    // The claim as recorded, from what was just written: on a server, reading it back
    // would be two more round trips.
    let claim = Claim {
        id: added.id,
        key: new.claim_key.unwrap_or(added.id),
        article_id: new.article_id,
        article_slug: names.article,
        incident_id: new.incident_id,
        incident_slug: names.incident,
        source_id: new.source_id,
        source_name: names.source,
        via_id: new.via_id,
        via_name: names.via,
        text: new.text,
        quote: new.quote,
        quote_span: new.quote_span,
        translation: new.translation,
        as_of: new.as_of,
        status: Status::Unverified,
        created_at: new.created_at,
        created_by: new.created_by,
        figures: added
            .figure_ids
            .into_iter()
            .zip(new.figures)
            .map(|(id, figure)| ClaimFigure { id, figure })
            .collect(),
    };
    Ok((claim, notices))
}

/// What a claim's article, incident, source and relay are called, as a claim read from
/// the ledger names them.
pub(super) struct ClaimNames {
    /// The article's slug.
    pub article: String,
    /// The incident's slug.
    pub incident: Option<String>,
    /// The source's name.
    pub source: String,
    /// The relay's name.
    pub via: Option<String>,
}

/// A claim checked and resolved, ready to record: what `claim add` and `claim correct`
/// share.
pub(super) struct Prepared {
    /// The row to insert (a first version: no key).
    pub claim: NewClaim,
    /// The figures' metrics the vocabulary lacks, to add once the claim has its id.
    pub missing: Vec<crate::model::metric::Unknown>,
    /// What to tell the user (sources created, a quote found twice).
    pub notices: Vec<String>,
    /// The names of what the claim refers to.
    pub names: ClaimNames,
}

/// Checks a claim as typed (text, figures and their metrics, quote against the article's
/// text) and resolves its article, incident, source and relay, creating sources as
/// `claim add` does; writes nothing but created sources.
pub(super) fn prepare(
    ledger: &mut dyn Ledger,
    input: &ClaimInput,
    who: &str,
    now: &str,
) -> Result<Prepared> {
    let by = crate::store::Acting { who, at: now };
    let text = input.text.trim();
    if text.is_empty() {
        return Err(user(
            "the claim text is empty; give what was claimed with --text",
        ));
    }
    for (i, f) in input.figures.iter().enumerate() {
        if input.figures[..i].iter().any(|g| g.metric == f.metric) {
            return Err(user(format!(
                "--figure {} gives the metric {} twice in one claim; record a second claim for a second figure",
                f.spec(),
                f.metric
            )));
        }
    }
    let vocabulary = ledger.metrics()?;
    let missing = metric::missing_for(&vocabulary, &input.figures, input.new_metric, &|f| {
        format!("--figure {}", f.spec())
    })?;
    let article = resolve::article(ledger, &input.article)?;
    let incident = match &input.incident {
        Some(key) => Some(resolve::incident(ledger, key)?),
        None => None,
    };
    let mut notices = Vec::new();
    let (source, created) = resolve::source_or_create(ledger, &input.source, input.new_source, by)?;
    if created {
        notices.push(format!(
            "created source '{}' (id {}, kind other); describe it with `crosscheck source edit {} --kind … --grade …`",
            source.name, source.id, source.id
        ));
    }
    let via = match &input.via {
        Some(name) => {
            let (via, created) = resolve::source_or_create(ledger, name, input.new_source, by)?;
            if created {
                notices.push(format!(
                    "created source '{}' (id {}) for --via",
                    via.name, via.id
                ));
            }
            if via.id == source.id {
                return Err(user(format!(
                    "--via names the same source as --source ({}); leave --via out when the source speaks directly",
                    source.name
                )));
            }
            Some(via)
        }
        None => None,
    };
    let mut quote = input.quote.as_deref().map(str::to_string);
    let quote_span = match (&quote, &article.body) {
        (Some(q), _) if q.trim().is_empty() => {
            return Err(user(
                "--quote is empty; give the exact words from the article, or leave --quote out",
            ));
        }
        (Some(q), Some(body)) => match quote::locate(body, q) {
            Some(found) => {
                let (start, end) = found.span;
                if let Some(exact) = found.as_in_body {
                    notices.push(format!(
                        "the quote differs from article {}'s text only in quotation marks, dashes or spaces; recorded as the article has it: \"{exact}\"",
                        article.slug
                    ));
                    quote = Some(exact);
                }
                if found.occurrences > 1 {
                    notices.push(format!(
                        "the quote occurs {} times in article {}; the first (characters {start}-{end}) was recorded",
                        found.occurrences, article.slug
                    ));
                }
                Some((start, end))
            }
            None => {
                let hint = match quote::nearest(body, q) {
                    Some(near) => format!("did you mean \"{near}\"? "),
                    None => String::new(),
                };
                return Err(user(format!(
                    "--quote \"{q}\" does not occur in the text of article {}; {hint}copy it from `crosscheck article show {}`",
                    article.slug, article.slug
                )));
            }
        },
        _ => None,
    };
    let as_of = input
        .as_of
        .clone()
        .or_else(|| article.published_at.clone())
        .unwrap_or_else(|| now.to_string());
    let names = ClaimNames {
        article: article.slug.clone(),
        incident: incident.as_ref().map(|i| i.slug.clone()),
        source: source.name.clone(),
        via: via.as_ref().map(|v| v.name.clone()),
    };
    let claim = NewClaim {
        article_id: article.id,
        incident_id: incident.map(|i| i.id),
        source_id: source.id,
        via_id: via.map(|v| v.id),
        text: text.to_string(),
        quote,
        quote_span,
        translation: input.translation.clone().filter(|t| !t.trim().is_empty()),
        as_of,
        figures: input.figures.clone(),
        created_at: now.to_string(),
        created_by: who.to_string(),
        claim_key: None,
        supersedes: None,
    };
    Ok(Prepared {
        claim,
        missing,
        notices,
        names,
    })
}
