//! Scoring a quiz, on the server only: the client sends the option ids it chose, nothing
//! else. A question counts as right when exactly its correct options were chosen.
use std::collections::{BTreeSet, HashMap};

/// What the server knows about a question.
#[derive(Debug, Clone)]
pub struct Key {
    pub question_id: i64,
    pub multiple: bool,
    pub options: Vec<i64>,
    pub correct: BTreeSet<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    pub correct: u32,
    pub total: u32,
    pub percent: u32,
}

/// Answers that no honest page can send.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("option {0} is not part of this quiz")]
    UnknownOption(i64),
    #[error("question {0} takes one answer")]
    SeveralForSingle(i64),
}

/// The default pass mark when a course has none: 80 %.
pub const DEFAULT_PASS_MARK: u32 = 80;

pub fn score(keys: &[Key], selected: &[i64]) -> Result<Score, AnswerError> {
    let owner: HashMap<i64, i64> = keys
        .iter()
        .flat_map(|k| k.options.iter().map(move |o| (*o, k.question_id)))
        .collect();
    let mut chosen: HashMap<i64, BTreeSet<i64>> = HashMap::new();
    for option in selected {
        let question = owner.get(option).ok_or(AnswerError::UnknownOption(*option))?;
        chosen.entry(*question).or_default().insert(*option);
    }
    let mut correct: u32 = 0;
    for key in keys {
        let picked = chosen.remove(&key.question_id).unwrap_or_default();
        if !key.multiple && picked.len() > 1 {
            return Err(AnswerError::SeveralForSingle(key.question_id));
        }
        if picked == key.correct {
            correct += 1;
        }
    }
    let total = u32::try_from(keys.len()).unwrap_or(u32::MAX);
    let percent = (correct * 100).checked_div(total).unwrap_or(0);
    Ok(Score {
        correct,
        total,
        percent,
    })
}

pub fn passed(score: &Score, pass_mark: u32) -> bool {
    score.total > 0 && score.percent >= pass_mark
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Vec<Key> {
        vec![
            Key {
                question_id: 1,
                multiple: false,
                options: vec![10, 11, 12],
                correct: [11].into(),
            },
            Key {
                question_id: 2,
                multiple: true,
                options: vec![20, 21, 22],
                correct: [20, 22].into(),
            },
        ]
    }

    #[test]
    fn exactly_the_correct_options_make_a_question_right() {
        assert_eq!(score(&keys(), &[11, 20, 22]).unwrap().percent, 100);
        assert_eq!(
            score(&keys(), &[11, 20]).unwrap().percent,
            50,
            "half of a multiple choice is wrong"
        );
        assert_eq!(
            score(&keys(), &[11, 20, 21, 22]).unwrap().percent,
            50,
            "ticking everything is wrong"
        );
        assert_eq!(
            score(&keys(), &[]).unwrap(),
            Score {
                correct: 0,
                total: 2,
                percent: 0
            }
        );
    }

    #[test]
    fn forged_answers_are_refused() {
        assert_eq!(score(&keys(), &[11, 999]), Err(AnswerError::UnknownOption(999)));
        assert_eq!(score(&keys(), &[10, 11]), Err(AnswerError::SeveralForSingle(1)));
    }

    #[test]
    fn the_pass_mark_is_inclusive() {
        let s = score(&keys(), &[11]).unwrap();
        assert!(passed(&s, 50));
        assert!(!passed(&s, 51));
        assert!(
            !passed(
                &Score {
                    correct: 0,
                    total: 0,
                    percent: 0
                },
                0
            ),
            "an empty quiz passes nobody"
        );
    }
}
