//! `article add | list | show | edit`: the published pieces that report claims, with their
//! full text kept exactly as given and fingerprinted, so a quote can be checked against it;
//! their metadata can be put right later, their text never.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result};

use super::{resolve, Ctx};
use crate::cli::{ArticleCommand, ArticleEditArgs};
use crate::clock;
use crate::error::user;
use crate::model::{
    body_sha256, is_url, is_valid_language, is_valid_slug, slugify, Article, MAX_BODY_BYTES,
};
use crate::render::views;
use crate::store::{Acting, ArticleField, ClaimFilter, Ledger, NewArticle};

pub(super) fn run(ctx: &Ctx, cmd: ArticleCommand) -> Result<()> {
    match cmd {
        ArticleCommand::Add(args) => {
            let body = match &args.file {
                Some(path) => Some(read_body(path)?),
                None => None,
            };
            let input = ArticleInput {
                title: args.title.clone(),
                slug: args.slug.clone(),
                outlet: args.outlet.clone(),
                url: args.url.clone(),
                lang: args.lang.clone(),
                published: args.published.clone(),
                body,
            };
            let now = clock::now_text()?;
            let mut store = ctx.open()?;
            let who = ctx.actor(&store)?;
            let article = store.write(|l| {
                add(
                    l,
                    input,
                    Acting {
                        who: &who,
                        at: &now,
                    },
                )
            })?;
            ctx.emit(views::article::added(&article))
        }
        ArticleCommand::List => {
            let mut store = ctx.open()?;
            // Written as the articles are read: memory stays flat however many.
            let out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            let mut shown = views::article::ArticleList::new(out, ctx.format(), ctx.style)?;
            store.read(|l| l.each_article(&mut |a| Ok(shown.push(&a)?)))?;
            shown.finish()?;
            Ok(())
        }
        ArticleCommand::Show(args) => {
            let mut store = ctx.open()?;
            let (article, claims) = store.read(|l| {
                let article = resolve::article(l, &args.target)?;
                let claims = l.list_claims(&ClaimFilter {
                    article_id: Some(article.id),
                    ..ClaimFilter::default()
                })?;
                Ok((article, claims))
            })?;
            ctx.emit(views::article::show(&article, &claims))
        }
        ArticleCommand::Edit(args) => {
            let now = clock::now_text()?;
            let mut store = ctx.open()?;
            let who = ctx.actor(&store)?;
            let (article, changed) = store.write(|l| {
                edit(
                    l,
                    &args,
                    Acting {
                        who: &who,
                        at: &now,
                    },
                )
            })?;
            ctx.emit(views::article::edited(&article, &changed))
        }
    }
}

/// Validates an edit against the article as it stands and records the fields that
/// change; returns the article as edited and the names of those fields.
fn edit(
    ledger: &mut dyn Ledger,
    args: &ArticleEditArgs,
    by: Acting<'_>,
) -> Result<(Article, Vec<&'static str>)> {
    let given = [
        &args.title,
        &args.outlet,
        &args.url,
        &args.lang,
        &args.published,
    ];
    if given.iter().all(|g| g.is_none()) {
        return Err(user(format!(
            "nothing to change in article {}: give --title, --outlet, --url, --lang or --published",
            args.article
        )));
    }
    let article = resolve::article(ledger, &args.article)?;
    let mut wanted: Vec<(ArticleField, Option<String>)> = Vec::new();
    if let Some(title) = &args.title {
        wanted.push((ArticleField::Title, Some(valid_title(title)?)));
    }
    if let Some(outlet) = &args.outlet {
        wanted.push((ArticleField::Outlet, valid_outlet(Some(outlet.clone()))?));
    }
    if let Some(url) = &args.url {
        wanted.push((ArticleField::Url, valid_url(Some(url.clone()))?));
    }
    if let Some(lang) = &args.lang {
        wanted.push((ArticleField::Lang, valid_lang(Some(lang.clone()))?));
    }
    if let Some(published) = &args.published {
        wanted.push((
            ArticleField::PublishedAt,
            valid_published(Some(published.clone()))?,
        ));
    }
    let now = |field: ArticleField| -> Option<&str> {
        match field {
            ArticleField::Title => Some(article.title.as_str()),
            ArticleField::Outlet => article.outlet.as_deref(),
            ArticleField::Url => article.url.as_deref(),
            ArticleField::Lang => article.lang.as_deref(),
            ArticleField::PublishedAt => article.published_at.as_deref(),
        }
    };
    // Only what differs is recorded: an entry that changes nothing would only blur what
    // `log` shows.
    let changes: Vec<(ArticleField, Option<String>)> = wanted
        .into_iter()
        .filter(|(field, value)| now(*field) != value.as_deref())
        .collect();
    if changes.is_empty() {
        return Err(user(format!(
            "article {} already has the values given; nothing was changed",
            article.slug
        )));
    }
    ledger.edit_article(article.id, &changes, by)?;
    let fields = changes.iter().map(|(f, _)| f.column()).collect();
    Ok((resolve::article(ledger, &article.id.to_string())?, fields))
}

/// An article as typed, before validation.
pub(super) struct ArticleInput {
    pub title: String,
    pub slug: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
    pub published: Option<String>,
    pub body: Option<String>,
}

/// Reads an article's text from a file or, for `-`, standard input; it must be UTF-8 and
/// at most [`MAX_BODY_BYTES`].
fn read_body(path: &Path) -> Result<String> {
    let mut bytes = Vec::new();
    let name = if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(MAX_BODY_BYTES + 1)
            .read_to_end(&mut bytes)
            .context("cannot read the article text from standard input")?;
        "standard input".to_string()
    } else {
        std::fs::File::open(path)
            .and_then(|file| file.take(MAX_BODY_BYTES + 1).read_to_end(&mut bytes))
            .with_context(|| format!("cannot read the article text from {}", path.display()))?;
        path.display().to_string()
    };
    if bytes.len() as u64 > MAX_BODY_BYTES {
        return Err(user(format!(
            "the text in {name} is longer than {} MB, the most one article holds; record the part that carries the claims",
            MAX_BODY_BYTES / (1024 * 1024)
        )));
    }
    String::from_utf8(bytes).map_err(|err| {
        let at = err.utf8_error().valid_up_to();
        user(format!(
            "the text in {name} is not UTF-8 (invalid byte at offset {at}); convert it first, e.g. `iconv -f WINDOWS-1252 -t UTF-8 {name}`"
        ))
    })
}

fn clean(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

/// A headline as `--title` gives it: trimmed, one line, not empty.
fn valid_title(title: &str) -> Result<String> {
    let title = title.trim().to_string();
    resolve::check_name(&title, "article title")?;
    if title.is_empty() {
        return Err(user(
            "the article title is empty; give its headline with --title",
        ));
    }
    Ok(title)
}

/// An outlet as `--outlet` gives it; empty means none.
fn valid_outlet(outlet: Option<String>) -> Result<Option<String>> {
    if let Some(v) = &outlet {
        resolve::check_name(v, "--outlet")?;
    }
    Ok(clean(outlet))
}

/// An address as `--url` gives it; empty means none.
fn valid_url(url: Option<String>) -> Result<Option<String>> {
    if let Some(v) = &url {
        resolve::check_name(v, "--url")?;
    }
    let url = clean(url);
    if let Some(url) = &url {
        check_url(url, "--url")?;
    }
    Ok(url)
}

/// A language as `--lang` gives it; empty means none.
fn valid_lang(lang: Option<String>) -> Result<Option<String>> {
    let lang = clean(lang);
    if let Some(lang) = &lang {
        if !is_valid_language(lang) {
            return Err(user(format!(
                "--lang '{lang}' is not a BCP-47 language tag; write e.g. nl, en, ar or en-GB"
            )));
        }
    }
    Ok(lang)
}

/// A publication date or time as `--published` gives it, stored with its precision;
/// empty means none.
fn valid_published(published: Option<String>) -> Result<Option<String>> {
    match clean(published) {
        Some(text) => Ok(Some(
            clock::parse_when(&text).map_err(|e| user(format!("--published: {e}")))?,
        )),
        None => Ok(None),
    }
}

/// Validates and records an article.
pub(super) fn add(ledger: &mut dyn Ledger, input: ArticleInput, by: Acting<'_>) -> Result<Article> {
    let title = valid_title(&input.title)?;
    let outlet = valid_outlet(input.outlet)?;
    let url = valid_url(input.url)?;
    let lang = valid_lang(input.lang)?;
    let published = valid_published(input.published)?;
    let slug = match clean(input.slug) {
        Some(slug) => {
            if !is_valid_slug(&slug) {
                return Err(user(format!(
                    "--slug '{slug}' is not a slug; use lowercase letters, digits and single dashes, not only digits, e.g. atme-raid-nl"
                )));
            }
            if ledger.article_slug_taken(&slug)? {
                return Err(user(format!(
                    "an article with slug '{slug}' already exists; choose another --slug (`crosscheck article show {slug}` shows it)"
                )));
            }
            slug
        }
        None => {
            let base = slugify(&title);
            let mut slug = base.clone();
            let mut n = 2;
            while ledger.article_slug_taken(&slug)? {
                slug = format!("{base}-{n}");
                n += 1;
            }
            slug
        }
    };
    let body_sha256 = input.body.as_deref().map(body_sha256);
    let id = ledger.insert_article(&NewArticle {
        slug,
        title,
        outlet,
        url,
        lang,
        published_at: published,
        body: input.body,
        body_sha256,
        created_at: by.at.to_string(),
        created_by: by.who.to_string(),
    })?;
    resolve::article(ledger, &id.to_string())
}

/// Refuses text that is not a URL: a scheme, a colon, then something without spaces.
pub(super) fn check_url(url: &str, flag: &str) -> Result<()> {
    if !is_url(url) {
        return Err(user(format!(
            "{flag} '{url}' is not a URL; give it with its scheme, e.g. https://example.org/page or file:///path/to/document.pdf"
        )));
    }
    Ok(())
}
