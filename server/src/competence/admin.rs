//! The admin area's side of competence transfer: integration clients (the CLI's `token`
//! commands, in the browser) and the HR feed as an uploaded file with a dry-run preview.
use super::{
    clients::{self, Scope},
    employees::{Feed, FeedError, Source},
    full_list, history, hr_file,
};
use crate::common::time;
use app::{
    accounts::{service::Caller, types::Role},
    competence::{
        service::CompetenceAdminService,
        types::{
            ApiClient, FieldIssue, FullList, HistoryAction, HistoryReport, ImportAction, ImportReport,
            ImportRow, NewApiClient,
        },
    },
    error::AppError,
};
use sea_orm::TransactionTrait;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

pub struct CompetenceAdmin {
    feed: Feed,
}

impl CompetenceAdmin {
    pub fn new(feed: Feed) -> Self {
        Self { feed }
    }

    /// The caller when they are an administrator, else 401/403.
    fn administrator(&self, who: Caller) -> Result<Caller, AppError> {
        if who.role() != Role::Admin {
            tracing::warn!(account_id = who.account_id, "competence administration refused");
            return Err(AppError::Forbidden);
        }
        Ok(who)
    }

    /// Runs the whole file in one transaction; commits only when `apply` names the
    /// fingerprint of this very outcome and no line has errors.
    async fn run(
        &self,
        admin: &Caller,
        csv: &str,
        full_list: Option<FullList>,
        apply: Option<&str>,
    ) -> Result<ImportReport, AppError> {
        let lines = hr_file::read(csv).map_err(|message| AppError::invalid("csv", message))?;
        let txn = self.feed.db.begin().await?;
        let list = full_list::check(&txn, full_list).await?;
        // The first statement writes (SQLite takes its lock here); a preview rolls it back.
        crate::audit::record(
            &txn,
            Some(admin.account_id),
            "employee.import",
            None,
            Some(format!("HR file with {} lines", lines.len())),
        )
        .await?;
        let mut rows = Vec::with_capacity(lines.len());
        let mut first_line: HashMap<String, u32> = HashMap::new();
        let employer = list.as_ref().map(|l| l.employer.org_number.as_str());
        for line in lines {
            rows.push(
                self.import_line(&txn, admin, line, &mut first_line, employer)
                    .await?,
            );
        }
        if let Some(list) = &list {
            rows.extend(full_list::end_missing(&txn, admin.account_id, list, &rows).await?);
        }
        let full_list = list.as_ref().map(full_list::FullListChecked::echo);
        let invalid = rows.iter().filter(|r| r.action == ImportAction::Invalid).count();
        let (fingerprint, applied) = settle(txn, &(&rows, &full_list), invalid, apply).await?;
        let report = ImportReport {
            rows,
            fingerprint,
            applied,
            full_list,
        };
        if !applied {
            return Ok(report);
        }
        tracing::info!(
            account_id = admin.account_id,
            lines = report.rows.len(),
            created = report.count(ImportAction::Create),
            updated = report.count(ImportAction::Update),
            merged = report.merges(),
            "HR file applied"
        );
        Ok(report)
    }

    /// A file of historic completions, as [`Self::run`] does the HR file.
    async fn run_history(
        &self,
        admin: &Caller,
        csv: &str,
        to_register: bool,
        apply: Option<&str>,
    ) -> Result<HistoryReport, AppError> {
        let lines = history::read(csv).map_err(|message| AppError::invalid("csv", message))?;
        let txn = self.feed.db.begin().await?;
        crate::audit::record(
            &txn,
            Some(admin.account_id),
            "completion.import",
            None,
            Some(format!(
                "{} lines of historic completions{}",
                lines.len(),
                if to_register { ", sent to the register" } else { "" }
            )),
        )
        .await?;
        let mut importer = history::Importer::new(&txn, &self.feed.vault, admin.account_id, to_register);
        let mut rows = Vec::with_capacity(lines.len());
        for line in lines {
            rows.push(importer.line(line).await?);
        }
        let invalid = rows.iter().filter(|r| r.action == HistoryAction::Invalid).count();
        let (fingerprint, applied) = settle(txn, &(to_register, &rows), invalid, apply).await?;
        let report = HistoryReport {
            rows,
            fingerprint,
            applied,
            to_register,
        };
        if applied {
            tracing::info!(
                account_id = admin.account_id,
                created = report.count(HistoryAction::Create),
                corrected = report.count(HistoryAction::Correct),
                to_register,
                "historic completions imported"
            );
        }
        Ok(report)
    }

    /// One line of an HR file: refused with its field issues, or put in (in the transaction
    /// the preview rolls back) with what it did.
    async fn import_line(
        &self,
        txn: &sea_orm::DatabaseTransaction,
        admin: &Caller,
        line: hr_file::Line,
        first_line: &mut HashMap<String, u32>,
        only_employer: Option<&str>,
    ) -> Result<ImportRow, AppError> {
        let mut row = ImportRow {
            line: line.line,
            staff_code: line.staff_code.trim().to_uppercase(),
            name: line.employee.name.clone().unwrap_or_default(),
            action: ImportAction::Invalid,
            changes: Vec::new(),
            merges: None,
            ends: None,
            errors: Vec::new(),
        };
        if let Some(first) = first_line.get(&row.staff_code) {
            row.errors.push(FieldIssue {
                field: "staff_code".into(),
                message: app::messages::Message::new("Ansattkoden står også på linje {line}.")
                    .arg("line", first),
            });
            return Ok(row);
        }
        first_line.insert(row.staff_code.clone(), row.line);
        if let Some(employer) = only_employer
            && full_list::other_employer(line.employee.employer_org_number.as_deref(), employer)
        {
            row.errors.push(FieldIssue {
                field: "employer_org_number".into(),
                message: "Linjen har en annen arbeidsgiver enn den filen er hele listen for.".into(),
            });
            return Ok(row);
        }
        let employee = match line.employee.parse(&line.staff_code) {
            Ok(employee) => employee,
            Err(issues) => {
                row.errors = issues
                    .into_iter()
                    .map(|i| FieldIssue {
                        field: i.field.into(),
                        message: i.message.into(),
                    })
                    .collect();
                return Ok(row);
            }
        };
        let end = employee.end;
        match self
            .feed
            .put_in(txn, Source::Admin(admin.account_id), employee)
            .await
        {
            Ok(saved) => {
                row.action = if saved.created {
                    ImportAction::Create
                } else if saved.changes.is_empty() && saved.merged_profile.is_none() {
                    ImportAction::Unchanged
                } else {
                    ImportAction::Update
                };
                if saved.created || saved.changes.contains(&"employment_end") {
                    row.ends = end.map(time::day);
                }
                row.changes = saved.changes.iter().map(|c| c.to_string()).collect();
                row.merges = saved.merged_name;
            }
            Err(FeedError::Conflict { field, message }) => row.errors.push(FieldIssue {
                field: field.into(),
                message: message.into(),
            }),
            Err(FeedError::NotFound) => return Err(AppError::NotFound),
            Err(FeedError::Database(error)) => return Err(AppError::fault(error)),
        }
        Ok(row)
    }
}

/// Ends an import's transaction: a preview (`apply` is `None`) is rolled back; the import is
/// committed only when no line has errors and `apply` names the fingerprint of this very
/// outcome, so what is saved is exactly what the administrator saw. Returns the fingerprint
/// and whether it was saved.
async fn settle<T: serde::Serialize>(
    txn: sea_orm::DatabaseTransaction,
    outcome: &T,
    invalid: usize,
    apply: Option<&str>,
) -> Result<(String, bool), AppError> {
    let fingerprint = hex::encode(Sha256::digest(
        serde_json::to_vec(outcome).map_err(|error| AppError::fault(error))?,
    ));
    let Some(expected) = apply else {
        txn.rollback().await?;
        return Ok((fingerprint, false));
    };
    if invalid > 0 {
        txn.rollback().await?;
        return Err(AppError::invalid(
            "csv",
            app::messages::Message::new(
                "{count} linjer har feil. Rett dem i filen og forhåndsvis den på nytt; ingenting er lagret.",
            )
            .arg("count", invalid),
        ));
    }
    if fingerprint != expected {
        txn.rollback().await?;
        return Err(AppError::Conflict {
            message: "Noe er endret siden forhåndsvisningen, så filen ville ikke gjort akkurat det du så. \
                      Forhåndsvis den på nytt; ingenting er lagret."
                .into(),
        });
    }
    txn.commit().await?;
    Ok((fingerprint, true))
}

fn wire(client: clients::Model) -> ApiClient {
    ApiClient {
        id: client.id,
        name: client.name,
        scopes: client.scopes.split_whitespace().map(str::to_string).collect(),
        created_at: time::moment(client.created_at),
        last_used_at: client.last_used_at.map(time::moment),
        revoked_at: client.revoked_at.map(time::moment),
    }
}

#[async_trait::async_trait]
impl CompetenceAdminService for CompetenceAdmin {
    async fn api_clients(&self, who: Caller) -> Result<Vec<ApiClient>, AppError> {
        self.administrator(who)?;
        let mut list: Vec<ApiClient> = clients::list(&self.feed.db)
            .await?
            .into_iter()
            .map(wire)
            .collect();
        list.reverse(); // newest first
        Ok(list)
    }

    async fn create_api_client(
        &self,
        who: Caller,
        name: &str,
        scopes: &[&str],
    ) -> Result<NewApiClient, AppError> {
        let admin = self.administrator(who)?;
        let name = clients::parse_name(name).map_err(|message| AppError::invalid("name", message))?;
        let scopes = scopes
            .iter()
            .map(|s| Scope::parse(s))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|message| AppError::invalid("scopes", message))?;
        if scopes.is_empty() {
            return Err(AppError::invalid("scopes", "Velg minst én tilgang for klienten."));
        }
        let (client, token) = clients::create(&self.feed.db, &name, &scopes, Some(admin.account_id)).await?;
        Ok(NewApiClient {
            id: client.id,
            name: client.name,
            token,
        })
    }

    async fn revoke_api_client(&self, who: Caller, id: i64) -> Result<(), AppError> {
        let admin = self.administrator(who)?;
        if clients::revoke(&self.feed.db, id, Some(admin.account_id)).await? {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    async fn preview_import(
        &self,
        who: Caller,
        csv: &str,
        full_list: Option<FullList>,
    ) -> Result<ImportReport, AppError> {
        let admin = self.administrator(who)?;
        self.run(&admin, csv, full_list, None).await
    }

    async fn apply_import(
        &self,
        who: Caller,
        csv: &str,
        full_list: Option<FullList>,
        fingerprint: &str,
    ) -> Result<ImportReport, AppError> {
        let admin = self.administrator(who)?;
        self.run(&admin, csv, full_list, Some(fingerprint)).await
    }

    async fn preview_history(
        &self,
        who: Caller,
        csv: &str,
        to_register: bool,
    ) -> Result<HistoryReport, AppError> {
        let admin = self.administrator(who)?;
        self.run_history(&admin, csv, to_register, None).await
    }

    async fn apply_history(
        &self,
        who: Caller,
        csv: &str,
        to_register: bool,
        fingerprint: &str,
    ) -> Result<HistoryReport, AppError> {
        let admin = self.administrator(who)?;
        self.run_history(&admin, csv, to_register, Some(fingerprint))
            .await
    }
}
