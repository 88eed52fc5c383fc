//! The report as one self-contained HTML file: inline CSS (with a print stylesheet and a
//! layout that reflows on a phone), an inline SVG chart per metric, no scripts, fonts or
//! anything else fetched from elsewhere. Every piece of user text goes through
//! [`escape`]; only http and https addresses become links.

use std::fmt::Write;

use super::{
    conflicts_in_row, escape, figure_cell, is_web_link, latest, status_title, Report, STATUS_ORDER,
};
use crate::model::compare::MetricRow;

const STYLE: &str = r#"
:root { --ink: #1d1d1f; --muted: #5f6368; --line: #d9d9de; --bad: #b3261e; --good: #1b6e3a; --mark: #1f4e99; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.5rem 0; }
h2 { font-size: 1.25rem; border-bottom: 2px solid var(--line); padding-bottom: 0.2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 0.4rem; }
.meta, .muted { color: var(--muted); }
.summary { background: #f4f5f7; padding: 0.6rem 0.8rem; border-left: 4px solid var(--mark); }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.5rem; border-bottom: 1px solid var(--line); }
th { background: #f4f5f7; }
td.num { font-variant-numeric: tabular-nums; }
tr.conflict td:first-child, td.conflict { color: var(--bad); font-weight: 600; }
.flag { color: var(--bad); font-weight: 700; }
article.claim { border: 1px solid var(--line); border-radius: 6px; padding: 0.6rem 0.8rem; margin: 0.6rem 0; break-inside: avoid; }
article.claim h4 { margin: 0 0 0.3rem; font-size: 1rem; }
.status { display: inline-block; padding: 0 0.4rem; border-radius: 4px; font-size: 0.85rem; font-weight: 600; background: #eceef1; }
.status-verified { background: #dff3e4; color: var(--good); }
.status-false, .status-misleading { background: #fbe3e1; color: var(--bad); }
.status-disputed { background: #fff1d6; color: #7a4b00; }
blockquote { margin: 0.3rem 0; padding-left: 0.7rem; border-left: 3px solid var(--line); font-style: italic; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.8rem; margin: 0.3rem 0; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
figure.chart { margin: 1rem 0; break-inside: avoid; }
figure.chart svg { width: 100%; height: auto; max-width: 44rem; display: block; }
figcaption { font-size: 0.9rem; color: var(--muted); }
a { color: var(--mark); overflow-wrap: anywhere; }
@media (max-width: 40rem) {
  body { padding: 0.6rem; font-size: 15px; }
  dl { grid-template-columns: 1fr; }
  dt { margin-top: 0.3rem; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; color: #000; }
  h2 { break-after: avoid; }
  .scroll { overflow: visible; }
  a { color: #000; text-decoration: none; }
  a[href]::after { content: " (" attr(href) ")"; font-size: 0.8em; color: #444; }
  article.claim, figure.chart, tr { break-inside: avoid; }
}
"#;

fn link(url: &str) -> String {
    if is_web_link(url) {
        format!("<a href=\"{0}\">{0}</a>", escape(url))
    } else {
        escape(url)
    }
}

fn or_dash(text: Option<&str>) -> String {
    text.map_or_else(|| "-".to_string(), escape)
}

/// The whole report as one HTML document.
pub fn render(r: &Report) -> String {
    let mut out = String::with_capacity(64 * 1024 + r.claims.len() * 2048);
    let i = &r.incident;
    // The report's own words are English; quoted text keeps its language.
    let lang = "en";
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"generator\" content=\"crosscheck {}\">\n<title>Verification report: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&r.version),
        escape(&i.title)
    );
    let _ = writeln!(
        out,
        "<header>\n<h1>Verification report: {}</h1>",
        escape(&i.title)
    );
    let mut facts = vec![format!("<code>{}</code>", escape(&i.slug))];
    facts.extend(i.date.as_deref().map(escape));
    facts.extend(i.place.as_deref().map(escape));
    let _ = writeln!(
        out,
        "<p class=\"meta\" id=\"incident\">{}</p>",
        facts.join(" · ")
    );
    let _ = writeln!(
        out,
        "<p class=\"summary\">{}</p>\n</header>",
        escape(&r.summary())
    );

    // Articles.
    let _ = writeln!(
        out,
        "<section id=\"articles\">\n<h2>Articles consulted</h2>\n<div class=\"scroll\"><table>"
    );
    let _ = writeln!(out, "<thead><tr><th>article</th><th>outlet</th><th>language</th><th>published</th><th>url</th></tr></thead><tbody>");
    for a in &r.articles {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&a.title),
            or_dash(a.outlet.as_deref()),
            or_dash(a.lang.as_deref()),
            or_dash(a.published_at.as_deref()),
            a.url.as_deref().map_or_else(|| "-".to_string(), link)
        );
    }
    let _ = writeln!(out, "</tbody></table></div>\n</section>");

    // Claims, grouped by status.
    let _ = writeln!(out, "<section id=\"claims\">\n<h2>Claims</h2>");
    for &status in STATUS_ORDER {
        let group: Vec<_> = r.with_status(status).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<section class=\"status-group\" data-status=\"{0}\">\n<h3>{1} ({2})</h3>",
            status.as_str(),
            status_title(status),
            group.len()
        );
        for entry in group {
            let c = &entry.claim;
            let source = match &c.via_name {
                Some(via) => format!(
                    "{} <span class=\"muted\">via {}</span>",
                    escape(&c.source_name),
                    escape(via)
                ),
                None => escape(&c.source_name),
            };
            let _ = writeln!(
                out,
                "<article class=\"claim\" id=\"claim-{0}\" data-claim=\"{0}\" data-status=\"{1}\">\n<h4>Claim {0}: {source} <span class=\"status status-{1}\">{2}</span></h4>",
                c.id,
                c.status.as_str(),
                c.status.as_str().replace('_', " ")
            );
            let _ = writeln!(out, "<p class=\"claim-text\">{}</p>", escape(&c.text));
            let _ = writeln!(out, "<dl>");
            if let Some(t) = &c.translation {
                let _ = writeln!(out, "<dt>translation</dt><dd>{}</dd>", escape(t));
            }
            if let Some(q) = &c.quote {
                let _ = writeln!(
                    out,
                    "<dt>quote</dt><dd><blockquote class=\"quote\">{}</blockquote></dd>",
                    escape(q)
                );
            }
            let article = r
                .article(c.article_id)
                .map_or_else(|| escape(&c.article_slug), |a| escape(&a.title));
            let _ = writeln!(
                out,
                "<dt>article</dt><dd>{article}, as of {}</dd>",
                escape(&c.as_of)
            );
            if !c.figures.is_empty() {
                let figures: Vec<String> = c
                    .figures
                    .iter()
                    .map(|f| format!("<code>{}</code>", escape(&f.figure.spec())))
                    .collect();
                let _ = writeln!(
                    out,
                    "<dt>figures</dt><dd class=\"figures\">{}</dd>",
                    figures.join(", ")
                );
            }
            let verdict = match entry.verdict_note() {
                Some(note) => format!(
                    "{} — <span class=\"note\">{}</span>",
                    c.status,
                    escape(note)
                ),
                None if c.status.is_closed() => c.status.to_string(),
                None => format!("none yet ({})", c.status.as_str().replace('_', " ")),
            };
            let _ = writeln!(out, "<dt>verdict</dt><dd class=\"verdict\">{verdict}</dd>");
            if !entry.evidence.is_empty() {
                let _ = write!(out, "<dt>evidence</dt><dd><ul class=\"evidence\">");
                for e in &entry.evidence {
                    let note = e
                        .note
                        .as_deref()
                        .map(|n| format!(" — {}", escape(n)))
                        .unwrap_or_default();
                    let _ = write!(out, "<li>{} ({}){note}</li>", link(&e.url), e.stance);
                }
                let _ = writeln!(out, "</ul></dd>");
            }
            let _ = writeln!(out, "</dl>\n</article>");
        }
        let _ = writeln!(out, "</section>");
    }
    let _ = writeln!(out, "</section>");

    // Comparison.
    let _ = writeln!(out, "<section id=\"comparison\">\n<h2>Comparison</h2>");
    if r.comparison.metrics.is_empty() {
        let _ = writeln!(out, "<p>No figures recorded.</p>");
    } else {
        let _ = write!(
            out,
            "<div class=\"scroll\"><table class=\"comparison\"><thead><tr><th>metric</th>"
        );
        for o in &r.comparison.origins {
            let _ = write!(out, "<th>{}</th>", escape(&o.name));
        }
        let _ = writeln!(
            out,
            "<th>spread</th><th>conflict</th><th>inconsistent</th></tr></thead><tbody>"
        );
        for m in &r.comparison.metrics {
            let class = if m.conflict || m.inconsistent {
                " class=\"conflict\""
            } else {
                ""
            };
            let _ = write!(
                out,
                "<tr{class} data-metric=\"{0}\"><td>{0}</td>",
                escape(&m.metric)
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
                            "<td class=\"num conflict\">{} ⚠</td>",
                            escape(&figure_cell(f))
                        );
                    }
                    Some(f) => {
                        let _ = write!(out, "<td class=\"num\">{}</td>", escape(&figure_cell(f)));
                    }
                    None => out.push_str("<td>-</td>"),
                }
            }
            let flag = |on: bool| {
                if on {
                    "<span class=\"flag\">YES</span>"
                } else {
                    "no"
                }
            };
            let _ = writeln!(
                out,
                "<td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                m.spread.map_or("-".to_string(), |s| s.to_string()),
                flag(m.conflict),
                flag(m.inconsistent)
            );
        }
        let _ = writeln!(out, "</tbody></table></div>");
        if !r.comparison.inconsistencies.is_empty() {
            let _ = write!(out, "<ul class=\"inconsistencies\">");
            for x in &r.comparison.inconsistencies {
                let _ = write!(
                    out,
                    "<li><span class=\"flag\">Inconsistent</span> {}: {}</li>",
                    escape(&x.origin),
                    escape(&x.detail)
                );
            }
            let _ = writeln!(out, "</ul>");
        }
        for m in &r.comparison.metrics {
            chart(&mut out, m);
        }
    }
    let _ = writeln!(out, "</section>");

    // History.
    let _ = writeln!(
        out,
        "<section id=\"history\">\n<h2>Status history</h2>\n<div class=\"scroll\"><table>"
    );
    let _ = writeln!(out, "<thead><tr><th>when</th><th>claim</th><th>who</th><th>change</th><th>note</th></tr></thead><tbody>");
    for [at, claim, who, change, note] in r.timeline() {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td><a href=\"#claim-{claim}\">{claim}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&at),
            escape(&who),
            escape(&change),
            if note.is_empty() { "-".to_string() } else { escape(&note) }
        );
    }
    let _ = writeln!(out, "</tbody></table></div>\n</section>");

    // Sources.
    let _ = writeln!(
        out,
        "<section id=\"sources\">\n<h2>Sources</h2>\n<div class=\"scroll\"><table>"
    );
    let _ = writeln!(out, "<thead><tr><th>source</th><th>kind</th><th>reliability</th><th>also known as</th></tr></thead><tbody>");
    for s in &r.sources {
        let grade = s.grade.map_or_else(
            || "not graded".to_string(),
            |g| format!("{g} ({})", g.meaning()),
        );
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{grade}</td><td>{}</td></tr>",
            escape(&s.name),
            s.kind,
            if s.aliases.is_empty() {
                "-".to_string()
            } else {
                s.aliases
                    .iter()
                    .map(|a| escape(a))
                    .collect::<Vec<_>>()
                    .join("; ")
            }
        );
    }
    let _ = writeln!(out, "</tbody></table></div>\n</section>");

    let _ = writeln!(
        out,
        "<footer id=\"methodology\">\n<h2>Methodology</h2>\n<p>{}</p>\n</footer>\n</body>\n</html>",
        escape(&r.methodology())
    );
    out
}

const CHART_WIDTH: f64 = 640.0;
const LABEL_WIDTH: f64 = 230.0;
const PLOT_RIGHT: f64 = 610.0;
const ROW_HEIGHT: f64 = 30.0;
const TOP: f64 = 12.0;

/// A "nice" axis maximum and tick step: 1, 2 or 5 times a power of ten.
fn axis(max: i64) -> (i64, i64) {
    let max = max.max(1);
    let mut step = 1_i64;
    loop {
        for m in [1, 2, 5] {
            let s = step.saturating_mul(m);
            if max / s <= 5 {
                let top = ((max + s - 1) / s) * s;
                return (top.max(s), s);
            }
        }
        step = step.saturating_mul(10);
    }
}

/// One metric as a chart: a row per origin, an exact figure drawn as a point, an interval
/// as a bar, an open end as an arrow to the edge; rows that conflict drawn in red.
fn chart(out: &mut String, m: &MetricRow) {
    let rows: Vec<_> = latest(m).collect();
    if rows.is_empty() {
        return;
    }
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
    let plot = PLOT_RIGHT - LABEL_WIDTH;
    let x = |v: i64| LABEL_WIDTH + plot * (v as f64) / (top as f64);
    let axis_y = TOP + ROW_HEIGHT * rows.len() as f64 + 4.0;
    let height = axis_y + 44.0;
    let title = format!(
        "{}: each source's latest figure{}",
        m.metric,
        if m.conflict {
            "; the sources conflict"
        } else {
            ""
        }
    );
    let _ = writeln!(
        out,
        "<figure class=\"chart\" data-metric=\"{metric}\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {CHART_WIDTH} {height}\" role=\"img\" aria-label=\"{label}\" font-family=\"system-ui, sans-serif\" font-size=\"12\">",
        metric = escape(&m.metric),
        label = escape(&title)
    );
    let _ = writeln!(out, "<title>{}</title>", escape(&title));
    // Grid and ticks.
    let mut v = 0;
    while v <= top {
        let gx = x(v);
        let _ = writeln!(
            out,
            "<line x1=\"{gx:.1}\" y1=\"{TOP}\" x2=\"{gx:.1}\" y2=\"{axis_y:.1}\" stroke=\"#e3e3e8\"/><text x=\"{gx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#5f6368\">{v}</text>",
            axis_y + 14.0
        );
        v += step;
    }
    let _ = writeln!(
        out,
        "<line class=\"axis\" x1=\"{LABEL_WIDTH}\" y1=\"{axis_y:.1}\" x2=\"{PLOT_RIGHT}\" y2=\"{axis_y:.1}\" stroke=\"#1d1d1f\"/>\
<text class=\"axis-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#1d1d1f\">{} (count)</text>",
        LABEL_WIDTH + plot / 2.0,
        axis_y + 34.0,
        escape(&m.metric)
    );
    for (n, f) in rows.iter().enumerate() {
        let conflict = conflicts_in_row(m, f);
        let colour = if conflict { "#b3261e" } else { "#1f4e99" };
        let cy = TOP + ROW_HEIGHT * n as f64 + ROW_HEIGHT / 2.0;
        let mut name = f.record.origin.clone();
        if name.chars().count() > 26 {
            name = name.chars().take(25).collect::<String>() + "…";
        }
        let _ = writeln!(
            out,
            "<g class=\"row{}\" data-source=\"{}\" data-conflict=\"{conflict}\"><title>{}: {}</title>",
            if conflict { " conflict" } else { "" },
            escape(&f.record.origin),
            escape(&f.record.origin),
            escape(&figure_cell(f))
        );
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"{colour}\"{}>{}{}</text>",
            LABEL_WIDTH - 8.0,
            cy + 4.0,
            if conflict {
                " font-weight=\"bold\""
            } else {
                ""
            },
            if conflict { "⚠ " } else { "" },
            escape(&name)
        );
        let low = x(f.interval.low);
        match f.interval.high {
            Some(h) if h == f.interval.low => {
                let _ = writeln!(out, "<circle class=\"point\" cx=\"{low:.1}\" cy=\"{cy:.1}\" r=\"6\" fill=\"{colour}\"/>");
            }
            Some(h) => {
                let w = (x(h) - low).max(2.0);
                let _ = writeln!(
                    out,
                    "<rect class=\"bar\" x=\"{low:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"12\" rx=\"3\" fill=\"{colour}\" fill-opacity=\"0.75\"/>",
                    cy - 6.0
                );
            }
            None => {
                let end = PLOT_RIGHT + 14.0;
                let _ = writeln!(
                    out,
                    "<rect class=\"bar open\" x=\"{low:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"12\" fill=\"{colour}\" fill-opacity=\"0.75\"/><polygon class=\"arrow\" points=\"{:.1},{:.1} {end:.1},{cy:.1} {:.1},{:.1}\" fill=\"{colour}\"/>",
                    cy - 6.0,
                    (end - 12.0 - low).max(2.0),
                    end - 12.0,
                    cy - 10.0,
                    end - 12.0,
                    cy + 10.0
                );
            }
        }
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"{colour}\" font-size=\"11\">{}</text></g>",
            low + 9.0,
            cy - 8.0,
            escape(&f.record.figure.stated())
        );
    }
    let _ = writeln!(
        out,
        "</svg>\n<figcaption>{}{}</figcaption>\n</figure>",
        escape(&m.metric),
        if m.conflict {
            " — <span class=\"flag\">conflict</span>: rows marked ⚠ share no count with another source"
        } else {
            ""
        }
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_are_round() {
        assert_eq!(axis(13), (15, 5));
        assert_eq!(axis(0), (1, 1));
        assert_eq!(axis(6), (6, 2));
        assert_eq!(axis(280_000), (300_000, 50_000));
    }
}
