use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Settings an administrator changes in the browser, one row per key (the organisation
/// profile: which user types exist, what registration asks for, the transfer warning).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Def::SiteSettings)
                    .col(ColumnDef::new(Def::Key).string_len(60).not_null().primary_key())
                    .col(ColumnDef::new(Def::Value).text().not_null())
                    .col(
                        ColumnDef::new(Def::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Def::UpdatedBy).big_integer().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Def::SiteSettings).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Def {
    SiteSettings,
    Key,
    Value,
    UpdatedAt,
    UpdatedBy,
}
