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
use crate::catalogue::folding::field_text;
pub use crate::catalogue::folding::{fold, query_words};
use crate::{
    catalogue::calendar::month_start,
    entity::{category, course},
};
use app::catalogue::types::{CategoryRef, CourseKind, CourseSummary, Month};
use chrono::{DateTime, Utc};
use index::Stamp;
use std::collections::HashMap;

/// How much a match in each field counts, best first.
const FIELD_WEIGHTS: [u32; 5] = [60, 40, 20, 15, 4];
/// Points for a title that begins with the first word: what the learner most likely means.
const TITLE_START_BONUS: u32 = 25;

/// One course as the index holds it: what the search needs and the card the lists show.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub category_id: i64,
    pub category: String,
    pub kind: String,
    pub priced: bool,
    /// The course as a line in a list (the catalogue pages need no query for it).
    pub card: CourseSummary,
    /// Folded code, title, category, keywords, summary.
    fields: [String; 5],
    /// Where the entry is in the snapshot's title order (set when the snapshot is built).
    position: usize,
}

/// A query word with its search patterns made once per query, not once per course.
#[cfg(test)]
struct Word {
    word: String,
    exact: String,
    prefix: String,
}

#[cfg(test)]
impl Word {
    fn new(word: &str) -> Self {
        Self {
            word: word.to_string(),
            exact: format!(" {word} "),
            prefix: format!(" {word}"),
        }
    }
}

impl Entry {
    /// The entry of a published course in its subject area.
    pub fn new(course: &course::Model, category: Option<&category::Model>) -> Self {
        let category_ref = CategoryRef {
            slug: category.map(|c| c.slug.clone()).unwrap_or_default(),
            name: category.map(|c| c.name.clone()).unwrap_or_default(),
        };
        Self {
            id: course.id,
            code: course.code.clone(),
            title: course.title.clone(),
            category_id: course.category_id,
            category: category_ref.name.clone(),
            kind: course.kind.clone(),
            priced: course.is_priced(),
            position: 0,
            fields: [
                field_text(&course.code),
                field_text(&course.title),
                field_text(&category_ref.name),
                field_text(&course.keywords),
                field_text(&course.summary),
            ],
            card: CourseSummary {
                code: course.code.clone(),
                title: course.title.clone(),
                summary: course.summary.clone(),
                kind: CourseKind::parse(&course.kind).unwrap_or(CourseKind::Classroom),
                category: category_ref,
                duration: course.duration.clone(),
                place: course.place.clone(),
                price_nok: course.price_nok.and_then(|p| u32::try_from(p).ok()),
                validity_months: course.validity_months.and_then(|m| u32::try_from(m).ok()),
            },
        }
    }

    /// The score of a query against this course by scanning its fields; `None` when a word
    /// matches nowhere. The index's postings must give the same answer (tested).
    #[cfg(test)]
    fn score(&self, words: &[Word]) -> Option<u32> {
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
                    } else if word.word.chars().count() >= 3 && field.contains(word.word.as_str()) {
                        Some(weight)
                    } else {
                        None
                    }
                })
                .max()?;
            total += best;
        }
        if words
            .first()
            .is_some_and(|w| self.fields[1].starts_with(&w.prefix))
        {
            total += TITLE_START_BONUS;
        }
        Some(total)
    }
}

/// A course's word in one field.
#[derive(Debug, Clone, Copy)]
struct Posting {
    entry: u32,
    field: u8,
    /// The first word of the title.
    title_start: bool,
}

/// One key of the sorted key list: a word, or (from three letters) the end of a word starting
/// inside it, so that a prefix search over the keys finds word starts and inner parts alike.
#[derive(Debug, Clone)]
struct Key {
    text: String,
    word: u32,
    /// Where in the word the key starts (0: the whole word).
    offset: u16,
}

/// An upcoming session as the catalogue's place and month filters need it.
#[derive(Debug, Clone)]
pub struct Upcoming {
    pub course_id: i64,
    /// The course's place in the snapshot's entries (set by [`Snapshot::set_sessions`]).
    pub entry: usize,
    pub place: String,
    pub starts_at: DateTime<Utc>,
}

/// A set of the snapshot's courses, one mark per entry.
pub struct CourseMarks(Vec<bool>);

impl CourseMarks {
    pub fn contains(&self, entry: &Entry) -> bool {
        self.0.get(entry.position).copied().unwrap_or(false)
    }
}

/// The index: every published course, replaced whole on reload.
#[derive(Default)]
pub struct Snapshot {
    /// In title order.
    entries: Vec<Entry>,
    categories: Vec<category::Model>,
    /// Every distinct folded word's postings.
    postings: Vec<Vec<Posting>>,
    /// Words and inner word ends, sorted: a query word's matches are one range.
    keys: Vec<Key>,
    /// Upcoming sessions that are not cancelled, by start.
    sessions: Vec<Upcoming>,
    /// Course id → place in `entries`.
    by_id: HashMap<i64, usize>,
    /// Courses per subject area: for everyone, and for those who see free courses only.
    counts: [HashMap<i64, u64>; 2],
    stamp: Stamp,
}

impl Snapshot {
    pub fn from_entries(mut entries: Vec<Entry>) -> Self {
        entries.sort_by(|a, b| a.title.cmp(&b.title).then(a.id.cmp(&b.id)));
        for (position, entry) in entries.iter_mut().enumerate() {
            entry.position = position;
        }
        let mut words: HashMap<&str, Vec<Posting>> = HashMap::new();
        for (index, entry) in entries.iter().enumerate() {
            for (field, text) in entry.fields.iter().enumerate() {
                for (position, word) in text.split(' ').filter(|w| !w.is_empty()).enumerate() {
                    let postings = words.entry(word).or_default();
                    let posting = Posting {
                        entry: index as u32,
                        field: field as u8,
                        title_start: field == 1 && position == 0,
                    };
                    // A word twice in one field counts once.
                    if postings
                        .last()
                        .is_none_or(|p| p.entry != posting.entry || p.field != posting.field)
                    {
                        postings.push(posting);
                    }
                }
            }
        }
        let mut postings = Vec::with_capacity(words.len());
        let mut keys = Vec::new();
        for (word, list) in words {
            let id = postings.len() as u32;
            postings.push(list);
            for (offset, _) in word.char_indices() {
                let rest = &word[offset..];
                if offset == 0 || rest.chars().count() >= 3 {
                    keys.push(Key {
                        text: rest.to_string(),
                        word: id,
                        offset: offset as u16,
                    });
                }
            }
        }
        keys.sort_by(|a, b| a.text.cmp(&b.text));
        let by_id = entries
            .iter()
            .enumerate()
            .map(|(index, e)| (e.id, index))
            .collect();
        let mut counts: [HashMap<i64, u64>; 2] = Default::default();
        for entry in &entries {
            *counts[0].entry(entry.category_id).or_default() += 1;
            if !entry.priced {
                *counts[1].entry(entry.category_id).or_default() += 1;
            }
        }
        Self {
            by_id,
            counts,
            entries,
            categories: Vec::new(),
            postings,
            keys,
            sessions: Vec::new(),
            stamp: Stamp::default(),
        }
    }

    /// Courses best first (ties in title order), at most `limit`; priced courses left out for
    /// «Gratis e-læring» users. A word scores in the field where it matches best: as a whole
    /// word three times the field's weight, as a word start twice, from three letters inside a
    /// word once; every word must match somewhere.
    pub fn search(&self, words: &[String], free_only: bool, limit: usize) -> Vec<&Entry> {
        if words.is_empty() || limit == 0 {
            return Vec::new();
        }
        let n = self.entries.len();
        // Per course: the sum so far, how many words matched, this word's best field score.
        let mut total = vec![0u32; n];
        let mut matched = vec![0u8; n];
        let mut best = vec![0u32; n];
        let mut title_start = vec![false; n];
        let mut touched: Vec<u32> = Vec::new();
        // The courses every word so far has matched: after the last round, the hits.
        let mut survivors: Vec<u32> = Vec::new();
        for (round, word) in words.iter().enumerate() {
            let inner_too = word.chars().count() >= 3;
            let from = self.keys.partition_point(|k| k.text.as_str() < word.as_str());
            for key in self.keys[from..]
                .iter()
                .take_while(|k| k.text.starts_with(word.as_str()))
            {
                let times = match (key.offset, key.text.len() == word.len()) {
                    (0, true) => 3,
                    (0, false) => 2,
                    _ if inner_too => 1,
                    _ => continue,
                };
                for posting in &self.postings[key.word as usize] {
                    let entry = posting.entry as usize;
                    if usize::from(matched[entry]) != round {
                        continue; // an earlier word missed this course
                    }
                    if best[entry] == 0 {
                        touched.push(posting.entry);
                    }
                    best[entry] = best[entry].max(FIELD_WEIGHTS[usize::from(posting.field)] * times);
                    if round == 0 && key.offset == 0 && posting.title_start {
                        title_start[entry] = true;
                    }
                }
            }
            for &entry in &touched {
                let entry = entry as usize;
                total[entry] += std::mem::take(&mut best[entry]);
                matched[entry] += 1;
            }
            // Only courses this round touched can still match every word.
            std::mem::swap(&mut survivors, &mut touched);
            touched.clear();
        }
        let rounds = words.len();
        let mut hits: Vec<(u32, usize)> = survivors
            .into_iter()
            .map(|i| i as usize)
            .filter(|&i| usize::from(matched[i]) == rounds)
            .filter(|&i| !(free_only && self.entries[i].priced))
            .map(|i| (total[i] + if title_start[i] { TITLE_START_BONUS } else { 0 }, i))
            .collect();
        // Best first; equal scores in title order (the entries' own order).
        let best_first = |a: &(u32, usize), b: &(u32, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        if hits.len() > limit {
            hits.select_nth_unstable_by(limit - 1, best_first);
            hits.truncate(limit);
        }
        hits.sort_by(best_first);
        hits.into_iter().map(|(_, i)| &self.entries[i]).collect()
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

    /// Takes the upcoming sessions (by start) of published courses; others are left out.
    pub fn set_sessions(&mut self, sessions: Vec<Upcoming>) {
        self.sessions = sessions
            .into_iter()
            .filter_map(|mut session| {
                session.entry = *self.by_id.get(&session.course_id)?;
                Some(session)
            })
            .collect();
    }

    /// The courses with an upcoming session at `place` (or that name it as their own place)
    /// and with one starting in `month`; `None` when neither filter is set. Marked by position,
    /// so that a filtered page costs a pass over the sessions and no hashing.
    pub fn by_sessions(
        &self,
        place: Option<&str>,
        month: Option<Month>,
        now: DateTime<Utc>,
    ) -> Option<CourseMarks> {
        let n = self.entries.len();
        let upcoming = |from: DateTime<Utc>| {
            let first = self.sessions.partition_point(|s| s.starts_at < from);
            self.sessions[first..].iter()
        };
        let at_place = place.map(|place| {
            let mut marks = vec![false; n];
            for session in upcoming(now).filter(|s| s.place == place) {
                marks[session.entry] = true;
            }
            for entry in self
                .entries
                .iter()
                .filter(|e| e.card.place.as_deref() == Some(place))
            {
                marks[entry.position] = true;
            }
            marks
        });
        let in_month = month.map(|month| {
            let until = month_start(month.next());
            let mut marks = vec![false; n];
            for session in upcoming(month_start(month).max(now)).take_while(|s| s.starts_at < until) {
                marks[session.entry] = true;
            }
            marks
        });
        match (at_place, in_month) {
            (Some(mut at_place), Some(in_month)) => {
                for (mark, in_month) in at_place.iter_mut().zip(in_month) {
                    *mark &= in_month;
                }
                Some(CourseMarks(at_place))
            }
            (one, other) => one.or(other).map(CourseMarks),
        }
    }

    /// How many courses the visitor may see in each subject area (not counting sub-areas).
    pub fn counts(&self, free_only: bool) -> &HashMap<i64, u64> {
        &self.counts[usize::from(free_only)]
    }
}

mod index;
pub use index::SearchIndex;

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
