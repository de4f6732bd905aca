import * as assert from "node:assert/strict";
import * as path from "node:path";
import { orgEnvironment } from "../../../review/collect";
import { FleetError, parseFleet } from "../../../review/fleet";

const FILE = "/work/fleets/fleet.yaml";

describe("the review's fleet file", () => {
  it("reads the keys scripts are written against, and resolves paths against the file's folder", () => {
    const fleet = parseFleet(
      `orgs:
  - name: emea
    region: eu-west-1
    clientIdEnv: EMEA_CLIENT_ID
    clientSecretEnv: EMEA_CLIENT_SECRET
    stacks:
      - dir: ./grants-emea
        stack: prod
      - state: ../legacy.json
  - name: amer
    apiUrl: https://api.example
    clientIdEnv: AMER_ID
    clientSecretEnv: AMER_SECRET
`,
      FILE,
    );
    assert.deepEqual(fleet.orgs[0].stacks, [
      { dir: path.resolve("/work/fleets/grants-emea"), stack: "prod", label: "./grants-emea (prod)" },
      { state: path.resolve("/work/legacy.json"), label: "../legacy.json" },
    ]);
    assert.deepEqual(fleet.orgs[1].stacks, []);
  });

  const refused: [string, string, RegExp][] = [
    [
      "a misspelt key, with the one meant",
      "orgs:\n  - name: a\n    region: x\n    clientIdEnv: A\n    clientSecretEnv: B\n    clientIdEnvv: C\n",
      /orgs\[0\]\.clientIdEnvv: is not a known key — did you mean "clientIdEnv"\?/,
    ],
    [
      "a secret where a variable's name goes",
      "orgs:\n  - name: a\n    region: x\n    clientIdEnv: A\n    clientSecretEnv: 'hunter2!'\n",
      /orgs\[0\]\.clientSecretEnv: must be the name of an environment variable/,
    ],
    [
      "region and apiUrl both",
      "orgs:\n  - name: a\n    region: x\n    apiUrl: https://x\n    clientIdEnv: A\n    clientSecretEnv: B\n",
      /orgs\[0\]: give region or apiUrl, not both/,
    ],
    ["neither region nor apiUrl", "orgs:\n  - name: a\n    clientIdEnv: A\n    clientSecretEnv: B\n", /orgs\[0\]: give the org's region/],
    [
      "two orgs of one name",
      "orgs:\n  - {name: a, region: x, clientIdEnv: A, clientSecretEnv: B}\n  - {name: A, region: y, clientIdEnv: C, clientSecretEnv: D}\n",
      /orgs\[1\]\.name: "A" names two orgs/,
    ],
    [
      "a stack with a dir and no stack name",
      "orgs:\n  - name: a\n    region: x\n    clientIdEnv: A\n    clientSecretEnv: B\n    stacks:\n      - dir: ./p\n",
      /orgs\[0\]\.stacks\[0\]: has dir only; give a project directory and a stack \(dir, stack\)/,
    ],
    [
      "a stack with a state and a dir",
      "orgs:\n  - name: a\n    region: x\n    clientIdEnv: A\n    clientSecretEnv: B\n    stacks:\n      - {dir: ./p, stack: s, state: ./s.json}\n",
      /orgs\[0\]\.stacks\[0\]: give a state file \(state\), or a project directory and a stack \(dir, stack\), not both/,
    ],
    ["no org", "orgs: []\n", /orgs: must have at least 1 item/],
    ["not YAML", "orgs: [\n", /is not valid YAML/],
  ];
  for (const [what, text, message] of refused) {
    it(`refuses ${what}, naming the key and the reason`, () => {
      assert.throws(
        () => parseFleet(text, FILE),
        (e: Error) => e instanceof FleetError && message.test(e.message) && e.message.includes(FILE),
      );
    });
  }

  it("reads an org with the fleet's variables only, and names the ones unset", () => {
    const org = { name: "emea", region: "eu-west-1", clientIdEnv: "EMEA_ID", clientSecretEnv: "EMEA_SECRET", stacks: [] };
    const env = orgEnvironment(
      org,
      {
        EMEA_ID: "id",
        EMEA_SECRET: "s",
        GENESYSCLOUD_ACCESS_TOKEN: "other",
        GENESYSCLOUD_API_URL: "http://other",
        HTTPS_PROXY: "http://proxy",
      },
      FILE,
    );
    assert.deepEqual(
      [
        env.GENESYSCLOUD_OAUTHCLIENT_ID,
        env.GENESYSCLOUD_OAUTHCLIENT_SECRET,
        env.GENESYSCLOUD_REGION,
        env.GENESYSCLOUD_ACCESS_TOKEN,
        env.GENESYSCLOUD_API_URL,
        env.HTTPS_PROXY,
      ],
      ["id", "s", "eu-west-1", undefined, undefined, "http://proxy"],
    );
    assert.throws(
      () => orgEnvironment(org, { EMEA_ID: "id" }, FILE),
      /^Error: EMEA_SECRET is not set: org "emea" of \/work\/fleets\/fleet.yaml reads its credentials from EMEA_ID and EMEA_SECRET/,
    );
  });
});
