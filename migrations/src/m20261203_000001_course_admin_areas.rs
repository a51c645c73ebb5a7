use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The subject areas a course administrator is limited to: they manage the courses in these
/// areas and in every area below them. A course administrator without rows manages all areas;
/// administrators are never limited.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Def::CourseAdminAreas)
                    .col(
                        ColumnDef::new(Def::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Def::AccountId).big_integer().not_null())
                    .col(ColumnDef::new(Def::CategoryId).big_integer().not_null())
                    .col(ColumnDef::new(Def::AddedBy).big_integer().null())
                    .col(
                        ColumnDef::new(Def::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Def::CourseAdminAreas, Def::AccountId)
                            .to(Def::Accounts, Def::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Def::CourseAdminAreas, Def::CategoryId)
                            .to(Def::Categories, Def::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_course_admin_areas_once")
                    .table(Def::CourseAdminAreas)
                    .col(Def::AccountId)
                    .col(Def::CategoryId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Def::CourseAdminAreas).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Def {
    CourseAdminAreas,
    Accounts,
    Categories,
    Id,
    AccountId,
    CategoryId,
    AddedBy,
    CreatedAt,
}
