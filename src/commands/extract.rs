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
    /// Its number in the dry run, from 1: the extractor's order, which depends only on
    /// the article's text and the options that read it (--lang, --vague), so that
    /// `--accept 1,3` names in an accept run what the dry run showed.
    number: usize,
    candidate: Candidate,
    source: Option<Match>,
    via: Option<Match>,
    /// The article already has a claim with its sentence and its figures.
    recorded: bool,
}

/// What identifies a proposal among an article's claims: its sentence and the figures it
/// records (as specs, sorted). The sentence alone is not enough: one sentence may carry
/// two sources' figures ("the police counted 40,000, the organisers up to 70,000"), two
/// proposals that are both to be recorded. The credit is left out, so that a proposal
/// recorded with `--set` is still found recorded by a plain `--accept`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Recorded {
    quote: String,
    figures: Vec<String>,
}

impl Recorded {
    fn of_claim(claim: &crate::model::Claim) -> Option<Recorded> {
        let mut figures: Vec<String> = claim.figures.iter().map(|f| f.figure.spec()).collect();
        figures.sort();
        Some(Recorded {
            quote: claim.quote.clone()?,
            figures,
        })
    }

    fn of_proposal(quote: &str, figures: &[Figure]) -> Recorded {
        let mut figures: Vec<String> = figures.iter().map(Figure::spec).collect();
        figures.sort();
        Recorded {
            quote: quote.to_string(),
            figures,
        }
    }
}

/// The figures a candidate records: one per metric, the first where the sentence states
/// a metric twice; with a notice for each left out.
fn figures_to_record(c: &Candidate) -> Result<(Vec<Figure>, Vec<String>)> {
    let mut figures: Vec<Figure> = Vec::new();
    let mut notices = Vec::new();
    for f in &c.figures {
        let figure = Figure::parse(&f.spec)?;
        if let Some(first) = figures.iter().find(|g| g.metric == figure.metric) {
            notices.push(format!(
                "'{}' states {} twice; only the first ({}) was recorded",
                c.quote,
                figure.metric,
                first.spec()
            ));
            continue;
        }
        figures.push(figure);
    }
    Ok((figures, notices))
}

/// Which attribution `--set` overrides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Source,
    Via,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Source => "source",
            Field::Via => "via",
        }
    }
}

/// One `--set N:FIELD=NAME`.
#[derive(Debug, Clone)]
struct Override {
    number: usize,
    field: Field,
    name: String,
    /// As typed, for messages.
    written: String,
}

/// What `--accept` and `--set` chose, read before the ledger is opened.
#[derive(Debug, Default)]
struct Choice {
    /// The proposals to record; none: all of them.
    numbers: Option<Vec<usize>>,
    overrides: Vec<Override>,
}

impl Choice {
    fn read(args: &ExtractArgs) -> Result<Choice> {
        let numbers = match &args.accept {
            Some(Some(list)) => Some(proposal_numbers(list)?),
            _ => None,
        };
        let mut overrides: Vec<Override> = Vec::new();
        for written in &args.set {
            let o = parse_override(written)?;
            if let Some(earlier) = overrides
                .iter()
                .find(|e| e.number == o.number && e.field == o.field)
            {
                return Err(user(format!(
                    "--set {written}: proposal {}'s {} is already set by --set {}; give it once",
                    o.number,
                    o.field.name(),
                    earlier.written
                )));
            }
            overrides.push(o);
        }
        Ok(Choice { numbers, overrides })
    }

    fn chosen(&self, number: usize) -> bool {
        self.numbers.as_ref().is_none_or(|n| n.contains(&number))
    }

    fn override_of(&self, number: usize, field: Field) -> Option<&Override> {
        self.overrides
            .iter()
            .find(|o| o.number == number && o.field == field)
    }

    /// Refuses a number that names no proposal, and a `--set` on a proposal not accepted.
    fn check(&self, article: &Article, count: usize) -> Result<()> {
        let shown = if count == 0 {
            format!(
                "article {} has no proposals (`crosscheck extract {}` shows them)",
                article.slug, article.slug
            )
        } else {
            format!(
                "the dry run (`crosscheck extract {}`) numbers article {}'s proposals 1 to {count}",
                article.slug, article.slug
            )
        };
        if let Some(n) = self.numbers.iter().flatten().find(|&&n| n > count) {
            return Err(user(format!(
                "--accept: there is no proposal {n}; {shown}; nothing was recorded"
            )));
        }
        for o in &self.overrides {
            if o.number > count {
                return Err(user(format!(
                    "--set {}: there is no proposal {}; {shown}; nothing was recorded",
                    o.written, o.number
                )));
            }
            if !self.chosen(o.number) {
                return Err(user(format!(
                    "--set {}: proposal {} is not among those accepted; add it to --accept or leave this --set out; nothing was recorded",
                    o.written, o.number
                )));
            }
        }
        Ok(())
    }
}

/// `1,3,4` as proposal numbers.
fn proposal_numbers(list: &str) -> Result<Vec<usize>> {
    let mut numbers = Vec::new();
    for part in list.split(',') {
        let part = part.trim();
        match part.parse::<usize>() {
            Ok(n) if n >= 1 => {
                if !numbers.contains(&n) {
                    numbers.push(n);
                }
            }
            _ => {
                return Err(user(format!(
                    "--accept {list}: '{part}' is not a proposal number; give the numbers the dry run shows, e.g. --accept 1,3,4 (or --accept alone for all)"
                )));
            }
        }
    }
    Ok(numbers)
}

/// `2:source=Pentagon` as an override.
fn parse_override(written: &str) -> Result<Override> {
    let syntax = || {
        user(format!(
            "--set {written}: write N:source=NAME or N:via=NAME, N being the proposal's number in the dry run"
        ))
    };
    let (number, rest) = written.split_once(':').ok_or_else(syntax)?;
    let (field, name) = rest.split_once('=').ok_or_else(syntax)?;
    let number = match number.trim().parse::<usize>() {
        Ok(n) if n >= 1 => n,
        _ => return Err(syntax()),
    };
    let field = match field.trim() {
        "source" => Field::Source,
        "via" => Field::Via,
        other => {
            return Err(user(format!(
                "--set {written}: unknown field '{other}'; --set changes a proposal's source or via (N:source=NAME, N:via=NAME)"
            )));
        }
    };
    let name = name.trim();
    if name.is_empty() {
        return Err(user(format!(
            "--set {written}: the name is empty; give the source's name, id or alias after '='"
        )));
    }
    Ok(Override {
        number,
        field,
        name: name.to_string(),
        written: written.to_string(),
    })
}

/// Refuses a name given with `--set` that the ledger does not know but that resembles a
/// known one, unless --new-source: the rule the text's own credits follow, so that a typo
/// ("Pentagn") does not become a second Pentagon. A name nothing resembles becomes a new
/// source, as an unknown credit does.
fn check_override_name(ledger: &mut dyn Ledger, o: &Override, new_source: bool) -> Result<()> {
    if new_source || ledger.find_source(&o.name)?.is_some() {
        return Ok(());
    }
    let names: Vec<String> = ledger.source_names()?.into_iter().map(|(_, n)| n).collect();
    let similar = resolve::similar_names(&o.name, &names);
    if similar.is_empty() {
        return Ok(());
    }
    Err(user(format!(
        "--set {}: no source '{}', which resembles {}; use that name, or add --new-source to record '{}' as a new source; nothing was recorded",
        o.written,
        o.name,
        similar
            .iter()
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join(" and "),
        o.name
    )))
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
    let choice = Choice::read(&args)?;
    let mut store = ctx.open()?;
    let (article, proposals, vocabulary) = store.read(|l| {
        let article = resolve::article(l, &args.article)?;
        let proposals = propose(l, &article, &args)?;
        Ok((article, proposals, l.metrics()?))
    })?;
    if args.accept.is_none() {
        return ctx.emit(views::extract::proposals(
            &article.slug,
            &shown(&article, &proposals, &vocabulary),
        ));
    }
    let who = ctx.who(&store)?;
    let now = clock::now_text()?;
    let (recorded, skipped, notices) =
        store.write(|l| accept(l, &article, &args, &choice, &who, &now))?;
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
    // Every claim of the article counts, whatever its status: a proposal recorded and
    // then withdrawn or corrected is not proposed for recording again.
    let recorded: Vec<Recorded> = ledger
        .list_claims(&ClaimFilter {
            article_id: Some(article.id),
            ..ClaimFilter::default()
        })?
        .iter()
        .filter_map(Recorded::of_claim)
        .collect();
    let names = ledger.source_names()?;
    let mut out = Vec::new();
    for (i, c) in candidates.into_iter().enumerate() {
        let source = match &c.source {
            Some(name) => Some(match_source(ledger, &names, name)?),
            None => None,
        };
        let via = match &c.via {
            Some(name) => Some(match_source(ledger, &names, name)?),
            None => None,
        };
        // A spec the figure grammar refuses is the extractor's fault and is reported by
        // --accept; here it only means the proposal cannot be found recorded.
        let recorded = figures_to_record(&c).is_ok_and(|(figures, _)| {
            recorded.contains(&Recorded::of_proposal(&c.quote, &figures))
        });
        out.push(Proposal {
            number: i + 1,
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
                n: p.number,
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

/// Records the chosen proposals not yet recorded, with the attributions `--set` gave;
/// returns the new claim ids, the number skipped and notices for the user. A refusal
/// anywhere leaves the ledger as it was: the whole accept is one transaction.
fn accept(
    ledger: &mut dyn Ledger,
    article: &Article,
    args: &ExtractArgs,
    choice: &Choice,
    who: &str,
    now: &str,
) -> Result<(Vec<i64>, usize, Vec<String>)> {
    let proposals = propose(ledger, article, args)?;
    choice.check(article, proposals.len())?;
    for o in &choice.overrides {
        check_override_name(ledger, o, args.new_source)?;
    }
    let mut done: Vec<Recorded> = Vec::new();
    let mut recorded = Vec::new();
    let mut skipped = 0;
    let mut notices = Vec::new();
    for Proposal {
        number,
        candidate: c,
        source,
        via,
        recorded: already,
    } in proposals
    {
        if !choice.chosen(number) {
            continue;
        }
        let (figures, mut dropped) = figures_to_record(&c)?;
        // The same sentence with the same figures twice in one text is one claim.
        let key = Recorded::of_proposal(&c.quote, &figures);
        if already || done.contains(&key) {
            skipped += 1;
            continue;
        }
        notices.append(&mut dropped);
        let source_name = match (choice.override_of(number, Field::Source), source) {
            (Some(o), _) => o.name.clone(),
            (None, Some(Match::Known(s))) => s.name,
            (None, Some(Match::New(n))) => n,
            (None, Some(Match::Resembles(n, similar))) if !args.new_source => {
                return Err(user(format!(
                    "the text credits '{n}' (proposal {number}), which resembles {}; add it as an alias (`crosscheck source alias \"{}\" \"{n}\"`), credit another with --set {number}:source=NAME, or pass --new-source; nothing was recorded",
                    similar.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(" and "),
                    similar[0]
                )));
            }
            (None, Some(Match::Resembles(n, _))) => n,
            // Nobody credited: the article states it on its own authority.
            (None, None) => article
                .outlet
                .clone()
                .unwrap_or_else(|| "unattributed".to_string()),
        };
        let via_name = match (choice.override_of(number, Field::Via), via) {
            (Some(o), _) => Some(o.name.clone()),
            (None, Some(Match::Known(s))) => Some(s.name),
            (None, Some(Match::New(n) | Match::Resembles(n, _))) => Some(n),
            (None, None) => None,
        }
        .filter(|v| lookup_key(v) != lookup_key(&source_name));
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
        done.push(key);
    }
    Ok((recorded, skipped, notices))
}
