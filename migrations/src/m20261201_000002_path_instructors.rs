use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The instructors named on a learning path: they see its followers and sign off their
/// practice and practical exams (course administrators do so on every path).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Def::PathInstructors)
                    .col(
                        ColumnDef::new(Def::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Def::PathId).big_integer().not_null())
                    .col(ColumnDef::new(Def::AccountId).big_integer().not_null())
                    .col(ColumnDef::new(Def::AddedBy).big_integer().null())
                    .col(
                        ColumnDef::new(Def::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Def::PathInstructors, Def::PathId)
                            .to(Def::LearningPaths, Def::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_path_instructors_once")
                    .table(Def::PathInstructors)
                    .col(Def::PathId)
                    .col(Def::AccountId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Def::PathInstructors).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Def {
    PathInstructors,
    LearningPaths,
    Id,
    PathId,
    AccountId,
    AddedBy,
    CreatedAt,
}
