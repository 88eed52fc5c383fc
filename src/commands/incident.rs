//! `incident add | list | show`: the real-world events that claims are about; the
//! comparison is made per incident.

use anyhow::Result;

use super::{resolve, Ctx};
use crate::cli::{IncidentAddArgs, IncidentCommand};
use crate::clock;
use crate::error::user;
use crate::model::{is_valid_slug, Incident};
use crate::render::views;
use crate::store::{Acting, ClaimFilter, Ledger, NewIncident};

pub(super) fn run(ctx: &Ctx, cmd: IncidentCommand) -> Result<()> {
    match cmd {
        IncidentCommand::Add(args) => {
            let now = clock::now_text()?;
            let mut store = ctx.open()?;
            let who = ctx.actor(&store)?;
            let incident = store.write(|l| {
                add(
                    l,
                    &args,
                    Acting {
                        who: &who,
                        at: &now,
                    },
                )
            })?;
            ctx.emit(views::incident::added(&incident))
        }
        IncidentCommand::List => {
            let mut store = ctx.open()?;
            let incidents = store.read(|l| l.list_incidents())?;
            ctx.emit(views::incident::list(&incidents))
        }
        IncidentCommand::Show(args) => {
            let mut store = ctx.open()?;
            let (incident, claims) = store.read(|l| {
                let incident = resolve::incident(l, &args.target)?;
                let claims = l.list_claims(&ClaimFilter {
                    incident_id: Some(incident.id),
                    ..ClaimFilter::default()
                })?;
                Ok((incident, claims))
            })?;
            ctx.emit(views::incident::show(&incident, &claims))
        }
    }
}

/// Validates and records an incident.
pub(super) fn add(
    ledger: &mut dyn Ledger,
    args: &IncidentAddArgs,
    by: Acting<'_>,
) -> Result<Incident> {
    let slug = args.slug.trim();
    if !is_valid_slug(slug) {
        return Err(user(format!(
            "'{slug}' is not a slug; use lowercase letters, digits and single dashes, not only digits, e.g. atme-raid-2022"
        )));
    }
    let title = args.title.trim();
    resolve::check_name(title, "incident title")?;
    if title.is_empty() {
        return Err(user(
            "the incident title is empty; say what happened with --title",
        ));
    }
    if let Some(existing) = ledger.find_incident(slug)?.filter(|i| i.slug == slug) {
        return Err(user(format!(
            "an incident with slug '{slug}' already exists (id {}); choose another slug",
            existing.id
        )));
    }
    let date = match args
        .date
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(d) => Some(clock::parse_when(d).map_err(|e| user(format!("--date: {e}")))?),
        None => None,
    };
    let id = ledger.insert_incident(&NewIncident {
        slug: slug.to_string(),
        title: title.to_string(),
        date,
        place: args
            .place
            .clone()
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty()),
        created_at: by.at.to_string(),
        created_by: by.who.to_string(),
    })?;
    resolve::incident(ledger, &id.to_string())
}
