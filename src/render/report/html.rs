//! The report as one self-contained HTML file: inline CSS (with a print stylesheet and a
//! layout that reflows on a phone), an inline SVG chart per metric, no scripts, fonts or
//! anything else fetched from elsewhere. It is written for every reader: semantic tables
//! (captions, header cells with their scope), landmarks, each chart with its values in a
//! table beside it, text in other languages marked with its `lang` (and `dir` when it is
//! written right to left), numbers grouped, codes in words. A comparison too wide for a
//! phone or a page turns there into one block per metric, so nothing is ever cut. Every
//! piece of user text goes through [`escape`]; only http and https addresses become links.

use std::fmt::Write;

use super::words::{capitalised, is_right_to_left};
use super::{
    conflicts_in_row, escape, figure_cell, figure_value, is_web_link, latest, Report, Words,
    STATUS_ORDER,
};
use crate::model::compare::MetricRow;
use crate::model::is_valid_language;
use crate::model::publication::CorrectionKind;

const STYLE: &str = r#"
:root { --ink: #1d1d1f; --muted: #4a4f55; --line: #c9c9d0; --bad: #a1221b; --good: #17603a; --mark: #1c4a8f; --bg: #f2f3f5; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 64rem; padding: 1rem; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.5rem 0; }
h2 { font-size: 1.25rem; border-bottom: 2px solid var(--line); padding-bottom: 0.2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 0.4rem; }
h2, h3, h4, caption, figcaption { break-after: avoid; page-break-after: avoid; }
.meta, .muted { color: var(--muted); }
.summary { background: var(--bg); padding: 0.6rem 0.8rem; border-left: 4px solid var(--mark); }
code { font-size: 0.85em; overflow-wrap: anywhere; }
.scroll { overflow-x: auto; margin: 0.5rem 0; position: relative; }
.scroll:focus-visible { outline: 3px solid var(--mark); outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
caption { text-align: left; font-weight: 600; padding: 0.2rem 0; }
th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.5rem; border-bottom: 1px solid var(--line); }
thead th { background: var(--bg); }
tbody th { font-weight: 600; }
table.comparison tbody th { position: sticky; left: 0; background: #fff; min-width: 9rem; }
table.comparison thead th:first-child { position: sticky; left: 0; }
.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.conflict th, td.conflict { color: var(--bad); }
.flag { color: var(--bad); font-weight: 700; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
a { color: var(--mark); }
a.url { overflow-wrap: anywhere; font-size: 0.85em; }
article.claim { border: 1px solid var(--line); border-radius: 6px; padding: 0.6rem 0.8rem; margin: 0.6rem 0; break-inside: avoid; }
article.claim h4 { margin: 0 0 0.3rem; font-size: 1rem; }
.status { display: inline-block; padding: 0 0.4rem; border-radius: 4px; font-size: 0.85rem; font-weight: 600; background: #e6e8ec; }
.status-verified { background: #dff3e4; color: #0c4425; }
.status-false, .status-misleading { background: #fbe3e1; color: #7d1711; }
.status-disputed { background: #fff1d6; color: #5e3a00; }
blockquote { margin: 0.3rem 0; padding-left: 0.7rem; border-left: 3px solid var(--line); font-style: italic; }
[dir="rtl"] blockquote, blockquote[dir="rtl"] { border-left: 0; border-right: 3px solid var(--line); padding-left: 0; padding-right: 0.7rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.8rem; margin: 0.3rem 0; }
dt { color: var(--muted); }
dd { margin: 0; min-width: 0; }
ul.figures { margin: 0; padding-left: 1.1rem; }
.legend dl { grid-template-columns: minmax(3rem, max-content) 1fr; }
.legend dt { color: var(--ink); font-weight: 600; }
figure.chart { margin: 1.2rem 0; break-inside: avoid; }
figure.chart svg { width: 100%; height: auto; max-width: 30rem; display: block; }
figcaption { font-weight: 600; }
dl.facts { grid-template-columns: repeat(3, max-content 1fr); }
@media screen and (min-width: 64rem) {
  /* Room enough: each chart beside its table of values. */
  figure.chart { display: grid; grid-template-columns: 30rem minmax(0, 1fr); column-gap: 1.5rem; align-items: start; }
  figure.chart > figcaption { grid-column: 1 / -1; }
  figure.chart > svg { grid-column: 1; grid-row: 2 / span 3; }
  figure.chart > :not(svg):not(figcaption) { grid-column: 2; }
}
@media screen and (max-width: 48rem) {
  body { padding: 0.6rem; font-size: 15px; }
  dl, dl.facts { grid-template-columns: 1fr; }
  dt { margin-top: 0.3rem; }
  .wide { display: none; }
  table { font-size: 0.85rem; }
  th, td { padding: 0.25rem 0.3rem; }
}
@media print {
  @page { margin: 15mm 12mm; }
  body { max-width: none; padding: 0; font-size: 10pt; color: #000; }
  .turns { display: none; }
  .scroll { overflow: visible; }
  a { color: #000; text-decoration: none; }
  article.claim, tr, .legend, dl.facts { break-inside: avoid; page-break-inside: avoid; }
  /* A chart is one picture: it must fit a page (a tall one is drawn smaller) and may be
     parted from its table of values, never cut itself. */
  figure.chart { break-inside: auto; }
  figure.chart svg { break-inside: avoid; page-break-inside: avoid; max-width: 16cm; max-height: 230mm; }
  thead { display: table-header-group; }
}
"#;

/// Attributes marking text in `lang` (an article's language): `lang`, and `dir` when
/// it is written right to left; nothing for an unknown or malformed tag.
fn lang_attrs(lang: Option<&str>) -> String {
    match lang {
        Some(tag) if is_valid_language(tag) => {
            let dir = if is_right_to_left(tag) {
                " dir=\"rtl\""
            } else {
                ""
            };
            format!(" lang=\"{}\"{dir}", escape(tag))
        }
        _ => String::new(),
    }
}

fn link(url: &str) -> String {
    if is_web_link(url) {
        format!("<a class=\"url\" href=\"{0}\">{0}</a>", escape(url))
    } else {
        format!("<span class=\"url\">{}</span>", escape(url))
    }
}

/// A recorded date or time: its words, the exact value kept in `<time datetime>`. A
/// narrow column may break it only before the year and after the comma ("5 February" /
/// "2022," / "12:00 UTC"), never between a day and its month or a time and its zone.
fn time(words: &Words, text: &str) -> String {
    match words.date(text) {
        Some(readable) => {
            let (date, clock) = match readable.split_once(", ") {
                Some((date, clock)) => (date, Some(clock)),
                None => (readable.as_str(), None),
            };
            let mut shown = escape(date).replacen(' ', "&nbsp;", 1);
            if let Some(clock) = clock {
                shown.push_str(", ");
                shown.push_str(&escape(clock).replace(' ', "&nbsp;"));
            }
            format!("<time datetime=\"{}\">{shown}</time>", escape(text))
        }
        None => escape(text),
    }
}

/// A metric in words with its code beside it.
fn metric_label(r: &Report, metric: &str) -> String {
    match r.metric_text(metric) {
        Some(words) if words == metric => escape(&capitalised(&words)),
        Some(words) => format!(
            "{} (<code>{}</code>)",
            escape(&capitalised(&words)),
            escape(metric)
        ),
        None => format!("<code>{}</code>", escape(metric)),
    }
}

/// Element ids made from metric names: names are `[a-z0-9_.]`, safe as they are.
fn metric_id(metric: &str) -> String {
    metric.replace('.', "-")
}

/// The opening of a table in a scrolling region a keyboard can reach and a screen
/// reader can name: `caption` labels both.
fn open_table(out: &mut String, id: &str, class: &str, caption: &str, region_class: &str) {
    let _ = write!(
        out,
        "<div class=\"scroll{region_class}\" role=\"region\" tabindex=\"0\" aria-labelledby=\"{id}-caption\">\
<table class=\"{class}\"><caption id=\"{id}-caption\">{caption}</caption>"
    );
}

fn head_row(out: &mut String, words: &Words, keys: &[&str]) {
    out.push_str("<thead><tr>");
    for key in keys {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(words.t(key)));
    }
    out.push_str("</tr></thead><tbody>\n");
}

/// The whole report as one HTML document.
pub fn render(r: &Report) -> String {
    let mut out = String::with_capacity(64 * 1024 + r.claims.len() * 2048);
    let w = r.words;
    let i = &r.incident;
    let title = w.fill("title", &[("title", &i.title)]);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"generator\" content=\"crosscheck {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        w.code,
        escape(&r.version),
        escape(&title)
    );
    header(&mut out, r, &title);
    out.push_str("<main>\n");
    let _ = writeln!(out, "<p class=\"summary\">{}</p>", escape(&r.summary()));
    articles(&mut out, r);
    claims(&mut out, r);
    comparison(&mut out, r);
    history(&mut out, r);
    sources(&mut out, r);
    publications(&mut out, r);
    corrections(&mut out, r);
    out.push_str("</main>\n");
    let _ = writeln!(
        out,
        "<footer id=\"methodology\">\n<h2>{}</h2>\n<p>{}</p>",
        escape(w.t("section.methodology")),
        escape(&r.methodology()),
    );
    if !r.acknowledgements.is_empty() {
        let _ = write!(
            out,
            "<p id=\"acknowledged\">{}</p>\n<ul aria-labelledby=\"acknowledged\">",
            escape(w.t("acknowledged.intro"))
        );
        for a in &r.acknowledgements {
            // `{when}` is left in the text, escaped with it, and replaced by the markup last.
            let text = w.fill("acknowledged.item", &[("who", &a.who), ("note", &a.note)]);
            let _ = write!(
                out,
                "<li><code>{}</code>: {}</li>",
                escape(&a.finding),
                escape(&text).replace("{when}", &time(w, &a.at))
            );
        }
        out.push_str("</ul>\n");
    }
    let _ = writeln!(
        out,
        "<p class=\"meta\">{}</p>\n</footer>\n</body>\n</html>",
        generated(r)
    );
    out
}

/// When and where the report was published, with the ledger's head each time.
fn publications(out: &mut String, r: &Report) {
    if r.publications.is_empty() {
        return;
    }
    let w = r.words;
    let _ = writeln!(
        out,
        "<section id=\"publications\" aria-labelledby=\"publications-heading\">\n<h2 id=\"publications-heading\">{}</h2>",
        escape(w.t("section.publications"))
    );
    open_table(
        out,
        "publications-table",
        "publications",
        &escape(w.t("caption.publications")),
        "",
    );
    head_row(out, w, &["col.published", "col.url", "col.head"]);
    for p in &r.publications {
        let head = p.data.head.as_ref().map_or_else(
            || escape(w.t("ledger_head.empty")),
            |h| {
                format!(
                    "<code>{}</code> ({})",
                    escape(&h.hash),
                    escape(&w.fill("ledger_head.record", &[("id", &h.entry.to_string())]))
                )
            },
        );
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{head}</td></tr>",
            time(w, &p.data.published_at),
            link(&p.data.url)
        );
    }
    out.push_str("</tbody></table></div>\n</section>\n");
}

/// The public corrections log: what changed after a publication in what it had shown.
/// Absent before the first publication.
fn corrections(out: &mut String, r: &Report) {
    let Some(list) = &r.corrections else { return };
    let w = r.words;
    let _ = writeln!(
        out,
        "<section id=\"corrections\" aria-labelledby=\"corrections-heading\">\n<h2 id=\"corrections-heading\">{}</h2>",
        escape(w.t("section.corrections"))
    );
    if list.is_empty() {
        let _ = writeln!(
            out,
            "<p>{}</p>\n</section>",
            escape(w.t("corrections.none"))
        );
        return;
    }
    let _ = writeln!(out, "<p>{}</p>", escape(w.t("corrections.intro")));
    open_table(
        out,
        "corrections-table",
        "corrections",
        &escape(w.t("caption.corrections")),
        "",
    );
    head_row(out, w, &["col.when", "col.what", "col.note"]);
    for c in list {
        let text = r.correction_text(c);
        let value = match (c.kind, text.value.as_deref()) {
            (CorrectionKind::EvidenceUrl, Some(v)) => link(v),
            (_, Some(v)) => escape(v),
            (_, None) => String::new(),
        };
        let _ = writeln!(
            out,
            "<tr data-kind=\"{}\"><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
            c.kind.as_str(),
            time(w, &c.at),
            escape(&text.what).replace("{value}", &value),
            c.note.as_deref().map_or_else(|| "-".to_string(), escape)
        );
    }
    out.push_str("</tbody></table></div>\n</section>\n");
}

/// "Generated <time>…</time> by crosscheck 0.1.0."
fn generated(r: &Report) -> String {
    // `{when}` is left in the text, escaped with it, and replaced by the markup last.
    let text = r.words.fill("generated", &[("version", &r.version)]);
    escape(&text).replace("{when}", &time(r.words, &r.generated_at))
}

fn header(out: &mut String, r: &Report, title: &str) {
    let w = r.words;
    let i = &r.incident;
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", escape(title));
    let mut facts = vec![format!("<code>{}</code>", escape(&i.slug))];
    facts.extend(i.date.as_deref().map(|d| time(w, d)));
    facts.extend(i.place.as_deref().map(escape));
    let _ = writeln!(
        out,
        "<p class=\"meta\" id=\"incident\">{}: {}</p>",
        escape(w.t("incident")),
        facts.join(" · ")
    );
    // The first page of a printout says when the report was made and where the ledger
    // stood, so that a reader can ask for the same state again.
    let mut head = Vec::new();
    if let Some((id, hash)) = &r.ledger_head.record {
        head.push(format!(
            "<code>{}</code> ({})",
            escape(hash),
            escape(&w.fill("ledger_head.record", &[("id", &id.to_string())]))
        ));
    }
    if head.is_empty() {
        head.push(escape(w.t("ledger_head.empty")));
    }
    let _ = writeln!(
        out,
        "<p class=\"meta\" id=\"generated\">{}<br>{}: {}</p>\n</header>",
        generated(r),
        escape(w.t("ledger_head")),
        head.join("; ")
    );
}

fn articles(out: &mut String, r: &Report) {
    let w = r.words;
    let _ = writeln!(
        out,
        "<section id=\"articles\" aria-labelledby=\"articles-heading\">\n<h2 id=\"articles-heading\">{}</h2>",
        escape(w.t("section.articles"))
    );
    open_table(
        out,
        "articles-table",
        "articles",
        &escape(w.t("caption.articles")),
        "",
    );
    head_row(
        out,
        w,
        &["col.article", "col.outlet", "col.language", "col.published"],
    );
    for a in &r.articles {
        let url = a
            .url
            .as_deref()
            .map(|u| format!("<br>{}", link(u)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\"><cite{}>{}</cite>{url}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
            lang_attrs(a.lang.as_deref()),
            escape(&a.title),
            a.outlet.as_deref().map_or_else(|| "-".to_string(), escape),
            a.lang
                .as_deref()
                .map_or_else(|| "-".to_string(), |l| format!("<code>{}</code>", escape(l))),
            a.published_at
                .as_deref()
                .map_or_else(|| "-".to_string(), |p| time(w, p)),
        );
    }
    out.push_str("</tbody></table></div>\n</section>\n");
}

fn claims(out: &mut String, r: &Report) {
    let w = r.words;
    let _ = writeln!(
        out,
        "<section id=\"claims\" aria-labelledby=\"claims-heading\">\n<h2 id=\"claims-heading\">{}</h2>",
        escape(w.t("section.claims"))
    );
    for &status in STATUS_ORDER {
        let group: Vec<_> = r.with_status(status).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<section class=\"status-group\" data-status=\"{0}\">\n<h3>{1} ({2})</h3>",
            status.as_str(),
            escape(&w.status_title(status)),
            w.number(group.len() as i64)
        );
        for entry in group {
            let c = &entry.claim;
            let article = r.article(c.article_id);
            let lang = lang_attrs(article.and_then(|a| a.lang.as_deref()));
            let source = match &c.via_name {
                Some(via) => format!(
                    "<bdi>{}</bdi> <span class=\"muted\">{}</span>",
                    escape(&c.source_name),
                    escape(&w.fill("via", &[("name", via)]))
                ),
                None => format!("<bdi>{}</bdi>", escape(&c.source_name)),
            };
            let _ = writeln!(
                out,
                "<article class=\"claim\" id=\"claim-{0}\" data-claim=\"{0}\" data-status=\"{1}\" aria-labelledby=\"claim-{0}-heading\">\n<h4 id=\"claim-{0}-heading\">{2}: {source} <span class=\"status status-{1}\">{3}</span></h4>",
                c.key,
                c.status.as_str(),
                escape(&w.fill("claim.heading", &[("id", &c.key.to_string())])),
                escape(w.status(c.status))
            );
            let _ = writeln!(out, "<p class=\"claim-text\"{lang}>{}</p>", escape(&c.text));
            out.push_str("<dl>\n");
            if let Some(t) = &c.translation {
                let _ = writeln!(
                    out,
                    "<dt>{}</dt><dd>{}</dd>",
                    escape(w.t("claim.translation")),
                    escape(t)
                );
            }
            if let Some(q) = &c.quote {
                let _ = writeln!(
                    out,
                    "<dt>{}</dt><dd><blockquote class=\"quote\"{lang}>{}</blockquote></dd>",
                    escape(w.t("claim.quote")),
                    escape(q)
                );
            }
            let title = article.map_or_else(
                || escape(&c.article_slug),
                |a| format!("<cite{lang}>{}</cite>", escape(&a.title)),
            );
            let as_of = w.t("claim.as_of");
            let _ = writeln!(
                out,
                "<dt>{}</dt><dd>{title}, {}</dd>",
                escape(w.t("claim.article")),
                escape(as_of).replace("{when}", &time(w, &c.as_of))
            );
            if !c.figures.is_empty() {
                let figures: Vec<String> = c
                    .figures
                    .iter()
                    .map(|f| {
                        format!(
                            "<li>{}: <span class=\"num\">{}</span></li>",
                            metric_label(r, &f.figure.metric),
                            escape(&figure_value(w, &f.figure))
                        )
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    "<dt>{}</dt><dd><ul class=\"figures\">{}</ul></dd>",
                    escape(w.t("claim.figures")),
                    figures.concat()
                );
            }
            let verdict = match entry.verdict_note() {
                Some(note) => format!(
                    "{} — <span class=\"note\">{}</span>",
                    escape(w.status(c.status)),
                    escape(note)
                ),
                None if c.status.is_closed() => escape(w.status(c.status)),
                None => escape(&w.fill("claim.no_verdict", &[("status", w.status(c.status))])),
            };
            let verdict = match entry.review_line(w, r.review_required) {
                Some(line) => format!(
                    "{verdict} <span class=\"review\">({})</span>",
                    escape(&line)
                ),
                None => verdict,
            };
            let _ = writeln!(
                out,
                "<dt>{}</dt><dd class=\"verdict\">{verdict}</dd>",
                escape(w.t("claim.verdict"))
            );
            if !entry.evidence.is_empty() {
                let _ = write!(
                    out,
                    "<dt>{}</dt><dd><ul class=\"evidence\">",
                    escape(w.t("claim.evidence"))
                );
                for e in &entry.evidence {
                    let note = e
                        .note
                        .as_deref()
                        .map(|n| format!(" — {}", escape(n)))
                        .unwrap_or_default();
                    let _ = write!(
                        out,
                        "<li>{} ({}){note}</li>",
                        link(&e.url),
                        escape(w.stance(e.stance))
                    );
                }
                out.push_str("</ul></dd>\n");
            }
            out.push_str("</dl>\n</article>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n");
}

fn history(out: &mut String, r: &Report) {
    let w = r.words;
    let _ = writeln!(
        out,
        "<section id=\"history\" aria-labelledby=\"history-heading\">\n<h2 id=\"history-heading\">{}</h2>",
        escape(w.t("section.history"))
    );
    open_table(
        out,
        "history-table",
        "history",
        &escape(w.t("caption.history")),
        "",
    );
    head_row(
        out,
        w,
        &["col.when", "col.claim", "col.who", "col.change", "col.note"],
    );
    for row in r.timeline() {
        let claim = row.claim;
        let mut note = Vec::new();
        note.extend(row.url.as_deref().map(link));
        note.extend(row.note.as_deref().map(escape));
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td><a href=\"#claim-{claim}\">{claim}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            time(w, &row.at),
            escape(&row.who),
            escape(&row.change),
            if note.is_empty() {
                "-".to_string()
            } else {
                note.join(" — ")
            }
        );
    }
    out.push_str("</tbody></table></div>\n</section>\n");
}

fn sources(out: &mut String, r: &Report) {
    let w = r.words;
    let _ = writeln!(
        out,
        "<section id=\"sources\" aria-labelledby=\"sources-heading\">\n<h2 id=\"sources-heading\">{}</h2>",
        escape(w.t("section.sources"))
    );
    open_table(
        out,
        "sources-table",
        "sources",
        &escape(w.t("caption.sources")),
        "",
    );
    head_row(
        out,
        w,
        &["col.source", "col.kind", "col.reliability", "col.aliases"],
    );
    for s in &r.sources {
        let grade = s
            .grade
            .map_or_else(|| w.t("not_graded").to_string(), |g| w.grade(g));
        let aliases = if s.aliases.is_empty() {
            "-".to_string()
        } else {
            s.aliases
                .iter()
                .map(|a| format!("<bdi>{}</bdi>", escape(a)))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\"><bdi>{}</bdi></th><td>{}</td><td>{}</td><td>{aliases}</td></tr>",
            escape(&s.name),
            escape(w.source_kind(s.kind)),
            escape(&grade)
        );
    }
    out.push_str("</tbody></table></div>\n</section>\n");
}

fn legend(out: &mut String, r: &Report) {
    let w = r.words;
    let tolerance = r.tolerance_text();
    let entries: [(&str, String); 11] = [
        ("13", w.t("legend.exact").to_string()),
        ("≥ 13", w.t("legend.at_least").to_string()),
        ("> 13", w.t("legend.more_than").to_string()),
        ("≤ 13", w.t("legend.at_most").to_string()),
        ("~20", w.fill("legend.about", &[("tolerance", &tolerance)])),
        ("10–15", w.t("legend.range").to_string()),
        ("⚠", w.t("legend.conflict").to_string()),
        ("-", w.t("legend.none").to_string()),
        (w.t("col.spread"), w.t("legend.spread").to_string()),
        (
            w.t("col.inconsistent"),
            w.t("legend.inconsistent").to_string(),
        ),
        (w.t("legend.chart"), w.t("legend.point").to_string()),
    ];
    let _ = write!(
        out,
        "<div class=\"legend\" id=\"legend\">\n<h3>{}</h3>\n<dl>",
        escape(w.t("section.legend"))
    );
    for (sign, meaning) in entries {
        let _ = write!(
            out,
            "<dt>{}</dt><dd>{}</dd>",
            escape(sign),
            escape(&meaning)
        );
    }
    for m in &r.comparison.metrics {
        if let Some(meaning) = r.metric_meaning(&m.metric) {
            let _ = write!(
                out,
                "<dt><code>{}</code></dt><dd>{}</dd>",
                escape(&m.metric),
                escape(&meaning)
            );
        }
    }
    let _ = writeln!(out, "</dl>\n<p>{}</p>\n</div>", escape(w.t("legend.kinds")));
}

fn comparison(out: &mut String, r: &Report) {
    let w = r.words;
    let _ = writeln!(
        out,
        "<section id=\"comparison\" aria-labelledby=\"comparison-heading\">\n<h2 id=\"comparison-heading\">{}</h2>",
        escape(w.t("section.comparison"))
    );
    if r.comparison.metrics.is_empty() {
        let _ = writeln!(out, "<p>{}</p>\n</section>", escape(w.t("no_figures")));
        return;
    }
    legend(out, r);
    // The whole comparison at a glance; where it is too wide it is hidden and the
    // blocks below, one per metric, say the same with nothing cut: on a phone always,
    // on paper when it has more origins than a page's width holds.
    open_table(
        out,
        "comparison-table",
        "comparison",
        &escape(w.t("caption.comparison")),
        if r.comparison_turns() {
            " wide turns"
        } else {
            " wide"
        },
    );
    out.push_str("<thead><tr>");
    let _ = write!(out, "<th scope=\"col\">{}</th>", escape(w.t("col.metric")));
    for o in &r.comparison.origins {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(&o.name));
    }
    for key in ["col.spread", "col.conflict", "col.inconsistent"] {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(w.t(key)));
    }
    out.push_str("</tr></thead><tbody>\n");
    for m in &r.comparison.metrics {
        let class = if m.conflict || m.inconsistent {
            " class=\"conflict\""
        } else {
            ""
        };
        let _ = write!(
            out,
            "<tr{class} data-metric=\"{}\"><th scope=\"row\">{}</th>",
            escape(&m.metric),
            metric_label(r, &m.metric)
        );
        for o in &r.comparison.origins {
            match m
                .figures
                .iter()
                .find(|f| f.latest && f.record.origin_id == o.id)
            {
                Some(f) if conflicts_in_row(m, f) => {
                    let _ = write!(
                        out,
                        "<td class=\"num conflict\">{} <span aria-hidden=\"true\">⚠</span><span class=\"vh\">({})</span></td>",
                        escape(&figure_cell(w, f)),
                        escape(w.t("chart.conflicts_with"))
                    );
                }
                Some(f) => {
                    let _ = write!(out, "<td class=\"num\">{}</td>", escape(&figure_cell(w, f)));
                }
                None => out.push_str("<td>-</td>"),
            }
        }
        let _ = writeln!(
            out,
            "<td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
            m.spread.map_or("-".to_string(), |s| w.number(s)),
            flag(w, m.conflict),
            flag(w, m.inconsistent)
        );
    }
    out.push_str("</tbody></table></div>\n");
    if !r.comparison.inconsistencies.is_empty() {
        out.push_str("<ul class=\"inconsistencies\">");
        for x in &r.comparison.inconsistencies {
            // The model explains a breakdown in its own (English) terms.
            let _ = write!(
                out,
                "<li><span class=\"flag\">{}</span> <bdi>{}</bdi>: <span lang=\"en\">{}</span></li>",
                escape(w.t("inconsistent")),
                escape(&x.origin),
                escape(&w.group_digits(&x.detail))
            );
        }
        out.push_str("</ul>\n");
    }
    let _ = writeln!(
        out,
        "<h3 id=\"per-metric\">{}</h3>",
        escape(w.t("section.per_metric"))
    );
    for m in &r.comparison.metrics {
        metric_block(out, r, m);
    }
    out.push_str("</section>\n");
}

fn flag(w: &Words, on: bool) -> String {
    if on {
        format!("<span class=\"flag\">{}</span>", escape(w.yes_no(true)))
    } else {
        escape(w.yes_no(false))
    }
}

/// One metric: its chart, the chart's values as a table with the origins as rows (the
/// turned comparison), and its spread, conflict and inconsistency.
fn metric_block(out: &mut String, r: &Report, m: &MetricRow) {
    let w = r.words;
    let rows: Vec<_> = latest(m).collect();
    if rows.is_empty() {
        return;
    }
    let id = metric_id(&m.metric);
    let described = r.metric_words(&m.metric);
    let _ = writeln!(
        out,
        "<figure class=\"chart\" id=\"metric-{id}\" data-metric=\"{}\">\n<figcaption>{}</figcaption>",
        escape(&m.metric),
        metric_label(r, &m.metric)
    );
    chart(out, r, m, &described);
    let _ = write!(
        out,
        "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"values-{id}-caption\"><table class=\"values\" id=\"values-{id}\"><caption id=\"values-{id}-caption\">{}</caption>",
        escape(&w.fill("caption.metric", &[("metric", &capitalised(&described))]))
    );
    head_row(out, w, &["col.source", "col.value", "col.conflict"]);
    for f in &rows {
        let conflict = conflicts_in_row(m, f);
        let _ = writeln!(
            out,
            "<tr{}><th scope=\"row\">{}</th><td class=\"num\">{}</td><td>{}</td></tr>",
            if conflict { " class=\"conflict\"" } else { "" },
            escape(&f.record.origin),
            escape(&figure_cell(w, f)),
            if conflict {
                format!(
                    "<span class=\"flag\"><span aria-hidden=\"true\">⚠</span> {}</span><span class=\"vh\"> ({})</span>",
                    escape(w.yes_no(true)),
                    escape(w.t("chart.conflicts_with"))
                )
            } else {
                escape(w.yes_no(false))
            }
        );
    }
    out.push_str("</tbody></table></div>\n");
    let _ = writeln!(
        out,
        "<dl class=\"facts\"><dt>{}</dt><dd class=\"num\">{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd></dl>",
        escape(w.t("col.spread")),
        m.spread.map_or("-".to_string(), |s| w.number(s)),
        escape(w.t("col.conflict")),
        flag(w, m.conflict),
        escape(w.t("col.inconsistent")),
        flag(w, m.inconsistent)
    );
    let _ = writeln!(
        out,
        "<p class=\"muted\">{}</p>\n</figure>",
        escape(w.t(if m.conflict {
            "chart.conflict"
        } else {
            "chart.no_conflict"
        }))
    );
}

const CHART_WIDTH: f64 = 400.0;
const PLOT_LEFT: f64 = 12.0;
const PLOT_RIGHT: f64 = 370.0;
const LINE: f64 = 18.0;
const MARK: f64 = 22.0;
const TOP: f64 = 8.0;
/// Characters of a label line: names longer than this wrap onto further lines, whole.
const LABEL_CHARS: usize = 44;

/// A "nice" axis maximum and tick step: 1, 2 or 5 times a power of ten.
fn axis(max: i64) -> (i64, i64) {
    let max = max.max(1);
    let mut step = 1_i64;
    loop {
        for m in [1, 2, 5] {
            let s = step.saturating_mul(m);
            if max / s <= 4 {
                let top = ((max + s - 1) / s) * s;
                return (top.max(s), s);
            }
        }
        step = step.saturating_mul(10);
    }
}

/// A label split into lines of at most [`LABEL_CHARS`] characters at spaces.
fn label_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > LABEL_CHARS {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// One metric as a chart: a row per origin, its full name and figure above its mark;
/// an exact figure drawn as a point, an interval as a bar, an open end as an arrow to
/// the edge; rows that conflict drawn in red and marked ⚠. The chart is a picture of
/// the table that follows it, which holds the same values as text.
fn chart(out: &mut String, r: &Report, m: &MetricRow, described: &str) {
    let w = r.words;
    let rows: Vec<_> = latest(m).collect();
    let biggest = rows
        .iter()
        .map(|f| f.interval.high.unwrap_or(f.interval.low))
        .max()
        .unwrap_or(1);
    // An open interval needs room to the right of its start for the arrow.
    let open_start = rows
        .iter()
        .filter(|f| f.interval.high.is_none())
        .map(|f| f.interval.low + f.interval.low / 4 + 1)
        .max()
        .unwrap_or(0);
    // Headroom, so that the largest figure does not sit on the frame.
    let (top, step) = axis((biggest + biggest / 10 + 1).max(open_start));
    let plot = PLOT_RIGHT - PLOT_LEFT;
    let x = |v: i64| PLOT_LEFT + plot * (v as f64) / (top as f64);
    let labels: Vec<Vec<String>> = rows
        .iter()
        .map(|f| {
            let mark = if conflicts_in_row(m, f) { "⚠ " } else { "" };
            label_lines(&format!("{mark}{}: {}", f.record.origin, figure_cell(w, f)))
        })
        .collect();
    let plot_height: f64 = labels
        .iter()
        .map(|l| LINE * l.len() as f64 + MARK + 6.0)
        .sum();
    let axis_y = TOP + plot_height;
    let height = axis_y + 40.0;
    let id = metric_id(&m.metric);
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {CHART_WIDTH} {height}\" preserveAspectRatio=\"xMinYMin meet\" role=\"img\" aria-label=\"{}\" aria-describedby=\"values-{id}-caption\" font-family=\"system-ui, sans-serif\" font-size=\"14\">",
        escape(&w.fill("chart.label", &[("metric", described)]))
    );
    // Grid and ticks.
    let mut v = 0;
    while v <= top {
        let gx = x(v);
        let anchor = if v == 0 {
            "start"
        } else if v == top {
            "end"
        } else {
            "middle"
        };
        let _ = writeln!(
            out,
            "<line x1=\"{gx:.1}\" y1=\"{TOP}\" x2=\"{gx:.1}\" y2=\"{axis_y:.1}\" stroke=\"#d9d9de\"/><text x=\"{gx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\" fill=\"#4a4f55\">{}</text>",
            axis_y + 15.0,
            escape(&w.number(v))
        );
        v += step;
    }
    let _ = writeln!(
        out,
        "<line class=\"axis\" x1=\"{PLOT_LEFT}\" y1=\"{axis_y:.1}\" x2=\"{PLOT_RIGHT}\" y2=\"{axis_y:.1}\" stroke=\"#1d1d1f\"/>\
<text class=\"axis-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#1d1d1f\">{}</text>",
        PLOT_LEFT + plot / 2.0,
        axis_y + 33.0,
        escape(&capitalised(described))
    );
    let mut y = TOP;
    for (f, lines) in rows.iter().zip(&labels) {
        let conflict = conflicts_in_row(m, f);
        let colour = if conflict { "#a1221b" } else { "#1c4a8f" };
        let _ = write!(
            out,
            "<g class=\"row{}\" data-source=\"{}\" data-conflict=\"{conflict}\"><text x=\"{PLOT_LEFT}\" y=\"{:.1}\" fill=\"{colour}\"{}>",
            if conflict { " conflict" } else { "" },
            escape(&f.record.origin),
            y + LINE - 3.0,
            if conflict { " font-weight=\"bold\"" } else { "" }
        );
        for (n, line) in lines.iter().enumerate() {
            let _ = write!(
                out,
                "<tspan x=\"{PLOT_LEFT}\"{}>{}</tspan>",
                if n == 0 {
                    String::new()
                } else {
                    format!(" dy=\"{LINE}\"")
                },
                escape(line)
            );
        }
        out.push_str("</text>\n");
        y += LINE * lines.len() as f64;
        let cy = y + MARK / 2.0;
        let low = x(f.interval.low);
        match f.interval.high {
            Some(h) if h == f.interval.low => {
                let _ = writeln!(out, "<circle class=\"point\" cx=\"{low:.1}\" cy=\"{cy:.1}\" r=\"6\" fill=\"{colour}\"/>");
            }
            Some(h) => {
                let bar = (x(h) - low).max(2.0);
                let _ = writeln!(
                    out,
                    "<rect class=\"bar\" x=\"{low:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"12\" rx=\"3\" fill=\"{colour}\" fill-opacity=\"0.8\"/>",
                    cy - 6.0
                );
            }
            None => {
                let end = PLOT_RIGHT + 14.0;
                let _ = writeln!(
                    out,
                    "<rect class=\"bar open\" x=\"{low:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"12\" fill=\"{colour}\" fill-opacity=\"0.8\"/><polygon class=\"arrow\" points=\"{:.1},{:.1} {end:.1},{cy:.1} {:.1},{:.1}\" fill=\"{colour}\"/>",
                    cy - 6.0,
                    (end - 12.0 - low).max(2.0),
                    end - 12.0,
                    cy - 10.0,
                    end - 12.0,
                    cy + 10.0
                );
            }
        }
        out.push_str("</g>\n");
        y += MARK + 6.0;
    }
    out.push_str("</svg>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_are_round() {
        assert_eq!(axis(13), (15, 5));
        assert_eq!(axis(0), (1, 1));
        assert_eq!(axis(6), (6, 2));
        assert_eq!(axis(280_000), (300_000, 100_000));
        assert_eq!(axis(1_358_024), (1_500_000, 500_000));
    }

    #[test]
    fn labels_wrap_whole_words() {
        let lines = label_lines(
            "⚠ Syrian Observatory for Human Rights, as relayed by a very long outlet name: 1,234,567",
        );
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.chars().count() <= LABEL_CHARS));
        assert_eq!(lines.join(" ").matches("1,234,567").count(), 1);
    }

    #[test]
    fn right_to_left_text_is_marked() {
        assert_eq!(lang_attrs(Some("ar")), " lang=\"ar\" dir=\"rtl\"");
        assert_eq!(lang_attrs(Some("nl")), " lang=\"nl\"");
        assert_eq!(lang_attrs(Some("not a tag")), "");
        assert_eq!(lang_attrs(None), "");
    }
}
