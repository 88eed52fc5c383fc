//! What each command shows, built from domain values: the JSON documents (their field
//! names are a public interface, listed in the README), the tables and the CSV rows.

use serde::Serialize;
use serde_json::Value;

use super::{Block, Cell, Output, Table, SCHEMA_VERSION};
use crate::model::compare::{Compared, Comparison, MetricRow};
use crate::model::listing::{ArticleListing, IncidentListing, SourceListing};
use crate::model::{
    Article, Claim, ClaimFigure, Evidence, FigureKind, Incident, StatusChange, Tolerance,
};

fn json(value: impl Serialize) -> Value {
    // Serialising our own plain structs cannot fail.
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn opt(text: &Option<String>) -> String {
    text.clone().unwrap_or_else(|| "-".to_string())
}

/// An article in JSON.
#[derive(Serialize)]
pub struct ArticleView {
    id: i64,
    slug: String,
    title: String,
    outlet: Option<String>,
    url: Option<String>,
    lang: Option<String>,
    published_at: Option<String>,
    body_sha256: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    claims: Option<i64>,
    created_at: String,
}

impl ArticleView {
    fn new(a: &Article, claims: Option<i64>, with_body: bool) -> ArticleView {
        ArticleView {
            id: a.id,
            slug: a.slug.clone(),
            title: a.title.clone(),
            outlet: a.outlet.clone(),
            url: a.url.clone(),
            lang: a.lang.clone(),
            published_at: a.published_at.clone(),
            body_sha256: a.body_sha256.clone(),
            body: if with_body { a.body.clone() } else { None },
            claims,
            created_at: a.created_at.clone(),
        }
    }
}

/// `article list`.
pub fn article_list(articles: &[ArticleListing]) -> Output {
    let mut table = Table::new(&[
        "id",
        "slug",
        "title",
        "outlet",
        "lang",
        "published",
        "claims",
        "text",
    ]);
    for l in articles {
        let a = &l.article;
        table.push(vec![
            a.id.to_string().into(),
            a.slug.clone().into(),
            a.title.clone().into(),
            opt(&a.outlet).into(),
            opt(&a.lang).into(),
            opt(&a.published_at).into(),
            l.claims.to_string().into(),
            if a.body_sha256.is_some() { "yes" } else { "no" }.into(),
        ]);
    }
    let mut csv = Table::new(&[
        "id",
        "slug",
        "title",
        "outlet",
        "url",
        "lang",
        "published_at",
        "body_sha256",
        "claims",
    ]);
    for l in articles {
        let a = &l.article;
        csv.push(vec![
            a.id.to_string().into(),
            a.slug.clone().into(),
            a.title.clone().into(),
            a.outlet.clone().unwrap_or_default().into(),
            a.url.clone().unwrap_or_default().into(),
            a.lang.clone().unwrap_or_default().into(),
            a.published_at.clone().unwrap_or_default().into(),
            a.body_sha256.clone().unwrap_or_default().into(),
            l.claims.to_string().into(),
        ]);
    }
    Output {
        json: json(
            articles
                .iter()
                .map(|l| ArticleView::new(&l.article, Some(l.claims), false))
                .collect::<Vec<_>>(),
        ),
        blocks: vec![Block::Table(table)],
        csv,
    }
}

/// `article show`, and the confirmation of `article add`.
pub fn article_show(a: &Article, claims: &[Claim]) -> Output {
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
            format!("{} characters, sha256 {sha}", body.chars().count()),
        ));
    }
    let mut blocks = vec![Block::Fields(fields)];
    if let Some(body) = &a.body {
        blocks.push(Block::Text(body.trim_end().to_string()));
    }
    if !claims.is_empty() {
        blocks.push(Block::Table(claim_table(claims)));
    }
    let mut view = json(ArticleView::new(a, Some(claims.len() as i64), true));
    if let Value::Object(map) = &mut view {
        map.insert("schema_version".into(), SCHEMA_VERSION.into());
    }
    Output {
        json: view,
        blocks,
        csv: article_list(&[ArticleListing {
            article: a.clone(),
            claims: claims.len() as i64,
        }])
        .csv,
    }
}

/// A source in JSON.
#[derive(Serialize)]
struct SourceView<'a> {
    id: i64,
    name: &'a str,
    aliases: &'a [String],
    kind: &'static str,
    grade: Option<&'static str>,
    notes: Option<&'a str>,
    claims: i64,
    relayed: i64,
    created_at: &'a str,
}

fn source_view(l: &SourceListing) -> SourceView<'_> {
    SourceView {
        id: l.source.id,
        name: &l.source.name,
        aliases: &l.source.aliases,
        kind: l.source.kind.as_str(),
        grade: l.source.grade.map(|g| g.as_str()),
        notes: l.source.notes.as_deref(),
        claims: l.claims,
        relayed: l.relayed,
        created_at: &l.source.created_at,
    }
}

/// `source list`.
pub fn source_list(sources: &[SourceListing]) -> Output {
    let mut table = Table::new(&[
        "id", "name", "aliases", "kind", "grade", "claims", "relayed",
    ]);
    let mut csv = Table::new(&[
        "id", "name", "aliases", "kind", "grade", "notes", "claims", "relayed",
    ]);
    for l in sources {
        let s = &l.source;
        let grade = s.grade.map(|g| g.as_str()).unwrap_or("-");
        table.push(vec![
            s.id.to_string().into(),
            s.name.clone().into(),
            s.aliases.join("; ").into(),
            s.kind.as_str().into(),
            grade.into(),
            l.claims.to_string().into(),
            l.relayed.to_string().into(),
        ]);
        csv.push(vec![
            s.id.to_string().into(),
            s.name.clone().into(),
            s.aliases.join("; ").into(),
            s.kind.as_str().into(),
            s.grade.map(|g| g.as_str()).unwrap_or("").into(),
            s.notes.clone().unwrap_or_default().into(),
            l.claims.to_string().into(),
            l.relayed.to_string().into(),
        ]);
    }
    Output {
        json: json(sources.iter().map(source_view).collect::<Vec<_>>()),
        blocks: vec![Block::Table(table)],
        csv,
    }
}

/// `source show`.
pub fn source_show(l: &SourceListing, claims: &[Claim]) -> Output {
    let s = &l.source;
    let grade = match s.grade {
        Some(g) => format!("{g} ({})", g.meaning()),
        None => "- (not graded)".to_string(),
    };
    let fields = vec![
        ("source".to_string(), format!("{} ({})", s.name, s.id)),
        (
            "aliases".to_string(),
            if s.aliases.is_empty() {
                "-".into()
            } else {
                s.aliases.join("; ")
            },
        ),
        ("kind".to_string(), s.kind.as_str().to_string()),
        ("grade".to_string(), grade),
        ("notes".to_string(), opt(&s.notes)),
        (
            "claims".to_string(),
            format!("{} made, {} relayed", l.claims, l.relayed),
        ),
    ];
    let mut blocks = vec![Block::Fields(fields)];
    if !claims.is_empty() {
        blocks.push(Block::Table(claim_table(claims)));
    }
    let mut view = json(source_view(l));
    if let Value::Object(map) = &mut view {
        map.insert("schema_version".into(), SCHEMA_VERSION.into());
        map.insert(
            "claim_ids".into(),
            json(claims.iter().map(|c| c.id).collect::<Vec<_>>()),
        );
    }
    Output {
        json: view,
        blocks,
        csv: source_list(std::slice::from_ref(l)).csv,
    }
}

/// An incident in JSON.
#[derive(Serialize)]
struct IncidentView<'a> {
    id: i64,
    slug: &'a str,
    title: &'a str,
    date: Option<&'a str>,
    place: Option<&'a str>,
    claims: i64,
    created_at: &'a str,
}

fn incident_view(i: &Incident, claims: i64) -> IncidentView<'_> {
    IncidentView {
        id: i.id,
        slug: &i.slug,
        title: &i.title,
        date: i.date.as_deref(),
        place: i.place.as_deref(),
        claims,
        created_at: &i.created_at,
    }
}

/// `incident list`.
pub fn incident_list(incidents: &[IncidentListing]) -> Output {
    let mut table = Table::new(&["id", "slug", "title", "date", "place", "claims"]);
    let mut csv = table.clone();
    for l in incidents {
        let i = &l.incident;
        let row = |empty: &str| -> Vec<Cell> {
            vec![
                i.id.to_string().into(),
                i.slug.clone().into(),
                i.title.clone().into(),
                i.date.clone().unwrap_or_else(|| empty.into()).into(),
                i.place.clone().unwrap_or_else(|| empty.into()).into(),
                l.claims.to_string().into(),
            ]
        };
        table.push(row("-"));
        csv.push(row(""));
    }
    Output {
        json: json(
            incidents
                .iter()
                .map(|l| incident_view(&l.incident, l.claims))
                .collect::<Vec<_>>(),
        ),
        blocks: vec![Block::Table(table)],
        csv,
    }
}

/// `incident show`.
pub fn incident_show(i: &Incident, claims: &[Claim]) -> Output {
    let fields = vec![
        ("incident".to_string(), format!("{} ({})", i.slug, i.id)),
        ("title".to_string(), i.title.clone()),
        ("date".to_string(), opt(&i.date)),
        ("place".to_string(), opt(&i.place)),
        ("claims".to_string(), claims.len().to_string()),
    ];
    let mut blocks = vec![Block::Fields(fields)];
    if !claims.is_empty() {
        blocks.push(Block::Table(claim_table(claims)));
    }
    let mut view = json(incident_view(i, claims.len() as i64));
    if let Value::Object(map) = &mut view {
        map.insert("schema_version".into(), SCHEMA_VERSION.into());
        map.insert(
            "claim_ids".into(),
            json(claims.iter().map(|c| c.id).collect::<Vec<_>>()),
        );
    }
    Output {
        json: view,
        blocks,
        csv: incident_list(&[IncidentListing {
            incident: i.clone(),
            claims: claims.len() as i64,
        }])
        .csv,
    }
}

/// A figure in JSON.
#[derive(Serialize)]
struct FigureView {
    metric: String,
    spec: String,
    stated: String,
    low: i64,
    high: Option<i64>,
    qualifier: &'static str,
    kind: &'static str,
}

fn figure_view(f: &ClaimFigure) -> FigureView {
    let interval = f.figure.interval(Tolerance::DEFAULT);
    FigureView {
        metric: f.figure.metric.clone(),
        spec: f.figure.spec(),
        stated: f.figure.stated(),
        low: interval.low,
        high: interval.high,
        qualifier: f.figure.qualifier.as_str(),
        kind: f.figure.kind.as_str(),
    }
}

/// A claim in JSON.
#[derive(Serialize)]
struct ClaimView<'a> {
    id: i64,
    status: &'static str,
    article: &'a str,
    incident: Option<&'a str>,
    source: &'a str,
    via: Option<&'a str>,
    text: &'a str,
    quote: Option<&'a str>,
    quote_start: Option<i64>,
    quote_end: Option<i64>,
    translation: Option<&'a str>,
    as_of: &'a str,
    figures: Vec<FigureView>,
    created_at: &'a str,
    created_by: &'a str,
}

fn claim_view(c: &Claim) -> ClaimView<'_> {
    ClaimView {
        id: c.id,
        status: c.status.as_str(),
        article: &c.article_slug,
        incident: c.incident_slug.as_deref(),
        source: &c.source_name,
        via: c.via_name.as_deref(),
        text: &c.text,
        quote: c.quote.as_deref(),
        quote_start: c.quote_span.map(|s| s.0),
        quote_end: c.quote_span.map(|s| s.1),
        translation: c.translation.as_deref(),
        as_of: &c.as_of,
        figures: c.figures.iter().map(figure_view).collect(),
        created_at: &c.created_at,
        created_by: &c.created_by,
    }
}

/// The figures of a claim as one short line: `killed=13, killed.children=4`.
pub fn figures_line(c: &Claim) -> String {
    c.figures
        .iter()
        .map(|f| f.figure.spec())
        .collect::<Vec<_>>()
        .join(", ")
}

fn source_with_via(c: &Claim) -> String {
    match &c.via_name {
        Some(via) => format!("{} (via {via})", c.source_name),
        None => c.source_name.clone(),
    }
}

fn claim_table(claims: &[Claim]) -> Table {
    let mut table =
        Table::new(&["id", "status", "source", "incident", "figures", "text"]).nowrap(&[0, 1]);
    for c in claims {
        table.push(vec![
            c.id.to_string().into(),
            c.status.as_str().into(),
            source_with_via(c).into(),
            opt(&c.incident_slug).into(),
            figures_line(c).into(),
            c.text.clone().into(),
        ]);
    }
    table
}

fn claim_csv(claims: &[Claim]) -> Table {
    let mut csv = Table::new(&[
        "id",
        "status",
        "article",
        "incident",
        "source",
        "via",
        "text",
        "quote",
        "quote_start",
        "quote_end",
        "translation",
        "as_of",
        "figures",
        "created_at",
        "created_by",
    ]);
    for c in claims {
        let num = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
        csv.push(vec![
            c.id.to_string().into(),
            c.status.as_str().into(),
            c.article_slug.clone().into(),
            c.incident_slug.clone().unwrap_or_default().into(),
            c.source_name.clone().into(),
            c.via_name.clone().unwrap_or_default().into(),
            c.text.clone().into(),
            c.quote.clone().unwrap_or_default().into(),
            num(c.quote_span.map(|s| s.0)).into(),
            num(c.quote_span.map(|s| s.1)).into(),
            c.translation.clone().unwrap_or_default().into(),
            c.as_of.clone().into(),
            figures_line(c).into(),
            c.created_at.clone().into(),
            c.created_by.clone().into(),
        ]);
    }
    csv
}

/// `claim list`.
pub fn claim_list(claims: &[Claim]) -> Output {
    Output {
        json: json(claims.iter().map(claim_view).collect::<Vec<_>>()),
        blocks: vec![Block::Table(claim_table(claims))],
        csv: claim_csv(claims),
    }
}

/// A history entry in JSON.
#[derive(Serialize)]
struct ChangeView<'a> {
    id: i64,
    from: Option<&'static str>,
    to: &'static str,
    who: &'a str,
    at: &'a str,
    note: Option<&'a str>,
}

/// Evidence in JSON.
#[derive(Serialize)]
struct EvidenceView<'a> {
    id: i64,
    url: &'a str,
    stance: &'static str,
    note: Option<&'a str>,
    status_change: Option<i64>,
    who: &'a str,
    at: &'a str,
}

fn change_view(s: &StatusChange) -> ChangeView<'_> {
    ChangeView {
        id: s.id,
        from: s.from.map(|f| f.as_str()),
        to: s.to.as_str(),
        who: &s.who,
        at: &s.at,
        note: s.note.as_deref(),
    }
}

fn evidence_view(e: &Evidence) -> EvidenceView<'_> {
    EvidenceView {
        id: e.id,
        url: &e.url,
        stance: e.stance.as_str(),
        note: e.note.as_deref(),
        status_change: e.status_change_id,
        who: &e.who,
        at: &e.at,
    }
}

/// `claim show`.
pub fn claim_show(c: &Claim, history: &[StatusChange], evidence: &[Evidence]) -> Output {
    let mut fields = vec![
        ("claim".to_string(), c.id.to_string()),
        ("status".to_string(), c.status.as_str().to_string()),
        ("source".to_string(), source_with_via(c)),
        ("article".to_string(), c.article_slug.clone()),
        ("incident".to_string(), opt(&c.incident_slug)),
        ("as of".to_string(), c.as_of.clone()),
        ("text".to_string(), c.text.clone()),
    ];
    if let Some(q) = &c.quote {
        let at = match c.quote_span {
            Some((s, e)) => format!(" (characters {s}-{e})"),
            None => String::new(),
        };
        fields.push(("quote".to_string(), format!("“{q}”{at}")));
    }
    if let Some(t) = &c.translation {
        fields.push(("translation".to_string(), t.clone()));
    }
    fields.push((
        "recorded".to_string(),
        format!("{} by {}", c.created_at, c.created_by),
    ));
    let mut blocks = vec![Block::Fields(fields)];
    if !c.figures.is_empty() {
        let mut t = Table::new(&["metric", "figure", "interval", "qualifier", "kind"]).nowrap(&[0]);
        for f in &c.figures {
            let i = f.figure.interval(Tolerance::DEFAULT);
            t.push(vec![
                f.figure.metric.clone().into(),
                f.figure.stated().into(),
                interval_text(i.low, i.high).into(),
                f.figure.qualifier.as_str().into(),
                f.figure.kind.as_str().into(),
            ]);
        }
        blocks.push(Block::Table(t));
    }
    blocks.extend(history_blocks(history, evidence));
    let mut view = json(claim_view(c));
    if let Value::Object(map) = &mut view {
        map.insert("schema_version".into(), SCHEMA_VERSION.into());
        map.insert(
            "history".into(),
            json(history.iter().map(change_view).collect::<Vec<_>>()),
        );
        map.insert(
            "evidence".into(),
            json(evidence.iter().map(evidence_view).collect::<Vec<_>>()),
        );
    }
    Output {
        json: view,
        blocks,
        csv: claim_csv(std::slice::from_ref(c)),
    }
}

fn interval_text(low: i64, high: Option<i64>) -> String {
    match high {
        Some(h) if h == low => format!("[{low}]"),
        Some(h) => format!("[{low}, {h}]"),
        None => format!("[{low}, ∞)"),
    }
}

fn history_blocks(history: &[StatusChange], evidence: &[Evidence]) -> Vec<Block> {
    // In time order; evidence given with a status change sits right under that change.
    let mut rows: Vec<((String, i64, i64), Vec<Cell>)> = Vec::new();
    for s in history {
        let change = match s.from {
            Some(from) => format!("{from} → {}", s.to),
            None => format!("recorded as {}", s.to),
        };
        let row = vec![
            s.at.clone().into(),
            s.who.clone().into(),
            change.into(),
            opt(&s.note).into(),
        ];
        rows.push(((s.at.clone(), s.id, 0), row));
    }
    for e in evidence {
        let key = match e
            .status_change_id
            .and_then(|id| history.iter().find(|s| s.id == id))
        {
            Some(s) => (s.at.clone(), s.id, e.id),
            None => (e.at.clone(), i64::MAX, e.id),
        };
        let note = match &e.note {
            Some(n) => format!("{} — {n}", e.url),
            None => e.url.clone(),
        };
        let row = vec![
            e.at.clone().into(),
            e.who.clone().into(),
            format!("evidence ({})", e.stance).into(),
            note.into(),
        ];
        rows.push((key, row));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut t = Table::new(&["when", "who", "change", "note"]).nowrap(&[0]);
    for (_, row) in rows {
        t.push(row);
    }
    vec![Block::Table(t)]
}

/// `history`.
pub fn history(c: &Claim, history: &[StatusChange], evidence: &[Evidence]) -> Output {
    let mut blocks = vec![Block::Heading(format!(
        "claim {} ({}): {}",
        c.id, c.status, c.text
    ))];
    blocks.extend(history_blocks(history, evidence));
    let mut csv = Table::new(&[
        "claim", "kind", "id", "at", "who", "from", "to", "stance", "url", "note",
    ]);
    for s in history {
        csv.push(vec![
            c.id.to_string().into(),
            "status".into(),
            s.id.to_string().into(),
            s.at.clone().into(),
            s.who.clone().into(),
            s.from.map(|f| f.as_str()).unwrap_or("").into(),
            s.to.as_str().into(),
            "".into(),
            "".into(),
            s.note.clone().unwrap_or_default().into(),
        ]);
    }
    for e in evidence {
        csv.push(vec![
            c.id.to_string().into(),
            "evidence".into(),
            e.id.to_string().into(),
            e.at.clone().into(),
            e.who.clone().into(),
            "".into(),
            "".into(),
            e.stance.as_str().into(),
            e.url.clone().into(),
            e.note.clone().unwrap_or_default().into(),
        ]);
    }
    Output {
        json: serde_json::json!({
            "schema_version": SCHEMA_VERSION,
            "claim": c.id,
            "status": c.status.as_str(),
            "history": history.iter().map(change_view).collect::<Vec<_>>(),
            "evidence": evidence.iter().map(evidence_view).collect::<Vec<_>>(),
        }),
        blocks,
        csv,
    }
}

/// A compared figure in JSON.
#[derive(Serialize)]
struct ComparedView<'a> {
    claim: i64,
    source: &'a str,
    via: Option<&'a str>,
    low: i64,
    high: Option<i64>,
    qualifier: &'static str,
    kind: &'static str,
    stated: String,
    status: &'static str,
    article: &'a str,
    as_of: &'a str,
    latest: bool,
}

fn compared_view(c: &Compared) -> ComparedView<'_> {
    ComparedView {
        claim: c.record.claim_id,
        source: &c.record.origin,
        via: c.record.via.as_deref(),
        low: c.interval.low,
        high: c.interval.high,
        qualifier: c.record.figure.qualifier.as_str(),
        kind: c.record.figure.kind.as_str(),
        stated: c.record.figure.stated(),
        status: c.record.status.as_str(),
        article: &c.record.article,
        as_of: &c.record.as_of,
        latest: c.latest,
    }
}

/// A metric row in JSON.
#[derive(Serialize)]
struct MetricView<'a> {
    metric: &'a str,
    conflict: bool,
    inconsistent: bool,
    spread: Option<i64>,
    figures: Vec<ComparedView<'a>>,
}

fn metric_view(m: &MetricRow) -> MetricView<'_> {
    MetricView {
        metric: &m.metric,
        conflict: m.conflict,
        inconsistent: m.inconsistent,
        spread: m.spread,
        figures: m.figures.iter().map(compared_view).collect(),
    }
}

/// A figure as a comparison cell shows it: `13`, `~280000 estimated`, `4 via Reuters`.
fn cell_text(c: &Compared) -> String {
    let mut text = c.record.figure.stated();
    if c.record.figure.kind != FigureKind::Reported {
        text.push(' ');
        text.push_str(c.record.figure.kind.as_str());
    }
    if let Some(via) = &c.record.via {
        text.push_str(" via ");
        text.push_str(via);
    }
    text
}

fn yes_no(flag: bool) -> Cell {
    Cell::alert(if flag { "YES" } else { "no" }, flag)
}

/// `compare`.
pub fn compare(incident: &Incident, comparison: &Comparison, tolerance: Tolerance) -> Output {
    let mut headers: Vec<&str> = vec!["metric"];
    headers.extend(comparison.origins.iter().map(|o| o.name.as_str()));
    headers.extend(["spread", "conflict", "inconsistent"]);
    let mut table = Table::new(&headers).nowrap(&[0]);
    for m in &comparison.metrics {
        let mut row: Vec<Cell> = vec![Cell::alert(m.metric.clone(), m.conflict || m.inconsistent)];
        for origin in &comparison.origins {
            let mut mine = m.figures.iter().filter(|f| f.record.origin_id == origin.id);
            let mut text = String::new();
            if let Some(latest) = mine.clone().find(|f| f.latest) {
                text = cell_text(latest);
            }
            let earlier: Vec<String> = mine
                .by_ref()
                .filter(|f| !f.latest)
                .map(|f| format!("{} ({})", cell_text(f), f.record.as_of))
                .collect();
            if !earlier.is_empty() {
                if text.is_empty() {
                    text.push('-');
                }
                text.push_str(&format!("\nearlier: {}", earlier.join("; ")));
            }
            if text.is_empty() {
                text.push('-');
            }
            row.push(text.into());
        }
        row.push(m.spread.map_or("-".to_string(), |s| s.to_string()).into());
        row.push(yes_no(m.conflict));
        row.push(yes_no(m.inconsistent));
        table.push(row);
    }
    let mut blocks = vec![Block::Heading(format!(
        "{} — {}{}",
        incident.slug,
        incident.title,
        incident
            .date
            .as_ref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default()
    ))];
    if comparison.metrics.is_empty() {
        blocks.push(Block::Text(format!(
            "No figures recorded for {} yet; add claims with --figure, e.g. `crosscheck claim add --incident {} … --figure killed=13`.",
            incident.slug, incident.slug
        )));
    } else {
        blocks.push(Block::Table(table));
        blocks.push(Block::Text(summary(comparison, tolerance)));
    }
    let mut csv = Table::new(&[
        "incident",
        "metric",
        "source",
        "via",
        "stated",
        "low",
        "high",
        "qualifier",
        "kind",
        "status",
        "claim",
        "article",
        "as_of",
        "latest",
        "spread",
        "conflict",
        "inconsistent",
    ]);
    for m in &comparison.metrics {
        for f in &m.figures {
            csv.push(compare_csv_row(&incident.slug, m, f));
        }
    }
    Output {
        json: serde_json::json!({
            "schema_version": SCHEMA_VERSION,
            "incident": { "id": incident.id, "slug": incident.slug, "title": incident.title,
                          "date": incident.date, "place": incident.place },
            "tolerance_percent": tolerance.to_string().trim_end_matches('%'),
            "sources": comparison.origins.iter().map(|o| &o.name).collect::<Vec<_>>(),
            "metrics": comparison.metrics.iter().map(metric_view).collect::<Vec<_>>(),
            "inconsistencies": comparison.inconsistencies.iter().map(|i| serde_json::json!({
                "source": i.origin, "metric": i.metric, "detail": i.detail,
            })).collect::<Vec<_>>(),
        }),
        blocks,
        csv,
    }
}

fn compare_csv_row(incident: &str, m: &MetricRow, f: &Compared) -> Vec<Cell> {
    vec![
        incident.into(),
        m.metric.clone().into(),
        f.record.origin.clone().into(),
        f.record.via.clone().unwrap_or_default().into(),
        f.record.figure.stated().into(),
        f.interval.low.to_string().into(),
        f.interval
            .high
            .map(|h| h.to_string())
            .unwrap_or_default()
            .into(),
        f.record.figure.qualifier.as_str().into(),
        f.record.figure.kind.as_str().into(),
        f.record.status.as_str().into(),
        f.record.claim_id.to_string().into(),
        f.record.article.clone().into(),
        f.record.as_of.clone().into(),
        f.latest.to_string().into(),
        m.spread.map(|s| s.to_string()).unwrap_or_default().into(),
        m.conflict.to_string().into(),
        m.inconsistent.to_string().into(),
    ]
}

fn summary(c: &Comparison, tolerance: Tolerance) -> String {
    let conflicts: Vec<&str> = c
        .metrics
        .iter()
        .filter(|m| m.conflict)
        .map(|m| m.metric.as_str())
        .collect();
    let mut lines = vec![match conflicts.len() {
        0 => "No conflicts: every source's figures overlap.".to_string(),
        1 => format!("1 conflict: {}.", conflicts[0]),
        n => format!("{n} conflicts: {}.", conflicts.join(", ")),
    }];
    for i in &c.inconsistencies {
        lines.push(format!("Inconsistent: {} gives {}.", i.origin, i.detail));
    }
    lines.push(format!(
        "Each source's latest figure counts; ~N spans ±{tolerance}. Sources are origins: a figure relayed by an outlet counts once, for whoever gave it."
    ));
    lines.join("\n")
}

/// One incident's findings for `conflicts`.
pub struct IncidentFindings<'a> {
    /// The incident.
    pub incident: &'a Incident,
    /// Its comparison.
    pub comparison: &'a Comparison,
}

/// `conflicts`.
pub fn conflicts(found: &[IncidentFindings<'_>]) -> Output {
    let mut table = Table::new(&[
        "incident",
        "metric",
        "conflict",
        "inconsistent",
        "spread",
        "figures",
    ]);
    let mut csv = Table::new(&[
        "incident",
        "metric",
        "source",
        "via",
        "stated",
        "low",
        "high",
        "qualifier",
        "kind",
        "status",
        "claim",
        "article",
        "as_of",
        "latest",
        "spread",
        "conflict",
        "inconsistent",
    ]);
    let mut docs = Vec::new();
    for f in found {
        for m in f
            .comparison
            .metrics
            .iter()
            .filter(|m| m.conflict || m.inconsistent)
        {
            let figures: Vec<String> = m
                .figures
                .iter()
                .filter(|c| c.latest)
                .map(|c| format!("{}: {}", c.record.origin, cell_text(c)))
                .collect();
            table.push(vec![
                f.incident.slug.clone().into(),
                m.metric.clone().into(),
                yes_no(m.conflict),
                yes_no(m.inconsistent),
                m.spread.map_or("-".to_string(), |s| s.to_string()).into(),
                figures.join("; ").into(),
            ]);
            for c in &m.figures {
                csv.push(compare_csv_row(&f.incident.slug, m, c));
            }
            let mut view = json(metric_view(m));
            if let Value::Object(map) = &mut view {
                map.insert("incident".into(), f.incident.slug.clone().into());
            }
            docs.push(view);
        }
    }
    let blocks = if table.rows.is_empty() {
        vec![Block::Text(
            "No conflicts or inconsistent breakdowns in the ledger.".to_string(),
        )]
    } else {
        let n = table.rows.len();
        vec![
            Block::Table(table),
            Block::Text(format!(
                "{n} metric{} to resolve.",
                if n == 1 { "" } else { "s" }
            )),
        ]
    };
    Output {
        json: Value::Array(docs),
        blocks,
        csv,
    }
}

/// A one-line confirmation of a write, with the written thing for scripts.
pub fn done(message: String, json_value: Value) -> Output {
    let mut csv = Table::new(&["message"]);
    csv.push(vec![message.clone().into()]);
    Output {
        json: json_value,
        blocks: vec![Block::Text(message)],
        csv,
    }
}

/// The JSON of one claim, for confirmations.
pub fn claim_json(c: &Claim) -> Value {
    json(claim_view(c))
}

/// The JSON of one source, for confirmations.
pub fn source_json(l: &SourceListing) -> Value {
    json(source_view(l))
}

/// The JSON of one incident, for confirmations.
pub fn incident_json(i: &Incident) -> Value {
    json(incident_view(i, 0))
}

/// The JSON of one article, for confirmations.
pub fn article_json(a: &Article) -> Value {
    json(ArticleView::new(a, None, false))
}
