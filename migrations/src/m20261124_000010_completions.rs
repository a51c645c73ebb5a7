use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Completions («fullførte kurs») with validity and a verifiable certificate each, the
/// reminders sent before they expire, and the result an instructor records for an enrolment.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Completions::Table)
                    .col(
                        ColumnDef::new(Completions::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Completions::AccountId).big_integer().not_null())
                    .col(ColumnDef::new(Completions::CourseId).big_integer().not_null())
                    .col(ColumnDef::new(Completions::EnrolmentId).big_integer().null())
                    .col(ColumnDef::new(Completions::CompletedOn).date().not_null())
                    .col(ColumnDef::new(Completions::Result).string_len(40).not_null())
                    .col(ColumnDef::new(Completions::Score).integer().null())
                    .col(ColumnDef::new(Completions::Source).string_len(20).not_null())
                    .col(ColumnDef::new(Completions::ValidUntil).date().null())
                    .col(
                        ColumnDef::new(Completions::ExpiredAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Completions::CertificateCode)
                            .string_len(20)
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(Completions::RevokedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(Completions::RevokedReason).text().null())
                    .col(ColumnDef::new(Completions::RecordedBy).big_integer().null())
                    .col(
                        ColumnDef::new(Completions::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Completions::Table, Completions::AccountId)
                            .to(Accounts::Table, Accounts::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Completions::Table, Completions::CourseId)
                            .to(Courses::Table, Courses::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_completions_account")
                    .table(Completions::Table)
                    .col(Completions::AccountId)
                    .col(Completions::CompletedOn)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_completions_valid_until")
                    .table(Completions::Table)
                    .col(Completions::ValidUntil)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_completions_enrolment")
                    .table(Completions::Table)
                    .col(Completions::EnrolmentId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CompletionReminders::Table)
                    .col(
                        ColumnDef::new(CompletionReminders::CompletionId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(CompletionReminders::LeadDays).integer().not_null())
                    .col(ColumnDef::new(CompletionReminders::Mailed).boolean().not_null())
                    .col(
                        ColumnDef::new(CompletionReminders::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(CompletionReminders::CompletionId)
                            .col(CompletionReminders::LeadDays),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CompletionReminders::Table, CompletionReminders::CompletionId)
                            .to(Completions::Table, Completions::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for column in [
            ColumnDef::new(Enrolments::Outcome)
                .string_len(20)
                .null()
                .to_owned(),
            ColumnDef::new(Enrolments::OutcomeAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            ColumnDef::new(Enrolments::OutcomeBy)
                .big_integer()
                .null()
                .to_owned(),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table(Enrolments::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Enrolments::Outcome, Enrolments::OutcomeAt, Enrolments::OutcomeBy] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Enrolments::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(CompletionReminders::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Completions::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Completions {
    Table,
    Id,
    AccountId,
    CourseId,
    EnrolmentId,
    CompletedOn,
    Result,
    Score,
    Source,
    ValidUntil,
    ExpiredAt,
    CertificateCode,
    RevokedAt,
    RevokedReason,
    RecordedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CompletionReminders {
    Table,
    CompletionId,
    LeadDays,
    Mailed,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Enrolments {
    Table,
    Outcome,
    OutcomeAt,
    OutcomeBy,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    Id,
}
