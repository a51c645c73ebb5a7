//! The demo e-learning of SIK-100: three lessons and a test of three questions.
use crate::entity::{choice, lesson, question};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

pub const LESSONS: &[(&str, &str)] = &[
    (
        "Farer i sporområdet",
        "## Tog kommer raskere enn du tror\n\nEt tog i 130 km/t trenger over en kilometer på å stoppe. \
         Føreren kan **ikke** svinge unna.\n\n- Tog kan komme fra begge retninger, på alle spor, når som helst.\n\
         - Elektriske tog er nesten lydløse.\n- Kontaktledningen har 15 000 volt: hold minst to meter avstand.",
    ),
    (
        "Sikkerhetssoner og avstander",
        "## Faresonen\n\nFaresonen er området nærmere enn **2,25 meter** fra nærmeste skinne. \
         Du skal aldri oppholde deg i faresonen uten at sikkerhetstiltak er etablert.\n\n\
         | Sone | Avstand fra skinne |\n|---|---|\n| Faresone | under 2,25 m |\n| Sikker sone | over 2,25 m |",
    ),
    (
        "Roller og varsling",
        "## Hvem gjør hva\n\n*Leder for sikkerhetstiltak* planlegger og etablerer sikringen. *Hovedsikkerhetsvakt* \
         sørger for at arbeidet skjer trygt, og varsler ved fare.\n\nVed ulykke: ring **112**, \
         og varsle togleder på nummeret som står i arbeidsvarslingen.",
    ),
];

/// An option and whether it is right.
type Choice = (&'static str, bool);

/// (prompt, multiple, options)
pub const QUESTIONS: &[(&str, bool, &[Choice])] = &[
    (
        "Hvor langt fra nærmeste skinne går grensen for faresonen?",
        false,
        &[("1 meter", false), ("2,25 meter", true), ("5 meter", false)],
    ),
    (
        "Hva stemmer om tog i sporområdet?",
        true,
        &[
            ("Tog kan komme fra begge retninger", true),
            ("Elektriske tog kan være nesten lydløse", true),
            ("Føreren kan svinge unna hindringer", false),
        ],
    ),
    (
        "Hvem etablerer sikringen av arbeidet?",
        false,
        &[
            ("Leder for sikkerhetstiltak", true),
            ("Togføreren", false),
            ("Den som kom først", false),
        ],
    ),
];

pub async fn seed<C: ConnectionTrait>(conn: &C, course_id: i64) -> Result<(), DbErr> {
    let now = chrono::Utc::now();
    for (position, (title, body)) in LESSONS.iter().enumerate() {
        lesson::ActiveModel {
            course_id: Set(course_id),
            position: Set(position as i32),
            title: Set(title.to_string()),
            body_markdown: Set(body.to_string()),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    for (position, (prompt, multiple, options)) in QUESTIONS.iter().enumerate() {
        let q = question::ActiveModel {
            course_id: Set(course_id),
            position: Set(position as i32),
            prompt: Set(prompt.to_string()),
            multiple: Set(*multiple),
            ..Default::default()
        }
        .insert(conn)
        .await?;
        for (index, (text, correct)) in options.iter().enumerate() {
            choice::ActiveModel {
                question_id: Set(q.id),
                position: Set(index as i32),
                text: Set(text.to_string()),
                correct: Set(*correct),
                ..Default::default()
            }
            .insert(conn)
            .await?;
        }
    }
    Ok(())
}
