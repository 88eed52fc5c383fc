//! Issue 14's acceptance test: a desk's two days on the Derna floods of September 2023,
//! replayed with the real binary, on SQLite and on PostgreSQL (where each person is a
//! role of a desk, so that four eyes is the server's rule).
//!
//! Day one: 30 claims, from extraction (with `--accept N,M` and `--set`) and by hand;
//! 10 of them corrected or withdrawn before publication; one source merged; verdicts set
//! by one fact-checker, approved or rejected by another; one finding acknowledged; `lint`
//! passes; `publish`. Day two: two claims corrected and one evidence address corrected,
//! after which the report's body holds only claims in play and its Corrections section
//! lists exactly the day-two changes. The article texts are our own words.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::postgres::Desk;
use crate::{assert_success, on_postgres, pg_admin, Out, TestEnv};

const DAMS: &str = "Two dams above Derna gave way during the night as Storm Daniel \
stalled over eastern Libya, sending a wall of water through the centre of the city.\n\n\
The Red Crescent said 11,300 people had died in Derna. The eastern administration's health \
minister put the toll at 3,166 dead. According to the World Health Organization, 3,958 \
people were killed and more than 9,000 remained missing.\n\n\
The UN humanitarian office said at least 43,000 people had been displaced across the \
north-east.\n";

const WEEK: &str = "A week after the floods, the count of the dead in Derna still \
differs from one office to the next.\n\n\
The mayor of Derna said the toll could reach 20,000. The health minister said 3,283 \
people had been killed so far. The World Health Organization said it had registered 4,014 \
deaths, among them 1,200 children.\n\n\
Rescue teams said 10,100 people were still missing. The Red Crescent said 46,000 people \
had been displaced.\n";

/// Who acts: the ledger's owner, the fact-checker who sets verdicts, the one who reviews.
#[derive(Clone, Copy)]
enum Who {
    Owner,
    Okafor,
    Haddad,
}

impl Who {
    /// The name recorded: on PostgreSQL the desk's role, on SQLite the same name declared.
    fn name(self) -> &'static str {
        match self {
            Who::Owner => "crosscheck_admin",
            Who::Okafor => "a_okafor",
            Who::Haddad => "m_haddad",
        }
    }
}

/// A newsroom's ledger: a SQLite file, or a desk on the test's PostgreSQL server.
struct Newsroom {
    env: TestEnv,
    pg: bool,
    _desk: Option<Desk>,
}

impl Newsroom {
    fn open() -> Newsroom {
        let env = TestEnv::empty_sqlite();
        if !on_postgres() {
            let room = Newsroom {
                env,
                pg: false,
                _desk: None,
            };
            room.ok(Who::Owner, "2023-09-12T06:00:00Z", &["init"]);
            return room;
        }
        let desk = Desk::take();
        let mut server = pg_admin("postgres");
        for sql in [
            "CREATE ROLE crosscheck_admin LOGIN CREATEROLE",
            "CREATE DATABASE desk OWNER crosscheck_admin",
        ] {
            server.batch_execute(sql).expect("owner and database");
        }
        let room = Newsroom {
            env,
            pg: true,
            _desk: Some(desk),
        };
        room.ok(Who::Owner, "2023-09-12T06:00:00Z", &["init"]);
        room.ok(Who::Owner, "2023-09-12T06:00:00Z", &["desk", "setup"]);
        for (who, password) in [
            (Who::Haddad, "first-Pa55\n"),
            (Who::Okafor, "second-Pa55\n"),
        ] {
            let args = ["desk", "add", who.name()];
            let cmd = room.command(Who::Owner, "2023-09-12T06:00:00Z", &args);
            assert_success(&args, &TestEnv::run_command(cmd, Some(password.as_bytes())));
        }
        room
    }

    fn command(&self, who: Who, at: &str, args: &[&str]) -> std::process::Command {
        let mut cmd = self.env.command(args);
        cmd.env("CROSSCHECK_NOW", at);
        if self.pg {
            cmd.env("CROSSCHECK_DB", Desk::url(who.name()))
                .env_remove("CROSSCHECK_USER");
        } else {
            cmd.env("CROSSCHECK_USER", who.name());
        }
        cmd
    }

    fn run(&self, who: Who, at: &str, args: &[&str]) -> Out {
        TestEnv::run_command(self.command(who, at, args), None)
    }

    fn ok(&self, who: Who, at: &str, args: &[&str]) -> String {
        let out = self.run(who, at, args);
        assert_success(args, &out);
        out.stdout
    }

    fn json(&self, who: Who, at: &str, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        let stdout = self.ok(who, at, &all);
        serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{all:?} printed invalid JSON ({e}):\n{stdout}"))
    }

    /// Records a claim by hand; returns its id.
    fn claim(&self, at: &str, article: &str, source: &str, text: &str, figures: &[&str]) -> i64 {
        let mut args = vec![
            "claim",
            "add",
            "--article",
            article,
            "--incident",
            "derna-floods",
            "--source",
            source,
            "--text",
            text,
        ];
        for f in figures {
            args.extend(["--figure", f]);
        }
        self.json(Who::Okafor, at, &args)["id"]
            .as_i64()
            .expect("the new claim's id")
    }

    /// A verdict with its evidence, set by the fact-checker.
    fn verdict(&self, at: &str, claim: i64, status: &str, url: &str) {
        self.ok(
            Who::Okafor,
            at,
            &[
                "status",
                &claim.to_string(),
                status,
                "--note",
                &format!("checked against {url}"),
                "--evidence",
                url,
            ],
        );
    }

    /// The ids of the incident's claims in play.
    fn in_play(&self, at: &str) -> BTreeSet<i64> {
        let v = self.json(
            Who::Haddad,
            at,
            &["claim", "list", "--incident", "derna-floods"],
        );
        v.as_array()
            .expect("a list")
            .iter()
            .map(|c| c["id"].as_i64().expect("id"))
            .collect()
    }
}

#[test]
fn a_desks_two_days_from_capture_to_a_corrected_publication() {
    let room = Newsroom::open();
    let morning = "2023-09-12T08:00:00Z";
    let owner = |args: &[&str]| room.ok(Who::Owner, morning, args);
    let okafor = |at: &str, args: &[&str]| room.ok(Who::Okafor, at, args);
    let haddad = |at: &str, args: &[&str]| room.ok(Who::Haddad, at, args);

    // The desk's rules: every verdict waits for a second person.
    owner(&["config", "set", "review", "required"]);

    // The story, its articles (two with their text, two without) and the known sources.
    let dams = room.env.file("dams.txt", DAMS.as_bytes());
    let week = room.env.file("week.txt", WEEK.as_bytes());
    for args in [
        &[
            "incident",
            "add",
            "derna-floods",
            "--title",
            "Derna floods",
            "--date",
            "2023-09-11",
        ][..],
        &[
            "article",
            "add",
            "--slug",
            "derna-dams",
            "--title",
            "Dams give way above Derna",
            "--lang",
            "en",
            "--outlet",
            "Our desk",
            "--file",
            dams.to_str().expect("path"),
        ],
        &[
            "article",
            "add",
            "--slug",
            "derna-week",
            "--title",
            "A week after the Derna floods",
            "--lang",
            "en",
            "--outlet",
            "Our desk",
            "--file",
            week.to_str().expect("path"),
        ],
        &[
            "article",
            "add",
            "--slug",
            "derna-wire",
            "--title",
            "Derna: the counts so far",
            "--outlet",
            "Example Wire",
        ],
        &[
            "article",
            "add",
            "--slug",
            "derna-radio",
            "--title",
            "Derna at noon",
            "--outlet",
            "Radio Example",
        ],
        &[
            "source",
            "add",
            "International Organization for Migration",
            "--alias",
            "IOM",
            "--kind",
            "ngo",
        ],
        &["source", "add", "Derna mayor", "--kind", "official"],
        &["source", "add", "Red Crescent", "--kind", "ngo"],
        &["source", "add", "Libyan Red Crescent", "--kind", "ngo"],
    ] {
        okafor(morning, args);
    }

    // Extraction: four proposals from each article (the mayor's "could reach" is no count:
    // recorded by hand below), the rescue teams' count credited to the Libyan Red
    // Crescent, whose teams gave it, and the second article's "health minister" recorded
    // as the new source it is credited to, merged below.
    let dry = room.json(Who::Okafor, morning, &["extract", "derna-dams"]);
    assert_eq!(dry.as_array().map(Vec::len), Some(4), "{dry}");
    let first = room.json(
        Who::Okafor,
        morning,
        &[
            "extract",
            "derna-dams",
            "--incident",
            "derna-floods",
            "--accept",
            "1,2,3,4",
        ],
    );
    let second = room.json(
        Who::Okafor,
        morning,
        &[
            "extract",
            "derna-week",
            "--incident",
            "derna-floods",
            "--accept",
            "1,2,3,4",
            "--set",
            "3:source=Libyan Red Crescent",
            "--new-source",
        ],
    );
    let extracted: Vec<i64> = [&first, &second]
        .iter()
        .flat_map(|v| v["recorded"].as_array().expect("recorded").clone())
        .map(|id| id.as_i64().expect("id"))
        .collect();
    assert_eq!(extracted.len(), 8, "{first} {second}");

    // By hand: 22 more, some of them wrong.
    let t = "2023-09-12T09:00:00Z";
    let hand: Vec<i64> = [
        (
            "derna-wire",
            "IOM",
            "30,000 people have left Derna.",
            &["displaced=30000"][..],
        ),
        (
            "derna-wire",
            "Derna mayor",
            "The toll could reach 20,000.",
            &["killed<=20000"],
        ),
        (
            "derna-wire",
            "UN humanitarian office",
            "10,000 people are missing.",
            &["missing=10000"],
        ),
        (
            "derna-wire",
            "World Health Organization",
            "3,922 bodies have been identified.",
            &["killed=3922"],
        ),
        (
            "derna-wire",
            "Libyan Red Crescent",
            "Our teams recovered 1,500 bodies from the sea.",
            &["killed=1500"],
        ),
        (
            "derna-wire",
            "IOM",
            "Some 5,000 people are sheltering in schools.",
            &["displaced~5000"],
        ),
        (
            "derna-wire",
            "eastern administration's health minister",
            "2,000 people were injured.",
            &["injured=2000"],
        ),
        (
            "derna-wire",
            "Red Crescent",
            "10,100 people are still missing.",
            &["missing=10100"],
        ),
        (
            "derna-radio",
            "Derna mayor",
            "A quarter of the city is gone.",
            &[],
        ),
        (
            "derna-radio",
            "UN humanitarian office",
            "884,000 people need help.",
            &["affected=884000"],
        ),
        (
            "derna-radio",
            "IOM",
            "38,640 people were displaced in the north-east.",
            &["displaced=38640"],
        ),
        (
            "derna-radio",
            "World Health Organization",
            "At least 1,000 bodies were buried in mass graves.",
            &["killed>=1000"],
        ),
        (
            "derna-radio",
            "Libyan Red Crescent",
            "Our volunteers reached 7 villages.",
            &[],
        ),
        (
            "derna-radio",
            "Red Crescent",
            "Three of our volunteers died.",
            &["killed.aid_workers=3"],
        ),
        (
            "derna-radio",
            "IOM",
            "30,000 people have left Derna.",
            &["displaced=30000"],
        ),
        (
            "derna-radio",
            "Derna mayor",
            "The city needs a corridor for aid.",
            &[],
        ),
        (
            "derna-radio",
            "UN humanitarian office",
            "The dams had not been maintained since 2002.",
            &[],
        ),
        (
            "derna-radio",
            "World Health Organization",
            "1,200 children are among the dead.",
            &["killed.children=1200"],
        ),
        (
            "derna-radio",
            "eastern administration's health minister",
            "3,166 people died.",
            &["killed=3166"],
        ),
        (
            "derna-radio",
            "Libyan Red Crescent",
            "Rescuers are still searching the harbour.",
            &[],
        ),
        (
            "derna-radio",
            "Red Crescent",
            "11,300 dead in Derna.",
            &["killed=11300"],
        ),
        (
            "derna-radio",
            "IOM",
            "43,059 people were displaced.",
            &["displaced=43059"],
        ),
    ]
    .iter()
    .map(|(article, source, text, figures)| room.claim(t, article, source, text, figures))
    .collect();
    assert_eq!(extracted.len() + hand.len(), 30);
    assert_eq!(room.in_play(t).len(), 30);

    // The extracted "health minister" is the eastern administration's: one source.
    okafor(
        t,
        &[
            "source",
            "merge",
            "health minister",
            "eastern administration's health minister",
        ],
    );

    // Ten entry errors put right before publication: six corrected, four withdrawn.
    let t = "2023-09-12T10:00:00Z";
    let correct = |claim: i64, change: &[&str], note: &str| -> i64 {
        let mut args = vec!["claim", "correct"];
        let id = claim.to_string();
        args.push(&id);
        args.extend(change);
        args.extend(["--note", note]);
        room.json(Who::Okafor, t, &args)["id"]
            .as_i64()
            .expect("the new version's id")
    };
    let mayor = correct(
        hand[1],
        &["--figure", "killed<=20000", "--as-of", "2023-09-14"],
        "the mayor spoke on the 14th",
    );
    let wrong_source = correct(
        hand[4],
        &["--source", "Red Crescent"],
        "the Red Crescent, not the Libyan branch, gave it",
    );
    let shelters = correct(
        hand[5],
        &["--figure", "displaced~6000"],
        "misread 5,000 for 6,000",
    );
    let injured = correct(
        hand[6],
        &["--text", "About 2,000 people were injured."],
        "the minister said about",
    );
    let affected = correct(
        hand[9],
        &["--figure", "affected=884000", "--via", "Example Wire"],
        "relayed by the wire",
    );
    let displaced = correct(
        hand[10],
        &[
            "--figure",
            "displaced=38640",
            "--source",
            "IOM",
            "--text",
            "38,640 people were displaced in the north-east, IOM says.",
        ],
        "wording as aired",
    );
    for (claim, why) in [
        (hand[14], "recorded twice (see the wire's)"),
        (hand[15], "not a claim: an appeal"),
        (hand[16], "the reporter's own background, not the office's"),
        (extracted[7], "extraction misread the sentence"),
    ] {
        okafor(t, &["claim", "withdraw", &claim.to_string(), "--note", why]);
    }
    let play = room.in_play(t);
    assert_eq!(play.len(), 26, "30 claims less 4 withdrawn: {play:?}");
    for old in [
        hand[1],
        hand[4],
        hand[5],
        hand[6],
        hand[9],
        hand[10],
        hand[14],
        hand[15],
        hand[16],
        extracted[7],
    ] {
        assert!(!play.contains(&old), "claim {old} is no longer in play");
    }

    // Verdicts by one fact-checker, each with its evidence.
    let t = "2023-09-12T12:00:00Z";
    let who_4014 = extracted[5];
    let judged = [
        (
            who_4014,
            "verified",
            "https://who.example.org/libya/deaths-registered",
        ),
        (
            extracted[0],
            "misleading",
            "https://checks.example.org/derna/red-crescent-11300",
        ),
        (
            extracted[3],
            "verified",
            "https://ocha.example.org/libya/flash-update-3",
        ),
        (
            hand[0],
            "verified",
            "https://iom.example.org/dtm/libya-derna",
        ),
        (
            shelters,
            "unverifiable",
            "https://iom.example.org/dtm/libya-shelters",
        ),
        (
            mayor,
            "misleading",
            "https://checks.example.org/derna/mayor-20000",
        ),
    ];
    for (claim, status, url) in judged {
        room.verdict(t, claim, status, url);
    }
    // Nothing can be published while the verdicts wait for review.
    let gate = room.run(
        Who::Haddad,
        t,
        &["lint", "derna-floods", "--format", "json"],
    );
    assert_eq!(gate.code, 1, "{}", gate.stdout);
    assert!(
        gate.stdout.contains("unreviewed_verdict"),
        "{}",
        gate.stdout
    );
    // The fact-checker cannot approve her own verdicts.
    let own = room.run(
        Who::Okafor,
        t,
        &["review", "approve", &who_4014.to_string()],
    );
    assert_eq!(own.code, 2, "{}{}", own.stdout, own.stderr);
    // A second person approves five and rejects one; the rejected one is judged again.
    let t = "2023-09-12T13:00:00Z";
    let approve: Vec<String> = [who_4014, extracted[0], extracted[3], shelters, mayor]
        .iter()
        .map(i64::to_string)
        .collect();
    let mut args = vec!["review", "approve"];
    args.extend(approve.iter().map(String::as_str));
    haddad(t, &args);
    haddad(
        t,
        &[
            "review",
            "reject",
            &hand[0].to_string(),
            "--note",
            "the DTM page counts all of the north-east",
        ],
    );
    assert_eq!(
        room.json(Who::Haddad, t, &["claim", "show", &hand[0].to_string()])["status"],
        "in_progress"
    );
    let t = "2023-09-12T14:00:00Z";
    room.verdict(
        t,
        hand[0],
        "verified",
        "https://iom.example.org/dtm/libya-derna-city",
    );
    haddad(
        "2023-09-12T14:30:00Z",
        &["review", "approve", &hand[0].to_string()],
    );

    // The WHO's verified count conflicts with the minister's: weighed and acknowledged.
    let t = "2023-09-12T15:00:00Z";
    let (code, v) = {
        let out = room.run(
            Who::Okafor,
            t,
            &["lint", "derna-floods", "--format", "json"],
        );
        (
            out.code,
            serde_json::from_str::<Value>(&out.stdout).expect("lint JSON"),
        )
    };
    let open: Vec<&Value> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["acknowledged"].is_null())
        .collect();
    assert_eq!(code, 1, "{v}");
    assert_eq!(open.len(), 1, "one finding is left to weigh: {v}");
    assert_eq!(open[0]["check"], "verified_figure_conflicts", "{v}");
    let name = open[0]["name"]
        .as_str()
        .expect("the finding's name")
        .to_string();
    okafor(
        t,
        &[
            "lint",
            "derna-floods",
            "--ack",
            &name,
            "--note",
            "the minister's count is of burials registered by his office; the WHO's of deaths",
        ],
    );
    let ready = room.json(Who::Okafor, t, &["lint", "derna-floods"]);
    assert_eq!(ready["ready"], true, "{ready}");

    // Published.
    let published = room.json(
        Who::Okafor,
        "2023-09-12T16:00:00Z",
        &[
            "publish",
            "derna-floods",
            "--url",
            "https://checks.example.org/derna-floods",
        ],
    );
    assert_eq!(
        published["url"], "https://checks.example.org/derna-floods",
        "{published}"
    );
    let before = room.json(
        Who::Haddad,
        "2023-09-12T16:05:00Z",
        &["report", "derna-floods"],
    );
    assert_eq!(
        before["corrections"].as_array().map(Vec::len),
        Some(0),
        "day one's fixes stay out of the Corrections section: {}",
        before["corrections"]
    );

    // Day two: two claims corrected, one evidence address put right.
    let day2 = "2023-09-13T09:00:00Z";
    let ocha_v2 = room.json(
        Who::Okafor,
        day2,
        &[
            "claim",
            "correct",
            &extracted[3].to_string(),
            "--figure",
            "displaced>=44000",
            "--note",
            "the office's flash update says 44,000",
        ],
    )["id"]
        .as_i64()
        .expect("id");
    let red_crescent_v2 = room.json(
        Who::Okafor,
        day2,
        &[
            "claim",
            "correct",
            &hand[7].to_string(),
            "--source",
            "Libyan Red Crescent",
            "--note",
            "the Libyan branch gave the count",
        ],
    )["id"]
        .as_i64()
        .expect("id");
    let history = room.json(Who::Okafor, day2, &["history", &who_4014.to_string()]);
    let evidence = history["evidence"][0]["id"]
        .as_i64()
        .expect("the evidence's id");
    okafor(
        day2,
        &[
            "evidence",
            "correct",
            &evidence.to_string(),
            "--url",
            "https://who.example.org/libya/deaths-registered-2023-09-13",
            "--why",
            "the page moved",
        ],
    );

    // The report: its body holds only claims in play, and its Corrections section exactly
    // the three day-two changes.
    let report = room.json(
        Who::Haddad,
        "2023-09-13T10:00:00Z",
        &["report", "derna-floods"],
    );
    let shown: BTreeSet<i64> = report["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .map(|c| c["id"].as_i64().expect("id"))
        .collect();
    let play = room.in_play("2023-09-13T10:00:00Z");
    assert_eq!(shown, play, "the report's body is the claims in play");
    for gone in [extracted[3], hand[7], hand[14], extracted[7]] {
        assert!(
            !shown.contains(&gone),
            "claim {gone} is superseded or withdrawn"
        );
    }
    assert!(shown.contains(&ocha_v2) && shown.contains(&red_crescent_v2));
    let corrections = report["corrections"].as_array().expect("corrections");
    let kinds: Vec<(&str, i64)> = corrections
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().expect("kind"),
                c["claim"].as_i64().expect("claim"),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("claim", extracted[3]),
            ("claim", hand[7]),
            ("evidence_url", who_4014)
        ],
        "{}",
        report["corrections"]
    );
    for c in corrections {
        assert!(
            c["at"].as_str().expect("at").starts_with("2023-09-13"),
            "only day two: {c}"
        );
    }
    let markdown = room.ok(
        Who::Haddad,
        "2023-09-13T10:00:00Z",
        &["report", "derna-floods"],
    );
    assert!(markdown.contains("Corrections"), "{markdown}");
    for note in [
        "44,000",
        "the Libyan branch gave the count",
        "deaths-registered-2023-09-13",
    ] {
        assert!(
            markdown.contains(note),
            "the Corrections section says {note}"
        );
    }
    // The publication is in the report. The acknowledgement was in the published one; the
    // day-two correction of the office's figure starts over unverified, so no verified
    // figure conflicts any more: the finding, and with it its acknowledgement, is gone.
    assert!(markdown.contains("https://checks.example.org/derna-floods"));
    let acknowledged: Vec<&str> = before["acknowledgements"]
        .as_array()
        .expect("acknowledgements")
        .iter()
        .map(|a| a["finding"].as_str().expect("finding"))
        .collect();
    assert_eq!(
        acknowledged,
        [name.as_str()],
        "{}",
        before["acknowledgements"]
    );
    assert!(!markdown.contains(&name), "{markdown}");
    let gate = room.json(
        Who::Haddad,
        "2023-09-13T10:00:00Z",
        &["lint", "derna-floods"],
    );
    assert_eq!(gate["ready"], true, "{gate}");
    let verified = room.json(Who::Haddad, "2023-09-13T10:00:00Z", &["verify"]);
    assert_eq!(verified["ok"], true, "{verified}");
    // Each person's part is in the record under their own name.
    let approvals = room.json(
        Who::Haddad,
        "2023-09-13T10:00:00Z",
        &["history", &who_4014.to_string()],
    );
    assert_eq!(
        approvals["reviews"][0]["who"],
        Who::Haddad.name(),
        "{approvals}"
    );
    assert_eq!(
        approvals["history"][1]["who"],
        Who::Okafor.name(),
        "{approvals}"
    );
    let _ = (wrong_source, injured, affected, displaced);
}
