//! A figure is a number inside a claim, held as an interval so that "at least 13",
//! "about 20" and "10 to 15" can be compared with "13" without pretending to precision
//! the source never gave. This module owns the command-line grammar of figures.

use std::fmt;

use serde::Serialize;

/// The largest value a figure may hold. Far above any casualty or crowd count, and
/// small enough that every interval computation below stays exact in `i64`.
pub const MAX_VALUE: i64 = 1_000_000_000_000_000;

/// The grammar, shown whenever a spec is refused.
pub const GRAMMAR: &str = "METRIC=N, METRIC>=N, METRIC>N, METRIC<=N, METRIC~N or METRIC=LOW..HIGH, \
optionally followed by :reported|:documented|:estimated|:conceded; METRIC is lowercase dotted \
words such as killed or killed.children; e.g. killed=13, killed.children>=4, injured~280000:estimated";

/// How the source qualified its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// `=N`
    Exact,
    /// `>=N` and `>N`
    AtLeast,
    /// `<=N`
    AtMost,
    /// `~N`, widened by the comparison's tolerance
    Approx,
    /// `=LOW..HIGH`
    Range,
}

/// How the source came by its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureKind {
    /// Said by the source, method unknown. The default.
    Reported,
    /// Counted from named victims.
    Documented,
    /// Modelled or extrapolated.
    Estimated,
    /// Admitted by the party responsible.
    Conceded,
}

macro_rules! string_enum {
    ($ty:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value, in the order the documentation lists them.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The stable lowercase text stored in the database and printed in JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $text),+ }
            }

            /// The value named by its stored text.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($ty::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use string_enum;

string_enum!(Qualifier {
    Exact => "exact",
    AtLeast => "at_least",
    AtMost => "at_most",
    Approx => "approx",
    Range => "range",
});

string_enum!(FigureKind {
    Reported => "reported",
    Documented => "documented",
    Estimated => "estimated",
    Conceded => "conceded",
});

/// A closed interval of counts; `high == None` is unbounded above.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Interval {
    /// The smallest count the figure allows.
    pub low: i64,
    /// The largest count the figure allows, `None` when there is no upper bound.
    pub high: Option<i64>,
}

impl Interval {
    /// Whether some count lies in both intervals.
    pub fn overlaps(&self, other: &Interval) -> bool {
        let below_other = matches!(self.high, Some(h) if h < other.low);
        let above_other = matches!(other.high, Some(h) if h < self.low);
        !below_other && !above_other
    }
}

/// A tolerance in hundredths of a percent, so that `--tolerance 12.5` stays exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tolerance(u32);

impl Tolerance {
    /// The design's default: 10 %.
    pub const DEFAULT: Tolerance = Tolerance(1000);

    /// Parses a percentage such as `10`, `12.5` or `0`; at most two decimals, at most 100.
    pub fn parse(text: &str) -> Result<Tolerance, String> {
        let bad = || {
            format!("invalid tolerance '{text}': give a percentage from 0 to 100 with at most two decimals, e.g. --tolerance 10 or --tolerance 12.5")
        };
        let text = text.trim().trim_end_matches('%');
        let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
        if whole.is_empty()
            || whole.len() > 3
            || frac.len() > 2
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let whole: u32 = whole.parse().map_err(|_| bad())?;
        let frac: u32 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
        let hundredths = whole * 100 + frac;
        if hundredths > 10_000 {
            return Err(bad());
        }
        Ok(Tolerance(hundredths))
    }

    /// The interval of "about `value`": widened by the tolerance on each side, rounded
    /// outwards to whole counts, never below zero.
    pub fn around(self, value: i64) -> Interval {
        let value = value.max(0);
        // value <= MAX_VALUE (1e15) and hundredths <= 10_000, so the product fits in i128.
        let product = value as i128 * self.0 as i128;
        let t = ((product + 9_999) / 10_000) as i64;
        Interval {
            low: (value - t).max(0),
            high: Some(value + t),
        }
    }
}

impl fmt::Display for Tolerance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 % 100 == 0 {
            write!(f, "{}%", self.0 / 100)
        } else {
            write!(f, "{}.{:02}%", self.0 / 100, self.0 % 100)
        }
    }
}

/// A parsed figure spec: what the source said, before any tolerance is applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// Dotted metric name, e.g. `killed.children`.
    pub metric: String,
    /// How the number was qualified.
    pub qualifier: Qualifier,
    /// The number as given: the only value for `=`, `>=`, `<=`, `~`; the lower bound for a range.
    /// For `>N` this is N, the interval starts at N + 1.
    pub value: i64,
    /// The upper bound of a range.
    pub value_high: Option<i64>,
    /// `true` for the strict `>` form.
    pub strict: bool,
    /// How the source came by the number.
    pub kind: FigureKind,
}

/// Why a figure spec was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid figure '{spec}': {reason}; write {GRAMMAR}")]
pub struct FigureError {
    /// The spec as typed.
    pub spec: String,
    /// What in particular is wrong.
    pub reason: String,
}

/// Whether `name` is a valid metric: `[a-z0-9_]+(\.[a-z0-9_]+)*`.
pub fn is_valid_metric(name: &str) -> bool {
    !name.is_empty()
        && name.split('.').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        })
}

/// The metric one level up (`killed.children` → `killed`), if any.
pub fn parent_metric(name: &str) -> Option<&str> {
    name.rsplit_once('.').map(|(parent, _)| parent)
}

impl Figure {
    /// Parses `METRIC OP VALUE[:KIND]` exactly as the design's grammar states.
    pub fn parse(spec: &str) -> Result<Figure, FigureError> {
        let fail = |reason: &str| FigureError {
            spec: spec.to_string(),
            reason: reason.to_string(),
        };
        let text = spec.trim();
        let (body, kind) = match text.rsplit_once(':') {
            Some((body, kind)) => {
                let kind = FigureKind::parse(kind).ok_or_else(|| {
                    fail(&format!(
                        "unknown kind '{kind}' (kinds are reported, documented, estimated, conceded)"
                    ))
                })?;
                (body, kind)
            }
            None => (text, FigureKind::Reported),
        };
        let op_at = body
            .find(['=', '>', '<', '~'])
            .ok_or_else(|| fail("no operator (=, >=, >, <=, ~)"))?;
        let metric = &body[..op_at];
        if metric.is_empty() {
            return Err(fail("the metric name is missing"));
        }
        if !is_valid_metric(metric) {
            return Err(fail(&format!(
                "'{metric}' is not a metric name (lowercase letters, digits and _, parts joined by dots)"
            )));
        }
        let rest = &body[op_at..];
        let (qualifier, strict, value_text) = if let Some(v) = rest.strip_prefix(">=") {
            (Qualifier::AtLeast, false, v)
        } else if let Some(v) = rest.strip_prefix("<=") {
            (Qualifier::AtMost, false, v)
        } else if let Some(v) = rest.strip_prefix('>') {
            (Qualifier::AtLeast, true, v)
        } else if let Some(v) = rest.strip_prefix('~') {
            (Qualifier::Approx, false, v)
        } else if let Some(v) = rest.strip_prefix('=') {
            (Qualifier::Exact, false, v)
        } else {
            return Err(fail("'<' alone is not an operator (use <= for at most)"));
        };
        let (value, value_high, qualifier) = match value_text.split_once("..") {
            Some((low, high)) => {
                if qualifier != Qualifier::Exact {
                    return Err(fail("a range LOW..HIGH is written with '='"));
                }
                let low = parse_value(low).map_err(|r| fail(&r))?;
                let high = parse_value(high).map_err(|r| fail(&r))?;
                if low > high {
                    return Err(fail(&format!(
                        "the range {low}..{high} runs backwards; write the lower bound first"
                    )));
                }
                (low, Some(high), Qualifier::Range)
            }
            None => (
                parse_value(value_text).map_err(|r| fail(&r))?,
                None,
                qualifier,
            ),
        };
        Ok(Figure {
            metric: metric.to_string(),
            qualifier,
            value,
            value_high,
            strict,
            kind,
        })
    }

    /// The interval the figure denotes, approximate figures widened by `tolerance`.
    pub fn interval(&self, tolerance: Tolerance) -> Interval {
        match self.qualifier {
            Qualifier::Exact => Interval {
                low: self.value,
                high: Some(self.value),
            },
            Qualifier::AtLeast => Interval {
                low: if self.strict {
                    self.value + 1
                } else {
                    self.value
                },
                high: None,
            },
            Qualifier::AtMost => Interval {
                low: 0,
                high: Some(self.value),
            },
            Qualifier::Approx => tolerance.around(self.value),
            Qualifier::Range => Interval {
                low: self.value,
                high: self.value_high,
            },
        }
    }

    /// The figure's number as the source put it, without the metric: `13`, `>=13`,
    /// `>13`, `<=13`, `~20`, `10..15`.
    pub fn stated(&self) -> String {
        match self.qualifier {
            Qualifier::Exact => self.value.to_string(),
            Qualifier::AtLeast if self.strict => format!(">{}", self.value),
            Qualifier::AtLeast => format!(">={}", self.value),
            Qualifier::AtMost => format!("<={}", self.value),
            Qualifier::Approx => format!("~{}", self.value),
            Qualifier::Range => {
                format!("{}..{}", self.value, self.value_high.unwrap_or(self.value))
            }
        }
    }

    /// The spec that parses back to this figure.
    pub fn spec(&self) -> String {
        let op = match self.qualifier {
            Qualifier::Exact | Qualifier::Range => "=",
            _ => "",
        };
        let kind = match self.kind {
            FigureKind::Reported => String::new(),
            other => format!(":{other}"),
        };
        format!("{}{op}{}{kind}", self.metric, self.stated())
    }
}

fn parse_value(text: &str) -> Result<i64, String> {
    if text.is_empty() {
        return Err("the number is missing".into());
    }
    if text.contains([',', '.', '_', ' ', '\'']) {
        return Err(format!(
            "'{text}' is not a whole number; write digits without separators, e.g. 1200"
        ));
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("'{text}' is not a non-negative whole number"));
    }
    let digits = text.trim_start_matches('0');
    if digits.len() > 16 {
        return Err(format!("{text} is larger than the maximum {MAX_VALUE}"));
    }
    let value: i64 = if digits.is_empty() {
        0
    } else {
        digits
            .parse()
            .map_err(|_| format!("'{text}' is not a number"))?
    };
    if value > MAX_VALUE {
        return Err(format!("{text} is larger than the maximum {MAX_VALUE}"));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn interval(spec: &str) -> (i64, Option<i64>) {
        let i = Figure::parse(spec)
            .expect("valid spec")
            .interval(Tolerance::DEFAULT);
        (i.low, i.high)
    }

    #[test]
    fn each_operator_denotes_the_design_interval() {
        assert_eq!(interval("killed=13"), (13, Some(13)));
        assert_eq!(interval("killed>=13"), (13, None));
        assert_eq!(interval("killed>13"), (14, None));
        assert_eq!(interval("killed<=13"), (0, Some(13)));
        assert_eq!(interval("killed~20"), (18, Some(22)));
        assert_eq!(interval("killed=10..15"), (10, Some(15)));
        assert_eq!(
            interval("killed~280000:estimated"),
            (252_000, Some(308_000))
        );
    }

    #[test]
    fn approx_rounds_outwards() {
        // 10 % of 13 is 1.3, rounded out to 2.
        assert_eq!(interval("killed~13"), (11, Some(15)));
        assert_eq!(interval("killed~0"), (0, Some(0)));
        assert_eq!(interval("killed~1"), (0, Some(2)));
        let t = Tolerance::parse("12.5").expect("valid");
        assert_eq!(
            t.around(8),
            Interval {
                low: 7,
                high: Some(9)
            }
        );
        assert_eq!(
            Tolerance::parse("0").expect("valid").around(8).high,
            Some(8)
        );
    }

    #[test]
    fn kinds_and_qualifiers_are_recorded() {
        let f = Figure::parse("killed.children>=4:documented").expect("valid");
        assert_eq!(f.metric, "killed.children");
        assert_eq!(f.qualifier, Qualifier::AtLeast);
        assert_eq!(f.kind, FigureKind::Documented);
        assert_eq!(
            Figure::parse("a=1..2").expect("valid").qualifier,
            Qualifier::Range
        );
    }

    #[test]
    fn malformed_specs_are_refused_with_the_grammar() {
        for bad in [
            "",
            "killed",
            "=13",
            "Killed=13",
            "killed=",
            "killed=-1",
            "killed=1.5",
            "killed=1,200",
            "killed<13",
            "killed=15..10",
            "killed>=1..5",
            "killed=13:guessed",
            "killed..x=1",
            "killed.=1",
            ".killed=1",
            "killed = 13",
            "kil led=1",
            "killed=1e3",
            "killed==13",
            "killed=99999999999999999999",
            "killed=1000000000000000001",
            "doden=١٣",
        ] {
            let err = Figure::parse(bad).expect_err(bad);
            assert!(err.to_string().contains("METRIC=N"), "{bad}: {err}");
        }
    }

    #[test]
    fn values_reach_a_trillion_and_beyond() {
        assert_eq!(
            interval("crowd=1000000000000"),
            (1_000_000_000_000, Some(1_000_000_000_000))
        );
        assert_eq!(interval("crowd>=1000000000000000").0, MAX_VALUE);
        assert_eq!(interval("killed=007"), (7, Some(7)));
    }

    #[test]
    fn tolerance_parsing() {
        assert_eq!(Tolerance::parse("10").expect("ok"), Tolerance::DEFAULT);
        assert_eq!(Tolerance::parse("10%").expect("ok"), Tolerance::DEFAULT);
        assert_eq!(Tolerance::parse("12.5").expect("ok").to_string(), "12.50%");
        for bad in ["", "-1", "101", "1.234", "ten", "1e2", ".5"] {
            assert!(Tolerance::parse(bad).is_err(), "{bad}");
        }
    }

    fn metric_strategy() -> impl Strategy<Value = String> {
        "[a-z0-9_]{1,8}(\\.[a-z0-9_]{1,8}){0,2}"
    }

    fn figure_strategy() -> impl Strategy<Value = Figure> {
        (
            metric_strategy(),
            0usize..6,
            0i64..=MAX_VALUE,
            0i64..=MAX_VALUE,
            0usize..4,
        )
            .prop_map(|(metric, op, a, b, kind)| {
                let (qualifier, strict) = [
                    (Qualifier::Exact, false),
                    (Qualifier::AtLeast, false),
                    (Qualifier::AtLeast, true),
                    (Qualifier::AtMost, false),
                    (Qualifier::Approx, false),
                    (Qualifier::Range, false),
                ][op];
                let value = if strict { a.min(MAX_VALUE - 1) } else { a };
                Figure {
                    metric,
                    qualifier,
                    value: if qualifier == Qualifier::Range {
                        a.min(b)
                    } else {
                        value
                    },
                    value_high: (qualifier == Qualifier::Range).then_some(a.max(b)),
                    strict,
                    kind: FigureKind::ALL[kind],
                }
            })
    }

    proptest! {
        #[test]
        fn spec_round_trips(figure in figure_strategy()) {
            prop_assert_eq!(Figure::parse(&figure.spec()).expect("own spec parses"), figure);
        }

        #[test]
        fn parsing_never_panics(text in "\\PC{0,40}") {
            let _ = Figure::parse(&text);
        }

        #[test]
        fn overlap_is_symmetric_and_matches_a_common_point(
            a in figure_strategy(), b in figure_strategy(), t in 0u32..=10_000
        ) {
            let t = Tolerance(t);
            let (x, y) = (a.interval(t), b.interval(t));
            prop_assert_eq!(x.overlaps(&y), y.overlaps(&x));
            let common_low = x.low.max(y.low);
            let common_high = match (x.high, y.high) {
                (Some(p), Some(q)) => Some(p.min(q)),
                (p, q) => p.or(q),
            };
            prop_assert_eq!(x.overlaps(&y), common_high.is_none_or(|h| common_low <= h));
        }

        #[test]
        fn every_interval_contains_its_stated_value(f in figure_strategy()) {
            let i = f.interval(Tolerance::DEFAULT);
            prop_assert!(i.low <= f.value + i64::from(f.strict));
            prop_assert!(i.high.is_none_or(|h| h >= f.value && i.low <= h));
        }
    }
}
