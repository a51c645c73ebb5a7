use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A completed learning path expires and is reminded of like a course completion: an
/// `expired_at` mark on the follower, and one `path_reminders` row per follower and lead
/// time, claimed by its primary key so that several instances send each mail once.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Name::PathEnrolments)
                    .add_column(ColumnDef::new(Name::ExpiredAt).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Name::PathReminders)
                    .col(ColumnDef::new(Name::PathEnrolmentId).big_integer().not_null())
                    .col(ColumnDef::new(Name::LeadDays).integer().not_null())
                    .col(ColumnDef::new(Name::Mailed).boolean().not_null())
                    .col(
                        ColumnDef::new(Name::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .primary_key(Index::create().col(Name::PathEnrolmentId).col(Name::LeadDays))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Name::PathReminders, Name::PathEnrolmentId)
                            .to(Name::PathEnrolments, Name::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Name::PathReminders).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Name::PathEnrolments)
                    .drop_column(Name::ExpiredAt)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Name {
    PathEnrolments,
    Id,
    ExpiredAt,
    PathReminders,
    PathEnrolmentId,
    LeadDays,
    Mailed,
    CreatedAt,
}
