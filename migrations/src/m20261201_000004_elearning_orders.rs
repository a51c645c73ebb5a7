use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Orders of priced online courses (e-learning): who ordered which course, at what price, and
/// whom to invoice (the employer at the time, and whether that employer had confirmed the
/// employment). A priced e-learning course opens in the player only for a learner with an
/// order (or a learning path an administrator assigned).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Def::ElearningOrders)
                    .col(
                        ColumnDef::new(Def::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Def::AccountId).big_integer().not_null())
                    .col(ColumnDef::new(Def::CourseId).big_integer().not_null())
                    .col(ColumnDef::new(Def::PriceNok).integer().not_null())
                    .col(ColumnDef::new(Def::EmployerId).big_integer().null())
                    .col(
                        ColumnDef::new(Def::EmployerConfirmed)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(ColumnDef::new(Def::InvoiceReference).string().null())
                    .col(
                        ColumnDef::new(Def::OrderedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Def::ElearningOrders, Def::AccountId)
                            .to(Def::Accounts, Def::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Def::ElearningOrders, Def::CourseId)
                            .to(Def::Courses, Def::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_elearning_orders_once")
                    .table(Def::ElearningOrders)
                    .col(Def::AccountId)
                    .col(Def::CourseId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_elearning_orders_course")
                    .table(Def::ElearningOrders)
                    .col(Def::CourseId)
                    .col(Def::OrderedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Def::ElearningOrders).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Def {
    ElearningOrders,
    Accounts,
    Courses,
    Id,
    AccountId,
    CourseId,
    PriceNok,
    EmployerId,
    EmployerConfirmed,
    InvoiceReference,
    OrderedAt,
}
