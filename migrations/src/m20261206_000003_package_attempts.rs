use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A learner's attempt at a course's SCORM package: on the package version it started, with the
/// state of each SCO (the runtime data the package last committed, its status, score and time)
/// and the interactions it reported.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Def::ElearningPackageAttempts)
                    .col(
                        ColumnDef::new(Def::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Def::PackageId).big_integer().not_null())
                    .col(ColumnDef::new(Def::CourseId).big_integer().not_null())
                    .col(ColumnDef::new(Def::AccountId).big_integer().not_null())
                    .col(ColumnDef::new(Def::Status).string_len(20).not_null())
                    .col(ColumnDef::new(Def::ScorePercent).integer().null())
                    .col(ColumnDef::new(Def::TotalSeconds).big_integer().not_null())
                    .col(
                        ColumnDef::new(Def::StartedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Def::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Def::CompletedAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(Def::ElearningPackageAttempts, Def::PackageId)
                            .to(Def::ElearningPackages, Def::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Def::ElearningPackageAttempts, Def::AccountId)
                            .to(Def::Accounts, Def::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "elearning_package_attempts_learner",
                [Def::AccountId, Def::CourseId],
            ),
            (
                "elearning_package_attempts_course",
                [Def::CourseId, Def::UpdatedAt],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(Def::ElearningPackageAttempts);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Def::ElearningPackageScos)
                    .col(ColumnDef::new(Def::AttemptId).big_integer().not_null())
                    .col(ColumnDef::new(Def::Item).string_len(400).not_null())
                    .col(ColumnDef::new(Def::Status).string_len(20).not_null())
                    .col(ColumnDef::new(Def::ScorePercent).integer().null())
                    .col(ColumnDef::new(Def::Runtime).text().not_null())
                    .col(ColumnDef::new(Def::Interactions).text().not_null())
                    .col(ColumnDef::new(Def::SessionKey).string_len(64).not_null())
                    .col(ColumnDef::new(Def::SecondsBefore).big_integer().not_null())
                    .col(ColumnDef::new(Def::TotalSeconds).big_integer().not_null())
                    .col(ColumnDef::new(Def::Commits).integer().not_null())
                    .col(
                        ColumnDef::new(Def::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .primary_key(Index::create().col(Def::AttemptId).col(Def::Item))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Def::ElearningPackageScos, Def::AttemptId)
                            .to(Def::ElearningPackageAttempts, Def::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [Def::ElearningPackageScos, Def::ElearningPackageAttempts] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Def {
    Accounts,
    ElearningPackages,
    ElearningPackageAttempts,
    ElearningPackageScos,
    Id,
    PackageId,
    CourseId,
    AccountId,
    Status,
    ScorePercent,
    TotalSeconds,
    StartedAt,
    UpdatedAt,
    CompletedAt,
    AttemptId,
    Item,
    Runtime,
    Interactions,
    SessionKey,
    SecondsBefore,
    Commits,
}
