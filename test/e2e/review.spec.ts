import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Page } from "playwright-core";
import { describeErrors, validate } from "../../common/validation";
import type { OrgSeed } from "../../emulator";
import { CSV_COLUMNS, csvLine } from "../../review/render-csv";
import { renderHtml, ROWS_DRAWN } from "../../review/render-html";
import { buildReview } from "../../review/model";
import type { Review, Row } from "../../review/model";
import { mustPulumi, prepareExample, REPO_ROOT, run, tempWorkspace, Workspace } from "../../scripts/lib/pulumi-cli";
import { withChromium } from "../support/browser";
import { parseCsv } from "../support/csv";
import { anotherOrg, CLIENTS, DEMO, EmulatorHandle } from "../support/emulator";
import { hostileNames } from "../support/hostile";

/** A client of the second org whose name a spreadsheet would run as a formula. */
const FORMULA = { id: "fa000000-0000-4000-8000-000000000001", name: '=HYPERLINK("https://evil.example/x","Open")' };
/** The hostile names' clients in the second org, one each. */
const hostileId = (i: number) => `fb000000-0000-4000-8000-${String(i).padStart(12, "0")}`;

/**
 * The access review through the real engine and the emulator: two orgs behind one emulator URL,
 * three stacks applied with `pulumi up` (two projects read through `pulumi stack export`, one
 * saved state file), an app granted by hand, one that drifted, one declared but missing, then the
 * report as JSON, CSV and an HTML page that Chromium opens from file://.
 */
describe("genesys-grants review (real engine, two orgs, three stacks, Chromium)", function () {
  this.timeout(600_000);
  let emu: EmulatorHandle;
  let ws: Workspace;
  const second = anotherOrg(1, "EMEA");
  const names = hostileNames();
  let review: Review;
  let csv: string[][];
  let htmlFile: string;

  /** Org B's seed: the demo org's, plus a client per hostile name and one named as a formula, each authorized. */
  function orgB(): OrgSeed {
    const seed = second.seed;
    const extra = [...names.map((name, i) => ({ id: hostileId(i), name })), FORMULA];
    for (const c of extra) {
      seed.clients.push({ id: c.id, name: c.name, owner: "third-party", authorizedGrantType: "CODE", scope: ["users", "users:readonly"] });
      seed.authorizations.push({ clientId: c.id, scope: ["users:readonly"], state: "Authorized", createdBy: { id: "u-1", name: c.name } });
    }
    return seed;
  }

  const cliEnv = () => ({
    AMER_CLIENT_ID: DEMO.clientId,
    AMER_CLIENT_SECRET: DEMO.clientSecret,
    EMEA_CLIENT_ID: second.deployer.id,
    EMEA_CLIENT_SECRET: second.deployer.secret,
  });
  /** genesys-grants as a user runs it, in the workspace (pulumi on PATH, its backend), with the fleet's variables. */
  const grants = async (...args: string[]) => {
    const saved = { ...ws.env };
    Object.assign(ws.env, cliEnv());
    try {
      return await run(ws, ws.dir, process.execPath, [path.join(REPO_ROOT, "dist", "cli", "main.js"), ...args]);
    } finally {
      ws.env = saved;
    }
  };

  /** A project of grants.yaml `grants`, as stack `stack`, applied with `pulumi up` in the org of `client`. */
  async function applyProject(dir: string, stack: string, client: { id: string; secret: string }, grantsYaml: string) {
    const project = path.join(ws.dir, dir);
    prepareExample(path.join(REPO_ROOT, "examples", "grants-file"), project);
    fs.writeFileSync(path.join(project, "grants.yaml"), grantsYaml);
    await mustPulumi(ws, project, ["stack", "init", stack]);
    await mustPulumi(ws, project, ["config", "set", "genesyscloud:apiUrl", emu.url, "--stack", stack]);
    await mustPulumi(ws, project, ["config", "set", "genesyscloud:oauthclientId", client.id, "--stack", stack]);
    await mustPulumi(ws, project, ["config", "set", "--secret", "genesyscloud:oauthclientSecret", client.secret, "--stack", stack]);
    await mustPulumi(ws, project, ["up", "--yes", "--skip-preview", "--stack", stack]);
    return project;
  }

  before(async () => {
    emu = await EmulatorHandle.start({ orgs: [orgB()] });
    ws = tempWorkspace("grants-review-");
    const A = { id: DEMO.clientId, secret: DEMO.clientSecret };
    await applyProject(
      "amer-crm",
      "prod",
      A,
      `grants:\n  acme:\n    clientId: ${CLIENTS.acme}\n    scopes: [users:readonly]\n  northwind:\n    clientId: ${CLIENTS.northwind}\n    scopes: [users:readonly]\n`,
    );
    const legacy = await applyProject(
      "amer-legacy",
      "legacy",
      A,
      `grants:\n  contoso:\n    clientId: ${CLIENTS.contoso}\n    scopes: [quality:readonly]\n`,
    );
    fs.writeFileSync(path.join(ws.dir, "legacy.json"), await mustPulumi(ws, legacy, ["stack", "export", "--stack", "legacy"]));
    await applyProject(
      "emea-crm",
      "emea",
      second.deployer,
      `grants:\n  acme:\n    clientId: ${CLIENTS.acme}\n    scopes: [analytics:readonly]\n`,
    );

    // By hand, in the admin UI: Northwind gets a write scope (drift), Contoso is revoked (declared
    // but missing), and in the second org Initech is authorized with no code (granted by hand).
    const put = await emu.asAdmin("PUT", `/api/v2/oauth/authorizations/${CLIENTS.northwind}`, {
      scope: ["users:readonly", "workforce-management"],
    });
    assert.equal(put.status, 200, JSON.stringify(put.data));
    assert.equal((await emu.asAdmin("DELETE", `/api/v2/oauth/authorizations/${CLIENTS.contoso}`)).status, 204);
    const token = await emu.token(second.deployer.id, second.deployer.secret);
    const byHand = await fetch(`${emu.url}/api/v2/oauth/authorizations/${CLIENTS.initech}`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ scope: ["conversations", "web-chat"] }),
    });
    assert.equal(byHand.status, 200);

    fs.writeFileSync(
      path.join(ws.dir, "fleet.yaml"),
      `orgs:
  - name: amer
    apiUrl: ${emu.url}
    clientIdEnv: AMER_CLIENT_ID
    clientSecretEnv: AMER_CLIENT_SECRET
    stacks:
      - dir: ./amer-crm
        stack: prod
      - state: ./legacy.json
  - name: emea
    apiUrl: ${emu.url}
    clientIdEnv: EMEA_CLIENT_ID
    clientSecretEnv: EMEA_CLIENT_SECRET
    stacks:
      - dir: ./emea-crm
        stack: emea
`,
    );
  });

  after(async () => {
    ws?.remove();
    await emu?.close();
  });

  const rowOf = (org: string, clientId: string): Row => {
    const r = review.rows.find((x) => x.org === org && x.clientId === clientId);
    assert.ok(r, `a row for ${clientId} in ${org}`);
    return r;
  };

  it("reports every app of both orgs with its provenance, counts checked, and exits 1 for the findings", async () => {
    const out = path.join(ws.dir, "review.json");
    const r = await grants("review", "--fleet", path.join(ws.dir, "fleet.yaml"), "--out", out);
    assert.equal(r.status, 1, r.stderr);
    const text = fs.readFileSync(out, "utf8");
    review = JSON.parse(text);
    assert.deepEqual(describeErrors(validate("review.schema.json", review)), []);
    assert.equal(
      fs.readFileSync(out + ".sha256", "utf8"),
      `${createHash("sha256").update(text).digest("hex")}  review.json\n`,
      "the sidecar holds the report's SHA-256",
    );
    assert.match(r.stderr, /review of 2 org\(s\) and 3 stack\(s\)/);

    // Provenance: when, by whom, with what, over what.
    assert.ok(Math.abs(Date.parse(review.generatedAt) - Date.now()) < 600_000);
    assert.equal(review.tool.version, JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version);
    const [amer, emea] = review.coverage.orgs;
    assert.deepEqual(
      [amer, emea].map((o) => [o.name, o.status, o.readBy, o.orgName, o.countsMatch]),
      [
        ["amer", "read", DEMO.clientId, (await emu.state()).organization.name, true],
        ["emea", "read", second.deployer.id, "EMEA", true],
      ],
    );
    // The counts, checked against the org's own.
    const stateB = await emu.control<OrgSeed>("GET", `state?org=${second.seed.organization.id}`);
    assert.equal(emea.appsListed, stateB.authorizations.length);
    assert.equal(amer.appsListed, (await emu.state()).authorizations.length);
    assert.deepEqual(
      review.coverage.stacks.map((s) => [s.org, s.stack, s.status, s.grants]),
      [
        ["amer", "./amer-crm (prod)", "read", 2],
        ["amer", "./legacy.json", "read", 1],
        ["emea", "./emea-crm (emea)", "read", 1],
      ],
    );

    // Managed as declared; drifted; declared but missing; granted by hand.
    const acme = rowOf("amer", CLIENTS.acme);
    assert.equal(acme.managedBy.length, 1);
    assert.match(acme.managedBy[0].urn, /::acme$/);
    assert.equal(acme.risk, "low");
    const northwind = rowOf("amer", CLIENTS.northwind);
    assert.deepEqual(northwind.drift?.scopesAdded, ["workforce-management"]);
    assert.equal(northwind.risk, "high");
    assert.equal(northwind.modifiedBy, "Org admin console");
    const contoso = rowOf("amer", CLIENTS.contoso);
    assert.equal(contoso.state, "Revoked");
    assert.equal(contoso.drift?.missing, true);
    assert.equal(contoso.managedBy[0].stack, "./legacy.json");
    const initech = rowOf("emea", CLIENTS.initech);
    assert.deepEqual(initech.managedBy, []);
    assert.deepEqual(
      initech.scopes.map((s) => [s.scope, s.write]),
      [
        ["conversations", true],
        ["web-chat", true],
      ],
    );
    assert.equal(initech.risk, "high");
    assert.equal(initech.authorizedBy, "CI deployer");
    // The same client in two orgs is two rows, each with its own code.
    assert.match(rowOf("emea", CLIENTS.acme).managedBy[0].stack, /emea-crm/);
    assert.deepEqual(
      rowOf("emea", CLIENTS.acme).scopes.map((s) => s.scope),
      ["analytics:readonly"],
    );
    assert.deepEqual(
      review.summary.map((s) => [s.org, s.notInCode > 0, s.drifted]),
      [
        ["amer", true, 2],
        ["emea", true, 0],
      ],
    );
  });

  it("writes the CSV with every formula inert and a record per row", async () => {
    const r = await grants("review", "--fleet", path.join(ws.dir, "fleet.yaml"), "--format", "csv");
    assert.equal(r.status, 1, r.stderr);
    csv = parseCsv(r.stdout);
    assert.deepEqual(csv[0], [...CSV_COLUMNS]);
    assert.equal(csv.length - 1, review.rows.length);
    const name = csv[0].indexOf("client_name");
    assert.ok(
      csv.some((rec) => rec[name] === "'" + FORMULA.name),
      "the formula name is prefixed with '",
    );
    for (const rec of csv.slice(1)) for (const cell of rec) assert.doesNotMatch(cell, /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/);
  });

  it("marks a second review against the first; an org that cannot be read fails the run and is reported", async () => {
    assert.equal(
      (await emu.asAdmin("PUT", `/api/v2/oauth/authorizations/${CLIENTS.umbrella}`, { scope: ["recordings:readonly"] })).status,
      200,
    );
    const out = path.join(ws.dir, "second.json");
    const r = await grants("review", "--fleet", path.join(ws.dir, "fleet.yaml"), "--since", path.join(ws.dir, "review.json"), "--out", out);
    assert.equal(r.status, 1, r.stderr);
    const again: Review = JSON.parse(fs.readFileSync(out, "utf8"));
    assert.equal(again.since?.previousGeneratedAt, review.generatedAt);
    assert.deepEqual(
      again.rows.filter((x) => x.change === "added").map((x) => [x.org, x.clientId]),
      [["amer", CLIENTS.umbrella]],
    );
    assert.equal(again.since?.added, 1);
    assert.equal(again.since?.changed, 0);

    const fleet = fs.readFileSync(path.join(ws.dir, "fleet.yaml"), "utf8");
    fs.writeFileSync(
      path.join(ws.dir, "fleet-3.yaml"),
      fleet + `  - name: apac\n    region: ap-southeast-2\n    clientIdEnv: APAC_CLIENT_ID\n    clientSecretEnv: APAC_CLIENT_SECRET\n`,
    );
    const failed = await grants("review", "--fleet", path.join(ws.dir, "fleet-3.yaml"), "--out", path.join(ws.dir, "third.json"));
    assert.equal(failed.status, 3, failed.stderr);
    assert.match(failed.stderr, /org apac: APAC_CLIENT_ID and APAC_CLIENT_SECRET are not set/);
    const third: Review = JSON.parse(fs.readFileSync(path.join(ws.dir, "third.json"), "utf8"));
    assert.deepEqual(
      third.coverage.orgs.map((o) => [o.name, o.status]),
      [
        ["amer", "read"],
        ["emea", "read"],
        ["apac", "failed"],
      ],
    );
    assert.equal(third.rows.length, again.rows.length, "the orgs read are all there");
  });

  describe("the HTML page, in Chromium from file://", () => {
    before(async () => {
      htmlFile = path.join(ws.dir, "review.html");
      const r = await grants("review", "--fleet", path.join(ws.dir, "fleet.yaml"), "--out", htmlFile);
      assert.equal(r.status, 1, r.stderr);
      // The CSV of the same orgs, as they are now, to check the page against.
      const c = await grants("review", "--fleet", path.join(ws.dir, "fleet.yaml"), "--format", "csv");
      csv = parseCsv(c.stdout);
    });

    /** Opens the page, recording every request, dialog, page error and CSP violation. */
    async function open(page: Page) {
      const seen = { requests: [] as string[], dialogs: [] as string[], errors: [] as string[] };
      page.on("request", (q) => seen.requests.push(q.url()));
      page.on("dialog", (d) => {
        seen.dialogs.push(d.message());
        void d.dismiss();
      });
      page.on("pageerror", (e) => seen.errors.push(e.message));
      page.on("console", (m) => {
        if (m.type() === "error") seen.errors.push(m.text());
      });
      await page.goto("file://" + htmlFile);
      await page.waitForSelector("body[data-ready=true]");
      return seen;
    }

    const shownRecords = (page: Page) =>
      page.$$eval("#rows tbody tr:not([hidden])", (trs) =>
        trs.map((tr) => `${tr.querySelectorAll("td")[0].textContent} ${tr.querySelectorAll("td")[2].textContent}`),
      );

    it("shows every row; search and each filter show the rows the report says; the export is those rows' CSV", async () => {
      await withChromium(async (browser) => {
        const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1800, height: 1000 } });
        const page = await context.newPage();
        const seen = await open(page);
        const data = csv.slice(1);
        const col = (n: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(n);
        /** Rows by org and client ID, as shownRecords names them. */
        const ids = (pred: (rec: string[]) => boolean) =>
          data
            .filter(pred)
            .map((rec) => `${rec[col("org")]} ${rec[col("client_id")]}`)
            .sort();
        assert.equal(await page.textContent("#shown"), `${data.length} of ${data.length} rows shown`);

        await page.fill("#search", "northwind");
        assert.deepEqual((await shownRecords(page)).sort(), [`amer ${CLIENTS.northwind}`]);
        await page.fill("#search", "");

        await page.selectOption("#filter-org", "emea");
        assert.deepEqual(
          (await shownRecords(page)).sort(),
          ids((rec) => rec[col("org")] === "emea"),
        );
        await page.check("#filter-write");
        const emeaWrites = ids((rec) => rec[col("org")] === "emea" && rec[col("write_scopes")] !== "");
        assert.deepEqual((await shownRecords(page)).sort(), emeaWrites);
        assert.ok(emeaWrites.includes(`emea ${CLIENTS.initech}`));
        await page.uncheck("#filter-write");
        await page.selectOption("#filter-org", "");

        await page.check("#filter-drift");
        assert.deepEqual((await shownRecords(page)).sort(), [`amer ${CLIENTS.contoso}`, `amer ${CLIENTS.northwind}`].sort());
        await page.uncheck("#filter-drift");

        await page.check("#filter-not-in-code");
        const notInCode = ids((rec) => rec[col("not_in_code")] === "yes");
        assert.deepEqual((await shownRecords(page)).sort(), notInCode);
        assert.ok(notInCode.includes(`emea ${CLIENTS.initech}`) && !notInCode.includes(`amer ${CLIENTS.acme}`));

        // The export writes the rows shown, in the order shown, as the CLI's CSV writes them.
        const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
        const exported = fs.readFileSync((await download.path())!, "utf8");
        const pageGeneratedAt = (await page.textContent("#provenance"))!.match(/Generated (\S+)/)![1];
        const order = await shownRecords(page);
        const expected = [
          csvLine(CSV_COLUMNS),
          ...order.map((id) => {
            const rec = [...data.find((x) => `${x[col("org")]} ${x[col("client_id")]}` === id)!];
            rec[col("generated_at")] = pageGeneratedAt;
            return csvLine(rec.map((c) => (c.startsWith("'") && /^'[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(c) ? c.slice(1) : c)));
          }),
        ];
        assert.equal(exported, expected.join("\r\n") + "\r\n");

        // Sorting by risk puts the high ones first.
        await page.uncheck("#filter-not-in-code");
        await page.click("#rows th:nth-child(14)");
        const risks = await page.$$eval("#rows tbody tr", (trs) => trs.map((tr) => tr.querySelectorAll("td")[13].textContent));
        assert.deepEqual(
          risks,
          [...risks].sort((a, b) => ["high", "medium", "low"].indexOf(a!) - ["high", "medium", "low"].indexOf(b!)),
        );

        assert.deepEqual(seen.requests, ["file://" + htmlFile], "no request but the page itself");
        assert.deepEqual(seen.dialogs, []);
        assert.deepEqual(seen.errors, []);

        await page.selectOption("#filter-org", "amer");
        await page.evaluate("window.scrollTo(0, 0)");
        const shot = await page.screenshot({ fullPage: false });
        assert.deepEqual([...shot.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "a PNG");
        // The screenshot of docs/reviewing.md is this one: GRANTS_UPDATE_SCREENSHOT=1 writes it there.
        if (process.env.GRANTS_UPDATE_SCREENSHOT === "1") fs.writeFileSync(path.join(REPO_ROOT, "docs", "img", "access-review.png"), shot);
        await context.close();
      });
    });

    it("draws the first rows of a large review at once and the rest on request; the export writes every matching row", async () => {
      const n = ROWS_DRAWN * 2 + 37;
      const authorizations = Array.from({ length: n }, (_, i) => ({
        client: { id: `5e1ec7ed-0000-4000-8000-${String(i).padStart(12, "0")}`, name: `Synthetic app ${String(i).padStart(4, "0")}` },
        scope: i % 3 === 0 ? ["users"] : ["users:readonly"],
        state: "Authorized" as const,
      }));
      const big = buildReview({
        generatedAt: new Date().toISOString(),
        tool: { name: "genesys-grants", version: "0", commit: null },
        orgs: [{ name: "big", endpoint: emu.url, org: { id: "o", name: "Big" }, authorizations, reportedTotal: n, roles: [] }],
        stacks: [],
      });
      const file = path.join(ws.dir, "big.html");
      fs.writeFileSync(file, renderHtml(big));
      await withChromium(async (browser) => {
        const context = await browser.newContext({ acceptDownloads: true });
        const page = await context.newPage();
        await page.goto("file://" + file);
        await page.waitForSelector("body[data-ready=true]");
        const drawn = () => page.$$eval("#rows tbody tr", (trs) => trs.length);
        assert.equal(await drawn(), ROWS_DRAWN);
        assert.equal(await page.textContent("#shown"), `${n} of ${n} rows match; the first ${ROWS_DRAWN} are drawn`);
        const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
        const exported = parseCsv(fs.readFileSync((await download.path())!, "utf8"));
        assert.equal(exported.length, n + 1, "every matching row, drawn or not");
        await page.click("#draw-all");
        assert.equal(await drawn(), n);
        assert.equal(await page.isHidden("#draw-all"), true);
        await page.check("#filter-write");
        const writes = authorizations.filter((a) => a.scope[0] === "users").length;
        assert.equal(await drawn(), writes);
        assert.equal(await page.textContent("#shown"), `${writes} of ${n} rows shown`);
        await context.close();
      });
    });

    it("keeps every hostile name as text: no script runs, nothing loads, each name shows as written", async () => {
      await withChromium(async (browser) => {
        const page = await browser.newPage();
        const seen = await open(page);
        // In the page (as source text: this file is compiled without the DOM's types).
        const violations = (await page.evaluate(`new Promise((resolve) => {
          let n = 0;
          document.addEventListener("securitypolicyviolation", () => n++);
          requestAnimationFrame(() => requestAnimationFrame(() => resolve(n)));
        })`)) as number;
        const dom = (await page.evaluate(`({
          scripts: document.scripts.length,
          images: document.images.length,
          frames: document.querySelectorAll("iframe, object, embed, link, base, style").length,
          pwned: "pwned" in window,
          cells: [...document.querySelectorAll("#rows td")].map((td) => td.textContent ?? ""),
        })`)) as { scripts: number; images: number; frames: number; pwned: boolean; cells: string[] };
        assert.deepEqual([dom.scripts, dom.images, dom.frames, dom.pwned, violations], [2, 0, 1, false, 0]);
        for (const n of names.filter(
          (x) => !/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/.test(x),
        )) {
          assert.ok(dom.cells.includes(n), `shown as written: ${JSON.stringify(n)}`);
        }
        assert.deepEqual(seen.requests, ["file://" + htmlFile]);
        assert.deepEqual(seen.dialogs, []);
        assert.deepEqual(seen.errors, []);
      });
    });
  });
});
