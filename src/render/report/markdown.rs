//! The report as Markdown: CommonMark with pipe tables, ready for a CMS, a wiki or a pull
//! request. User text is escaped so that it can neither open a link, an HTML tag or
//! emphasis, nor break a table.

use std::fmt::Write;

use super::{conflicts_in_row, figure_cell, is_web_link, status_title, Report, STATUS_ORDER};

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

/// The whole report.
pub fn render(r: &Report) -> String {
    let mut out = String::new();
    let i = &r.incident;
    // Writing to a String cannot fail.
    let _ = writeln!(out, "# Verification report: {}\n", md(&i.title));
    let mut facts = vec![format!("`{}`", i.slug)];
    facts.extend(i.date.as_deref().map(md));
    facts.extend(i.place.as_deref().map(md));
    let _ = writeln!(out, "**Incident:** {}\n", facts.join(" · "));
    let _ = writeln!(out, "{}\n", md(&r.summary()));

    let _ = writeln!(out, "## Articles consulted\n");
    let _ = writeln!(out, "| article | outlet | language | published | url |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    for a in &r.articles {
        let _ = writeln!(
            out,
            "| {} (`{}`) | {} | {} | {} | {} |",
            md(&a.title),
            a.slug,
            or_dash(a.outlet.as_deref()),
            or_dash(a.lang.as_deref()),
            or_dash(a.published_at.as_deref()),
            a.url.as_deref().map_or_else(|| "-".to_string(), link)
        );
    }

    let _ = writeln!(out, "\n## Claims");
    for &status in STATUS_ORDER {
        let group: Vec<_> = r.with_status(status).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {} ({})", status_title(status), group.len());
        for entry in group {
            let c = &entry.claim;
            let source = match &c.via_name {
                Some(via) => format!("{} (via {})", md(&c.source_name), md(via)),
                None => md(&c.source_name),
            };
            let _ = writeln!(out, "\n#### Claim {}: {source}\n", c.id);
            let _ = writeln!(out, "- **Claim:** {}", md(&c.text));
            if let Some(t) = &c.translation {
                let _ = writeln!(out, "- **Translation:** {}", md(t));
            }
            if let Some(q) = &c.quote {
                let _ = writeln!(out, "- **Quote:** “{}”", md(q));
            }
            let article = r
                .article(c.article_id)
                .map_or_else(|| c.article_slug.clone(), |a| md(&a.title));
            let _ = writeln!(
                out,
                "- **Article:** {article} (`{}`), as of {}",
                c.article_slug, c.as_of
            );
            if !c.figures.is_empty() {
                let figures: Vec<String> = c
                    .figures
                    .iter()
                    .map(|f| format!("`{}`", f.figure.spec()))
                    .collect();
                let _ = writeln!(out, "- **Figures:** {}", figures.join(", "));
            }
            let verdict = match entry.verdict_note() {
                Some(note) => format!("{} — {}", c.status, md(note)),
                None if c.status.is_closed() => c.status.to_string(),
                None => format!("none yet ({})", c.status.as_str().replace('_', " ")),
            };
            let _ = writeln!(out, "- **Verdict:** {verdict}");
            if !entry.evidence.is_empty() {
                let _ = writeln!(out, "- **Evidence:**");
                for e in &entry.evidence {
                    let note = e
                        .note
                        .as_deref()
                        .map(|n| format!(" — {}", md(n)))
                        .unwrap_or_default();
                    let _ = writeln!(out, "  - {} ({}){note}", link(&e.url), e.stance);
                }
            }
        }
    }

    let _ = writeln!(out, "\n## Comparison\n");
    if r.comparison.metrics.is_empty() {
        let _ = writeln!(out, "No figures recorded.");
    } else {
        let mut header = vec!["metric".to_string()];
        header.extend(r.comparison.origins.iter().map(|o| md(&o.name)));
        header.extend(["spread".into(), "conflict".into(), "inconsistent".into()]);
        let _ = writeln!(out, "| {} |", header.join(" | "));
        let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
        for m in &r.comparison.metrics {
            let mut row = vec![if m.conflict || m.inconsistent {
                format!("**{}**", md(&m.metric))
            } else {
                md(&m.metric)
            }];
            for o in &r.comparison.origins {
                let cell = m
                    .figures
                    .iter()
                    .find(|f| f.latest && f.record.origin_id == o.id)
                    .map_or_else(
                        || "-".to_string(),
                        |f| {
                            let text = md(&figure_cell(f));
                            if conflicts_in_row(m, f) {
                                format!("**{text}** ⚠")
                            } else {
                                text
                            }
                        },
                    );
                row.push(cell);
            }
            row.push(m.spread.map_or("-".to_string(), |s| s.to_string()));
            row.push(if m.conflict { "**YES**" } else { "no" }.to_string());
            row.push(if m.inconsistent { "**YES**" } else { "no" }.to_string());
            let _ = writeln!(out, "| {} |", row.join(" | "));
        }
        for x in &r.comparison.inconsistencies {
            let _ = writeln!(
                out,
                "\n**Inconsistent:** {}: {}",
                md(&x.origin),
                md(&x.detail)
            );
        }
    }

    let _ = writeln!(out, "\n## Status history\n");
    let _ = writeln!(out, "| when | claim | who | change | note |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    for [at, claim, who, change, note] in r.timeline() {
        let note = if note.is_empty() {
            "-".to_string()
        } else {
            md(&note)
        };
        let _ = writeln!(
            out,
            "| {at} | {claim} | {} | {} | {note} |",
            md(&who),
            md(&change)
        );
    }

    let _ = writeln!(out, "\n## Sources\n");
    let _ = writeln!(out, "| source | kind | reliability | also known as |");
    let _ = writeln!(out, "|---|---|---|---|");
    for s in &r.sources {
        let grade = s.grade.map_or_else(
            || "not graded".to_string(),
            |g| format!("{g} ({})", g.meaning()),
        );
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
            "| {} | {} | {grade} | {aliases} |",
            md(&s.name),
            s.kind
        );
    }

    let _ = writeln!(out, "\n## Methodology\n");
    let _ = writeln!(out, "{}", md(&r.methodology()));
    out
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
