//! `article add|list|show|edit`: an article as a row of the list, as a page of fields with its
//! text and claims, and as JSON.

use std::io::{self, Write};

use serde::Serialize;

use super::claim::claim_table;
use super::{counted, done, json, opt};
use crate::model::listing::ArticleListing;
use crate::model::{Article, Claim};
use crate::render::{Block, Cell, Format, Listing, Output, Style, Table, SCHEMA_VERSION};

/// An article in JSON.
#[derive(Serialize)]
struct ArticleView<'a> {
    id: i64,
    slug: &'a str,
    title: &'a str,
    outlet: Option<&'a str>,
    url: Option<&'a str>,
    lang: Option<&'a str>,
    published_at: Option<&'a str>,
    body_sha256: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    claims: Option<i64>,
    created_at: &'a str,
}

impl ArticleView<'_> {
    fn new(a: &Article, claims: Option<i64>, with_body: bool) -> ArticleView<'_> {
        ArticleView {
            id: a.id,
            slug: &a.slug,
            title: &a.title,
            outlet: a.outlet.as_deref(),
            url: a.url.as_deref(),
            lang: a.lang.as_deref(),
            published_at: a.published_at.as_deref(),
            body_sha256: a.body_sha256.as_deref(),
            body: if with_body { a.body.as_deref() } else { None },
            claims,
            created_at: &a.created_at,
        }
    }
}

/// `article show` in JSON: the article with its text and claim count.
#[derive(Serialize)]
struct ArticleShown<'a> {
    #[serde(flatten)]
    article: ArticleView<'a>,
    schema_version: u32,
}

/// The confirmation of `article add`.
pub fn added(a: &Article) -> Output {
    done(
        format!("recorded article {} ({})", a.id, a.slug),
        ArticleView::new(a, None, false),
    )
}

/// `article edit` in JSON: the article as edited and the fields that changed.
#[derive(Serialize)]
struct ArticleEdited<'a> {
    #[serde(flatten)]
    article: ArticleView<'a>,
    changed: &'a [&'static str],
}

/// The confirmation of `article edit`: the fields that changed.
pub fn edited(a: &Article, changed: &[&'static str]) -> Output {
    done(
        format!(
            "updated article {} ({}): {}",
            a.id,
            a.slug,
            changed.join(", ")
        ),
        ArticleEdited {
            article: ArticleView::new(a, None, false),
            changed,
        },
    )
}

const CSV: &[&str] = &[
    "id",
    "slug",
    "title",
    "outlet",
    "url",
    "lang",
    "published_at",
    "body_sha256",
    "claims",
];

fn csv_row(l: &ArticleListing) -> Vec<Cell> {
    let a = &l.article;
    vec![
        a.id.to_string().into(),
        a.slug.clone().into(),
        a.title.clone().into(),
        a.outlet.clone().unwrap_or_default().into(),
        a.url.clone().unwrap_or_default().into(),
        a.lang.clone().unwrap_or_default().into(),
        a.published_at.clone().unwrap_or_default().into(),
        a.body_sha256.clone().unwrap_or_default().into(),
        l.claims.to_string().into(),
    ]
}

fn csv(articles: &[ArticleListing]) -> Table {
    let mut csv = Table::new(CSV);
    for l in articles {
        csv.push(csv_row(l));
    }
    csv
}

const TABLE: &[&str] = &[
    "id",
    "slug",
    "title",
    "outlet",
    "lang",
    "published",
    "claims",
    "text",
];

fn table_row(l: &ArticleListing) -> Vec<Cell> {
    let a = &l.article;
    vec![
        a.id.to_string().into(),
        a.slug.clone().into(),
        a.title.clone().into(),
        opt(&a.outlet).into(),
        opt(&a.lang).into(),
        opt(&a.published_at).into(),
        super::grouped(l.claims).into(),
        if a.body_sha256.is_some() { "yes" } else { "no" }.into(),
    ]
}

/// `article list`, all of it at once, as it was written before [`ArticleList`]: what
/// the streamed text is held to.
#[cfg(test)]
fn list(articles: &[ArticleListing]) -> Output {
    let mut table = Table::new(TABLE);
    for l in articles {
        table.push(table_row(l));
    }
    Output {
        json: json(
            articles
                .iter()
                .map(|l| ArticleView::new(&l.article, Some(l.claims), false))
                .collect::<Vec<_>>(),
        ),
        blocks: vec![Block::Table(table)],
        csv: csv(articles),
    }
}

/// `article list`, written as the articles are read (see [`Listing`]).
pub struct ArticleList<W: Write>(Listing<W>);

impl<W: Write> ArticleList<W> {
    /// The list in `format` to `out`.
    pub fn new(out: W, format: Format, style: Style) -> io::Result<ArticleList<W>> {
        Listing::new(out, format, style, Table::new(TABLE), CSV, None).map(ArticleList)
    }

    /// One article, in the listing's format only.
    pub fn push(&mut self, l: &ArticleListing) -> io::Result<()> {
        match self.0.format() {
            Format::Json => self
                .0
                .json(&ArticleView::new(&l.article, Some(l.claims), false)),
            Format::Csv => self.0.csv(&csv_row(l)),
            Format::Table => self.0.row(table_row(l)),
        }
    }

    /// Writes what is left.
    pub fn finish(self) -> io::Result<W> {
        self.0.finish()
    }
}

/// `article show`.
pub fn show(a: &Article, claims: &[Claim]) -> Output {
    let mut fields = vec![
        ("article".to_string(), format!("{} ({})", a.id, a.slug)),
        ("title".to_string(), a.title.clone()),
        ("outlet".to_string(), opt(&a.outlet)),
        ("url".to_string(), opt(&a.url)),
        ("language".to_string(), opt(&a.lang)),
        ("published".to_string(), opt(&a.published_at)),
        ("claims".to_string(), claims.len().to_string()),
    ];
    if let (Some(body), Some(sha)) = (&a.body, &a.body_sha256) {
        fields.push((
            "text".to_string(),
            format!(
                "{}, sha256 {sha}",
                counted(body.chars().count() as i64, "character", "characters")
            ),
        ));
    }
    let mut blocks = vec![Block::Fields(fields)];
    if let Some(body) = &a.body {
        blocks.push(Block::Text(body.trim_end().to_string()));
    }
    if !claims.is_empty() {
        blocks.push(Block::Table(claim_table(claims)));
    }
    Output {
        json: json(ArticleShown {
            article: ArticleView::new(a, Some(claims.len() as i64), true),
            schema_version: SCHEMA_VERSION,
        }),
        blocks,
        csv: csv(&[ArticleListing {
            article: a.clone(),
            claims: claims.len() as i64,
        }]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Article;
    use crate::render::write;

    fn listing(id: i64, outlet: Option<&str>, claims: i64) -> ArticleListing {
        ArticleListing {
            article: Article {
                id,
                slug: format!("article-{id}"),
                title: format!(
                    "Raid in Atmé, \u{202e}report {id}, with a title long enough to wrap"
                ),
                outlet: outlet.map(str::to_string),
                url: Some(format!("https://example.org/{id}")),
                lang: Some("nl".to_string()),
                published_at: Some("2022-02-03".to_string()),
                body: None,
                body_sha256: (id % 2 == 0).then(|| "ab".repeat(32)),
                created_at: "2026-11-27T10:00:00Z".to_string(),
            },
            claims,
        }
    }

    /// Written as the articles are read, every format reads byte for byte as the whole
    /// list: none, and several, at widths that fit and that wrap.
    #[test]
    fn a_streamed_article_list_writes_what_the_whole_list_writes() {
        let cases = [
            vec![],
            vec![listing(1, Some("NOS"), 1234), listing(2, None, 0)],
        ];
        for articles in &cases {
            for format in [Format::Json, Format::Csv, Format::Table] {
                for width in [40, 100, 300] {
                    let style = Style {
                        color: false,
                        tty: false,
                        width: Some(width),
                    };
                    let mut expected = Vec::new();
                    write(&mut expected, &list(articles), format, style).expect("write");
                    let mut shown = ArticleList::new(Vec::new(), format, style).expect("new");
                    for a in articles {
                        shown.push(a).expect("push");
                    }
                    let streamed = shown.finish().expect("finish");
                    assert_eq!(
                        String::from_utf8(streamed).expect("UTF-8"),
                        String::from_utf8(expected).expect("UTF-8"),
                        "{format:?} at width {width}"
                    );
                }
            }
        }
    }
}
