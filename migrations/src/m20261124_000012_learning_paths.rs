use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Learning paths («opplæringsløp»): ordered steps of mixed kinds, the people following a
/// path, and the sign-offs of practical exams and practice.
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
        let at = |name: Name| {
            ColumnDef::new(name)
                .timestamp_with_time_zone()
                .not_null()
                .to_owned()
        };
        manager
            .create_table(
                Table::create()
                    .table(Name::LearningPaths)
                    .col(id(Name::Id))
                    .col(ColumnDef::new(Name::Code).string_len(40).not_null().unique_key())
                    .col(ColumnDef::new(Name::Title).string_len(200).not_null())
                    .col(ColumnDef::new(Name::Description).text().not_null())
                    .col(ColumnDef::new(Name::EnforceOrder).boolean().not_null())
                    .col(ColumnDef::new(Name::Published).boolean().not_null())
                    .col(at(Name::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Name::PathSteps)
                    .col(id(Name::Id))
                    .col(ColumnDef::new(Name::PathId).big_integer().not_null())
                    .col(ColumnDef::new(Name::Position).integer().not_null())
                    .col(ColumnDef::new(Name::Kind).string_len(20).not_null())
                    .col(ColumnDef::new(Name::CourseId).big_integer().null())
                    .col(ColumnDef::new(Name::Title).string_len(200).not_null())
                    .col(ColumnDef::new(Name::RequiredAmount).integer().null())
                    .col(ColumnDef::new(Name::RequiredUnit).string_len(10).null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(Name::PathSteps, Name::PathId)
                            .to(Name::LearningPaths, Name::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Name::PathEnrolments)
                    .col(id(Name::Id))
                    .col(ColumnDef::new(Name::PathId).big_integer().not_null())
                    .col(ColumnDef::new(Name::AccountId).big_integer().not_null())
                    .col(ColumnDef::new(Name::AssignedBy).big_integer().null())
                    .col(at(Name::CreatedAt))
                    .col(
                        ColumnDef::new(Name::CompletedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Name::PathEnrolments, Name::PathId)
                            .to(Name::LearningPaths, Name::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_path_enrolments_person")
                    .table(Name::PathEnrolments)
                    .col(Name::PathId)
                    .col(Name::AccountId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Name::StepSignoffs)
                    .col(id(Name::Id))
                    .col(ColumnDef::new(Name::PathEnrolmentId).big_integer().not_null())
                    .col(ColumnDef::new(Name::StepId).big_integer().not_null())
                    .col(ColumnDef::new(Name::SignedBy).big_integer().not_null())
                    .col(ColumnDef::new(Name::SignedOn).date().not_null())
                    .col(ColumnDef::new(Name::Comment).text().not_null())
                    .col(at(Name::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_step_signoffs_once")
                    .table(Name::StepSignoffs)
                    .col(Name::PathEnrolmentId)
                    .col(Name::StepId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Name::StepSignoffs,
            Name::PathEnrolments,
            Name::PathSteps,
            Name::LearningPaths,
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Name {
    LearningPaths,
    PathSteps,
    PathEnrolments,
    StepSignoffs,
    Id,
    Code,
    Title,
    Description,
    EnforceOrder,
    Published,
    PathId,
    Position,
    Kind,
    CourseId,
    RequiredAmount,
    RequiredUnit,
    AccountId,
    AssignedBy,
    CompletedAt,
    PathEnrolmentId,
    StepId,
    SignedBy,
    SignedOn,
    Comment,
    CreatedAt,
}
