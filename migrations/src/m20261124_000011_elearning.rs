use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// E-learning: lessons (Markdown with uploaded images), a quiz with single and multiple
/// choice questions, each learner's place in the course and their quiz attempts.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let id = |name: Name| {
            ColumnDef::new(name)
                .big_integer()
                .not_null()
                .auto_increment()
                .primary_key()
                .to_owned()
        };
        let created = |name: Name| {
            ColumnDef::new(name)
                .timestamp_with_time_zone()
                .not_null()
                .to_owned()
        };
        manager
            .create_table(
                Table::create()
                    .table(Name::Lessons)
                    .col(id(Name::Id))
                    .col(ColumnDef::new(Name::CourseId).big_integer().not_null())
                    .col(ColumnDef::new(Name::Position).integer().not_null())
                    .col(ColumnDef::new(Name::Title).string_len(200).not_null())
                    .col(ColumnDef::new(Name::BodyMarkdown).text().not_null())
                    .col(created(Name::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Name::Lessons, Name::CourseId)
                            .to(Name::Courses, Name::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Name::QuizQuestions)
                    .col(id(Name::Id))
                    .col(ColumnDef::new(Name::CourseId).big_integer().not_null())
                    .col(ColumnDef::new(Name::Position).integer().not_null())
                    .col(ColumnDef::new(Name::Prompt).text().not_null())
                    .col(ColumnDef::new(Name::Multiple).boolean().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(Name::QuizQuestions, Name::CourseId)
                            .to(Name::Courses, Name::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Name::QuizOptions)
                    .col(id(Name::Id))
                    .col(ColumnDef::new(Name::QuestionId).big_integer().not_null())
                    .col(ColumnDef::new(Name::Position).integer().not_null())
                    .col(ColumnDef::new(Name::Text).text().not_null())
                    .col(ColumnDef::new(Name::Correct).boolean().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(Name::QuizOptions, Name::QuestionId)
                            .to(Name::QuizQuestions, Name::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Name::ElearningProgress)
                    .col(ColumnDef::new(Name::AccountId).big_integer().not_null())
                    .col(ColumnDef::new(Name::CourseId).big_integer().not_null())
                    .col(ColumnDef::new(Name::Position).integer().not_null())
                    .col(ColumnDef::new(Name::Furthest).integer().not_null())
                    .col(created(Name::UpdatedAt))
                    .primary_key(Index::create().col(Name::AccountId).col(Name::CourseId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Name::QuizAttempts)
                    .col(id(Name::Id))
                    .col(ColumnDef::new(Name::AccountId).big_integer().not_null())
                    .col(ColumnDef::new(Name::CourseId).big_integer().not_null())
                    .col(ColumnDef::new(Name::ScorePercent).integer().not_null())
                    .col(ColumnDef::new(Name::Passed).boolean().not_null())
                    .col(ColumnDef::new(Name::Answers).text().not_null())
                    .col(created(Name::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_quiz_attempts_learner")
                    .table(Name::QuizAttempts)
                    .col(Name::AccountId)
                    .col(Name::CourseId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Name::Media)
                    .col(id(Name::Id))
                    .col(ColumnDef::new(Name::CourseId).big_integer().not_null())
                    .col(ColumnDef::new(Name::ContentType).string_len(40).not_null())
                    .col(ColumnDef::new(Name::Bytes).binary().not_null())
                    .col(created(Name::CreatedAt))
                    .to_owned(),
            )
            .await?;
        for column in [Name::PassMarkPercent, Name::MaxAttempts] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Name::Courses)
                        .add_column(ColumnDef::new(column).integer().null())
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Name::PassMarkPercent, Name::MaxAttempts] {
            manager
                .alter_table(Table::alter().table(Name::Courses).drop_column(column).to_owned())
                .await?;
        }
        for table in [
            Name::Media,
            Name::QuizAttempts,
            Name::ElearningProgress,
            Name::QuizOptions,
            Name::QuizQuestions,
            Name::Lessons,
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Name {
    Courses,
    Lessons,
    QuizQuestions,
    QuizOptions,
    ElearningProgress,
    QuizAttempts,
    Media,
    Id,
    CourseId,
    QuestionId,
    AccountId,
    Position,
    Furthest,
    Title,
    BodyMarkdown,
    Prompt,
    Multiple,
    Text,
    Correct,
    ScorePercent,
    Passed,
    Answers,
    ContentType,
    Bytes,
    PassMarkPercent,
    MaxAttempts,
    CreatedAt,
    UpdatedAt,
}
