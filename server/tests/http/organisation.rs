//! The organisation profile: an administrator switches registration from «Jernbane» to
//! «Helseforetak» (no «Fører», no HMS card, national ID optional with the warning) or sets it
//! field by field; audited; existing accounts untouched; bad fields named, nothing changed.
use kursportal::{audit, entity::account};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const ADMIN: &str = "admin@kursportal.test";
const ADMIN_PASSWORD: &str = "demo-passord-admin";

async fn employer(app: &crate::common::TestApp) -> String {
    let (_, companies) = app.call_get("accounts/companies", &[("query", "nordlys")]).await;
    companies[0]["id"].as_i64().unwrap().to_string()
}

async fn changes(app: &crate::common::TestApp) -> u64 {
    audit::Entity::find()
        .filter(audit::Column::Action.eq("organisation.profile_changed"))
        .count(&app.db)
        .await
        .unwrap()
}

on_both_databases! {
    async fn the_hospital_profile_asks_for_no_hms_card_offers_no_driver_and_warns_about_transfer(app) {
        let (_, railway) = app.call("accounts/registration-policy", &[]).await;
        assert_eq!((railway["preset"].as_str(), railway["ask_hms_card"].as_bool()), (Some("railway"), Some(true)), "{railway}");
        let (_, html) = app.get_html("/registrer").await;
        assert!(html.contains("f-hms_card") && html.contains(r#"value="driver""#));
        let id = crate::common::synthetic_national_id(41);
        let before = crate::common::registered_learner(&app, "jernbane.lars@eksempel.no", "full_catalogue", &id).await;

        let admin = app.new_client();
        app.login_as(&admin, ADMIN, ADMIN_PASSWORD).await;
        let (status, body) = app.call_as(&admin, "admin/organisation", &[("preset", "helseforetak"), ("open", "on")]).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(changes(&app).await, 1);
        let (_, html) = app.get_html("/registrer").await;
        assert!(!html.contains("f-hms_card"), "no HMS card field");
        assert!(!html.contains(r#"value="driver""#), "no «Fører»");
        assert!(html.contains(r#"id="transfer-warning""#) && html.contains("Fødselsnummer eller D-nummer (valgfritt)"), "optional, with the warning");
        // The learner who registered under «Jernbane» keeps everything.
        let (status, profile) = app.call_as(&before, "accounts/profile", &[]).await;
        assert_eq!(status, 200, "{profile}");
        assert_eq!(profile["hms_card_number"], "7654321", "{profile}");

        // A driver is refused at the user type; HMS card text posted anyway is left out.
        let employer = employer(&app).await;
        let form = |user_type: &'static str, email: &'static str| [
            ("form[user_type]", user_type), ("form[full_name]", "Hege Helse"), ("form[email]", email),
            ("form[mobile]", "91234567"), ("form[hms_card]", "ikke et kort"), ("form[employer_id]", employer.clone().leak()),
            ("form[health_certificate_until]", "2099-01-01"),
        ];
        let (status, problem) = app.call("accounts/register", &form("driver", "hege.forer@eksempel.no")).await;
        assert_eq!(status, 400, "{problem}");
        assert_eq!(problem["fields"][0]["field"], "user_type", "{problem}");
        let (status, body) = app.call("accounts/register", &form("full_catalogue", "hege.helse@eksempel.no")).await;
        assert_eq!(status, 200, "{body}");
        let hege = account::Entity::find().filter(account::Column::Email.eq("hege.helse@eksempel.no")).one(&app.db).await.unwrap().unwrap();
        assert_eq!((hege.hms_card_number, hege.national_id_key), (None, None));

        // Closed: the page says so, and a posted registration is refused with nothing stored.
        let (status, _) = app.call_as(&admin, "admin/organisation", &[("preset", "helseforetak")]).await;
        assert_eq!(status, 200);
        let (_, html) = app.get_html("/registrer").await;
        assert!(html.contains("Registrering for eksterne brukere er stengt her") && !html.contains("f-full_name"));
        let (status, _) = app.call("accounts/register", &form("full_catalogue", "sent.helse@eksempel.no")).await;
        assert_eq!(status, 409);
        assert_eq!(account::Entity::find().filter(account::Column::Email.eq("sent.helse@eksempel.no")).count(&app.db).await.unwrap(), 0);
    }

    async fn an_own_profile_is_checked_field_by_field_and_only_administrators_set_it(app) {
        let admin = app.new_client();
        app.login_as(&admin, ADMIN, ADMIN_PASSWORD).await;
        let (status, problem) = app.call_as(&admin, "admin/organisation", &[
            ("preset", "egen"), ("user_types[]", "pilot"), ("national_id", "kanskje"), ("transfer_warning", &"x".repeat(601)),
        ]).await;
        assert_eq!(status, 400, "{problem}");
        let fields: Vec<&str> = problem["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["transfer_warning", "user_types", "national_id", "hms_card"]);
        assert_eq!(changes(&app).await, 0, "nothing saved");

        let (status, _) = app.call_as(&admin, "admin/organisation", &[
            ("preset", "egen"), ("user_types[]", "free_elearning"), ("national_id", "required"), ("hms_card", "optional"),
            ("open", "on"), ("transfer_warning", "Uten fødselsnummer når ingenting fram til Helse Nords register."),
        ]).await;
        assert_eq!(status, 200);
        let (_, profile) = app.call("accounts/registration-policy", &[]).await;
        assert_eq!(profile["user_types"], serde_json::json!(["free_elearning"]), "{profile}");
        let (_, html) = app.get_html("/registrer").await;
        assert!(html.contains("Uten fødselsnummer når ingenting fram til Helse Nords register."));
        assert!(html.contains("HMS-kortnummer (valgfritt)") || html.contains("(valgfritt)"));

        let learner = app.new_client();
        app.login_as(&learner, "deltaker@kursportal.test", "demo-passord-deltaker").await;
        let (status, _) = app.call_as(&learner, "admin/organisation", &[("preset", "jernbane"), ("open", "on")]).await;
        assert_eq!(status, 403);
        assert_eq!(changes(&app).await, 1);
    }
}
