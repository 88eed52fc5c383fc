//! `demo`: the Atmé raid of February 2022, recorded in a fresh ledger through the same
//! code paths as the commands, then compared. The articles below are written for this
//! project; the facts and figures are those reported at the time.

use std::path::PathBuf;

use anyhow::{Context, Result};

use super::article::{self, ArticleInput};
use super::claim::{self, ClaimInput};
use super::status::{self, Change};
use super::{incident, source, Ctx};
use crate::cli::{IncidentAddArgs, SourceAddArgs};
use crate::error::user;
use crate::model::{Figure, Stance, Status, Tolerance};
use crate::render::views;
use crate::store::{Ledger, OpenMode, Store};

const DUTCH_TITLE: &str = "Amerikaanse commando's voeren nachtelijke raid uit in Atmé";
const DUTCH_BODY: &str = "\
Amerikaanse commando's hebben in de nacht van woensdag op donderdag een aanval uitgevoerd in \
Atmé, een plaats in het noordwesten van Syrië vlak bij de Turkse grens. Volgens het Syrisch \
Observatorium voor de Mensenrechten kwamen daarbij dertien mensen om het leven, ook burgers. \
Onder de doden zijn volgens de organisatie vier kinderen en drie vrouwen.

Het Pentagon noemt de actie tegen Islamitische Staat geslaagd. “Er zijn geen Amerikaanse \
slachtoffers gevallen”, aldus een verklaring van het ministerie van Defensie. Meer wilde het \
ministerie niet kwijt.

Bronnen ter plaatse vertellen aan persbureau Reuters dat de aanval gericht was op een kopstuk \
van IS, dat daar met zijn gezin zou verblijven.

Bewoners van Atmé zeggen dat rond middernacht helikopters landden en dat er daarna lange tijd \
werd geschoten. In de omgeving wonen veel ontheemde Syriërs in kampen.

Volgens het Pentagon werden in dezelfde nacht ook doelen ten noorden van Idlib gebombardeerd \
door de coalitie.
";

const ENGLISH_TITLE: &str = "Rescuers say six children among 13 dead in Atmé raid";
const ENGLISH_BODY: &str = "\
Rescue workers of the Syrian Civil Defence, the group known as the White Helmets, said they \
recovered 13 bodies from the house in Atmé after the overnight raid, among them six children \
and four women. The group said it had identified the dead by name at the scene.

The US Department of Defense said no American personnel were harmed in the operation.
";

struct DemoClaim {
    article: &'static str,
    source: &'static str,
    via: Option<&'static str>,
    text: &'static str,
    quote: &'static str,
    translation: Option<&'static str>,
    figures: &'static [&'static str],
}

const CLAIMS: &[DemoClaim] = &[
    DemoClaim {
        article: "atme-nl",
        source: "Syrisch Observatorium voor de Mensenrechten",
        via: None,
        text: "Dertien mensen kwamen om het leven, onder wie burgers.",
        quote: "kwamen daarbij dertien mensen om het leven, ook burgers",
        translation: Some("Thirteen people were killed, civilians among them."),
        figures: &["killed=13"],
    },
    DemoClaim {
        article: "atme-nl",
        source: "SOHR",
        via: None,
        text: "Onder de doden zijn vier kinderen en drie vrouwen.",
        quote: "Onder de doden zijn volgens de organisatie vier kinderen en drie vrouwen",
        translation: Some("Four children and three women are among the dead."),
        figures: &["killed.children=4", "killed.women=3"],
    },
    DemoClaim {
        article: "atme-en",
        source: "White Helmets",
        via: None,
        text: "13 bodies recovered, among them six children and four women, identified by name.",
        quote: "recovered 13 bodies from the house in Atmé after the overnight raid, among them six children \
and four women",
        translation: None,
        figures: &["killed=13:documented", "killed.children=6:documented", "killed.women=4:documented"],
    },
    DemoClaim {
        article: "atme-nl",
        source: "Pentagon",
        via: None,
        text: "De actie tegen Islamitische Staat was geslaagd.",
        quote: "Het Pentagon noemt de actie tegen Islamitische Staat geslaagd",
        translation: Some("The operation against Islamic State was a success."),
        figures: &[],
    },
    DemoClaim {
        article: "atme-nl",
        source: "ministerie van Defensie",
        via: None,
        text: "Er vielen geen Amerikaanse slachtoffers.",
        quote: "Er zijn geen Amerikaanse slachtoffers gevallen",
        translation: Some("There were no American casualties."),
        figures: &["killed.us_personnel=0"],
    },
    DemoClaim {
        article: "atme-nl",
        source: "local sources",
        via: Some("Reuters"),
        text: "De aanval was gericht op een kopstuk van IS dat er met zijn gezin verbleef.",
        quote: "dat de aanval gericht was op een kopstuk van IS, dat daar met zijn gezin zou verblijven",
        translation: Some("The raid targeted a senior IS figure staying there with his family."),
        figures: &[],
    },
    DemoClaim {
        article: "atme-nl",
        source: "residents of Atmé",
        via: None,
        text: "Rond middernacht landden helikopters.",
        quote: "rond middernacht helikopters landden",
        translation: Some("Helicopters landed around midnight."),
        figures: &[],
    },
    DemoClaim {
        article: "atme-nl",
        source: "residents of Atmé",
        via: None,
        text: "Daarna werd lange tijd geschoten.",
        quote: "dat er daarna lange tijd werd geschoten",
        translation: Some("Then there was prolonged gunfire."),
        figures: &[],
    },
    DemoClaim {
        article: "atme-nl",
        source: "Pentagon",
        via: None,
        text: "De coalitie bombardeerde dezelfde nacht doelen ten noorden van Idlib.",
        quote: "werden in dezelfde nacht ook doelen ten noorden van Idlib gebombardeerd door de coalitie",
        translation: Some("The coalition struck targets north of Idlib the same night."),
        figures: &[],
    },
    DemoClaim {
        article: "atme-en",
        source: "US Department of Defense",
        via: None,
        text: "No American personnel were harmed.",
        quote: "no American personnel were harmed",
        translation: None,
        figures: &["killed.us_personnel=0"],
    },
];

/// One step of the demo's verification: claim index, new status, who, note, evidence, when.
type Step = (
    usize,
    Status,
    &'static str,
    Option<&'static str>,
    &'static [&'static str],
    &'static str,
);

fn source(name: &str, aliases: &[&str], kind: &str, grade: &str, notes: &str) -> SourceAddArgs {
    SourceAddArgs {
        name: name.to_string(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        kind: kind.to_string(),
        grade: Some(grade.to_string()),
        notes: Some(notes.to_string()),
    }
}

/// Records the whole case; returns the number of claims.
fn build(l: &mut dyn Ledger) -> Result<usize> {
    let recorded = "2022-02-03T10:00:00Z";
    let by = crate::store::Acting {
        who: "a.jansen",
        at: recorded,
    };
    for s in [
        source(
            "Syrian Observatory for Human Rights",
            &["SOHR", "Syrisch Observatorium voor de Mensenrechten"],
            "ngo",
            "C",
            "UK-based monitor with a network of contacts inside Syria.",
        ),
        source(
            "Syrian Civil Defence",
            &["White Helmets", "Syria Civil Defence"],
            "ngo",
            "B",
            "Rescue service in opposition-held areas; counts the dead it recovers.",
        ),
        source(
            "Pentagon",
            &["US Department of Defense", "ministerie van Defensie", "DoD"],
            "military",
            "B",
            "Party to the operation.",
        ),
        source(
            "Reuters",
            &[],
            "news_agency",
            "A",
            "Wire service relaying local sources.",
        ),
        source(
            "local sources",
            &[],
            "anonymous",
            "F",
            "Unnamed people in Atmé quoted by Reuters.",
        ),
        source(
            "residents of Atmé",
            &["omwonenden"],
            "witness",
            "C",
            "Residents describing the night.",
        ),
    ] {
        source::add(l, &s, by)?;
    }
    incident::add(
        l,
        &IncidentAddArgs {
            slug: "atme-raid".to_string(),
            title: "US special-forces raid in Atmé, north-west Syria".to_string(),
            date: Some("2022-02-03".to_string()),
            place: Some("Atmé, Idlib province, Syria".to_string()),
        },
        by,
    )?;
    for (slug, title, outlet, url, lang, published, body) in [
        (
            "atme-nl",
            DUTCH_TITLE,
            "De Avondkrant (demo)",
            "https://example.org/avondkrant/2022/02/03/raid-atme",
            "nl",
            "2022-02-03T09:30:00Z",
            DUTCH_BODY,
        ),
        (
            "atme-en",
            ENGLISH_TITLE,
            "Example Wire (demo)",
            "https://example.org/wire/2022/02/03/atme-rescuers",
            "en",
            "2022-02-03T14:00:00Z",
            ENGLISH_BODY,
        ),
    ] {
        article::add(
            l,
            ArticleInput {
                title: title.to_string(),
                slug: Some(slug.to_string()),
                outlet: Some(outlet.to_string()),
                url: Some(url.to_string()),
                lang: Some(lang.to_string()),
                published: Some(published.to_string()),
                body: Some(body.to_string()),
            },
            by,
        )?;
    }
    let mut ids = Vec::new();
    for c in CLAIMS {
        let input = ClaimInput {
            article: c.article.to_string(),
            source: c.source.to_string(),
            via: c.via.map(str::to_string),
            incident: Some("atme-raid".to_string()),
            text: c.text.to_string(),
            quote: Some(c.quote.to_string()),
            translation: c.translation.map(str::to_string),
            figures: c
                .figures
                .iter()
                .map(|f| Figure::parse(f))
                .collect::<Result<_, _>>()?,
            as_of: None,
            new_source: false,
            new_metric: false,
        };
        let (claim, _) = claim::add(l, &input, "a.jansen", "2022-02-03T15:00:00Z")?;
        ids.push(claim.id.to_string());
    }
    const WIRE: &str = "https://example.org/wire/2022/02/03/atme-rescuers";
    let steps: &[Step] = &[
        (0, Status::InProgress, "m.haddad", None, &[], "2022-02-03T16:00:00Z"),
        (
            0,
            Status::Verified,
            "m.haddad",
            Some("The Civil Defence also counts 13 dead, identified by name."),
            &[WIRE],
            "2022-02-04T09:00:00Z",
        ),
        (1, Status::InProgress, "m.haddad", None, &[], "2022-02-03T16:05:00Z"),
        (
            1,
            Status::Disputed,
            "m.haddad",
            Some("The Civil Defence names 6 children and 4 women among the 13; the two counts cannot both hold."),
            &[WIRE],
            "2022-02-04T09:30:00Z",
        ),
        (2, Status::InProgress, "m.haddad", None, &[], "2022-02-04T09:35:00Z"),
        (
            3,
            Status::Unverifiable,
            "a.jansen",
            Some("\"Successful\" is the operator's own judgement; there is nothing independent to check it against."),
            &[],
            "2022-02-04T10:00:00Z",
        ),
        (5, Status::InProgress, "a.jansen", None, &[], "2022-02-04T10:10:00Z"),
        (
            6,
            Status::Verified,
            "a.jansen",
            Some("Residents' videos posted that night show helicopters over Atmé shortly after midnight."),
            &["https://example.org/osint/atme-helicopter-video"],
            "2022-02-04T11:00:00Z",
        ),
    ];
    for &(claim, to, who, note, evidence, at) in steps {
        let evidence: Vec<String> = evidence.iter().map(|e| e.to_string()).collect();
        status::apply(
            l,
            &Change {
                claim: &ids[claim],
                to,
                note,
                evidence: &evidence,
                internal: false,
            },
            who,
            at,
        )?;
    }
    status::add_evidence(
        l,
        &ids[2],
        "https://example.org/osint/atme-burial-list",
        Stance::Supports,
        Some("Burial list from the local council names 13 dead, 6 of them children."),
        false,
        "m.haddad",
        "2022-02-04T12:00:00Z",
    )?;
    Ok(CLAIMS.len())
}

pub(super) fn run(ctx: &Ctx) -> Result<()> {
    let on_server = ctx
        .db
        .as_ref()
        .and_then(|p| p.to_str())
        .is_some_and(crate::store::is_postgres_url);
    let path: PathBuf = match &ctx.db {
        Some(path) => {
            if path.exists() {
                return Err(user(format!(
                    "{} already exists; the demo builds a fresh ledger, so give a new file with --db, or leave --db out for a temporary one",
                    path.display()
                )));
            }
            path.clone()
        }
        None => tempfile::Builder::new()
            .prefix("crosscheck-demo-")
            .tempdir()
            .context("cannot make a temporary folder for the demo")?
            .keep()
            .join("atme.db"),
    };
    let db = crate::store::redact(&path.display().to_string());
    let mut store = Store::open(&path, OpenMode::Create)?;
    let (claims, incident, comparison) = store.write(|l| {
        // A server's database is there already; it must hold no ledger yet.
        if on_server && !l.is_empty()? {
            return Err(user(format!(
                "{db} already exists and holds a ledger; the demo builds a fresh ledger, so give an empty database with --db, or leave --db out for a temporary file"
            )));
        }
        let claims = build(l)?;
        let incident = super::resolve::incident(l, "atme-raid")?;
        let comparison = super::compare::comparison(l, &incident, None, Tolerance::DEFAULT, false)?;
        Ok((claims, incident, comparison))
    })?;
    ctx.emit(views::demo::built(&db, claims, &incident, &comparison))
}
