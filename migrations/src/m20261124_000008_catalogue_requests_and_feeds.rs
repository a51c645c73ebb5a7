use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Issue 4's second part: prerequisites on the course page, change stamps that tell every
/// instance's search index to reload, «Be om ny kursenhet» requests, the personal calendar feed
/// (a generation that makes old feed addresses invalid), one attachment per outgoing mail and the
/// instructor's account on a session (what «Mine kursenheter» for instructors lists).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for column in [
            ColumnDef::new(Courses::Prerequisites)
                .text()
                .not_null()
                .default("")
                .to_owned(),
            ColumnDef::new(Courses::UpdatedAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(Table::alter().table(Courses::Table).add_column(column).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Categories::Table)
                    .add_column(
                        ColumnDef::new(Categories::UpdatedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Accounts::Table)
                    .add_column(
                        ColumnDef::new(Accounts::CalendarFeedGeneration)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;
        for column in [
            ColumnDef::new(MailOutbox::AttachmentName)
                .string_len(120)
                .null()
                .to_owned(),
            ColumnDef::new(MailOutbox::AttachmentContentType)
                .string_len(120)
                .null()
                .to_owned(),
            ColumnDef::new(MailOutbox::AttachmentBody)
                .text()
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(MailOutbox::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(SessionRequests::Table)
                    .col(
                        ColumnDef::new(SessionRequests::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(SessionRequests::CourseId).big_integer().not_null())
                    .col(
                        ColumnDef::new(SessionRequests::AccountId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(SessionRequests::PreferredPlace)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(SessionRequests::PreferredPeriod)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(ColumnDef::new(SessionRequests::Note).text().not_null())
                    .col(
                        ColumnDef::new(SessionRequests::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(SessionRequests::AnsweredSessionId)
                            .big_integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(SessionRequests::AnsweredAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_session_requests_course")
                            .from(SessionRequests::Table, SessionRequests::CourseId)
                            .to(Courses::Table, Courses::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_session_requests_account")
                            .from(SessionRequests::Table, SessionRequests::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_session_requests_open")
                    .table(SessionRequests::Table)
                    .col(SessionRequests::CourseId)
                    .col(SessionRequests::AnsweredAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(CourseSessions::Table)
                    .add_column(
                        ColumnDef::new(CourseSessions::InstructorAccountId)
                            .big_integer()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_course_sessions_instructor")
                    .table(CourseSessions::Table)
                    .col(CourseSessions::InstructorAccountId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_course_sessions_start")
                    .table(CourseSessions::Table)
                    .col(CourseSessions::StartsAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_course_sessions_start")
                    .table(CourseSessions::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_course_sessions_instructor")
                    .table(CourseSessions::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(CourseSessions::Table)
                    .drop_column(CourseSessions::InstructorAccountId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(SessionRequests::Table).to_owned())
            .await?;
        for column in [
            MailOutbox::AttachmentName,
            MailOutbox::AttachmentContentType,
            MailOutbox::AttachmentBody,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(MailOutbox::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Accounts::Table)
                    .drop_column(Accounts::CalendarFeedGeneration)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Categories::Table)
                    .drop_column(Categories::UpdatedAt)
                    .to_owned(),
            )
            .await?;
        for column in [Courses::Prerequisites, Courses::UpdatedAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Courses::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    Id,
    Prerequisites,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Categories {
    Table,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
    CalendarFeedGeneration,
}

#[derive(DeriveIden)]
enum MailOutbox {
    Table,
    AttachmentName,
    AttachmentContentType,
    AttachmentBody,
}

#[derive(DeriveIden)]
enum CourseSessions {
    Table,
    StartsAt,
    InstructorAccountId,
}

#[derive(DeriveIden)]
enum SessionRequests {
    Table,
    Id,
    CourseId,
    AccountId,
    PreferredPlace,
    PreferredPeriod,
    Note,
    CreatedAt,
    AnsweredSessionId,
    AnsweredAt,
}
