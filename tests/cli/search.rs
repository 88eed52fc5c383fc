//! `search` and the "checked before?" lines of `claim add`: the same tests on both
//! backends (FTS5 on SQLite, tsvector on PostgreSQL), and the migration that brings a
//! version-1 ledger's rows into the index.

use crate::{seeded, Backend, TestEnv};

/// Records a claim on `atme-nl` about `atme-raid` by the Observatory with `text`.
fn said(env: &TestEnv, text: &str, extra: &[&str]) -> i64 {
    record(env, "SOHR", text, extra)
}

/// Records a claim on `atme-nl` by `source` with `text` and `extra` arguments (about
/// `atme-raid` unless they name an incident); its id.
fn record(env: &TestEnv, source: &str, text: &str, extra: &[&str]) -> i64 {
    let mut args = vec![
        "claim",
        "add",
        "--article",
        "atme-nl",
        "--source",
        source,
        "--text",
        text,
    ];
    if !extra.contains(&"--incident") {
        args.extend(["--incident", "atme-raid"]);
    }
    args.extend(extra);
    env.json(&args)["id"].as_i64().expect("id")
}

/// The ids of the claims a search finds, in order.
fn claims_found(env: &TestEnv, args: &[&str]) -> Vec<i64> {
    let mut all = vec!["search"];
    all.extend(args);
    let v = env.json(&all);
    v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter(|h| h["kind"] == "claim")
        .map(|h| h["id"].as_i64().expect("id"))
        .collect()
}

#[test]
fn an_empty_search_is_refused_and_writes_nothing() {
    let env = seeded();
    let before = env.snapshot();
    for query in ["", "   ", "\" * ( ) -"] {
        let line = env.fail(&["search", query], 2);
        assert!(line.contains("no words"), "{query:?}: {line}");
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn search_syntax_characters_are_plain_words() {
    let env = seeded();
    let id = said(&env, "Drones AND helicopters over Atmé (at night)", &[]);
    for query in [
        "\"Atmé",
        "Atmé\"",
        "helicopters*",
        "AND",
        "not -drones",
        "(at night)",
        "NEAR(drones helicopters)",
        "drones OR",
        "'; DROP TABLE claim; --",
        "atme:night",
        "^drones",
    ] {
        let out = env.run(&["search", query]);
        crate::assert_success(&["search", query], &out);
    }
    assert_eq!(claims_found(&env, &["(at", "night)"]), [id]);
    assert_eq!(claims_found(&env, &["AND"]), [id]);
    let out = env.run(&["search", "--format", "csv", "--", "-drones"]);
    crate::assert_success(&["search", "--", "-drones"], &out);
    assert!(out.stdout.contains("«Drones»"), "{}", out.stdout);
    assert_eq!(
        claims_found(&env, &["'; DROP TABLE claim; --"]),
        Vec::<i64>::new()
    );
    assert_eq!(env.sql_count("claim"), 1);
}

#[test]
fn case_and_accents_do_not_matter() {
    let env = seeded();
    let accented = said(&env, "Raid in Atmé, Idlib", &[]);
    let plain = said(&env, "ATME residents speak", &[]);
    let other = said(&env, "Nothing to see", &[]);
    for query in ["atme", "Atmé", "ATMÉ", "atmé"] {
        let found = claims_found(&env, &[query]);
        assert!(
            found.contains(&accented) && found.contains(&plain) && !found.contains(&other),
            "{query}: {found:?}"
        );
    }
    // German and French letters fold too.
    let german = said(&env, "Die Behörde zählte Tote in Düsseldorf", &[]);
    let french = said(&env, "Le ministère a été informé à Genève", &[]);
    assert_eq!(claims_found(&env, &["behorde", "zahlte"]), [german]);
    assert_eq!(
        claims_found(&env, &["ministere", "geneve", "ETE"]),
        [french]
    );
}

#[test]
fn a_dutch_word_in_a_note_finds_its_claim() {
    let env = seeded();
    let id = said(&env, "Thirteen dead", &[]);
    said(&env, "Someone else", &[]);
    env.ok(&[
        "status",
        &id.to_string(),
        "disputed",
        "--note",
        "Volgens geïnformeerde bronnen waren er minder slachtoffers",
    ]);
    let v = env.json(&["search", "geinformeerde"]);
    let hits = v["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 1, "{v}");
    assert_eq!(hits[0]["id"], id);
    assert_eq!(hits[0]["field"], "note");
    assert_eq!(hits[0]["status"], "disputed");
    // Evidence notes too.
    env.ok(&[
        "evidence",
        "add",
        &id.to_string(),
        "--url",
        "https://example.org/lijst",
        "--contradicts",
        "--note",
        "De namenlijst telt elf burgerslachtoffers",
    ]);
    assert_eq!(claims_found(&env, &["namenlijst"]), [id]);
}

#[test]
fn a_claim_matching_twice_ranks_above_one_matching_once() {
    let env = seeded();
    let twice = said(&env, "Atmé raid: witnesses in Atmé counted the dead", &[]);
    let once = said(&env, "Raid: witnesses in the village counted the dead", &[]);
    let mentioned = said(&env, "Nothing here", &[]);
    env.ok(&[
        "status",
        &mentioned.to_string(),
        "in_progress",
        "--note",
        "raid confirmed",
    ]);
    // The newer claim comes first at equal rank; the claim saying it twice beats it.
    let found = claims_found(&env, &["raid"]);
    assert_eq!(found.len(), 3, "{found:?}");
    let atme = claims_found(&env, &["atme", "raid"]);
    assert_eq!(atme, [twice]);
    let v = env.json(&["search", "raid", "atme"]);
    assert_eq!(v["hits"][0]["id"], twice, "{v}");
    // Twice in the text beats once, whichever was recorded first.
    let found = claims_found(&env, &["witnesses", "atme"]);
    assert_eq!(found, [twice]);
    let found = claims_found(&env, &["witnesses"]);
    assert_eq!(found.len(), 2);
    let found = claims_found(&env, &["atme"]);
    assert_eq!(found, [twice]);
    let _ = once;
}

#[test]
fn ranking_counts_every_occurrence() {
    let env = seeded();
    let twice = said(&env, "Shelling, then more shelling near the school", &[]);
    let once = said(&env, "Shelling near the market and the school", &[]);
    assert_eq!(claims_found(&env, &["shelling"]), [twice, once]);
}

#[test]
fn search_filters_by_incident_source_and_status() {
    let env = seeded();
    env.ok(&["incident", "add", "derna-floods", "--title", "Derna floods"]);
    let atme = said(&env, "Bodies recovered from the rubble", &[]);
    let derna = record(
        &env,
        "White Helmets",
        "Bodies recovered from the sea",
        &["--incident", "derna-floods"],
    );
    env.ok(&["status", &derna.to_string(), "verified", "--note", "seen"]);
    assert_eq!(claims_found(&env, &["bodies"]), [derna, atme]);
    assert_eq!(
        claims_found(&env, &["bodies", "--incident", "atme-raid"]),
        [atme]
    );
    assert_eq!(
        claims_found(&env, &["bodies", "--source", "White Helmets"]),
        [derna]
    );
    assert_eq!(
        claims_found(&env, &["bodies", "--status", "verified"]),
        [derna]
    );
    assert_eq!(
        claims_found(&env, &["bodies", "--status", "false"]),
        Vec::<i64>::new()
    );
    // An unknown filter is the user's mistake.
    let line = env.fail(&["search", "bodies", "--incident", "nowhere"], 2);
    assert!(line.contains("nowhere"), "{line}");
    let line = env.fail(&["search", "bodies", "--status", "done"], 2);
    assert!(line.contains("not a status"), "{line}");
}

#[test]
fn articles_are_found_by_title_and_text() {
    let env = seeded();
    let v = env.json(&["search", "kinderen"]);
    let hits = v["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 1, "{v}");
    assert_eq!(hits[0]["kind"], "article");
    assert_eq!(hits[0]["article"], "atme-nl");
    assert_eq!(hits[0]["field"], "body");
    let v = env.json(&["search", "amerikaanse"]);
    assert_eq!(v["hits"][0]["field"], "title", "{v}");
    // An article has no status.
    let v = env.json(&["search", "kinderen", "--status", "unverified"]);
    assert_eq!(v["hits"].as_array().map(Vec::len), Some(0), "{v}");
    // With --incident, an article shows when it reports a claim of that incident.
    assert_eq!(
        env.json(&["search", "kinderen", "--incident", "atme-raid"])["hits"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    said(&env, "Four children among the dead", &[]);
    assert_eq!(
        env.json(&["search", "kinderen", "--incident", "atme-raid"])["hits"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

#[test]
fn search_json_gives_each_hit_with_its_snippet_and_highlights() {
    let env = seeded();
    let id = said(&env, "Rescuers in Atmé counted 13 dead", &[]);
    let v = env.json(&["search", "atme"]);
    assert_eq!(v["query"], "atme");
    let hit = &v["hits"][0];
    let fields: Vec<&str> = hit
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        fields,
        [
            "kind",
            "id",
            "score",
            "status",
            "incident",
            "source",
            "article",
            "title",
            "field",
            "snippet",
            "highlights"
        ]
    );
    assert_eq!(hit["kind"], "claim");
    assert_eq!(hit["id"], id);
    assert_eq!(hit["status"], "unverified");
    assert_eq!(hit["incident"], "atme-raid");
    assert_eq!(hit["source"], "Syrian Observatory for Human Rights");
    assert_eq!(hit["article"], "atme-nl");
    assert_eq!(hit["field"], "text");
    assert_eq!(hit["snippet"], "Rescuers in Atmé counted 13 dead");
    assert_eq!(hit["highlights"], serde_json::json!([[12, 16]]));
    assert!(hit["score"].as_f64().expect("score") > 0.0, "{hit}");
    // The article's title has the word too.
    assert_eq!(v["hits"][1]["kind"], "article");
    // The table marks the word; CSV too.
    let table = env.ok(&["search", "atme"]);
    assert!(table.contains("«Atmé»"), "{table}");
    let (header, rows) = env.csv(&["search", "atme"]);
    assert_eq!(
        crate::col(&header, &rows[0], "snippet"),
        "Rescuers in «Atmé» counted 13 dead"
    );
    let out = env.ok(&["search", "nowhere"]);
    assert!(out.contains("nothing found"), "{out}");
}

#[test]
fn claim_add_names_claims_already_recorded_that_look_like_it() {
    let env = seeded();
    let first = record(
        &env,
        "SOHR",
        "Thirteen civilians killed in the Atmé raid",
        &["--figure", "killed=13"],
    );
    env.ok(&["status", &first.to_string(), "disputed", "--note", "fewer"]);
    let unrelated = record(&env, "Pentagon", "The mission succeeded", &[]);
    let out = env.run(&[
        "claim",
        "add",
        "--article",
        "atme-nl",
        "--source",
        "White Helmets",
        "--text",
        "13 civilians killed in Atmé raid overnight",
    ]);
    crate::assert_success(&["claim", "add"], &out);
    assert!(
        out.stderr.contains(&format!("claim {first} (disputed")),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("close text"), "{}", out.stderr);
    assert!(
        !out.stderr.contains(&format!("claim {unrelated} ")),
        "{}",
        out.stderr
    );
    // Same incident and metric, whatever the words.
    let out = env.run(&[
        "claim",
        "add",
        "--article",
        "atme-nl",
        "--source",
        "Pentagon",
        "--incident",
        "atme-raid",
        "--text",
        "No more than two",
        "--figure",
        "killed<=2",
    ]);
    crate::assert_success(&["claim", "add"], &out);
    assert!(
        out.stderr.contains(&format!("claim {first} (disputed"))
            && out.stderr.contains("same incident and metric killed"),
        "{}",
        out.stderr
    );
    // At most three lines.
    for n in 0..4 {
        record(
            &env,
            "SOHR",
            &format!("Report {n}: thirteen killed"),
            &["--figure", "killed=13"],
        );
    }
    let out = env.run(&[
        "claim",
        "add",
        "--article",
        "atme-nl",
        "--source",
        "SOHR",
        "--incident",
        "atme-raid",
        "--text",
        "Thirteen killed",
        "--figure",
        "killed=13",
    ]);
    crate::assert_success(&["claim", "add"], &out);
    assert_eq!(
        out.stderr.matches("checked before").count(),
        3,
        "{}",
        out.stderr
    );
}

#[test]
fn an_imported_export_is_searchable() {
    let env = seeded();
    let id = said(&env, "Rescuers in Atmé counted 13 dead", &[]);
    env.ok(&[
        "status",
        &id.to_string(),
        "verified",
        "--note",
        "lijst gecontroleerd",
    ]);
    let export = env.ok(&["export"]);
    let target = TestEnv::new();
    let file = target.file("atme.jsonl", export.as_bytes());
    target.ok(&["import", file.to_str().expect("UTF-8")]);
    assert_eq!(claims_found(&target, &["rescuers"]), [id]);
    assert_eq!(claims_found(&target, &["gecontroleerd"]), [id]);
    assert_eq!(
        target.json(&["search", "kinderen"])["hits"][0]["kind"],
        "article"
    );
    // The index goes on following every write after an import, and after one refused.
    let later = said(&target, "Later claim about shelling", &[]);
    assert_eq!(claims_found(&target, &["shelling"]), [later]);
    let refused = TestEnv::new();
    let damaged = refused.file(
        "damaged.jsonl",
        format!("{export}{{\"record\":\"nonsense\"}}\n").as_bytes(),
    );
    refused.fail(&["import", damaged.to_str().expect("UTF-8")], 2);
    refused.ok(&[
        "article",
        "add",
        "--title",
        "Shelling in Derna",
        "--slug",
        "derna",
    ]);
    assert_eq!(
        refused.json(&["search", "shelling"])["hits"][0]["article"],
        "derna"
    );
}

#[test]
fn a_version_1_ledger_is_migrated_with_its_rows_in_the_index() {
    let env = TestEnv::empty();
    let fixture = if env.pg().is_some() {
        include_str!("../fixtures/schema-postgres-v1.sql")
    } else {
        include_str!("../fixtures/schema-v1.sql")
    };
    // On PostgreSQL the ledger's tables belong to the role crosscheck connects as, as
    // when that role ran a v1 `init`.
    let fixture = if env.pg().is_some() {
        format!("SET ROLE \"{}\";\n{fixture}", crate::PG_ROLE)
    } else {
        fixture.to_string()
    };
    env.sql_exec(&fixture).expect("v1 schema");
    if env.pg().is_none() {
        env.sql_exec("PRAGMA user_version = 1").expect("v1");
    }
    let role = if env.pg().is_some() {
        format!("SET ROLE \"{}\";", crate::PG_ROLE)
    } else {
        String::new()
    };
    env.sql_exec(&format!(
        "{role}
         INSERT INTO source (id, name, name_key, created_at) VALUES (1, 'SOHR', 'sohr', '2022-01-01T00:00:00Z');
         INSERT INTO article (id, slug, title, title_key, body, body_sha256, created_at) VALUES (1, 'old', 'Oud artikel over Atmé', 'oud artikel over atmé', 'Dertien doden', 'x', '2022-01-01T00:00:00Z');
         INSERT INTO claim (id, article_id, source_id, text, as_of, created_at, created_by) VALUES (1, 1, 1, 'Dertien doden in Atmé', '2022-01-01', '2022-01-01T00:00:00Z', 'tester');"
    ))
    .expect("v1 rows");
    if env.pg().is_some() {
        // On a shared server only the owner's `migrate` brings a ledger forward; every
        // other command refuses the older ledger and leaves it as it is.
        let out = env.run(&["search", "atme"]);
        assert_eq!(out.code, 1, "{out:?}");
        assert!(out.stderr.contains("crosscheck migrate"), "{}", out.stderr);
        let out = env.ok(&["migrate"]);
        assert!(out.contains("from schema version 1 to 6"), "{out}");
    }
    assert_eq!(claims_found(&env, &["atme"]), [1]);
    assert_eq!(env.sql_one("PRAGMA user_version"), "6");
    let v = env.json(&["search", "oud"]);
    assert_eq!(v["hits"][0]["kind"], "article", "{v}");
    // The migrated ledger has the indexes a new one has.
    let fresh = TestEnv::new();
    let schema = if env.pg().is_some() {
        "SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1"
    } else {
        "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name"
    };
    let strip = |rows: Vec<String>, name: &str| -> Vec<String> {
        rows.into_iter().map(|r| r.replace(name, "DB")).collect()
    };
    assert_eq!(
        strip(env.sql_rows(schema), &env.ledger_name()),
        strip(fresh.sql_rows(schema), &fresh.ledger_name())
    );
    if env.pg().is_some() {
        let functions = "SELECT proname || ' ' || pg_get_functiondef(oid) FROM pg_proc WHERE pronamespace = current_schema()::regnamespace ORDER BY 1";
        assert_eq!(env.sql_rows(functions), fresh.sql_rows(functions));
    }
}

#[test]
fn the_sqlite_index_is_fts5_over_the_tables_own_rows() {
    let env = TestEnv::new_on(Backend::sqlite_only(
        "FTS5 and its external-content tables are SQLite's",
    ));
    let options = env.sql_rows("PRAGMA compile_options");
    assert!(
        options.iter().any(|o| o.contains("ENABLE_FTS5")),
        "{options:?}"
    );
    let sql = env.sql_one("SELECT sql FROM sqlite_master WHERE name = 'claim_search'");
    assert!(
        sql.contains("content = 'claim'") && sql.contains("remove_diacritics 2"),
        "{sql}"
    );
}

#[test]
fn extract_accept_names_claims_already_recorded_that_look_like_its_own() {
    let env = seeded();
    let first = record(
        &env,
        "White Helmets",
        "Thirteen people died",
        &["--figure", "killed=13"],
    );
    let out = env.run(&["extract", "atme-nl", "--incident", "atme-raid", "--accept"]);
    crate::assert_success(&["extract", "--accept"], &out);
    assert!(
        out.stderr.contains(&format!(
            "may have been checked before: claim {first} (unverified, Syrian Civil Defence)"
        )) && out.stderr.contains("same incident and metric killed"),
        "{}",
        out.stderr
    );
    // The claims of one extraction are not named as each other's.
    let recorded = env.sql_count("claim");
    for id in (first + 1)..=recorded {
        assert!(
            !out.stderr.contains(&format!("before: claim {id} ")),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn a_copy_between_backends_finds_the_same_claims() {
    // A copy onto the server goes through COPY, which the index must follow too.
    let file = TestEnv::empty_sqlite();
    file.ok(&["demo", "--db", file.db.to_str().expect("path")]);
    let other = TestEnv::empty();
    let from = file.db.to_str().expect("path").to_string();
    let to = other.db.to_str().expect("ledger").to_string();
    file.ok(&["copy", "--from", &from, "--to", &to]);
    for query in ["atme", "kinderen", "helicopters", "civil defence"] {
        let found = |env: &TestEnv| -> Vec<(String, i64)> {
            let v = env.json(&["search", query]);
            let mut hits: Vec<(String, i64)> = v["hits"]
                .as_array()
                .expect("hits")
                .iter()
                .map(|h| (h["kind"].to_string(), h["id"].as_i64().expect("id")))
                .collect();
            // Which rows are found is the same; their order is each engine's own.
            hits.sort();
            hits
        };
        let there = found(&other);
        assert!(!there.is_empty(), "{query}");
        assert_eq!(there, found(&file), "{query}");
    }
}
