import * as assert from "node:assert/strict";
import { ESLint } from "eslint";
import { REPO_ROOT } from "../../scripts/lib/pulumi-cli";

/**
 * The layers are ESLint's import rules (eslint.config.mjs; `npm run lint` runs them on the whole
 * tree). These cases prove each rule fires where it must and stays quiet where it must not, by
 * linting one import as if it sat in a file of each layer.
 */
const CASES: [file: string, importing: string, allowed: boolean][] = [
  ["genesys/x.ts", "@pulumi/pulumi", false],
  ["genesys/x.ts", "../provider/authorized-client/types", false],
  ["genesys/x.ts", "../provider/settings", false],
  ["genesys/x.ts", "../review/model", false],
  ["genesys/x.ts", "../common/text", true],
  ["genesys/x.ts", "./errors", true],
  ["common/x.ts", "../genesys", false],
  ["common/x.ts", "@pulumi/pulumi", false],
  ["common/x.ts", "./text", true],
  ["emulator/x.ts", "../genesys", false],
  ["emulator/x.ts", "../cli/main", false],
  ["emulator/x.ts", "../common/validation", true],
  ["cli/x.ts", "../provider/authorized-client/types", false],
  ["cli/x.ts", "../provider/authorized-client/client-id", false],
  ["cli/x.ts", "../provider/runtime", false],
  ["cli/x.ts", "@pulumi/pulumi", false],
  ["cli/x.ts", "../provider/state", true],
  ["cli/x.ts", "../provider/settings", true],
  ["cli/x.ts", "../genesys", true],
  ["cli/x.ts", "../review/model", true],
  ["policy/x.ts", "../provider/authorized-client/stored-set", false],
  ["policy/x.ts", "../genesys", false],
  ["review/x.ts", "../genesys", true],
  ["review/x.ts", "../common/text", true],
  ["review/x.ts", "../provider/state", true],
  ["review/x.ts", "../provider/runtime", false],
  ["review/x.ts", "../provider/settings", false],
  ["review/x.ts", "../cli/org", false],
  ["review/x.ts", "@pulumi/pulumi", false],
  ["policy/x.ts", "../provider/state", true],
  ["policy/x.ts", "@pulumi/policy", true],
];

describe("layers, as the linter states them", function () {
  this.timeout(60_000);
  const eslint = new ESLint({ cwd: REPO_ROOT });

  for (const [file, importing, allowed] of CASES) {
    it(`${file} ${allowed ? "may" : "may not"} import ${importing}`, async () => {
      const [result] = await eslint.lintText(`import * as m from "${importing}";\nexport const used = m;\n`, {
        filePath: `${REPO_ROOT}/${file}`,
      });
      const restricted = result.messages.filter((m) => m.ruleId === "no-restricted-imports");
      assert.equal(restricted.length, allowed ? 0 : 1, JSON.stringify(result.messages));
    });
  }
});
