//! schema.org ClaimReview JSON-LD: how search engines and other fact-checkers read a
//! verdict. One ClaimReview per claim with a verdict; the mapping between crosscheck's
//! verdicts and a rating is defined here, both ways, and documented in the README.

use serde_json::{json, Map, Value};

use super::Report;
use crate::model::{SourceKind, Status};

/// The best and worst rating on crosscheck's scale.
pub const BEST_RATING: i64 = 5;
/// The worst rating.
pub const WORST_RATING: i64 = 1;

/// A verdict as a ClaimReview rating: (ratingValue on 1–5, alternateName). Unverifiable
/// is not a point on a true–false scale, so it carries a name and no number.
pub fn rating(status: Status) -> Option<(Option<i64>, &'static str)> {
    match status {
        Status::Verified => Some((Some(5), "True")),
        Status::Disputed => Some((Some(3), "Disputed")),
        Status::Misleading => Some((Some(2), "Misleading")),
        Status::False => Some((Some(1), "False")),
        Status::Unverifiable => Some((None, "Unverifiable")),
        _ => None,
    }
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

/// Whether a source is a person (Person) or a body (Organization) for schema.org.
pub fn schema_type(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Person | SourceKind::Official | SourceKind::Witness | SourceKind::Anonymous => {
            "Person"
        }
        _ => "Organization",
    }
}

/// The ClaimReviews of a report: an array, one object per claim with a verdict.
/// `publisher` names the organisation publishing them; `report_url` is the page they
/// will stand on (each review's url is that page's `#claim-N` anchor).
pub fn render(r: &Report, publisher: &str, report_url: &str) -> Value {
    let mut reviews = Vec::new();
    for entry in &r.claims {
        let c = &entry.claim;
        let Some((value, name)) = rating(c.status) else {
            continue;
        };
        let mut rating = Map::new();
        rating.insert("@type".into(), "Rating".into());
        if let Some(v) = value {
            rating.insert("ratingValue".into(), v.into());
            rating.insert("bestRating".into(), BEST_RATING.into());
            rating.insert("worstRating".into(), WORST_RATING.into());
        }
        rating.insert("alternateName".into(), name.into());
        let kind = r.source(c.source_id).map_or(SourceKind::Other, |s| s.kind);
        let mut item = Map::new();
        item.insert("@type".into(), "Claim".into());
        item.insert(
            "author".into(),
            json!({ "@type": schema_type(kind), "name": c.source_name }),
        );
        if let Some(article) = r.article(c.article_id) {
            if let Some(published) = &article.published_at {
                item.insert("datePublished".into(), published.clone().into());
            }
            let mut work = Map::new();
            work.insert("@type".into(), "CreativeWork".into());
            if let Some(url) = &article.url {
                work.insert("url".into(), url.clone().into());
            }
            work.insert("headline".into(), article.title.clone().into());
            if let Some(outlet) = &article.outlet {
                work.insert(
                    "publisher".into(),
                    json!({ "@type": "Organization", "name": outlet }),
                );
            }
            if let Some(published) = &article.published_at {
                work.insert("datePublished".into(), published.clone().into());
            }
            let work = Value::Object(work);
            item.insert("appearance".into(), work.clone());
            item.insert("firstAppearance".into(), work);
        }
        let mut review = Map::new();
        review.insert("@context".into(), "https://schema.org".into());
        review.insert("@type".into(), "ClaimReview".into());
        review.insert(
            "url".into(),
            format!("{}#claim-{}", report_url.trim_end_matches('#'), c.id).into(),
        );
        review.insert("claimReviewed".into(), c.text.clone().into());
        review.insert("itemReviewed".into(), Value::Object(item));
        review.insert(
            "author".into(),
            json!({ "@type": "Organization", "name": publisher }),
        );
        if let Some(at) = entry.verdict_at() {
            review.insert("datePublished".into(), at.get(..10).unwrap_or(at).into());
        }
        review.insert("reviewRating".into(), Value::Object(rating));
        if let Some(note) = entry.verdict_note() {
            review.insert("reviewBody".into(), note.into());
        }
        reviews.push(Value::Object(review));
    }
    Value::Array(reviews)
}

#[cfg(test)]
mod tests {
    use super::*;

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
