use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A marker, with no schema change: names are now stored for search as written and folded
/// («máret čuoŋománnu maret cuonomannu»). The server, having applied this migration, stores the
/// search form of every existing account and company again with its own fold
/// (`server/src/db.rs`, `refold_names`), so the rule lives in one place.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}
