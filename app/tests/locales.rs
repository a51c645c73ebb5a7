//! The three translation files say the same things: every key in nb is in nn and en (and no
//! other), with the same `{{ arguments }}`, none empty; and nn is nynorsk, not bokmål copied.
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

fn flatten(prefix: &str, value: &Value, out: &mut BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&path, inner, out);
            }
        }
        Value::String(text) => {
            out.insert(prefix.to_string(), text.clone());
        }
        other => panic!("{prefix}: a translation is text, not {other}"),
    }
}

fn locale(name: &str) -> BTreeMap<String, String> {
    let path = format!("{}/locales/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out = BTreeMap::new();
    flatten("", &value, &mut out);
    out
}

fn arguments(text: &str) -> BTreeSet<String> {
    text.split("{{")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}"))
        .map(|(name, _)| name.trim().to_string())
        .collect()
}

#[test]
fn every_locale_has_the_keys_and_arguments_of_bokmal() {
    let nb = locale("nb");
    assert!(nb.len() > 800, "nb has {} keys", nb.len());
    for name in ["nn", "en"] {
        let other = locale(name);
        let missing: Vec<_> = nb.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<_> = other.keys().filter(|k| !nb.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{name} lacks {missing:?}");
        assert!(extra.is_empty(), "{name} has keys nb does not: {extra:?}");
        for (key, text) in &nb {
            let translated = &other[key];
            assert!(!translated.trim().is_empty(), "{name}.{key} is empty");
            assert_eq!(
                arguments(text),
                arguments(translated),
                "{name}.{key}: arguments differ"
            );
        }
    }
}

#[test]
fn nynorsk_is_not_bokmal_left_untranslated() {
    let nn = locale("nn");
    let mut found = Vec::new();
    for (key, text) in &nn {
        for word in app::messages::bokmal_words_in(text) {
            found.push(format!("{key}: «{word}»"));
        }
    }
    assert!(found.is_empty(), "bokmål words in nn.json: {found:#?}");
    let nb = locale("nb");
    let same = nb.iter().filter(|(key, text)| nn[*key] == **text).count();
    // Short labels are often the same in both («Kurs», «Status», «Lagre»): about 40 % today.
    assert!(
        same * 2 < nb.len(),
        "{same} of {} nn strings are the bokmål text",
        nb.len()
    );
}

#[test]
fn the_server_messages_in_nynorsk_are_nynorsk() {
    let catalogue: BTreeMap<String, BTreeMap<String, String>> =
        serde_json::from_str(include_str!("../src/messages/catalogue.json")).unwrap();
    let found: Vec<String> = catalogue
        .values()
        .flat_map(|entry| {
            let nn = &entry["nn"];
            app::messages::bokmal_words_in(nn)
                .into_iter()
                .map(move |word| format!("«{word}» in «{nn}»"))
        })
        .collect();
    assert!(found.is_empty(), "bokmål words in catalogue.json: {found:#?}");
}
