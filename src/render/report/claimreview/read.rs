//! Reading other fact-checkers' ClaimReview JSON-LD: a document (one review, an array of
//! them, or a page's `@graph`) becomes a list of [`Review`]s, each with the crosscheck
//! verdict its rating stands for. It lives beside the writer so that the two directions
//! of the rating mapping are kept, and tested, together: what `report --format
//! claimreview` writes reads back as the same verdict. Pure: it touches no ledger;
//! `import` records the reviews.

use std::io::Read;

use anyhow::{Context, Result};
use serde_json::Value;

use crate::clock;
use crate::error::user;
use crate::model::{SourceKind, Status};

/// One review as read, ready to be recorded: the claim, who made it and where it
/// appeared, and the verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    /// The claim's text (claimReviewed).
    pub claimed: String,
    /// The verdict the rating stands for.
    pub verdict: Status,
    /// The rating's own words (alternateName), when it has them.
    pub rating_name: Option<String>,
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

/// Reads every ClaimReview in `input` (named `file` in messages). A document that is
/// not JSON, holds no ClaimReview, or has a review without a claim or with a rating
/// that maps to no verdict is refused whole, naming the review.
pub fn read(mut input: impl Read, file: &str) -> Result<Vec<Review>> {
    let mut text = String::new();
    input
        .read_to_string(&mut text)
        .with_context(|| format!("cannot read {file} as UTF-8 text"))?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| {
        user(format!(
            "{file} line {}, column {}: {e}; nothing was imported",
            e.line(),
            e.column()
        ))
    })?;
    let mut found = Vec::new();
    collect_reviews(&doc, &mut found);
    if found.is_empty() {
        return Err(user(format!(
            "{file} holds no ClaimReview (an object with \"@type\": \"ClaimReview\", alone, in an array or in an @graph)"
        )));
    }
    found
        .into_iter()
        .enumerate()
        .map(|(n, review)| review_of(review, &format!("{file}: ClaimReview {}", n + 1)))
        .collect()
}

fn review_of(review: &Value, place: &str) -> Result<Review> {
    let claimed = text_of(review, "claimReviewed").ok_or_else(|| {
        user(format!(
            "{place}: claimReviewed is missing; nothing was imported"
        ))
    })?;
    let rating = review.get("reviewRating").and_then(first);
    let rating_name = rating.and_then(|r| text_of(r, "alternateName"));
    let verdict = verdict_for(
        rating_name,
        number_of(rating, "ratingValue"),
        number_of(rating, "bestRating"),
        number_of(rating, "worstRating"),
    )
    .ok_or_else(|| {
        user(format!(
            "{place}: reviewRating '{}' maps to no crosscheck verdict; give an alternateName such as True, False, Misleading, Disputed or Unverifiable (README: ClaimReview ratings); nothing was imported",
            rating_name.unwrap_or("(none)")
        ))
    })?;
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
        verdict,
        rating_name: rating_name.map(str::to_string),
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

/// The verdict another fact-checker's rating stands for: first by its name (the words
/// fact-checkers use: "Mostly false", "Pants on fire", "Half true", "Unproven", …), then,
/// for a name that says nothing we know, by where its ratingValue sits between
/// worstRating and bestRating.
pub fn verdict_for(
    alternate_name: Option<&str>,
    value: Option<f64>,
    best: Option<f64>,
    worst: Option<f64>,
) -> Option<Status> {
    if let Some(name) = alternate_name {
        let n = name.to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
        if has(&[
            "unverif",
            "unproven",
            "no evidence",
            "unsupported",
            "cannot be",
            "can't be",
        ]) {
            return Some(Status::Unverifiable);
        }
        if has(&["disputed", "contested", "mixed", "mixture"]) {
            return Some(Status::Disputed);
        }
        if has(&["mostly false", "mostly fake"]) {
            return Some(Status::False);
        }
        if has(&[
            "misleading",
            "half",
            "partly",
            "partially",
            "mostly",
            "context",
            "exaggerat",
            "distort",
            "manipulat",
        ]) {
            return Some(Status::Misleading);
        }
        if has(&[
            "false",
            "fake",
            "pants on fire",
            "incorrect",
            "wrong",
            "hoax",
            "pinocchio",
            "untrue",
            "fabricat",
        ]) {
            return Some(Status::False);
        }
        if has(&["true", "correct", "accurate", "verified", "confirmed"]) {
            return Some(Status::Verified);
        }
    }
    let (value, best, worst) = (value?, best.unwrap_or(5.0), worst.unwrap_or(1.0));
    if best == worst {
        return None;
    }
    let share = (value - worst) / (best - worst);
    Some(if share >= 0.8 {
        Status::Verified
    } else if share <= 0.2 {
        Status::False
    } else {
        Status::Misleading
    })
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

fn number_of(value: Option<&Value>, key: &str) -> Option<f64> {
    let v = value?.get(key)?;
    v.as_f64().or_else(|| v.as_str()?.trim().parse().ok())
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
    use super::*;
    use crate::render::report::claimreview::rating;

    #[test]
    fn every_verdict_maps_back_to_itself() {
        for &status in Status::ALL {
            if let Some((value, name)) = rating(status) {
                let back = verdict_for(Some(name), value.map(|v| v as f64), Some(5.0), Some(1.0));
                assert_eq!(back, Some(status), "{name}");
            }
        }
    }

    #[test]
    fn other_fact_checkers_words() {
        let by_name = |n: &str| verdict_for(Some(n), None, None, None);
        assert_eq!(by_name("Pants on Fire!"), Some(Status::False));
        assert_eq!(by_name("Mostly False"), Some(Status::False));
        assert_eq!(by_name("Mostly true"), Some(Status::Misleading));
        assert_eq!(by_name("Half True"), Some(Status::Misleading));
        assert_eq!(by_name("Unproven"), Some(Status::Unverifiable));
        assert_eq!(by_name("Correct"), Some(Status::Verified));
        assert_eq!(
            verdict_for(Some("Four stars"), Some(9.0), Some(10.0), Some(0.0)),
            Some(Status::Verified)
        );
        assert_eq!(verdict_for(Some("Rating"), None, None, None), None);
    }
}
