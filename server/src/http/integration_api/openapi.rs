//! The OpenAPI 3.0 document of the integration API, served at `/api/v1/openapi.json`.
use serde_json::{Value, json};

fn problem() -> Value {
    json!({ "description": "A problem document (RFC 9457)", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } })
}

fn errors(codes: &[&str]) -> serde_json::Map<String, Value> {
    codes
        .iter()
        .map(|code| ((*code).to_string(), problem()))
        .collect()
}

fn with(mut responses: serde_json::Map<String, Value>, code: &str, value: Value) -> Value {
    responses.insert(code.to_string(), value);
    Value::Object(responses)
}

pub fn document(public_url: &str) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Kursportal integration API",
            "version": "1",
            "description": "The HR feed (employees) and competence transfer (completions of employee profiles). \
                Every call needs «Authorization: Bearer <token>»; tokens are issued with `kursportal token create` \
                and carry scopes. Every authenticated call is audited."
        },
        "servers": [{ "url": public_url }],
        "security": [{ "bearer": [] }],
        "paths": paths(),
        "components": components()
    })
}

/// The operations: the HR feed and the transfer records.
fn paths() -> Value {
    let staff_code = json!({
        "name": "staff_code", "in": "path", "required": true,
        "description": "4–6 letters or digits, case-insensitive",
        "schema": { "type": "string", "pattern": "^[A-Za-z0-9]{4,6}$" }
    });
    let transfer_id = json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "integer", "format": "int64", "minimum": 1 } });
    json!({
        "/api/v1/employees/{staff_code}": {
            "put": {
                "summary": "Create or update an employee",
                "description": "Scope employees:write. When the national ID matches an external profile, that \
                    profile is merged into this one in the same transaction.",
                "operationId": "putEmployee",
                "parameters": [staff_code],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Employee" } } } },
                "responses": with(
                    with(errors(&["400", "401", "403", "409"]), "200",
                        json!({ "description": "Updated", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Saved" } } } }))
                        .as_object().cloned().unwrap_or_default(),
                    "201",
                    json!({ "description": "Created", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Saved" } } } }))
            },
            "delete": {
                "summary": "End an employment (profile and history are kept)",
                "description": "Scope employees:write.",
                "operationId": "endEmployee",
                "parameters": [staff_code, { "name": "last_day", "in": "query", "required": false, "schema": { "type": "string", "format": "date" } }],
                "responses": with(errors(&["400", "401", "403", "404"]), "200",
                    json!({ "description": "Ended", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Saved" } } } }))
            }
        },
        "/api/v1/competence/transfers": {
            "get": {
                "summary": "Transfer records after a cursor, oldest first",
                "description": "Scope transfers:read. Stable ids in increasing order; delivered at least once: \
                    keep `next_cursor` and acknowledge what you stored.",
                "operationId": "listTransfers",
                "parameters": [
                    { "name": "after", "in": "query", "required": false, "schema": { "type": "integer", "format": "int64", "minimum": 0 } },
                    { "name": "limit", "in": "query", "required": false, "schema": { "type": "integer", "minimum": 1, "maximum": 500 } },
                    { "name": "pending", "in": "query", "required": false, "schema": { "type": "boolean" }, "description": "Only records not acknowledged yet" }
                ],
                "responses": with(errors(&["400", "401", "403"]), "200",
                    json!({ "description": "A page", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/TransferPage" } } } }))
            }
        },
        "/api/v1/competence/transfers/ack": {
            "post": {
                "summary": "Acknowledge stored records",
                "description": "Scope transfers:read.",
                "operationId": "acknowledgeTransfers",
                "requestBody": { "required": true, "content": { "application/json": { "schema": {
                    "type": "object", "required": ["ids"], "additionalProperties": false,
                    "properties": { "ids": { "type": "array", "maxItems": 1000, "items": { "type": "integer", "format": "int64" } } }
                } } } },
                "responses": with(errors(&["400", "401", "403"]), "200",
                    json!({ "description": "How many were newly acknowledged", "content": { "application/json": { "schema": {
                        "type": "object", "properties": { "acknowledged": { "type": "integer" } } } } } }))
            }
        },
        "/api/v1/competence/transfers/{id}": {
            "get": {
                "summary": "One transfer record",
                "description": "Scope transfers:read.",
                "operationId": "getTransfer",
                "parameters": [transfer_id],
                "responses": with(errors(&["401", "403", "404"]), "200",
                    json!({ "description": "The record", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Transfer" } } } }))
            }
        },
        "/api/v1/competence/transfers/{id}/xapi": {
            "get": {
                "summary": "One transfer record as an xAPI 1.0.3 statement",
                "description": "Scope transfers:read. The statement id is stable per record.",
                "operationId": "getTransferXapi",
                "parameters": [transfer_id],
                "responses": with(errors(&["401", "403", "404"]), "200",
                    json!({ "description": "An xAPI statement", "content": { "application/json": { "schema": { "type": "object" } } } }))
            }
        }
    })
}

/// The bearer scheme and the schemas of employees, transfers and problems.
fn components() -> Value {
    json!({
        "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
        "schemas": {
            "Problem": {
                "type": "object",
                "properties": {
                    "type": { "type": "string" }, "title": { "type": "string" }, "status": { "type": "integer" },
                    "detail": { "type": "string" },
                    "errors": { "type": "array", "items": { "type": "object", "properties": {
                        "field": { "type": "string" }, "message": { "type": "string" } } } }
                }
            },
            "Employee": {
                "type": "object",
                "required": ["name", "employer_org_number"],
                "additionalProperties": false,
                "properties": {
                    "name": { "type": "string", "minLength": 1, "maxLength": 200, "pattern": "\\S", "example": "Kari Nordmann" },
                    "national_id": { "type": "string", "nullable": true, "description": "11 digits (fødselsnummer or D-nummer) with valid check digits; empty or null: none" },
                    "work_email": { "nullable": true, "description": "Empty or null: keep the current address",
                        "anyOf": [{ "type": "string", "format": "email" }, { "type": "string", "maxLength": 0 }] },
                    "employer_org_number": { "type": "string", "pattern": "^\\s*[0-9]{3}\\s?[0-9]{3}\\s?[0-9]{3}\\s*$",
                        "description": "9 digits with a valid check digit", "example": "974760673" },
                    "employer_name": { "type": "string", "nullable": true },
                    "employment_start": { "nullable": true, "description": "Empty or null: not known",
                        "anyOf": [{ "type": "string", "format": "date" }, { "type": "string", "maxLength": 0 }] },
                    "employment_end": { "nullable": true, "description": "Empty or null: still employed",
                        "anyOf": [{ "type": "string", "format": "date" }, { "type": "string", "maxLength": 0 }] }
                }
            },
            "Saved": {
                "type": "object",
                "properties": {
                    "staff_code": { "type": "string" }, "account_id": { "type": "integer" },
                    "created": { "type": "boolean" },
                    "merged_profile": { "type": "integer", "nullable": true }
                }
            },
            "Transfer": {
                "type": "object",
                "properties": {
                    "id": { "type": "integer", "format": "int64" },
                    "staff_code": { "type": "string" }, "name": { "type": "string" },
                    "employer_org_number": { "type": "string", "nullable": true },
                    "course_code": { "type": "string" }, "course_title": { "type": "string" },
                    "completed_on": { "type": "string", "format": "date" },
                    "result": { "type": "string" }, "score": { "type": "integer", "nullable": true },
                    "source": { "type": "string", "enum": ["quiz", "instructor", "import"] },
                    "valid_until": { "type": "string", "format": "date", "nullable": true },
                    "certificate_code": { "type": "string" }, "verify_url": { "type": "string" },
                    "revoked": { "type": "boolean" }, "acknowledged": { "type": "boolean" }
                }
            },
            "TransferPage": {
                "type": "object",
                "properties": {
                    "transfers": { "type": "array", "items": { "$ref": "#/components/schemas/Transfer" } },
                    "next_cursor": { "type": "integer", "format": "int64" }
                }
            }
        }
    })
}
