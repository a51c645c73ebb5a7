//! «Hva vil du LÆRE i dag?»: the in-memory search index behind suggestions and the results page.
//!
//! Every published course is held as folded word lists per field (code, title, subject area,
//! keywords, summary). A query matches when each of its words starts a word in some field, or (from
//! three letters) sits inside one — Norwegian compounds: «kurs» finds «Sikkerhetskurs». Folding
//! makes case, accents and hyphens not matter: «ØVELSE», «ovelse», «e-læring» and «elæring» all
//! match. Results are ranked by where and how well the words matched.
//!
//! Each instance holds its own index, reloaded after its own changes and whenever the catalogue's
//! change stamp moves (checked every few seconds), so several instances on one database agree.
use super::{category, course};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect, sea_query::Expr,
};
use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
};

/// Folds a text to lower-case ASCII-like letters: «Æ» → «ae», «Ø» → «o», «Å» → «a», «é» → «e».
/// Anything that is not a letter or digit separates words, except a hyphen inside a word, which
/// is dropped («e-læring» → «elaering»).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        for lower in c.to_lowercase() {
            match lower {
                'a'..='z' | '0'..='9' => out.push(lower),
                'æ' | 'ä' => out.push_str("ae"),
                'ø' | 'ö' | 'ó' | 'ò' | 'ô' | 'õ' => out.push('o'),
                'å' | 'á' | 'à' | 'â' | 'ã' => out.push('a'),
                'é' | 'è' | 'ê' | 'ë' => out.push('e'),
                'í' | 'ì' | 'î' | 'ï' => out.push('i'),
                'ú' | 'ù' | 'û' | 'ü' => out.push('u'),
                'ý' | 'ÿ' => out.push('y'),
                'ç' => out.push('c'),
                'ñ' => out.push('n'),
                'ß' => out.push_str("ss"),
                '-' | '\u{2010}' | '\u{2011}' | '\u{00ad}'
                    if !out.is_empty()
                        && !out.ends_with(' ')
                        && chars.peek().is_some_and(|n| n.is_alphanumeric()) => {}
                other if other.is_alphanumeric() => out.push(other),
                _ => {
                    if !out.is_empty() && !out.ends_with(' ') {
                        out.push(' ');
                    }
                }
            }
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The words of a query, folded; at most eight, each at most 64 characters.
pub fn query_words(query: &str) -> Vec<String> {
    fold(query)
        .split(' ')
        .filter(|w| !w.is_empty())
        .take(8)
        .map(|w| w.chars().take(64).collect())
        .collect()
}

/// A field's words, folded, as « w1 w2 w3 » so that `contains(" w")` is a word-prefix test.
/// Hyphenated words are kept joined and also as their parts («e-læring» → «elaering e laering»).
fn field_text(text: &str) -> String {
    let mut words: Vec<String> = fold(text).split(' ').map(String::from).collect();
    for raw in text.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
        if raw.contains('-') {
            for part in raw.split('-').map(fold) {
                if !part.is_empty() && !words.contains(&part) {
                    words.push(part);
                }
            }
        }
    }
    format!(" {} ", words.join(" "))
}

/// How much a match in each field counts, best first.
const FIELD_WEIGHTS: [u32; 5] = [60, 40, 20, 15, 4];

/// One course as the index holds it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub category_id: i64,
    pub category: String,
    pub kind: String,
    pub priced: bool,
    /// Folded code, title, category, keywords, summary.
    fields: [String; 5],
    /// Every field in one string: a word found nowhere here rules the course out at once.
    all: String,
}

/// A query word with its search patterns made once per query, not once per course.
pub struct Word {
    word: String,
    exact: String,
    prefix: String,
}

impl Word {
    pub fn new(word: &str) -> Self {
        Self {
            word: word.to_string(),
            exact: format!(" {word} "),
            prefix: format!(" {word}"),
        }
    }
}

impl Entry {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: i64,
        code: &str,
        title: &str,
        category_id: i64,
        category: &str,
        keywords: &str,
        summary: &str,
        kind: &str,
        priced: bool,
    ) -> Self {
        Self {
            id,
            code: code.to_string(),
            title: title.to_string(),
            category_id,
            category: category.to_string(),
            kind: kind.to_string(),
            priced,
            fields: [
                field_text(code),
                field_text(title),
                field_text(category),
                field_text(keywords),
                field_text(summary),
            ],
            all: String::new(),
        }
        .with_all()
    }

    fn with_all(mut self) -> Self {
        self.all = self.fields.concat();
        self
    }

    /// The score of a query against this course; `None` when a word matches nowhere.
    pub fn score(&self, words: &[Word]) -> Option<u32> {
        if !words.iter().all(|w| self.all.contains(w.word.as_str())) {
            return None;
        }
        let mut total = 0;
        for word in words {
            let best = self
                .fields
                .iter()
                .zip(FIELD_WEIGHTS)
                .filter_map(|(field, weight)| {
                    if field.contains(&word.exact) {
                        Some(weight * 3)
                    } else if field.contains(&word.prefix) {
                        Some(weight * 2)
                    } else if word.word.len() >= 3 && field.contains(word.word.as_str()) {
                        Some(weight)
                    } else {
                        None
                    }
                })
                .max()?;
            total += best;
        }
        // A title that begins with the first word is what the learner most likely means.
        if words
            .first()
            .is_some_and(|w| self.fields[1].starts_with(&w.prefix))
        {
            total += 25;
        }
        Some(total)
    }
}

/// The index: every published course, replaced whole on reload.
#[derive(Default)]
pub struct Snapshot {
    /// In title order.
    entries: Vec<Entry>,
    categories: Vec<category::Model>,
    stamp: Stamp,
}

impl Snapshot {
    pub fn from_entries(mut entries: Vec<Entry>) -> Self {
        entries.sort_by(|a, b| a.title.cmp(&b.title).then(a.id.cmp(&b.id)));
        Self {
            entries,
            categories: Vec::new(),
            stamp: Stamp::default(),
        }
    }

    /// Course ids best first (ties by title), at most `limit`; priced courses left out for
    /// «Gratis e-læring» users.
    pub fn search(&self, words: &[String], free_only: bool, limit: usize) -> Vec<&Entry> {
        if words.is_empty() {
            return Vec::new();
        }
        let words: Vec<Word> = words.iter().map(|w| Word::new(w)).collect();
        let mut hits: Vec<(u32, &Entry)> = self
            .entries
            .iter()
            .filter(|e| !(free_only && e.priced))
            .filter_map(|e| e.score(&words).map(|s| (s, e)))
            .collect();
        let best_first =
            |a: &(u32, &Entry), b: &(u32, &Entry)| b.0.cmp(&a.0).then_with(|| a.1.title.cmp(&b.1.title));
        // Only the best `limit` need ordering (eight for suggestions).
        if hits.len() > limit && limit > 0 {
            hits.select_nth_unstable_by(limit - 1, best_first);
            hits.truncate(limit);
        }
        hits.sort_by(best_first);
        hits.into_iter().take(limit).map(|(_, e)| e).collect()
    }

    /// Every published course the visitor may see, in title order.
    pub fn visible(&self, free_only: bool) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| !(free_only && e.priced))
    }

    /// The subject areas, as loaded with the courses.
    pub fn categories(&self) -> &[category::Model] {
        &self.categories
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// What tells an instance that the catalogue changed: counts and the latest change stamps.
#[derive(Debug, Clone, Default, PartialEq, Eq, FromQueryResult)]
struct Stamp {
    courses: i64,
    categories: i64,
    course_changed: Option<String>,
    category_changed: Option<String>,
}

/// The shared, reloadable index.
#[derive(Clone, Default)]
pub struct SearchIndex {
    current: Arc<RwLock<Arc<Snapshot>>>,
}

impl SearchIndex {
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current.read().map(|s| s.clone()).unwrap_or_default()
    }

    /// Reads the whole published catalogue and swaps it in.
    pub async fn reload(&self, db: &DatabaseConnection) -> Result<usize, DbErr> {
        let stamp = stamp(db).await?;
        let all_categories = category::Entity::find()
            .order_by_asc(category::Column::Position)
            .order_by_asc(category::Column::Name)
            .all(db)
            .await?;
        let categories: HashMap<i64, &str> = all_categories.iter().map(|c| (c.id, c.name.as_str())).collect();
        let entries: Vec<Entry> = course::Entity::find()
            .filter(course::Column::Published.eq(true))
            .all(db)
            .await?
            .into_iter()
            .map(|c| {
                let category = categories.get(&c.category_id).copied().unwrap_or("");
                Entry::new(
                    c.id,
                    &c.code,
                    &c.title,
                    c.category_id,
                    category,
                    &c.keywords,
                    &c.summary,
                    &c.kind,
                    c.price_nok.is_some_and(|p| p > 0),
                )
            })
            .collect();
        let mut snapshot = Snapshot::from_entries(entries);
        snapshot.stamp = stamp;
        snapshot.categories = all_categories;
        let count = snapshot.len();
        if let Ok(mut current) = self.current.write() {
            *current = Arc::new(snapshot);
        }
        Ok(count)
    }

    /// Reloads when another instance (or a change behind our back) moved the catalogue's stamp.
    pub async fn reload_if_changed(&self, db: &DatabaseConnection) -> Result<bool, DbErr> {
        let now = stamp(db).await?;
        if now == self.snapshot().stamp {
            return Ok(false);
        }
        self.reload(db).await?;
        Ok(true)
    }

    /// Keeps the index in step with the database for as long as the server runs.
    pub fn spawn_refresher(
        &self,
        db: DatabaseConnection,
        every: std::time::Duration,
    ) -> tokio::task::JoinHandle<()> {
        let index = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(error) = index.reload_if_changed(&db).await {
                    tracing::warn!(%error, "search index refresh failed");
                }
            }
        })
    }
}

async fn stamp<C: ConnectionTrait>(db: &C) -> Result<Stamp, DbErr> {
    #[derive(FromQueryResult)]
    struct Part {
        rows: i64,
        changed: Option<chrono::DateTime<chrono::Utc>>,
    }
    let courses = course::Entity::find()
        .select_only()
        .column_as(Expr::col(course::Column::Id).count(), "rows")
        .column_as(Expr::col(course::Column::UpdatedAt).max(), "changed")
        .into_model::<Part>()
        .one(db)
        .await?;
    let categories = category::Entity::find()
        .select_only()
        .column_as(Expr::col(category::Column::Id).count(), "rows")
        .column_as(Expr::col(category::Column::UpdatedAt).max(), "changed")
        .into_model::<Part>()
        .one(db)
        .await?;
    Ok(Stamp {
        courses: courses.as_ref().map_or(0, |p| p.rows),
        categories: categories.as_ref().map_or(0, |p| p.rows),
        course_changed: courses.and_then(|p| p.changed).map(|t| t.to_rfc3339()),
        category_changed: categories.and_then(|p| p.changed).map(|t| t.to_rfc3339()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64, code: &str, title: &str, category: &str, keywords: &str, priced: bool) -> Entry {
        Entry::new(id, code, title, 1, category, keywords, "", "classroom", priced)
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
}
