use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Dated sessions of a course («kursenheter») and the people enrolled in or waiting for them.
/// `lock_version` is bumped as the first statement of every enrolment change: it serialises
/// the changes of one session on SQLite and PostgreSQL alike.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CourseSessions::Table)
                    .col(
                        ColumnDef::new(CourseSessions::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(CourseSessions::CourseId).big_integer().not_null())
                    .col(
                        ColumnDef::new(CourseSessions::StartsAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CourseSessions::EndsAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(CourseSessions::Place).string_len(200).not_null())
                    .col(ColumnDef::new(CourseSessions::Instructor).string_len(200).null())
                    .col(ColumnDef::new(CourseSessions::Capacity).integer().not_null())
                    .col(
                        ColumnDef::new(CourseSessions::EnrolmentDeadline)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CourseSessions::LockVersion)
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(CourseSessions::CancelledAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(CourseSessions::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_course_sessions_course")
                            .from(CourseSessions::Table, CourseSessions::CourseId)
                            .to(Courses::Table, Courses::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_course_sessions_course_start")
                    .table(CourseSessions::Table)
                    .col(CourseSessions::CourseId)
                    .col(CourseSessions::StartsAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Enrolments::Table)
                    .col(
                        ColumnDef::new(Enrolments::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Enrolments::SessionId).big_integer().not_null())
                    .col(ColumnDef::new(Enrolments::AccountId).big_integer().not_null())
                    // enrolled | waitlisted | cancelled
                    .col(ColumnDef::new(Enrolments::Status).string_len(16).not_null())
                    // The place in the queue: set when waitlisted, from the session's lock version.
                    .col(ColumnDef::new(Enrolments::QueuedAt).big_integer().null())
                    .col(ColumnDef::new(Enrolments::EmployerId).big_integer().null())
                    .col(
                        ColumnDef::new(Enrolments::InvoiceReference)
                            .string_len(100)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Enrolments::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Enrolments::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_enrolments_session")
                            .from(Enrolments::Table, Enrolments::SessionId)
                            .to(CourseSessions::Table, CourseSessions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_enrolments_account")
                            .from(Enrolments::Table, Enrolments::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_enrolments_session_account")
                    .table(Enrolments::Table)
                    .col(Enrolments::SessionId)
                    .col(Enrolments::AccountId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_enrolments_account")
                    .table(Enrolments::Table)
                    .col(Enrolments::AccountId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Enrolments::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(CourseSessions::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum CourseSessions {
    Table,
    Id,
    CourseId,
    StartsAt,
    EndsAt,
    Place,
    Instructor,
    Capacity,
    EnrolmentDeadline,
    LockVersion,
    CancelledAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Enrolments {
    Table,
    Id,
    SessionId,
    AccountId,
    Status,
    QueuedAt,
    EmployerId,
    InvoiceReference,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}
