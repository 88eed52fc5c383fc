//! The comparison kept current by every write (schema version 5). `conflicts` and
//! `compare` at the default tolerance must not grow with the ledger, so the ledger keeps,
//! per (incident, metric), each origin's latest figure in play and the metric's
//! conflict, resolution, spread and inconsistency, in `summary_figure` and
//! `summary_metric`. They are derived data: one rule decides them, the one in
//! src/model/compare.rs (`Comparison::build` over the incident's figures), and this file
//! only stores what it says. A write that can change which figure is an origin's latest
//! in play (a claim recorded, corrected or withdrawn, any status change of a claim with
//! figures, a merge that moves figures to another origin) marks its incidents; before
//! the transaction commits, or reads the summary, each marked incident is recomputed
//! once and only its rows that differ are rewritten. An import or a copy rebuilds the
//! whole summary once after its load, and the migrations to versions 5 and 6 fill it.
//! `verify` recomputes every incident and names any row that disagrees.
//!
//! Since version 6 a figure's row also holds what the comparison shows of that figure
//! (its value, kind and time, its claim's status and relay, its article's slug), so
//! that `conflicts` and `compare` read the summary (and `conflicts` its incidents) and the
//! small source table for names, not each figure's figure, claim and article rows. A
//! status change touches its claim's incidents and a merge of sources those of the
//! claims it re-credits, so these copies are rewritten with everything else.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::{Context, Result};

use super::{enum_column, figure_from_row, figure_record_from_row, incident_from_row, Rules};
use crate::model::compare::{Comparison, FigureRecord};
use crate::model::figure::Figure;
use crate::model::{Incident, Status, Tolerance};
use crate::store::primitives::{
    renumber_placeholders, Primitives, Row, Table, Value, SUMMARY_FIGURE, SUMMARY_METRIC,
};
use crate::store::BackendKind;

/// What the rule reads of an incident's figures: ids, figures, statuses, times and
/// article slugs. Sources' names are only shown and are not read; the summary keeps the
/// relay's id, which comes last, after the incident and the columns of a figure record.
const RULE_INPUT: &str = "SELECT f.claim_id, f.origin_id, '', CAST(NULL AS TEXT), f.metric,
    f.qualifier, f.strict, f.value, f.value_high, f.kind, c.status, a.slug, f.as_of,
    f.incident_id, c.via_id
    FROM figure f JOIN claim c ON c.id = f.claim_id JOIN article a ON a.id = c.article_id";

/// A row of [`RULE_INPUT`]: the figure record and its claim's relay.
fn rule_input_from_row(r: &dyn Row) -> Result<(FigureRecord, Option<i64>)> {
    Ok((figure_record_from_row(r, 0)?, r.get(14)?))
}

/// A figure record read from the summary's row `m` (in the order of
/// FIGURE_RECORD_COLUMNS), with the names of its source and relay from
/// [`SUMMARY_RECORD_JOINS`]: of the ledger's own tables only the small source table.
const SUMMARY_RECORD_COLUMNS: &str = "m.claim_id, m.origin_id, s.name, v.name, m.metric,
    m.qualifier, m.strict, m.value, m.value_high, m.kind, m.status, m.article, m.as_of";
/// What [`SUMMARY_RECORD_COLUMNS`] joins a summary row `m` to.
const SUMMARY_RECORD_JOINS: &str = "JOIN source s ON s.id = m.origin_id
    LEFT JOIN source v ON v.id = m.via_id";

/// Rows a refresh deletes or writes in one statement at most. An incident's rows change
/// all at once when its origins' columns move (the first claim of an origin withdrawn):
/// with 3,000 rows in one statement, its chain of conditions passed SQLite's expression
/// depth of 1,000, and a figure row's 13 values would pass SQLite's 32,766 at 2,520 rows.
const REFRESH_ROWS: usize = 200;

/// Incidents whose figures a rebuild reads in one query: a round trip per incident
/// would cost more than the rule on a server, and the whole ledger at once would hold
/// every figure in memory. 64 incidents of the 1,000,000-claim benchmark ledger hold
/// some 13,000 figures (a few MB); 10,000 incidents take 157 queries.
const REBUILD_BATCH: usize = 64;

/// One (incident, metric) as the summary holds it, or as recomputed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct MetricSummary {
    conflict: bool,
    resolved: bool,
    inconsistent: bool,
    spread: Option<i64>,
    /// Each origin's figure that counts, by origin.
    latest: BTreeMap<i64, Latest>,
}

/// An origin's figure that counts in a metric, as its row of `summary_figure` holds it:
/// the claim, the origin's column, and what the comparison shows of the figure.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Latest {
    claim: i64,
    rank: i64,
    figure: Figure,
    as_of: String,
    status: Status,
    via: Option<i64>,
    article: String,
}

impl Latest {
    /// The row's columns after `incident_id, metric, origin_id, claim_id, origin_rank`,
    /// in the table's order.
    fn values(&self) -> [Value<'_>; 9] {
        [
            self.figure.qualifier.as_str().into(),
            self.figure.strict.into(),
            self.figure.value.into(),
            self.figure.value_high.into(),
            self.figure.kind.as_str().into(),
            (&self.as_of).into(),
            self.status.as_str().into(),
            self.via.into(),
            (&self.article).into(),
        ]
    }

    /// A row of `summary_figure` read as `claim_id, origin_rank, metric, qualifier,
    /// strict, value, value_high, kind, as_of, status, via_id, article` from `at`.
    fn from_row(r: &dyn Row, at: usize) -> Result<Latest> {
        Ok(Latest {
            claim: r.get(at)?,
            rank: r.get(at + 1)?,
            figure: figure_from_row(r, at + 2)?,
            as_of: r.get(at + 8)?,
            status: enum_column(r, at + 9, Status::parse)?,
            via: r.get(at + 10)?,
            article: r.get(at + 11)?,
        })
    }

    /// How verify names it.
    fn describe(&self, origin: i64) -> String {
        let via = self
            .via
            .map_or(String::new(), |v| format!(" via source {v}"));
        format!(
            "source {origin} claim {} column {} ({}, as of {}, {}{via}, article {})",
            self.claim,
            self.rank + 1,
            self.figure.spec(),
            self.as_of,
            self.status,
            self.article
        )
    }
}

impl MetricSummary {
    /// How verify names it.
    fn describe(&self) -> String {
        let yes = |b: bool| if b { "yes" } else { "no" };
        let latest: Vec<String> = self
            .latest
            .iter()
            .map(|(&origin, latest)| latest.describe(origin))
            .collect();
        format!(
            "conflict {}, resolved {}, inconsistent {}, spread {}, latest {}",
            yes(self.conflict),
            yes(self.resolved),
            yes(self.inconsistent),
            self.spread.map_or("none".to_string(), |s| s.to_string()),
            latest.join(" and ")
        )
    }
}

/// What a metric's row of `summary_metric` holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct MetricHead {
    conflict: bool,
    resolved: bool,
    inconsistent: bool,
    spread: Option<i64>,
}

impl MetricHead {
    fn with_latest(self, latest: BTreeMap<i64, Latest>) -> MetricSummary {
        MetricSummary {
            conflict: self.conflict,
            resolved: self.resolved,
            inconsistent: self.inconsistent,
            spread: self.spread,
            latest,
        }
    }
}

/// One incident's rows of the summary, as stored or as they should be: the metrics'
/// rows, and the figures' rows by (metric, origin).
#[derive(Debug, Default)]
struct SummaryRows {
    metrics: BTreeMap<String, MetricHead>,
    figures: BTreeMap<(String, i64), Latest>,
}

impl SummaryRows {
    /// The rows that hold `summary`.
    fn of(summary: &BTreeMap<String, MetricSummary>) -> SummaryRows {
        let mut rows = SummaryRows::default();
        for (metric, m) in summary {
            let head = MetricHead {
                conflict: m.conflict,
                resolved: m.resolved,
                inconsistent: m.inconsistent,
                spread: m.spread,
            };
            rows.metrics.insert(metric.clone(), head);
            for (&origin, entry) in &m.latest {
                rows.figures.insert((metric.clone(), origin), entry.clone());
            }
        }
        rows
    }
}

/// The keys of `these` whose rows `those` lacks or holds otherwise.
fn differing<'a, K: Ord, V: PartialEq>(
    these: &'a BTreeMap<K, V>,
    those: &BTreeMap<K, V>,
) -> Vec<&'a K> {
    these
        .iter()
        .filter(|(k, v)| those.get(k) != Some(v))
        .map(|(k, _)| k)
        .collect()
}

/// The summary of one incident by metric, as the comparison rule gives it; `vias` holds
/// the relay of each of its claims (the records carry the relay's name, which is not read).
fn summarise(
    comparison: &Comparison,
    vias: &HashMap<i64, Option<i64>>,
) -> BTreeMap<String, MetricSummary> {
    let rank = |origin: i64| {
        comparison
            .origins
            .iter()
            .position(|o| o.id == origin)
            .unwrap_or(usize::MAX) as i64
    };
    comparison
        .metrics
        .iter()
        .map(|m| {
            let latest = m
                .figures
                .iter()
                .filter(|c| c.latest)
                .map(|c| {
                    let r = &c.record;
                    let latest = Latest {
                        claim: r.claim_id,
                        rank: rank(r.origin_id),
                        figure: r.figure.clone(),
                        as_of: r.as_of.clone(),
                        status: r.status,
                        via: vias.get(&r.claim_id).copied().flatten(),
                        article: r.article.clone(),
                    };
                    (r.origin_id, latest)
                })
                .collect();
            (
                m.metric.clone(),
                MetricSummary {
                    conflict: m.conflict,
                    resolved: m.resolved,
                    inconsistent: m.inconsistent,
                    spread: m.spread,
                    latest,
                },
            )
        })
        .collect()
}

/// An incident's figures in summary order, gathered while rows stream by.
struct Gathered {
    incident: Incident,
    records: Vec<FigureRecord>,
    order: Vec<i64>,
}

impl Gathered {
    fn push(&mut self, record: FigureRecord) {
        if !self.order.contains(&record.origin_id) {
            self.order.push(record.origin_id);
        }
        self.records.push(record);
    }

    fn comparison(self) -> (Incident, Comparison) {
        (
            self.incident,
            Comparison::of_latest(self.records, self.order),
        )
    }
}

impl<P: Primitives> Rules<P> {
    /// Marks the incidents of a claim's figures for a refresh. An import rebuilds the
    /// whole summary once instead.
    pub(super) fn summary_touch_claim(&mut self, claim_id: i64) -> Result<()> {
        if self.import.is_some() {
            return Ok(());
        }
        self.summary_touch(
            "SELECT DISTINCT incident_id FROM figure
             WHERE claim_id = ?1 AND incident_id IS NOT NULL",
            claim_id,
        )
    }

    /// Marks for a refresh the incidents where `source` has figures as their origin or
    /// as the relay of their claim: a merge moves both, and the summary keeps both.
    pub(super) fn summary_touch_source(&mut self, source_id: i64) -> Result<()> {
        self.summary_touch(
            "SELECT incident_id FROM figure WHERE origin_id = ?1 AND incident_id IS NOT NULL
             UNION
             SELECT f.incident_id FROM claim c JOIN figure f ON f.claim_id = c.id
             WHERE c.via_id = ?1 AND f.incident_id IS NOT NULL",
            source_id,
        )
    }

    /// Marks the incidents `sql` selects for `id` for a refresh.
    fn summary_touch(&mut self, sql: &str, id: i64) -> Result<()> {
        let incidents: Vec<i64> = self.rows(sql, &[id.into()], |r| r.get(0))?;
        self.summary_pending.extend(incidents);
        Ok(())
    }

    /// Refreshes every incident marked in this transaction, once each.
    pub(super) fn flush_summary(&mut self) -> Result<()> {
        let pending = std::mem::take(&mut self.summary_pending);
        for incident in pending {
            self.refresh_incident(incident).with_context(|| {
                format!("cannot bring incident {incident}'s summary up to date")
            })?;
        }
        Ok(())
    }

    /// What the rule says of one incident now.
    fn recomputed(&mut self, incident_id: i64) -> Result<BTreeMap<String, MetricSummary>> {
        let mut records = Vec::new();
        let mut vias = HashMap::new();
        self.db.query(
            &format!("{RULE_INPUT} WHERE f.incident_id = ?1"),
            &[incident_id.into()],
            &mut |r| {
                let (record, via) = rule_input_from_row(r)?;
                vias.insert(record.claim_id, via);
                records.push(record);
                Ok(())
            },
        )?;
        Ok(summarise(
            &Comparison::build(records, Tolerance::DEFAULT, false),
            &vias,
        ))
    }

    /// The summary's rows of one incident as they are stored, in one statement.
    fn summary_rows(&mut self, incident_id: i64) -> Result<SummaryRows> {
        let mut rows = SummaryRows::default();
        // The metrics' rows padded to the figures' columns: spread comes from the one,
        // claim_id, origin_rank and what the summary shows of a figure from the other.
        self.db.query(
            "SELECT 0, metric, conflict, resolved, inconsistent, spread,
                    CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS BIGINT),
                    CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS TEXT),
                    CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS BIGINT),
                    CAST(NULL AS TEXT)
             FROM summary_metric WHERE incident_id = ?1
             UNION ALL
             SELECT 1, metric, origin_id, NULL, claim_id, origin_rank, metric, qualifier,
                    strict, value, value_high, kind, as_of, status, via_id, article
             FROM summary_figure WHERE incident_id = ?1",
            &[incident_id.into()],
            &mut |r| {
                let metric: String = r.get(1)?;
                if r.get::<i64>(0)? == 0 {
                    let head = MetricHead {
                        conflict: r.get::<i64>(2)? != 0,
                        resolved: r.get::<i64>(3)? != 0,
                        inconsistent: r.get::<i64>(4)? != 0,
                        spread: r.get(5)?,
                    };
                    rows.metrics.insert(metric, head);
                } else {
                    let key = (metric, r.get::<i64>(2)?);
                    rows.figures.insert(key, Latest::from_row(r, 4)?);
                }
                Ok(())
            },
        )?;
        Ok(rows)
    }

    /// What the summary holds of one incident.
    fn stored(&mut self, incident_id: i64) -> Result<BTreeMap<String, MetricSummary>> {
        let rows = self.summary_rows(incident_id)?;
        let mut out: BTreeMap<String, MetricSummary> = rows
            .metrics
            .into_iter()
            .map(|(metric, head)| (metric, head.with_latest(BTreeMap::new())))
            .collect();
        for ((metric, origin), entry) in rows.figures {
            match out.get_mut(&metric) {
                Some(m) => {
                    m.latest.insert(origin, entry);
                }
                // Figure rows without their metric's row: a row that cannot be right,
                // shown as a metric with no finding so that it differs from anything
                // recomputed.
                None => {
                    out.insert(metric, MetricHead::default().with_latest(BTreeMap::new()));
                }
            }
        }
        Ok(out)
    }

    /// Recomputes one incident and rewrites only its rows that differ from what the rule
    /// now says: a claim added by one origin usually changes one figure row and perhaps
    /// its metric's row, and only those are deleted and written again, in two
    /// statements at most where the backend allows it.
    fn refresh_incident(&mut self, incident_id: i64) -> Result<()> {
        // On a server, writers on the same incident run side by side: the incident's
        // row, locked until commit, makes the second wait, and then (read committed)
        // recompute from what the first committed. Incidents are refreshed in id order,
        // so two writers never wait on each other's.
        let lock = format!(
            "SELECT id FROM incident WHERE id = ?1{}",
            P::DIALECT.lock_row
        );
        self.row(&lock, &[incident_id.into()], |r| r.get::<i64>(0))?;
        let want = SummaryRows::of(&self.recomputed(incident_id)?);
        let have = self.summary_rows(incident_id)?;
        let stale_metrics: Vec<&String> = differing(&have.metrics, &want.metrics);
        let stale_figures: Vec<&(String, i64)> = differing(&have.figures, &want.figures);
        let new_metrics: Vec<&String> = differing(&want.metrics, &have.metrics);
        let new_figures: Vec<&(String, i64)> = differing(&want.figures, &have.figures);

        let id = Value::Int(incident_id);
        let mut deletes: Vec<(String, Vec<Value<'_>>)> = Vec::new();
        for stale_metrics in stale_metrics.chunks(REFRESH_ROWS) {
            let mut params = vec![id];
            params.extend(stale_metrics.iter().map(|m| Value::Text(m)));
            let places: Vec<String> = (2..=params.len()).map(|n| format!("?{n}")).collect();
            deletes.push((
                format!(
                    "DELETE FROM summary_metric WHERE incident_id = ?1 AND metric IN ({})",
                    places.join(", ")
                ),
                params,
            ));
        }
        for stale_figures in stale_figures.chunks(REFRESH_ROWS) {
            let mut params = vec![id];
            let mut pairs = Vec::new();
            for (metric, origin) in stale_figures {
                params.extend([Value::Text(metric), Value::Int(*origin)]);
                let n = params.len();
                pairs.push(format!("(metric = ?{} AND origin_id = ?{n})", n - 1));
            }
            deletes.push((
                format!(
                    "DELETE FROM summary_figure WHERE incident_id = ?1 AND ({})",
                    pairs.join(" OR ")
                ),
                params,
            ));
        }
        self.execute_together(&deletes)?;

        let mut inserts: Vec<(String, Vec<Value<'_>>)> = Vec::new();
        for new_metrics in new_metrics.chunks(REFRESH_ROWS) {
            let mut params = vec![id];
            let mut rows = Vec::new();
            for metric in new_metrics {
                let head = &want.metrics[*metric];
                params.extend([
                    Value::Text(metric),
                    i64::from(head.conflict).into(),
                    i64::from(head.resolved).into(),
                    i64::from(head.inconsistent).into(),
                    head.spread.into(),
                ]);
                let n = params.len();
                rows.push(format!(
                    "(?1, ?{}, ?{}, ?{}, ?{}, ?{n})",
                    n - 4,
                    n - 3,
                    n - 2,
                    n - 1
                ));
            }
            inserts.push((
                format!(
                    "INSERT INTO summary_metric (incident_id, metric, conflict, resolved, inconsistent, spread)
                     VALUES {}",
                    rows.join(", ")
                ),
                params,
            ));
        }
        for new_figures in new_figures.chunks(REFRESH_ROWS) {
            let mut params = vec![id];
            let mut rows = Vec::new();
            for key in new_figures {
                let latest = &want.figures[*key];
                let first = params.len() + 1;
                params.extend([
                    Value::Text(&key.0),
                    Value::Int(key.1),
                    latest.claim.into(),
                    latest.rank.into(),
                ]);
                params.extend(latest.values());
                let places: Vec<String> = (first..=params.len()).map(|n| format!("?{n}")).collect();
                rows.push(format!("(?1, {})", places.join(", ")));
            }
            inserts.push((
                format!(
                    "INSERT INTO summary_figure ({}) VALUES {}",
                    SUMMARY_FIGURE.columns.join(", "),
                    rows.join(", ")
                ),
                params,
            ));
        }
        self.execute_together(&inserts)
    }

    /// Runs statements that do not depend on one another: as one statement where the
    /// backend allows it (PostgreSQL's data-modifying WITH) and their values stay well
    /// under its limit of 65,535, else one after another.
    fn execute_together(&mut self, statements: &[(String, Vec<Value<'_>>)]) -> Result<()> {
        let values: usize = statements.iter().map(|(_, params)| params.len()).sum();
        if statements.len() < 2 || !P::DIALECT.write_together || values > 30_000 {
            for (sql, params) in statements {
                self.db.execute(sql, params)?;
            }
            return Ok(());
        }
        let mut params: Vec<Value<'_>> = Vec::new();
        let mut parts: Vec<String> = Vec::new();
        for (sql, own) in statements {
            parts.push(renumber_placeholders(sql, params.len()));
            params.extend_from_slice(own);
        }
        let last = parts.pop().unwrap_or_default();
        let with: Vec<String> = parts
            .iter()
            .enumerate()
            .map(|(i, sql)| format!("s{i} AS ({sql})"))
            .collect();
        self.db
            .execute(&format!("WITH {} {last}", with.join(", ")), &params)?;
        Ok(())
    }

    /// Writes one (incident, metric)'s rows while the whole summary is written anew, as
    /// rows the backend may send in bulk (a write's refresh sends only what differs).
    fn insert_summary_rows(
        &mut self,
        incident_id: i64,
        metric: &str,
        row: &MetricSummary,
    ) -> Result<()> {
        let insert = |db: &mut P, table: &'static Table, values: &[Value<'_>]| {
            db.insert_derived(table, values)
        };
        insert(
            &mut self.db,
            &SUMMARY_METRIC,
            &[
                incident_id.into(),
                metric.into(),
                i64::from(row.conflict).into(),
                i64::from(row.resolved).into(),
                i64::from(row.inconsistent).into(),
                row.spread.into(),
            ],
        )?;
        for (&origin, latest) in &row.latest {
            let mut values: Vec<Value<'_>> = vec![
                incident_id.into(),
                metric.into(),
                origin.into(),
                latest.claim.into(),
                latest.rank.into(),
            ];
            values.extend(latest.values());
            insert(&mut self.db, &SUMMARY_FIGURE, &values)?;
        }
        Ok(())
    }

    /// Every incident that has figures, or rows in the summary.
    fn summarised_incidents(&mut self) -> Result<Vec<i64>> {
        self.rows(
            "SELECT incident_id FROM figure WHERE incident_id IS NOT NULL
             UNION SELECT incident_id FROM summary_metric
             UNION SELECT incident_id FROM summary_figure
             ORDER BY 1",
            &[],
            |r| r.get(0),
        )
    }

    /// Empties the summary and fills it from the figures, a batch of incidents per
    /// query ([`REBUILD_BATCH`]), each incident by the rule on its own.
    pub(super) fn rebuild_summary_rows(&mut self) -> Result<()> {
        self.summary_pending.clear();
        self.db.execute("DELETE FROM summary_figure", &[])?;
        self.db.execute("DELETE FROM summary_metric", &[])?;
        let incidents: Vec<i64> = self.rows(
            "SELECT DISTINCT incident_id FROM figure WHERE incident_id IS NOT NULL ORDER BY 1",
            &[],
            |r| r.get(0),
        )?;
        // The claims' range repeats the figures' (a figure repeats its claim's incident,
        // which neither may change: figure_matches_claim and the content triggers), so
        // that the server reads the batch's claims by their incident as well: joined on
        // the figures alone, PostgreSQL read every claim of the ledger once per batch, a
        // hash join over the whole table, 157 times at 1,000,000 claims.
        let sql = format!(
            "{RULE_INPUT} WHERE f.incident_id BETWEEN ?1 AND ?2 AND c.incident_id BETWEEN ?1 AND ?2
             ORDER BY f.incident_id, f.id"
        );
        for batch in incidents.chunks(REBUILD_BATCH) {
            let (Some(&first), Some(&last)) = (batch.first(), batch.last()) else {
                continue;
            };
            let mut by_incident: Vec<(i64, Vec<FigureRecord>)> = Vec::new();
            let mut vias = HashMap::new();
            self.db
                .query(&sql, &[first.into(), last.into()], &mut |r| {
                    let incident: i64 = r.get(13)?;
                    let (record, via) = rule_input_from_row(r)?;
                    vias.insert(record.claim_id, via);
                    match by_incident.last_mut() {
                        Some((id, records)) if *id == incident => records.push(record),
                        _ => by_incident.push((incident, vec![record])),
                    }
                    Ok(())
                })?;
            for (incident, records) in by_incident {
                let rows = summarise(
                    &Comparison::build(records, Tolerance::DEFAULT, false),
                    &vias,
                );
                for (metric, row) in &rows {
                    self.insert_summary_rows(incident, metric, row)?;
                }
            }
        }
        // PostgreSQL plans a freshly filled table without statistics as if it were
        // empty: each write's refresh and `compare` would scan the whole summary (30 ms
        // instead of 13 ms for `compare` at 100,000 claims) until autovacuum gets to
        // it. ANALYZE runs inside the transaction; for a role that does not own the
        // tables it only warns. SQLite's plans need no statistics here.
        if self.db.kind() == BackendKind::Postgres {
            self.db.trace_phase("summary rebuild");
            self.db
                .execute("ANALYZE summary_figure, summary_metric", &[])?;
            self.db.trace_phase("summary ANALYZE");
        }
        self.summary_rebuilt = true;
        Ok(())
    }

    /// `compare` at the default tolerance: the incident's rows of the summary.
    pub(super) fn comparison_from_summary(&mut self, incident_id: i64) -> Result<Comparison> {
        self.flush_summary()?;
        let sql = format!(
            "SELECT {SUMMARY_RECORD_COLUMNS}
             FROM summary_figure m {SUMMARY_RECORD_JOINS}
             WHERE m.incident_id = ?1
             ORDER BY m.origin_rank, m.metric"
        );
        let mut records: Vec<FigureRecord> = Vec::new();
        let mut order: Vec<i64> = Vec::new();
        self.db.query(&sql, &[incident_id.into()], &mut |r| {
            let record = figure_record_from_row(r, 0)?;
            if !order.contains(&record.origin_id) {
                order.push(record.origin_id);
            }
            records.push(record);
            Ok(())
        })?;
        Ok(Comparison::of_latest(records, order))
    }

    /// `conflicts`: the summary's rows with a finding, with their incident and the names
    /// of their sources, one incident at a time in `incident list` order; only that
    /// incident is held.
    pub(super) fn summary_findings(
        &mut self,
        all: bool,
        visit: &mut dyn FnMut(Incident, Comparison) -> Result<()>,
    ) -> Result<()> {
        self.flush_summary()?;
        // The first condition is the partial index's, so that only rows with a finding
        // are read; CROSS JOIN keeps SQLite's planner from starting at summary_figure (a
        // scan of every row) instead. The sort holds the rows with a finding only.
        let sql = format!(
            "SELECT i.id, i.slug, i.title, i.date, i.place, i.created_at, {SUMMARY_RECORD_COLUMNS}
             FROM summary_metric sm
             CROSS JOIN summary_figure m
             JOIN incident i ON i.id = sm.incident_id
             {SUMMARY_RECORD_JOINS}
             WHERE m.incident_id = sm.incident_id AND m.metric = sm.metric
               AND (sm.conflict = 1 OR sm.inconsistent = 1)
               AND (sm.inconsistent = 1 OR sm.resolved = 0 OR ?1 = 1)
             ORDER BY i.date IS NULL, i.date DESC, i.id, m.origin_rank, m.metric"
        );
        let mut current: Option<Gathered> = None;
        self.db.query(&sql, &[i64::from(all).into()], &mut |r| {
            let id: i64 = r.get(0)?;
            if current.as_ref().is_some_and(|g| g.incident.id != id) {
                if let Some(done) = current.take() {
                    let (incident, comparison) = done.comparison();
                    visit(incident, comparison)?;
                }
            }
            let gathered = match &mut current {
                Some(g) => g,
                None => current.insert(Gathered {
                    incident: incident_from_row(r)?,
                    records: Vec::new(),
                    order: Vec::new(),
                }),
            };
            gathered.push(figure_record_from_row(r, 6)?);
            Ok(())
        })?;
        if let Some(done) = current {
            let (incident, comparison) = done.comparison();
            visit(incident, comparison)?;
        }
        Ok(())
    }

    /// verify: every incident's summary against a full recomputation, one line per row
    /// that disagrees.
    pub(super) fn check_summary(&mut self, problems: &mut Vec<String>) -> Result<()> {
        self.flush_summary()?;
        let slugs: BTreeMap<i64, String> = self
            .rows("SELECT id, slug FROM incident", &[], |r| {
                Ok((r.get::<i64>(0)?, r.get::<String>(1)?))
            })?
            .into_iter()
            .collect();
        for incident in self.summarised_incidents()? {
            let want = self.recomputed(incident)?;
            let have = self.stored(incident)?;
            let metrics: BTreeSet<&String> = want.keys().chain(have.keys()).collect();
            let name = slugs
                .get(&incident)
                .cloned()
                .unwrap_or_else(|| format!("{incident} (no such incident)"));
            for metric in metrics {
                let (stored, wanted) = (have.get(metric), want.get(metric));
                if stored == wanted {
                    continue;
                }
                let say = |m: Option<&MetricSummary>| {
                    m.map_or("no row".to_string(), MetricSummary::describe)
                };
                problems.push(format!(
                    "summary: incident {name}, metric {metric}: {} but recomputed {}",
                    say(stored),
                    say(wanted)
                ));
            }
        }
        Ok(())
    }
}
