//! «Kompetanseoversikt» for a spreadsheet (`GET /kompetanse.csv`): the same people and cells
//! as the page, written a batch of people at a time.
use super::{Names, Question, Rulebook, Sight, Walker, columns};
use crate::entity::account;
use app::{
    accounts::service::Caller,
    competence::types::{OverviewFilter, RequirementStatus},
    error::AppError,
};
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;

/// The overview for a spreadsheet: checked once (who asks, what they ask), then written a
/// batch of people at a time, so memory holds one batch whatever the size.
pub struct Export {
    book: Rulebook,
    sight: Sight,
    question: Question,
    today: NaiveDate,
}

/// Where a status is written in words in the export.
pub fn status_word(status: RequirementStatus) -> &'static str {
    match status {
        RequirementStatus::Valid => "Gyldig",
        RequirementStatus::Expiring => "Utløper snart",
        RequirementStatus::InProgress => "Påbegynt",
        RequirementStatus::Expired => "Utløpt",
        RequirementStatus::Missing => "Mangler",
        RequirementStatus::Overdue => "Over fristen",
    }
}

impl Export {
    pub async fn prepare<C: ConnectionTrait>(
        conn: &C,
        who: &Caller,
        filter: &OverviewFilter,
    ) -> Result<Self, AppError> {
        let book = Rulebook::load(conn).await?;
        let sight = Sight::of(conn, &book, who).await?;
        let question = Question::parse(filter, &book, &sight)?;
        Ok(Self {
            book,
            sight,
            question,
            today: crate::common::time::today(),
        })
    }

    /// Sends the heading row, then the people's rows a batch at a time, until all are sent or
    /// the receiver is gone (the download was cancelled).
    pub async fn run<C: ConnectionTrait>(
        self,
        conn: &C,
        out: tokio::sync::mpsc::Sender<Vec<Vec<String>>>,
    ) -> Result<(), AppError> {
        let columns = columns(&self.book, &self.question);
        let mut heading = vec![
            "Navn".to_string(),
            "Ansattkode".into(),
            "Enhet".into(),
            "Arbeidsgiver".into(),
        ];
        for (_, c) in &columns {
            heading.push(format!("{} ({})", c.required.title, c.required.code));
            heading.push("Gyldig til".into());
        }
        if out.send(vec![heading]).await.is_err() {
            return Ok(());
        }
        let mut walker = Walker::new(conn, &self.book, &self.sight, &self.question, None, self.today).await?;
        while let Some(batch) = walker.next_batch().await? {
            let accounts: Vec<&account::Model> = batch.iter().map(|l| &l.account).collect();
            let names = Names::of(conn, &self.book, &accounts).await?;
            let rows = batch
                .iter()
                .map(|line| {
                    let mut row = vec![
                        line.account.full_name.clone(),
                        line.account.staff_code.clone().unwrap_or_default(),
                        names.unit(&line.account).unwrap_or_default(),
                        names.employer(&line.account).unwrap_or_default(),
                    ];
                    for (thing, _) in &columns {
                        match line.cell(*thing) {
                            Some(cell) => {
                                row.push(status_word(cell.status).to_string());
                                row.push(cell.valid_until.unwrap_or_default());
                            }
                            None => row.extend([String::new(), String::new()]),
                        }
                    }
                    row
                })
                .collect();
            if out.send(rows).await.is_err() {
                return Ok(());
            }
        }
        Ok(())
    }
}
