// The scale-out test (`./kursportal.sh scale-test`, issue 19): three `kursportal serve`
// processes on one PostgreSQL database behind HAProxy, configured from deploy/haproxy.cfg, with
// a real SMTP sink. Nothing is simulated: real processes, a real load balancer, real SIGKILL,
// real SMTP. It prints what it measured and exits non-zero when a claim does not hold.
//
// Needs: the release build (target/release/kursportal, target/site), haproxy and wrk on PATH,
// SCALE_POSTGRES_URL naming an empty database.
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync, createWriteStream } from "node:fs";
import { createServer } from "node:http";
import { createHmac } from "node:crypto";

const BIN = "../target/release/kursportal";
const PG = process.env.SCALE_POSTGRES_URL;
const PORTS = [3201, 3202, 3203];
const LB = "http://127.0.0.1:8090";
const SINK = { smtp: 2625, http: 2626 };
const REGISTER = { port: 2627, secret: "scale-test-register-secret" };
const KEY = "5ca1e5ca1e5ca1e5ca1e5ca1e5ca1e5ca1e5ca1e5ca1e5ca1e5ca1e5ca1e5ca1";
const METRICS_TOKEN = "scale-test-metrics-token";
const PEOPLE = 1000;
const SEATS = 20;
const CANCELLATIONS = 500;
const ADMIN = ["admin@kursportal.test", "demo-passord-admin"];
const children = [];
const instances = [];
let failed = 0;
mkdirSync(".tmp", { recursive: true });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const say = (text) => console.log(`\n== ${text}`);
function check(ok, text) {
  console.log(`${ok ? "ok  " : "FAIL"} ${text}`);
  if (!ok) failed += 1;
}
function sql(query) {
  return execFileSync("psql", [PG, "-Atqc", query], { encoding: "utf8" }).trim();
}

function start(name, command, args, env = {}) {
  const log = createWriteStream(`.tmp/scale-${name}.log`, { flags: "a" });
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  children.push(child);
  return child;
}

function instanceEnv(port) {
  return {
    DATABASE_URL: PG,
    KURSPORTAL_SECRET_KEY: KEY,
    KURSPORTAL_ADDR: `127.0.0.1:${port}`,
    KURSPORTAL_PUBLIC_URL: LB,
    KURSPORTAL_SITE_ROOT: "../target/site",
    KURSPORTAL_DATA_DIR: `.tmp/scale-${port}`,
    SMTP_URL: `smtp://127.0.0.1:${SINK.smtp}`,
    KURSPORTAL_METRICS_TOKEN: METRICS_TOKEN,
    KURSPORTAL_LOGINS_PER_ACCOUNT: "1000",
    KURSPORTAL_LOGINS_PER_ADDRESS: "100000",
    KURSPORTAL_DRAIN_SECONDS: "1",
    KURSPORTAL_LOG_FORMAT: "json",
    KURSPORTAL_TRANSFER_PUSH_URL: `http://127.0.0.1:${REGISTER.port}/transfers`,
    KURSPORTAL_TRANSFER_PUSH_SECRET: REGISTER.secret,
  };
}

async function waitFor(url, what) {
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(url).then((r) => r.ok).catch(() => false);
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`${what} did not answer at ${url}`);
}

async function startInstance(i) {
  const port = PORTS[i];
  instances[i] = start(`k${i + 1}`, BIN, ["serve"], instanceEnv(port));
  await waitFor(`http://127.0.0.1:${port}/readyz`, `instance ${i + 1}`);
}

/** deploy/haproxy.cfg with its TLS frontends replaced by one plain listener on 8090 (no
 * certificate here) and the first `count` instances; everything else as recommended. */
function haproxyConfig(count) {
  const recommended = readFileSync("../deploy/haproxy.cfg", "utf8");
  const [head, backend] = recommended.split(/\nfrontend http\n[\s\S]*?(?=\nbackend kursportal)/);
  const servers = PORTS.slice(0, count)
    .map((port, i) => `    server k${i + 1} 127.0.0.1:${port}`)
    .join("\n");
  return (
    head.replace("    log /dev/log local0\n", "") +
    "\nfrontend scale\n    bind 127.0.0.1:8090\n    default_backend kursportal\n" +
    backend.replace(/(\n    server k\d 127\.0\.0\.1:\d+)+/, "\n" + servers)
  );
}

let haproxy;
async function startHaproxy(count) {
  if (haproxy) {
    haproxy.kill("SIGTERM");
    await new Promise((r) => haproxy.once("exit", r));
  }
  writeFileSync(".tmp/haproxy-scale.cfg", haproxyConfig(count));
  // `-n`: this machine allows 20,000 open files, fewer than maxconn 20000 needs (2 per connection).
  execFileSync("haproxy", ["-c", "-q", "-n", "8000", "-f", ".tmp/haproxy-scale.cfg"]);
  haproxy = start("haproxy", "haproxy", ["-db", "-n", "8000", "-f", ".tmp/haproxy-scale.cfg"]);
  await waitFor(`${LB}/readyz`, "haproxy");
  await sleep(2500); // the health checks mark every server up
}

/** The competence register: checks each push's signature, stores the delivery and answers
 * 200 after 20 ms (a register that stores first and then answers, as a real one would). */
const register = { deliveries: [], refused: 0 };
function startRegister() {
  const server = createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      const expected = "sha256=" + createHmac("sha256", REGISTER.secret).update(body).digest("hex");
      if (request.headers["x-kursportal-signature"] !== expected) {
        register.refused += 1;
        response.writeHead(401).end();
        return;
      }
      const { event } = JSON.parse(body.toString("utf8"));
      register.deliveries.push({ id: request.headers["x-kursportal-delivery"], code: event.certificate_code });
      setTimeout(() => response.writeHead(200, { "content-type": "application/json" }).end("{}"), 20);
    });
  });
  return new Promise((resolve) => server.listen(REGISTER.port, "127.0.0.1", resolve));
}

/** A browser: a cookie jar and form posts to server functions. */
class Browser {
  cookies = new Map();
  async call(base, endpoint, fields = {}, method = "POST") {
    const body = new URLSearchParams(fields).toString();
    const url = method === "GET" ? `${base}/api/${endpoint}?${body}` : `${base}/api/${endpoint}`;
    const response = await fetch(url, {
      method,
      redirect: "manual",
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
        ...(method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        origin: base,
      },
      body: method === "POST" ? body : undefined,
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, value] = pair.split("=");
      this.cookies.set(name, value);
    }
    const text = await response.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: response.status, json, text };
  }
}

async function sinkMessages() {
  const response = await fetch(`http://127.0.0.1:${SINK.http}/messages`);
  return (await response.json()).map((m) => ({
    to: m.to.join(","),
    id: /^message-id:\s*(\S+)/im.exec(m.data)?.[1] ?? "",
    subject: /^subject:\s*(.*)$/im.exec(m.data)?.[1] ?? "",
  }));
}

async function outboxDrained(limitMs) {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if (sql("select count(*) from mail_outbox where status = 'pending'") === "0") return Date.now() - started;
    await sleep(500);
  }
  return null;
}

async function inBatches(items, size, work) {
  const results = [];
  for (let i = 0; i < items.length; i += size) {
    results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  }
  return results;
}

async function sessions() {
  say("A session started through one instance holds on every instance; a logout on one ends it everywhere");
  const admin = new Browser();
  const login = await admin.call(LB, "accounts/login", { identifier: ADMIN[0], password: ADMIN[1] });
  check(login.status < 400, `login through HAProxy answers ${login.status}`);
  const names = await Promise.all(PORTS.map((p) => admin.call(`http://127.0.0.1:${p}`, "accounts/me")));
  check(names.every((r) => r.json?.full_name === "Ada Administrator"), `signed in on ${names.filter((r) => r.json?.full_name).length} of 3 instances`);
  await admin.call(`http://127.0.0.1:${PORTS[1]}`, "accounts/logout");
  const after = await Promise.all(PORTS.map((p) => admin.call(`http://127.0.0.1:${p}`, "accounts/me")));
  check(after.every((r) => r.json === null), `after a logout on instance 2, signed out on ${after.filter((r) => r.json === null).length} of 3`);
}

async function signedInAdmin() {
  const admin = new Browser();
  await admin.call(LB, "accounts/login", { identifier: ADMIN[0], password: ADMIN[1] });
  return admin;
}

function makePeople(course) {
  // Test set-up, not the thing tested: 1,000 activated learners with the administrator's
  // password hash, so each can log in for real.
  sql(`insert into accounts (email, full_name, role, password_hash, created_at, activated_at, user_type,
         session_generation, calendar_feed_generation, name_search)
       select 'skala' || n || '@kursportal.test', 'Skala Deltaker ' || n, 'learner',
              (select password_hash from accounts where email = '${ADMIN[0]}'), now(), now(), 'full_catalogue', 0, 0,
              'skala deltaker ' || n
       from generate_series(1, ${PEOPLE}) as n`);
  return Array.from({ length: PEOPLE }, (_, i) => `skala${i + 1}@kursportal.test`);
}

async function enrolments(admin, course) {
  say(`${PEOPLE} people enrol at once in a ${SEATS}-seat session, spread over the instances`);
  const starts = new Date(Date.now() + 30 * 86400e3);
  const local = (d) => d.toISOString().slice(0, 16);
  const added = await admin.call(LB, "admin/add-session", {
    code: course,
    "form[starts]": local(starts),
    "form[ends]": local(new Date(starts.getTime() + 6 * 3600e3)),
    "form[deadline]": local(new Date(starts.getTime() - 86400e3)),
    "form[place]": "Skalahallen",
    "form[capacity]": String(SEATS),
    "form[instructor]": "",
  });
  check(added.status === 200, `a ${SEATS}-seat session of ${course} added through HAProxy (${added.status} ${added.text.slice(0, 80)})`);
  const session = added.json;
  const emails = makePeople(course);
  let t = Date.now();
  const people = await inBatches(emails, 24, async (email, i) => {
    const b = new Browser();
    const r = await b.call(`http://127.0.0.1:${PORTS[i % 3]}`, "accounts/login", { identifier: email, password: ADMIN[1] });
    if (r.status >= 400) throw new Error(`login ${email}: ${r.status} ${r.text}`);
    return b;
  });
  console.log(`     ${PEOPLE} logins (argon2id each, one third on each instance) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const before = await Promise.all(PORTS.map(requestsServed));
  t = Date.now();
  const answers = await Promise.all(people.map((b) => b.call(LB, "enrolment/enrol", { session_id: String(session) })));
  const burst = Date.now() - t;
  const after = await Promise.all(PORTS.map(requestsServed));
  const spread = after.map((n, i) => n - before[i]);
  console.log(`     ${PEOPLE} enrolments answered in ${(burst / 1000).toFixed(1)} s; requests served per instance: ${spread.join(" / ")}`);
  check(answers.every((a) => a.status === 200), `every attempt answered 200 (${answers.filter((a) => a.status !== 200).length} not)`);
  check(spread.every((n) => n > 0), "every instance took part");
  const enrolled = sql(`select count(*) from enrolments where session_id = ${session} and status = 'enrolled'`);
  const queued = sql(`select count(*) from enrolments where session_id = ${session} and status = 'waitlisted'`);
  check(enrolled === String(SEATS) && queued === String(PEOPLE - SEATS), `${enrolled} enrolled and ${queued} on the waitlist`);
  // Arrival order is the order the database took the attempts in; each waitlisted person was
  // told a position, and the queue must hold everyone at the place they were told, 1 to 980.
  const queue = sql(`select a.email from enrolments e join accounts a on a.id = e.account_id
      where e.session_id = ${session} and e.status = 'waitlisted' order by e.queued_at`).split("\n");
  const told = new Map(emails.map((email, i) => [email, answers[i].json?.position]));
  const misplaced = queue.filter((email, i) => told.get(email) !== i + 1).length;
  check(misplaced === 0, `the waitlist holds each person at the place they were told, in arrival order (${misplaced} misplaced)`);
  return { session, people, emails };
}

async function requestsServed(port) {
  const text = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    .then((r) => r.text())
    .catch(() => "");
  return text
    .split("\n")
    .filter((l) => l.startsWith("kursportal_http_requests_total"))
    .reduce((sum, l) => sum + Number(l.split(" ").pop()), 0);
}

async function killedWhileMailing(expected) {
  say("An instance is killed with SIGKILL while the confirmations are being sent");
  await sleep(300);
  const pending = sql("select count(*) from mail_outbox where status = 'pending'");
  instances[1].kill("SIGKILL");
  console.log(`     instance 2 killed with ${pending} mails still pending`);
  await sleep(1000);
  await startInstance(1);
  console.log("     instance 2 started again");
  const took = await outboxDrained(240e3);
  check(took !== null, `the outbox drained (${took === null ? "not within 4 min" : `${(took / 1000).toFixed(1)} s after the restart`})`);
  const mails = (await sinkMessages()).filter((m) => m.to.startsWith("skala"));
  const ids = new Set(mails.map((m) => m.id));
  const people = new Set(mails.map((m) => m.to));
  console.log(`     sink: ${mails.length} copies, ${ids.size} distinct Message-IDs, ${people.size} recipients`);
  check(ids.size === expected && people.size === expected, `each of the ${expected} confirmations arrived (none lost)`);
  check(mails.length - ids.size <= 1, `copies of the same message: ${mails.length - ids.size} (at most the one in flight at the kill, same Message-ID)`);
}

async function cancellations({ session, people, emails }) {
  say(`${CANCELLATIONS} cancellations at once: each freed seat goes to the next in the queue, told once`);
  const seated = sql(`select a.email from enrolments e join accounts a on a.id = e.account_id
      where e.session_id = ${session} and e.status = 'enrolled'`).split("\n");
  const queue = sql(`select a.email from enrolments e join accounts a on a.id = e.account_id
      where e.session_id = ${session} and e.status = 'waitlisted' order by e.queued_at`).split("\n");
  const leaving = new Set([...seated, ...queue.filter((_, i) => i % 2 === 1).slice(0, CANCELLATIONS - seated.length)]);
  const mailsBefore = (await sinkMessages()).length;
  const answers = await Promise.all(
    emails.map((email, i) => (leaving.has(email) ? people[i].call(LB, "enrolment/cancel", { session_id: String(session) }) : null)).filter(Boolean),
  );
  check(answers.every((a) => a.status === 200), `${answers.length} cancellations answered 200`);
  const expectedSeated = queue.filter((e) => !leaving.has(e)).slice(0, SEATS);
  const nowSeated = sql(`select a.email from enrolments e join accounts a on a.id = e.account_id
      where e.session_id = ${session} and e.status = 'enrolled' order by a.email`).split("\n");
  check(
    JSON.stringify([...expectedSeated].sort()) === JSON.stringify(nowSeated),
    `the ${nowSeated.length} seats went to the first ${SEATS} left in the queue`,
  );
  await outboxDrained(240e3);
  const promoted = (await sinkMessages()).slice(mailsBefore).filter((m) => /plass/i.test(decodeSubject(m.subject)));
  const told = new Map();
  for (const m of promoted) told.set(m.to, (told.get(m.to) ?? 0) + 1);
  // A person promoted and then cancelling in the same burst frees the seat again: more than 20
  // are promoted, each told once, and everyone seated now was told.
  const extra = [...told.keys()].filter((e) => !expectedSeated.includes(e));
  check(
    [...told.values()].every((n) => n === 1) &&
      expectedSeated.every((e) => told.get(e) === 1) &&
      extra.every((e) => leaving.has(e) && queue.includes(e)),
    `${promoted.length} «Du har fått plass» mails, one to each promoted person: the ${SEATS} seated now and ` +
      `${extra.length} promoted before their own cancellation`,
  );
}

async function remindersAndPushThroughAKill(course) {
  say("Expiry reminders and the transfer push: all three instances start at once, one is killed mid-run; each once");
  const courseId = sql(`select id from courses where code = '${course}'`);
  // Test set-up: 300 employees (staff codes SK001…) with kursbevis that expire in 20 days (the
  // 30-day reminder is due, and each completion is a record for the competence register).
  sql(`update accounts set staff_code = 'SK' || lpad(substring(email from 'skala([0-9]+)@')::text, 3, '0')
       where email ~ '^skala([0-9]|[1-9][0-9]|[12][0-9][0-9]|300)@'`);
  sql(`insert into completions (account_id, course_id, completed_on, result, source, valid_until, certificate_code, created_at)
       select a.id, ${courseId}, current_date - 345, 'passed', 'import', current_date + 20,
              'SKALA' || lpad(n::text, 5, '0'), now()
       from generate_series(1, 300) as n join accounts a on a.email = 'skala' || n || '@kursportal.test'`);
  const before = (await sinkMessages()).length;
  const pushedBefore = register.deliveries.length;
  for (const child of instances) child.kill("SIGKILL");
  await sleep(500);
  // Every instance runs the reminders and the push as it starts; instance 1 is killed while both go out.
  const starting = PORTS.map((_, i) => startInstance(i));
  const recorded = () =>
    Number(sql(`select count(*) from completion_reminders r join completions c on c.id = r.completion_id
      where c.certificate_code like 'SKALA%'`));
  const pushed = () => register.deliveries.filter((d) => d.code?.startsWith("SKALA")).length;
  for (let i = 0; i < 1000 && (recorded() === 0 || pushed() === 0); i++) await sleep(10);
  const [atKill, pushedAtKill] = [recorded(), pushed()];
  instances[0].kill("SIGKILL");
  console.log(`     instance 1 killed when ${atKill} of the 300 reminders were claimed and ${pushedAtKill} records pushed`);
  await Promise.allSettled(starting);
  await startInstance(0);
  const took = await outboxDrained(240e3);
  await sleep(1000);
  const reminders = (await sinkMessages())
    .slice(before)
    .filter((m) => m.to.startsWith("skala") && /Kursbeviset/.test(decodeSubject(m.subject)));
  const ids = new Set(reminders.map((m) => m.id));
  const people = new Set(reminders.map((m) => m.to));
  const claimed = sql(`select count(*) from completion_reminders r join completions c on c.id = r.completion_id
      where c.certificate_code like 'SKALA%' and r.mailed`);
  console.log(`     outbox drained ${took === null ? "never" : `${(took / 1000).toFixed(1)} s`} after the restart; ` +
    `sink: ${reminders.length} copies, ${ids.size} Message-IDs, ${people.size} people; ${claimed} reminders recorded as sent`);
  check(people.size === 300 && ids.size === 300, "each of the 300 people got their reminder (none lost)");
  check(reminders.length - ids.size <= 1, `copies of the same reminder: ${reminders.length - ids.size} (at most the one in flight at the kill)`);

  // A record the killed instance had claimed is taken by another after the one-minute claim,
  // at that instance's next minute: at most two minutes.
  const started = Date.now();
  const waiting = () => Number(sql("select count(*) from competence_events where pushed_at is null"));
  while (waiting() > 0 && Date.now() - started < 200e3) await sleep(1000);
  const left = waiting();
  const total = Number(sql("select count(*) from competence_events"));
  const batch = register.deliveries.slice(pushedBefore).filter((d) => d.code?.startsWith("SKALA"));
  const records = new Set(batch.map((d) => d.id));
  const everyRecord = new Set(register.deliveries.map((d) => d.id));
  console.log(`     register: ${batch.length} deliveries of ${records.size} records, ${left === 0 ? "all pushed" : `${left} waiting`} ` +
    `${((Date.now() - started) / 1000).toFixed(0)} s after the outbox drained; ${register.refused} bad signatures`);
  check(records.size === 300 && left === 0 && everyRecord.size === total, `the register has every one of the ${total} records (none lost)`);
  check(batch.length - records.size <= 1, `records delivered twice: ${batch.length - records.size} (at most the one in flight at the kill)`);
  check(register.refused === 0, "every push carried a valid signature");
}

function decodeSubject(subject) {
  return subject.replace(/=\?utf-8\?b\?([^?]+)\?=/gi, (_, b64) => Buffer.from(b64, "base64").toString("utf8"));
}

async function searchEverywhere(admin, course) {
  say("A course changed through one instance is found by search on every instance");
  const form = await admin.call(`http://127.0.0.1:${PORTS[0]}`, "admin/course-form", { code: course });
  const word = `skalaord${Date.now() % 100000}`;
  const fields = { original_code: course };
  for (const [k, v] of Object.entries(form.json)) if (v !== null) fields[`form[${k}]`] = v;
  fields["form[keywords]"] = `${form.json.keywords} ${word}`;
  const saved = await admin.call(`http://127.0.0.1:${PORTS[0]}`, "admin/save-course", fields);
  check(saved.status === 200, `keyword «${word}» saved through instance 1 (${saved.status})`);
  const started = Date.now();
  const found = await Promise.all(
    PORTS.map(async (port) => {
      while (Date.now() - started < 60e3) {
        const r = await new Browser().call(`http://127.0.0.1:${port}`, "catalogue/suggest", { text: word }, "GET");
        if (JSON.stringify(r.json ?? "").includes(course)) return Date.now() - started;
        await sleep(100);
      }
      return null;
    }),
  );
  // Each instance reloads its index when the catalogue's stamp moves, looking every 5 s.
  check(
    found.every((ms) => ms !== null && ms <= 6000),
    `found on every instance within the stated 5 s: ${found.map((ms) => (ms === null ? "never" : `${ms} ms`)).join(" / ")}`,
  );
}

async function imageEverywhere(admin, course) {
  say("An image uploaded through one instance is served by every instance");
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==",
    "base64",
  );
  const body = new FormData();
  body.append("image", new Blob([png], { type: "image/png" }), "skala.png");
  const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const upload = await fetch(`http://127.0.0.1:${PORTS[2]}/admin/kurs/${course}/bilder`, {
    method: "POST",
    body,
    redirect: "manual",
    headers: { cookie, origin: `http://127.0.0.1:${PORTS[2]}`, accept: "application/json" },
  });
  const id = sql("select max(id) from media");
  check(upload.status < 400 && id !== "", `uploaded through instance 3 (${upload.status}), media ${id}`);
  const served = await Promise.all(
    PORTS.map((p) => fetch(`http://127.0.0.1:${p}/media/${id}`, { headers: { cookie } }).then(async (r) => (r.ok ? (await r.arrayBuffer()).byteLength : 0))),
  );
  check(served.every((n) => n === png.length), `served by every instance (${served.join(" / ")} bytes)`);
}

function wrk(path) {
  const out = execFileSync("wrk", ["-t2", "-c32", "-d8s", "--latency", `${LB}${path}`], { encoding: "utf8" });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const p = (q) => /(\d+(?:\.\d+)?)(us|ms|s)/.exec(new RegExp(`\\s${q}%\\s+(\\S+)`).exec(out)?.[1] ?? "")?.slice(1);
  const ms = (v) => (v ? Number(v[0]) * { us: 0.001, ms: 1, s: 1000 }[v[1]] : NaN);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? "0";
  return { rps, p50: ms(p(50)), p99: ms(p(99)), errors };
}

async function loadFigures(course) {
  say("Load through HAProxy with one, two and three instances (wrk, 2 threads, 32 connections, 8 s each)");
  const rows = [];
  for (const count of [1, 2, 3]) {
    await startHaproxy(count);
    for (const [name, path] of [
      ["catalogue page /kurs", "/kurs"],
      [`course page /kurs/${course}`, `/kurs/${course}`],
      ["suggestions", "/api/catalogue/suggest?text=sikker"],
    ]) {
      const r = wrk(path);
      rows.push({ instances: count, page: name, ...r });
      console.log(`     ${count} × ${name}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, non-2xx ${r.errors}`);
    }
  }
  console.log("\n| instances | page | req/s | p50 ms | p99 ms |\n|---|---|---|---|---|");
  for (const r of rows) console.log(`| ${r.instances} | ${r.page} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`);
}

async function main() {
  if (!PG) throw new Error("SCALE_POSTGRES_URL is not set");
  await startRegister();
  start("sink", "node", ["smtp-sink.mjs"], { SMTP_SINK_PORT: String(SINK.smtp), SMTP_SINK_HTTP_PORT: String(SINK.http) });
  execFileSync(BIN, ["seed-demo", "--force"], { env: { ...process.env, ...instanceEnv(PORTS[0]) }, stdio: ["ignore", "ignore", "inherit"] });
  await Promise.all(PORTS.map((_, i) => startInstance(i)));
  await startHaproxy(3);
  console.log(`three instances on ${PORTS.join(", ")}, HAProxy on ${LB}, PostgreSQL, SMTP sink on ${SINK.smtp}`);
  const course = sql("select code from courses where (price_nok is null or price_nok = 0) and kind = 'classroom' and published order by code limit 1");
  await sessions();
  const admin = await signedInAdmin();
  const run = await enrolments(admin, course);
  await killedWhileMailing(PEOPLE);
  await cancellations(run);
  await searchEverywhere(admin, course);
  await imageEverywhere(admin, course);
  await remindersAndPushThroughAKill(course);
  if (!process.env.SCALE_SKIP_LOAD) await loadFigures(course);
}

try {
  await main();
} catch (error) {
  console.error(error);
  failed += 1;
} finally {
  for (const child of children) child.kill("SIGKILL");
  console.log(failed === 0 ? "\nscale-out test passed" : `\nscale-out test: ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
