//! `publish`: records that an incident's report went out, where and when, with the
//! record's head at that moment, as an entry in the ledger's chain. The publish gate
//! (`lint`) must pass first: a desk that publishes with a finding open does so on purpose
//! (`--force`), and the record keeps which findings were open. The report then lists its
//! publications, and what changed after one is its public Corrections section.

use anyhow::{anyhow, Result};
use serde::Serialize;

use super::lint::{check_incident, Ledgerwide};
use super::{resolve, Ctx};
use crate::cli::PublishArgs;
use crate::clock;
use crate::error::user;
use crate::model::publication::{HeadRef, PublicationData};
use crate::render::report::is_web_link;
use crate::render::views::{counted, done};
use crate::store::Acting;

/// `publish` in JSON.
#[derive(Serialize)]
struct Published<'a> {
    incident: &'a str,
    entry: i64,
    url: &'a str,
    published_at: &'a str,
    head: Option<&'a HeadRef>,
    open_findings: &'a [String],
}

pub(super) fn run(ctx: &Ctx, args: PublishArgs) -> Result<()> {
    let url = args.url.trim();
    if !is_web_link(url) {
        return Err(user(format!(
            "--url '{url}' is not an http or https address; give the page the report was published on"
        )));
    }
    let now = clock::now_text()?;
    let published_at = match args.at.as_deref() {
        None => now.clone(),
        Some(text) => {
            let at = clock::parse_when(text).map_err(|e| user(format!("--at: {e}")))?;
            if !at.contains('T') {
                return Err(user(format!(
                    "--at '{}' is a date; give the time the report went out, as in {}T09:30Z",
                    text.trim(),
                    at
                )));
            }
            if at > now {
                return Err(user(format!(
                    "--at {at} is in the future (now is {now}); record a publication once it has happened"
                )));
            }
            at
        }
    };
    let mut store = ctx.open()?;
    let who = ctx.who(&store)?;
    let (slug, entry, data) = store.write(|l| {
        let incident = resolve::incident(l, &args.incident)?;
        let ledger = Ledgerwide::read(l)?;
        let (_, findings) = check_incident(l, &incident, &ledger)?;
        let open: Vec<String> = findings
            .iter()
            .filter(|f| f.blocks())
            .map(|f| f.name.clone())
            .collect();
        if !open.is_empty() && !args.force {
            return Err(anyhow!(
                "{} is not ready to publish: `crosscheck lint {}` finds {} ({}); put {} right or acknowledge {} with `lint --ack`, or, if the report went out anyway, record it with --force",
                incident.slug,
                incident.slug,
                counted(open.len() as i64, "problem", "problems"),
                open.join(", "),
                if open.len() == 1 { "it" } else { "them" },
                if open.len() == 1 { "it" } else { "each" },
            ));
        }
        let data = PublicationData {
            url: url.to_string(),
            published_at: published_at.clone(),
            head: l
                .record_head()?
                .map(|(entry, hash)| HeadRef { entry, hash }),
            open_findings: open,
        };
        let entry = l.record_publication(
            incident.id,
            &data,
            Acting {
                who: &who,
                at: &now,
            },
        )?;
        Ok((incident.slug, entry, data))
    })?;
    let head = data.head.as_ref().map_or_else(
        || "an empty record".to_string(),
        |h| format!("the record's head {} (entry {})", h.hash, h.entry),
    );
    let forced = if data.open_findings.is_empty() {
        String::new()
    } else {
        format!(
            " with {} open",
            counted(data.open_findings.len() as i64, "finding", "findings")
        )
    };
    ctx.emit(done(
        format!(
            "recorded the publication of {slug} at {url}, {}{forced}, as entry {entry} of the ledger's chain; it vouches for {head}",
            data.published_at
        ),
        Published {
            incident: &slug,
            entry,
            url,
            published_at: &data.published_at,
            head: data.head.as_ref(),
            open_findings: &data.open_findings,
        },
    ))
}
