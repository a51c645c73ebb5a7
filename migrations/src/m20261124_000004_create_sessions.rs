use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The table tower-sessions' sqlx store reads and writes (same columns as its own
/// `migrate()`, created here so that every schema change is a migration).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(Sessions::Table)
            .col(ColumnDef::new(Sessions::Id).text().not_null().primary_key())
            .col(ColumnDef::new(Sessions::Data).blob().not_null());
        // The SQLite store compares `datetime(expiry_date)`, so it keeps the text form.
        match manager.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => table.col(
                ColumnDef::new(Sessions::ExpiryDate)
                    .timestamp_with_time_zone()
                    .not_null(),
            ),
            _ => table.col(ColumnDef::new(Sessions::ExpiryDate).text().not_null()),
        };
        manager.create_table(table.to_owned()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sessions_expiry")
                    .table(Sessions::Table)
                    .col(Sessions::ExpiryDate)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Sessions::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    Data,
    ExpiryDate,
}
