//! Reading other fact-checkers' ClaimReview JSON-LD: a document (one review, an array of
//! them, or a page's `@graph`) becomes a list of [`Review`]s, each with the crosscheck
//! verdict its rating stands for. It lives beside the writer so that the two directions
//! of the rating mapping are kept, and tested, together: what `report --format
//! claimreview` writes reads back as the same verdict. Pure: it touches no ledger;
//! `import` records the reviews.

use std::io::{BufRead, BufReader, Read};

use anyhow::{Context, Result};
use serde_json::Value;

use crate::clock;
use crate::error::user;
use crate::model::names::hidden_character;
use crate::model::{is_single_line, is_url, is_valid_language, SourceKind, Status};

/// One review as read, ready to be recorded: the claim, who made it and where it
/// appeared, and the verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    /// The claim's text (claimReviewed).
    pub claimed: String,
    /// The rating: the verdict it stands for, as written, and whether it mapped.
    pub rating: Rating,
    /// The fact-checker (the review's author).
    pub reviewer: String,
    /// The review's address, when given.
    pub url: Option<String>,
    /// When the review was published, as written.
    pub date: Option<String>,
    /// Who made the claim: the reviewed item's author, or "unattributed".
    pub source_name: String,
    /// What kind of source that is.
    pub source_kind: SourceKind,
    /// The address of the article the claim appeared in (or of the review).
    pub article_url: Option<String>,
    /// The article's headline, or its address, or a name made from the reviewer.
    pub article_title: String,
    /// The article's publisher.
    pub outlet: Option<String>,
    /// The review's language.
    pub lang: Option<String>,
    /// When the article was published (RFC 3339), when a date is given and readable.
    pub published: Option<String>,
    /// When the claim was made (RFC 3339): the reviewed item's date, else the article's.
    pub as_of: Option<String>,
}

/// The most one ClaimReview document may hold: some 100,000 reviews, far more than
/// any fact-checker's feed, and a bound on the memory an endless input costs.
pub const MAX_DOCUMENT_BYTES: u64 = 16 * 1024 * 1024;

/// Reads every ClaimReview in `input` (named `file` in messages), handing each to `each`
/// in document order, and returns how many there were. A document that is not JSON,
/// holds no ClaimReview, or has a review without a claim is refused whole, naming the
/// review (the caller's transaction undoes what `each` did before); a rating that maps
/// to no verdict is read as unverifiable (see [`read_rating`]).
///
/// The document (at most [`MAX_DOCUMENT_BYTES`]) is parsed as it is read, and the reviews
/// of a top-level array one element at a time, each handed on before the next is read:
/// memory holds one review's JSON tree, not the document and 100,000 trees (which took
/// some 300 MB).
pub fn read(
    input: impl Read,
    file: &str,
    each: &mut dyn FnMut(Review) -> Result<()>,
) -> Result<u64> {
    // Parsed as it is read, never held whole: the limit is kept by the `Take`, whose
    // exhaustion tells an overlong document from a truncated one.
    let mut input = BufReader::new(input.take(MAX_DOCUMENT_BYTES + 1));
    // A byte-order mark, which some editors on Windows write, is not part of the JSON.
    let head = input
        .fill_buf()
        .with_context(|| format!("cannot read {file}"))?;
    if head.starts_with("\u{feff}".as_bytes()) {
        input.consume(3);
    }
    let mut sink = Sink {
        file,
        count: 0,
        each,
        failed: None,
    };
    let mut parser = serde_json::Deserializer::from_reader(&mut input);
    let parsed =
        serde::de::DeserializeSeed::deserialize(&mut sink, &mut parser).and_then(|()| parser.end());
    if input.get_ref().limit() == 0 {
        return Err(user(format!(
            "{file} is longer than {} MB, the most one ClaimReview document may hold; split its reviews over several files; nothing was imported",
            MAX_DOCUMENT_BYTES / (1024 * 1024)
        )));
    }
    if let Some(err) = sink.failed.take() {
        return Err(err);
    }
    parsed.map_err(|e| {
        if e.is_io() {
            anyhow::Error::new(e).context(format!("cannot read {file}"))
        } else {
            user(format!(
                "{file} line {}, column {}: {e}; nothing was imported",
                e.line(),
                e.column()
            ))
        }
    })?;
    if sink.count == 0 {
        return Err(user(format!(
            "{file} holds no ClaimReview (an object with \"@type\": \"ClaimReview\", alone, in an array or in an @graph)"
        )));
    }
    Ok(sink.count)
}

/// Where the parser hands a document's top-level values, one at a time: each is searched
/// for reviews, which are read and handed on before the next value is parsed.
struct Sink<'a> {
    file: &'a str,
    count: u64,
    each: &'a mut dyn FnMut(Review) -> Result<()>,
    /// The first review refused, or the first failure of `each`: the parser is stopped
    /// with a placeholder error and this one is reported instead.
    failed: Option<anyhow::Error>,
}

impl Sink<'_> {
    fn take<E: serde::de::Error>(&mut self, value: &Value) -> Result<(), E> {
        let mut found = Vec::new();
        collect_reviews(value, &mut found);
        for review in found {
            self.count += 1;
            let place = format!("{}: ClaimReview {}", self.file, self.count);
            if let Err(err) = review_of(review, &place).and_then(|r| (self.each)(r)) {
                self.failed = Some(err);
                return Err(E::custom("stopped"));
            }
        }
        Ok(())
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for &mut Sink<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, parser: D) -> Result<(), D::Error> {
        parser.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for &mut Sink<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a ClaimReview, an array of them, or a page with an @graph")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        while let Some(item) = items.next_element::<Value>()? {
            self.take(&item)?;
        }
        Ok(())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        use serde::Deserialize;
        let value = Value::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        self.take(&value)
    }
}

fn review_of(review: &Value, place: &str) -> Result<Review> {
    let mut read = review_fields(review, place)?;
    held_to_the_ledgers_rules(&mut read, place)?;
    Ok(read)
}

/// A review's names, titles and addresses as the commands would take them, so that what
/// is imported from a feed exports and imports again: line breaks and runs of blanks in a
/// name or headline (common in pages' JSON-LD) read as one space; another control
/// character, an invisible one in the claimant's name, or an address that is no URL
/// refuses the file; a language that is no BCP-47 tag ("English") is left out.
fn held_to_the_ledgers_rules(review: &mut Review, place: &str) -> Result<()> {
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    review.source_name = one_line(&review.source_name);
    review.article_title = one_line(&review.article_title);
    review.outlet = review.outlet.as_deref().map(one_line);
    for (what, text) in [
        ("the claimant's name", Some(&review.source_name)),
        ("the article's headline", Some(&review.article_title)),
        ("the publisher's name", review.outlet.as_ref()),
    ] {
        if let Some(text) = text.filter(|t| !is_single_line(t)) {
            return Err(user(format!(
                "{place}: {what} {text:?} contains a control character; nothing was imported"
            )));
        }
    }
    if let Some(c) = hidden_character(&review.source_name) {
        return Err(user(format!(
            "{place}: the claimant's name {:?} contains the invisible character U+{:04X}; remove it and import again; nothing was imported",
            review.source_name, c as u32
        )));
    }
    for url in [&review.url, &review.article_url].into_iter().flatten() {
        if !is_url(url) {
            return Err(user(format!(
                "{place}: {url:?} is not a URL (a scheme such as https:, then no blanks); nothing was imported"
            )));
        }
    }
    if review
        .lang
        .as_deref()
        .is_some_and(|l| !is_valid_language(l))
    {
        review.lang = None;
    }
    Ok(())
}

fn review_fields(review: &Value, place: &str) -> Result<Review> {
    let claimed = text_of(review, "claimReviewed").ok_or_else(|| {
        user(format!(
            "{place}: claimReviewed is missing; nothing was imported"
        ))
    })?;
    let rating = read_rating(review.get("reviewRating").and_then(first));
    let reviewer = review
        .get("author")
        .and_then(first)
        .and_then(|a| text_of(a, "name"))
        .unwrap_or("an unnamed fact-checker");
    let url = text_of(review, "url");
    let item = review.get("itemReviewed").and_then(first);
    let author = item.and_then(|i| i.get("author")).and_then(first);
    let (source_name, source_kind) = match author.and_then(|a| text_of(a, "name")) {
        Some(name) => (
            name.to_string(),
            if author.is_some_and(|a| is_type(a, "Person")) {
                SourceKind::Person
            } else {
                SourceKind::Other
            },
        ),
        None => ("unattributed".to_string(), SourceKind::Anonymous),
    };
    let appearance = item
        .and_then(|i| i.get("appearance").or_else(|| i.get("firstAppearance")))
        .and_then(first);
    let article_url = appearance
        .and_then(|a| text_of(a, "url"))
        .or(url)
        .map(str::to_string);
    let article_title = appearance
        .and_then(|a| text_of(a, "headline").or_else(|| text_of(a, "name")))
        .map(str::to_string)
        .or_else(|| article_url.clone())
        .unwrap_or_else(|| format!("ClaimReview by {reviewer}"));
    let item_date = item.and_then(|i| text_of(i, "datePublished"));
    let published = appearance
        .and_then(|a| text_of(a, "datePublished"))
        .or(item_date)
        .and_then(|d| clock::parse_when(d).ok());
    let as_of = item_date
        .and_then(|d| clock::parse_when(d).ok())
        .or_else(|| published.clone());
    Ok(Review {
        claimed: claimed.to_string(),
        rating,
        reviewer: reviewer.to_string(),
        url: url.map(str::to_string),
        date: text_of(review, "datePublished").map(str::to_string),
        source_name,
        source_kind,
        article_url,
        article_title,
        outlet: appearance
            .and_then(|a| a.get("publisher"))
            .and_then(first)
            .and_then(|p| text_of(p, "name"))
            .map(str::to_string),
        lang: text_of(review, "inLanguage").map(str::to_string),
        published,
        as_of,
    })
}

/// A rating as read: the verdict it stands for, the rating as the fact-checker wrote it,
/// and, when crosscheck could not map it, why (the verdict is then unverifiable).
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    /// The verdict to record.
    pub verdict: Status,
    /// The rating's own words and number, as written ("Not true", "2 of 1–5",
    /// "Faux (1 of 1–5)"); `None` when the review has no rating.
    pub text: Option<String>,
    /// Why the rating maps to no verdict, when it does not: the claim is then recorded
    /// as unverifiable, never with a verdict the fact-checker may not have meant.
    pub unmapped: Option<String>,
}

/// The rating words of fact-checkers in English, Dutch, German, French and Spanish and
/// the verdict each stands for, written as [`rating_key`] reduces a name (lowercase,
/// punctuation and dashes as spaces). A name is looked up whole, never by a word inside
/// it, so "Not true" is not taken for "True". Listed in the README (ClaimReview ratings);
/// a test keeps the two in step.
pub const RATING_WORDS: &[(&str, Status)] = &[
    // verified
    ("true", Status::Verified),
    ("correct", Status::Verified),
    ("accurate", Status::Verified),
    ("verified", Status::Verified),
    ("confirmed", Status::Verified),
    ("waar", Status::Verified),
    ("juist", Status::Verified),
    ("klopt", Status::Verified),
    ("wahr", Status::Verified),
    ("richtig", Status::Verified),
    ("korrekt", Status::Verified),
    ("stimmt", Status::Verified),
    ("vrai", Status::Verified),
    ("exact", Status::Verified),
    ("verdadero", Status::Verified),
    ("verdadera", Status::Verified),
    ("cierto", Status::Verified),
    ("correcto", Status::Verified),
    // false
    ("false", Status::False),
    ("mostly false", Status::False),
    ("barely true", Status::False),
    ("not true", Status::False),
    ("untrue", Status::False),
    ("incorrect", Status::False),
    ("not correct", Status::False),
    ("inaccurate", Status::False),
    ("not accurate", Status::False),
    ("wrong", Status::False),
    ("fake", Status::False),
    ("hoax", Status::False),
    ("fabricated", Status::False),
    ("pants on fire", Status::False),
    ("four pinocchios", Status::False),
    ("onwaar", Status::False),
    ("niet waar", Status::False),
    ("grotendeels onwaar", Status::False),
    ("onjuist", Status::False),
    ("niet juist", Status::False),
    ("klopt niet", Status::False),
    ("nep", Status::False),
    ("falsch", Status::False),
    ("unwahr", Status::False),
    ("nicht wahr", Status::False),
    ("größtenteils falsch", Status::False),
    ("stimmt nicht", Status::False),
    ("frei erfunden", Status::False),
    ("faux", Status::False),
    ("fausse", Status::False),
    ("plutôt faux", Status::False),
    ("pas vrai", Status::False),
    ("inexact", Status::False),
    ("falso", Status::False),
    ("falsa", Status::False),
    ("mayormente falso", Status::False),
    ("no es cierto", Status::False),
    ("incorrecto", Status::False),
    ("inexacto", Status::False),
    ("bulo", Status::False),
    // misleading
    ("misleading", Status::Misleading),
    ("half true", Status::Misleading),
    ("mostly true", Status::Misleading),
    ("partly true", Status::Misleading),
    ("partly false", Status::Misleading),
    ("partially true", Status::Misleading),
    ("partially false", Status::Misleading),
    ("missing context", Status::Misleading),
    ("lacks context", Status::Misleading),
    ("needs context", Status::Misleading),
    ("out of context", Status::Misleading),
    ("exaggerated", Status::Misleading),
    ("distorted", Status::Misleading),
    ("manipulated", Status::Misleading),
    ("altered", Status::Misleading),
    ("three pinocchios", Status::Misleading),
    ("two pinocchios", Status::Misleading),
    ("one pinocchio", Status::Misleading),
    ("misleidend", Status::Misleading),
    ("half waar", Status::Misleading),
    ("deels waar", Status::Misleading),
    ("gedeeltelijk waar", Status::Misleading),
    ("grotendeels waar", Status::Misleading),
    ("klopt deels", Status::Misleading),
    ("context ontbreekt", Status::Misleading),
    ("irreführend", Status::Misleading),
    ("halb wahr", Status::Misleading),
    ("teilweise wahr", Status::Misleading),
    ("teilweise falsch", Status::Misleading),
    ("fehlender kontext", Status::Misleading),
    ("trompeur", Status::Misleading),
    ("trompeuse", Status::Misleading),
    ("à moitié vrai", Status::Misleading),
    ("plutôt vrai", Status::Misleading),
    ("partiellement vrai", Status::Misleading),
    ("partiellement faux", Status::Misleading),
    ("manque de contexte", Status::Misleading),
    ("exagéré", Status::Misleading),
    ("engañoso", Status::Misleading),
    ("engañosa", Status::Misleading),
    ("medio verdadero", Status::Misleading),
    ("parcialmente verdadero", Status::Misleading),
    ("parcialmente falso", Status::Misleading),
    ("mayormente verdadero", Status::Misleading),
    ("falta contexto", Status::Misleading),
    ("sin contexto", Status::Misleading),
    ("exagerado", Status::Misleading),
    ("impreciso", Status::Misleading),
    // disputed
    ("disputed", Status::Disputed),
    ("contested", Status::Disputed),
    ("mixed", Status::Disputed),
    ("mixture", Status::Disputed),
    ("omstreden", Status::Disputed),
    ("betwist", Status::Disputed),
    ("umstritten", Status::Disputed),
    ("contesté", Status::Disputed),
    ("controversé", Status::Disputed),
    ("discutible", Status::Disputed),
    ("en disputa", Status::Disputed),
    // unverifiable
    ("unverifiable", Status::Unverifiable),
    ("unverified", Status::Unverifiable),
    ("not verified", Status::Unverifiable),
    ("unproven", Status::Unverifiable),
    ("not proven", Status::Unverifiable),
    ("unconfirmed", Status::Unverifiable),
    ("unsupported", Status::Unverifiable),
    ("unsubstantiated", Status::Unverifiable),
    ("no evidence", Status::Unverifiable),
    ("insufficient evidence", Status::Unverifiable),
    ("cannot be verified", Status::Unverifiable),
    ("onbewezen", Status::Unverifiable),
    ("niet bewezen", Status::Unverifiable),
    ("onbevestigd", Status::Unverifiable),
    ("niet te verifiëren", Status::Unverifiable),
    ("unbelegt", Status::Unverifiable),
    ("nicht belegt", Status::Unverifiable),
    ("unbewiesen", Status::Unverifiable),
    ("unbestätigt", Status::Unverifiable),
    ("nicht überprüfbar", Status::Unverifiable),
    ("invérifiable", Status::Unverifiable),
    ("non vérifié", Status::Unverifiable),
    ("non prouvé", Status::Unverifiable),
    ("infondé", Status::Unverifiable),
    ("no verificable", Status::Unverifiable),
    ("inverificable", Status::Unverifiable),
    ("no comprobado", Status::Unverifiable),
    ("no confirmado", Status::Unverifiable),
    ("sin pruebas", Status::Unverifiable),
    ("sin evidencia", Status::Unverifiable),
];

/// A rating's name as [`RATING_WORDS`] spells it: lowercase, with dashes, punctuation and
/// runs of blanks reduced to single spaces ("Pants on Fire!" is "pants on fire",
/// "Half-True" is "half true").
pub fn rating_key(name: &str) -> String {
    let spaced: String = name
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '\'' | '’'))
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The verdict a rating's name stands for in [`RATING_WORDS`], if it is there.
pub fn verdict_of_name(name: &str) -> Option<Status> {
    let key = rating_key(name);
    RATING_WORDS
        .iter()
        .find(|(word, _)| *word == key)
        .map(|&(_, status)| status)
}

/// A number of a rating as written: a JSON number, or text that reads as one. `Ok(None)`
/// when the field is absent or empty; an error, quoting it, when it is there but not a
/// finite number ("NaN", "inf", "five").
fn rating_number(rating: &Value, key: &str) -> Result<Option<(f64, String)>, String> {
    let written = match rating.get(key) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => return Ok(None),
        Some(Value::String(s)) => s.trim().to_string(),
        Some(other) => other.to_string(),
    };
    let number = match rating.get(key) {
        Some(Value::Number(n)) => n.as_f64(),
        _ => written.parse::<f64>().ok(),
    };
    match number {
        Some(n) if n.is_finite() => Ok(Some((n, written))),
        _ => Err(format!("{key} '{written}' is not a number")),
    }
}

/// Where a ratingValue sits on its scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Band {
    /// The top fifth: the claim holds.
    Top,
    /// Between.
    Middle,
    /// The bottom fifth: the claim is false.
    Bottom,
}

/// Reads a `reviewRating` (absent, one object, or the first of an array).
///
/// A `ratingValue` is placed on its scale, `worstRating`..`bestRating` (schema.org's 1
/// and 5 where they are left out; a scale may run either way): the top fifth is
/// verified, the bottom fifth false, between misleading. The name, when
/// [`RATING_WORDS`] knows it, says which verdict below the top it is (a disputed 3 of
/// 1–5 is disputed, not misleading), and a name that contradicts the number (true at the
/// bottom, anything but true at the top) leaves the rating unmapped. Without a number,
/// the name alone decides. What cannot be mapped (an unknown name without a number, a
/// number that is not one, or outside its scale, or no rating at all) is unverifiable,
/// with the reason: never a verdict.
pub fn read_rating(rating: Option<&Value>) -> Rating {
    let name = rating.and_then(|r| text_of(r, "alternateName"));
    let unmapped = |text: Option<String>, why: String| Rating {
        verdict: Status::Unverifiable,
        text,
        unmapped: Some(why),
    };
    let Some(rating) = rating else {
        return unmapped(None, "the review has no reviewRating".to_string());
    };
    let numbers = (|| {
        Ok::<_, String>((
            rating_number(rating, "ratingValue")?,
            rating_number(rating, "worstRating")?,
            rating_number(rating, "bestRating")?,
        ))
    })();
    let (value, worst, best) = match numbers {
        Ok(found) => found,
        Err(why) => {
            let written = |key: &str| {
                rating.get(key).map(|v| match v {
                    Value::String(s) => s.trim().to_string(),
                    other => other.to_string(),
                })
            };
            let text = match (name, written("ratingValue")) {
                (Some(n), Some(v)) => format!("{n} (ratingValue {v})"),
                (Some(n), None) => n.to_string(),
                (None, Some(v)) => format!("ratingValue {v}"),
                (None, None) => "(no name)".to_string(),
            };
            return unmapped(Some(text), why);
        }
    };
    let by_name = name.and_then(verdict_of_name);
    let Some((value, value_text)) = value else {
        return match (name, by_name) {
            (Some(n), Some(verdict)) => Rating {
                verdict,
                text: Some(n.to_string()),
                unmapped: None,
            },
            (Some(n), None) => unmapped(
                Some(n.to_string()),
                "crosscheck knows no verdict for these words and there is no ratingValue"
                    .to_string(),
            ),
            (None, _) => unmapped(
                None,
                "the rating has neither a name nor a ratingValue".to_string(),
            ),
        };
    };
    let (worst, worst_text) = worst.unwrap_or((1.0, "1".to_string()));
    let (best, best_text) = best.unwrap_or((5.0, "5".to_string()));
    let scale = format!("{value_text} of {worst_text}–{best_text}");
    let text = Some(match name {
        Some(n) => format!("{n} ({scale})"),
        None => scale.clone(),
    });
    if best == worst {
        return unmapped(
            text,
            format!("its scale {worst_text}–{best_text} is a single point"),
        );
    }
    if value < worst.min(best) || value > worst.max(best) {
        return unmapped(
            text,
            format!("ratingValue {value_text} is outside {worst_text}–{best_text}"),
        );
    }
    let share = (value - worst) / (best - worst);
    let band = if share >= 0.8 {
        Band::Top
    } else if share <= 0.2 {
        Band::Bottom
    } else {
        Band::Middle
    };
    let verdict = match (band, by_name) {
        (Band::Top, None | Some(Status::Verified)) => Status::Verified,
        (Band::Top, Some(_)) | (_, Some(Status::Verified)) => {
            return unmapped(text, "its words and its ratingValue disagree".to_string())
        }
        (_, Some(named)) => named,
        (Band::Bottom, None) => Status::False,
        (Band::Middle, None) => Status::Misleading,
    };
    Rating {
        verdict,
        text,
        unmapped: None,
    }
}

/// The first object of a value that may be an object or an array of them.
fn first(value: &Value) -> Option<&Value> {
    match value {
        Value::Array(items) => items.first(),
        Value::Null => None,
        other => Some(other),
    }
}

fn text_of<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn is_type(value: &Value, wanted: &str) -> bool {
    match value.get("@type") {
        Some(Value::String(t)) => t == wanted,
        Some(Value::Array(ts)) => ts.iter().any(|t| t.as_str() == Some(wanted)),
        _ => false,
    }
}

fn collect_reviews<'v>(value: &'v Value, into: &mut Vec<&'v Value>) {
    match value {
        Value::Array(items) => items.iter().for_each(|i| collect_reviews(i, into)),
        Value::Object(map) => {
            if let Some(graph) = map.get("@graph") {
                collect_reviews(graph, into);
            }
            if is_type(value, "ClaimReview") {
                into.push(value);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::render::report::claimreview::{rating, BEST_RATING, WORST_RATING};

    fn named(name: &str) -> Rating {
        read_rating(Some(&json!({ "alternateName": name })))
    }

    fn mapped(rating: &Rating) -> Option<Status> {
        rating.unmapped.is_none().then_some(rating.verdict)
    }

    #[test]
    fn every_verdict_maps_back_to_itself() {
        for &status in Status::ALL {
            if let Some((value, name)) = rating(status) {
                let mut written = json!({ "@type": "Rating", "alternateName": name });
                if let Some(v) = value {
                    written["ratingValue"] = v.into();
                    written["bestRating"] = BEST_RATING.into();
                    written["worstRating"] = WORST_RATING.into();
                }
                assert_eq!(mapped(&read_rating(Some(&written))), Some(status), "{name}");
            }
        }
    }

    #[test]
    fn words_that_contain_true_are_read_whole() {
        // Each of these was imported as verified when names were matched by a word inside.
        for (name, verdict) in [
            ("Not true", Status::False),
            ("Inaccurate", Status::False),
            ("Not correct", Status::False),
            ("Barely True", Status::False),
            ("Unconfirmed", Status::Unverifiable),
            ("Not verified", Status::Unverifiable),
        ] {
            assert_eq!(mapped(&named(name)), Some(verdict), "{name}");
        }
    }

    #[test]
    fn the_common_words_of_five_languages() {
        for (name, verdict) in [
            ("False", Status::False),
            ("Mostly false", Status::False),
            ("Incorrect", Status::False),
            ("Pants on Fire!", Status::False),
            ("Onwaar", Status::False),
            ("Niet waar", Status::False),
            ("Falsch", Status::False),
            ("Faux", Status::False),
            ("Falso", Status::False),
            ("Misleading", Status::Misleading),
            ("Half-True", Status::Misleading),
            ("Mostly true", Status::Misleading),
            ("Irreführend", Status::Misleading),
            ("Trompeur", Status::Misleading),
            ("Engañoso", Status::Misleading),
            ("Unproven", Status::Unverifiable),
            ("Disputed", Status::Disputed),
            ("True", Status::Verified),
            ("Correct", Status::Verified),
            ("Waar", Status::Verified),
            ("Wahr", Status::Verified),
            ("Vrai", Status::Verified),
            ("Verdadero", Status::Verified),
        ] {
            assert_eq!(mapped(&named(name)), Some(verdict), "{name}");
        }
    }

    #[test]
    fn a_name_nobody_knows_is_unverifiable_and_kept() {
        let r = named("Four stars out of five");
        assert_eq!(r.verdict, Status::Unverifiable);
        assert!(r.unmapped.is_some());
        assert_eq!(r.text.as_deref(), Some("Four stars out of five"));
        let none = read_rating(None);
        assert_eq!(none.verdict, Status::Unverifiable);
        assert!(none.unmapped.is_some());
    }

    #[test]
    fn the_number_decides_on_its_own_scale() {
        let on = |v: Value, name: Option<&str>| {
            let mut r = json!({ "ratingValue": v, "worstRating": "1", "bestRating": "5" });
            if let Some(n) = name {
                r["alternateName"] = n.into();
            }
            read_rating(Some(&r))
        };
        assert_eq!(mapped(&on(json!(1), Some("Not true"))), Some(Status::False));
        assert_eq!(mapped(&on(json!("5"), None)), Some(Status::Verified));
        assert_eq!(mapped(&on(json!(1), None)), Some(Status::False));
        assert_eq!(mapped(&on(json!(3), None)), Some(Status::Misleading));
        assert_eq!(
            mapped(&on(json!(3), Some("Disputed"))),
            Some(Status::Disputed)
        );
        // Words that contradict the number leave the rating unmapped.
        assert_eq!(mapped(&on(json!(5), Some("Not true"))), None);
        assert_eq!(mapped(&on(json!(1), Some("True"))), None);
        // A number that is not one, or is off its scale, is never a verdict.
        for bad in [
            json!("NaN"),
            json!("inf"),
            json!("five"),
            json!(7),
            json!(0),
        ] {
            let r = on(bad.clone(), Some("True"));
            assert_eq!(r.verdict, Status::Unverifiable, "{bad}");
            assert!(r.unmapped.is_some(), "{bad}");
        }
        let nan = on(json!("NaN"), None);
        assert_eq!(nan.text.as_deref(), Some("ratingValue NaN"));
        let far = on(json!(7), Some("Vrai"));
        assert_eq!(far.text.as_deref(), Some("Vrai (7 of 1–5)"));
        // Other scales, either way round; schema.org's 1–5 where none is given.
        let scale = |v: f64, worst: f64, best: f64| {
            mapped(&read_rating(Some(
                &json!({ "ratingValue": v, "worstRating": worst, "bestRating": best }),
            )))
        };
        assert_eq!(scale(9.0, 0.0, 10.0), Some(Status::Verified));
        assert_eq!(scale(1.0, 5.0, 1.0), Some(Status::Verified));
        assert_eq!(scale(2.0, 2.0, 2.0), None);
        assert_eq!(
            mapped(&read_rating(Some(&json!({ "ratingValue": 1 })))),
            Some(Status::False)
        );
    }

    #[test]
    fn the_table_is_written_as_names_are_looked_up() {
        let mut seen = std::collections::HashSet::new();
        for (word, _) in RATING_WORDS {
            assert_eq!(rating_key(word), *word, "write {word:?} as rating_key does");
            assert!(seen.insert(*word), "{word} is listed twice");
        }
    }

    #[test]
    fn the_readme_lists_every_rating_word() {
        let readme = include_str!("../../../../README.md");
        for (word, status) in RATING_WORDS {
            // The words table has two columns: the verdict, and its words.
            let row = readme
                .lines()
                .find(|l| {
                    l.starts_with(&format!("| {} |", status.as_str())) && l.split('|').count() == 4
                })
                .unwrap_or_else(|| panic!("README: no row of rating words for {status:?}"));
            let listed = row
                .split('|')
                .nth(2)
                .unwrap_or_default()
                .split(',')
                .any(|w| w.trim() == *word);
            assert!(
                listed,
                "README: '{word}' is missing from the {status:?} row"
            );
        }
    }
}
