//! `lint`: what stops an incident's report from going out, as a table of findings (each
//! with the name that `lint --ack` takes, and whether it was acknowledged) or a line
//! saying it is ready, and as JSON for a newsroom's CI. A lint of the whole ledger can
//! find hundreds of thousands of things, so it is written from findings handed over one
//! by one once they are counted (see [`write_lint`]), never from all of them held at once.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::{counted, done};
use crate::model::publication::finding_name;
use crate::render::{json_text, write, Cell, Format, Listing, Output, Style, Table};

/// Who let a finding pass, when, and why.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Acknowledged {
    /// Who acknowledged it.
    pub who: String,
    /// When.
    pub at: String,
    /// Why.
    pub note: String,
}

/// One thing that stops publication, unless acknowledged.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Finding {
    /// Its name: check, incident, what it is about and the claims involved (see
    /// [`finding_name`]); what `lint --ack` takes.
    pub name: String,
    /// The incident's slug.
    pub incident: String,
    /// The claim at fault, when one is.
    pub claim: Option<i64>,
    /// Which check found it (`verdict_without_evidence`, `no_origin`, …).
    pub check: String,
    /// The metric it is about, when one.
    pub metric: Option<String>,
    /// Every claim involved, by id.
    pub claims: Vec<i64>,
    /// What is wrong and how to put it right.
    pub detail: String,
    /// Set when the desk acknowledged this very finding: it no longer blocks.
    pub acknowledged: Option<Acknowledged>,
}

impl Finding {
    /// A finding of `check` about `incident`, its `metric` (when it is about one) and
    /// `claims`; named by all of them.
    pub fn new(
        check: &'static str,
        incident: &str,
        metric: Option<&str>,
        claims: Vec<i64>,
        detail: String,
    ) -> Finding {
        Finding {
            name: finding_name(check, incident, metric, &claims),
            incident: incident.to_string(),
            claim: match claims.as_slice() {
                [one] => Some(*one),
                _ => None,
            },
            check: check.to_string(),
            metric: metric.map(str::to_string),
            claims,
            detail,
            acknowledged: None,
        }
    }

    /// Names the finding by `about` (a pair of sources, say) where a metric would go.
    pub fn about(mut self, about: &str) -> Finding {
        self.name = finding_name(&self.check, &self.incident, Some(about), &self.claims);
        self
    }

    /// Whether it stops publication: not acknowledged.
    pub fn blocks(&self) -> bool {
        self.acknowledged.is_none()
    }
}

/// `lint` in JSON.
#[derive(Serialize)]
struct LintView<'a> {
    scope: &'a str,
    ready: bool,
    claims: usize,
    findings: &'a [Finding],
}

/// What a lint found, counted: all that its head (JSON's `ready`, the line saying it is
/// ready) needs before its findings are listed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Claims in play checked.
    pub claims: usize,
    /// Findings that stop publication.
    pub blocking: usize,
    /// Findings the desk let pass.
    pub acknowledged: usize,
}

impl Tally {
    /// Counts one finding.
    pub fn add(&mut self, finding: &Finding) {
        if finding.blocks() {
            self.blocking += 1;
        } else {
            self.acknowledged += 1;
        }
    }

    fn ready(self) -> bool {
        self.blocking == 0
    }

    /// Whether findings are listed: when one blocks, or the desk let one pass.
    fn listed(self) -> bool {
        self.blocking + self.acknowledged > 0
    }
}

/// Gives every finding of a lint, in order, to its argument (called at most once).
pub type Findings<'a> =
    dyn FnMut(&mut dyn FnMut(&Finding) -> io::Result<()>) -> io::Result<()> + 'a;

/// `lint` to `out`: `scope` is an incident's slug or "the ledger", `tally` counts what
/// `findings` gives. Byte for byte what the whole output of the findings would be, with
/// none of them held.
pub fn write_lint<W: Write>(
    mut out: W,
    format: Format,
    style: Style,
    scope: &str,
    tally: Tally,
    findings: &mut Findings<'_>,
) -> io::Result<W> {
    let head = LintView {
        scope,
        ready: tally.ready(),
        claims: tally.claims,
        findings: &[],
    };
    if !tally.listed() {
        write(&mut out, &done(ready(scope, tally), head), format, style)?;
        return Ok(out);
    }
    match format {
        Format::Json => {
            // The document with no findings ends `"findings": []` and its brace; the
            // findings go between the brackets, each indented as the whole would be.
            let whole = json_text(&head);
            let open = whole.strip_suffix("[]\n}").ok_or_else(|| {
                io::Error::other("lint's JSON does not end with its list of findings")
            })?;
            out.write_all(open.as_bytes())?;
            out.write_all(b"[")?;
            let mut first = true;
            findings(&mut |f| {
                out.write_all(if first { b"\n" } else { b",\n" })?;
                first = false;
                for (i, line) in json_text(f).lines().enumerate() {
                    if i > 0 {
                        out.write_all(b"\n")?;
                    }
                    out.write_all(b"    ")?;
                    out.write_all(line.as_bytes())?;
                }
                Ok(())
            })?;
            out.write_all(b"\n  ]\n}\n")?;
            Ok(out)
        }
        Format::Csv | Format::Table => {
            if format == Format::Table && tally.ready() {
                // The line saying it is ready, then the acknowledged findings, a line
                // apart, as blocks are written.
                write(&mut out, &done(ready(scope, tally), &head), format, style)?;
                out.write_all(b"\n")?;
            }
            let mut listing = Listing::new(out, format, style, table_head(), CSV, None)?;
            findings(&mut |f| match format {
                Format::Csv => listing.csv(&csv_row(f)),
                _ => listing.row(table_row(f)),
            })?;
            listing.finish()
        }
    }
}

/// The line of a lint that nothing blocks.
fn ready(scope: &str, tally: Tally) -> String {
    if tally.acknowledged == 0 {
        format!(
            "{scope} is ready to publish: {} checked, nothing found",
            counted(tally.claims as i64, "claim", "claims")
        )
    } else {
        format!(
            "{scope} is ready to publish: {} checked, {} acknowledged",
            counted(tally.claims as i64, "claim", "claims"),
            counted(tally.acknowledged as i64, "finding", "findings")
        )
    }
}

fn table_head() -> Table {
    Table::new(&["finding", "state", "detail"]).nowrap(&[0, 1])
}

const CSV: &[&str] = &[
    "finding",
    "incident",
    "check",
    "metric",
    "claims",
    "state",
    "detail",
    "acknowledged_by",
    "acknowledged_at",
    "note",
];

fn state(f: &Finding) -> &'static str {
    if f.blocks() {
        "blocks"
    } else {
        "acknowledged"
    }
}

fn table_row(f: &Finding) -> Vec<Cell> {
    let detail = match &f.acknowledged {
        Some(a) => format!(
            "{} (acknowledged by {} at {}: {})",
            f.detail, a.who, a.at, a.note
        ),
        None => f.detail.clone(),
    };
    vec![
        f.name.clone().into(),
        Cell::alert(state(f), f.blocks()),
        detail.into(),
    ]
}

fn csv_row(f: &Finding) -> Vec<Cell> {
    let ids: Vec<String> = f.claims.iter().map(i64::to_string).collect();
    let ack = |field: fn(&Acknowledged) -> &str| {
        f.acknowledged
            .as_ref()
            .map_or(String::new(), |a| field(a).to_string())
    };
    vec![
        f.name.clone().into(),
        f.incident.clone().into(),
        f.check.clone().into(),
        f.metric.clone().unwrap_or_default().into(),
        ids.join(",").into(),
        state(f).into(),
        f.detail.clone().into(),
        ack(|a| &a.who).into(),
        ack(|a| &a.at).into(),
        ack(|a| &a.note).into(),
    ]
}

/// `lint --ack`, in JSON: the finding acknowledged and what still blocks.
#[derive(Serialize)]
struct AcknowledgedView<'a> {
    incident: &'a str,
    finding: &'a str,
    note: &'a str,
    still_blocking: Vec<&'a str>,
}

/// `lint INCIDENT --ack FINDING --note WHY`: what was recorded, and what still stops the
/// incident (`findings` as they stand after it).
pub fn acknowledged(incident: &str, finding: &str, note: &str, findings: &[Finding]) -> Output {
    let still: Vec<&str> = findings
        .iter()
        .filter(|f| f.blocks())
        .map(|f| f.name.as_str())
        .collect();
    let rest = if still.is_empty() {
        format!("{incident} is ready to publish")
    } else {
        format!(
            "{} still stop{} {incident} from being published",
            counted(still.len() as i64, "finding", "findings"),
            if still.len() == 1 { "s" } else { "" }
        )
    };
    done(
        format!("acknowledged {finding}; {rest}"),
        AcknowledgedView {
            incident,
            finding,
            note,
            still_blocking: still,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Block;

    /// `lint` as it was written before it streamed: the whole output built at once.
    fn whole(scope: &str, claims: usize, findings: &[Finding]) -> Output {
        let blocking = findings.iter().filter(|f| f.blocks()).count();
        let view = LintView {
            scope,
            ready: blocking == 0,
            claims,
            findings,
        };
        let mut table = table_head();
        let mut csv = Table::new(CSV);
        for f in findings {
            table.push(table_row(f));
            csv.push(csv_row(f));
        }
        let tally = Tally {
            claims,
            blocking,
            acknowledged: findings.len() - blocking,
        };
        if blocking > 0 {
            return Output {
                json: super::super::json(view),
                blocks: vec![Block::Table(table)],
                csv,
            };
        }
        let mut output = done(ready(scope, tally), view);
        if tally.acknowledged > 0 {
            output.blocks.push(Block::Table(table));
            output.csv = csv;
        }
        output
    }

    fn finding(claim: i64, acknowledged: bool) -> Finding {
        let mut f = Finding::new(
            "verdict_without_evidence",
            "raid-in-atme",
            None,
            vec![claim],
            format!(
                "claim {claim} is verified but rests on no evidence;\nadd some with `crosscheck evidence add {claim}` \u{202e}"
            ),
        );
        if acknowledged {
            f.acknowledged = Some(Acknowledged {
                who: "ana".to_string(),
                at: "2026-11-27T10:00:00Z".to_string(),
                note: "the Observatory's list, \"named\"".to_string(),
            });
        }
        f
    }

    /// Written from findings given pass by pass, every format reads byte for byte as the
    /// whole output: nothing found, only acknowledged findings, and blocking ones, at
    /// widths that fit and that wrap.
    #[test]
    fn a_streamed_lint_writes_what_the_whole_lint_writes() {
        let cases = [
            vec![],
            vec![finding(1, true)],
            vec![finding(1, false), finding(22, true), finding(333, false)],
        ];
        for findings in &cases {
            for format in [Format::Json, Format::Csv, Format::Table] {
                for width in [30, 100, 300] {
                    let style = Style {
                        color: false,
                        tty: false,
                        width: Some(width),
                    };
                    let mut expected = Vec::new();
                    write(
                        &mut expected,
                        &whole("the ledger", 7, findings),
                        format,
                        style,
                    )
                    .expect("write");
                    let mut tally = Tally {
                        claims: 7,
                        ..Tally::default()
                    };
                    findings.iter().for_each(|f| tally.add(f));
                    let mut passes = 0;
                    let streamed = write_lint(
                        Vec::new(),
                        format,
                        style,
                        "the ledger",
                        tally,
                        &mut |each| {
                            passes += 1;
                            findings.iter().try_for_each(each)
                        },
                    )
                    .expect("write_lint");
                    assert_eq!(
                        String::from_utf8(streamed).expect("UTF-8"),
                        String::from_utf8(expected).expect("UTF-8"),
                        "{format:?} at width {width} with {} findings",
                        findings.len()
                    );
                    assert!(passes <= 1);
                }
            }
        }
    }
}
