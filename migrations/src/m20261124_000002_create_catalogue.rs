use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Subject areas (nested) and the courses in them.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Categories::Table)
                    .col(
                        ColumnDef::new(Categories::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Categories::ParentId).big_integer().null())
                    .col(
                        ColumnDef::new(Categories::Slug)
                            .string_len(80)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Categories::Name).string_len(120).not_null())
                    .col(
                        ColumnDef::new(Categories::Position)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Categories::Table, Categories::ParentId)
                            .to(Categories::Table, Categories::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Courses::Table)
                    .col(
                        ColumnDef::new(Courses::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Courses::Code)
                            .string_len(32)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Courses::Title).string_len(200).not_null())
                    .col(ColumnDef::new(Courses::Summary).string_len(500).not_null())
                    .col(ColumnDef::new(Courses::Description).text().not_null())
                    .col(ColumnDef::new(Courses::Agenda).text().not_null())
                    .col(ColumnDef::new(Courses::TargetGroup).text().not_null())
                    .col(ColumnDef::new(Courses::Kind).string_len(32).not_null())
                    .col(ColumnDef::new(Courses::CategoryId).big_integer().not_null())
                    .col(ColumnDef::new(Courses::Duration).string_len(100).not_null())
                    .col(ColumnDef::new(Courses::Place).string_len(200).null())
                    .col(ColumnDef::new(Courses::PriceNok).integer().null())
                    .col(ColumnDef::new(Courses::ValidityMonths).integer().null())
                    .col(ColumnDef::new(Courses::Keywords).text().not_null())
                    // Lower-cased title, code, category and keywords, folded in Rust so that
                    // æ, ø and å match the same way on SQLite and PostgreSQL.
                    .col(ColumnDef::new(Courses::SearchText).text().not_null())
                    .col(ColumnDef::new(Courses::ContactName).string_len(200).not_null())
                    .col(ColumnDef::new(Courses::ContactEmail).string_len(254).not_null())
                    .col(ColumnDef::new(Courses::ContactPhone).string_len(40).null())
                    .col(
                        ColumnDef::new(Courses::Published)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .col(
                        ColumnDef::new(Courses::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Courses::Table, Courses::CategoryId)
                            .to(Categories::Table, Categories::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_courses_category")
                    .table(Courses::Table)
                    .col(Courses::CategoryId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Courses::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Categories::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Categories {
    Table,
    Id,
    ParentId,
    Slug,
    Name,
    Position,
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    Id,
    Code,
    Title,
    Summary,
    Description,
    Agenda,
    TargetGroup,
    Kind,
    CategoryId,
    Duration,
    Place,
    PriceNok,
    ValidityMonths,
    Keywords,
    SearchText,
    ContactName,
    ContactEmail,
    ContactPhone,
    Published,
    CreatedAt,
}
