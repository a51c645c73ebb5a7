// A real OpenID Connect provider on loopback for the browser tests (the `oidc-provider`
// package): the «employer's identity provider». Its login form takes any user name and
// password; the user name becomes the `staff_code` claim.
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT ?? 4455);
const portal = process.env.PORTAL_URL ?? "http://127.0.0.1:3100";
const issuer = `http://127.0.0.1:${port}`;

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
  pkce: { required: () => true },
  scopes: ["openid", "staff"],
  claims: { openid: ["sub"], staff: ["staff_code", "name"] },
  conformIdTokenClaims: false,
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, staff_code: id, name: `Ansatt ${id}` };
      },
    };
  },
  cookies: { keys: ["kursportal-test-cookie-key"] },
});
provider.proxy = false;
// The provider's own pages are plain HTTP on loopback.
provider.listen(port, "127.0.0.1", () => console.log(`OpenID provider at ${issuer}`));
