//! The demo learner's own things: a kursbevis for the safety e-learning and a learning path
//! under way, so that every learner page (`/kursbevis/…`, `/opplaeringsplan/…`) has
//! something to show in a fresh portal.
use crate::{
    entity::{account, completion, course, follower, path, step},
    learning::rules::{CertificateCode, valid_until},
};
use app::catalogue::types::CourseKind;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set};

/// The demo learner («Dina Deltaker»).
pub const LEARNER: &str = "deltaker@kursportal.test";
/// Dina's kursbevis for SIK-100, the same in every demo portal (`/kursbevis/KURSB-EVS23`).
pub const CERTIFICATE: &str = "KURSBEVS23";
/// The demo learning path Dina follows (`/opplaeringsplan/SPOR-GRUNN`).
pub const PATH: &str = "SPOR-GRUNN";

async fn course_id(db: &DatabaseConnection, code: &str) -> Result<Option<course::Model>, DbErr> {
    course::Entity::find()
        .filter(course::Column::Code.eq(code))
        .one(db)
        .await
}

/// Seeds Dina's completion and learning path; nothing when Dina or the courses are missing.
pub async fn seed(db: &DatabaseConnection) -> Result<(), DbErr> {
    let Some(learner) = account::Entity::find()
        .filter(account::Column::Email.eq(LEARNER))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let (Some(safety), Some(classroom)) = (course_id(db, "SIK-100").await?, course_id(db, "SIK-200").await?)
    else {
        return Ok(());
    };
    let now = Utc::now();
    let mut person: account::ActiveModel = learner.into();
    person.user_type = Set(Some(
        app::accounts::types::UserType::FullCatalogue.as_str().into(),
    ));
    let learner = person.update(db).await?;
    let completed_on = crate::common::time::today() - chrono::Duration::days(30);
    let code = CertificateCode::parse(CERTIFICATE).map_err(|e| DbErr::Custom(e.into()))?;
    completion::ActiveModel {
        account_id: Set(learner.id),
        course_id: Set(safety.id),
        completed_on: Set(completed_on),
        result: Set("Bestått".into()),
        score: Set(None),
        source: Set(completion::SOURCE_IMPORT.into()),
        valid_until: Set(valid_until(completed_on, safety.validity_months)),
        certificate_code: Set(code.as_str().to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let grunn = path::ActiveModel {
        code: Set(PATH.into()),
        title: Set("Grunnopplæring for arbeid på og ved spor".into()),
        description: Set(
            "E-læringen, klasseromskurset og praksis med en erfaren kollega: det som skal til før du arbeider \
             alene i sporområdet."
                .into(),
        ),
        enforce_order: Set(true),
        published: Set(true),
        validity_months: Set(Some(24)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let steps = [
        (CourseKind::ELearning, Some(&safety), None),
        (CourseKind::Classroom, Some(&classroom), None),
        (CourseKind::Practice, None, Some(20)),
    ];
    for (position, (kind, course, hours)) in steps.into_iter().enumerate() {
        step::ActiveModel {
            path_id: Set(grunn.id),
            position: Set(i32::try_from(position).unwrap_or(0)),
            kind: Set(kind.as_str().into()),
            course_id: Set(course.map(|c| c.id)),
            title: Set(course.map_or_else(|| "Praksis i sporområdet".to_string(), |c| c.title.clone())),
            required_amount: Set(hours),
            required_unit: Set(hours.map(|_| "hours".to_string())),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    follower::ActiveModel {
        path_id: Set(grunn.id),
        account_id: Set(learner.id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
