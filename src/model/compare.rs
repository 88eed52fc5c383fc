//! The comparison: the same metric as each origin gives it, side by side. Two origins
//! conflict when their intervals share no count; one origin is inconsistent when a part
//! it gives exceeds its own total. Origins, not relaying outlets, are compared, so that a
//! figure two outlets both relay counts once.

use std::collections::{BTreeMap, BTreeSet};

use super::figure::{parent_metric, Figure, Interval, Tolerance};
use super::status::Status;

/// Parts of a total that never overlap, so their lows may be added up.
pub const DISJOINT_PARTS: &[&str] = &["children", "women", "men"];

/// One figure as the comparison reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureRecord {
    /// The claim the figure belongs to.
    pub claim_id: i64,
    /// The source that made the claim.
    pub origin_id: i64,
    /// That source's name.
    pub origin: String,
    /// The outlet that relayed it, if any.
    pub via: Option<String>,
    /// The figure.
    pub figure: Figure,
    /// The claim's status.
    pub status: Status,
    /// The slug of the article that reports the claim.
    pub article: String,
    /// The time the claim speaks for.
    pub as_of: String,
}

/// A figure placed in the comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compared {
    /// What was recorded.
    pub record: FigureRecord,
    /// Its interval under the comparison's tolerance.
    pub interval: Interval,
    /// Whether this is the origin's figure that counts (its latest by as_of); the others
    /// are earlier versions, shown only on request.
    pub latest: bool,
}

/// Whether a figure whose claim holds this status has been judged wrong (false or
/// misleading): it no longer stands against the figures it conflicts with.
pub fn judged_wrong(status: Status) -> bool {
    matches!(status, Status::False | Status::Misleading)
}

impl Compared {
    /// Whether this figure's claim was judged false or misleading.
    pub fn judged_wrong(&self) -> bool {
        judged_wrong(self.record.status)
    }
}

/// Whether two origins' figures conflict and the conflict still stands: they share no
/// count and neither has been judged false or misleading. A conflict is *resolved* when
/// every figure on one side of it is judged so: pair by pair, that is when no
/// conflicting pair of figures has both still standing.
pub fn conflict_stands(a: &Compared, b: &Compared) -> bool {
    a.record.origin_id != b.record.origin_id
        && !a.interval.overlaps(&b.interval)
        && !a.judged_wrong()
        && !b.judged_wrong()
}

/// One metric of the comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricRow {
    /// The metric.
    pub metric: String,
    /// Whether two origins' latest figures share no count.
    pub conflict: bool,
    /// Whether that conflict is resolved: every conflicting pair has a figure judged
    /// false or misleading (see [`conflict_stands`]). Never set without `conflict`.
    pub resolved: bool,
    /// Whether an origin's figure here contradicts its own breakdown.
    pub inconsistent: bool,
    /// The gap between the furthest-apart latest figures: 0 when they all overlap,
    /// `None` with fewer than two origins.
    pub spread: Option<i64>,
    /// The figures: latest ones first in origin order, then earlier versions if kept.
    pub figures: Vec<Compared>,
}

/// An origin that appears in the comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The source's id.
    pub id: i64,
    /// Its name.
    pub name: String,
}

/// A source contradicting itself, explained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inconsistency {
    /// The origin.
    pub origin: String,
    /// The parent metric.
    pub metric: String,
    /// What does not add up, e.g. `killed.children 15 > killed 13`.
    pub detail: String,
    /// The claims whose figures are involved, by id.
    pub claims: Vec<i64>,
}

/// The comparison of one incident.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Comparison {
    /// Origins in the order they first appear.
    pub origins: Vec<Origin>,
    /// Metrics in name order, so that a total comes just before its parts.
    pub metrics: Vec<MetricRow>,
    /// Every breakdown that does not add up.
    pub inconsistencies: Vec<Inconsistency>,
}

impl Comparison {
    /// Compares `records` (one incident's figures). A source's latest figure per metric
    /// in play counts, by as_of then by claim id; figures of claims out of play
    /// (retracted, withdrawn, superseded) never count. With `all_versions` the earlier
    /// figures and retracted ones are kept in the rows as well; withdrawn and
    /// superseded claims, our own entry errors, never are. Only origins with a figure
    /// shown have a column.
    pub fn build(
        records: Vec<FigureRecord>,
        tolerance: Tolerance,
        all_versions: bool,
    ) -> Comparison {
        let mut first_claim: BTreeMap<i64, i64> = BTreeMap::new();
        let mut names: BTreeMap<i64, String> = BTreeMap::new();
        let mut by_metric: BTreeMap<String, Vec<FigureRecord>> = BTreeMap::new();
        for r in records {
            if r.status.is_entry_error() {
                continue;
            }
            let first = first_claim.entry(r.origin_id).or_insert(r.claim_id);
            if r.claim_id < *first {
                *first = r.claim_id;
            }
            names.entry(r.origin_id).or_insert_with(|| r.origin.clone());
            by_metric
                .entry(r.figure.metric.clone())
                .or_default()
                .push(r);
        }
        // Origins in the order of their first claim, so that columns do not move as
        // figures are added.
        let mut order: Vec<i64> = first_claim.keys().copied().collect();
        order.sort_by_key(|id| (first_claim[id], *id));
        Comparison::ordered(order, names, by_metric, tolerance, all_versions)
    }

    /// The comparison the summary keeps (src/store/rules/summary.rs): `records` are
    /// origins' latest figures in play, at most one per origin and metric, and `order`
    /// the origins in the column order [`Comparison::build`] gave them from the whole
    /// incident. The same rule decides, so the result is what `build` at the default
    /// tolerance gives for these metrics.
    pub fn of_latest(records: Vec<FigureRecord>, order: Vec<i64>) -> Comparison {
        let mut names: BTreeMap<i64, String> = BTreeMap::new();
        let mut by_metric: BTreeMap<String, Vec<FigureRecord>> = BTreeMap::new();
        for r in records {
            names.entry(r.origin_id).or_insert_with(|| r.origin.clone());
            by_metric
                .entry(r.figure.metric.clone())
                .or_default()
                .push(r);
        }
        Comparison::ordered(order, names, by_metric, Tolerance::DEFAULT, false)
    }

    /// The rule itself: each origin's latest figure in play per metric, then conflicts,
    /// resolution, spread and inconsistencies, with origins ranked by `order`.
    fn ordered(
        order: Vec<i64>,
        mut names: BTreeMap<i64, String>,
        by_metric: BTreeMap<String, Vec<FigureRecord>>,
        tolerance: Tolerance,
        all_versions: bool,
    ) -> Comparison {
        let rank: BTreeMap<i64, usize> = order.iter().enumerate().map(|(i, &o)| (o, i)).collect();

        let mut metrics = Vec::new();
        for (metric, mut figures) in by_metric {
            // Newest first within an origin, so the first one in play is the latest.
            figures.sort_by(|a, b| {
                let at = |id: &i64| rank.get(id).copied().unwrap_or(usize::MAX);
                at(&a.origin_id)
                    .cmp(&at(&b.origin_id))
                    .then_with(|| b.as_of.cmp(&a.as_of))
                    .then_with(|| b.claim_id.cmp(&a.claim_id))
            });
            let mut compared: Vec<Compared> = Vec::new();
            let mut has_latest: Vec<i64> = Vec::new();
            for record in figures {
                let latest = record.status.in_play() && !has_latest.contains(&record.origin_id);
                if latest {
                    has_latest.push(record.origin_id);
                }
                if latest || all_versions {
                    compared.push(Compared {
                        interval: record.figure.interval(tolerance),
                        record,
                        latest,
                    });
                }
            }
            if compared.is_empty() {
                continue;
            }
            compared.sort_by_key(|c| !c.latest);
            let (spread, conflict) =
                spread(compared.iter().filter(|c| c.latest).map(|c| c.interval));
            // The figures still standing: the conflict is resolved when they agree.
            let standing = compared
                .iter()
                .filter(|c| c.latest && !c.judged_wrong())
                .map(|c| c.interval);
            let resolved = conflict && !self::spread(standing).1;
            metrics.push(MetricRow {
                metric,
                conflict,
                resolved,
                inconsistent: false,
                spread,
                figures: compared,
            });
        }
        let shown: BTreeSet<i64> = metrics
            .iter()
            .flat_map(|m| m.figures.iter().map(|c| c.record.origin_id))
            .collect();
        let origins = order
            .into_iter()
            .filter(|id| shown.contains(id))
            .map(|id| Origin {
                id,
                name: names.remove(&id).unwrap_or_default(),
            })
            .collect();

        let inconsistencies = find_inconsistencies(&mut metrics);
        Comparison {
            origins,
            metrics,
            inconsistencies,
        }
    }

    /// Whether anything here conflicts or is inconsistent.
    pub fn has_findings(&self) -> bool {
        self.metrics.iter().any(|m| m.conflict || m.inconsistent)
    }

    /// Whether anything here is still open: a conflict not resolved, or a breakdown
    /// that does not add up.
    pub fn has_open_findings(&self) -> bool {
        self.metrics.iter().any(MetricRow::is_open)
    }
}

impl MetricRow {
    /// Whether the row still needs work: a conflict not resolved, or inconsistent.
    pub fn is_open(&self) -> bool {
        (self.conflict && !self.resolved) || self.inconsistent
    }
}

/// The spread of some intervals and whether any two are disjoint. On a line, intervals
/// that overlap pairwise share a common point, so one comparison of the largest low
/// with the smallest high settles every pair.
fn spread(intervals: impl Iterator<Item = Interval>) -> (Option<i64>, bool) {
    let mut count = 0;
    let mut max_low = i64::MIN;
    let mut min_high: Option<i64> = None;
    for i in intervals {
        count += 1;
        max_low = max_low.max(i.low);
        if let Some(h) = i.high {
            min_high = Some(min_high.map_or(h, |m: i64| m.min(h)));
        }
    }
    if count < 2 {
        return (None, false);
    }
    let gap = min_high.map_or(0, |h| (max_low - h).max(0));
    (Some(gap), gap > 0)
}

fn find_inconsistencies(metrics: &mut [MetricRow]) -> Vec<Inconsistency> {
    // (origin, metric) -> (interval, name, claim)
    let mut latest: BTreeMap<(i64, &str), (Interval, &str, i64)> = BTreeMap::new();
    for row in metrics.iter() {
        for c in row.figures.iter().filter(|c| c.latest) {
            latest.insert(
                (c.record.origin_id, row.metric.as_str()),
                (c.interval, c.record.origin.as_str(), c.record.claim_id),
            );
        }
    }
    let claims_of = |ids: &[i64]| {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let mut found: Vec<Inconsistency> = Vec::new();
    let mut flagged: Vec<String> = Vec::new();
    // In key order: by origin, then metric.
    let keys: Vec<&(i64, &str)> = latest.keys().collect();
    for &(origin, metric) in keys {
        let (child, name, child_claim) = latest[&(origin, metric)];
        let Some(parent) = parent_metric(metric) else {
            continue;
        };
        let Some(&(total, _, total_claim)) = latest.get(&(origin, parent)) else {
            continue;
        };
        if let Some(high) = total.high {
            if child.low > high {
                found.push(Inconsistency {
                    origin: name.to_string(),
                    metric: parent.to_string(),
                    detail: format!(
                        "{metric} at least {} exceeds {parent} at most {high}",
                        child.low
                    ),
                    claims: claims_of(&[child_claim, total_claim]),
                });
                flagged.extend([metric.to_string(), parent.to_string()]);
            }
        }
    }
    // Disjoint parts adding up past their total.
    let mut parents: Vec<(i64, &str)> = latest.keys().map(|&(o, m)| (o, m)).collect();
    parents.sort();
    for (origin, parent) in parents {
        let (total, name, total_claim) = latest[&(origin, parent)];
        let Some(high) = total.high else { continue };
        let parts: Vec<(String, i64, i64)> = DISJOINT_PARTS
            .iter()
            .filter_map(|part| {
                let metric = format!("{parent}.{part}");
                let found = latest.get(&(origin, metric.as_str())).copied();
                found.map(|(i, _, claim)| (metric, i.low, claim))
            })
            .collect();
        let sum: i64 = parts.iter().map(|(_, low, _)| low).sum();
        if parts.len() >= 2 && sum > high {
            let terms: Vec<String> = parts
                .iter()
                .map(|(m, low, _)| format!("{m} {low}"))
                .collect();
            let mut involved: Vec<i64> = parts.iter().map(|(_, _, c)| *c).collect();
            involved.push(total_claim);
            found.push(Inconsistency {
                origin: name.to_string(),
                metric: parent.to_string(),
                detail: format!(
                    "{} = {sum} exceeds {parent} at most {high}",
                    terms.join(" + ")
                ),
                claims: claims_of(&involved),
            });
            flagged.push(parent.to_string());
            flagged.extend(parts.into_iter().map(|(m, _, _)| m));
        }
    }
    for row in metrics.iter_mut() {
        row.inconsistent = flagged.contains(&row.metric);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(claim: i64, origin: i64, spec: &str, as_of: &str) -> FigureRecord {
        FigureRecord {
            claim_id: claim,
            origin_id: origin,
            origin: format!("source {origin}"),
            via: None,
            figure: Figure::parse(spec).expect("valid spec"),
            status: Status::Unverified,
            article: "a".into(),
            as_of: as_of.into(),
        }
    }

    fn row<'a>(c: &'a Comparison, metric: &str) -> &'a MetricRow {
        c.metrics
            .iter()
            .find(|m| m.metric == metric)
            .expect("metric present")
    }

    #[test]
    fn the_design_example() {
        let records = vec![
            rec(1, 1, "killed=13", "t"),
            rec(1, 1, "killed.children=4", "t"),
            rec(1, 1, "killed.women=3", "t"),
            rec(2, 2, "killed=13", "t"),
            rec(2, 2, "killed.children=6", "t"),
            rec(2, 2, "killed.women=4", "t"),
            rec(3, 3, "killed.us_personnel=0", "t"),
        ];
        let c = Comparison::build(records, Tolerance::DEFAULT, false);
        assert_eq!(c.origins.len(), 3);
        assert_eq!(
            (row(&c, "killed").spread, row(&c, "killed").conflict),
            (Some(0), false)
        );
        assert_eq!(
            (
                row(&c, "killed.children").spread,
                row(&c, "killed.children").conflict
            ),
            (Some(2), true)
        );
        assert_eq!(
            (
                row(&c, "killed.women").spread,
                row(&c, "killed.women").conflict
            ),
            (Some(1), true)
        );
        assert_eq!(row(&c, "killed.us_personnel").spread, None);
        assert!(c.inconsistencies.is_empty());
    }

    #[test]
    fn the_latest_figures_alone_give_the_same_comparison() {
        // What the summary keeps (each origin's latest figure in play, the column order)
        // is enough for the rule to say again what it said over every figure.
        let mut retracted = rec(6, 3, "killed=90", "2022-02-05");
        retracted.status = Status::Retracted;
        let mut wrong = rec(7, 2, "killed.women=40", "2022-02-05");
        wrong.status = Status::False;
        let records = vec![
            rec(1, 1, "killed=9", "2022-02-03"),
            rec(2, 2, "killed=13", "2022-02-03"),
            rec(3, 1, "killed=13", "2022-02-04"),
            rec(3, 1, "killed.children=15", "2022-02-04"),
            rec(4, 3, "killed=20", "2022-02-03"),
            rec(5, 2, "killed.women=4", "2022-02-04"),
            retracted,
            wrong,
        ];
        let full = Comparison::build(records, Tolerance::DEFAULT, false);
        let latest: Vec<FigureRecord> = full
            .metrics
            .iter()
            .flat_map(|m| m.figures.iter().map(|c| c.record.clone()))
            .collect();
        let order = full.origins.iter().map(|o| o.id).collect();
        assert_eq!(Comparison::of_latest(latest, order), full);
    }

    #[test]
    fn intervals_overlap_unless_disjoint() {
        let c = Comparison::build(
            vec![
                rec(1, 1, "killed>=13", "t"),
                rec(2, 2, "killed=20", "t"),
                rec(3, 3, "killed~22", "t"),
            ],
            Tolerance::DEFAULT,
            false,
        );
        assert!(!row(&c, "killed").conflict);
        let c = Comparison::build(
            vec![rec(1, 1, "killed<=10", "t"), rec(2, 2, "killed>10", "t")],
            Tolerance::DEFAULT,
            false,
        );
        assert_eq!(row(&c, "killed").spread, Some(1));
        // Tolerance decides approximate figures: ~20 at 10 % is 18..22, at 0 % just 20.
        let records = vec![rec(1, 1, "killed~20", "t"), rec(2, 2, "killed=22", "t")];
        assert!(
            !row(
                &Comparison::build(records.clone(), Tolerance::DEFAULT, false),
                "killed"
            )
            .conflict
        );
        let strict = Tolerance::parse("0").expect("valid");
        assert!(row(&Comparison::build(records, strict, false), "killed").conflict);
    }

    #[test]
    fn the_latest_figure_of_an_origin_counts() {
        let records = vec![
            rec(1, 1, "killed=9", "2022-02-03T06:00:00Z"),
            rec(2, 1, "killed=13", "2022-02-03T12:00:00Z"),
            rec(3, 2, "killed=13", "2022-02-03T09:00:00Z"),
        ];
        let c = Comparison::build(records.clone(), Tolerance::DEFAULT, false);
        assert!(!row(&c, "killed").conflict);
        assert_eq!(row(&c, "killed").figures.len(), 2);
        let all = Comparison::build(records, Tolerance::DEFAULT, true);
        let figures = &row(&all, "killed").figures;
        assert_eq!(figures.len(), 3);
        assert!(!figures[2].latest);
        assert_eq!(figures[2].record.figure.value, 9);
    }

    #[test]
    fn retracted_claims_do_not_count() {
        let mut withdrawn = rec(2, 1, "killed=40", "2022-02-04");
        withdrawn.status = Status::Retracted;
        let c = Comparison::build(
            vec![
                rec(1, 1, "killed=13", "2022-02-03"),
                withdrawn,
                rec(3, 2, "killed=13", "2022-02-03"),
            ],
            Tolerance::DEFAULT,
            false,
        );
        assert!(!row(&c, "killed").conflict);
    }

    #[test]
    fn only_origins_with_a_figure_in_play_have_a_column() {
        let mut retracted = rec(2, 2, "killed=40", "2022-02-04");
        retracted.status = Status::Retracted;
        let mut withdrawn = rec(3, 3, "killed=90", "2022-02-04");
        withdrawn.status = Status::Withdrawn;
        let mut superseded = rec(4, 1, "killed=14", "2022-02-05");
        superseded.status = Status::Superseded;
        let records = vec![
            rec(1, 1, "killed=13", "2022-02-03"),
            retracted,
            withdrawn,
            superseded,
        ];
        let c = Comparison::build(records.clone(), Tolerance::DEFAULT, false);
        assert_eq!(c.origins.iter().map(|o| o.id).collect::<Vec<_>>(), [1]);
        assert_eq!(row(&c, "killed").figures.len(), 1);
        assert_eq!(row(&c, "killed").figures[0].record.figure.value, 13);
        // Every version shows the retracted figure, never our own entry errors.
        let all = Comparison::build(records, Tolerance::DEFAULT, true);
        assert_eq!(all.origins.iter().map(|o| o.id).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(row(&all, "killed").figures.len(), 2);
    }

    #[test]
    fn a_conflict_is_resolved_when_one_side_is_judged_wrong() {
        let judged = |claim, origin, spec, status| FigureRecord {
            status,
            ..rec(claim, origin, spec, "t")
        };
        let build = |records| Comparison::build(records, Tolerance::DEFAULT, false);
        // 10 against 500: open until the 500 is judged false (or misleading).
        let open = build(vec![
            rec(1, 1, "killed=10", "t"),
            rec(2, 2, "killed=500", "t"),
        ]);
        assert!(row(&open, "killed").conflict && !row(&open, "killed").resolved);
        assert!(open.has_open_findings());
        for wrong in [Status::False, Status::Misleading] {
            let c = build(vec![
                judged(1, 1, "killed=10", Status::Verified),
                judged(2, 2, "killed=500", wrong),
            ]);
            assert!(row(&c, "killed").conflict && row(&c, "killed").resolved);
            assert!(c.has_findings() && !c.has_open_findings());
        }
        // One side of two figures, only one of them judged false: still open.
        let c = build(vec![
            rec(1, 1, "killed=10", "t"),
            judged(2, 2, "killed=500", Status::False),
            rec(3, 3, "killed=480", "t"),
        ]);
        assert!(!row(&c, "killed").resolved);
        // Both of that side judged wrong: resolved.
        let c = build(vec![
            rec(1, 1, "killed=10", "t"),
            judged(2, 2, "killed=500", Status::False),
            judged(3, 3, "killed=480", Status::Misleading),
        ]);
        assert!(row(&c, "killed").resolved);
        // Disputed is no judgement of one side: the conflict stands.
        let c = build(vec![
            judged(1, 1, "killed=10", Status::Disputed),
            judged(2, 2, "killed=500", Status::Disputed),
        ]);
        assert!(!row(&c, "killed").resolved);
        // No conflict, nothing to resolve.
        let c = build(vec![
            judged(1, 1, "killed=10", Status::False),
            rec(2, 2, "killed=10", "t"),
        ]);
        assert!(!row(&c, "killed").conflict && !row(&c, "killed").resolved);
    }

    #[test]
    fn a_part_above_its_total_is_inconsistent() {
        let c = Comparison::build(
            vec![
                rec(1, 1, "killed=13", "t"),
                rec(1, 1, "killed.children>=15", "t"),
            ],
            Tolerance::DEFAULT,
            false,
        );
        assert!(row(&c, "killed").inconsistent && row(&c, "killed.children").inconsistent);
        assert_eq!(c.inconsistencies.len(), 1);
        assert!(c.inconsistencies[0]
            .detail
            .contains("killed.children at least 15"));
        assert_eq!(c.inconsistencies[0].claims, vec![1]);
    }

    #[test]
    fn disjoint_parts_adding_past_the_total_are_inconsistent() {
        let c = Comparison::build(
            vec![
                rec(1, 1, "killed=13", "t"),
                rec(1, 1, "killed.children=6", "t"),
                rec(1, 1, "killed.women=4", "t"),
                rec(1, 1, "killed.men=5", "t"),
                rec(1, 1, "killed.civilians=13", "t"),
            ],
            Tolerance::DEFAULT,
            false,
        );
        assert!(row(&c, "killed").inconsistent);
        assert!(row(&c, "killed.men").inconsistent);
        assert!(
            !row(&c, "killed.civilians").inconsistent,
            "civilians overlap the other parts"
        );
        assert!(c.inconsistencies[0]
            .detail
            .contains("= 15 exceeds killed at most 13"));
        // Parts from different sources are never added together.
        let c = Comparison::build(
            vec![
                rec(1, 1, "killed=13", "t"),
                rec(1, 1, "killed.children=6", "t"),
                rec(2, 2, "killed.women=8", "t"),
            ],
            Tolerance::DEFAULT,
            false,
        );
        assert!(c.inconsistencies.is_empty());
    }
}
