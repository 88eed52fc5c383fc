//! `metric add | list`, and the check every new figure passes: its base and breakdowns
//! must be in the ledger's vocabulary, so that a typo (`kiled`) or a synonym (`dead`)
//! does not become a metric that is never compared with the one meant.

use anyhow::Result;

use super::{resolve, Ctx};
use crate::cli::{MetricAddArgs, MetricCommand};
use crate::clock;
use crate::error::user;
use crate::model::metric::{
    check_description, check_name, check_unit, MetricData, Part, Unknown, Vocabulary, DEFAULT_UNIT,
};
use crate::model::Figure;
use crate::render::views;
use crate::store::{Acting, Ledger};

pub(super) fn run(ctx: &Ctx, cmd: MetricCommand) -> Result<()> {
    match cmd {
        MetricCommand::Add(args) => {
            let data = parse(&args)?;
            let now = clock::now_text()?;
            let mut store = ctx.open()?;
            let who = ctx.actor(&store)?;
            let known = store.write(|l| {
                add(
                    l,
                    &data,
                    Acting {
                        who: &who,
                        at: &now,
                    },
                )
            })?;
            ctx.emit(views::metric::added(&data, known))
        }
        MetricCommand::List => {
            let mut store = ctx.open()?;
            let vocabulary = store.read(|l| l.metrics())?;
            ctx.emit(views::metric::list(&vocabulary))
        }
    }
}

/// The entry `metric add` would record, checked.
fn parse(args: &MetricAddArgs) -> Result<MetricData> {
    let typed = args.name.trim();
    let (part, name) = match typed.strip_prefix('.') {
        Some(rest) => (Part::Breakdown, rest),
        None if args.breakdown => (Part::Breakdown, typed),
        None => (Part::Base, typed),
    };
    check_name(name).map_err(|e| user(format!("metric add: {e}")))?;
    let description =
        check_description(&args.description).map_err(|e| user(format!("--description: {e}")))?;
    let unit = args.unit.as_deref().map(str::trim).unwrap_or(DEFAULT_UNIT);
    check_unit(unit).map_err(|e| user(format!("--unit: {e}")))?;
    Ok(MetricData {
        name: name.to_string(),
        part,
        description,
        unit: unit.to_string(),
    })
}

/// Records a vocabulary entry; refuses one that changes nothing. Returns whether the
/// name was known before (its description or unit now changes).
fn add(ledger: &mut dyn Ledger, data: &MetricData, by: Acting<'_>) -> Result<bool> {
    let vocabulary = ledger.metrics()?;
    let known = vocabulary.get(data.part, &data.name);
    if let Some(m) = known {
        if m.description == data.description && m.unit == data.unit {
            return Err(user(format!(
                "the {} '{}' is already in the vocabulary with this description and unit; give another --description or --unit to change them (`crosscheck metric list` shows them)",
                data.part.as_str(),
                data.part.written(&data.name)
            )));
        }
    }
    let known = known.is_some();
    ledger.add_metric(data, by)?;
    Ok(known)
}

/// The vocabulary entries a claim's figures need that the ledger lacks, each once; with
/// `new_metric` unset, the first is refused with a "did you mean". `context` says where
/// the figure was given, for the message (`--figure`, a proposal).
pub(super) fn missing_for(
    vocabulary: &Vocabulary,
    figures: &[Figure],
    new_metric: bool,
    context: &dyn Fn(&Figure) -> String,
) -> Result<Vec<Unknown>> {
    let mut missing: Vec<Unknown> = Vec::new();
    for figure in figures {
        for unknown in vocabulary.unknown_parts(&figure.metric) {
            if !new_metric {
                return Err(user(refusal(vocabulary, &unknown, &context(figure))));
            }
            // The figure grammar allows a part such as `2nd`; the vocabulary holds only
            // names `metric add` would take.
            check_name(&unknown.name).map_err(|e| {
                user(format!(
                    "--new-metric cannot add a part of {}: {e}",
                    context(figure)
                ))
            })?;
            if !missing
                .iter()
                .any(|m| m.part == unknown.part && m.name == unknown.name)
            {
                missing.push(unknown);
            }
        }
    }
    Ok(missing)
}

/// Records the names `missing_for` found, described as coming with claim `claim`.
pub(super) fn record_missing(
    ledger: &mut dyn Ledger,
    missing: &[Unknown],
    claim: i64,
    by: Acting<'_>,
) -> Result<Vec<String>> {
    let mut notices = Vec::new();
    for unknown in missing {
        let data = MetricData {
            name: unknown.name.clone(),
            part: unknown.part,
            description: format!("added with claim {claim}"),
            unit: DEFAULT_UNIT.to_string(),
        };
        ledger.add_metric(&data, by)?;
        notices.push(format!(
            "added the {} '{}' to the vocabulary; describe it with `crosscheck metric add {} --description …`",
            unknown.part.as_str(),
            unknown.part.written(&unknown.name),
            unknown.part.written(&unknown.name)
        ));
    }
    Ok(notices)
}

/// "unknown metric 'kiled' in --figure kiled=12: did you mean 'killed'? …"
pub(super) fn refusal(vocabulary: &Vocabulary, unknown: &Unknown, context: &str) -> String {
    let what = match unknown.part {
        Part::Base => "metric",
        Part::Breakdown => "breakdown",
    };
    let written = unknown.part.written(&unknown.name);
    let hint = if unknown.known_as_other {
        match unknown.part {
            Part::Base => format!(
                " '{}' is a breakdown: give it after a base, as in killed.{}.",
                unknown.name, unknown.name
            ),
            Part::Breakdown => format!(
                " '{}' is a base: a figure has one base, first.",
                unknown.name
            ),
        }
    } else {
        let mut similar = resolve::similar_names(&unknown.name, &vocabulary.names(unknown.part));
        if unknown.part == Part::Base {
            if let Some(base) = vocabulary.synonym(&unknown.name) {
                similar.retain(|n| n != base);
                similar.insert(0, base.to_string());
            }
        }
        match similar.as_slice() {
            [] => String::new(),
            names => format!(
                " did you mean {}?",
                names
                    .iter()
                    .map(|n| format!("'{n}'"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        }
    };
    format!(
        "unknown {what} '{}' in {context}:{hint} Add it with `crosscheck metric add {written} --description …`, or pass --new-metric to record it as it is",
        unknown.name
    )
}
