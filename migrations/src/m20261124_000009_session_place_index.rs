use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The catalogue's place filter asks for upcoming sessions at one place.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_course_sessions_place_start")
                    .table(CourseSessions::Table)
                    .col(CourseSessions::Place)
                    .col(CourseSessions::StartsAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_course_sessions_place_start")
                    .table(CourseSessions::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum CourseSessions {
    Table,
    Place,
    StartsAt,
}
