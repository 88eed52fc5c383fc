//! schema.org ClaimReview JSON-LD: how search engines and other fact-checkers read a
//! verdict. One ClaimReview per claim with a verdict; the mapping between crosscheck's
//! verdicts and a rating is defined here, both ways (writing in this file, reading in
//! [`read`]), and documented in the README.

pub mod read;

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
/// will stand on (each review's url is that page's `#claim-N` anchor, N the claim's key,
/// so that the URL survives a correction).
pub fn render(r: &Report, publisher: &str, report_url: &str) -> Value {
    let mut reviews = Vec::new();
    for entry in &r.claims {
        let c = &entry.claim;
        let Some((value, name)) = rating(c.status) else {
            continue;
        };
        // With review required, a verdict nobody has approved is not published.
        if !entry.publishable(r.review_required) {
            continue;
        }
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
            format!("{}#claim-{}", report_url.trim_end_matches('#'), c.key).into(),
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
