/** `npm run -s docs:settings`: writes docs/configuration.md's settings table from provider/setting-keys.ts. */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./lib/pulumi-cli";
import { withSettingsTable } from "./lib/settings-table";

const file = path.join(REPO_ROOT, "docs", "configuration.md");
fs.writeFileSync(file, withSettingsTable(fs.readFileSync(file, "utf8")));
process.stdout.write(`wrote the settings table of ${path.relative(REPO_ROOT, file)}\n`);
