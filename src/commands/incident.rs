//! `incident add | list | show | edit`: the real-world events that claims are about; the
//! comparison is made per incident.

use anyhow::Result;

use super::{resolve, Ctx};
use crate::cli::{IncidentAddArgs, IncidentCommand, IncidentEditArgs};
use crate::clock;
use crate::error::user;
use crate::model::listing::IncidentListing;
use crate::model::{is_valid_slug, Incident};
use crate::render::views;
use crate::store::{Acting, ClaimFilter, IncidentField, Ledger, NewIncident};

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
            // Written as the incidents are read: memory stays flat however many.
            let out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            let mut shown = views::incident::IncidentList::new(out, ctx.format(), ctx.style)?;
            store.read(|l| l.each_incident(&mut |i| Ok(shown.push(&i)?)))?;
            shown.finish()?;
            Ok(())
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
        IncidentCommand::Edit(args) => {
            let now = clock::now_text()?;
            let mut store = ctx.open()?;
            let who = ctx.actor(&store)?;
            let (listing, changed) = store.write(|l| {
                edit(
                    l,
                    &args,
                    Acting {
                        who: &who,
                        at: &now,
                    },
                )
            })?;
            ctx.emit(views::incident::edited(&listing, &changed))
        }
    }
}

/// A title as `--title` gives it: trimmed, one line, not empty.
fn valid_title(title: &str) -> Result<String> {
    let title = title.trim();
    resolve::check_name(title, "incident title")?;
    if title.is_empty() {
        return Err(user(
            "the incident title is empty; say what happened with --title",
        ));
    }
    Ok(title.to_string())
}

/// A date as `--date` gives it, kept with its precision; empty means none.
fn valid_date(date: Option<&str>) -> Result<Option<String>> {
    match date.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => Ok(Some(
            clock::parse_when(d).map_err(|e| user(format!("--date: {e}")))?,
        )),
        None => Ok(None),
    }
}

/// A place as `--place` gives it; empty means none.
fn valid_place(place: Option<&str>) -> Option<String> {
    place
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
}

/// Validates an edit against the incident as it stands and records the fields that
/// change; returns the incident as edited and the names of those fields.
fn edit(
    ledger: &mut dyn Ledger,
    args: &IncidentEditArgs,
    by: Acting<'_>,
) -> Result<(IncidentListing, Vec<&'static str>)> {
    if args.title.is_none() && args.date.is_none() && args.place.is_none() {
        return Err(user(format!(
            "nothing to change in incident {}: give --title, --date or --place",
            args.incident
        )));
    }
    let incident = resolve::incident(ledger, &args.incident)?;
    let mut wanted: Vec<(IncidentField, Option<String>)> = Vec::new();
    if let Some(title) = &args.title {
        wanted.push((IncidentField::Title, Some(valid_title(title)?)));
    }
    if let Some(date) = &args.date {
        wanted.push((IncidentField::Date, valid_date(Some(date))?));
    }
    if let Some(place) = &args.place {
        wanted.push((IncidentField::Place, valid_place(Some(place))));
    }
    let now = |field: IncidentField| -> Option<&str> {
        match field {
            IncidentField::Title => Some(incident.title.as_str()),
            IncidentField::Date => incident.date.as_deref(),
            IncidentField::Place => incident.place.as_deref(),
        }
    };
    // Only what differs is recorded: an entry that changes nothing would only blur what
    // `log` shows.
    let changes: Vec<(IncidentField, Option<String>)> = wanted
        .into_iter()
        .filter(|(field, value)| now(*field) != value.as_deref())
        .collect();
    if changes.is_empty() {
        return Err(user(format!(
            "incident {} already has the values given; nothing was changed",
            incident.slug
        )));
    }
    ledger.edit_incident(incident.id, &changes, by)?;
    let fields = changes.iter().map(|(f, _)| f.column()).collect();
    let mut edited = None;
    ledger.each_incident(&mut |l| {
        if l.incident.id == incident.id {
            edited = Some(l);
        }
        Ok(())
    })?;
    let listing = edited
        .ok_or_else(|| anyhow::anyhow!("incident {} vanished while being edited", incident.id))?;
    Ok((listing, fields))
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
    let title = valid_title(&args.title)?;
    if let Some(existing) = ledger.find_incident(slug)?.filter(|i| i.slug == slug) {
        return Err(user(format!(
            "an incident with slug '{slug}' already exists (id {}); choose another slug",
            existing.id
        )));
    }
    let date = valid_date(args.date.as_deref())?;
    let id = ledger.insert_incident(&NewIncident {
        slug: slug.to_string(),
        title,
        date,
        place: valid_place(args.place.as_deref()),
        created_at: by.at.to_string(),
        created_by: by.who.to_string(),
    })?;
    resolve::incident(ledger, &id.to_string())
}
