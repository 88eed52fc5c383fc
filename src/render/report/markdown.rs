//! The report as Markdown: CommonMark with pipe tables, ready for a CMS, a wiki or a pull
//! request. User text is escaped so that it can neither open a link, an HTML tag or
//! emphasis, nor break a table.

use std::fmt::Write;

use super::words::capitalised;
use super::{
    conflicts_in_row, figure_cell, figure_value, is_web_link, latest, Report, Words, STATUS_ORDER,
};
use crate::model::compare::{Compared, MetricRow};
use crate::model::publication::CorrectionKind;

/// Text made inert in Markdown: the characters that start markup get a backslash, and a
/// line break becomes a space, so that text stays inside its table cell or list item;
/// characters nobody could see (a terminal's escape, a backspace, a direction control)
/// are shown as `\u{…}` escapes, so that a report printed to a terminal cannot rewrite
/// what it shows.
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            c if crate::render::push_hidden(&mut out, c) => {}
            c => out.push(c),
        }
    }
    out
}

/// A URL: an autolink when it is a plain web address, escaped text otherwise.
fn link(url: &str) -> String {
    if is_web_link(url) && !url.contains(['<', '>']) {
        format!("<{url}>")
    } else {
        md(url)
    }
}

fn or_dash(text: Option<&str>) -> String {
    text.map_or_else(|| "-".to_string(), md)
}

/// A recorded date or time in words; as recorded when it is not one.
fn when(w: &Words, text: &str) -> String {
    md(&w.date(text).unwrap_or_else(|| text.to_string()))
}

/// A metric in words with its code beside it: "Killed: children (`killed.children`)".
fn metric_label(r: &Report, metric: &str) -> String {
    match r.metric_text(metric) {
        Some(words) if words == metric => md(&capitalised(&words)),
        Some(words) => format!("{} (`{metric}`)", md(&capitalised(&words))),
        None => format!("`{metric}`"),
    }
}

/// The whole report.
pub fn render(r: &Report) -> String {
    let mut out = String::new();
    let w = r.words;
    let i = &r.incident;
    // Writing to a String cannot fail.
    let _ = writeln!(out, "# {}\n", md(&w.fill("title", &[("title", &i.title)])));
    let mut facts = vec![format!("`{}`", i.slug)];
    facts.extend(i.date.as_deref().map(|d| when(w, d)));
    facts.extend(i.place.as_deref().map(md));
    let _ = writeln!(out, "**{}:** {}\n", md(w.t("incident")), facts.join(" · "));
    let _ = writeln!(out, "{}\n", md(&r.generated()));
    let mut head = Vec::new();
    if let Some((id, hash)) = &r.ledger_head.record {
        head.push(format!(
            "`{hash}` ({})",
            md(&w.fill("ledger_head.record", &[("id", &id.to_string())]))
        ));
    }
    if head.is_empty() {
        head.push(md(w.t("ledger_head.empty")));
    }
    let _ = writeln!(out, "{}: {}\n", md(w.t("ledger_head")), head.join("; "));
    let _ = writeln!(out, "{}\n", md(&r.summary()));

    let _ = writeln!(out, "## {}\n", md(w.t("section.articles")));
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} |",
        w.t("col.article"),
        w.t("col.outlet"),
        w.t("col.language"),
        w.t("col.published"),
        w.t("col.url")
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    for a in &r.articles {
        let _ = writeln!(
            out,
            "| {} (`{}`) | {} | {} | {} | {} |",
            md(&a.title),
            a.slug,
            or_dash(a.outlet.as_deref()),
            or_dash(a.lang.as_deref()),
            a.published_at
                .as_deref()
                .map_or_else(|| "-".to_string(), |p| when(w, p)),
            a.url.as_deref().map_or_else(|| "-".to_string(), link)
        );
    }

    let _ = writeln!(out, "\n## {}", md(w.t("section.claims")));
    for &status in STATUS_ORDER {
        let group: Vec<_> = r.with_status(status).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n### {} ({})",
            md(&w.status_title(status)),
            w.number(group.len() as i64)
        );
        for entry in group {
            let c = &entry.claim;
            let source = match &c.via_name {
                Some(via) => format!(
                    "{} ({})",
                    md(&c.source_name),
                    md(&w.fill("via", &[("name", via)]))
                ),
                None => md(&c.source_name),
            };
            // An anchor of its own, by the claim's key, so that a link to the claim
            // (a ClaimReview's URL) survives a correction and a change of its source.
            let _ = writeln!(
                out,
                "\n#### <a id=\"claim-{}\"></a>{}: {source}\n",
                c.key,
                md(&w.fill("claim.heading", &[("id", &c.key.to_string())]))
            );
            let label = |key: &str| md(&capitalised(w.t(key)));
            let _ = writeln!(out, "- **{}:** {}", label("col.claim"), md(&c.text));
            if let Some(t) = &c.translation {
                let _ = writeln!(out, "- **{}:** {}", label("claim.translation"), md(t));
            }
            if let Some(q) = &c.quote {
                let _ = writeln!(out, "- **{}:** “{}”", label("claim.quote"), md(q));
            }
            let article = r
                .article(c.article_id)
                .map_or_else(|| c.article_slug.clone(), |a| md(&a.title));
            let _ = writeln!(
                out,
                "- **{}:** {article} (`{}`), {}",
                label("claim.article"),
                c.article_slug,
                md(&w.fill(
                    "claim.as_of",
                    &[("when", &w.date(&c.as_of).unwrap_or_else(|| c.as_of.clone()))]
                ))
            );
            if !c.figures.is_empty() {
                let figures: Vec<String> = c
                    .figures
                    .iter()
                    .map(|f| {
                        format!(
                            "{}: {}",
                            metric_label(r, &f.figure.metric),
                            md(&figure_value(w, &f.figure))
                        )
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    "- **{}:** {}",
                    label("claim.figures"),
                    figures.join("; ")
                );
            }
            let verdict = match entry.verdict_note() {
                Some(note) => format!("{} — {}", md(w.status(c.status)), md(note)),
                None if c.status.is_closed() => md(w.status(c.status)),
                None => md(&w.fill("claim.no_verdict", &[("status", w.status(c.status))])),
            };
            let verdict = match entry.review_line(w, r.review_required) {
                Some(line) => format!("{verdict} ({})", md(&line)),
                None => verdict,
            };
            let _ = writeln!(out, "- **{}:** {verdict}", label("claim.verdict"));
            if !entry.evidence.is_empty() {
                let _ = writeln!(out, "- **{}:**", label("claim.evidence"));
                for e in &entry.evidence {
                    let note = e
                        .note
                        .as_deref()
                        .map(|n| format!(" — {}", md(n)))
                        .unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "  - {} ({}){note}",
                        link(&e.url),
                        md(w.stance(e.stance))
                    );
                }
            }
        }
    }

    let _ = writeln!(out, "\n## {}\n", md(w.t("section.comparison")));
    if r.comparison.metrics.is_empty() {
        let _ = writeln!(out, "{}", md(w.t("no_figures")));
    } else {
        legend(&mut out, r);
        if r.comparison_turns() {
            per_metric(&mut out, r);
        } else {
            wide(&mut out, r);
        }
        for x in &r.comparison.inconsistencies {
            let _ = writeln!(
                out,
                "\n**{}:** {}: {}",
                md(w.t("inconsistent")),
                md(&x.origin),
                md(&w.group_digits(&x.detail))
            );
        }
    }

    let _ = writeln!(out, "\n## {}\n", md(w.t("section.history")));
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} |",
        w.t("col.when"),
        w.t("col.claim"),
        w.t("col.who"),
        w.t("col.change"),
        w.t("col.note")
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    for row in r.timeline() {
        let mut note = Vec::new();
        note.extend(row.url.as_deref().map(link));
        note.extend(row.note.as_deref().map(md));
        let note = if note.is_empty() {
            "-".to_string()
        } else {
            note.join(" — ")
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {note} |",
            when(w, &row.at),
            row.claim,
            md(&row.who),
            md(&row.change)
        );
    }

    let _ = writeln!(out, "\n## {}\n", md(w.t("section.sources")));
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} |",
        w.t("col.source"),
        w.t("col.kind"),
        w.t("col.reliability"),
        w.t("col.aliases")
    );
    let _ = writeln!(out, "|---|---|---|---|");
    for s in &r.sources {
        let grade = s
            .grade
            .map_or_else(|| w.t("not_graded").to_string(), |g| w.grade(g));
        let aliases = if s.aliases.is_empty() {
            "-".to_string()
        } else {
            s.aliases
                .iter()
                .map(|a| md(a))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {aliases} |",
            md(&s.name),
            md(w.source_kind(s.kind)),
            md(&grade)
        );
    }

    publications(&mut out, r);
    let _ = writeln!(out, "\n## {}\n", md(w.t("section.methodology")));
    let _ = writeln!(out, "{}", md(&r.methodology()));
    if !r.acknowledgements.is_empty() {
        let _ = writeln!(out, "\n{}\n", md(w.t("acknowledged.intro")));
        for a in &r.acknowledgements {
            let _ = writeln!(out, "- `{}`: {}", a.finding, md(&r.acknowledgement_text(a)));
        }
    }
    corrections(&mut out, r);
    out
}

/// When and where the report was published, with the ledger's head each time.
fn publications(out: &mut String, r: &Report) {
    if r.publications.is_empty() {
        return;
    }
    let w = r.words;
    let _ = writeln!(out, "\n## {}\n", md(w.t("section.publications")));
    let _ = writeln!(
        out,
        "| {} | {} | {} |\n|---|---|---|",
        w.t("col.published"),
        w.t("col.url"),
        w.t("col.head")
    );
    for p in &r.publications {
        let head = p.data.head.as_ref().map_or_else(
            || md(w.t("ledger_head.empty")),
            |h| {
                format!(
                    "`{}` ({})",
                    h.hash,
                    md(&w.fill("ledger_head.record", &[("id", &h.entry.to_string())]))
                )
            },
        );
        let _ = writeln!(
            out,
            "| {} | {} | {head} |",
            when(w, &p.data.published_at),
            link(&p.data.url)
        );
    }
}

/// The public corrections log: what changed after a publication in what it had shown.
/// Absent before the first publication.
fn corrections(out: &mut String, r: &Report) {
    let Some(list) = &r.corrections else { return };
    let w = r.words;
    let _ = writeln!(out, "\n## {}\n", md(w.t("section.corrections")));
    if list.is_empty() {
        let _ = writeln!(out, "{}", md(w.t("corrections.none")));
        return;
    }
    let _ = writeln!(out, "{}\n", md(w.t("corrections.intro")));
    let _ = writeln!(
        out,
        "| {} | {} | {} |\n|---|---|---|",
        w.t("col.when"),
        w.t("col.what"),
        w.t("col.note")
    );
    for c in list {
        let text = r.correction_text(c);
        let value = match (c.kind, text.value.as_deref()) {
            (CorrectionKind::EvidenceUrl, Some(v)) => link(v),
            (_, Some(v)) => md(v),
            (_, None) => String::new(),
        };
        let what = md(&text.what).replace("{value}", &value);
        let _ = writeln!(
            out,
            "| {} | {what} | {} |",
            when(w, &c.at),
            or_dash(c.note.as_deref())
        );
    }
}

/// What the signs in the comparison mean.
fn legend(out: &mut String, r: &Report) {
    let w = r.words;
    let tolerance = r.tolerance_text();
    let _ = writeln!(out, "**{}:**\n", md(w.t("section.legend")));
    let entries = [
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
    ];
    let metrics = r
        .comparison
        .metrics
        .iter()
        .filter_map(|m| Some((format!("`{}`", m.metric), r.metric_meaning(&m.metric)?)));
    let entries = entries
        .into_iter()
        .map(|(sign, meaning)| (md(sign), meaning))
        .chain(metrics);
    for (sign, meaning) in entries {
        // A lone "-" would read as a list marker.
        let sign = if sign == "-" { "\\-".to_string() } else { sign };
        let _ = writeln!(out, "- {sign}: {}", md(&meaning));
    }
    let _ = writeln!(out, "\n{}\n", md(w.t("legend.kinds")));
}

/// A figure as a comparison cell, marked when it conflicts.
fn cell(r: &Report, m: &MetricRow, f: &Compared) -> String {
    let text = md(&figure_cell(r.words, f));
    if conflicts_in_row(m, f) {
        format!("**{text}** ⚠")
    } else {
        text
    }
}

fn flag(w: &Words, on: bool) -> String {
    if on {
        format!("**{}**", md(w.yes_no(true)))
    } else {
        md(w.yes_no(false))
    }
}

/// The comparison as one table: metrics down, origins across.
fn wide(out: &mut String, r: &Report) {
    let w = r.words;
    let mut header = vec![md(w.t("col.metric"))];
    header.extend(r.comparison.origins.iter().map(|o| md(&o.name)));
    header.extend(
        ["col.spread", "col.conflict", "col.inconsistent"]
            .iter()
            .map(|k| md(w.t(k))),
    );
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
    for m in &r.comparison.metrics {
        let label = metric_label(r, &m.metric);
        let mut row = vec![if m.conflict || m.inconsistent {
            format!("**{label}**")
        } else {
            label
        }];
        for o in &r.comparison.origins {
            row.push(
                m.figures
                    .iter()
                    .find(|f| f.latest && f.record.origin_id == o.id)
                    .map_or_else(|| "-".to_string(), |f| cell(r, m, f)),
            );
        }
        row.push(m.spread.map_or("-".to_string(), |s| w.number(s)));
        row.push(flag(w, m.conflict));
        row.push(flag(w, m.inconsistent));
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
}

/// The comparison turned, for many origins: one table per metric, origins down.
fn per_metric(out: &mut String, r: &Report) {
    let w = r.words;
    for m in &r.comparison.metrics {
        let _ = writeln!(out, "### {}\n", metric_label(r, &m.metric));
        let _ = writeln!(
            out,
            "| {} | {} | {} |\n|---|---|---|",
            md(w.t("col.source")),
            md(w.t("col.value")),
            md(w.t("col.conflict"))
        );
        for f in latest(m) {
            let conflict = flag(w, conflicts_in_row(m, f));
            let _ = writeln!(
                out,
                "| {} | {} | {conflict} |",
                md(&f.record.origin),
                cell(r, m, f)
            );
        }
        let _ = writeln!(
            out,
            "\n{}: {} · {}: {} · {}: {}\n",
            md(w.t("col.spread")),
            m.spread.map_or("-".to_string(), |s| w.number(s)),
            md(w.t("col.conflict")),
            flag(w, m.conflict),
            md(w.t("col.inconsistent")),
            flag(w, m.inconsistent)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_text_is_inert() {
        assert_eq!(md("<b>x</b> | [a](b)"), "\\<b\\>x\\</b\\> \\| \\[a\\](b)");
        assert_eq!(md("two\nlines"), "two lines");
        assert_eq!(link("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(link("https://example.org"), "<https://example.org>");
    }
}
