//! Extraction of casualty-figure claims from news text.
//!
//! crosscheck records who claimed which figure; typing those claims in by hand
//! is slow and error-prone, so this module proposes them from an article's
//! body: each [`Candidate`] is a sentence (or clause) with the figures it
//! states, the source it credits and the outlet that relayed it, with byte
//! offsets so the quote can be shown in context. It is deliberately
//! self-contained (text and language in, candidates out; no database) and
//! rule-based: every word it knows lives in `lexicon.rs`, one table set per
//! language, so it can be extended without touching the algorithm.
//!
//! Pipeline per sentence: tokenize (`tokens.rs`), find numbers and discard
//! dates, ages, money, names and the like (`numbers.rs`), decide what each
//! number counts (`figures.rs`), find who is credited (`attribution.rs`),
//! date the sentence against the publication (`dates.rs`), then group figures
//! by attribution into candidates (this file). Across sentences, this file
//! also carries credits: a sentence that only credits covers the uncredited
//! figures of the sentence before and after it, and a pronoun takes the last
//! named source. Each figure keeps the spans of the words that gave its
//! number, metric and qualifier, so that a proposal can explain itself.
//!
//! ```
//! use crosscheck::extract::{extract, Qualifier};
//! let c = extract("At least 13 people were killed, police said.", "en").unwrap();
//! assert_eq!(c[0].figures[0].spec, "killed>=13");
//! assert_eq!(c[0].figures[0].qualifier, Qualifier::AtLeast);
//! assert_eq!(c[0].source.as_deref(), Some("police"));
//! ```

mod attribution;
mod dates;
mod figures;
mod lexicon;
mod numbers;
mod tokens;

use chrono::NaiveDate;
use figures::Head;
use lexicon::{Lexicon, Negation, QualWord};
use numbers::{Mention, Value};
use std::fmt;
use std::ops::Range;
use tokens::{Kind, Token};

/// One claim: a sentence or clause with the figures it states and who it credits.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Exact text of the sentence or clause: `text[start..end] == quote`.
    pub quote: String,
    /// Byte offset of the quote in the input text.
    pub start: usize,
    /// Byte offset just past the quote.
    pub end: usize,
    /// Who the text credits, as written, without leading article; None when
    /// the text attributes the figures to nobody.
    pub source: Option<String>,
    /// The outlet that relayed the claim ("told Reuters" -> "Reuters").
    pub via: Option<String>,
    /// The figures stated in the quote, in text order.
    pub figures: Vec<Figure>,
    /// How sure the extractor is, 0.0..=1.0 (mean of its figures' evidence).
    pub confidence: f32,
    /// The day the figures are stated for, when the sentence dates them
    /// ("on Thursday", "gisteren", "am 19. Januar") and the publication date
    /// is known; None = as of publication.
    pub as_of: Option<NaiveDate>,
    /// Byte span of the words that gave `as_of`.
    pub date_span: Option<Range<usize>>,
    /// Byte span of the words that gave the source (the reporting verb or
    /// "according to" and the name), when one is credited.
    pub source_span: Option<Range<usize>>,
}

/// What the caller can ask of the extractor beyond text and language.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Also propose vague magnitudes ("hundreds", "tientallen", "Dutzende",
    /// "des centaines") as ranges; off by default since a desk cannot verify them.
    pub vague: bool,
    /// The article's publication date: dates in the text are resolved against it.
    pub published: Option<NaiveDate>,
}

/// One figure: a metric with an interval of values.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Dotted metric name: "killed", "killed.children", "injured", "crowd", ...
    pub metric: String,
    /// Lowest value the claim allows.
    pub low: u64,
    /// Highest value the claim allows; None = unbounded above.
    pub high: Option<u64>,
    /// How the text qualifies the number.
    pub qualifier: Qualifier,
    /// The figure in crosscheck's grammar: "killed>=13", "killed~20", "killed=24..99".
    pub spec: String,
    /// The number as written: "dertien", "1.200", "a dozen", "no".
    pub number_text: String,
    /// Byte offset of `number_text` in the input text.
    pub start: usize,
    /// Byte offset just past `number_text`.
    pub end: usize,
    /// Byte span of the words that gave the metric ("killed", "doden",
    /// "Verletzte"); None when it was inherited from an earlier figure.
    pub metric_span: Option<Range<usize>>,
    /// Byte span of the qualifier words ("at least", "zo'n"), if any.
    pub qualifier_span: Option<Range<usize>>,
}

/// How a number is qualified in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    /// Stated as is: "13 doden".
    Exact,
    /// "at least", "minstens": [v, inf).
    AtLeast,
    /// "more than", "ruim": [v+1, inf).
    MoreThan,
    /// "up to", "hooguit": [0, v].
    AtMost,
    /// "about", "zo'n": v ± 10% rounded outwards.
    Approx,
    /// An explicit ("20 to 30") or vague ("dozens") range.
    Range,
}

impl Qualifier {
    /// The qualifier's name as stored by crosscheck: "exact", "at_least", ...
    pub fn as_str(&self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::AtLeast => "at_least",
            Qualifier::MoreThan => "more_than",
            Qualifier::AtMost => "at_most",
            Qualifier::Approx => "approx",
            Qualifier::Range => "range",
        }
    }
}

/// Why extraction could not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtractError {
    /// The language tag's primary subtag has no lexicon.
    UnsupportedLanguage(String),
}

impl fmt::Display for ExtractError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExtractError::UnsupportedLanguage(l) => write!(
                f,
                "language '{l}' is not supported by the extractor (supported: en, nl, de, fr)"
            ),
        }
    }
}

impl std::error::Error for ExtractError {}

/// Extracts candidate figure claims from an article body.
///
/// `lang` is a BCP-47 tag; only its primary subtag matters ("nl-BE" = "nl").
/// Supported: `en`, `nl`, `de`, `fr`; anything else is [`ExtractError::UnsupportedLanguage`].
/// Never panics; returns candidates in text order, each with byte offsets
/// such that `text[c.start..c.end] == c.quote`.
pub fn extract(text: &str, lang: &str) -> Result<Vec<Candidate>, ExtractError> {
    extract_with(text, lang, &Options::default())
}

/// Like [`extract`], with [`Options`]: vague magnitudes on request, and dates
/// in the text resolved against the publication date.
pub fn extract_with(
    text: &str,
    lang: &str,
    opts: &Options,
) -> Result<Vec<Candidate>, ExtractError> {
    let lx = lexicon::tables_for(lang)
        .ok_or_else(|| ExtractError::UnsupportedLanguage(lang.to_string()))?;
    Ok(run(lx, text, opts))
}

/// (source, via) of a figure.
type Attribution = (Option<String>, Option<String>);

/// A figure before grouping into candidates.
struct Draft {
    mention: Range<usize>,
    base: &'static str,
    figure: Figure,
    /// Its metric was inherited from an earlier sentence ("Bij de slachtoffers ...").
    back_ref: bool,
    /// A group figure ("vier kinderen"): may refine the previous sentence's toll.
    breakdown: bool,
    negation: bool,
    evidence: f32,
    /// The number as stated (a range's lower end).
    stated: u64,
}

/// What one sentence hands to the next.
#[derive(Default)]
struct Carry {
    /// Last named (non-pronoun) source, for "he said", with its byte span.
    last_source: Option<(String, Option<String>, Range<usize>)>,
    /// Attribution of the previous sentence's figures, for breakdown sentences.
    prev_attr: Option<(Attribution, Option<Range<usize>>)>,
    /// Base metric of the previous sentence's last non-zero figure.
    prev_base: Option<&'static str>,
    /// Base metrics of all figures of the previous sentence.
    prev_bases: Vec<&'static str>,
    /// Base metric and stated number of every figure so far in the article,
    /// to tell a breakdown from a total and a mention from a new claim.
    seen: Vec<(&'static str, u64)>,
}

fn run(lx: &Lexicon, text: &str, opts: &Options) -> Vec<Candidate> {
    let toks = tokens::tokenize_with(text, lx.t.space_groups);
    let sents = tokens::sentences(
        &toks,
        |w| lx.abbreviations.has(w),
        |t| lx.month(t).is_some(),
    );
    let mut carry = Carry::default();
    let mut out = Vec::new();
    let mut blocked = vec![false; toks.len()];
    // Candidates of the previous sentence that no anchor credited, for a
    // credit in the sentence after ("Fifty dead. ... ”, the governor wrote.").
    let mut uncredited: Vec<usize> = Vec::new();
    let mut credit_only: Option<Credit> = None;
    // The named credit of the previous sentence, wherever it stood.
    let mut last_credit: Option<Credit> = None;
    // A quotation that runs over several sentences is credited where it
    // closes ("“... About 30 killed ... will never stop,” X wrote."): its
    // opening mark while open, and the uncredited candidates inside it.
    let mut quote: Option<&str> = None;
    let mut quoted: Vec<usize> = Vec::new();
    for sent in sents {
        let before = out.len();
        let credit = sentence(
            lx,
            opts,
            text,
            &toks,
            &sent,
            &mut blocked,
            &mut carry,
            &mut out,
        );
        let new_paragraph = toks[sent.start].newline_before;
        let produced = out.len() > before;
        if let Some(c) = &credit {
            if !new_paragraph {
                for &k in &uncredited {
                    credit_candidate(&mut out[k], c);
                }
            }
        }
        uncredited.clear();
        let credited = out[before..].iter().any(|c| c.source.is_some());
        if produced && !credited {
            let open: Vec<usize> = (before..out.len())
                .filter(|&k| out[k].source.is_none() && out[k].via.is_none())
                .collect();
            // A sentence that only credits ("This was reported by X, adding
            // that ...") also covers the figures of the sentence after it.
            // A quotation that goes on in the next sentence ("“… 154 dead,” the
            // official told AFP. “We also have 60 missing.”) keeps its speaker.
            let opens_quote = matches!(toks[sent.start].lower.as_str(), "“" | "\"" | "«" | "„");
            let speaker = last_credit.as_ref().filter(|_| opens_quote);
            match (credit_only.as_ref().or(speaker), new_paragraph) {
                (Some(c), false) => {
                    for &k in &open {
                        credit_candidate(&mut out[k], c);
                    }
                }
                _ => uncredited.extend(open),
            }
        }
        if new_paragraph {
            quote = None;
            quoted.clear();
        }
        let open_before = quote.is_some();
        let closed = quote_marks(&toks[sent.clone()], &mut quote);
        if open_before || quote.is_some() {
            quoted.extend(
                (before..out.len()).filter(|&k| out[k].source.is_none() && out[k].via.is_none()),
            );
        }
        if closed {
            if let Some(c) = &credit {
                for &k in &quoted {
                    if out[k].source.is_none() && out[k].via.is_none() {
                        credit_candidate(&mut out[k], c);
                    }
                }
            }
            quoted.clear();
        }
        credit_only = if produced { None } else { credit.clone() };
        last_credit = out[before..]
            .iter()
            .find(|c| c.source.is_some())
            .map(|c| ((c.source.clone(), c.via.clone()), c.source_span.clone()))
            .or_else(|| credit.clone());
    }
    out
}

/// Follows quotation marks through a sentence: `open` holds the mark of a
/// quotation still open. Returns true when a quotation open at the start of
/// the sentence, or opened in it, closes in it.
fn quote_marks<'t>(toks: &'t [Token], open: &mut Option<&'t str>) -> bool {
    let mut closed = false;
    for t in toks.iter().filter(|t| t.kind == Kind::Punct) {
        let m = t.lower.as_str();
        match (*open, m) {
            // German opens with „ and closes with “.
            (Some("„"), "“") | (Some("“"), "”") | (Some("«"), "»") | (Some("\""), "\"") =>
            {
                *open = None;
                closed = true;
            }
            (None, "“" | "„" | "«" | "\"") => *open = Some(m),
            _ => {}
        }
    }
    closed
}

/// Clause index of every token of the sentence: clauses are separated by
/// contrastive conjunctions ("while", "terwijl") and semicolons, which often
/// introduce a second source.
fn clauses(lx: &Lexicon, toks: &[Token], sent: &Range<usize>) -> Vec<usize> {
    let mut id = 0;
    toks[sent.clone()]
        .iter()
        .map(|t| {
            if lx.clause_breaks.has(&t.lower) {
                id += 1;
            }
            id
        })
        .collect()
}

fn distance(a: &Range<usize>, b: &Range<usize>) -> usize {
    if b.start >= a.end {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

fn interval(q: Qualifier, value: Value) -> (u64, Option<u64>, String) {
    match (q, value) {
        (_, Value::Range(lo, hi)) => (lo, Some(hi), format!("={lo}..{hi}")),
        (Qualifier::AtLeast, Value::Int(v)) => (v, None, format!(">={v}")),
        (Qualifier::MoreThan, Value::Int(v)) => (v.saturating_add(1), None, format!(">{v}")),
        (Qualifier::AtMost, Value::Int(v)) => (0, Some(v), format!("<={v}")),
        (Qualifier::Approx, Value::Int(v) | Value::Approx(v)) | (_, Value::Approx(v)) => {
            let d = v.div_ceil(10);
            (v - d, Some(v.saturating_add(d)), format!("~{v}"))
        }
        (_, Value::Int(v)) => (v, Some(v), format!("={v}")),
    }
}

fn qualify(m: &Mention) -> (Qualifier, Value) {
    match (m.value, m.qualifier) {
        (Value::Range(..), _) => (Qualifier::Range, m.value),
        (Value::Approx(_), _) => (Qualifier::Approx, m.value),
        (v, None) => (Qualifier::Exact, v),
        (v, Some(QualWord::AtLeast)) => (Qualifier::AtLeast, v),
        (v, Some(QualWord::MoreThan)) => (Qualifier::MoreThan, v),
        (v, Some(QualWord::AtMost)) => (Qualifier::AtMost, v),
        (v, Some(QualWord::Approx)) => (Qualifier::Approx, v),
        (Value::Int(v), Some(QualWord::LessThan)) => {
            (Qualifier::AtMost, Value::Int(v.saturating_sub(1)))
        }
    }
}

/// A named credit of a sentence: source, via and the byte span of the words.
type Credit = (Attribution, Option<Range<usize>>);

fn credit_candidate(c: &mut Candidate, credit: &Credit) {
    let ((source, via), span) = credit;
    c.source = source.clone();
    c.via = via.clone();
    c.source_span = span.clone();
    c.confidence = (c.confidence + 0.1).clamp(0.05, 1.0);
}

/// Proposes the figures of one sentence; returns its first named credit when
/// that credit stands before all of the sentence's figures.
#[allow(clippy::too_many_arguments)]
fn sentence(
    lx: &Lexicon,
    opts: &Options,
    text: &str,
    toks: &[Token],
    sent: &Range<usize>,
    blocked: &mut [bool],
    carry: &mut Carry,
    out: &mut Vec<Candidate>,
) -> Option<Credit> {
    let mentions = numbers::find(lx, toks, sent);
    let mut hits = figures::hits(lx, toks, sent);
    // A casualty word right after a number (one adjective may stand between)
    // belongs to that number.
    for h in &mut hits {
        h.owner = mentions
            .iter()
            .find(|m| {
                !m.yearish
                    && (m.toks.end == h.toks.start
                        || (m.toks.end + 1 == h.toks.start
                            && toks[m.toks.end].kind == Kind::Word
                            && (lx.adjectives.has(&toks[m.toks.end].lower)
                                || lx.persons.at(toks, m.toks.end, h.toks.start).is_some())))
            })
            .map(|m| m.toks.start);
    }
    let clause = clauses(lx, toks, sent);
    let clause_of = |i: usize| {
        clause
            .get(i.saturating_sub(sent.start))
            .copied()
            .unwrap_or(0)
    };

    let mut drafts: Vec<Draft> = Vec::new();
    // Whether the number before gave a figure: "compared to 193,000" counts
    // what the number it is compared with counts.
    let mut prev_counted = true;
    for m in &mentions {
        let lead = m.qualifier_toks.as_ref().map_or(m.toks.start, |q| q.start);
        let compared = lx.comparisons.ending_at(toks, sent.start, lead).is_some();
        if (m.vague && !opts.vague) || expected(lx, toks, sent, m) || (compared && !prev_counted) {
            prev_counted = false;
            continue;
        }
        let d = draft(lx, text, toks, sent, m, &hits, &drafts, carry, &clause_of);
        prev_counted = d.is_some();
        drafts.extend(d);
    }
    for m in &mentions {
        let from = m.qualifier_toks.as_ref().map_or(m.toks.start, |q| q.start);
        let to = m
            .qualifier_toks
            .as_ref()
            .map_or(m.toks.end, |q| q.end.max(m.toks.end));
        for b in blocked.iter_mut().take(to).skip(from) {
            *b = true;
        }
    }
    let anchors = attribution::find(lx, text, toks, sent, blocked);

    // Resolve pronoun anchors, then remember the last named source.
    let mut resolved: Vec<(Range<usize>, Attribution, Option<Range<usize>>)> = Vec::new();
    for a in &anchors {
        let own = byte_span(
            toks,
            &(a.pos.start.min(a.name.start)..a.pos.end.max(a.name.end)),
        );
        let (src, via, span) = if a.pronoun {
            match &carry.last_source {
                Some((s, v, at)) => (
                    Some(s.clone()),
                    a.via.clone().or_else(|| v.clone()),
                    Some(at.clone()),
                ),
                None => (None, a.via.clone(), None),
            }
        } else {
            (a.source.clone(), a.via.clone(), own.clone())
        };
        if !a.pronoun {
            if let (Some(s), Some(at)) = (&a.source, &own) {
                carry.last_source = Some((s.clone(), a.via.clone(), at.clone()));
            }
        }
        resolved.push((a.pos.clone(), (src, via), span));
    }

    let first = resolved.iter().find(|(_, (s, _), _)| s.is_some());
    // The credit may reach back to the sentence before when the sentence
    // states no figures, or when it closes a quotation and comes before
    // every figure of its own ("”, a écrit X, précisant que 98 ...").
    let leading = first.is_some_and(|(pos, _, _)| {
        let after_quote = (pos.start.saturating_sub(3).max(sent.start)..pos.start)
            .any(|k| matches!(toks[k].lower.as_str(), "”" | "»" | "\"" | "“"));
        drafts.is_empty() || (after_quote && drafts.iter().all(|d| d.mention.start > pos.start))
    });
    let credit = first
        .filter(|_| leading)
        .map(|(_, a, span)| (a.clone(), span.clone()));
    if drafts.is_empty() {
        carry.prev_attr = None;
        carry.prev_base = None;
        carry.prev_bases.clear();
        return credit;
    }

    // Credit each figure to the nearest anchor; crossing a clause costs extra.
    let mut attrs: Vec<(Attribution, Option<Range<usize>>)> = Vec::with_capacity(drafts.len());
    for d in drafts.iter_mut() {
        let best = resolved
            .iter()
            .zip(&anchors)
            // "where the police estimate is 6,000": such a credit looks forward.
            .filter(|((pos, _, _), anchor)| !anchor.forward || d.mention.start > pos.start)
            .min_by_key(|((pos, _, _), anchor)| {
                let mut penalty = if clause_of(pos.start) != clause_of(d.mention.start) {
                    12
                } else {
                    0
                };
                // A reporting verb nearby names the source more surely.
                if anchor.forward {
                    penalty += 4;
                }
                distance(&d.mention, pos) + penalty
            })
            .map(|((_, a, span), anchor)| {
                // "The WHO estimates that 460 ...": a number credited to an
                // estimate is approximate unless the text bounds it.
                let estimate = !anchor.forward
                    && toks[anchor.pos.clone()]
                        .iter()
                        .any(|t| lx.estimate_verbs.has(&t.lower));
                if estimate && d.figure.qualifier == Qualifier::Exact && !d.negation {
                    approximate(&mut d.figure, byte_span(toks, &anchor.pos));
                }
                (a.clone(), span.clone())
            });
        let attr = match best {
            Some(a) => a,
            // A breakdown sentence without attribution of its own ("Among the
            // dead were seven children.") is credited like the sentence it refines.
            None if !d.negation
                && (d.back_ref || (d.breakdown && carry.prev_bases.contains(&d.base))) =>
            {
                carry.prev_attr.clone().unwrap_or(((None, None), None))
            }
            None => ((None, None), None),
        };
        attrs.push(attr);
    }

    // Group figures by attribution; a single group quotes the whole sentence.
    let mut groups: Vec<(Attribution, Option<Range<usize>>, Vec<usize>)> = Vec::new();
    for (i, (a, span)) in attrs.iter().enumerate() {
        match groups.iter_mut().find(|(k, _, _)| k == a) {
            Some((_, _, v)) => v.push(i),
            None => groups.push((a.clone(), span.clone(), vec![i])),
        }
    }
    let whole = groups.len() == 1;
    let dated = opts
        .published
        .and_then(|p| dates::date_in(lx, toks, sent, p))
        .map(|(d, r)| (d, byte_span(toks, &r)));
    for ((source, via), source_span, idx) in groups {
        let span = if whole {
            sent.clone()
        } else {
            clause_span(
                sent,
                &clause_of,
                idx.iter().map(|&i| drafts[i].mention.clone()),
            )
        };
        let Some((start, end)) = trimmed_span(toks, &span) else {
            continue;
        };
        let Some(quote) = text.get(start..end) else {
            continue;
        };
        let has_source = source.is_some();
        let figs: Vec<Figure> = idx.iter().map(|&i| drafts[i].figure.clone()).collect();
        let ev: f32 =
            idx.iter().map(|&i| drafts[i].evidence).sum::<f32>() / idx.len().max(1) as f32;
        let confidence = (ev + if has_source { 0.15 } else { 0.0 }).clamp(0.05, 1.0);
        out.push(Candidate {
            quote: quote.to_string(),
            start,
            end,
            source,
            via,
            figures: figs,
            confidence,
            as_of: dated.as_ref().map(|(d, _)| *d),
            date_span: dated.as_ref().and_then(|(_, r)| r.clone()),
            source_span: if has_source { source_span } else { None },
        });
    }

    carry.prev_attr = attrs.last().cloned();
    carry.prev_base = drafts
        .iter()
        .rev()
        .find(|d| !d.negation)
        .map(|d| d.base)
        .or(carry.prev_base);
    carry.prev_bases = drafts
        .iter()
        .filter(|d| !d.negation)
        .map(|d| d.base)
        .collect();
    carry.seen.extend(
        drafts
            .iter()
            .filter(|d| !d.negation)
            .map(|d| (d.base, d.stated)),
    );
    credit
}

/// Turns an exact figure into an approximate one, the words at `span` being
/// what made it so.
fn approximate(f: &mut Figure, span: Option<Range<usize>>) {
    let (low, high, op) = interval(Qualifier::Approx, Value::Int(f.low));
    f.low = low;
    f.high = high;
    f.qualifier = Qualifier::Approx;
    f.spec = format!("{}{op}", f.metric);
    f.qualifier_span = span;
}

/// True when an expectation or projection stands within a few words of the
/// number: "rekende vooraf op zo'n 8.000", "25 000 participants étaient attendus".
fn expected(lx: &Lexicon, toks: &[Token], sent: &Range<usize>, m: &Mention) -> bool {
    const NEAR: usize = 5;
    let lead = m.qualifier_toks.as_ref().map_or(m.toks.start, |q| q.start);
    let before = (lead.saturating_sub(NEAR).max(sent.start)..=lead)
        .any(|e| lx.expectations.ending_at(toks, sent.start, e).is_some());
    let after = (m.toks.end..(m.toks.end + NEAR).min(sent.end))
        .any(|i| lx.expectations.at(toks, i, sent.end).is_some());
    before || after
}

/// Token span covering every clause that holds one of the given figures.
fn clause_span(
    sent: &Range<usize>,
    clause_of: &dyn Fn(usize) -> usize,
    ms: impl Iterator<Item = Range<usize>>,
) -> Range<usize> {
    let ids: Vec<usize> = ms.map(|m| clause_of(m.start)).collect();
    let (lo, hi) = (
        ids.iter().copied().min().unwrap_or(0),
        ids.iter().copied().max().unwrap_or(0),
    );
    let start = (sent.start..sent.end)
        .find(|&i| clause_of(i) >= lo)
        .unwrap_or(sent.start);
    let end = (sent.start..sent.end)
        .rev()
        .find(|&i| clause_of(i) <= hi)
        .map_or(sent.end, |i| i + 1);
    start..end
}

/// Byte span of a token range.
fn byte_span(toks: &[Token], r: &Range<usize>) -> Option<Range<usize>> {
    let (a, b) = (toks.get(r.start)?, toks.get(r.end.checked_sub(1)?)?);
    (r.start < r.end).then_some(a.start..b.end)
}

/// Byte span of the tokens, without separating punctuation at either edge.
fn trimmed_span(toks: &[Token], r: &Range<usize>) -> Option<(usize, usize)> {
    let sep = |t: &Token| t.kind == Kind::Punct && matches!(t.lower.as_str(), "," | ";" | ":");
    let mut a = r.start;
    let mut b = r.end;
    while a < b && sep(&toks[a]) {
        a += 1;
    }
    while b > a && sep(&toks[b - 1]) {
        b -= 1;
    }
    (a < b).then(|| (toks[a].start, toks[b - 1].end))
}

/// The casualty word that tells what a number counts, by preference:
/// one right before it ("killing 11", "wounding at least 20"), else the first
/// one after it in the same clause ("13 people were killed", "twee mensen
/// worden vermist"), else the nearest one anywhere in the sentence within
/// `limit` tokens (which may be a referent such as "slachtoffers").
#[allow(clippy::too_many_arguments)]
fn context_hit<'h>(
    lx: &Lexicon,
    toks: &[Token],
    m: &Mention,
    hits: &'h [figures::Hit],
    clause_of: &dyn Fn(usize) -> usize,
    limit: usize,
    skip: Option<usize>,
    strict: bool,
) -> Option<(usize, &'h figures::Hit)> {
    let usable = |h: &&figures::Hit| {
        Some(h.toks.start) != skip
            && (h.toks.end <= m.toks.start || h.toks.start >= m.toks.end)
            && (!h.attributive || h.owner == Some(m.toks.start))
    };
    let own = |h: &&figures::Hit| h.owner.is_none_or(|o| o == m.toks.start);
    let before = hits
        .iter()
        .filter(usable)
        .filter(|h| h.metric.is_some())
        .find(|h| {
            if h.toks.end > m.toks.start {
                return false;
            }
            let gap = m.toks.start - h.toks.end;
            gap == 0
                || lx
                    .qualifiers
                    .ending_at(toks, h.toks.end, m.toks.start)
                    .is_some_and(|(n, _)| n == gap)
        });
    if let Some(h) = before {
        return Some((m.toks.start - h.toks.end, h));
    }
    let after = hits.iter().filter(usable).filter(own).find(|h| {
        h.metric.is_some()
            && h.toks.start >= m.toks.end
            && clause_of(h.toks.start) == clause_of(m.toks.start)
            && h.toks.start - m.toks.end <= limit
    });
    if let Some(h) = after {
        return Some((h.toks.start - m.toks.end, h));
    }
    if strict {
        return None;
    }
    hits.iter()
        .filter(usable)
        .map(|h| {
            let penalty = if clause_of(h.toks.start) != clause_of(m.toks.start) {
                10
            } else {
                0
            };
            (distance(&m.toks, &h.toks) + penalty, h)
        })
        .filter(|(d, _)| *d <= limit)
        // A word that is another number's own noun is the last resort.
        .min_by_key(|(d, h)| (!own(h), *d, h.toks.start < m.toks.start))
}

/// The nationality that names a breakdown after a number: a word of the
/// language's nationality table right after it, or after one person,
/// casualty or adjective word ("41 Jordaniërs", "35 gestorven Tunesiërs",
/// "323 pèlerins égyptiens"); in English also a capitalised plural noun (one
/// to three words) closing the phrase: "Welsh Farmers" -> "welsh_farmers".
fn demonym_at(lx: &Lexicon, toks: &[Token], i: usize, end: usize) -> Option<String> {
    let listed = |k: usize| lx.demonyms.at(toks, k, end).map(|(_, d)| d.to_string());
    if let Some(d) = listed(i) {
        return Some(d);
    }
    let skippable = toks.get(i).is_some_and(|t| {
        i + 1 < end
            && t.kind == Kind::Word
            && (lx.persons.at(toks, i, i + 1).is_some()
                || lx.metrics.at(toks, i, i + 1).is_some()
                || lx.adjectives.has(&t.lower))
    });
    if skippable {
        if let Some(d) = listed(i + 1) {
            return Some(d);
        }
    }
    if !lx.t.demonym_breakdowns {
        return None;
    }
    let mut k = i;
    while k < end && k - i < 3 && toks[k].kind == Kind::Word && toks[k].upper_initial {
        k += 1;
    }
    let last = toks.get(k.checked_sub(1)?).filter(|_| k > i)?;
    let closes = toks
        .get(k)
        .is_none_or(|n| k >= end || n.kind != Kind::Word || !n.upper_initial);
    let plural = last.lower.ends_with('s') && !last.acronym && last.lower.len() > 3;
    let known = lx.persons.at(toks, i, k).is_some() || lx.groups.at(toks, i, k).is_some();
    let name: Vec<String> = toks[i..k].iter().map(|t| t.lower.clone()).collect();
    let ascii = name
        .iter()
        .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()));
    let ok = closes && plural && !known && ascii;
    ok.then(|| name.join("_"))
}

/// The toll a number is linked to by "rose to", "staat op", "auf ... gestiegen":
/// the nearest casualty word before it in its clause.
fn toll_hit<'h>(
    lx: &Lexicon,
    toks: &[Token],
    sent: &Range<usize>,
    m: &Mention,
    hits: &'h [figures::Hit],
    clause_of: &dyn Fn(usize) -> usize,
) -> Option<&'h figures::Hit> {
    let lead = m.qualifier_toks.as_ref().map_or(m.toks.start, |q| q.start);
    lx.toll_links.ending_at(toks, sent.start, lead)?;
    hits.iter()
        .rev()
        .find(|h| h.toks.end <= lead && clause_of(h.toks.start) == clause_of(m.toks.start))
}

/// Turns a number into a figure, or None when nothing says what it counts.
#[allow(clippy::too_many_arguments)]
fn draft(
    lx: &Lexicon,
    text: &str,
    toks: &[Token],
    sent: &Range<usize>,
    m: &Mention,
    hits: &[figures::Hit],
    earlier: &[Draft],
    carry: &Carry,
    clause_of: &dyn Fn(usize) -> usize,
) -> Option<Draft> {
    let vague = matches!(m.value, Value::Range(..));
    let mut head = figures::head(lx, toks, m.toks.end, sent.end, vague);
    let nounish = matches!(head, Head::Metric(_) | Head::Group(_) | Head::Person);
    if (m.yearish || m.bare_one || m.negation == Some(Negation::NeedsNoun)) && !nounish {
        return None;
    }
    let limit = if m.negation.is_some() { 8 } else { 20 };
    // "Tientallen betogers zijn aangehouden": a crowd noun is only people
    // when another casualty word says what happened to them.
    let mut skip = None;
    if head == Head::Metric("crowd") {
        let own = hits
            .iter()
            .find(|h| h.toks.start >= m.toks.end)
            .map(|h| h.toks.start);
        if let Some((_, h)) = context_hit(lx, toks, m, hits, clause_of, limit, own, true) {
            if h.metric.is_some_and(|x| x != "crowd") {
                head = Head::Person;
                skip = own;
            }
        }
    }
    let head_was_person = head == Head::Person;
    let stated = match m.value {
        Value::Int(v) | Value::Approx(v) | Value::Range(v, _) => v,
    };
    let head_was_metric = matches!(head, Head::Metric(_));
    let mut evidence = 0.55;
    let prev_in_sentence = earlier.iter().rev().find(|d| !d.negation);
    // Base metric from an earlier figure: this sentence first, then the previous one.
    let inherit = || -> (&'static str, bool) {
        match prev_in_sentence {
            Some(d) => (d.base, d.back_ref),
            None => (carry.prev_base.unwrap_or("killed"), true),
        }
    };
    // The words that gave the metric, for the proposal's explanation.
    let mut metric_toks: Option<Range<usize>> = None;
    // "het dodental op 645 staat", "opgelopen tot boven de 7.000": in a
    // verb-final clause, a lower-case word after a linked number is the verb;
    // in English an adverb ("put attendance at 1.6 million collectively").
    let linked_verb = head == Head::Other
        && toks.get(m.toks.end).is_some_and(|t| {
            !t.upper_initial
                && t.kind == Kind::Word
                && (lx.t.verb_second || t.lower.ends_with("ly"))
        })
        && toll_hit(lx, toks, sent, m, hits, clause_of).is_some();
    if linked_verb {
        head = Head::Bare;
    }
    // "812 blessés dont 97 sont dans un état critique": a number after
    // "dont"/"among them" is part of the figure just before it.
    let lead = m.qualifier_toks.as_ref().map_or(m.toks.start, |q| q.start);
    let part_of_previous = matches!(head, Head::Bare | Head::Person | Head::Group(_))
        && m.negation.is_none()
        && prev_in_sentence.is_some_and(|d| d.mention.end < lead)
        && (lx.referents.ending_at(toks, sent.start, lead).is_some()
            || lead > sent.start && toks[lead - 1].lower == "including");
    if part_of_previous {
        // A group keeps its name and takes the previous figure's metric
        // ("329 blessés, dont 51 grièvement" -> injured.serious).
        head = match head {
            Head::Group(g) => Head::Partitive(Some(g)),
            // "dont 9 sont dans un état critique": the group may come later.
            _ => match figures::later_group(lx, toks, m.toks.end, sent.end) {
                Some(g) => Head::Partitive(Some(g)),
                None => Head::Referent,
            },
        };
    }
    let (base, group, back_ref): (&'static str, Option<&'static str>, bool) = match head {
        Head::Other => return None,
        Head::Metric(met) => {
            evidence += 0.25;
            metric_toks = hits
                .iter()
                .find(|h| {
                    h.metric == Some(met)
                        && h.toks.start >= m.toks.end
                        && h.toks.start <= m.toks.end + 2
                })
                .map(|h| h.toks.clone());
            (met, None, false)
        }
        Head::Partitive(g) => {
            // "four of whom were taken to hospital": a part with neither a
            // group nor a casualty word of its own is no figure.
            let own = context_hit(lx, toks, m, hits, clause_of, 8, skip, true)
                .filter(|(_, h)| h.toks.start > m.toks.start)
                .and_then(|(_, h)| h.metric);
            match (g, own) {
                (Some(_), _) => {
                    let (b, r) = inherit();
                    (b, g, r)
                }
                (None, Some(met)) => (met, None, false),
                (None, None) => return None,
            }
        }
        // "at least 90 of the 2,000 injured are in critical condition": the
        // whole's casualty word, the part's group; a part with no group of
        // its own is no figure.
        Head::PartOf(g) => {
            let g = g?;
            let (_, h) = context_hit(lx, toks, m, hits, clause_of, 12, skip, true)
                .filter(|(_, h)| h.toks.start > m.toks.start)?;
            metric_toks = Some(h.toks.clone());
            (h.metric?, Some(g), false)
        }
        Head::Referent => {
            let (b, r) = inherit();
            (b, None, r)
        }
        Head::Person | Head::Bare if toll_hit(lx, toks, sent, m, hits, clause_of).is_some() => {
            let h = toll_hit(lx, toks, sent, m, hits, clause_of)?;
            metric_toks = Some(h.toks.clone());
            evidence += 0.15;
            match h.metric {
                Some(met) => (met, None, false),
                // "het aantal staat op 645": the number of what was counted before.
                None => {
                    let (b, r) = inherit();
                    (b, None, r)
                }
            }
        }
        Head::Group(_) | Head::Person | Head::Bare => {
            let group = match head {
                Head::Group(g) => Some(g),
                _ => None,
            };
            match context_hit(lx, toks, m, hits, clause_of, limit, skip, false) {
                Some((d, h)) => {
                    if d <= 3 {
                        evidence += 0.15;
                    }
                    match h.metric {
                        Some(met) => {
                            metric_toks = Some(h.toks.clone());
                            (met, group, false)
                        }
                        None => {
                            let (b, r) = inherit();
                            (b, group, r)
                        }
                    }
                }
                // "750 aboard. ... there were also a hundred children": a
                // group right after a count breaks that count down.
                None if group.is_some()
                    && m.negation.is_none()
                    && (prev_in_sentence.is_some()
                        || (carry.prev_base.is_some_and(|b| {
                            b != "crowd" && carry.seen.iter().any(|&(s, v)| s == b && v > stated)
                        }) && toks[sent.clone()]
                            .iter()
                            .any(|t| lx.additive.has(&t.lower)))) =>
                {
                    let (b, r) = inherit();
                    (b, group, r)
                }
                // "290 morts dans la province A, 190 dans la province B": a
                // list item whose noun is left out counts what the first did.
                None if head == Head::Bare
                    && m.negation.is_none()
                    && prev_in_sentence.is_some_and(|d| !d.back_ref)
                    && m.toks.start > sent.start
                    && matches!(
                        toks[m.toks.start - 1].lower.as_str(),
                        "," | "and" | "en" | "und" | "et"
                    ) =>
                {
                    let (b, r) = inherit();
                    (b, group, r)
                }
                // "according to the organisers there were at least 30,000
                // people": people counted by who counts gatherings.
                None if head_was_person
                    && m.negation.is_none()
                    && toks[sent.clone()]
                        .iter()
                        .any(|t| lx.crowd_counters.has(&t.lower)) =>
                {
                    ("crowd", None, false)
                }
                None => return None,
            }
        }
    };
    if back_ref {
        evidence -= 0.15;
    }
    if matches!(m.value, Value::Range(..)) {
        evidence -= 0.05;
    }
    // "At least 60 Jordanians also died", "nine Nepalis and four foreigners":
    // where the text breaks a count down, a capitalised plural after the
    // number (a nationality or community) is the breakdown.
    // A breakdown is smaller than a total of the same kind stated earlier in
    // the article, however far back ("550 died ... At least 60 Jordanians
    // also died").
    let in_breakdown = prev_in_sentence.is_some()
        || !carry.prev_bases.is_empty()
        || carry.seen.iter().any(|&(b, v)| b == base && v > stated);
    let demonym = if group.is_some() || m.negation.is_some() {
        None
    } else if head == Head::Partitive(None) {
        // "31 of those who died were Bolivians": the part is named after a copula.
        (m.toks.end..sent.end)
            .take_while(|&k| clause_of(k) == clause_of(m.toks.start))
            .filter(|&k| k > 0 && lx.copulas.has(&toks[k - 1].lower))
            .find_map(|k| demonym_at(lx, toks, k, sent.end))
    } else if head_was_person || head_was_metric {
        // A nationality the tables know breaks down any earlier count of the
        // same kind; a capitalised plural of unknown meaning needs a larger one.
        let listed = carry.seen.iter().any(|&(b, _)| b == base);
        demonym_at(lx, toks, m.toks.end, sent.end)
            .filter(|d| in_breakdown || (listed && lx.demonyms_named(d)))
    } else {
        None
    };
    let metric = match (group, &demonym) {
        (Some(g), _) => format!("{base}.{g}"),
        (None, Some(d)) => format!("{base}.{d}"),
        (None, None) => base.to_string(),
    };
    // "nobody on board", "niemand aan boord": a zero is only claimed of harm.
    let harm = matches!(
        base,
        "killed" | "injured" | "missing" | "arrested" | "casualties" | "bodies" | "displaced"
    );
    if m.negation.is_some() && !harm {
        return None;
    }
    let (qualifier, value) = if m.negation.is_some() {
        (Qualifier::Exact, Value::Int(0))
    } else {
        qualify(m)
    };
    // "the figure of 400 missing", "the claims about 400 missing": a number
    // named by a report noun that repeats a figure stated earlier in the
    // article refers back to it and claims nothing new.
    let named = (lead.saturating_sub(2).max(sent.start)..lead).any(|k| {
        lx.report_nouns.has(&toks[k].lower)
            && (k + 1..lead).all(|j| lx.prepositions.has(&toks[j].lower))
    });
    if named && carry.seen.contains(&(base, stated)) {
        return None;
    }
    let (low, high, op) = interval(qualifier, value);
    // No casualty or crowd count comes near 10^15; a longer digit string is an id, a
    // phone number or noise, and the ledger would refuse it.
    if low.max(high.unwrap_or(0)) > crate::model::figure::MAX_VALUE as u64 {
        return None;
    }
    let start = toks[m.toks.start].start;
    let end = toks[m.toks.end - 1].end;
    let number_text = text.get(start..end)?.to_string();
    Some(Draft {
        mention: m.toks.clone(),
        base,
        figure: Figure {
            spec: format!("{metric}{op}"),
            metric,
            low,
            high,
            qualifier,
            number_text,
            start,
            end,
            metric_span: metric_toks.and_then(|r| byte_span(toks, &r)),
            qualifier_span: m.qualifier_toks.as_ref().and_then(|r| byte_span(toks, r)),
        },
        back_ref,
        breakdown: (group.is_some() || demonym.is_some()) && m.negation.is_none(),
        negation: m.negation.is_some(),
        evidence,
        stated,
    })
}

#[cfg(test)]
mod tests;
