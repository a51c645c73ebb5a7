//! The demo organisation: two units (Bane, with Bane nord beneath it), Anne Ansatt leading
//! Bane, the other demo employees in Bane nord, and SIK-100 required of Bane's people within
//! 30 days of their start. Anne signs in at work and sees «Kompetanseoversikt».
use crate::entity::{account, course, requirement, unit};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set, sea_query::Expr,
};

pub async fn seed<C: ConnectionTrait>(db: &C, now: chrono::DateTime<chrono::Utc>) -> Result<(), DbErr> {
    let unit = |code: &str, name: &str, parent: Option<i64>, leader: Option<&str>| unit::ActiveModel {
        code: Set(code.into()),
        name: Set(name.into()),
        parent_id: Set(parent),
        leader_staff_code: Set(leader.map(String::from)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let bane = unit("BANE", "Bane", None, Some("ANS01")).insert(db).await?;
    let north = unit("BANE-NORD", "Bane nord", Some(bane.id), None)
        .insert(db)
        .await?;
    for (codes, unit_id) in [(&["ANS01"][..], bane.id), (&["ANS02", "ANS03"][..], north.id)] {
        account::Entity::update_many()
            .col_expr(account::Column::UnitId, Expr::value(unit_id))
            .filter(account::Column::StaffCode.is_in(codes.iter().copied()))
            .exec(db)
            .await?;
    }
    let Some(course) = course::Entity::find()
        .filter(course::Column::Code.eq("SIK-100"))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    requirement::ActiveModel {
        course_id: Set(Some(course.id)),
        unit_id: Set(Some(bane.id)),
        deadline_days: Set(Some(30)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
