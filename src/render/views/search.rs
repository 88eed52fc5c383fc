//! `search`: the claims and articles found, best first, each with a snippet around the
//! words found. A table marks the words «like this»; JSON gives the snippet as it is
//! with the character offsets of each word; CSV gives the snippet with the « » marks.

use serde::Serialize;

use super::json;
use crate::model::search::{ArticleFound, ClaimFound, Snippet};
use crate::render::{Block, Output, Table, SCHEMA_VERSION};

/// The marks around a word found, in tables and CSV.
const OPEN: &str = "«";
const CLOSE: &str = "»";

/// A relevance as shown: six decimals are more than it means, and keep the small scores
/// of a large ledger apart from zero.
fn rounded(score: f64) -> f64 {
    (score * 1_000_000.0).round() / 1_000_000.0
}

/// One hit in JSON.
#[derive(Serialize)]
struct HitView<'a> {
    kind: &'static str,
    id: i64,
    score: f64,
    /// Claims: their status; articles: none.
    status: Option<&'static str>,
    /// Claims: their incident's slug.
    incident: Option<&'a str>,
    /// Claims: their origin's name.
    source: Option<&'a str>,
    /// Articles: their slug; claims: the slug of the article that reports them.
    article: &'a str,
    /// Claims: the claim's text; articles: the title.
    title: &'a str,
    field: &'static str,
    snippet: &'a str,
    highlights: Vec<[usize; 2]>,
}

fn highlights(s: &Snippet) -> Vec<[usize; 2]> {
    s.highlights.iter().map(|&(a, b)| [a, b]).collect()
}

/// The whole search in JSON.
#[derive(Serialize)]
struct ResultsView<'a> {
    schema_version: u32,
    query: &'a str,
    hits: Vec<HitView<'a>>,
}

/// `search`.
pub fn results(query: &str, claims: &[ClaimFound], articles: &[ArticleFound]) -> Output {
    let mut hits = Vec::new();
    for c in claims {
        hits.push(HitView {
            kind: "claim",
            id: c.claim.id,
            score: rounded(c.score),
            status: Some(c.claim.status.as_str()),
            incident: c.claim.incident_slug.as_deref(),
            source: Some(&c.claim.source_name),
            article: &c.claim.article_slug,
            title: &c.claim.text,
            field: c.field,
            snippet: &c.snippet.text,
            highlights: highlights(&c.snippet),
        });
    }
    for a in articles {
        hits.push(HitView {
            kind: "article",
            id: a.article.id,
            score: rounded(a.score),
            status: None,
            incident: None,
            source: None,
            article: &a.article.slug,
            title: &a.article.title,
            field: a.field,
            snippet: &a.snippet.text,
            highlights: highlights(&a.snippet),
        });
    }
    let mut table = Table::new(&["kind", "id", "status", "where", "found"]).nowrap(&[0, 1, 2]);
    let mut csv = Table::new(&[
        "kind", "id", "score", "status", "incident", "source", "article", "field", "snippet",
    ]);
    for h in &hits {
        let marked = Snippet {
            text: h.snippet.to_string(),
            highlights: h.highlights.iter().map(|&[a, b]| (a, b)).collect(),
        }
        .marked(OPEN, CLOSE);
        let place = match h.kind {
            "claim" => format!("{} {}", h.incident.unwrap_or("-"), h.field),
            _ => format!("{} {}", h.article, h.field),
        };
        table.push(vec![
            h.kind.into(),
            h.id.to_string().into(),
            h.status.unwrap_or("-").into(),
            place.into(),
            marked.clone().into(),
        ]);
        csv.push(vec![
            h.kind.into(),
            h.id.to_string().into(),
            format!("{}", h.score).into(),
            h.status.unwrap_or("").into(),
            h.incident.unwrap_or("").into(),
            h.source.unwrap_or("").into(),
            h.article.into(),
            h.field.into(),
            marked.into(),
        ]);
    }
    let blocks = if hits.is_empty() {
        vec![Block::Text(format!("nothing found for \"{query}\""))]
    } else {
        let counted =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        vec![
            Block::Table(table),
            Block::Text(format!(
                "{}, {}",
                counted(claims.len(), "claim", "claims"),
                counted(articles.len(), "article", "articles")
            )),
        ]
    };
    Output {
        json: json(ResultsView {
            schema_version: SCHEMA_VERSION,
            query,
            hits,
        }),
        blocks,
        csv,
    }
}
