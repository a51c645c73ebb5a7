//! Tests of the search index: folding, ranking, and the postings against a scan of every field.
use super::*;

fn course(id: i64, code: &str, title: &str, keywords: &str, summary: &str, priced: bool) -> course::Model {
    course::Model {
        summary: summary.into(),
        price_nok: priced.then_some(1500),
        keywords: keywords.into(),
        ..course::Model::sample(id, code, title)
    }
}

fn category(name: &str) -> category::Model {
    category::Model {
        id: 1,
        parent_id: None,
        slug: fold(name).replace(' ', "-"),
        name: name.into(),
        position: 0,
        updated_at: None,
    }
}

fn entry(id: i64, code: &str, title: &str, category_name: &str, keywords: &str, priced: bool) -> Entry {
    Entry::new(
        &course(id, code, title, keywords, "", priced),
        Some(&category(category_name)),
    )
}

/// The ranking by scanning every field of every course, as the index did before postings.
fn scanned<'a>(snapshot: &'a Snapshot, words: &[String], free_only: bool, limit: usize) -> Vec<&'a str> {
    let words: Vec<Word> = words.iter().map(|w| Word::new(w)).collect();
    let mut hits: Vec<(u32, &Entry)> = snapshot
        .entries
        .iter()
        .filter(|e| !(free_only && e.priced))
        .filter_map(|e| e.score(&words).map(|s| (s, e)))
        .collect();
    hits.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.title.cmp(&b.1.title))
            .then(a.1.id.cmp(&b.1.id))
    });
    hits.into_iter()
        .take(limit)
        .map(|(_, e)| e.code.as_str())
        .collect()
}

#[test]
fn the_postings_rank_exactly_as_a_scan_of_every_field() {
    const WORDS: [&str; 14] = [
        "sikkerhet",
        "spor",
        "signal",
        "førstehjelp",
        "e-læring",
        "hms",
        "arbeidsmiljø",
        "kontaktledning",
        "sikkerhetskurs",
        "varme",
        "arbeid",
        "ledning",
        "Øvelse",
        "stillas",
    ];
    let courses: Vec<Entry> = (0..400usize)
        .map(|n| {
            let w = |k: usize| WORDS[(n * 7 + k * 5 + n / 3) % WORDS.len()];
            let title = format!("{} og {} {}", w(0), w(1), n % 7);
            let keywords = format!("{}, {}", w(2), w(3));
            let summary = format!("Om {} for {}.", w(4), w(5));
            Entry::new(
                &course(
                    n as i64,
                    &format!("K-{n:03}"),
                    &title,
                    &keywords,
                    &summary,
                    n % 3 == 0,
                ),
                Some(&category(["Jernbane", "Helse og omsorg", "HMS"][n % 3])),
            )
        })
        .collect();
    let snapshot = Snapshot::from_entries(courses);
    let queries = [
        "si",
        "sik",
        "sikkerhet",
        "sikkerhet spor",
        "kurs",
        "ledning",
        "hel",
        "e-l",
        "elaering",
        "hms",
        "ovelse øv",
        "arb mil",
        "k-01",
        "og",
        "for sig",
        "xyz",
        "spor spor",
        "d",
        "tak",
        "jern helse",
    ];
    for query in queries {
        let words = query_words(query);
        for free_only in [false, true] {
            for limit in [8, 2000] {
                let indexed: Vec<&str> = snapshot
                    .search(&words, free_only, limit)
                    .into_iter()
                    .map(|e| e.code.as_str())
                    .collect();
                assert_eq!(
                    indexed,
                    scanned(&snapshot, &words, free_only, limit),
                    "{query} {free_only} {limit}"
                );
            }
        }
    }
}

fn titles(snapshot: &Snapshot, query: &str, free_only: bool) -> Vec<String> {
    snapshot
        .search(&query_words(query), free_only, 10)
        .into_iter()
        .map(|e| e.title.clone())
        .collect()
}

fn sample() -> Snapshot {
    Snapshot::from_entries(vec![
        entry(
            1,
            "SIK-100",
            "Sikkerhetskurs for arbeid i spor",
            "Jernbane",
            "spor, sikkerhet",
            false,
        ),
        entry(2, "EL-200", "E-læring: Førstehjelp", "Helse", "hjerte", false),
        entry(3, "HMS-300", "Grunnkurs HMS", "HMS", "arbeidsmiljø, øvelse", true),
        entry(4, "ANL-400", "Anleggsmaskin", "Anlegg", "sikkerhet", true),
    ])
}

#[test]
fn folding_handles_case_accents_and_norwegian_letters() {
    assert_eq!(fold("ÆRLIG Øvelse på Åsen"), "aerlig ovelse pa asen");
    assert_eq!(fold("Café «Brød»"), "cafe brod");
    assert_eq!(fold("e-læring"), fold("elæring"));
    assert_eq!(fold("E-LÆRING"), "elaering");
    assert_eq!(fold(" - spor -- "), "spor");
    assert_eq!(query_words("  Sikk   på "), vec!["sikk", "pa"]);
}

#[test]
fn prefixes_and_inner_words_match() {
    let index = sample();
    assert_eq!(
        titles(&index, "sikk", false)[0],
        "Sikkerhetskurs for arbeid i spor"
    );
    assert_eq!(titles(&index, "SIKKERHET", false).len(), 2);
    assert_eq!(
        titles(&index, "kurs", false).len(),
        2,
        "compound words match inside"
    );
    assert!(titles(&index, "xyz", false).is_empty());
}

#[test]
fn hyphens_and_letters_do_not_matter() {
    let index = sample();
    for query in ["elæring", "e-læring", "E-LÆRING", "elaering", "læring"] {
        assert_eq!(
            titles(&index, query, false),
            vec!["E-læring: Førstehjelp"],
            "{query}"
        );
    }
    assert_eq!(titles(&index, "ovelse", false), vec!["Grunnkurs HMS"]);
    assert_eq!(titles(&index, "øvelse", false), vec!["Grunnkurs HMS"]);
}

#[test]
fn every_word_must_match_and_codes_rank_first() {
    let index = sample();
    assert_eq!(
        titles(&index, "sikkerhet spor", false),
        vec!["Sikkerhetskurs for arbeid i spor"]
    );
    assert_eq!(titles(&index, "hms-300", false)[0], "Grunnkurs HMS");
    // A title match beats a keyword match.
    assert_eq!(
        titles(&index, "sikkerhet", false)[0],
        "Sikkerhetskurs for arbeid i spor"
    );
}

#[test]
fn free_only_users_never_get_priced_courses() {
    let index = sample();
    assert_eq!(
        titles(&index, "sikkerhet", true),
        vec!["Sikkerhetskurs for arbeid i spor"]
    );
    assert!(titles(&index, "hms", true).is_empty());
}
