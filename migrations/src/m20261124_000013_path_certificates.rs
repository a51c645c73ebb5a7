use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A completed learning path is a completion too: a validity on the path, and on each
/// completed follower a certificate code, the last valid day and a revocation.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Name::LearningPaths)
                    .add_column(ColumnDef::new(Name::ValidityMonths).integer().null())
                    .to_owned(),
            )
            .await?;
        for column in [
            ColumnDef::new(Name::CertificateCode)
                .string_len(20)
                .null()
                .to_owned(),
            ColumnDef::new(Name::ValidUntil).date().null().to_owned(),
            ColumnDef::new(Name::RevokedAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            ColumnDef::new(Name::RevokedReason).text().null().to_owned(),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table(Name::PathEnrolments)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_path_enrolments_certificate")
                    .table(Name::PathEnrolments)
                    .col(Name::CertificateCode)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_path_enrolments_certificate")
                    .table(Name::PathEnrolments)
                    .to_owned(),
            )
            .await?;
        for column in [
            Name::CertificateCode,
            Name::ValidUntil,
            Name::RevokedAt,
            Name::RevokedReason,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Name::PathEnrolments)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Name::LearningPaths)
                    .drop_column(Name::ValidityMonths)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Name {
    LearningPaths,
    PathEnrolments,
    ValidityMonths,
    CertificateCode,
    ValidUntil,
    RevokedAt,
    RevokedReason,
}
