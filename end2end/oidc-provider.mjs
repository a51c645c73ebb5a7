// A real OpenID Connect provider on loopback for the browser tests (the `oidc-provider`
// package): the «employer's identity provider». Its login form takes any user name and
// password; the user name becomes the `staff_code` claim, with a name and an e-mail made from it.
//
// A user name starting with `forge-` turns the provider into an attacker for that sign-in: the
// ID token it hands the portal claims to be employee `ans01` and is forged as the rest of the
// name says (see `forgeries`). The portal must refuse every one of them.
import { createHmac, generateKeyPairSync, sign } from "node:crypto";
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT ?? 4455);
const portal = process.env.PORTAL_URL ?? "http://127.0.0.1:3100";
const issuer = `http://127.0.0.1:${port}`;

// The provider's signing key, made here so that forged tokens can be signed with it too.
const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const kid = "e2e-signing-key";
const signingKey = { ...privateKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };

const b64 = (value) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
const rs256 = (header, claims) => {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${sign("sha256", Buffer.from(input), privateKey).toString("base64url")}`;
};

/** How each `forge-…` user's ID token is forged, from the real token's header and claims. */
const forgeries = {
  // The claims changed after signing: the signature no longer matches.
  signature: (header, claims, token) => `${b64(header)}.${b64(claims)}.${token.split(".")[2]}`,
  audience: (header, claims) => rs256(header, { ...claims, aud: "another-client" }),
  nonce: (header, claims) => rs256(header, { ...claims, nonce: "not-the-nonce-the-portal-sent" }),
  expired: (header, claims) => {
    const now = Math.floor(Date.now() / 1000);
    return rs256(header, { ...claims, iat: now - 7200, exp: now - 3600 });
  },
  none: (_header, claims) => `${b64({ alg: "none" })}.${b64(claims)}.`,
  // HS256 keyed with the provider's public key: a verifier that takes `alg` from the token falls for it.
  hs256: (_header, claims) => {
    const input = `${b64({ alg: "HS256", kid })}.${b64(claims)}`;
    const secret = publicKey.export({ format: "pem", type: "spki" });
    return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
  },
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "kursportal",
      client_secret: "kursportal-test-secret",
      redirect_uris: (process.env.PORTAL_URLS ?? portal).split(",").map((u) => `${u}/logg-inn/jobb/svar`),
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  jwks: { keys: [signingKey] },
  pkce: { required: () => true },
  scopes: ["openid", "staff"],
  claims: { openid: ["sub"], staff: ["staff_code", "name", "email"] },
  conformIdTokenClaims: false,
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, staff_code: id, name: `Ansatt ${id}`, email: `${id.toLowerCase()}@helse-midt.example` };
      },
    };
  },
  cookies: { keys: ["kursportal-test-cookie-key"] },
});

provider.use(async (ctx, next) => {
  await next();
  const token = ctx.path === "/token" && ctx.body?.id_token;
  if (!token) return;
  const [header, claims] = token.split(".").slice(0, 2).map((part) => JSON.parse(Buffer.from(part, "base64url")));
  const forge = forgeries[String(claims.sub).replace(/^forge-/, "")];
  if (String(claims.sub).startsWith("forge-") && forge) {
    ctx.body = { ...ctx.body, id_token: forge(header, { ...claims, sub: "ans01", staff_code: "ans01" }, token) };
  }
});

provider.proxy = false;
// The provider's own pages are plain HTTP on loopback.
provider.listen(port, "127.0.0.1", () => console.log(`OpenID provider at ${issuer}`));
