import { withSettingsTable } from "../../scripts/lib/settings-table";
import { SETTING_KEYS } from "../../provider/setting-keys";
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_SEED_PATH, loadSeedFile } from "../../emulator";
import { REPO_ROOT } from "../../scripts/lib/pulumi-cli";

/** The Markdown files of the repository (tracked or new, never ignored ones). */
function markdownFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.md"], { cwd: REPO_ROOT, encoding: "utf8" });
  return out.split("\n").filter((f) => f && fs.existsSync(path.join(REPO_ROOT, f)));
}

/** Text outside fenced code blocks. */
function prose(text: string): string {
  return text.replace(/^```[^]*?^```/gm, "");
}

/** GitHub's anchor for a heading. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchors(file: string): Set<string> {
  const headings = prose(fs.readFileSync(file, "utf8")).match(/^#{1,6} .+$/gm) ?? [];
  return new Set(headings.map((h) => slug(h.replace(/^#+ /, ""))));
}

describe("the docs stay true", () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");

  it("npm shows its own output: no npm config in the repository quiets it", () => {
    const npmrc = path.join(REPO_ROOT, ".npmrc");
    const text = fs.existsSync(npmrc) ? fs.readFileSync(npmrc, "utf8") : "";
    assert.doesNotMatch(text, /^\s*(loglevel\s*=\s*(silent|error)|silent\s*=\s*true)/m);
  });

  it("the Quick start's project has no entry point that does not exist: npm init's main is removed", () => {
    const quick = readme.slice(readme.indexOf("\n## Quick start\n"), readme.indexOf("\n## ", readme.indexOf("\n## Quick start\n") + 1));
    const init = quick.indexOf("npm init -y");
    assert.ok(init >= 0, "the Quick start makes a project with npm init -y");
    assert.match(quick.slice(init, quick.indexOf("\n", init)), /npm pkg delete main/);
  });

  it("docs/configuration.md's settings table is the one generated from the settings' definition, defaults read from the code (npm run -s docs:settings)", () => {
    const doc = fs.readFileSync(path.join(REPO_ROOT, "docs", "configuration.md"), "utf8");
    assert.equal(doc, withSettingsTable(doc), "the table drifted: run npm run -s docs:settings");
    // Every setting has its row, and the CLI's shorter retry budget is said.
    for (const key of SETTING_KEYS) assert.ok(doc.includes(`| \`genesyscloud:${key}\``), key);
    assert.match(doc, /default 120000 for the provider, 30000 for genesys-grants/);
  });

  it("the README is a front door: at most about 200 lines, its first TypeScript block within the first 80", () => {
    const lines = readme.split("\n");
    assert.ok(lines.length <= 200, `${lines.length} lines`);
    const firstTs = lines.findIndex((l) => l.startsWith("```ts"));
    assert.ok(firstTs >= 0 && firstTs < 80, `first TypeScript block at line ${firstTs + 1}`);
    for (const page of ["configuration", "reviewing", "real-org", "troubleshooting", "operations", "compatibility"]) {
      assert.ok(readme.includes(`](docs/${page}.md)`), `the README links docs/${page}.md`);
    }
    assert.match(readme, /^## Quick start$/m);
    assert.ok(readme.includes("npm ci && npm run demo") && readme.includes("npm ci && npm test"));
  });

  it("every relative link of every Markdown file resolves, to a file and to a heading in it", () => {
    const broken: string[] = [];
    for (const file of markdownFiles()) {
      const abs = path.join(REPO_ROOT, file);
      for (const [, target] of prose(fs.readFileSync(abs, "utf8")).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target)) continue;
        const [rel, anchor] = target.split("#");
        const dest = rel === "" ? abs : path.resolve(path.dirname(abs), rel);
        if (!fs.existsSync(dest)) {
          broken.push(`${file}: ${target} (no such file)`);
          continue;
        }
        if (anchor && dest.endsWith(".md") && !anchors(dest).has(anchor)) broken.push(`${file}: ${target} (no such heading)`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it("no Markdown file holds a path of the machine it was written on", () => {
    const machine = /(?:^|[\s(`'"])(\/work\/|\/root\/|\/home\/[a-z]|\/Users\/[A-Za-z]|[A-Z]:\\Users\\)/m;
    const found = markdownFiles().filter((f) => machine.test(fs.readFileSync(path.join(REPO_ROOT, f), "utf8")));
    assert.deepEqual(found, []);
  });

  it("the emulator README lists every client of the demo org with the scopes it requests", () => {
    const doc = fs.readFileSync(path.join(REPO_ROOT, "emulator", "README.md"), "utf8");
    const seed = loadSeedFile(DEFAULT_SEED_PATH);
    for (const c of seed.clients.filter((x) => x.owner !== "org")) {
      const row = doc.split("\n").find((l) => l.includes(`\`${c.id}\``) && l.startsWith(`| ${c.name} |`));
      assert.ok(row, `no row for ${c.name}`);
      const requests = row.split("|")[4];
      assert.deepEqual(
        [...requests.matchAll(/`([^`]+)`/g)].map((m) => m[1]),
        c.scope,
        c.name,
      );
    }
  });
});
