use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Self-registration of external learners: employers, the person's identity and user type,
/// single-use links (activation, password reset, e-mail change), login throttling and the
/// audit trail of sensitive actions.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Companies::Table)
                    .col(
                        ColumnDef::new(Companies::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Companies::OrgNumber).string_len(9).not_null())
                    .col(ColumnDef::new(Companies::Name).string_len(200).not_null())
                    .col(ColumnDef::new(Companies::NameSearch).string_len(200).not_null())
                    .col(ColumnDef::new(Companies::InvoiceAddress).string_len(500).null())
                    .col(ColumnDef::new(Companies::InvoiceEmail).string_len(254).null())
                    .col(ColumnDef::new(Companies::ContactPerson).string_len(200).null())
                    // approved | pending | rejected
                    .col(ColumnDef::new(Companies::Status).string_len(16).not_null())
                    .col(ColumnDef::new(Companies::RequestedBy).big_integer().null())
                    .col(ColumnDef::new(Companies::DecisionNote).string_len(1000).null())
                    .col(
                        ColumnDef::new(Companies::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Companies::DecidedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_companies_org_number")
                    .table(Companies::Table)
                    .col(Companies::OrgNumber)
                    .to_owned(),
            )
            .await?;

        // SQLite adds one column per ALTER TABLE.
        let columns = [
            ColumnDef::new(Accounts::UserType)
                .string_len(16)
                .null()
                .to_owned(),
            ColumnDef::new(Accounts::Mobile).string_len(16).null().to_owned(),
            ColumnDef::new(Accounts::NationalIdSealed)
                .string_len(200)
                .null()
                .to_owned(),
            ColumnDef::new(Accounts::NationalIdKey)
                .string_len(64)
                .null()
                .to_owned(),
            ColumnDef::new(Accounts::BirthDate).date().null().to_owned(),
            ColumnDef::new(Accounts::HmsCardNumber)
                .string_len(10)
                .null()
                .to_owned(),
            ColumnDef::new(Accounts::HmsCardExpiresOn)
                .date()
                .null()
                .to_owned(),
            ColumnDef::new(Accounts::EmployerId)
                .big_integer()
                .null()
                .to_owned(),
            ColumnDef::new(Accounts::InvoiceReference)
                .string_len(100)
                .null()
                .to_owned(),
            ColumnDef::new(Accounts::DriverLicenceNumber)
                .string_len(20)
                .null()
                .to_owned(),
            ColumnDef::new(Accounts::HealthCertificateUntil)
                .date()
                .null()
                .to_owned(),
            ColumnDef::new(Accounts::SessionGeneration)
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
            ColumnDef::new(Accounts::NameSearch)
                .string_len(200)
                .null()
                .to_owned(),
        ];
        for mut column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(Accounts::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        // One account per person: the keyed hash of the national ID is unique.
        manager
            .create_index(
                Index::create()
                    .name("idx_accounts_national_id_key")
                    .table(Accounts::Table)
                    .col(Accounts::NationalIdKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_accounts_birth_date")
                    .table(Accounts::Table)
                    .col(Accounts::BirthDate)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AccountTokens::Table)
                    .col(
                        ColumnDef::new(AccountTokens::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(AccountTokens::AccountId).big_integer().not_null())
                    // activation | password_reset | email_change
                    .col(ColumnDef::new(AccountTokens::Purpose).string_len(16).not_null())
                    .col(ColumnDef::new(AccountTokens::TokenHash).string_len(64).not_null())
                    .col(ColumnDef::new(AccountTokens::NewEmail).string_len(254).null())
                    .col(
                        ColumnDef::new(AccountTokens::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AccountTokens::ExpiresAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AccountTokens::UsedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_account_tokens_account")
                            .from(AccountTokens::Table, AccountTokens::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_account_tokens_hash")
                    .table(AccountTokens::Table)
                    .col(AccountTokens::TokenHash)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LoginThrottle::Table)
                    .col(
                        ColumnDef::new(LoginThrottle::Key)
                            .string_len(80)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(LoginThrottle::Failures).integer().not_null())
                    .col(
                        ColumnDef::new(LoginThrottle::WindowStartedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(LoginThrottle::LockedUntil)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(
                        ColumnDef::new(AuditLog::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(AuditLog::At).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(AuditLog::ActorId).big_integer().null())
                    .col(ColumnDef::new(AuditLog::Action).string_len(64).not_null())
                    .col(ColumnDef::new(AuditLog::SubjectId).big_integer().null())
                    .col(ColumnDef::new(AuditLog::Detail).text().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_subject")
                    .table(AuditLog::Table)
                    .col(AuditLog::SubjectId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditLog::Table.into_iden(),
            LoginThrottle::Table.into_iden(),
            AccountTokens::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("idx_accounts_national_id_key")
                    .table(Accounts::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_accounts_birth_date")
                    .table(Accounts::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            Accounts::UserType,
            Accounts::Mobile,
            Accounts::NationalIdSealed,
            Accounts::NationalIdKey,
            Accounts::BirthDate,
            Accounts::HmsCardNumber,
            Accounts::HmsCardExpiresOn,
            Accounts::EmployerId,
            Accounts::InvoiceReference,
            Accounts::DriverLicenceNumber,
            Accounts::HealthCertificateUntil,
            Accounts::SessionGeneration,
            Accounts::NameSearch,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Accounts::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(Companies::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Companies {
    Table,
    Id,
    OrgNumber,
    Name,
    NameSearch,
    InvoiceAddress,
    InvoiceEmail,
    ContactPerson,
    Status,
    RequestedBy,
    DecisionNote,
    CreatedAt,
    DecidedAt,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
    UserType,
    Mobile,
    NationalIdSealed,
    NationalIdKey,
    BirthDate,
    HmsCardNumber,
    HmsCardExpiresOn,
    EmployerId,
    InvoiceReference,
    DriverLicenceNumber,
    HealthCertificateUntil,
    SessionGeneration,
    NameSearch,
}

#[derive(DeriveIden)]
enum AccountTokens {
    Table,
    Id,
    AccountId,
    Purpose,
    TokenHash,
    NewEmail,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum LoginThrottle {
    Table,
    Key,
    Failures,
    WindowStartedAt,
    LockedUntil,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorId,
    Action,
    SubjectId,
    Detail,
}
